"""Text in the tree-building stage: whether a line starts a new párrafo (:func:`_starts_paragraph`,
the hardest judgement), which provision a párrafo belongs to, text that no provision can take,
reform notes and tables."""

from __future__ import annotations

from ...model.tree import Provision, Table
from ..definitions import is_glossary, opens_entry
from ..lines import SourceLine
from ..normalize import join_wrapped
from .classify import _article_match, _heading_like, _indent
from .patterns import _PUBLICATION, _SENTENCE_END, _TRANSITIONAL, PLAN_LEVELS
from .points import _owner
from .state import _State


def _starts_paragraph(line: SourceLine, prev: str, state: _State) -> bool:
    """The hardest judgement: does ``line`` begin a new paragraph after ``prev``?"""
    if not prev:
        return True
    text = line.text
    if state.mode == "lines":
        return True
    if state.article is not None and is_glossary(state.article) and opens_entry(text, prev):
        return True
    if state.mode == "blank":
        return line.blank_before
    ends_sentence = prev.rstrip('"”)').endswith(_SENTENCE_END)
    first = text.lstrip("\"“¿¡(")[:1]
    starts_upper = first.isupper() or first.isdigit()
    if not starts_upper:
        return False
    if _heading_like(prev):
        return True
    if not ends_sentence:
        return line.blank_before and len(prev) < 0.6 * state.width
    if line.blank_before or prev.endswith(":"):
        return True
    if len(prev) >= 0.8 * state.width:
        return False
    if line.page is not None:  # the page showed no gap nor indent (a page break, a tight layout)
        state.report.warn("guess", f"párrafo nuevo supuesto porque la línea anterior es corta: «{text[:60]}»",
                          line=line.lineno)
    return True


def _add_text(line: SourceLine, state: _State) -> None:
    text = line.text
    target = state.target
    if target is None:
        _unplaced_text(line, state)
        return
    new_para = _starts_paragraph(line, state.prev_text, state)
    if not new_para and target.kind == "transitorios" and target.subheading and state.target_para is None \
            and not _PUBLICATION.search(target.subheading) \
            and not (text[:1].isupper() and (_TRANSITIONAL.match(text) or _article_match(text))):
        target.subheading = join_wrapped(target.subheading, text)  # a decree title wrapped over lines
        return
    if target.kind == "transitorios" and state.target_para is None:
        new_para = True  # the decree's own text after its title and publication line
    if not new_para and _too_long(state.target_para or target):
        new_para = True  # bounded: joining onto a huge text copies it, so a huge run is quadratic
        state.report.warn("long", f"párrafo de más de {MAX_PARAGRAPH:,} caracteres: continúa en un párrafo "
                                  "nuevo".replace(",", " "), line=line.lineno)
    if not new_para:
        if state.target_para is not None:
            state.target_para.text = join_wrapped(state.target_para.text or "", text)
        elif target.kind == "point" and target.text is not None:
            target.text = join_wrapped(target.text, text)
        elif target.kind == "point":
            target.text = text
        else:
            _new_paragraph(target, text, state)
        return
    if target.kind == "point" and target.text is None and not target.children and line.hint is None:
        target.text = text  # "I." alone, then its text after a blank line
        return
    owner = _paragraph_owner(line, state)
    _new_paragraph(owner, text, state)


#: Longest text a párrafo (or a point's own text) grows to by joining wrapped lines; far above
#: any real one (the Constitution's longest is under 6,000 characters).
MAX_PARAGRAPH = 50_000


def _too_long(node: Provision) -> bool:
    return len(node.text or "") > MAX_PARAGRAPH


def _new_paragraph(owner: Provision, text: str, state: _State) -> None:
    para = Provision("paragraph", text=text)
    owner.children.append(para)
    state.target_para = para


def _paragraph_owner(line: SourceLine, state: _State) -> Provision:
    """Which node a new unnumbered paragraph belongs to: an open point or the article."""
    owner = _owner(state) or state.target
    assert owner is not None, "text is placed only once some provision is open"
    stack = state.points
    if owner.kind == "point" and owner.level in PLAN_LEVELS and state.containers:
        chapter = state.target = state.containers[-1]  # prose after an estrategia or a línea: the chapter's
        return chapter
    if not stack:
        current = state.target
        return current if current is not None and current.kind != "point" else owner
    if line.hint is not None:  # the source states how many points enclose the paragraph
        del stack[min(line.hint.depth, len(stack)):]
        enclosing = state.target = stack[-1].node if stack else owner
        return enclosing
    indent = _indent(line)
    if state.indented:
        for i in range(len(stack) - 1, -1, -1):
            if stack[i].indent < indent:
                del stack[i + 1:]
                state.target = stack[i].node
                return stack[i].node
        del stack[:]
        state.target = owner
        return owner
    last = stack[-1].node
    if state.mode == "lines":  # a blank line after a list closes it; a line right after a point is its own
        if not line.blank_before:
            return last
        del stack[:]
        state.target = owner
        return owner
    last_text = _last_text(last)
    if state.mode == "blank" or last_text.endswith(":") or not last_text.endswith("."):
        if state.mode != "blank" or last_text.endswith(":"):
            return last
    del stack[:]
    state.target = owner
    return owner


def _last_text(node: Provision) -> str:
    for child in reversed(node.children):
        if child.kind == "paragraph" and child.text:
            return child.text.rstrip()
    return (node.text or "").rstrip()


def _unplaced_text(line: SourceLine, state: _State) -> None:
    if state.phase == "transitorios" and state.block is not None:
        _new_paragraph(state.block, line.text, state)
        state.target = state.block
        return
    if state.containers:
        container = state.containers[-1]
        _new_paragraph(container, line.text, state)
        state.target = container
        return
    state.report.warn("unplaced", f"texto fuera de toda disposición: «{line.text[:60]}»", line=line.lineno)
    _new_paragraph_body(line.text, state)


def _new_paragraph_body(text: str, state: _State) -> None:
    para = Provision("paragraph", text=text)
    state.doc.preamble.append(para)
    state.target = None


def _add_note(text: str, state: _State) -> None:
    node = (state.points[-1].node if state.points else None) or state.target or _owner(state)
    if node is None:
        node = state.containers[-1] if state.containers else None
    if node is None:
        state.doc.preamble.append(Provision("paragraph", text=text))
        return
    text = text.strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    node.notes.append(text)


def _add_table(table: Table, state: _State) -> None:
    owner = state.target or _owner(state) or (state.containers[-1] if state.containers else None)
    para = Provision("paragraph", table=table)
    if owner is None:
        if state.phase == "front" or not state.doc.body:
            state.doc.preamble.append(para)
        else:
            state.doc.body.append(para)
        return
    owner.children.append(para)
    state.target_para = None
    state.prev_text = ""
