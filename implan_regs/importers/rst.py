"""reStructuredText import: section titles, bold markers, indentation -> SourceLines.

Section underlines (and overlines) give heading styles ``h1``..``h6`` in order of first
appearance; ``**Artículo 1o**`` loses its markers; directives (``.. contents::``) and
comments are dropped; indentation is passed on as ``SourceLine.indent`` because in RST it says
which fracción a paragraph belongs to; simple grid tables become a Table.

>>> [(l.text, l.style) for l in rst_to_lines("Título Primero\\n--------------\\n\\n**Artículo 1o**\\n")]
[('Título Primero', 'h1'), ('Artículo 1o', None)]
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model.tree import DocumentMeta, Table
from . import ImportResult
from .lines import SourceLine
from .normalize import clean_inline, read_source
from .recognizer import recognize
from .report import check_collapse, check_text_kept

# An underline/overline: one punctuation character repeated (RST allows any of these).
_ADORNMENT = re.compile(r"([=\-`:'\"~^_*+#<>.])\1{2,}\s*")
_DIRECTIVE = re.compile(r"\.\.\s")
_GRID_BORDER = re.compile(r"\+(?:[-=]+\+)+\s*")
# Inline markup: bold/italic markers around words (not a lone "*"), links, escaped markers.
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def strip_inline(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    for _ in range(2):
        text = _EMPHASIS.sub(r"\2", text)
    text = text.replace("\\*", "*").replace("\\_", "_")
    return clean_inline(text)


def _is_underline(line: str, title: str) -> bool:
    return bool(_ADORNMENT.fullmatch(line)) and len(line.rstrip()) >= len(title.strip()) and bool(title.strip())


def rst_to_lines(text: str) -> list[SourceLine]:
    raw = text.replace("\r\n", "\n").replace("\t", "    ").split("\n")
    styles: list[str] = []
    out: list[SourceLine] = []
    blank = True
    i = 0
    while i < len(raw):
        line = raw[i]
        if _GRID_BORDER.fullmatch(line.strip()):
            i, table = _grid_table(raw, i)
            out.append(SourceLine("", i, table=table, blank_before=True))
            blank = True
            continue
        over = bool(_ADORNMENT.fullmatch(line)) and i + 2 < len(raw) and _is_underline(raw[i + 2], raw[i + 1])
        if over or (i + 1 < len(raw) and line.strip() and not line.startswith(" ")
                    and _is_underline(raw[i + 1], line) and not _ADORNMENT.fullmatch(line)):
            title = raw[i + 1] if over else line
            key = ("o" if over else "u") + (raw[i + 2] if over else raw[i + 1]).strip()[0]
            if key not in styles:
                styles.append(key)
            out.append(SourceLine(strip_inline(title), i + 1, style=f"h{min(6, styles.index(key) + 1)}",
                                  blank_before=True))
            i += 3 if over else 2
            blank = True
            continue
        i += 1
        if not line.strip():
            blank = True
            continue
        if _DIRECTIVE.match(line.strip()) or _ADORNMENT.fullmatch(line):
            blank = True
            continue
        indent = len(line) - len(line.lstrip(" "))
        cleaned = strip_inline(re.sub(r"^\|\s", "", line.strip()))
        if cleaned:
            out.append(SourceLine(cleaned, i, blank_before=blank, indent=indent))
        blank = False
    return out


def _grid_table(raw: list[str], i: int) -> tuple[int, Table]:
    """Read a grid table starting at its top border; return (next line index, table)."""
    rows: list[list[str]] = []
    header_rows = 0
    current: list[str] | None = None
    i += 1
    while i < len(raw) and raw[i].strip().startswith(("|", "+")):
        line = raw[i].strip()
        if line.startswith("+"):
            if current is not None:
                rows.append([strip_inline(c) for c in current])
            if "=" in line:
                header_rows = len(rows)
            current = None
        else:
            cells = [c.strip() for c in line.strip("|").split("|")]
            current = cells if current is None else [f"{a} {b}".strip() for a, b in zip(current, cells, strict=False)]
        i += 1
    return i, Table(rows or [[""]], header_rows)


def import_rst(path: Path | str, meta: DocumentMeta) -> ImportResult:
    path = Path(path)
    decoded = read_source(path)
    lines = rst_to_lines(decoded.text)
    result = recognize(lines, meta, mode="blank")
    check_collapse(result, lines)
    check_text_kept(result, decoded.text)
    decoded.report_to(result.report)
    result.report.source = str(path)
    return result
