"""Decoding and cleaning of extracted text, before any structure is recognized.

This module owns two jobs:

* :func:`decode_source` turns a file's bytes into :class:`DecodedText`: the text, the encoding
  it was read in and every byte that was not valid in it (with its line). The encoding is chosen
  per file by a measurable criterion (see :func:`decode_source`); a few stray bytes in a UTF-8
  file keep it UTF-8 and are reported, never silently turned into mojibake. Double-encoded
  UTF-8 ("acciÃ³n") is repaired; binary junk is refused with
  :class:`~implan_regs.errors.InputError`. :func:`decode_bytes` and :func:`read_source_text`
  are the ``str``-only shortcuts; importers that keep a report use :func:`read_source`;
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

import codecs
import re
import threading
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


@dataclass(frozen=True)
class StrayByte:
    """A byte (or short run) not valid in the file's encoding, and what was read instead."""

    line: int
    raw: bytes
    read_as: str

    def describe(self) -> str:
        shown = " ".join(f"0x{b:02X}" for b in self.raw)
        return f"byte {shown} no válido en UTF-8; se leyó como «{self.read_as}» (Windows-1252)"


@dataclass
class DecodedText:
    """A decoded source: the text, the encoding used, and the stray bytes found in it."""

    text: str
    encoding: str  # user-facing name: "UTF-8", "UTF-8 con BOM", "Windows-1252"
    stray: list[StrayByte]
    repaired_mojibake: bool = False

    def report_to(self, report) -> None:
        """Record the encoding in an :class:`ImportReport` and put one warning per stray byte at
        the head of its warnings (after a collapse warning): they explain what follows."""
        from .report import ImportWarning

        report.encoding = self.encoding
        found = [ImportWarning("encoding", bad.describe(), bad.line) for bad in self.stray[:MAX_STRAY_REPORTED]]
        if len(self.stray) > MAX_STRAY_REPORTED:
            found.append(ImportWarning("encoding", f"y {len(self.stray) - MAX_STRAY_REPORTED} bytes no válidos "
                                                   "más en UTF-8"))
        if self.repaired_mojibake:
            found.append(ImportWarning("encoding", "el texto estaba doblemente codificado (UTF-8 leído como "
                                                   "Windows-1252) y se reparó"))
        head = sum(1 for w in report.warnings if w.code == "collapse")
        report.warnings[head:head] = found

    def refuse_stray(self, path: object) -> None:
        """InputError naming the first stray byte's line, for callers that cannot warn."""
        if self.stray:
            first = self.stray[0]
            more = f" (y {len(self.stray) - 1} más)" if len(self.stray) > 1 else ""
            raise InputError(f"línea {first.line}: {first.describe()}{more}", path=path)


#: Stray bytes listed one by one in a report; the rest are summed up in one warning.
MAX_STRAY_REPORTED = 50
# Every well-formed UTF-8 sequence of two to four bytes (what cp1252 would turn into mojibake).
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
                             rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}"
                             rb"|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}")
# Bytes Windows-1252 leaves undefined.
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")


def _refuse_binary(data: bytes, path: object) -> None:
    sample = data[:65536]
    if b"\x00" in sample:
        raise InputError("el archivo contiene bytes nulos: parece binario, no texto", path=path)
    junk = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if sample and junk > max(8, len(sample) // 50):
        raise InputError("el archivo tiene demasiados caracteres de control: no parece texto", path=path)


def _read_stray(raw: bytes) -> str:
    return raw.decode("cp1252", errors="replace")


def _record_stray(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc  # registered for decoding only
    raw = exc.object[exc.start:exc.end]
    _STRAY_SINK.found.append((exc.start, bytes(raw)))
    return _read_stray(raw), exc.end


_STRAY_SINK = threading.local()
codecs.register_error("implan-regs-stray-byte", _record_stray)


def _utf8_with_stray(data: bytes) -> tuple[str, list[tuple[int, bytes]]]:
    """Decode as UTF-8; each invalid byte run is read as Windows-1252 and returned with its offset."""
    _STRAY_SINK.found = []
    try:
        text = data.decode("utf-8", errors="implan-regs-stray-byte")
        return text, _STRAY_SINK.found
    finally:
        _STRAY_SINK.found = []


def _utf8_error_count(data: bytes) -> int:
    """Non-ASCII bytes that are not part of a well-formed UTF-8 sequence."""
    non_ascii = len(data.translate(None, bytes(range(128))))
    return non_ascii - sum(len(m) for m in _UTF8_MULTIBYTE.findall(data))


def _line_numbers(data: bytes, offsets: list[int]) -> list[int]:
    lines, last, line = [], 0, 1
    for off in offsets:
        line += data.count(b"\n", last, off)
        last = off
        lines.append(line)
    return lines


def decode_source(data: bytes, *, path: object = "<texto>") -> DecodedText:
    """Bytes -> :class:`DecodedText`, choosing the encoding per file.

    Valid UTF-8 (with or without BOM) is UTF-8. Otherwise each candidate is scored by the
    characters it would get wrong: UTF-8 by its invalid bytes, Windows-1252 by the well-formed
    UTF-8 sequences it would turn into mojibake plus the bytes it leaves undefined. Windows-1252
    is used only when it scores strictly better; with UTF-8 each stray byte is read as
    Windows-1252 and reported with its line.
    """
    _refuse_binary(data, path)
    try:
        text = data.decode("utf-8-sig")
        encoding = "UTF-8 con BOM" if data.startswith(b"\xef\xbb\xbf") else "UTF-8"
        stray: list[StrayByte] = []
    except UnicodeDecodeError:
        bom = data.startswith(b"\xef\xbb\xbf")
        cp1252_errors = len(_UTF8_MULTIBYTE.findall(data)) + len(_CP1252_UNDEFINED.findall(data))
        if cp1252_errors < _utf8_error_count(data):
            return DecodedText(data.decode("cp1252", errors="replace"), "Windows-1252", [])
        text, offsets = _utf8_with_stray(data[3:] if bom else data)
        encoding = "UTF-8 con BOM" if bom else "UTF-8"
        base = 3 if bom else 0
        lines = _line_numbers(data, [base + off for off, _ in offsets])
        stray = [StrayByte(line, raw, _read_stray(raw)) for line, (_, raw) in zip(lines, offsets, strict=True)]
    repaired = repair_mojibake(text)
    return DecodedText(repaired, encoding, stray, repaired_mojibake=repaired != text)


def decode_bytes(data: bytes, *, path: object = "<texto>") -> str:
    """Bytes -> text (see :func:`decode_source`); stray bytes are read as Windows-1252."""
    return decode_source(data, path=path).text


def read_source(path) -> DecodedText:
    """Read and decode a text source file; InputError (naming the file) when it cannot be read."""
    from pathlib import Path

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"no se pudo leer el archivo ({exc.strerror})", path=path) from None
    return decode_source(data, path=path)


def read_source_text(path) -> str:
    """Read and decode a text source file into ``str`` (see :func:`read_source`)."""
    return read_source(path).text


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
