"""The common currency of every line-based importer: :class:`SourceLine`.

PDF, plain text, Markdown, reStructuredText and DOCX importers each turn their source
into a list of ``SourceLine`` (text plus what the format told us: a style, an automatic
numbering label, a table). :func:`implan_regs.importers.recognizer.recognize` then builds
the provision tree from them, so the structural rules of Mexican drafting live in one
place.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.tree import Table


@dataclass
class SourceLine:
    text: str
    lineno: int = 0  # 1-based line (or DOCX paragraph) number in the source, for warnings
    table: Table | None = None  # a whole table, when the source has real tables (DOCX, Markdown)
    style: str | None = None  # format hint: DOCX style name, 'h1'..'h6' for Markdown/RST headings
    label: str | None = None  # DOCX automatic numbering label ('I.', 'a)') not present in ``text``
    blank_before: bool = False  # a blank line (paragraph break) preceded this line
    indent: int = 0  # leading spaces (text, RST): which fracción a blank-separated paragraph belongs to
