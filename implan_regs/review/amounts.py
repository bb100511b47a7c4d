"""Spanish cardinal numbers written in words, for amounts written twice ("$1,500.00 (mil
quinientos pesos 00/100 M.N.)").

>>> words_to_int("mil quinientos"), words_to_int("DOSCIENTOS CINCUENTA Y CINCO"), words_to_int("un millón")
(1500, 255, 1000000)
>>> words_to_int("veintiún mil"), words_to_int("ciento uno"), words_to_int("pesos") is None
(21000, 101, True)
"""

from __future__ import annotations

from ..model.numbers import fold

_UNITS = {"cero": 0, "un": 1, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
          "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14,
          "quince": 15, "dieciseis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20,
          "veintiun": 21, "veintiuno": 21, "veintiuna": 21, "veintidos": 22, "veintitres": 23,
          "veinticuatro": 24, "veinticinco": 25, "veintiseis": 26, "veintisiete": 27, "veintiocho": 28,
          "veintinueve": 29, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70,
          "ochenta": 80, "noventa": 90, "cien": 100, "ciento": 100, "doscientos": 200, "doscientas": 200,
          "trescientos": 300, "trescientas": 300, "cuatrocientos": 400, "cuatrocientas": 400,
          "quinientos": 500, "quinientas": 500, "seiscientos": 600, "seiscientas": 600, "setecientos": 700,
          "setecientas": 700, "ochocientos": 800, "ochocientas": 800, "novecientos": 900, "novecientas": 900}


def words_to_int(text: str) -> int | None:
    """The number ``text`` spells, or None when a word is not part of a number."""
    total, current, seen = 0, 0, False
    for word in fold(text).split():
        if word == "y":
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word == "mil":
            current = (current or 1) * 1000
            total += current
            current = 0
        elif word in ("millon", "millones"):
            total = (total + (current or 1)) * 1_000_000
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None
