"""A Document as the ordered paragraphs an export prints, each with its role.

The order and the text of the paragraphs are those of :func:`implan_regs.render.text.render_text`
(one block there is one paragraph here; a container's number and heading share one paragraph
with a line break, as they share one block there), so the DOCX importer reads an export back
to the same tree and the redline's accepted text equals the rendered proposal. Only the
presentation differs: roles become Word styles, numbers become bold runs. For the consolidated
text, :func:`exact_styles` makes every point's and paragraph's style state its level and depth
(see :mod:`.styles`), so the import does not have to guess where a párrafo belongs.

>>> from implan_regs.model.tree import Document, DocumentMeta, Provision
>>> art = Provision("article", num="Artículo 1.-", key="1", children=[
...     Provision("paragraph", text="Son autoridades:"),
...     Provision("point", num="I.", key="I", level="fraccion", text="El Cabildo.")])
>>> [(b.role, b.num, b.text) for b in layout(Document(DocumentMeta("x", "reglamento", "X"), body=[art]))]
[('article', 'Artículo 1.-', 'Son autoridades:'), ('point', 'I.', 'El Cabildo.')]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..model.tree import CONTAINER_KINDS, Document, Provision, Table
from ..render.text import heading_after_decree_text, leading_paragraphs
from ..wordstyles import structure_style
from .styles import HEADING_STYLES, POINT_STYLES, paragraph_style


@dataclass
class Block:
    """One printed paragraph (or table).

    ``role``: preface, preamble, heading (container), transitorios, decree (a transitorios
    block's subheading), article, point, paragraph, note, table, conclusion.
    ``num`` is the bold label ("Artículo 45.-", "II."); for a heading it is the container's
    number, printed on its own line above ``text``.
    """

    role: str
    text: str = ""
    num: str | None = None
    style: str = "Parrafo"
    table: Table | None = None
    node: Provision | None = None
    depth: int = 0
    owner: Provision | None = None  # the article or transitorio the block belongs to
    row: int | None = None  # a table row printed as a paragraph (comparisons): its index in ``node.table``

    @property
    def plain(self) -> str:
        """The paragraph's text as read (the number, a space, the text)."""
        if self.role in ("heading",):
            return "\n".join(x for x in (self.num, self.text) if x)
        return f"{self.num} {self.text}".strip() if self.num else self.text


def layout(doc: Document) -> list[Block]:
    """Every paragraph of ``doc`` in reading order."""
    blocks = [Block("preface", line, style="Title" if i == 0 else "Subtitle") for i, line in enumerate(doc.preface)]
    for para in doc.preamble:
        if para.table is not None:
            blocks.append(Block("table", table=para.table, node=para))
        elif para.text:
            blocks.append(Block("preamble", para.text, style="Preambulo", node=para))
    for node in doc.body:
        blocks.extend(node_blocks(node))
    blocks.extend(Block("conclusion", text, style="Conclusiones") for text in doc.conclusions if text)
    return blocks


def exact_styles(blocks: list[Block]) -> list[Block]:
    """Give each point and paragraph the style variant that states its depth (same look);
    the blocks are changed in place and returned."""
    for block in blocks:
        if block.role in ("point", "paragraph"):
            block.style = structure_style(block.style, block.role, block.depth)
    return blocks


def node_blocks(node: Provision, depth: int = 0) -> Iterator[Block]:
    """The paragraphs of one provision and its descendants."""
    if node.kind == "transitorios" and heading_after_decree_text(node):
        yield from _decree_block(node)
    elif node.kind in CONTAINER_KINDS or node.kind == "transitorios":
        yield from _container(node)
    elif node.kind in ("article", "transitional"):
        yield from _article(node)
    elif node.kind == "point":
        yield Block("point", node.text or "", node.num, POINT_STYLES.get(node.level or "", "Fraccion"), node=node,
                    depth=depth)
        yield from _notes(node, depth)
        for child in node.children:
            yield from node_blocks(child, depth + 1)
    elif node.kind == "paragraph":
        if node.table is not None:
            yield Block("table", table=node.table, node=node, depth=depth)
        elif node.text:
            yield Block("paragraph", node.text, style=paragraph_style(depth), node=node, depth=depth)
        yield from _notes(node, depth)
        for child in node.children:  # a chapeau and its list: the points sit at the chapeau's depth
            yield from node_blocks(child, depth)


def _notes(node: Provision, depth: int = 0) -> Iterator[Block]:
    for note in node.notes:
        yield Block("note", f"({note})", style="NotaReforma", node=node, depth=depth)


def _container(node: Provision) -> Iterator[Block]:
    if node.kind == "transitorios":
        if node.heading:
            yield Block("transitorios", node.heading, style="Transitorios", node=node)
    elif node.num or node.heading:
        yield Block("heading", node.heading or "", node.num, HEADING_STYLES.get(node.kind, "Heading4"), node=node)
    if node.subheading:
        yield Block("decree", node.subheading, style="TransitoriosDecreto", node=node)
    yield from _notes(node)
    for child in node.children:
        yield from node_blocks(child)


def _decree_block(node: Provision) -> Iterator[Block]:
    """A reform decree's block as consolidated texts print it: the decree, its own text, then
    its TRANSITORIOS heading and the transitorios."""
    lead = leading_paragraphs(node)
    yield Block("decree", node.subheading or "", style="TransitoriosDecreto", node=node)
    yield from _notes(node)
    for child in lead:
        yield from node_blocks(child)
    yield Block("transitorios", node.heading or "", style="Transitorios", node=node)
    for child in node.children[len(lead):]:
        yield from node_blocks(child)


def _article(node: Provision) -> Iterator[Block]:
    for block in _article_blocks(node):
        block.owner = node
        yield block


def _article_blocks(node: Provision) -> Iterator[Block]:
    children = list(node.children)
    inline = (node.num or "").rstrip().endswith((".", "-", ":", "–", "—"))
    first = children[0] if inline and children and children[0].kind == "paragraph" and children[0].text \
        and children[0].table is None else None
    yield Block("article", first.text or "" if first else "", node.num, "Articulo", node=node)
    yield from _notes(node)
    if first is not None:
        children.pop(0)
        yield from _notes(first)
        for child in first.children:
            yield from node_blocks(child)
    for child in children:
        yield from node_blocks(child)


