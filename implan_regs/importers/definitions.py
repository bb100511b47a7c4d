"""Glossary articles: one item per defined term.

Owns the two judgements about definitions articles ("Para los efectos de este Reglamento se
entenderá por: …" followed by entries written ``Término.- texto``, ``Término: texto`` or
``I. Término: texto``):

* :func:`opens_entry` tells the recognizer that a line starts a new entry, so that entries
  the PDF printed one after another are not run together into one párrafo;
* :func:`mark_definitions` sets :attr:`Provision.term` on every entry once the tree is built
  (AKN ``<def>``), so that each definition can be cited, searched and amended alone.

>>> from implan_regs.model.tree import Provision
>>> art = Provision("article", key="7", children=[
...     Provision("paragraph", text="Para los efectos de este reglamento se entenderá por:"),
...     Provision("paragraph", text="Alto.- Es la suspensión de movimiento."),
...     Provision("point", num="I.", level="fraccion", text="Vía pública: todo espacio de uso común.")])
>>> mark_definitions([art]); [c.term for c in art.children]
[None, 'Alto', 'Vía pública']
"""

from __future__ import annotations

import re

from ..model.tree import Provision

# The chapeau of a glossary: "... se entenderá por:", "... se entiende por:", "se considera:".
_INTRO = re.compile(r"\b(?:se\s+entender[áa]n?|se\s+entiende[n]?|se\s+considerar[áa]n?|se\s+consideran?|"
                    r"se\s+define[n]?|significa[n]?|definiciones)\b[^:]{0,80}:\s*$", re.IGNORECASE)
# Longer than any chapeau _INTRO can match (a keyword, at most 80 characters, the colon).
_INTRO_TAIL = 300
# An entry: a capitalised term of at most eight words, then ".-", ":" or a dash, then its text
# (or a comma before "aquel/aquella…": "Vía ciclista, aquella destinada a…").
_ENTRY = re.compile(r"(?P<term>[A-ZÁÉÍÓÚÑ\"“«][^\s.:;,()]*(?:\s+[^\s.:;,()]+){0,7}?)[\"”»]?"
                    r"\s*(?:\.\s?[-–—]+|:\s?[-–—]*|\s[-–—]+|,(?=\s+aquel(?:la)?s?\s))\s*(?=[^\s\d])")


def is_glossary_intro(text: str | None) -> bool:
    # The chapeau ends the text: search only its tail, or a growing párrafo costs O(n²).
    return bool(text and text.rstrip().endswith(":") and _INTRO.search(text[-_INTRO_TAIL:]))


# A numbered entry (I., II. …) of a glossary may also end its term with a comma:
# "VI. Ayuntamiento, el Republicano Ayuntamiento…", "XVII. Construcción, acción o efecto de…".
# A period ends it too when what follows cannot start a sentence ("XXX. Estudio de Impacto Urbano.
# el estudio…") or the term is an acronym ("XIX. CUS. Coeficiente de Utilización del Suelo…").
_NUMBERED_ENTRY = re.compile(r"(?P<term>[A-ZÁÉÍÓÚÑ][^\s.:;,()]*(?:\s+[^\s.:;,()]+){0,7}?),\s+(?=\w)"
                             r"|(?P<lower>[A-ZÁÉÍÓÚÑ][^\s.:;,()]*(?:\s+[^\s.:;,()]+){0,7}?)\.\s+(?=[a-záéíóúñ])"
                             r"|(?P<acronym>[A-ZÁÉÍÓÚÑ]{2,6})\.\s+(?=[A-ZÁÉÍÓÚÑ])")


def entry_term(text: str | None, *, numbered: bool = False) -> str | None:
    """The term an entry's text opens with ('Alto.- Es la…' -> 'Alto'), or None."""
    m = _ENTRY.match(text or "")
    if m:
        return m.group("term")
    m = _NUMBERED_ENTRY.match(text or "") if numbered else None
    return (m.group("term") or m.group("lower") or m.group("acronym")) if m else None


def opens_entry(text: str, prev: str) -> bool:
    """Inside a glossary: does ``text`` (after ``prev``) begin a new entry?"""
    return prev.rstrip().endswith((".", ";", ":")) and entry_term(text) is not None


def is_glossary(article: Provision) -> bool:
    """An article whose own text, or first párrafo, is a glossary's chapeau."""
    if is_glossary_intro(article.text):
        return True
    first = next((c for c in article.children if c.kind == "paragraph" and c.text), None)
    return first is not None and is_glossary_intro(first.text)


def mark_definitions(nodes: list[Provision]) -> None:
    """Set ``term`` on every entry of every glossary article below ``nodes``."""
    for node in nodes:
        if node.kind in ("article", "transitional") and is_glossary(node):
            _mark_entries(node)
        elif node.kind not in ("article", "transitional", "paragraph", "point"):
            mark_definitions(node.children)


def _mark_entries(owner: Provision, *, glossary_list: bool = True) -> None:
    """Mark the entries below ``owner``; the looser numbered forms (a comma or a period after the
    term) only in the glossary's own list, not in a later list of the same article."""
    for child in owner.children:
        if child.kind in ("paragraph", "point") and child.table is None and not is_glossary_intro(child.text):
            child.term = child.term or entry_term(child.text, numbered=glossary_list and child.kind == "point")
        own_list = child.kind == "paragraph" and is_glossary_intro(child.text)
        _mark_entries(child, glossary_list=own_list or (glossary_list and child.kind == "point"))
