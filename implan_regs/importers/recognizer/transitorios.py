"""Transitorios in the tree-building stage: TRANSITORIOS headings (with the decree each block
belongs to), transitorios in every real form (``PRIMERO.-``, ``Artículo Primero.-``), reform
decree titles and publication lines between blocks, and signature lines."""

from __future__ import annotations

from ...model.numbers import (
    article_key,
    ordinal_to_int,
)
from ...model.tree import Provision
from ..lines import SourceLine
from ..normalize import join_wrapped
from .classify import _article_match, _mostly_upper
from .content import _new_paragraph, _starts_paragraph
from .patterns import (
    _BARE_TRANSITORIOS,
    _CONCLUSIONS,
    _DECREE,
    _PART_AND_DECREE,
    _PUBLICATION,
    _REFORM_TITLE,
    _TRANSITIONAL,
    _TRANSITORIOS,
)
from .points import _try_point
from .state import _State


def _new_block(state: _State, *, heading: str | None = None, subheading: str | None = None) -> Provision:
    block = Provision("transitorios", heading=heading, subheading=subheading)
    state.doc.body.append(block)
    state.block, state.article, state.points = block, None, []
    state.target, state.target_para, state.containers = block, None, []
    return block


def _transitorios_structure(line: SourceLine, state: _State) -> bool:
    text = line.text
    block = state.block
    m = _PART_AND_DECREE.match(text)
    if m:
        _transitorios_heading(m.group("part"), state)
        _decree_title(m.group("decree"), state)
        return True
    if state.signature and not (_TRANSITORIOS.fullmatch(text) and len(text) < 90) and not _DECREE.match(text):
        _signature_line(line, state)
        return True
    if _CONCLUSIONS.match(text) and block is not None:
        state.signature = True
        _signature_line(line, state, first=True)
        return True
    state.signature = False
    if block is not None and block.subheading and not block.children and _PUBLICATION.match(text):
        block.subheading = f"{block.subheading} {text}"
        state.target, state.target_para = block, None
        state.prev_text = text
        return True
    if _TRANSITORIOS.fullmatch(text) and len(text) < 90:
        _transitorios_heading(text, state)
        return True
    if _DECREE.match(text) and (line.blank_before or state.mode != "blank" or _fresh_block(block)):
        _decree_title(text, state)
        return True
    if _REFORM_TITLE.fullmatch(text) and _mostly_upper(text) and _transitorios_ahead(state):
        _decree_title(text, state)
        return True
    if state.decree_intro:
        return False  # the reform decree's own articles: text of the block, not transitorios
    m = _TRANSITIONAL.match(text)
    if m and not (m.group("rest")[:1].islower() and "-" not in m.group("term")):
        _add_transitional(text[: m.start("rest")].strip() if m.group("rest") else text.strip(),
                          m.group("number"), m.group("rest"), state)
        return True
    m = _article_match(text)
    if m and m.group("number")[0].isdigit() and block is not None and block.heading:
        _add_transitional(text[: m.start("rest")].strip() if m.group("rest") else text.strip(),
                          m.group("number"), m.group("rest"), state)
        return True
    return _try_point(line, state)


def _fresh_block(block: Provision | None) -> bool:
    return block is not None and block.heading is not None and not block.subheading and not block.children


def _decree_title(text: str, state: _State) -> None:
    """A reform decree's title: the subheading of a new block (or of a block that only has its heading)."""
    block = state.block
    if block is None or not _fresh_block(block):
        block = _new_block(state)
    block.subheading = text
    state.signature = False
    state.decree_intro = _heading_ahead(state)
    state.target, state.target_para = block, None


def _signature_line(line: SourceLine, state: _State, *, first: bool = False) -> None:
    """Signatures: trailing paragraphs of the block (moved to the conclusions when they end the document)."""
    block = state.block
    if block is None:
        return
    text = line.text
    last = state.target_para
    if not first and last is not None and state.signature_paras and last is state.signature_paras[-1] \
            and state.mode == "wrapped" and not _starts_paragraph(line, last.text or "", state):
        last.text = join_wrapped(last.text or "", text)
        return
    para = Provision("paragraph", text=text)
    block.children.append(para)
    state.signature_paras.append(para)
    state.target, state.target_para = block, para


def _transitorios_ahead(state: _State) -> bool:
    """A TRANSITORIOS heading (or a first transitorio) follows within a few lines."""
    for line in state.lines[state.index + 1: state.index + 4]:
        t = _TRANSITIONAL.match(line.text)
        if _TRANSITORIOS.fullmatch(line.text) or (t and ordinal_to_int(t.group("number")) in (1, None)):
            return True
    return False


def _heading_ahead(state: _State) -> bool:
    """Does a TRANSITORIOS heading come before the next decree? Then the decree's own
    articles come first (and are its text, not transitorios)."""
    for line in state.lines[state.index + 1: state.index + 400]:
        if _BARE_TRANSITORIOS.fullmatch(line.text):
            return True
        if _DECREE.match(line.text) or _TRANSITORIOS.fullmatch(line.text):
            return False
    return False


def _transitorios_heading(text: str, state: _State) -> None:
    """'TRANSITORIOS' inside the transitorios part: a new block, or the heading of the current one."""
    state.signature = False
    block = state.block
    has_items = block is not None and any(c.kind == "transitional" for c in block.children)
    if state.decree_intro and block is not None and block.heading is not None and not _BARE_TRANSITORIOS.fullmatch(text):
        state.decree_intro = False  # a new part heading: the previous decree had no TRANSITORIOS heading
        _new_block(state, heading=text)
    elif state.decree_intro and block is not None and not has_items:
        if block.heading is None:
            block.heading = text
        else:
            _new_paragraph(block, text, state)
            state.target = block
        state.decree_intro = False
    elif block is None or has_items or block.heading is not None or block.children:
        _new_block(state, heading=text)
    else:
        block.heading = text


def _add_transitional(num: str, number: str, rest: str, state: _State) -> None:
    block = state.block or _new_block(state, heading=None)
    node = Provision("transitional", num=num, key=article_key(number))
    block.children.append(node)
    state.points = []
    state.target, state.target_para = node, None
    if rest:
        para = Provision("paragraph", text=rest)
        node.children.append(para)
        state.target_para = para


def _subheading_continues(line: SourceLine, state: _State) -> bool:
    block = state.block
    return bool(block is not None and block.subheading and not block.children and state.target is block)
