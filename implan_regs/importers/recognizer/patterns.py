"""The line patterns of Mexican drafting the recognizer reads (stage 1's vocabulary): container
headings (LIBRO, TÍTULO, CAPÍTULO, SECCIÓN), article headings in every real form, transitorios
headings and transitorios, reform notes, derogations, point labels (fracción, inciso, numeral,
apartado), plan items (objetivo, estrategia, línea de acción), and the preamble and conclusion
markers. Regular expressions and constants only."""

from __future__ import annotations

import re

from ...model.numbers import (
    ROMAN_RE,
    SUFFIX_RE,
)
from ...model.tree import ContainerKind

_ORDINAL_WORD = (r"(?:primer[oa]?|segund[oa]|tercer[oa]?|cuart[oa]|quint[oa]|sext[oa]|s[eé]ptim[oa]|"
                 r"octav[oa]|noven[oa]|d[eé]cim[oa]|und[eé]cim[oa]|duod[eé]cim[oa]|vig[eé]sim[oa]|"
                 r"trig[eé]sim[oa]|cuadrag[eé]sim[oa]|quincuag[eé]sim[oa]|sexag[eé]sim[oa]|"
                 r"septuag[eé]sim[oa]|octog[eé]sim[oa]|nonag[eé]sim[oa]|cent[eé]sim[oa]|"
                 r"d[eé]cimo(?:primer[oa]|segund[oa]|tercer[oa]|cuart[oa]|quint[oa]|sext[oa]|s[eé]ptim[oa]|octav[oa]|noven[oa]))")


# One to three ordinal words ("DÉCIMO SEGUNDO") or "ÚNICO": how titles and transitorios are numbered.
_ORDINAL = rf"(?:{_ORDINAL_WORD}(?:[\s\-]+{_ORDINAL_WORD}){{0,2}}|[uú]nic[oa])"


# Containers: "TÍTULO PRIMERO", "CAPITULO UNICO", "Capítulo I: De los derechos", "SECCIÓN 2".
# The number must be followed by the end, a separator or an upper-case heading word, so that a
# wrapped sentence starting "Capítulo II del presente..." is not taken for a heading.
_CONTAINER = re.compile(
    rf"(?P<word>LIBRO|T[IÍ]TULO|CAP[IÍ]TULO|SUBSECCI[OÓ]N|SECCI[OÓ]N)\s+"
    rf"(?P<number>(?:{_ORDINAL}|{ROMAN_RE}|\d{{1,3}})(?:[\s\-]+{SUFFIX_RE})?)(?![\w])\s*(?P<rest>.*)$",
    re.IGNORECASE)


_CONTAINER_LEVEL: dict[str, ContainerKind] = {"libro": "book", "titulo": "title", "capitulo": "chapter", "seccion": "section",
                    "subseccion": "subsection"}


_CONTAINER_ORDER = {"book": 0, "title": 1, "chapter": 2, "section": 3, "subsection": 4}


# Articles: "Artículo 1.", "ARTÍCULO 1.-", "Artículo 1o.", "Art. 45.-", "ART. 122-BIS.-",
# "Artículo 5 Bis.", "ARTÍCULO 15.-.", "Artículo Primero.", "Artículo 1o" alone (RST/MD headings).
_ARTICLE = re.compile(
    rf"(?P<word>ART[IÍ]CULOS?|ART\.)\s*"
    rf"(?P<number>(?:\d{{1,6}}\s*(?:o\b|º|°|ª|\.o\b)?|{_ORDINAL})(?:[\s\-]*{SUFFIX_RE}\b)?)"
    rf"\s*(?P<term>[.:\-–—]*)\s*(?P<rest>.*)$", re.IGNORECASE)


# Transitorios headings: "TRANSITORIOS", "Artículos Transitorios de Decretos de Reforma (5)".
# Also letter-spaced ("T R A N S I T O R I O S") and closed by ".-".
_TRANSITORIOS_WORD = r"(?:TRANSITORIOS?|T\s+R\s+A\s+N\s+S\s+I\s+T\s+O\s+R\s+I\s+O(?:\s+S)?)"


_TRANSITORIOS = re.compile(rf"(?:ART[IÍ]CULOS?\s+)?(?:{_TRANSITORIOS_WORD}|DISPOSICIONES\s+TRANSITORIAS)\b"
                           r"(?:[^.]{0,80}|\s*[.:\-–—]+)", re.IGNORECASE)


_BARE_TRANSITORIOS = re.compile(rf"(?:ART[IÍ]CULOS?\s+)?{_TRANSITORIOS_WORD}\s*[.:\-–—]*", re.IGNORECASE)


# One transitorio: "PRIMERO.-", "Segundo.--", "ÚNICO.-", "Artículo Primero.", "Artículo 1o".
_TRANSITIONAL = re.compile(
    rf"(?:ART[IÍ]CULO\s+)?(?P<number>{_ORDINAL})(?P<named>\s+TRANSITORIO)?\s*(?P<term>[.:\-–—]+)\s*(?P<rest>.*)$",
    re.IGNORECASE)


# The title of a reform printed before its transitorios in a consolidated text:
# "REFORMA PUBLICADA EN EL P.O. 15 DE MARZO DE 2019", "(Reforma aprobada en sesión de Cabildo ...)".
_REFORM_TITLE = re.compile(r"\(?\s*(?:REFORMAS?|ACUERDO|FE\s+DE\s+ERRATAS)\b.{0,160}?"
                           r"(?:P\.\s?O\.|PERI[OÓ]DICO\s+OFICIAL|GACETA|SESI[OÓ]N|PUBLICAD[OA]).{0,120}$", re.IGNORECASE)


# A reform decree whose transitorios follow: "DECRETO por el que se reforma...", "LEY que reforma...".
_DECREE = re.compile(r"(?:DECRETO|LEY|Decreto)\b(?:\s+(?i:por\s+el\s+(?:que|cual)|que|No\.|n[úu]mero|N[úu]m\.)\b|\s+\d)")


# The line that dates a reform decree, part of its block's subheading.
_PUBLICATION = re.compile(r"\(?(?:Publicad[oa]|Publicaci[oó]n)\s+en\s+el\s+(?:Diario|Peri[oó]dico)\s+Oficial\b.{0,120}$",
                          re.IGNORECASE)


# "ARTÍCULOS TRANSITORIOS DE DECRETOS DE REFORMA" glued to the first decree's title (Markdown).
_PART_AND_DECREE = re.compile(r"(?P<part>ART[IÍ]CULOS\s+TRANSITORIOS\s+DE\s+DECRETOS\s+DE\s+REFORMA)\s+(?P<decree>DECRETO\b.*)$",
                              re.IGNORECASE)


# Fracciones: "I.", "IV.-", "XXIX Bis.", "XXIX-Y.", "XI," (typo), "III)" and a numeral alone.
_ROMAN_POINT = re.compile(
    rf"(?P<label>(?P<number>{ROMAN_RE})(?P<suffix>[\s\-]+{SUFFIX_RE}\b|-[A-Z]\b)?)"
    rf"\s*(?P<term>\.-|\.|-|\)|,)(?:\s+|(?<=-)(?=[^\W\d_])|$)(?P<rest>.*)$", re.IGNORECASE)


# Incisos "a)", "b.-", "ñ)", apartados "A.", subincisos "i)", numerales "1.", "2)".
_LETTER_POINT = re.compile(r"(?P<label>[a-zñA-Z])(?P<term>\)|\.-|\.)(?:\s+(?P<rest>.*)|$)")


_NUMBER_POINT = re.compile(r"(?P<label>\d{1,3})(?P<term>\.-|\.|\))(?:\s+(?P<rest>.*)|$)")


_APARTADO = re.compile(r"Apartado\s+(?P<label>[A-Z])\.?(?:-|\s*[.:])?(?:\s+(?P<rest>.*)|$)")


# Reform notes printed under a provision in consolidated texts.
_NOTE = re.compile(
    r"\(?\s*(?:REFORMAD|ADICIONAD|DEROGAD|MODIFICAD)[OA]S?\b[^()]{0,120}(?:P\.\s?O\.|D\.\s?O\.\s?F\.|DOF|PERI[OÓ]DICO)[^()]{0,80}\)?"
    r"|\(?(?:P[áa]rrafo|Fracci[óo]n|Art[íi]culo|Inciso|Apartado|Numeral|Base|Cap[íi]tulo|T[íi]tulo|Secci[óo]n|"
    r"Denominaci[óo]n|Fe de erratas|Sub[íi]ndice|Oraci[óo]n|Reforma)\b[^.]{0,80}?"
    r"(?:reformad|adicionad|derogad|recorrid|modificad)?[oa]?s?\s*(?:DOF|D\.O\.F\.|P\.O\.)\s*\d{1,2}[-/]\d{1,2}[-/]\d{2,4}.*"
    # "(Reformas aprobadas en sesión ordinaria del Ayuntamiento de fecha 12 de mayo de 2016)"
    r"|\(\s*(?:Reforma|Adici[óo]n|Derogaci[óo]n|Modificaci[óo]n)(?:s|es)?\s+aprobad[oa]s?\s+en\s+(?:la\s+)?sesi[óo]n"
    r"\b[^()]{0,200}\)",
    re.IGNORECASE)


# A provision whose whole content says it was repealed.
_DEROGATED = re.compile(r"\(?\s*(?:se\s+deroga|derogad[oa]|p[áa]rrafo\s+derogado|se\s+derogan)\b[^\n]{0,160}$",
                        re.IGNORECASE)


# The start of the signatures after the last transitorio.
_CONCLUSIONS = re.compile(
    r"A\s?T\s?E\s?N\s?T\s?A\s?M\s?E\s?N\s?T\s?E\b|[\"“]?SUFRAGIO EFECTIVO|Dado\s+en\s+(?:el|la|los)\s"
    r"|(?:Ciudad\s+de\s+M[ée]xico|M[ée]xico,\s+D\.\s?F\.),\s+a\s+\d{1,2}\s+de\s+\w+\s+de\s+\d{4}\s*\.?-"
    r"|En\s+cumplimiento\s+de\s+lo\s+dispuesto\s+por\s+la\s+fracci[oó]n\s+I\s+del\s+Art[ií]culo\s+89\b",
    re.IGNORECASE)


# Preamble headings that announce text before the articles.
_PREAMBLE_HEAD = re.compile(r"EXPOSICI[OÓ]N DE MOTIVOS|CONSIDERANDOS?\b", re.IGNORECASE)


# Plans and programs: "Objetivo 1.", "Estrategia 2.", "Línea de acción 2.3." (points of a chapter).
_PLAN_ITEM = re.compile(r"(?P<word>Objetivo|Estrategia|L[ií]nea\s+de\s+acci[oó]n)\s+(?P<number>\d{1,3}(?:\.\d{1,3}){0,3})"
                        r"\s*(?P<term>[.:\-–—]*)\s*(?P<rest>.*)$")


_PLAN_LEVEL = {"objetivo": "objetivo", "estrategia": "estrategia", "linea": "linea"}


PLAN_LEVELS = ("objetivo", "estrategia", "linea")


_SENTENCE_END = (".", ":", ";")


# No printed page holds a line this long: text with many such lines is not hard-wrapped.
_PAGE_LINE = 160


_LEVELS = ("apartado", "fraccion", "inciso", "numeral", "subinciso")
