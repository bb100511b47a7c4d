"""Citations as people write them -> the provision they name.

Accepts the forms legal staff type: "artículo 45", "art. 122 Bis", "artículo 45 fracción III",
"fracción III del artículo 8", "artículo 12, fracción IV, inciso a)", "párrafo segundo del
artículo 28", "artículo 123 apartado B fracción XII", "transitorio primero", "capítulo III",
"título segundo capítulo I", or an eId ("art_45__point_III").

>>> parse_citation("fracción III del artículo 8")
[('article', '8'), ('fraccion', 'III')]
>>> parse_citation("párrafo segundo del artículo 28")
[('article', '28'), ('paragraph', '2')]
>>> parse_citation("Art. 122-BIS fr. II inciso b)")
[('article', '122bis'), ('fraccion', 'II'), ('inciso', 'b')]
"""

from __future__ import annotations

import re

from ..errors import NotFoundError
from .numbers import (
    ROMAN_RE,
    SUFFIX_RE,
    article_key,
    display_article_number,
    fold,
    int_to_ordinal,
    int_to_roman,
    ordinal_to_int,
    roman_to_int,
)
from .tree import CONTAINER_KINDS, LEVEL_NAMES, Document, Provision

# Outer levels first: a citation is resolved from the outside in, whatever order it was written in.
RANK = ["book", "title", "chapter", "section", "transitorios", "article", "transitional", "apartado",
        "paragraph", "fraccion", "inciso", "numeral", "subinciso"]
# An ordinal word, possibly compound ("vigésimo primero", "centésimo décimo segundo"): after the
# first word, at most a tens ordinal and then a unit ordinal.
_WORD = (r"[a-záéíóúñ]+(?:\s+(?:d[eé]cim[oa]|vig[eé]sim[oa]|trig[eé]sim[oa]|cuadrag[eé]sim[oa]"
         r"|quincuag[eé]sim[oa]|sexag[eé]sim[oa]|septuag[eé]sim[oa]|octog[eé]sim[oa]|nonag[eé]sim[oa]))?"
         r"(?:\s+(?:primer[oa]?|segund[oa]|tercer[oa]?|cuart[oa]|quint[oa]|sext[oa]"
         r"|s[eé]ptim[oa]|octav[oa]|noven[oa]))?")
_PATTERNS = [
    ("book", rf"\blibro\s+({_WORD}|{ROMAN_RE}|\d+)"),
    ("title", rf"\bt[ií]tulo\s+({_WORD}|\d+)"),
    ("chapter", rf"\bcap[ií]tulo\s+({_WORD}|\d+)"),
    ("section", rf"\bsecci[oó]n\s+({_WORD}|\d+)"),
    ("transitional", rf"\btransitorio\s+({_WORD}|\d+)"),
    ("article", rf"\bart(?:[ií]culo|\.)?\s*(\d+\s*(?:o|º|°)?\.?(?:[\s\-]*{SUFFIX_RE})?|{_WORD})"),
    ("apartado", r"\bapartado\s+([a-z])\b"),
    ("paragraph", rf"\bp[aá]rrafo\s+({_WORD}|\d+)"),
    ("fraccion", rf"\bfr(?:acci[oó]n|\.)?\s*((?:{ROMAN_RE})(?:[\s\-]*{SUFFIX_RE})?)\b"),
    ("inciso", r"\binciso\s+([a-zñ])\)?"),
    ("numeral", r"\bnumeral\s+(\d+)"),
    ("subinciso", r"\bsubinciso\s+([ivx]+)\)?"),
]
#: A lowercase piece of each level's keyword: a citation without it cannot match that level, so
#: its pattern is not even compiled (start-up of ``show --provision``). No i, s or k: those are
#: the letters that case-insensitive matching also finds as other characters (ı, İ, ſ, K).
_STEMS = {"book": "bro", "title": "tulo", "chapter": "cap", "section": "ecc", "transitional": "tor",
          "article": "art", "apartado": "apartado", "paragraph": "rrafo", "fraccion": "fr", "inciso": "nc",
          "numeral": "numeral", "subinciso": "ub"}
_COMPILED: dict[str, re.Pattern] = {}
EID_RE = re.compile(r"^[A-Za-z]+_[0-9A-Za-z\-]+(__[A-Za-z]+_[0-9A-Za-z\-]+)*$")


def _number(level: str, raw: str) -> str:
    raw = raw.strip()
    if level == "article":
        return article_key(raw)
    if level == "fraccion":
        return re.sub(r"[\s\-]+", "", raw.upper()).replace("BIS", "bis").replace("TER", "ter")
    if level in ("apartado",):
        return raw.upper()
    if level in ("inciso", "subinciso"):
        return raw.lower()
    if raw.isdigit():
        return raw
    roman = roman_to_int(raw)
    if roman:
        return str(roman)
    if fold(raw) in ("unico", "unica"):
        return "unico" if level != "paragraph" else "1"
    value = ordinal_to_int(raw)
    return str(value) if value else fold(raw)


OUTER = ("book", "title", "chapter", "section", "transitorios", "article", "transitional")


def parse_citation(text: str) -> list[tuple[str, str]]:
    """The (level, number) pairs named by ``text``, outermost first.

    Containers and the article always come first. Below the article the order is the one
    the text implies: "artículo 12 fracción IV inciso a)" reads outside-in, "inciso a) de la
    fracción IV del artículo 12" inside-out, and "fracción IX del párrafo décimo segundo del
    artículo 3" puts the párrafo above the fracción.
    """
    found = []
    lowered = text.lower()
    for level, pattern in _PATTERNS:
        if _STEMS[level] not in lowered:
            continue
        if level not in _COMPILED:
            _COMPILED[level] = re.compile(pattern, re.IGNORECASE)
        m = _COMPILED[level].search(text)
        if m:
            found.append((m.start(), level, _number(level, m.group(1))))
    outer = sorted((item for item in found if item[1] in OUTER), key=lambda item: RANK.index(item[1]))
    inner = sorted((item for item in found if item[1] not in OUTER), key=lambda item: item[0])
    anchor = next((item[0] for item in found if item[1] in ("article", "transitional")), None)
    if anchor is not None and inner and anchor > inner[-1][0]:
        inner.reverse()  # "… de la fracción IV del artículo 12": innermost first in the text
    return [(level, number) for _, level, number in outer + inner]


def _children_matching(node: Provision, level: str, number: str) -> Provision | None:
    if level == "paragraph":
        return _paragraph(node, int(number) if number.isdigit() else 0)
    for child in node.children:
        if child.kind == "point" and (child.key or "").lower() == number.lower() \
                and (child.level in (level, None) or level == "fraccion"):
            return child
    return None


def _paragraph(node: Provision, ordinal: int) -> Provision | None:
    """The párrafo ``ordinal`` of ``node`` as decrees count: a fracción's own text is its párrafo primero."""
    own = 1 if node.kind == "point" and node.text else 0
    if own and ordinal == 1:
        return node
    paragraphs = [c for c in node.children if c.kind == "paragraph"]
    index = ordinal - own - 1
    return paragraphs[index] if 0 <= index < len(paragraphs) else None


def _find_point(node: Provision, level: str, number: str) -> Provision | None:
    """A point named at ``level`` may sit under an unnamed intermediate level (e.g. an apartado)."""
    direct = _children_matching(node, level, number)
    if direct is not None:
        return direct
    for child in node.children:
        if child.kind in ("point", "paragraph") and child.children:
            found = _find_point(child, level, number)
            if found is not None:
                return found
    return None


def _points_after(parent: Provision, paragraph: Provision, level: str, number: str) -> Provision | None:
    """'fracción IX del párrafo décimo segundo': the list that follows a chapeau paragraph."""
    children = parent.children
    start = next((i for i, c in enumerate(children) if c is paragraph), None)
    if start is None:
        return None
    for child in children[start + 1:]:
        if child.kind == "paragraph":
            return None
        holder = Provision("paragraph", children=[child])
        found = _find_point(holder, level, number)
        if found is not None:
            return found
    return None


def resolve(doc: Document, citation: str) -> Provision:
    """The provision of ``doc`` named by ``citation`` (or an eId); NotFoundError otherwise."""
    text = citation.strip()
    if EID_RE.match(text):
        node = doc.find(text)
        if node is None:
            raise NotFoundError("no existe esa disposición en el documento", path=text)
        return node
    parts = parse_citation(text)
    if not parts:
        raise NotFoundError("no se reconoce la cita (p. ej. 'artículo 45 fracción III')", path=text)
    scope: list[Provision] = doc.body
    current: Provision | None = None
    parent: Provision | None = None
    for level, number in parts:
        found = _resolve_step(doc, scope, current, level, number)
        if found is None and current is not None and current.kind == "paragraph" and parent is not None:
            found = _points_after(parent, current, level, number)
        if found is None:
            if level == "article" and current is None and number in doc.moved:
                raise NotFoundError(_moved_message(doc, number), path=text)
            raise NotFoundError(f"no existe: {describe(parts)}", path=text)
        if found is not current:
            parent = current
        current = found
        scope = current.children
    assert current is not None
    return current


def _resolve_step(doc: Document, scope: list[Provision], current: Provision | None,
                  level: str, number: str) -> Provision | None:
    if level in CONTAINER_KINDS:
        return next((n for n in _descendants(scope) if n.kind == level and n.key == number), None)
    if level == "article":
        pool = scope if current is not None else doc.body
        return next((n for n in _descendants(pool) if n.kind == "article" and n.key == number), None)
    if level == "transitional":
        return next((n for n in doc.walk() if n.kind == "transitional" and n.key == number), None)
    if current is None:
        return None
    if level == "paragraph":
        return _children_matching(current, "paragraph", number)
    return _find_point(current, level, number)


def _descendants(nodes: list[Provision]):
    for node in nodes:
        yield node
        if node.kind in CONTAINER_KINDS or node.kind == "transitorios":
            yield from _descendants(node.children)


_FEMININE = {"fraccion", "section", "subsection", "linea"}
_ORDINAL_LEVELS = {"book", "title", "section", "subsection", "transitional", "paragraph"}


def describe(parts: list[tuple[str, str]]) -> str:
    """Parsed citation parts in Spanish, innermost first: 'fracción III del artículo 46'.

    >>> describe([("title", "4"), ("chapter", "2")]), describe([("article", "12"), ("inciso", "a")])
    ('capítulo II del título cuarto', 'inciso a) del artículo 12')
    """
    named = [f"{LEVEL_NAMES.get(level, level)} {_display_number(level, number)}" for level, number in reversed(parts)]
    out = named[0]
    for (level, _), name in zip(reversed(parts[:-1]), named[1:], strict=True):
        out += (" de la " if level in _FEMININE else " del ") + name
    return out


def _display_number(level: str, number: str) -> str:
    if level == "article":
        return display_article_number(number)
    if level in ("inciso", "subinciso"):
        return number + ")"
    if not number.isdigit():
        return number
    if level == "chapter":
        return int_to_roman(int(number))
    if level in _ORDINAL_LEVELS and 1 <= int(number) <= 999:
        word = int_to_ordinal(int(number))
        return re.sub(r"o\b", "a", word) if level in _FEMININE else word
    return number


def _moved_message(doc: Document, key: str) -> str:
    """'el artículo 46 pasó a ser el 50 Bis en esta propuesta' (following later moves of the same article)."""
    present = {a.key for a in doc.articles()}
    target, seen = doc.moved[key], {key}
    while target not in present and target in doc.moved and target not in seen:
        seen.add(target)
        target = doc.moved[target]
    return (f"el artículo {display_article_number(key)} pasó a ser el {display_article_number(target)} "
            "en esta propuesta")
