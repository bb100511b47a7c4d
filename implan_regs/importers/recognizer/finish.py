"""Stage 3 of the recognizer, the passes over the built tree (:func:`finish`): signature
paragraphs that close the document become its conclusions; "Se deroga" placeholders are marked
derogated; a list that restarts its numbering inside a fracción is nested under it
(:func:`nest_restarted_lists`); glossary entries are marked (:mod:`..definitions`); eIds are
assigned and the levels counted for the report."""

from __future__ import annotations

import re

from ...model.eid import assign_eids
from ...model.numbers import (
    letter_value,
    roman_to_int,
)
from ...model.tree import Document, Provision
from .. import ImportResult
from ..definitions import mark_definitions
from ..report import ImportReport
from .classify import _is_derogation
from .state import _State


def _closing_signatures(state: _State) -> None:
    """Signature paragraphs that end the document are its conclusions."""
    body = state.doc.body
    if not body or body[-1].kind != "transitorios" or not state.signature_paras:
        return
    block = body[-1]
    signatures = {id(p) for p in state.signature_paras}
    cut = len(block.children)
    while cut and id(block.children[cut - 1]) in signatures:
        cut -= 1
    if cut == len(block.children):
        return
    state.doc.conclusions = [p.text or "" for p in block.children[cut:]] + state.doc.conclusions
    del block.children[cut:]


def finish(state: _State) -> ImportResult:
    """The passes after tree building: closing signatures become conclusions, derogations are
    marked, restarted lists nested, glossary entries marked, eIds assigned, levels counted."""
    _closing_signatures(state)
    _finish(state.doc, state.report)
    return ImportResult(state.doc, state.report)


def _finish(doc: Document, report: ImportReport) -> None:
    _mark_derogations(doc.body)
    for node in doc.walk():
        if node.kind in ("article", "transitional"):
            nest_restarted_lists(node)
    mark_definitions(doc.body)  # after the lists are nested: a glossary's own list is told from later ones
    for eid in assign_eids(doc.body, preamble=doc.preamble):
        report.warn("duplicate", f"identificador repetido: {eid} (se le añadió un sufijo _dupN)")
    report.counts = doc.counts()


def _mark_derogations(nodes: list[Provision]) -> None:
    for node in nodes:
        if node.kind in ("paragraph", "point") and _is_derogation(node.text):
            node.derogated = True
        if node.kind in ("article", "transitional"):
            texts = [c for c in node.children if c.kind == "paragraph"]
            if texts and len(node.children) == 1 and _is_derogation(texts[0].text):
                node.derogated = True
        _mark_derogations(node.children)


def _point_value(point: Provision) -> int:
    """The ordinal value of a point's key ('XIV' -> 14, 'c' -> 3, '12' -> 12, 'XXIXbis' -> 29)."""
    key = point.key or ""
    if point.level in ("fraccion", "subinciso"):
        m = re.match(r"[IVXLCDM]+|[ivxlcdm]+", key)
        return (roman_to_int(m.group(0).upper()) or 0) if m else 0
    if point.level in ("inciso", "apartado"):
        return letter_value(key[:1])
    m = re.match(r"\d+", key)
    return int(m.group(0)) if m else 0


def _continues_list(prev: Provision, point: Provision) -> bool:
    if prev.level != point.level:
        return False
    a, b = _point_value(prev), _point_value(point)
    return a < b <= a + 3 or (a == b and prev.key != point.key)  # small gaps; "XXIX Bis" after "XXIX"


def nest_restarted_lists(owner: Provision) -> None:
    """An article whose numbering restarts (fracciones I–V, a paragraph, then I–III again) holds
    several lists: each one hangs from its chapeau, the text paragraph right before it, as a
    ``paragraph`` with children (AKN paragraph/intro/point; eIds ``art_3__para_12__point_IX``).
    An article with a single list keeps its points as direct children (``art_12__point_III``).
    A paragraph that sits between two points of the same list belongs to the point before it.
    Article-level paragraphs (chapeaus included) keep the DOF's párrafo count."""
    points = [c for c in owner.children if c.kind == "point"]
    if len(points) < 2 or all(_continues_list(a, b) for a, b in zip(points, points[1:], strict=False)):
        return
    out: list[Provision] = []
    collector: Provision | None = None  # the chapeau paragraph holding the current list
    since_last_point: list[Provision] = []  # article-level paragraphs after the collector's last point
    for child in owner.children:
        if child.kind != "point":
            out.append(child)
            if collector is not None:
                since_last_point.append(child)
            continue
        last = collector.children[-1] if collector is not None and collector.children else None
        if last is not None and _continues_list(last, child):
            for para in since_last_point:  # text between two points of one list: the point before
                out.remove(para)
                last.children.append(para)
            assert collector is not None  # ``last`` is its child
            collector.children.append(child)
            since_last_point = []
            continue
        chapeau = out[-1] if out and out[-1].kind == "paragraph" else None
        if chapeau is None or chapeau.children or chapeau.table is not None or chapeau.text is None:
            chapeau = Provision("paragraph")
            out.append(chapeau)
        chapeau.children.append(child)
        collector, since_last_point = chapeau, []
    owner.children = out
