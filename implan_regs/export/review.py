"""The review copy: the consolidated text with every provision's eId as a Word bookmark.

It is what the institute sends to the Direcciones Generales. It looks like the consolidated
export (same cover, same regulation styles, which the DOCX importer trusts), and every
provision — article, párrafo, fracción, inciso… — is a bookmark spanning its paragraphs, named
after its eId (:mod:`implan_regs.wordanchors`), with the table of hashed names in a custom XML
part. Bookmarks nest like the provisions; they survive editing in Word and LibreOffice, so a
comment or a tracked change can be placed on the provision it touches (the innermost bookmark
open where it starts) even after a department reflows the text.
"""

from __future__ import annotations

from ..model.tree import Document
from ..reform.model import Proposal
from ..wordanchors import anchor_table, bookmark_name
from . import oxml, parts, styles
from .base import Builder, block_xml
from .consolidated import cover_lines
from .layout import Block, exact_styles, layout

LEGEND = ("Copia para revisión: comente el texto o edítelo con control de cambios. Cada disposición lleva "
          "un marcador con su identificador; no los elimine.")


def build(doc: Document, *, proposal: Proposal | None = None) -> bytes:
    """The DOCX bytes of the review copy of ``doc`` (a version in force, or ``proposal``'s draft)."""
    builder = Builder(doc.meta.title)
    builder.para(doc.meta.title, "Title")
    for line in cover_lines(doc, proposal):
        builder.para(line, "Portada")
    builder.para(LEGEND, "Leyenda")
    builder.add(oxml.page_break())
    blocks = exact_styles(layout(doc))
    styles.install_variants(builder.document, {b.style for b in blocks})
    spans = provision_spans(doc, blocks)
    builder.add(*bookmarked(blocks, spans, builder.width))
    parts.add_custom_xml(builder.document, anchor_table(spans))
    return builder.to_bytes()


def provision_spans(doc: Document, blocks: list[Block]) -> dict[str, tuple[int, int]]:
    """eId -> (first, last) index of the blocks printing that provision and what it holds."""
    printed: dict[int, list[int]] = {}
    for index, block in enumerate(blocks):
        for node in _printed_nodes(block):
            printed.setdefault(id(node), []).append(index)
    spans: dict[str, tuple[int, int]] = {}

    def visit(node) -> list[int]:
        indexes = list(printed.get(id(node), []))
        for child in node.children:
            indexes.extend(visit(child))
        if node.eid and indexes:
            spans[node.eid] = (min(indexes), max(indexes))
        return indexes

    for node in doc.body:
        visit(node)
    return spans


def _printed_nodes(block: Block) -> list:
    """The provisions a block prints: its node, and for an article the párrafo printed inline."""
    if block.node is None:
        return []
    if block.role == "article" and block.text:
        first = block.node.children[0] if block.node.children else None
        if first is not None and first.kind == "paragraph" and first.text == block.text:
            return [block.node, first]
    return [block.node]


def bookmarked(blocks: list[Block], spans: dict[str, tuple[int, int]], width: int) -> list[str]:
    """Each block's XML with the bookmarks that start or end on it (outermost first)."""
    starts: dict[int, list[str]] = {}
    ends: dict[int, list[str]] = {}
    for eid, (first, last) in sorted(spans.items(), key=lambda item: (item[1][0], -item[1][1], item[0])):
        starts.setdefault(first, []).append(eid)
        ends.setdefault(last, []).insert(0, eid)
    ids = {eid: number for number, eid in enumerate(spans, start=1)}
    out = []
    for index, block in enumerate(blocks):
        opening = "".join(oxml.bookmark_start(ids[e], bookmark_name(e)) for e in starts.get(index, []))
        closing = "".join(oxml.bookmark_end(ids[e]) for e in ends.get(index, []))
        out.append(oxml.around_content(block_xml(block, width), opening, closing))
    return out
