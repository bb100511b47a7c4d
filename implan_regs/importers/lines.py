"""The common currency of every line-based importer: :class:`SourceLine`.

PDF, plain text, Markdown, reStructuredText and DOCX importers each turn their source
into a list of ``SourceLine`` (text plus what the format told us: a style, an automatic
numbering label, a table). :func:`implan_regs.importers.recognizer.recognize` then builds
the provision tree from them, so the structural rules of Mexican drafting live in one
place.

A format that marks structure unambiguously (our own consolidated DOCX export, whose
paragraph styles name each paragraph's role and depth) adds a :class:`StructureHint`; the
recognizer then places the line where the hint says instead of guessing. Lines without a
hint (every other format, and paragraphs in styles that are not ours) are recognized as
before.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.tree import Table


@dataclass(frozen=True)
class StructureHint:
    """What the source states a line is.

    ``kind``: ``"point"`` (a numbered fracción, inciso...) or ``"paragraph"`` (unnumbered text,
    never a point). ``depth``: how many points enclose the line (0: the article's own
    paragraph or point; 1: inside a fracción...). ``level``: a point's level (``"fraccion"``,
    ``"apartado"``, ``"inciso"``, ``"numeral"``, ``"subinciso"``).
    """

    kind: str
    depth: int
    level: str | None = None


@dataclass
class SourceLine:
    text: str
    lineno: int = 0  # 1-based line (or DOCX paragraph) number in the source, for warnings
    table: Table | None = None  # a whole table, when the source has real tables (DOCX, Markdown)
    style: str | None = None  # format hint: DOCX style name, 'h1'..'h6' for Markdown/RST headings
    label: str | None = None  # DOCX automatic numbering label ('I.', 'a)') not present in ``text``
    blank_before: bool = False  # a blank line (paragraph break) preceded this line
    indent: int = 0  # leading spaces (text, RST): which fracción a blank-separated paragraph belongs to
    hint: StructureHint | None = None  # stated role and depth (our DOCX export's styles)
    page: int | None = None  # the PDF page the line was printed on (positioned reader), for warnings
