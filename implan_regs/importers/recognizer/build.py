"""Stage 2 of the recognizer, tree building: a small state machine fed one line at a time.

:func:`build_tree` splits the front matter (title lines, preamble) from the body and feeds each
body line to :func:`_feed`, which decides in order: a table, a conclusion, the continuation of
a pending heading, a reform note, a structural line (container, plan item, article, transitorios
heading or transitorio, point: :func:`_structure`, :mod:`.points`, :mod:`.transitorios`), or text
(:mod:`.content`). The state it mutates is :class:`.state._State`. :func:`recognize` is the whole
pipeline: this stage, then :func:`.finish.finish`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ...model.numbers import (
    article_key,
    fold,
    ordinal_to_int,
    split_suffix,
)
from ...model.tree import Document, DocumentMeta, Provision
from .. import ImportResult
from ..lines import SourceLine
from ..normalize import join_wrapped
from ..report import ImportReport
from .classify import (
    _article_match,
    _container_key,
    _container_match,
    _heading_level,
    _indent,
    _looks_like_sentence,
    _mostly_upper,
    _tight_list_item,
    _typical_width,
    detect_mode,
)
from .content import _add_note, _add_table, _add_text, _new_paragraph, _starts_paragraph
from .finish import finish
from .patterns import (
    _CONTAINER_LEVEL,
    _CONTAINER_ORDER,
    _NOTE,
    _PLAN_ITEM,
    _PLAN_LEVEL,
    _PREAMBLE_HEAD,
    _SENTENCE_END,
    _TRANSITIONAL,
    _TRANSITORIOS,
)
from .points import _try_point
from .state import _State
from .transitorios import _new_block, _transitorios_structure


def recognize(lines: list[SourceLine], meta: DocumentMeta, *, mode: str | None = None) -> ImportResult:
    """Build the Document for ``lines``; fill the report with counts and warnings."""
    return finish(build_tree(lines, meta, mode=mode))


def build_tree(lines: list[SourceLine], meta: DocumentMeta, *, mode: str | None = None) -> _State:
    """The tree-building stage alone: every line placed (front matter, containers, articles,
    points, párrafos, notes, tables, transitorios), before the passes of :func:`.finish.finish`."""
    report = ImportReport(source=meta.source or "")
    lines = [_with_label(line) for line in lines]
    doc = Document(meta)
    mode = mode or detect_mode(lines)
    state = _State(report, mode, _typical_width(lines), doc)
    start = _body_start(lines)
    _front_matter(lines[:start], state)
    state.phase = "body"
    state.lines = lines
    state.indented = state.mode == "blank" and any(_indent(line) for line in lines)
    for index in range(start, len(lines)):
        state.index = index
        _feed(lines[index], state)
    return state


def _with_label(line: SourceLine) -> SourceLine:
    """A DOCX automatic numbering label ('I.', 'a)') is part of the text as the reader sees it."""
    if not line.label or line.table is not None:
        return line
    label = line.label.strip()
    text = f"{label} {line.text}".strip() if line.text else label
    return replace(line, text=text, label=None)


def _body_start(lines: list[SourceLine]) -> int:
    """Index of the first line of the body: the first container or article line.

    An enacting decree article ("ARTÍCULO PRIMERO. Se expide la Ley...") followed shortly by
    a container belongs to the preamble.
    """
    for i, line in enumerate(lines):
        text = line.text
        if _container_match(text) and not _looks_like_sentence(text):
            return i
        m = _article_match(text)
        if m:
            if not m.group("number")[0].isdigit() and any(_container_match(x.text) for x in lines[i + 1: i + 8]):
                continue
            return i
    return len(lines)


def _front_matter(lines: list[SourceLine], state: _State) -> None:
    """Preface (title lines in capitals at the top) and preamble paragraphs."""
    doc = state.doc
    i = 0
    while i < len(lines) and i < 8:
        line = lines[i]
        if line.table is not None or (i and line.blank_before) or not _mostly_upper(line.text):
            break
        if _PREAMBLE_HEAD.match(line.text):
            break
        doc.preface.append(line.text)
        i += 1
    para: Provision | None = None
    prev = ""
    for line in lines[i:]:
        if line.table is not None:
            doc.preamble.append(Provision("paragraph", table=line.table))
            para, prev = None, ""
            continue
        if para is not None and not _starts_paragraph(line, prev, state):
            para.text = join_wrapped(para.text or "", line.text)
        else:
            para = Provision("paragraph", text=line.text)
            doc.preamble.append(para)
        prev = line.text


def _feed(line: SourceLine, state: _State) -> None:
    text = line.text
    if line.table is not None:
        _add_table(line.table, state)
        return
    if state.phase == "conclusions":
        state.doc.conclusions.append(text)
        return
    structural = state.mode != "blank" or line.blank_before or _heading_level(line) is not None \
        or not state.prev_text or _tight_list_item(text, state.prev_text)
    if state.pending_heading is not None and _extend_heading(line, state):
        return
    if structural and _NOTE.fullmatch(text):
        _add_note(text, state)
        return
    if structural and _structure(line, state):
        state.prev_text = "" if state.pending_heading is not None else text
        return
    _add_text(line, state)
    state.prev_text = text


def _extend_heading(line: SourceLine, state: _State) -> bool:
    """Heading lines after 'CAPÍTULO I' (up to 3, short, not structure, not a sentence)."""
    node = state.pending_heading
    assert node is not None, "called only while a heading is pending"
    text = line.text
    if (state.pending_lines >= 3 or _container_match(text) or _article_match(text) or _TRANSITORIOS.fullmatch(text)
            or (len(text) > 160 and state.mode == "wrapped") or (state.mode in ("blank", "lines") and line.blank_before)
            or (state.pending_lines and line.blank_before)
            or _NOTE.fullmatch(text) or text.endswith((".", ";")) and len(text) > 60):
        state.pending_heading = None
        return False
    if state.pending_lines and not (_mostly_upper(text) == _mostly_upper(node.heading or text) or text[:1].islower()):
        state.pending_heading = None
        return False
    node.heading = f"{node.heading} {text}" if node.heading else text
    state.pending_lines += 1
    state.prev_text = ""
    return True


def _structure(line: SourceLine, state: _State) -> bool:
    text = line.text
    if state.phase == "transitorios":
        return _transitorios_structure(line, state)
    if _TRANSITORIOS.fullmatch(text) and (state.doc.articles() or (state.containers and len(text) < 90)):
        state.phase = "transitorios"
        _new_block(state, heading=text)
        return True
    m = _article_match(text)
    if m and not m.group("number")[0].isdigit() and state.last_article_value.get("body"):
        # "Artículo Primero.-" (or "PRIMERO TRANSITORIO.-") after the numbered articles: the
        # numbering restarts, so the transitorios begin although no heading says so.
        state.phase = "transitorios"
        block = _new_block(state)
        t = _TRANSITIONAL.match(text)
        if t and t.group("named"):
            return _transitorios_structure(line, state)
        if t and ordinal_to_int(t.group("number")) == 1:
            state.report.warn("guess", f"transitorios sin encabezado TRANSITORIOS: «{text[:40]}» reinicia la "
                                       "numeración después de los artículos", line=line.lineno)
            return _transitorios_structure(line, state)
        # "ARTÍCULO SEGUNDO.- ..." otherwise: the enacting decree's next article, text outside the body.
        _new_paragraph(block, text, state)
        return True
    t = _TRANSITIONAL.match(text)
    if t and t.group("named") and state.doc.articles():
        state.phase = "transitorios"
        _new_block(state)
        return _transitorios_structure(line, state)
    m = _container_match(text)
    if m and _plausible_container(line, state):
        _add_container(m, state)
        return True
    m = _PLAN_ITEM.match(text)
    if m and state.article is None and state.containers:
        _add_plan_item(m, state)
        return True
    m = _article_match(text, strict=state.mode == "wrapped")
    if m and _plausible_article(m, line, state):
        _add_article(m.group(0)[: m.start("rest")].strip() if m.group("rest") else text.strip(),
                     m.group("number"), m.group("rest"), line, state)
        return True
    return _try_point(line, state)


def _plausible_container(line: SourceLine, state: _State) -> bool:
    if state.mode == "wrapped" and state.prev_text and not state.prev_text.endswith((".", ":", ";")) \
            and not _mostly_upper(state.prev_text) and not line.blank_before:
        return len(line.text) < 60 and _mostly_upper(line.text)
    return True


def _plausible_article(m: re.Match, line: SourceLine, state: _State) -> bool:
    if m.group("rest") and not m.group("term"):
        return False
    if state.mode == "wrapped" and state.prev_text and not state.prev_text.endswith(_SENTENCE_END + (")", "”", '"')) \
            and not line.blank_before and state.prev_text[-1:].isalpha() and m.group("rest")[:1].islower():
        return False
    return True


def _add_container(m: re.Match, state: _State) -> None:
    level = _CONTAINER_LEVEL[fold(m.group("word"))]
    num = f"{m.group('word')} {m.group('number')}"
    rest = m.group("rest").lstrip(".:-–— ").strip()
    node = Provision(level, num=num, key=_container_key(m.group("number")), heading=rest or None)
    order = _CONTAINER_ORDER[level]
    while state.containers and _CONTAINER_ORDER[state.containers[-1].kind] >= order:
        state.containers.pop()
    parent = state.containers[-1].children if state.containers else state.doc.body
    parent.append(node)
    state.containers.append(node)
    state.article, state.points, state.target, state.target_para = None, [], None, None
    state.pending_heading, state.pending_lines = node, 0 if not rest else 1
    if rest and not rest[-1:].isalnum():
        state.pending_lines = 1


def _add_plan_item(m: re.Match, state: _State) -> None:
    """A plan's objetivo, estrategia or línea de acción: a point of the current chapter; a
    línea "2.3" hangs from estrategia "2" of the same chapter when there is one."""
    level = _PLAN_LEVEL[fold(m.group("word")).split()[0]]
    key = m.group("number")
    container = state.containers[-1]
    parent = container
    if level == "linea":
        head = key.split(".")[0]
        parent = next((c for c in reversed(container.children) if c.kind == "point" and c.level == "estrategia"
                       and c.key == head), container)
    num = m.group(0)[: m.start("rest")].strip() if m.group("rest") else m.group(0).strip()
    node = Provision("point", num=num, key=key, level=level, text=m.group("rest") or None)
    parent.children.append(node)
    state.points = []
    state.target, state.target_para = node, None


def _add_article(num: str, number: str, rest: str, line: SourceLine, state: _State) -> None:
    key = article_key(number)
    node = Provision("article", num=num, key=key)
    parent = state.containers[-1].children if state.containers else state.doc.body
    parent.append(node)
    state.article, state.points = node, []
    state.target, state.target_para = node, None
    if rest:
        para = Provision("paragraph", text=rest)
        node.children.append(para)
        state.target_para = para
    _check_article_order(key, line, state)


def _article_value(key: str) -> tuple[int, int]:
    base, suffix = split_suffix(key)
    from ...model.numbers import SUFFIXES
    value = int(base) if base.isdigit() else 0
    return value, (SUFFIXES.index(suffix) + 1 if suffix in SUFFIXES else 0)


def _check_article_order(key: str, line: SourceLine, state: _State) -> None:
    value = _article_value(key)
    prev = state.last_article_value.get("body")
    if prev is not None and value[0]:
        if value == prev:
            state.report.warn("duplicate", f"el artículo {key} aparece dos veces", line=line.lineno)
        elif value < prev:
            state.report.warn("order", f"el artículo {key} está fuera de orden (después del {prev[0]})",
                              line=line.lineno)
        elif value[1] == 0 and value[0] > prev[0] + 1:
            missing = f"{prev[0] + 1}" if value[0] == prev[0] + 2 else f"{prev[0] + 1} al {value[0] - 1}"
            state.report.warn("gap", f"falta el artículo {missing} (del {prev[0]} se pasa al {value[0]})",
                              line=line.lineno)
    if value[0]:
        state.last_article_value["body"] = value
