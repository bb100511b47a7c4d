"""The redline: the proposal as native Word tracked changes against its base version.

Both texts are laid out as the consolidated export prints them (:mod:`.layout`) and cut into
units: an article or transitorio with all its paragraphs, or a single heading, note or
preamble paragraph. Articles get their identity from the diff's alignment, transitorios from
their eId, other paragraphs from their text. The longest common subsequence of unit identities
stays in place — identical units print as they are, changed ones get a paragraph alignment and
a word-level diff — and every other unit is a whole deletion or insertion; an article moved
unchanged is a Word move instead (``w:moveFrom`` where it was, ``w:moveTo`` where it goes, paired
by the name of their ranges).

Deletions are ``w:del`` runs holding ``w:delText``, insertions ``w:ins`` runs; a paragraph that
only the base has carries its paragraph mark as deleted, and table rows their ``w:trPr`` mark. A
paragraph only the proposal has is recorded as Word records typing it: the mark of the paragraph
before it is the inserted one (see :meth:`_Writer.inserted`). Hence "accept all" leaves exactly the proposal's paragraphs and "reject all"
exactly the base's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..diff import model as dm
from ..diff.compare import diff_documents
from ..model.dates import spanish_date
from ..model.tree import Document
from ..reform.model import Proposal
from . import oxml
from .base import Builder, block_runs, block_xml, table_xml
from .layout import Block, layout
from .marks import token_ops

EMPTY_LINE = oxml.paragraph("")


@dataclass
class Unit:
    key: tuple
    blocks: list[Block]

    def signature(self) -> list[tuple]:
        return [_block_signature(b) for b in self.blocks]


def _block_signature(block: Block) -> tuple:
    rows = tuple(tuple(r) for r in block.table.rows) if block.table is not None else ()
    return (block.role, block.plain, rows)


def revision_date(proposal: Proposal) -> str:
    """The tracked changes' date: the last operation's (UTC, as Word writes it)."""
    times = [op.time for op in proposal.operations if op.time] or [proposal.created]
    try:
        when = dt.datetime.fromisoformat(max(t for t in times if t))
        if when.tzinfo is not None:
            when = when.astimezone(dt.timezone.utc)
        return when.strftime("%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def build(proposal: Proposal, old: Document, diff: dm.Diff | None = None, *, author: str | None = None) -> bytes:
    new = proposal.draft
    assert new is not None
    diff = diff or diff_documents(old, new)
    builder = Builder(new.meta.title)
    revisions = oxml.Revisions(author or proposal.author or "implan-regs", revision_date(proposal))
    builder.para(new.meta.title, "DecretoTitulo")
    builder.para(f"Propuesta «{proposal.title}» con control de cambios sobre el texto vigente del "
                 f"{spanish_date(old.meta.date)}", "Portada")
    builder.para("Aceptar todos los cambios da el texto propuesto; rechazarlos todos, el texto vigente.", "Leyenda")
    builder.add(oxml.page_break())
    builder.add(*redline_body(old, new, diff, revisions, builder.width))
    builder.add(EMPTY_LINE)
    return builder.to_bytes()


def redline_body(old: Document, new: Document, diff: dm.Diff, revisions: oxml.Revisions, width: int) -> list[str]:
    """The tracked-change paragraphs turning ``old`` into ``new``."""
    keys = _article_keys(diff)
    old_units, new_units = units(old, keys, "old"), units(new, keys, "new")
    matcher = SequenceMatcher(None, [u.key for u in old_units], [u.key for u in new_units], autojunk=False)
    out: list[str] = []
    writer = _Writer(revisions, width, out)
    opcodes = matcher.get_opcodes()
    moves = _moves(old_units, new_units, opcodes)
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            for a, b in zip(old_units[i1:i2], new_units[j1:j2], strict=True):
                writer.unit_pair(a, b)
            continue
        for unit in old_units[i1:i2]:
            if unit.key in moves:
                writer.moved(unit.blocks, "moveFrom", moves[unit.key])
            else:
                writer.whole(unit.blocks, "del")
        for unit in new_units[j1:j2]:
            if unit.key in moves:
                writer.moved(unit.blocks, "moveTo", moves[unit.key])
            else:
                writer.whole(unit.blocks, "ins")
    return out


def _moves(old_units: list[Unit], new_units: list[Unit], opcodes) -> dict[tuple, str]:
    """Units the alignment pairs but that left their place unchanged: key -> the move's name."""
    gone = {u.key: u for tag, i1, i2, _, _ in opcodes if tag != "equal" for u in old_units[i1:i2]}
    came = {u.key: u for tag, _, _, j1, j2 in opcodes if tag != "equal" for u in new_units[j1:j2]}
    names: dict[tuple, str] = {}
    for key, unit in came.items():
        before = gone.get(key)
        if key[0] == "article" and before is not None and before.signature() == unit.signature() \
                and all(b.role != "table" for b in unit.blocks):
            names[key] = f"implanMove{len(names) + 1}"
    return names


# ------------------------------------------------------------------ units

def _article_keys(diff: dm.Diff) -> dict[tuple[str, str], str]:
    """(side, article eId) -> identity shared by an old and a new article the alignment pairs."""
    keys: dict[tuple[str, str], str] = {}
    for index, pair in enumerate(diff.alignment.pairs):
        if pair.old is None or pair.new is None or pair.type in (dm.ADDED, dm.REMOVED):
            continue
        old_key, new_key = ("old", pair.old.eid), ("new", pair.new.eid)
        if old_key not in keys and new_key not in keys:
            keys[old_key] = keys[new_key] = f"pair-{index}"
    return keys


def units(doc: Document, keys: dict[tuple[str, str], str], side: str) -> list[Unit]:
    out: list[Unit] = []
    for block in layout(doc):
        owner = block.owner
        if owner is not None and out and out[-1].blocks[-1].owner is owner:
            out[-1].blocks.append(block)
        elif owner is not None:
            out.append(Unit(_owner_key(owner, keys, side), [block]))
        else:
            out.append(Unit(("block",) + _block_signature(block), [block]))
    return out


def _owner_key(owner, keys: dict[tuple[str, str], str], side: str) -> tuple:
    if owner.kind == "transitional":
        return ("transitional", owner.eid)
    return ("article", keys.get((side, owner.eid), f"{side}-{owner.eid}"))


# ------------------------------------------------------------------ writing

@dataclass
class _Writer:
    revisions: oxml.Revisions
    width: int
    out: list[str]
    host: int | None = None  # the last paragraph written, when its mark is not tracked yet

    def emit(self, xml: str, *, can_host: bool) -> None:
        self.out.append(xml)
        self.host = len(self.out) - 1 if can_host else None

    def plain(self, blocks: list[Block]) -> None:
        for block in blocks:
            self.emit(_plain(block, self.width), can_host=block.role != "table")

    def unit_pair(self, old: Unit, new: Unit) -> None:
        a, b = old.signature(), new.signature()
        if a == b:
            self.plain(new.blocks)
            return
        matcher = SequenceMatcher(None, a, b, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                self.plain(new.blocks[j1:j2])
            else:
                self.region(old.blocks[i1:i2], new.blocks[j1:j2])

    def region(self, old: list[Block], new: list[Block]) -> None:
        """Pair paragraphs of the same role in order; the rest are whole deletions and insertions."""
        paired = 0
        while paired < min(len(old), len(new)) and _pairable(old[paired], new[paired]):
            self.changed(old[paired], new[paired])
            paired += 1
        self.whole(old[paired:], "del")
        self.whole(new[paired:], "ins")

    def whole(self, blocks: list[Block], kind: str) -> None:
        for block in blocks:
            if block.role == "table" and block.table is not None:
                self.emit(self._table(block, kind), can_host=False)
            elif kind == "del":
                content = self.revisions.deleted(_as_deleted(block_runs(block)))
                self.emit(oxml.paragraph(content, block.style, mark=self.revisions.deleted_mark()), can_host=False)
            else:
                self.inserted(block)

    def moved(self, blocks: list[Block], side: str, name: str) -> None:
        """An unchanged article moved elsewhere, as Word writes a move: its paragraphs (content and
        marks) in ``w:moveFrom`` where it was and ``w:moveTo`` where it goes, inside one named range
        on each side."""
        start, end = self.revisions.move_range(side, name)
        for index, block in enumerate(blocks):
            content = self.revisions.moved(block_runs(block), side)
            first, last = start if index == 0 else "", end if index == len(blocks) - 1 else ""
            self.emit(oxml.paragraph(first + content + last, block.style, mark=self.revisions.moved_mark(side)),
                      can_host=False)

    def inserted(self, block: Block) -> None:
        """A new paragraph, as Word records typing Enter after the previous one: the previous paragraph's
        mark is the inserted one, the new paragraph keeps a plain mark. (Marking the new paragraph's own
        mark instead makes LibreOffice join the previous paragraph with the next one on "reject all"
        when the previous one ends with an insertion of the same author.) Without such a previous
        paragraph (a table, a deleted paragraph, the start), the new paragraph's own mark is inserted."""
        content = self.revisions.inserted(block_runs(block))
        if self.host is None:
            self.emit(oxml.paragraph(content, block.style, mark=self.revisions.inserted_mark()), can_host=False)
            return
        self.out[self.host] = oxml.with_mark(self.out[self.host], self.revisions.inserted_mark())
        self.emit(oxml.paragraph(content, block.style), can_host=True)

    def changed(self, old: Block, new: Block) -> None:
        parts = []
        if (old.num or "") == (new.num or ""):
            parts.append(oxml.run(new.num, bold=new.role == "article") if new.num else "")
        else:
            parts.append(self.revisions.deleted(oxml.run(old.num, deleted=True, bold=old.role == "article"))
                         if old.num else "")
            parts.append(self.revisions.inserted(oxml.run(new.num, bold=new.role == "article")) if new.num else "")
        parts.append(self._separator(old, new))
        for op, text in token_ops(old.text, new.text):
            if op == "equal":
                parts.append(oxml.run(text))
            elif op == "delete":
                parts.append(self.revisions.deleted(oxml.run(text, deleted=True)))
            else:
                parts.append(self.revisions.inserted(oxml.run(text)))
        self.emit(oxml.paragraph("".join(parts), new.style), can_host=True)

    def _separator(self, old: Block, new: Block) -> str:
        """The space (or tab) between number and text, tracked when only one side has both."""
        def has(block: Block) -> bool:
            return bool(block.num and block.text)

        sep = oxml.tab() if new.role == "point" else oxml.run(" ")
        if has(old) and has(new):
            return sep
        if has(new):
            return self.revisions.inserted(sep)
        if has(old):
            return self.revisions.deleted(_as_deleted(oxml.tab() if old.role == "point" else oxml.run(" ")))
        return ""

    def _table(self, block: Block, kind: str) -> str:
        table = block.table
        assert table is not None, "a table block carries its table"
        wrap = self.revisions.deleted if kind == "del" else self.revisions.inserted

        def runs(text: str) -> str:
            return wrap(_as_deleted(oxml.run(text)) if kind == "del" else oxml.run(text))

        marks = [self.revisions.row_mark(kind) for _ in table.rows]
        return table_xml(table, self.width, runs=runs, row_marks=marks, shade=False)


def _pairable(old: Block, new: Block) -> bool:
    return old.role == new.role and old.role not in ("table", "heading")


def _plain(block: Block, width: int) -> str:
    return block_xml(block, width)


def _as_deleted(runs: str) -> str:
    """Runs of text turned into deleted text (``w:t`` → ``w:delText``)."""
    return runs.replace("<w:t xml:space=\"preserve\">", "<w:delText xml:space=\"preserve\">") \
        .replace("</w:t>", "</w:delText>")
