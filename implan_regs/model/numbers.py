"""Numbers as Mexican legal texts write them: Roman numerals, ordinal words, letters, Bis/Ter.

The one place for each: every module that reads or writes a Roman numeral, an ordinal word or
the order of incisos (``a)`` … ``n)``, ``ñ)``, ``o)`` …) imports it from here.

>>> roman_to_int("XIV"), int_to_roman(14), is_roman("IIII"), is_roman("")
(14, 'XIV', False, False)
>>> letter_value("ñ"), letter_value("O"), letter_at(15)
(15, 16, 'ñ')
>>> ordinal_to_int("DÉCIMO SEGUNDO"), ordinal_to_int("Vigésima Primera"), ordinal_to_int("ÚNICO")
(12, 21, 1)
>>> int_to_ordinal(22)
'vigésimo segundo'
>>> split_suffix("122-BIS")
('122', 'bis')
>>> article_key("45 Bis"), article_key("1o"), article_key("1º"), article_key("Primero")
('45bis', '1', '1', '1')
"""

from __future__ import annotations

import re
import unicodedata

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
ROMAN_RE = r"(?:M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3}))"  # may match ""
#: A well-formed, non-empty Roman numeral (upper case; add re.IGNORECASE for any case).
ROMAN_NUMERAL_RE = rf"(?=[IVXLCDM]){ROMAN_RE}"

#: The order of incisos (and apartados, upper case): Spanish alphabet, ñ after n.
LETTERS = "abcdefghijklmnñopqrstuvwxyz"

#: Latin suffixes that insert a provision without renumbering, in order.
SUFFIXES = ["bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "nonies", "novies",
            "decies", "undecies", "duodecies", "terdecies", "quaterdecies", "quindecies"]
SUFFIX_DISPLAY = {"bis": "Bis", "ter": "Ter", "quater": "Quáter", "quinquies": "Quinquies",
                  "sexies": "Sexies", "septies": "Septies", "octies": "Octies", "nonies": "Nonies",
                  "novies": "Novies", "decies": "Decies", "undecies": "Undecies",
                  "duodecies": "Duodecies", "terdecies": "Terdecies", "quaterdecies": "Quaterdecies",
                  "quindecies": "Quindecies"}
SUFFIX_RE = r"(?:bis|ter|qu[aá]ter|quinquies|sexies|septies|octies|nonies|novies|decies|undecies|duodecies|terdecies|quaterdecies|quindecies)"

_UNITS = {"primero": 1, "primer": 1, "primera": 1, "segundo": 2, "segunda": 2, "tercero": 3, "tercer": 3,
          "tercera": 3, "cuarto": 4, "cuarta": 4, "quinto": 5, "quinta": 5, "sexto": 6, "sexta": 6,
          "septimo": 7, "septima": 7, "setimo": 7, "octavo": 8, "octava": 8, "noveno": 9, "novena": 9,
          "nono": 9, "unico": 1, "unica": 1}
_TENS = {"decimo": 10, "decima": 10, "vigesimo": 20, "vigesima": 20, "trigesimo": 30, "trigesima": 30,
         "cuadragesimo": 40, "cuadragesima": 40, "quincuagesimo": 50, "quincuagesima": 50,
         "sexagesimo": 60, "sexagesima": 60, "septuagesimo": 70, "septuagesima": 70,
         "octogesimo": 80, "octogesima": 80, "nonagesimo": 90, "nonagesima": 90}
_HUNDRED_NAMES = ["", "centésimo", "ducentésimo", "tricentésimo", "cuadringentésimo", "quingentésimo",
                  "sexcentésimo", "septingentésimo", "octingentésimo", "noningentésimo"]
_HUNDREDS = {unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()[:-1] + ending: 100 * i
             for i, name in enumerate(_HUNDRED_NAMES) if name for ending in "oa"}
_SPECIAL = {"undecimo": 11, "undecima": 11, "duodecimo": 12, "duodecima": 12,
            "decimoprimero": 11, "decimoprimera": 11, "decimosegundo": 12, "decimosegunda": 12,
            "decimotercero": 13, "decimotercera": 13, "decimocuarto": 14, "decimocuarta": 14,
            "decimoquinto": 15, "decimoquinta": 15, "decimosexto": 16, "decimosexta": 16,
            "decimoseptimo": 17, "decimoseptima": 17, "decimoctavo": 18, "decimoctava": 18,
            "decimonoveno": 19, "decimonovena": 19}
_UNIT_NAMES = ["", "primero", "segundo", "tercero", "cuarto", "quinto", "sexto", "séptimo", "octavo", "noveno"]
_TEN_NAMES = ["", "décimo", "vigésimo", "trigésimo", "cuadragésimo", "quincuagésimo", "sexagésimo",
              "septuagésimo", "octogésimo", "nonagésimo"]


def fold(text: str) -> str:
    """Lower-case and strip accents (but keep ñ): the key for comparing words."""
    out = []
    for ch in unicodedata.normalize("NFD", text.lower()):
        if unicodedata.category(ch) == "Mn" and ch != "\u0303":
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def roman_to_int(text: str) -> int | None:
    """'XIV' -> 14 (any case); None unless ``text`` is a well-formed Roman numeral ('IIII', 'IC')."""
    text = text.upper()
    if not re.fullmatch(ROMAN_NUMERAL_RE, text):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN[ch]
        if i + 1 < len(text) and _ROMAN[text[i + 1]] > value:
            total -= value
        else:
            total += value
    return total


def is_roman(text: str) -> bool:
    """Whether ``text`` is a well-formed Roman numeral, in any case ('XIV', 'xiv'; not 'IIII' nor '')."""
    return roman_to_int(text) is not None


def letter_value(letter: str) -> int:
    """Position of an inciso/apartado letter in :data:`LETTERS` (any case; 0 when not one)."""
    position = LETTERS.find(letter.lower()) if len(letter) == 1 else -1
    return position + 1


def letter_at(position: int) -> str:
    """The lower-case letter at ``position`` (1-based) of :data:`LETTERS`."""
    if not 1 <= position <= len(LETTERS):
        raise ValueError(f"no letter at position {position}")
    return LETTERS[position - 1]


def int_to_roman(value: int) -> str:
    out = []
    for number, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= number:
            out.append(letters)
            value -= number
    return "".join(out)


def ordinal_to_int(text: str) -> int | None:
    """'DÉCIMO SEGUNDO' -> 12; None when the words are not an ordinal."""
    words = [w for w in re.split(r"[\s\-]+", fold(text).strip(" .-:")) if w]
    if not words:
        return None
    if len(words) == 1 and words[0] in _SPECIAL:
        return _SPECIAL[words[0]]
    total = 0
    for word in words:
        if word in _HUNDREDS and total == 0:
            total += _HUNDREDS[word]
        elif word in _TENS and total % 100 == 0:
            total += _TENS[word]
        elif word in _UNITS and total % 10 == 0:
            total += _UNITS[word]
        elif word in _SPECIAL and total % 100 == 0:
            total += _SPECIAL[word]
        else:
            return None
    return total or None


def int_to_ordinal(value: int) -> str:
    """12 -> 'décimo segundo', 200 -> 'ducentésimo' (masculine, as decrees write párrafos and transitorios).

    Defined from 1 to 999; anything else is a ValueError (there is no ordinal word for 0).
    """
    if not 1 <= value <= 999:
        raise ValueError(f"no ordinal word for {value}")
    hundreds, rest = divmod(value, 100)
    tens, units = divmod(rest, 10)
    return " ".join(w for w in (_HUNDRED_NAMES[hundreds], _TEN_NAMES[tens], _UNIT_NAMES[units]) if w)


def split_suffix(text: str) -> tuple[str, str]:
    """'122-BIS' -> ('122', 'bis'); '5 Bis' -> ('5', 'bis'); '45' -> ('45', '')."""
    m = re.fullmatch(rf"(.*?)[\s\-]*({SUFFIX_RE})\.?", text.strip(), flags=re.IGNORECASE)
    if not m:
        return text.strip(), ""
    return m.group(1).strip(), fold(m.group(2))


def article_key(text: str) -> str:
    """Canonical article number: digits (or ordinal word converted) + lower-case suffix.

    The key is what eIds and citations use: '45 Bis' -> '45bis', 'ÚNICO' -> 'unico'.
    """
    base, suffix = split_suffix(text)
    base = base.strip().rstrip(".-–—:").strip()
    base = re.sub(r"(\d+)\s*(?:o|º|°|ª|a|\.o)\.?$", r"\1", base)
    if re.fullmatch(r"\d+", base):
        key = str(int(base))
    elif fold(base) in ("unico", "unica"):
        key = "unico"
    else:
        value = ordinal_to_int(base)
        key = str(value) if value else re.sub(r"[^0-9a-z]+", "", fold(base))
    return key + suffix


def display_article_number(key: str) -> str:
    """'45bis' -> '45 Bis'."""
    m = re.fullmatch(rf"(\d+)({SUFFIX_RE})?", key)
    if not m:
        return "Único" if key == "unico" else key
    return m.group(1) + (" " + SUFFIX_DISPLAY[fold(m.group(2))] if m.group(2) else "")


_CARDINAL_UNITS = {"un": 1, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
                   "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14,
                   "quince": 15, "dieciseis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19,
                   "veinte": 20, "veintiun": 21, "veintiuno": 21, "veintiuna": 21, "veintidos": 22, "veintitres": 23,
                   "veinticuatro": 24, "veinticinco": 25, "veintiseis": 26, "veintisiete": 27, "veintiocho": 28,
                   "veintinueve": 29}
_CARDINAL_TENS = {"treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80,
                  "noventa": 90}
_CARDINAL_HUNDREDS = {"cien": 100, "ciento": 100, "doscientos": 200, "doscientas": 200, "trescientos": 300,
                      "trescientas": 300, "cuatrocientos": 400, "cuatrocientas": 400, "quinientos": 500,
                      "quinientas": 500, "seiscientos": 600, "seiscientas": 600, "setecientos": 700,
                      "setecientas": 700, "ochocientos": 800, "ochocientas": 800, "novecientos": 900,
                      "novecientas": 900}


def cardinal_to_int(text: str) -> int | None:
    """'noventa' -> 90, 'ciento ochenta' -> 180, 'treinta y cinco' -> 35, '30' -> 30; None otherwise.

    >>> [cardinal_to_int(t) for t in ("noventa", "ciento ochenta", "treinta y cinco", "30", "quince", "mil")]
    [90, 180, 35, 30, 15, None]
    """
    text = fold(text).strip(" .,")
    if text.isdigit():
        return int(text)
    words = text.split()
    total = 0
    if words and words[0] in _CARDINAL_HUNDREDS:
        total, words = _CARDINAL_HUNDREDS[words[0]], words[1:]
    if words and words[0] in _CARDINAL_TENS:
        total, words = total + _CARDINAL_TENS[words[0]], words[1:]
        if len(words) == 2 and words[0] == "y" and _CARDINAL_UNITS.get(words[1], 10) < 10:
            total, words = total + _CARDINAL_UNITS[words[1]], []
    elif words and words[0] in _CARDINAL_UNITS:
        total, words = total + _CARDINAL_UNITS[words[0]], words[1:]
    return total if total and not words else None
