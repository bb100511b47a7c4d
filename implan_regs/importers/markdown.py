"""Markdown import: headings, emphasis and pipe tables -> SourceLines -> the recognizer.

``#``..``######`` become styles ``h1``..``h6``; emphasis markers and links are stripped; a
pipe table becomes one ``SourceLine`` carrying a :class:`~implan_regs.model.tree.Table`.
Converters of legal PDFs write one paragraph a line; when lines are long the file is read
that way (each line its own paragraph), otherwise as ordinary Markdown (blank lines separate
paragraphs). ``### Artículo 1`` followed by a line ``. La …`` is rejoined.

>>> [l.text for l in markdown_to_lines("## **Artículo 1**\\n. Objeto *del* reglamento.")]
['Artículo 1. Objeto del reglamento.']
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model.tree import DocumentMeta, Table
from . import ImportResult
from .lines import SourceLine
from .normalize import clean_inline, read_source
from .recognizer import recognize
from .report import check_collapse

_HEADING = re.compile(r"(#{1,6})\s+(.*?)\s*#*\s*$")
# Bold/italic markers around words (not a lone "*" used as a bullet or multiplication).
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_RULE = re.compile(r"\s*(?:-{3,}|\*{3,}|_{3,})\s*")
_TABLE_SEPARATOR = re.compile(r"\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*")
# A body line that only finishes an article heading: ". La presente Ley…", ".- Objeto".
_HEADING_TAIL = re.compile(r"\s*[.\-–—]+\s*")


def strip_inline(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    for _ in range(2):
        text = _EMPHASIS.sub(r"\2", text)
    text = text.replace("\\*", "*").replace("\\_", "_")
    return clean_inline(text)


def _cells(line: str) -> list[str]:
    return [strip_inline(c) for c in line.strip().strip("|").split("|")]


def markdown_to_lines(text: str) -> list[SourceLine]:
    raw = text.replace("\r\n", "\n").split("\n")
    out: list[SourceLine] = []
    blank = False
    i = 0
    while i < len(raw):
        line = raw[i]
        stripped = line.strip()
        if stripped.startswith("|") and i + 1 < len(raw) and _TABLE_SEPARATOR.fullmatch(raw[i + 1]):
            rows = [_cells(line)]
            i += 2
            while i < len(raw) and raw[i].strip().startswith("|"):
                rows.append(_cells(raw[i]))
                i += 1
            out.append(SourceLine("", i, table=Table(rows, 1), blank_before=True))
            blank = True
            continue
        i += 1
        if not stripped or _RULE.fullmatch(stripped):
            blank = True
            continue
        m = _HEADING.fullmatch(stripped)
        style = None
        if m:
            style, stripped = f"h{len(m.group(1))}", m.group(2)
        stripped = re.sub(r"^(?:>\s?)+", "", stripped)
        cleaned = strip_inline(stripped)
        if not cleaned:
            continue
        if out and out[-1].style and out[-1].style.startswith("h") and style is None \
                and _HEADING_TAIL.match(cleaned) and cleaned[:1] in ".-–—":
            out[-1].text = out[-1].text + cleaned  # "### Artículo 1" + ". La presente…"
            out[-1].style = None
            blank = False
            continue
        out.append(SourceLine(cleaned, i, style=style, blank_before=blank or style is not None))
        blank = style is not None
    _one_paragraph_per_line(out)
    return out


def _one_paragraph_per_line(lines: list[SourceLine]) -> None:
    """Long lines mean the converter wrote one paragraph a line: mark every line as a paragraph."""
    texts = [len(line.text) for line in lines if line.table is None]
    if texts and sum(texts) / len(texts) > 100:
        after_heading = False
        for line in lines:
            if not after_heading:
                line.blank_before = True
            after_heading = bool(line.style)


def import_markdown(path: Path | str, meta: DocumentMeta) -> ImportResult:
    path = Path(path)
    decoded = read_source(path)
    lines = markdown_to_lines(decoded.text)
    result = recognize(lines, meta, mode="blank")
    check_collapse(result, lines)
    decoded.report_to(result.report)
    result.report.source = str(path)
    return result
