"""Points (fracciones, incisos, numerales, subincisos, apartados) in the tree-building stage:
which level a label takes in its context (a stated hint, the open points, the indent), and
where the new point goes."""

from __future__ import annotations

import re

from ...model.numbers import (
    ROMAN_RE,
)
from ...model.tree import Provision
from ..lines import SourceLine
from .classify import _indent, _point_label
from .patterns import _SENTENCE_END
from .state import Label, _Open, _State


def _owner(state: _State) -> Provision | None:
    if state.phase == "transitorios":
        block = state.block
        if block is not None and block.children and block.children[-1].kind == "transitional":
            return block.children[-1]
        return None
    return state.article


def _try_point(line: SourceLine, state: _State) -> bool:
    owner = _owner(state)
    if owner is None:
        return False
    if line.hint is not None and line.hint.kind != "point":
        return False  # the source states it is an unnumbered paragraph
    label = _point_label(line.text)
    if label is None:
        return False
    indent = _indent(line)
    stated = _stated_place(label, line, state)
    if stated is not None:
        _add_point(label, *stated, indent, state)
        return True
    choice = _place_label(label, indent, state)
    if choice is None:
        return False
    level, key, value, parent_index, exact = choice
    if state.mode == "wrapped" and not _label_context_ok(label, line, state, exact):
        return False
    if not exact and parent_index >= -1 and value != 1:
        state.report.warn("gap", f"numeración con salto antes de «{label.num}»", line=line.lineno)
    _add_point(label, level, key, value, parent_index, indent, state)
    return True


def _stated_place(label: Label, line: SourceLine, state: _State) -> tuple[str, str, int, int] | None:
    """(level, key, value, parent index) of a point whose level and depth the source states
    (:class:`~.lines.StructureHint`); None without a hint or when the label has no such reading."""
    hint = line.hint
    if hint is None:
        return None
    for level, key, value in label.readings:
        if level == hint.level:
            return level, key, value, min(hint.depth, len(state.points)) - 1
    return None


def _label_context_ok(label: Label, line: SourceLine, state: _State, exact: bool) -> bool:
    """Reject a roman-looking word that merely starts a wrapped line of running text."""
    prev = state.prev_text
    if not prev or line.blank_before:
        return True
    lower = label.rest[:1].islower()
    if prev.endswith(_SENTENCE_END) or re.search(rf"(?:^|\s)(?:{ROMAN_RE}|[a-z]|\d+)[.)]-?$", prev):
        return True
    if exact:
        return not lower or prev.endswith((",", " y", " o", " e"))
    return not lower and len(prev) < 0.8 * state.width


def _place_label(label: Label, indent: int, state: _State) -> tuple[str, str, int, int, bool] | None:
    """Choose a reading and a parent: continue an open sequence, or start a new list.

    Returns (level, key, value, index in ``state.points`` of the parent (-1 = the owner),
    whether the label exactly continues an open sequence).
    """
    stack = state.points
    for level, key, value in label.readings:
        for i in range(len(stack) - 1, -1, -1):
            open_point = stack[i]
            if open_point.level == level and _continues(open_point, value, key) and _indent_fits(indent, open_point, state):
                return level, key, value, i - 1, True
    for level, key, value in label.readings:
        if value == 1 or (level == "fraccion" and not stack):
            return level, key, value, _parent_for_indent(indent, state), value == 1
    # Tolerate a small gap (a lost label in the PDF) when it continues the deepest sequence.
    for level, key, value in label.readings:
        for i in range(len(stack) - 1, -1, -1):
            open_point = stack[i]
            if open_point.level == level and open_point.value < value <= open_point.value + 3:
                return level, key, value, i - 1, False
    return None


def _continues(open_point: _Open, value: int, key: str) -> bool:
    if value == open_point.value + 1:
        return True
    return value == open_point.value and key != (open_point.node.key or "")  # "XXIX Bis" after "XXIX"


def _indent_fits(indent: int, open_point: _Open, state: _State) -> bool:
    return not state.indented or indent == open_point.indent


def _parent_for_indent(indent: int, state: _State) -> int:
    stack = state.points
    if state.indented:
        for i in range(len(stack) - 1, -1, -1):
            if stack[i].indent < indent:
                return i
        return -1
    return len(stack) - 1


def _add_point(label: Label, level: str, key: str, value: int, parent_index: int, indent: int,
               state: _State) -> None:
    owner = _owner(state)
    del state.points[parent_index + 1:]
    parent = state.points[parent_index].node if parent_index >= 0 else owner
    assert parent is not None, "a point is placed only where an article or transitorio is open"
    node = Provision("point", num=label.num, key=key, level=level, text=label.rest or None)
    parent.children.append(node)
    state.points.append(_Open(node, level, value, indent))
    state.target, state.target_para = node, None
