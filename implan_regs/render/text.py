"""Plain-text rendering of a Document in the conventional layout of Mexican legal texts.

One paragraph a line, a blank line between paragraphs; fracciones, incisos and their
paragraphs indented three spaces per level; reform notes in parentheses on their own line;
tables as pipe rows. :func:`implan_regs.importers.text.import_text` reads it back to the
same tree (same eIds, same content): that round trip is tested on every real text.

>>> from implan_regs.model.tree import Document, DocumentMeta, Provision
>>> art = Provision("article", num="Artículo 1.-", key="1", children=[
...     Provision("paragraph", text="Son autoridades:"),
...     Provision("point", num="I.", key="I", level="fraccion", text="El Cabildo.")])
>>> print(render_text(Document(DocumentMeta(work="x", kind="reglamento", title="X"), body=[art])))
Artículo 1.- Son autoridades:
<BLANKLINE>
I. El Cabildo.
<BLANKLINE>
"""

from __future__ import annotations

import re

from ..model.tree import CONTAINER_KINDS, Document, Provision, Table

_BARE_TRANSITORIOS = re.compile(r"(?:ART[IÍ]CULOS?\s+)?TRANSITORIOS?\s*[.:]?", re.IGNORECASE)

INDENT = "   "


def render_text(doc: Document) -> str:
    blocks: list[str] = []
    if doc.preface:
        blocks.append("\n".join(doc.preface))
    for para in doc.preamble:
        blocks.append(table_text(para.table) if para.table is not None else para.text or "")
    for node in doc.body:
        _node(node, 0, blocks)
    blocks.extend(doc.conclusions)
    return "\n\n".join(b for b in blocks if b) + "\n"


def render_provision(node: Provision) -> str:
    """One provision (article, fracción, chapter...) in the same layout as :func:`render_text`."""
    blocks: list[str] = []
    _node(node, 0, blocks)
    return "\n\n".join(b for b in blocks if b) + "\n"


def _notes(node: Provision, blocks: list[str]) -> None:
    blocks.extend(f"({note})" for note in node.notes)


def _node(node: Provision, depth: int, blocks: list[str]) -> None:
    if node.kind == "transitorios" and heading_after_decree_text(node):
        # A reform decree's block as consolidated texts print it: the decree's title and
        # publication, its own articles, then its TRANSITORIOS heading and the transitorios.
        lead = leading_paragraphs(node)
        blocks.append(node.subheading or "")
        _notes(node, blocks)
        for child in lead:
            _node(child, 0, blocks)
        blocks.append(node.heading or "")
        for child in node.children[len(lead):]:
            _node(child, 0, blocks)
    elif node.kind in CONTAINER_KINDS or node.kind == "transitorios":
        head = [x for x in (node.num, node.heading) if x]
        if head:
            blocks.append("\n".join(head))
        if node.subheading:
            blocks.append(node.subheading)
        _notes(node, blocks)
        for child in node.children:
            _node(child, 0, blocks)
    elif node.kind in ("article", "transitional"):
        children = list(node.children)
        inline = (node.num or "").rstrip().endswith((".", "-", ":", "–", "—"))
        first = children[0] if inline and children and children[0].kind == "paragraph" and children[0].text \
            and children[0].table is None else None
        blocks.append(f"{node.num} {first.text}" if first else node.num or "")
        _notes(node, blocks)
        if first is not None:
            children.pop(0)
            _notes(first, blocks)
            for child in first.children:  # the chapeau's own list
                _node(child, 0, blocks)
        for child in children:
            _node(child, 0, blocks)
    elif node.kind == "point":
        pad = INDENT * depth
        blocks.append(pad + (f"{node.num} {node.text}" if node.text else node.num or ""))
        _notes(node, blocks)
        for child in node.children:
            _node(child, depth + 1, blocks)
    elif node.kind == "paragraph":
        pad = INDENT * depth
        body = table_text(node.table) if node.table is not None else node.text or ""
        if body:
            blocks.append("\n".join(pad + line for line in body.split("\n")))
        _notes(node, blocks)
        for child in node.children:  # a chapeau and its list: the points sit at the chapeau's depth
            _node(child, depth, blocks)


def leading_paragraphs(node: Provision) -> list[Provision]:
    lead = []
    for child in node.children:
        if child.kind != "paragraph":
            break
        lead.append(child)
    return lead


def heading_after_decree_text(node: Provision) -> bool:
    """Does this block's TRANSITORIOS heading come after the decree's own text (as printed)?"""
    lead = leading_paragraphs(node)
    return bool(node.heading and node.subheading and lead and len(lead) < len(node.children)
                and not any(_BARE_TRANSITORIOS.fullmatch(p.text or "") for p in lead))


def table_text(table: Table) -> str:
    """A table as pipe rows with a "|---|" line under its header rows (what the text importer reads);
    merged cells as :meth:`Table.marked_rows` writes them (``<``, ``^``)."""
    rows = [" | ".join(cell.replace("|", "/") for cell in row) for row in table.marked_rows()]
    lines = [f"| {row} |" for row in rows]
    width = max((len(r) for r in table.rows), default=1)
    sep = "|" + "|".join(["---"] * max(width, 1)) + "|"
    lines.insert(table.header_rows, sep)
    return "\n".join(lines)
