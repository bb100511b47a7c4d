"""Decoding and cleaning of extracted text, before any structure is recognized.

This module owns two jobs:

* :func:`decode_bytes` turns a file's bytes into ``str`` (UTF-8, UTF-8 with BOM or
  Windows-1252, detected; double-encoded UTF-8 "mojibake" is repaired; binary junk is
  refused with :class:`~implan_regs.errors.InputError`);
* :func:`clean_lines` removes extraction noise line by line (soft hyphens, odd hyphens,
  NBSP/TAB/lone CR used as word separators, control characters, form feeds, running page
  headers and page numbers) and returns :class:`CleanLine` objects that remember whether a
  blank line came before and how far the line was indented.

:func:`join_wrapped` glues a hard-wrapped line onto the text before it, undoing
line-end hyphenation ("planea-" + "ción" -> "planeación").

>>> [c.text for c in clean_lines("Art\\u00edculo 1.-\\u00ad\\u2010 Objeto\\n12\\nfin")]
['Artículo 1.- Objeto', 'fin']
>>> join_wrapped("la planea-", "ción urbana")
'la planeación urbana'
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..errors import InputError

# A hyphen followed by a soft hyphen and/or a U+2010/U+2011 hyphen: one visible hyphen in the
# PDF that extraction split into several code points (".-\xad\u2010" in the IMPLAN decree).
_HYPHEN_CLUSTER = re.compile("[-\u2010\u2011]\u00ad?[\u2010\u2011]|-\u00ad")
# Code points that are just spaces between words in extracted text.
_SPACES = re.compile("[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000\r]+")
# Control characters that carry no text (\x01 bullets, \x0b, DEL...), but not \n or \f.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\u200b\ufeff]")
# A page number alone on its line: "12", "- 12 -", "1 de 58", "Página 3", "Pág. 3 de 10".
_PAGE_NUMBER = re.compile(r"(?:-\s*)?\d{1,4}(?:\s*-)?|\d{1,4}\s+de\s+\d{1,4}|P[áa]g(?:ina|\.)?\s*\d{1,4}(?:\s+de\s+\d{1,4})?",
                          re.IGNORECASE)
# Mojibake of UTF-8 read as Windows-1252: "Ã³" for "ó", "Ã‘" for "Ñ".
_MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf\u2018-\u203a\u0152-\u0178]")


@dataclass
class CleanLine:
    text: str
    lineno: int
    blank_before: bool = False
    indent: int = 0


def decode_bytes(data: bytes, *, path: object = "<texto>") -> str:
    """Bytes -> text: UTF-8 (with or without BOM) or Windows-1252; refuse binary data."""
    if b"\x00" in data[:65536]:
        raise InputError("el archivo contiene bytes nulos: parece binario, no texto", path=path)
    sample = data[:65536]
    junk = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if sample and junk > max(8, len(sample) // 50):
        raise InputError("el archivo tiene demasiados caracteres de control: no parece texto", path=path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return repair_mojibake(text)


def read_source_text(path) -> str:
    """Read and decode a text source file; InputError (naming the file) when it cannot be read."""
    from pathlib import Path

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"no se pudo leer el archivo ({exc.strerror})", path=path) from None
    return decode_bytes(data, path=path)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded as Windows-1252 once ("acciÃ³n" -> "acción")."""
    if len(_MOJIBAKE.findall(text)) < 3:
        return text
    try:
        return text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def clean_inline(text: str) -> str:
    """Clean one line of text (no newlines): hyphens, spaces, control characters."""
    text = _HYPHEN_CLUSTER.sub("-", text)
    text = text.replace("\u00ad", "").replace("\u2010", "-").replace("\u2011", "-")
    text = _CONTROL.sub("", text)
    return _SPACES.sub(" ", text).strip()


def _split_physical(text: str) -> list[str]:
    """Split into lines; a lone CR is a line break only when the file has no LF at all."""
    text = text.replace("\r\n", "\n")
    if "\n" not in text and "\r" in text:
        text = text.replace("\r", "\n")
    return text.split("\n")


def clean_lines(text: str, *, keep_indent: bool = False) -> list[CleanLine]:
    """Clean extracted text into lines, dropping page furniture; see the module docstring."""
    raw = _split_physical(text)
    out: list[CleanLine] = []
    blank = False
    page_break_after: set[int] = set()
    for lineno, line in enumerate(raw, 1):
        if "\f" in line:
            page_break_after.add(len(out))
            line = line.replace("\f", " ")
        expanded = line.replace("\t", " ") if keep_indent else line
        cleaned = clean_inline(expanded)
        if not cleaned:
            blank = True
            continue
        if _PAGE_NUMBER.fullmatch(cleaned):
            page_break_after.add(len(out))
            continue
        indent = len(expanded) - len(expanded.lstrip(" ")) if keep_indent else 0
        out.append(CleanLine(cleaned, lineno, blank, indent))
        blank = False
    return _drop_running_headers(out, page_break_after)


def _drop_running_headers(lines: list[CleanLine], breaks: set[int]) -> list[CleanLine]:
    """Remove running headers and footers: lines repeated on many pages that sit in the run of
    repeated lines right after (or right before) a page break. The same words elsewhere on a
    page ("Asentamientos Humanos, Ordenamiento Territorial y Desarrollo Urbano." wrapped in a
    decree title) are text and stay."""
    counts = Counter(line.text for line in lines)
    candidates = {t for t, n in counts.items() if n >= 4}
    if not candidates:
        return lines
    at_boundary: set[int] = set()
    for b in breaks | {0}:
        j = b
        while j < len(lines) and j < b + 6 and lines[j].text in candidates:
            at_boundary.add(j)
            j += 1
        j = b - 1
        while j >= 0 and j >= b - 3 and lines[j].text in candidates:
            at_boundary.add(j)
            j -= 1
    near = Counter(lines[i].text for i in at_boundary)
    # A running header is at most page boundaries (however often the same words occur elsewhere).
    headers = {t for t in candidates if near[t] >= max(3, len(breaks) // 2, counts[t] // 2)}
    if not headers:
        return lines
    kept: list[CleanLine] = []
    pending_blank = False
    for i, line in enumerate(lines):
        if i in at_boundary and line.text in headers:
            pending_blank = pending_blank or line.blank_before
            continue
        if pending_blank:
            line.blank_before = True
            pending_blank = False
        kept.append(line)
    return kept


def join_wrapped(before: str, after: str) -> str:
    """Join a hard-wrapped continuation line; undo a line-end hyphenation of a word."""
    if not before:
        return after
    if before.endswith("-") and len(before) > 1 and before[-2].isalpha() and after[:1].islower():
        return before[:-1] + after
    return before + " " + after
