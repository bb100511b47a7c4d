"""Plain-text import (pdftotext output, hand-typed text, our own rendered text).

Owns the path text -> :mod:`.normalize` -> :class:`~.lines.SourceLine` -> :func:`.recognizer.recognize`.

>>> from implan_regs.model.tree import DocumentMeta
>>> r = import_text("Artículo 1.- Objeto.\\nArtículo 2.- Ámbito.", DocumentMeta(work="x", kind="reglamento", title="X"))
>>> [a.eid for a in r.document.articles()]
['art_1', 'art_2']
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model.tree import DocumentMeta, Table
from . import ImportResult
from .lines import SourceLine
from .normalize import clean_lines, read_source
from .recognizer import detect_mode, recognize
from .report import check_collapse, check_text_kept

# A pipe-table row, and the separator row under the header ("|---|---|").
_PIPE_ROW = re.compile(r"\|.*\|")
_SEPARATOR = re.compile(r"\|(?:\s*:?-{3,}:?\s*\|)+")


def text_to_lines(text: str) -> list[SourceLine]:
    """Clean text into SourceLines; indentation is kept (``SourceLine.indent``) only for
    blank-line separated text, where it is meaningful."""
    cleaned = clean_lines(text, keep_indent=True)
    lines = _tables([SourceLine(c.text, c.lineno, blank_before=c.blank_before, indent=c.indent) for c in cleaned])
    if detect_mode(lines) != "blank":
        for line in lines:
            line.indent = 0
    return lines


def _tables(lines: list[SourceLine]) -> list[SourceLine]:
    """Pipe tables ("| a | b |" rows, a "|---|" separator after the header rows) -> one line."""
    out: list[SourceLine] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _PIPE_ROW.fullmatch(lines[j].text) and (j == i or not lines[j].blank_before):
            j += 1
        rows = [lines[k].text for k in range(i, j)]
        seps = [k for k, row in enumerate(rows) if _SEPARATOR.fullmatch(row)]
        if j - i >= 2 and seps:
            cells = [[c.strip() for c in row.strip()[1:-1].split("|")] for row in rows if not _SEPARATOR.fullmatch(row)]
            out.append(SourceLine("", lines[i].lineno, table=Table.from_marked(cells, seps[0]),
                                  blank_before=lines[i].blank_before))
            i = j
            continue
        out.append(lines[i])
        i += 1
    return out


def import_text(text: str, meta: DocumentMeta, *, source: str = "<texto>") -> ImportResult:
    """Import text already in memory."""
    lines = text_to_lines(text)
    result = recognize(lines, meta)
    check_collapse(result, lines)
    check_text_kept(result, text)
    result.report.source = source
    return result


def import_text_file(path: Path | str, meta: DocumentMeta) -> ImportResult:
    """Import a ``.txt`` file (UTF-8, UTF-8 with BOM or Windows-1252; see :func:`.normalize.decode_source`)."""
    path = Path(path)
    decoded = read_source(path)
    result = import_text(decoded.text, meta, source=str(path))
    decoded.report_to(result.report)
    return result
