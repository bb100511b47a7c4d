"""Markdown import: CommonMark (markdown-it-py) blocks -> SourceLines -> the recognizer.

A CommonMark parser, not regular expressions, decides what is markup: ``uso_de_suelo_mixto``
keeps its underscores, ``\\*`` is an asterisk, emphasis markers and links leave only their
text. ``#``..``######`` (and setext) headings become styles ``h1``..``h6``; a pipe table
becomes one ``SourceLine`` carrying a :class:`~implan_regs.model.tree.Table`; list markers the
parser reads as list syntax (``1.``, ``2)``, ``-``) are put back, since in a legal text they
are numbering. Every source line of a paragraph stays its own ``SourceLine`` (converters of
legal PDFs write one paragraph a line: when lines are long every line is a paragraph),
otherwise blank lines separate paragraphs. ``### Artículo 1`` followed by a line ``. La …``
is rejoined.

>>> [l.text for l in markdown_to_lines("## **Artículo 1**\\n. Objeto *del* uso_de_suelo_mixto \\\\*.")]
['Artículo 1. Objeto del uso_de_suelo_mixto *.']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..model.tree import DocumentMeta, Table
from . import ImportResult
from .lines import SourceLine
from .normalize import clean_inline, read_source
from .recognizer import recognize
from .report import check_collapse, check_text_kept

_PARSER = MarkdownIt("commonmark").enable("table")
_RULE = re.compile(r"\s*(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})")
# A body line that only finishes an article heading: ". La presente Ley…", ".- Objeto".
_HEADING_TAIL = re.compile(r"\s*[.\-–—]+\s*")
_LITERAL_BLOCKS = ("code_block", "fence", "html_block")


def _inline_lines(token: Token) -> list[str]:
    """The text of an inline token, one string per source line (markup dropped, escapes resolved)."""
    lines = [""]
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            lines.append("")
        elif child.type in ("text", "code_inline", "html_inline", "image"):
            lines[-1] += child.content
    return lines


def _blocks(tokens: list[Token]) -> Iterator[tuple[str, int, str | None, Table | None]]:
    """``(text, 1-based line, heading style, table)`` for every line of text or table, in order."""
    marker = ""
    i = 0
    while i < len(tokens):
        token = tokens[i]
        first = (token.map or [0])[0] + 1
        if token.type == "list_item_open":
            marker = f"{token.info}{token.markup} "  # "1. ", "2) ", "- "
        elif token.type == "heading_open":
            i += 1
            yield marker + " ".join(_inline_lines(tokens[i])), first, token.tag, None
            marker = ""
        elif token.type == "inline":  # a paragraph
            for offset, line in enumerate(_inline_lines(token)):
                yield marker + line, first + offset, None, None
                marker = ""
        elif token.type == "table_open":
            rows, i = _table(tokens, i)
            yield "", (token.map or [0, 0])[1], None, Table.from_marked(rows, 1)
        elif token.type in _LITERAL_BLOCKS:
            for offset, line in enumerate(token.content.rstrip("\n").split("\n")):
                yield line, first + offset + (token.type == "fence"), None, None
        i += 1


def _table(tokens: list[Token], i: int) -> tuple[list[list[str]], int]:
    """The rows of the table opening at ``tokens[i]`` and the index of its ``table_close``."""
    rows: list[list[str]] = []
    while tokens[i].type != "table_close":
        if tokens[i].type == "tr_open":
            rows.append([])
        elif tokens[i].type == "inline":
            rows[-1].append(clean_inline(" ".join(_inline_lines(tokens[i]))))
        i += 1
    return rows, i


def _follows_blank(raw: list[str], lineno: int) -> bool:
    previous = raw[lineno - 2] if 2 <= lineno <= len(raw) + 1 else None
    return previous is not None and (not previous.strip() or bool(_RULE.fullmatch(previous)))


def markdown_to_lines(text: str) -> list[SourceLine]:
    text = text.replace("\r\n", "\n")
    raw = text.split("\n")
    out: list[SourceLine] = []
    for line, lineno, style, table in _blocks(_PARSER.parse(text)):
        if table is not None:
            out.append(SourceLine("", lineno, table=table, blank_before=True))
            continue
        cleaned = clean_inline(line)
        if not cleaned:
            continue
        previous = out[-1] if out else None
        after_block = previous is not None and (previous.table is not None or bool(previous.style))
        if previous is not None and previous.style and style is None \
                and _HEADING_TAIL.match(cleaned) and cleaned[:1] in ".-–—":
            previous.text, previous.style = previous.text + cleaned, None  # "### Artículo 1" + ". La…"
            continue
        blank = style is not None or after_block or _follows_blank(raw, lineno)
        out.append(SourceLine(cleaned, lineno, style=style, blank_before=blank))
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
    check_text_kept(result, decoded.text)
    decoded.report_to(result.report)
    result.report.source = str(path)
    return result
