"""Stage 1 of the recognizer, line classification: pure functions of a line's text (and indent)
that say what it could be: a container heading and its key, an article heading, a point label
with every reading it allows, a derogation, a heading-like line, a tight list item; and the
paragraph mode of a whole text (:func:`detect_mode`). No state, no side effects."""

from __future__ import annotations

import re

from ...model.numbers import (
    ROMAN_RE,
    fold,
    letter_value,
    ordinal_to_int,
    roman_to_int,
    split_suffix,
)
from ..lines import SourceLine
from .patterns import (
    _APARTADO,
    _ARTICLE,
    _CONTAINER,
    _DEROGATED,
    _LETTER_POINT,
    _NUMBER_POINT,
    _PAGE_LINE,
    _PREAMBLE_HEAD,
    _ROMAN_POINT,
)
from .state import Label


def _indent(line: SourceLine) -> int:
    return line.indent


def _heading_level(line: SourceLine) -> int | None:
    style = line.style or ""
    return int(style[1]) if re.fullmatch(r"h[1-6]", style) else None


def _container_match(text: str) -> re.Match | None:
    m = _CONTAINER.match(text)
    if not m:
        return None
    rest = m.group("rest")
    if rest and rest[0].islower():
        return None
    if rest and rest[0].isalpha() and len(rest) > 120:
        return None
    return m


def _container_key(number: str) -> str:
    number, suffix = split_suffix(number)
    return _container_base_key(number) + suffix


def _container_base_key(number: str) -> str:
    folded = fold(number)
    if folded in ("unico", "unica"):
        return "unico"
    if number.isdigit():
        return str(int(number))
    value = roman_to_int(number) if re.fullmatch(ROMAN_RE, number.upper()) else None
    value = value or ordinal_to_int(number)
    return str(value) if value else re.sub(r"[^0-9a-z]+", "", folded)


def _article_match(text: str, *, strict: bool = True) -> re.Match | None:
    m = _ARTICLE.match(text)
    if not m:
        return None
    term, rest, number = m.group("term"), m.group("rest"), m.group("number")
    word = fold(m.group("word"))
    if word == "articulos" and not number[0].isdigit():
        return None  # "Artículos Transitorios"
    if rest and not term and not (rest.startswith("**") or rest.startswith("(")):
        return None  # "Artículo 102 del Código..." is a cross-reference, not a heading
    if strict and rest and term and "-" not in term and rest[0].islower():
        return None  # "Artículo 4o. de las modificaciones..." wrapped running text
    if term.startswith(":") and rest:
        return None
    return m


def _point_label(text: str) -> Label | None:
    """Every reading of a point label at the start of ``text``."""
    m = _APARTADO.match(text)
    if m:
        label = m.group("label")
        return Label([("apartado", label, ord(label) - 64)], text[: m.start("rest")].strip() if m.group("rest") else text.strip(),
                     m.group("rest") or "")
    readings: list[tuple[str, str, int]] = []
    m = _ROMAN_POINT.match(text)
    if m and m.group("number"):
        roman = m.group("number")
        if roman.isupper():
            suffix = (m.group("suffix") or "").strip()
            suffix = suffix if suffix.startswith("-") else fold(suffix).replace("á", "a")
            readings.append(("fraccion", roman + suffix, roman_to_int(roman) or 0))
        elif re.fullmatch(r"[ivx]+", roman) and m.group("term") == ")":
            readings.append(("subinciso", roman, roman_to_int(roman) or 0))
        if readings:
            rest = m.group("rest") or ""
            if m.group("term") == "," and not rest:
                return None
            lm = _LETTER_POINT.match(text)
            if lm and len(roman) == 1:
                readings.extend(_letter_readings(lm.group("label"), lm.group("term")))
            return Label(readings, text[: m.end("term")], rest)
    m = _LETTER_POINT.match(text)
    if m:
        readings = _letter_readings(m.group("label"), m.group("term"))
        return Label(readings, text[: m.end("term")], m.group("rest") or "") if readings else None
    m = _NUMBER_POINT.match(text)
    if m:
        value = int(m.group("label"))
        return Label([("numeral", str(value), value)], text[: m.end("term")], m.group("rest") or "")
    return None


def _letter_readings(letter: str, term: str) -> list[tuple[str, str, int]]:
    if letter.isupper():
        return [("apartado", letter, letter_value(letter))] if term != ")" else [("inciso", letter.lower(), letter_value(letter))]
    out = [("inciso", letter, letter_value(letter))]
    if letter in "ivx" and term == ")":
        out.append(("subinciso", letter, roman_to_int(letter) or 0))
    return out


def _is_derogation(text: str | None) -> bool:
    """A derogation placeholder ("Se deroga.", "(Derogada)", "Párrafo derogado DOF …"); not a
    provision that repeals something else ("Se derogan todas las disposiciones que se opongan…",
    a transitorio): the verb there has an object."""
    stripped = (text or "").strip()
    return bool(stripped) and bool(_DEROGATED.fullmatch(stripped)) and not _REPEALS_SOMETHING.match(stripped)


# "Se deroga(n)" followed by what it repeals: an article, a quantifier or a demonstrative.
_REPEALS_SOMETHING = re.compile(r"\(?\s*se\s+derogan?\s+(?:el|la|los|las|lo|todas?|todos?|aquell\w*|cualquier\w*|"
                                r"cuantas|dich[oa]s?|est[ae]s?|esos?|esas?)\b", re.IGNORECASE)


def detect_mode(lines: list[SourceLine]) -> str:
    """'blank' when paragraphs are separated by blank lines; 'lines' when the text is not
    hard-wrapped (many lines far longer than a printed page's line); else 'wrapped' (pdftotext)."""
    if not lines:
        return "blank"
    separated = sum(1 for line in lines[1:] if line.blank_before)
    if separated >= 0.85 * (len(lines) - 1):
        return "blank"
    long_lines = sum(1 for line in lines if len(line.text) > _PAGE_LINE)
    return "lines" if long_lines >= 5 and long_lines >= 0.1 * len(lines) else "wrapped"


def _typical_width(lines: list[SourceLine]) -> int:
    lengths = sorted(len(line.text) for line in lines if line.text)
    return lengths[int(len(lengths) * 0.8)] if lengths else 80


def _looks_like_sentence(text: str) -> bool:
    return len(text) > 150


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.7 * len(letters)


def _heading_like(text: str) -> bool:
    """A short title line ("EXPOSICIÓN DE MOTIVOS", "CONSIDERANDO") that is its own paragraph."""
    return bool(_PREAMBLE_HEAD.fullmatch(text.strip(" .:"))) or (len(text) < 70 and _mostly_upper(text)
                                                                  and not text.endswith((",", "-")))


def _tight_list_item(text: str, prev: str) -> bool:
    """A list printed without blank lines between items: "I. …;" then "II. …" on the next line.

    Only after a line that closes a clause (";", ":" or "."), so a sentence wrapped before a
    word like "I." is not split.
    """
    return prev.rstrip()[-1:] in (";", ":", ".") and bool(
        _ROMAN_POINT.match(text) or _LETTER_POINT.match(text) or _NUMBER_POINT.match(text))
