"""Article-level operations on a draft: reformar, adicionar, derogar, mover.

Each function changes the draft Document in place, reassigns eIds and returns the
provision it produced. Texts given by the user are parsed with the same recognizer as
imports (:func:`parse_fragment`), so ``Artículo 45 Bis.- …`` or ``III. …`` mean what they
mean in a published text.

>>> from implan_regs.model.tree import Document, DocumentMeta, Provision
>>> art = Provision("article", num="Artículo 1.-", key="1", children=[Provision("paragraph", text="Uno.")])
>>> doc = Document(DocumentMeta(work="w", kind="reglamento", title="t"), body=[art])
>>> repeal(doc, "artículo 1").children[0].text
'Se deroga.'
"""

from __future__ import annotations

import re

from ..errors import InputError
from ..model.citation import resolve
from ..model.eid import assign_eids
from ..model.numbers import SUFFIX_RE, SUFFIXES, display_article_number, split_suffix
from ..model.tree import CONTAINER_KINDS, LEVEL_NAMES, Document, DocumentMeta, Provision

DEROGATED_TEXT = "Se deroga."
_STARTS_STRUCTURE = re.compile(
    r"^\s*(?:LIBRO|T[ÍI]TULO|CAP[ÍI]TULO|SECCI[ÓO]N|ART[ÍI]CULO|ART\.)\b", re.IGNORECASE)
_STARTS_POINT = re.compile(r"^\s*(?:[IVXLC]+(?:\s+Bis)?\.|[a-zñ][\).]|\d+\.|[A-Z]\.)\s", re.UNICODE)


def parse_fragment(text: str) -> list[Provision]:
    """Parse a fragment of legal text into provisions (articles, containers, points or paragraphs)."""
    from ..importers.text import import_text

    text = text.strip()
    if not text:
        raise InputError("el texto está vacío")
    meta = DocumentMeta(work="fragmento", kind="reglamento", title="fragmento")
    if _STARTS_STRUCTURE.match(text):
        return import_text(text, meta, source="<texto>").document.body
    if _STARTS_POINT.match(text):
        doc = import_text("Artículo 1.- Texto:\n\n" + text, meta, source="<texto>").document
        return doc.articles()[0].children[1:]
    return [Provision("paragraph", text=" ".join(block.split())) for block in re.split(r"\n\s*\n", text)]


def _parent_list(doc: Document, target: Provision) -> list[Provision]:
    def search(nodes: list[Provision]) -> list[Provision] | None:
        for node in nodes:
            if node is target:
                return nodes
            found = search(node.children)
            if found is not None:
                return found
        return None

    found = search(doc.body)
    if found is None:  # resolve() only returns nodes of doc, so this is a bug, not bad input
        raise AssertionError(f"{target.eid} not in document")
    return found


def _refuse_derogated(node: Provision, citation: str) -> None:
    if node.derogated:
        raise InputError("la disposición está derogada; no se puede reformar ni derogar de nuevo", path=citation)


def _single(nodes: list[Provision], kind: str, citation: str) -> Provision:
    matching = [n for n in nodes if n.kind == kind or (kind == "transitional" and n.kind == "article")]
    if len(matching) != 1 or len(nodes) != 1:
        raise InputError(f"el texto debe contener exactamente una disposición de nivel {LEVEL_NAMES.get(kind, kind)}",
                         path=citation)
    return matching[0]


def amend(doc: Document, citation: str, text: str) -> Provision:
    """Reformar: replace the text of the cited provision, keeping its number and place."""
    node = resolve(doc, citation)
    _refuse_derogated(node, citation)
    if node.kind in CONTAINER_KINDS:
        node.heading = " ".join(text.split())
        return node
    if node.kind == "paragraph":
        if text.lstrip().startswith("|"):  # a table, as the text renderer writes it
            from .decree_reader import pipe_table

            node.text, node.table = None, pipe_table(text.strip())
        else:  # a table párrafo rewritten as text is no longer a table
            node.text, node.table = " ".join(text.split()), None
        return node
    if node.kind == "article":
        # plain text, or the text under any form of its own heading ("ART. 122-BIS.-"), is read
        # under the canonical heading so every article number parses the same way
        text = f"Artículo {display_article_number(node.key or '')}.- {_without_own_heading(text, node.key or '')}"
    elif node.kind == "transitional" and not _STARTS_STRUCTURE.match(text):
        text = f"{node.num} {text}"
    if node.kind == "point" and not _STARTS_POINT.match(text):
        text = f"{node.num} {text}"
    new = _single(parse_fragment(text), node.kind, citation)
    if node.kind in ("article", "transitional") and new.key != node.key:
        raise InputError(f"el texto corresponde al número {new.key}, no al {node.key}", path=citation)
    node.heading, node.text, node.table, node.children = new.heading, new.text, new.table, new.children
    assign_eids(doc.body, preamble=doc.preamble)
    return node


_OWN_HEADING = re.compile(rf"^\s*(?:ART[ÍI]CULO|ART\.)\s*(?P<n>\d+\s*(?:o|º|°)?(?:[\s\-]*{SUFFIX_RE}\b)?)"
                          r"\s*[.:\-–—]+\s*", re.IGNORECASE)


def _without_own_heading(text: str, key: str) -> str:
    """The text after its heading when the heading names this article; the text as given otherwise."""
    from ..model.numbers import article_key

    m = _OWN_HEADING.match(text)
    if m and article_key(m.group("n")) == key:
        return text[m.end():]
    if m:
        raise InputError(f"el texto corresponde al artículo {m.group('n').strip()}, no al "
                         f"{display_article_number(key)}", path=f"artículo {display_article_number(key)}")
    return text


def _base_number(key: str) -> str:
    m = re.match(r"\d+", key)
    return m.group(0) if m else split_suffix(key)[0]


def _last_of_series(doc: Document, anchor: Provision) -> Provision:
    """45 -> the last of 45, 45 Bis, 45 Ter… so a new 45 Quáter lands after them."""
    base = _base_number(anchor.key or "")
    series = [a for a in doc.articles() if _base_number(a.key or "") == base]
    return series[-1] if series else anchor


def replace_own_text(doc: Document, eid: str, text: str) -> Provision:
    """Rewrite the own text of one provision (not its children): used for cross-reference fixes."""
    node = doc.find(eid)
    if node is None or node.text is None:
        raise InputError("no existe esa disposición con texto propio", path=eid)
    node.text = text
    return node


def correct(doc: Document, eid: str, field: str, value: str) -> Provision:
    """Rewrite one field ('text', 'num' or 'heading') of one provision, nothing else: the
    mechanical corrections of a review (:mod:`implan_regs.review.fix`)."""
    node = doc.find(eid)
    if field not in ("text", "num", "heading") or node is None or getattr(node, field) is None:
        raise InputError(f"no existe esa disposición con {field}", path=eid)
    setattr(node, field, value)
    return node


def _next_suffix_key(doc: Document, base_key: str) -> str:
    base = _base_number(base_key)
    existing = {a.key for a in doc.articles()}
    for suffix in SUFFIXES:
        if base + suffix not in existing:
            return base + suffix
    raise InputError("no quedan sufijos disponibles después de este artículo", path=base_key)


def add(doc: Document, after: str | None, text: str) -> list[Provision]:
    """Adicionar: insert new provisions after the cited one (or at the end of the body)."""
    anchor = resolve(doc, after) if after else None
    if anchor is not None and anchor.kind == "article" and not _STARTS_STRUCTURE.match(text):
        key = _next_suffix_key(doc, anchor.key or "")
        text = f"Artículo {display_article_number(key)}.- {text}"
        anchor = _last_of_series(doc, anchor)
    new_nodes = parse_fragment(text)
    existing = {a.key for a in doc.articles()}
    for node in new_nodes:
        for art in (n for n in node.walk() if n.kind == "article"):
            if art.key in existing:
                raise InputError(f"ya existe el artículo {display_article_number(art.key or '')}; "
                                 "use otro número (p. ej. Bis) o reformar", path=after or "final")
    siblings = _parent_list(doc, anchor) if anchor is not None else doc.body
    index = siblings.index(anchor) + 1 if anchor is not None else _end_of_body(siblings)
    siblings[index:index] = new_nodes
    assign_eids(doc.body, preamble=doc.preamble)
    return new_nodes


def _end_of_body(body: list[Provision]) -> int:
    """New body provisions go before the transitorios blocks."""
    for i, node in enumerate(body):
        if node.kind == "transitorios":
            return i
    return len(body)


def repeal(doc: Document, citation: str) -> Provision:
    """Derogar: keep the number, replace the content with 'Se deroga.'."""
    node = resolve(doc, citation)
    _refuse_derogated(node, citation)
    if node.kind in CONTAINER_KINDS or node.kind == "transitorios":
        raise InputError("no se deroga un contenedor; derogue sus artículos", path=citation)
    node.derogated = True
    node.heading = None
    if node.kind in ("article", "transitional"):
        node.children = [Provision("paragraph", text=DEROGATED_TEXT, derogated=True)]
    else:
        node.text, node.table, node.children = DEROGATED_TEXT, None, []
    assign_eids(doc.body, preamble=doc.preamble)
    return node


def move(doc: Document, citation: str, after: str, *, number: str | None = None) -> Provision:
    """Mover/renumerar: place the cited provision after another one, optionally with a new number."""
    node = resolve(doc, citation)
    anchor = resolve(doc, after)
    if anchor is node or any(n is anchor for n in node.walk()):
        raise InputError("no se puede mover una disposición dentro de sí misma", path=citation)
    if number is not None:
        from ..model.numbers import article_key

        key = article_key(number)
        if node.kind == "article" and key != node.key and key in {a.key for a in doc.articles()}:
            raise InputError(f"ya existe el artículo {number}", path=citation)
        node.key = key
        node.num = re.sub(r"\d+(?:\s*(?:o|º|°))?(?:[\s\-]*[A-Za-zÁá]+)?(?=\s*[.\-])",
                          display_article_number(key), node.num or "", count=1) or \
            f"Artículo {display_article_number(key)}.-"
    _parent_list(doc, node).remove(node)
    siblings = _parent_list(doc, anchor)
    siblings.insert(siblings.index(anchor) + 1, node)
    assign_eids(doc.body, preamble=doc.preamble)
    return node
