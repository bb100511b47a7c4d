"""The shared structural recognizer: SourceLines -> Document, by the rules of Mexican drafting.

Every line-based importer (text, PDF, Markdown, reStructuredText, DOCX) produces
:class:`~.lines.SourceLine` objects; :func:`recognize` turns them into the provision tree of
:mod:`implan_regs.model.tree`: preface (title lines), preamble (exposición de motivos,
considerandos, the enacting decree), body (libro > título > capítulo > sección > artículo >
apartado/fracción/inciso/numeral), transitorios blocks and conclusions (signatures).

Paragraph modes (how lines become paragraphs):

* ``"wrapped"``: pdftotext output, hard-wrapped; a new paragraph is judged from punctuation,
  capitalisation and line length;
* ``"lines"``: no hard wrapping, one paragraph a line (hand-typed text, our sample corpus);
  a blank line after a list closes it;
* ``"blank"``: paragraphs are separated by blank lines (reStructuredText, our own rendered
  text, Markdown written one paragraph a line); indentation, when given
  (``SourceLine.indent``), decides which fracción a paragraph belongs to.

>>> from implan_regs.importers.lines import SourceLine
>>> from implan_regs.model.tree import DocumentMeta
>>> lines = [SourceLine(t, i) for i, t in enumerate(
...     ["CAPÍTULO I", "Disposiciones generales", "Artículo 1.- Son autoridades:",
...      "I. El Presidente;", "II. El Cabildo.", "ART. 1-BIS.- Se deroga."], 1)]
>>> result = recognize(lines, DocumentMeta(work="x", kind="reglamento", title="X"))
>>> [a.key for a in result.document.articles()], result.document.body[0].heading
(['1', '1bis'], 'Disposiciones generales')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..model.eid import assign_eids
from ..model.numbers import (
    ROMAN_RE,
    SUFFIX_RE,
    article_key,
    fold,
    letter_value,
    ordinal_to_int,
    roman_to_int,
    split_suffix,
)
from ..model.tree import Document, DocumentMeta, Provision, Table
from . import ImportResult
from .definitions import is_glossary, mark_definitions, opens_entry
from .lines import SourceLine
from .normalize import join_wrapped
from .report import ImportReport

# ----------------------------------------------------------------- line patterns

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
_CONTAINER_LEVEL = {"libro": "book", "titulo": "title", "capitulo": "chapter", "seccion": "section",
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


@dataclass
class Label:
    """A point label found at the start of a line, with every reading it allows."""

    readings: list[tuple[str, str, int]]  # (level, key, value) candidates, most likely first
    num: str
    rest: str


@dataclass
class _Open:
    node: Provision
    level: str
    value: int
    indent: int


@dataclass
class _State:
    report: ImportReport
    mode: str
    width: int
    doc: Document
    containers: list[Provision] = field(default_factory=list)
    article: Provision | None = None
    points: list[_Open] = field(default_factory=list)
    block: Provision | None = None  # current transitorios block
    target: Provision | None = None  # node whose text the next continuation line extends
    target_para: Provision | None = None
    prev_text: str = ""
    phase: str = "front"  # front | body | transitorios | conclusions
    lines: list[SourceLine] = field(default_factory=list)
    index: int = 0
    indented: bool = False  # indentation tells which fracción a paragraph belongs to
    decree_intro: bool = False  # between a reform decree's title and its TRANSITORIOS heading
    signature: bool = False  # inside a signature block ("Dado en…", names, offices)
    signature_paras: list[Provision] = field(default_factory=list)
    pending_heading: Provision | None = None
    pending_lines: int = 0
    last_article_value: dict[str, int] = field(default_factory=dict)


# ----------------------------------------------------------------- classification helpers

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
    return bool(text) and bool(_DEROGATED.fullmatch(text.strip()))


# ----------------------------------------------------------------- the recognizer

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


def recognize(lines: list[SourceLine], meta: DocumentMeta, *, mode: str | None = None) -> ImportResult:
    """Build the Document for ``lines``; fill the report with counts and warnings."""
    report = ImportReport(source=meta.source or "")
    lines = [_with_label(line) for line in lines]
    doc = Document(meta)
    mode = mode or detect_mode(lines)
    state = _State(report, mode, _typical_width(lines), doc)
    start = _body_start(lines)
    _front_matter(lines[:start], state)
    state.phase = "body"
    state.lines = lines
    state.indented = state.mode == "blank" and any(_indent(line) for line in lines)
    for index in range(start, len(lines)):
        state.index = index
        _feed(lines[index], state)
    _closing_signatures(state)
    _finish(doc, report)
    return ImportResult(doc, report)


def _with_label(line: SourceLine) -> SourceLine:
    """A DOCX automatic numbering label ('I.', 'a)') is part of the text as the reader sees it."""
    if not line.label or line.table is not None:
        return line
    label = line.label.strip()
    text = f"{label} {line.text}".strip() if line.text else label
    return replace(line, text=text, label=None)


def _body_start(lines: list[SourceLine]) -> int:
    """Index of the first line of the body: the first container or article line.

    An enacting decree article ("ARTÍCULO PRIMERO. Se expide la Ley...") followed shortly by
    a container belongs to the preamble.
    """
    for i, line in enumerate(lines):
        text = line.text
        if _container_match(text) and not _looks_like_sentence(text):
            return i
        m = _article_match(text)
        if m:
            if not m.group("number")[0].isdigit() and any(_container_match(x.text) for x in lines[i + 1: i + 8]):
                continue
            return i
    return len(lines)


def _looks_like_sentence(text: str) -> bool:
    return len(text) > 150


def _front_matter(lines: list[SourceLine], state: _State) -> None:
    """Preface (title lines in capitals at the top) and preamble paragraphs."""
    doc = state.doc
    i = 0
    while i < len(lines) and i < 8:
        line = lines[i]
        if line.table is not None or (i and line.blank_before) or not _mostly_upper(line.text):
            break
        if _PREAMBLE_HEAD.match(line.text):
            break
        doc.preface.append(line.text)
        i += 1
    para: Provision | None = None
    prev = ""
    for line in lines[i:]:
        if line.table is not None:
            doc.preamble.append(Provision("paragraph", table=line.table))
            para, prev = None, ""
            continue
        if para is not None and not _starts_paragraph(line, prev, state):
            para.text = join_wrapped(para.text or "", line.text)
        else:
            para = Provision("paragraph", text=line.text)
            doc.preamble.append(para)
        prev = line.text


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.7 * len(letters)


def _starts_paragraph(line: SourceLine, prev: str, state: _State) -> bool:
    """The hardest judgement: does ``line`` begin a new paragraph after ``prev``?"""
    if not prev:
        return True
    text = line.text
    if state.mode == "lines":
        return True
    if state.article is not None and is_glossary(state.article) and opens_entry(text, prev):
        return True
    if state.mode == "blank":
        return line.blank_before
    ends_sentence = prev.rstrip('"”)').endswith(_SENTENCE_END)
    first = text.lstrip("\"“¿¡(")[:1]
    starts_upper = first.isupper() or first.isdigit()
    if not starts_upper:
        return False
    if _heading_like(prev):
        return True
    if not ends_sentence:
        return line.blank_before and len(prev) < 0.6 * state.width
    if line.blank_before or prev.endswith(":"):
        return True
    if len(prev) >= 0.8 * state.width:
        return False
    if line.page is not None:  # the page showed no gap nor indent (a page break, a tight layout)
        state.report.warn("guess", f"párrafo nuevo supuesto porque la línea anterior es corta: «{text[:60]}»",
                          line=line.lineno)
    return True


def _heading_like(text: str) -> bool:
    """A short title line ("EXPOSICIÓN DE MOTIVOS", "CONSIDERANDO") that is its own paragraph."""
    return bool(_PREAMBLE_HEAD.fullmatch(text.strip(" .:"))) or (len(text) < 70 and _mostly_upper(text)
                                                                  and not text.endswith((",", "-")))


def _feed(line: SourceLine, state: _State) -> None:
    text = line.text
    if line.table is not None:
        _add_table(line.table, state)
        return
    if state.phase == "conclusions":
        state.doc.conclusions.append(text)
        return
    structural = state.mode != "blank" or line.blank_before or _heading_level(line) is not None \
        or not state.prev_text or _tight_list_item(text, state.prev_text)
    if state.pending_heading is not None and _extend_heading(line, state):
        return
    if structural and _NOTE.fullmatch(text):
        _add_note(text, state)
        return
    if structural and _structure(line, state):
        state.prev_text = "" if state.pending_heading is not None else text
        return
    _add_text(line, state)
    state.prev_text = text


def _tight_list_item(text: str, prev: str) -> bool:
    """A list printed without blank lines between items: "I. …;" then "II. …" on the next line.

    Only after a line that closes a clause (";", ":" or "."), so a sentence wrapped before a
    word like "I." is not split.
    """
    return prev.rstrip()[-1:] in (";", ":", ".") and bool(
        _ROMAN_POINT.match(text) or _LETTER_POINT.match(text) or _NUMBER_POINT.match(text))


def _extend_heading(line: SourceLine, state: _State) -> bool:
    """Heading lines after 'CAPÍTULO I' (up to 3, short, not structure, not a sentence)."""
    node = state.pending_heading
    text = line.text
    if (state.pending_lines >= 3 or _container_match(text) or _article_match(text) or _TRANSITORIOS.fullmatch(text)
            or (len(text) > 160 and state.mode == "wrapped") or (state.mode in ("blank", "lines") and line.blank_before)
            or (state.pending_lines and line.blank_before)
            or _NOTE.fullmatch(text) or text.endswith((".", ";")) and len(text) > 60):
        state.pending_heading = None
        return False
    if state.pending_lines and not (_mostly_upper(text) == _mostly_upper(node.heading or text) or text[:1].islower()):
        state.pending_heading = None
        return False
    node.heading = f"{node.heading} {text}" if node.heading else text
    state.pending_lines += 1
    state.prev_text = ""
    return True


def _structure(line: SourceLine, state: _State) -> bool:
    text = line.text
    if state.phase == "transitorios":
        return _transitorios_structure(line, state)
    if _TRANSITORIOS.fullmatch(text) and (state.doc.articles() or (state.containers and len(text) < 90)):
        state.phase = "transitorios"
        _new_block(state, heading=text)
        return True
    m = _article_match(text)
    if m and not m.group("number")[0].isdigit() and state.last_article_value.get("body"):
        # "Artículo Primero.-" (or "PRIMERO TRANSITORIO.-") after the numbered articles: the
        # numbering restarts, so the transitorios begin although no heading says so.
        state.phase = "transitorios"
        block = _new_block(state)
        t = _TRANSITIONAL.match(text)
        if t and t.group("named"):
            return _transitorios_structure(line, state)
        if t and ordinal_to_int(t.group("number")) == 1:
            state.report.warn("guess", f"transitorios sin encabezado TRANSITORIOS: «{text[:40]}» reinicia la "
                                       "numeración después de los artículos", line=line.lineno)
            return _transitorios_structure(line, state)
        # "ARTÍCULO SEGUNDO.- ..." otherwise: the enacting decree's next article, text outside the body.
        _new_paragraph(block, text, state)
        return True
    t = _TRANSITIONAL.match(text)
    if t and t.group("named") and state.doc.articles():
        state.phase = "transitorios"
        _new_block(state)
        return _transitorios_structure(line, state)
    m = _container_match(text)
    if m and _plausible_container(line, state):
        _add_container(m, state)
        return True
    m = _PLAN_ITEM.match(text)
    if m and state.article is None and state.containers:
        _add_plan_item(m, state)
        return True
    m = _article_match(text, strict=state.mode == "wrapped")
    if m and _plausible_article(m, line, state):
        _add_article(m.group(0)[: m.start("rest")].strip() if m.group("rest") else text.strip(),
                     m.group("number"), m.group("rest"), line, state)
        return True
    return _try_point(line, state)


def _plausible_container(line: SourceLine, state: _State) -> bool:
    if state.mode == "wrapped" and state.prev_text and not state.prev_text.endswith((".", ":", ";")) \
            and not _mostly_upper(state.prev_text) and not line.blank_before:
        return len(line.text) < 60 and _mostly_upper(line.text)
    return True


def _plausible_article(m: re.Match, line: SourceLine, state: _State) -> bool:
    if m.group("rest") and not m.group("term"):
        return False
    if state.mode == "wrapped" and state.prev_text and not state.prev_text.endswith(_SENTENCE_END + (")", "”", '"')) \
            and not line.blank_before and state.prev_text[-1:].isalpha() and m.group("rest")[:1].islower():
        return False
    return True


def _add_container(m: re.Match, state: _State) -> None:
    level = _CONTAINER_LEVEL[fold(m.group("word"))]
    num = f"{m.group('word')} {m.group('number')}"
    rest = m.group("rest").lstrip(".:-–— ").strip()
    node = Provision(level, num=num, key=_container_key(m.group("number")), heading=rest or None)
    order = _CONTAINER_ORDER[level]
    while state.containers and _CONTAINER_ORDER[state.containers[-1].kind] >= order:
        state.containers.pop()
    parent = state.containers[-1].children if state.containers else state.doc.body
    parent.append(node)
    state.containers.append(node)
    state.article, state.points, state.target, state.target_para = None, [], None, None
    state.pending_heading, state.pending_lines = node, 0 if not rest else 1
    if rest and not rest[-1:].isalnum():
        state.pending_lines = 1


def _add_plan_item(m: re.Match, state: _State) -> None:
    """A plan's objetivo, estrategia or línea de acción: a point of the current chapter; a
    línea "2.3" hangs from estrategia "2" of the same chapter when there is one."""
    level = _PLAN_LEVEL[fold(m.group("word")).split()[0]]
    key = m.group("number")
    container = state.containers[-1]
    parent = container
    if level == "linea":
        head = key.split(".")[0]
        parent = next((c for c in reversed(container.children) if c.kind == "point" and c.level == "estrategia"
                       and c.key == head), container)
    num = m.group(0)[: m.start("rest")].strip() if m.group("rest") else m.group(0).strip()
    node = Provision("point", num=num, key=key, level=level, text=m.group("rest") or None)
    parent.children.append(node)
    state.points = []
    state.target, state.target_para = node, None


def _add_article(num: str, number: str, rest: str, line: SourceLine, state: _State) -> None:
    key = article_key(number)
    node = Provision("article", num=num, key=key)
    parent = state.containers[-1].children if state.containers else state.doc.body
    parent.append(node)
    state.article, state.points = node, []
    state.target, state.target_para = node, None
    if rest:
        para = Provision("paragraph", text=rest)
        node.children.append(para)
        state.target_para = para
    _check_article_order(key, line, state)


def _article_value(key: str) -> tuple[int, int]:
    base, suffix = split_suffix(key)
    from ..model.numbers import SUFFIXES
    value = int(base) if base.isdigit() else 0
    return value, (SUFFIXES.index(suffix) + 1 if suffix in SUFFIXES else 0)


def _check_article_order(key: str, line: SourceLine, state: _State) -> None:
    value = _article_value(key)
    prev = state.last_article_value.get("body")
    if prev is not None and value[0]:
        if value == prev:
            state.report.warn("duplicate", f"el artículo {key} aparece dos veces", line=line.lineno)
        elif value < prev:
            state.report.warn("order", f"el artículo {key} está fuera de orden (después del {prev[0]})",
                              line=line.lineno)
        elif value[1] == 0 and value[0] > prev[0] + 1:
            missing = f"{prev[0] + 1}" if value[0] == prev[0] + 2 else f"{prev[0] + 1} al {value[0] - 1}"
            state.report.warn("gap", f"falta el artículo {missing} (del {prev[0]} se pasa al {value[0]})",
                              line=line.lineno)
    if value[0]:
        state.last_article_value["body"] = value


# ----------------------------------------------------------------- points

def _owner(state: _State) -> Provision | None:
    if state.phase == "transitorios":
        block = state.block
        if block is not None and block.children and block.children[-1].kind == "transitional":
            return block.children[-1]
        return None
    return state.article


def _try_point(line: SourceLine, state: _State) -> bool:
    owner = _owner(state)
    if owner is None:
        return False
    if line.hint is not None and line.hint.kind != "point":
        return False  # the source states it is an unnumbered paragraph
    label = _point_label(line.text)
    if label is None:
        return False
    indent = _indent(line)
    stated = _stated_place(label, line, state)
    if stated is not None:
        _add_point(label, *stated, indent, state)
        return True
    choice = _place_label(label, indent, state)
    if choice is None:
        return False
    level, key, value, parent_index, exact = choice
    if state.mode == "wrapped" and not _label_context_ok(label, line, state, exact):
        return False
    if not exact and parent_index >= -1 and value != 1:
        state.report.warn("gap", f"numeración con salto antes de «{label.num}»", line=line.lineno)
    _add_point(label, level, key, value, parent_index, indent, state)
    return True


def _stated_place(label: Label, line: SourceLine, state: _State) -> tuple[str, str, int, int] | None:
    """(level, key, value, parent index) of a point whose level and depth the source states
    (:class:`~.lines.StructureHint`); None without a hint or when the label has no such reading."""
    hint = line.hint
    if hint is None:
        return None
    for level, key, value in label.readings:
        if level == hint.level:
            return level, key, value, min(hint.depth, len(state.points)) - 1
    return None


def _label_context_ok(label: Label, line: SourceLine, state: _State, exact: bool) -> bool:
    """Reject a roman-looking word that merely starts a wrapped line of running text."""
    prev = state.prev_text
    if not prev or line.blank_before:
        return True
    lower = label.rest[:1].islower()
    if prev.endswith(_SENTENCE_END) or re.search(rf"(?:^|\s)(?:{ROMAN_RE}|[a-z]|\d+)[.)]-?$", prev):
        return True
    if exact:
        return not lower or prev.endswith((",", " y", " o", " e"))
    return not lower and len(prev) < 0.8 * state.width


def _place_label(label: Label, indent: int, state: _State) -> tuple[str, str, int, int, bool] | None:
    """Choose a reading and a parent: continue an open sequence, or start a new list.

    Returns (level, key, value, index in ``state.points`` of the parent (-1 = the owner),
    whether the label exactly continues an open sequence).
    """
    stack = state.points
    for level, key, value in label.readings:
        for i in range(len(stack) - 1, -1, -1):
            open_point = stack[i]
            if open_point.level == level and _continues(open_point, value, key) and _indent_fits(indent, open_point, state):
                return level, key, value, i - 1, True
    for level, key, value in label.readings:
        if value == 1 or (level == "fraccion" and not stack):
            return level, key, value, _parent_for_indent(indent, state), value == 1
    # Tolerate a small gap (a lost label in the PDF) when it continues the deepest sequence.
    for level, key, value in label.readings:
        for i in range(len(stack) - 1, -1, -1):
            open_point = stack[i]
            if open_point.level == level and open_point.value < value <= open_point.value + 3:
                return level, key, value, i - 1, False
    return None


def _continues(open_point: _Open, value: int, key: str) -> bool:
    if value == open_point.value + 1:
        return True
    return value == open_point.value and key != (open_point.node.key or "")  # "XXIX Bis" after "XXIX"


def _indent_fits(indent: int, open_point: _Open, state: _State) -> bool:
    return not state.indented or indent == open_point.indent


def _parent_for_indent(indent: int, state: _State) -> int:
    stack = state.points
    if state.indented:
        for i in range(len(stack) - 1, -1, -1):
            if stack[i].indent < indent:
                return i
        return -1
    return len(stack) - 1


def _add_point(label: Label, level: str, key: str, value: int, parent_index: int, indent: int,
               state: _State) -> None:
    owner = _owner(state)
    del state.points[parent_index + 1:]
    parent = state.points[parent_index].node if parent_index >= 0 else owner
    node = Provision("point", num=label.num, key=key, level=level, text=label.rest or None)
    parent.children.append(node)
    state.points.append(_Open(node, level, value, indent))
    state.target, state.target_para = node, None


# ----------------------------------------------------------------- text, notes, tables

def _add_text(line: SourceLine, state: _State) -> None:
    text = line.text
    target = state.target
    if target is None:
        _unplaced_text(line, state)
        return
    new_para = _starts_paragraph(line, state.prev_text, state)
    if not new_para and target.kind == "transitorios" and target.subheading and state.target_para is None \
            and not _PUBLICATION.search(target.subheading) \
            and not (text[:1].isupper() and (_TRANSITIONAL.match(text) or _article_match(text))):
        target.subheading = join_wrapped(target.subheading, text)  # a decree title wrapped over lines
        return
    if target.kind == "transitorios" and state.target_para is None:
        new_para = True  # the decree's own text after its title and publication line
    if not new_para and _too_long(state.target_para or target):
        new_para = True  # bounded: joining onto a huge text copies it, so a huge run is quadratic
        state.report.warn("long", f"párrafo de más de {MAX_PARAGRAPH:,} caracteres: continúa en un párrafo "
                                  "nuevo".replace(",", " "), line=line.lineno)
    if not new_para:
        if state.target_para is not None:
            state.target_para.text = join_wrapped(state.target_para.text or "", text)
        elif target.kind == "point" and target.text is not None:
            target.text = join_wrapped(target.text, text)
        elif target.kind == "point":
            target.text = text
        else:
            _new_paragraph(target, text, state)
        return
    if target.kind == "point" and target.text is None and not target.children and line.hint is None:
        target.text = text  # "I." alone, then its text after a blank line
        return
    owner = _paragraph_owner(line, state)
    _new_paragraph(owner, text, state)


#: Longest text a párrafo (or a point's own text) grows to by joining wrapped lines; far above
#: any real one (the Constitution's longest is under 6,000 characters).
MAX_PARAGRAPH = 50_000


def _too_long(node: Provision) -> bool:
    return len(node.text or "") > MAX_PARAGRAPH


def _new_paragraph(owner: Provision, text: str, state: _State) -> None:
    para = Provision("paragraph", text=text)
    owner.children.append(para)
    state.target_para = para


def _paragraph_owner(line: SourceLine, state: _State) -> Provision:
    """Which node a new unnumbered paragraph belongs to: an open point or the article."""
    owner = _owner(state) or state.target
    stack = state.points
    if owner is not None and owner.kind == "point" and owner.level in PLAN_LEVELS and state.containers:
        state.target = state.containers[-1]  # prose after an estrategia or a línea: the chapter's
        return state.target
    if not stack:
        return state.target if state.target is not None and state.target.kind != "point" else owner
    if line.hint is not None:  # the source states how many points enclose the paragraph
        del stack[min(line.hint.depth, len(stack)):]
        state.target = stack[-1].node if stack else owner
        return state.target
    indent = _indent(line)
    if state.indented:
        for i in range(len(stack) - 1, -1, -1):
            if stack[i].indent < indent:
                del stack[i + 1:]
                state.target = stack[i].node
                return stack[i].node
        del stack[:]
        state.target = owner
        return owner
    last = stack[-1].node
    if state.mode == "lines":  # a blank line after a list closes it; a line right after a point is its own
        if not line.blank_before:
            return last
        del stack[:]
        state.target = owner
        return owner
    last_text = _last_text(last)
    if state.mode == "blank" or last_text.endswith(":") or not last_text.endswith("."):
        if state.mode != "blank" or last_text.endswith(":"):
            return last
    del stack[:]
    state.target = owner
    return owner


def _last_text(node: Provision) -> str:
    for child in reversed(node.children):
        if child.kind == "paragraph" and child.text:
            return child.text.rstrip()
    return (node.text or "").rstrip()


def _unplaced_text(line: SourceLine, state: _State) -> None:
    if state.phase == "transitorios" and state.block is not None:
        _new_paragraph(state.block, line.text, state)
        state.target = state.block
        return
    if state.containers:
        container = state.containers[-1]
        _new_paragraph(container, line.text, state)
        state.target = container
        return
    state.report.warn("unplaced", f"texto fuera de toda disposición: «{line.text[:60]}»", line=line.lineno)
    _new_paragraph_body(line.text, state)


def _new_paragraph_body(text: str, state: _State) -> None:
    para = Provision("paragraph", text=text)
    state.doc.preamble.append(para)
    state.target = None


def _add_note(text: str, state: _State) -> None:
    node = (state.points[-1].node if state.points else None) or state.target or _owner(state)
    if node is None:
        node = state.containers[-1] if state.containers else None
    if node is None:
        state.doc.preamble.append(Provision("paragraph", text=text))
        return
    text = text.strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    node.notes.append(text)


def _add_table(table: Table, state: _State) -> None:
    owner = state.target or _owner(state) or (state.containers[-1] if state.containers else None)
    para = Provision("paragraph", table=table)
    if owner is None:
        if state.phase == "front" or not state.doc.body:
            state.doc.preamble.append(para)
        else:
            state.doc.body.append(para)
        return
    owner.children.append(para)
    state.target_para = None
    state.prev_text = ""


# ----------------------------------------------------------------- transitorios

def _new_block(state: _State, *, heading: str | None = None, subheading: str | None = None) -> Provision:
    block = Provision("transitorios", heading=heading, subheading=subheading)
    state.doc.body.append(block)
    state.block, state.article, state.points = block, None, []
    state.target, state.target_para, state.containers = block, None, []
    return block


def _transitorios_structure(line: SourceLine, state: _State) -> bool:
    text = line.text
    block = state.block
    m = _PART_AND_DECREE.match(text)
    if m:
        _transitorios_heading(m.group("part"), state)
        _decree_title(m.group("decree"), state)
        return True
    if state.signature and not (_TRANSITORIOS.fullmatch(text) and len(text) < 90) and not _DECREE.match(text):
        _signature_line(line, state)
        return True
    if _CONCLUSIONS.match(text) and block is not None:
        state.signature = True
        _signature_line(line, state, first=True)
        return True
    state.signature = False
    if block is not None and block.subheading and not block.children and _PUBLICATION.match(text):
        block.subheading = f"{block.subheading} {text}"
        state.target, state.target_para = block, None
        state.prev_text = text
        return True
    if _TRANSITORIOS.fullmatch(text) and len(text) < 90:
        _transitorios_heading(text, state)
        return True
    if _DECREE.match(text) and (line.blank_before or state.mode != "blank" or _fresh_block(block)):
        _decree_title(text, state)
        return True
    if _REFORM_TITLE.fullmatch(text) and _mostly_upper(text) and _transitorios_ahead(state):
        _decree_title(text, state)
        return True
    if state.decree_intro:
        return False  # the reform decree's own articles: text of the block, not transitorios
    m = _TRANSITIONAL.match(text)
    if m and not (m.group("rest")[:1].islower() and "-" not in m.group("term")):
        _add_transitional(text[: m.start("rest")].strip() if m.group("rest") else text.strip(),
                          m.group("number"), m.group("rest"), state)
        return True
    m = _article_match(text)
    if m and m.group("number")[0].isdigit() and block is not None and block.heading:
        _add_transitional(text[: m.start("rest")].strip() if m.group("rest") else text.strip(),
                          m.group("number"), m.group("rest"), state)
        return True
    return _try_point(line, state)


def _fresh_block(block: Provision | None) -> bool:
    return block is not None and block.heading is not None and not block.subheading and not block.children


def _decree_title(text: str, state: _State) -> None:
    """A reform decree's title: the subheading of a new block (or of a block that only has its heading)."""
    block = state.block
    if block is None or not _fresh_block(block):
        block = _new_block(state)
    block.subheading = text
    state.signature = False
    state.decree_intro = _heading_ahead(state)
    state.target, state.target_para = block, None


def _signature_line(line: SourceLine, state: _State, *, first: bool = False) -> None:
    """Signatures: trailing paragraphs of the block (moved to the conclusions when they end the document)."""
    block = state.block
    if block is None:
        return
    text = line.text
    last = state.target_para
    if not first and last is not None and state.signature_paras and last is state.signature_paras[-1] \
            and state.mode == "wrapped" and not _starts_paragraph(line, last.text or "", state):
        last.text = join_wrapped(last.text or "", text)
        return
    para = Provision("paragraph", text=text)
    block.children.append(para)
    state.signature_paras.append(para)
    state.target, state.target_para = block, para


def _transitorios_ahead(state: _State) -> bool:
    """A TRANSITORIOS heading (or a first transitorio) follows within a few lines."""
    for line in state.lines[state.index + 1: state.index + 4]:
        t = _TRANSITIONAL.match(line.text)
        if _TRANSITORIOS.fullmatch(line.text) or (t and ordinal_to_int(t.group("number")) in (1, None)):
            return True
    return False


def _heading_ahead(state: _State) -> bool:
    """Does a TRANSITORIOS heading come before the next decree? Then the decree's own
    articles come first (and are its text, not transitorios)."""
    for line in state.lines[state.index + 1: state.index + 400]:
        if _BARE_TRANSITORIOS.fullmatch(line.text):
            return True
        if _DECREE.match(line.text) or _TRANSITORIOS.fullmatch(line.text):
            return False
    return False


def _transitorios_heading(text: str, state: _State) -> None:
    """'TRANSITORIOS' inside the transitorios part: a new block, or the heading of the current one."""
    state.signature = False
    block = state.block
    has_items = block is not None and any(c.kind == "transitional" for c in block.children)
    if state.decree_intro and block is not None and block.heading is not None and not _BARE_TRANSITORIOS.fullmatch(text):
        state.decree_intro = False  # a new part heading: the previous decree had no TRANSITORIOS heading
        _new_block(state, heading=text)
    elif state.decree_intro and block is not None and not has_items:
        if block.heading is None:
            block.heading = text
        else:
            _new_paragraph(block, text, state)
            state.target = block
        state.decree_intro = False
    elif block is None or has_items or block.heading is not None or block.children:
        _new_block(state, heading=text)
    else:
        block.heading = text


def _add_transitional(num: str, number: str, rest: str, state: _State) -> None:
    block = state.block or _new_block(state, heading=None)
    node = Provision("transitional", num=num, key=article_key(number))
    block.children.append(node)
    state.points = []
    state.target, state.target_para = node, None
    if rest:
        para = Provision("paragraph", text=rest)
        node.children.append(para)
        state.target_para = para


def _subheading_continues(line: SourceLine, state: _State) -> bool:
    block = state.block
    return bool(block is not None and block.subheading and not block.children and state.target is block)


# ----------------------------------------------------------------- finishing

def _closing_signatures(state: _State) -> None:
    """Signature paragraphs that end the document are its conclusions."""
    body = state.doc.body
    if not body or body[-1].kind != "transitorios" or not state.signature_paras:
        return
    block = body[-1]
    signatures = {id(p) for p in state.signature_paras}
    cut = len(block.children)
    while cut and id(block.children[cut - 1]) in signatures:
        cut -= 1
    if cut == len(block.children):
        return
    state.doc.conclusions = [p.text or "" for p in block.children[cut:]] + state.doc.conclusions
    del block.children[cut:]


def _finish(doc: Document, report: ImportReport) -> None:
    _mark_derogations(doc.body)
    for node in doc.walk():
        if node.kind in ("article", "transitional"):
            nest_restarted_lists(node)
    mark_definitions(doc.body)  # after the lists are nested: a glossary's own list is told from later ones
    for eid in assign_eids(doc.body, preamble=doc.preamble):
        report.warn("duplicate", f"identificador repetido: {eid} (se le añadió un sufijo _dupN)")
    report.counts = doc.counts()


def _mark_derogations(nodes: list[Provision]) -> None:
    for node in nodes:
        if node.kind in ("paragraph", "point") and _is_derogation(node.text):
            node.derogated = True
        if node.kind in ("article", "transitional"):
            texts = [c for c in node.children if c.kind == "paragraph"]
            if texts and len(node.children) == 1 and _is_derogation(texts[0].text):
                node.derogated = True
        _mark_derogations(node.children)


# ----------------------------------------------------------------- lists that restart

def _point_value(point: Provision) -> int:
    """The ordinal value of a point's key ('XIV' -> 14, 'c' -> 3, '12' -> 12, 'XXIXbis' -> 29)."""
    key = point.key or ""
    if point.level in ("fraccion", "subinciso"):
        m = re.match(r"[IVXLCDM]+|[ivxlcdm]+", key)
        return (roman_to_int(m.group(0).upper()) or 0) if m else 0
    if point.level in ("inciso", "apartado"):
        return letter_value(key[:1])
    m = re.match(r"\d+", key)
    return int(m.group(0)) if m else 0


def _continues_list(prev: Provision, point: Provision) -> bool:
    if prev.level != point.level:
        return False
    a, b = _point_value(prev), _point_value(point)
    return a < b <= a + 3 or (a == b and prev.key != point.key)  # small gaps; "XXIX Bis" after "XXIX"


def nest_restarted_lists(owner: Provision) -> None:
    """An article whose numbering restarts (fracciones I–V, a paragraph, then I–III again) holds
    several lists: each one hangs from its chapeau, the text paragraph right before it, as a
    ``paragraph`` with children (AKN paragraph/intro/point; eIds ``art_3__para_12__point_IX``).
    An article with a single list keeps its points as direct children (``art_12__point_III``).
    A paragraph that sits between two points of the same list belongs to the point before it.
    Article-level paragraphs (chapeaus included) keep the DOF's párrafo count."""
    points = [c for c in owner.children if c.kind == "point"]
    if len(points) < 2 or all(_continues_list(a, b) for a, b in zip(points, points[1:], strict=False)):
        return
    out: list[Provision] = []
    collector: Provision | None = None  # the chapeau paragraph holding the current list
    since_last_point: list[Provision] = []  # article-level paragraphs after the collector's last point
    for child in owner.children:
        if child.kind != "point":
            out.append(child)
            if collector is not None:
                since_last_point.append(child)
            continue
        last = collector.children[-1] if collector is not None and collector.children else None
        if last is not None and _continues_list(last, child):
            for para in since_last_point:  # text between two points of one list: the point before
                out.remove(para)
                last.children.append(para)
            collector.children.append(child)
            since_last_point = []
            continue
        chapeau = out[-1] if out and out[-1].kind == "paragraph" else None
        if chapeau is None or chapeau.children or chapeau.table is not None or chapeau.text is None:
            chapeau = Provision("paragraph")
            out.append(chapeau)
        chapeau.children.append(child)
        collector, since_last_point = chapeau, []
    owner.children = out
