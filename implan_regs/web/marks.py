"""The two columns of a comparison row as printed paragraphs with their changed words.

The diff gives word runs over a whole article; the exports already know how to lay those runs
over the printed paragraphs (:func:`implan_regs.export.layout.node_blocks`,
:func:`implan_regs.export.marks.side_flags`). This adapter only shapes their output for the
templates; without the export package a row falls back to one paragraph per side.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from ..diff import model as dm

#: The change types as the filter and the row labels show them (capitalized names of the diff's vocabulary).
CHANGE_NAMES = {kind: name.capitalize() for kind, name in dm.CHANGE_NAMES.items()}


@dataclass
class Para:
    role: str
    num: str | None
    runs: list[tuple[str, bool]]  # (text, changed)
    depth: int = 0


@dataclass
class Row:
    change: dm.Change
    old: list[Para] | None  # None: no counterpart
    new: list[Para] | None

    @property
    def eid(self) -> str:
        side = self.change.new or self.change.old
        return side.eid if side is not None else ""


def row(change: dm.Change, old_node, new_node) -> Row:
    from ..export.marks import marked_sides

    old_blocks, old_runs, new_blocks, new_runs = marked_sides(change.words, old_node, new_node,
                                                              unchanged=change.type == dm.UNCHANGED)
    old_paras = [_para(block, runs) for block, runs in zip(old_blocks, old_runs, strict=True)]
    new_paras = [_para(block, runs) for block, runs in zip(new_blocks, new_runs, strict=True)]
    return Row(change, old_paras if old_node is not None else None, new_paras if new_node is not None else None)


def _para(block, runs: list[tuple[str, bool]]) -> Para:
    num = block.num if block.role in ("point", "article", "heading", "transitorios") else None
    para = Para(block.role, num, list(runs), block.depth)
    if para.role == "point" and para.num and para.runs and para.runs[0][0].startswith(para.num):
        text, changed = para.runs[0]  # the point's number is printed apart: drop it from the first run
        para.runs[0] = (text[len(para.num):], changed)
    para.runs = _spaces_outside(para.runs)
    return para


def _spaces_outside(runs: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Leading spaces of a changed run are not marked (no struck-through blank before a word)."""
    out = []
    for text, changed in runs:
        stripped = text.lstrip()
        if changed and stripped != text:
            out.append((text[: len(text) - len(stripped)], False))
            text = stripped
        if text:
            out.append((text, changed))
    return out


def rows(old_doc, new_doc, diff: dm.Diff, types: AbstractSet[dm.ChangeType] | None) -> list[Row]:
    """The comparison rows (articles, then transitorios blocks) whose type is in ``types`` (all: None)."""
    old_index = {n.eid: n for n in old_doc.walk()}
    new_index = {n.eid: n for n in new_doc.walk()}
    out = []
    for change in diff.articles + diff.transitorios:
        if types is not None and change.type not in types:
            continue
        out.append(row(change, old_index.get(change.old.eid) if change.old else None,
                       new_index.get(change.new.eid) if change.new else None))
    return out
