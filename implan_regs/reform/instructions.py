"""What an amending decree orders, read from its sentence ("Se REFORMAN …; se ADICIONAN …").

One vocabulary shared by the decree's writer (:mod:`.decree`) and its reader
(:mod:`.decree_reader`): a :class:`Target` names one provision by its full path, as the DOF
does ("artículo 116, párrafo segundo, fracción II, párrafo segundo"), and an
:class:`Instruction` pairs a verb with a target.

The sentence is read in both forms decrees use: compact, outer to inner, one article after
another separated by semicolons ("los artículos 6o., párrafo tercero; 27, párrafo sexto"), and
descriptive, inner to outer ("la fracción IV del artículo 12", "un párrafo tercero al Apartado
B del artículo 26"). Lists and ranges expand ("párrafos noveno y décimo quinto a vigésimo").

>>> [str(i) for i in parse_sentence("Se REFORMAN los artículos 5 y 7; se ADICIONA un párrafo "
...  "tercero al artículo 8; y se DEROGA la fracción IV del artículo 12 del Reglamento X")]
['REFORMA artículo 5', 'REFORMA artículo 7', 'ADICIONA artículo 8, párrafo tercero', \
'DEROGA artículo 12, fracción IV']
>>> [str(i) for i in parse_sentence("se RECORRE el artículo 46 para pasar a ser el artículo 50 Bis")]
['RECORRE artículo 46 → 50bis']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import cast

from ..model.numbers import (
    LETTERS,
    ROMAN_RE,
    SUFFIX_RE,
    article_key,
    display_article_number,
    fold,
    int_to_ordinal,
    letter_value,
    ordinal_to_int,
    roman_to_int,
)


class Verb(str, Enum):
    REFORM = "REFORMA"
    ADD = "ADICIONA"
    REPEAL = "DEROGA"
    RENUMBER = "RECORRE"  # an article renumbered (and placed by its new number)
    RELOCATE = "REUBICA"  # an article placed elsewhere keeping its number

    @property
    def plural(self) -> str:
        return {"REFORMA": "REFORMAN", "ADICIONA": "ADICIONAN", "DEROGA": "DEROGAN",
                "RECORRE": "RECORREN", "REUBICA": "REUBICAN"}[self.value]


#: How a decree names the levels below the article.
LEVEL_WORDS = {"apartado": ("Apartado", "Apartados"), "paragraph": ("párrafo", "párrafos"),
               "fraccion": ("fracción", "fracciones"), "inciso": ("inciso", "incisos"),
               "numeral": ("numeral", "numerales"), "subinciso": ("subinciso", "subincisos"),
               "fila": ("fila", "filas")}  # a row of the table a párrafo holds ("la fila 3 de la tabla")
CONTAINER_WORDS = {"book": "Libro", "title": "Título", "chapter": "Capítulo", "section": "Sección",
                   "subsection": "Subsección"}


@dataclass(frozen=True)
class Target:
    """A provision named by its path: the article key, then (level, number) pairs, outer first.

    Numbers are canonical: párrafos as ordinals ("3"), fracciones in upper-case Roman numerals
    (with a lower-case suffix: "XXIXbis"), apartados upper case, incisos lower case. A container
    target has ``container`` ("chapter", "III") and an optional article-less path.
    """

    article: str | None
    path: tuple[tuple[str, str], ...] = ()
    container: tuple[str, str] | None = None
    heading_only: bool = False  # "la denominación del Capítulo III"
    within: tuple[tuple[str, str], ...] = ()  # the containers around a container target, outer first

    def label(self) -> str:
        """'artículo 116, párrafo segundo, fracción II' (the compact DOF form)."""
        if self.container is not None:
            kind, number = self.container
            name = f"{CONTAINER_WORDS.get(kind, kind)} {number}"
            return f"denominación del {name}" if self.heading_only else name
        parts = [f"artículo {display_article_number(self.article or '')}"]
        parts.extend(level_label(level, number) for level, number in self.path)
        return ", ".join(parts)

    def child(self, level: str, number: str) -> Target:
        return Target(self.article, self.path + ((level, number),))


def level_label(level: str, number: str) -> str:
    """('paragraph', '3') -> 'párrafo tercero'; ('inciso', 'a') -> 'inciso a)'."""
    word = LEVEL_WORDS.get(level, (level, level))[0]
    return f"{word} {display_number(level, number)}"


def display_number(level: str, number: str) -> str:
    if level == "paragraph":
        return int_to_ordinal(int(number)) if number.isdigit() else number
    if level in ("inciso", "subinciso"):
        return f"{number})"
    if level == "fraccion":
        m = re.fullmatch(rf"({ROMAN_RE})({SUFFIX_RE})?", number, re.IGNORECASE)
        if m and m.group(2):
            return f"{m.group(1)} {m.group(2).capitalize()}"
    return number


def number_order(level: str, number: str) -> tuple[int, str]:
    """Sort key of a number within its level (ranges and legal order)."""
    if level == "paragraph":
        return (int(number) if number.isdigit() else 0, "")
    m = re.fullmatch(r"([A-Za-zñ]+?|\d+)((?:bis|ter|qu[aá]ter|quinquies|sexies)?)", number, re.IGNORECASE)
    head, tail = (m.group(1), m.group(2)) if m else (number, "")
    if level == "fraccion" and roman_to_int(head):
        return (roman_to_int(head) or 0, tail)
    if head.isdigit():
        return (int(head), tail)
    if len(head) == 1:
        return (letter_value(head), tail)
    return (roman_to_int(head) or 0, tail)




@dataclass
class Instruction:
    verb: Verb
    target: Target
    new_article: str | None = None  # RECORRE: the new key; REUBICA: the article it follows (or precedes)
    text: str = ""  # the words of the sentence it came from (for reports)
    line: int = 0
    before: bool = False  # REUBICA "para quedar antes del artículo …"
    within: tuple[tuple[str, str], ...] = ()  # REUBICA "para quedar en el Capítulo IV del Título Segundo"

    def __str__(self) -> str:
        arrow = f" → {self.new_article}" if self.new_article else ""
        return f"{self.verb.value} {self.target.label()}{arrow}"


# ------------------------------------------------------------------ tokens

_UNIT_WORDS = (r"primer[oa]?|segund[oa]|tercer[oa]?|cuart[oa]|quint[oa]|sext[oa]|s[eé]ptim[oa]|octav[oa]|"
               r"noven[oa]|[uú]nic[oa]")
_TEN_WORDS = (r"d[eé]cim[oa]|vig[eé]sim[oa]|trig[eé]sim[oa]|cuadrag[eé]sim[oa]|quincuag[eé]sim[oa]|"
              r"sexag[eé]sim[oa]|septuag[eé]sim[oa]|octog[eé]sim[oa]|nonag[eé]sim[oa]|cent[eé]sim[oa]")
_HUNDRED_WORDS = (r"(?:cent|ducent|tricent|cuadringent|quingent|sexcent|septingent|octingent|noningent)"
                  r"[eé]sim[oa]")
_ORDINAL_WORD = (rf"(?:(?:{_HUNDRED_WORDS})(?:\s+(?:(?:und[eé]cim[oa]|duod[eé]cim[oa])|(?:{_TEN_WORDS})"
                 rf"(?:\s*(?:{_UNIT_WORDS}))?|(?:{_UNIT_WORDS})))?|(?:und[eé]cim[oa]|duod[eé]cim[oa])|"
                 rf"(?:{_TEN_WORDS})(?:\s*(?:{_UNIT_WORDS}))?|(?:{_UNIT_WORDS}))\b")
_ART_NUM = rf"\d+\s*(?:o|º|°|ª)?\.?(?:[\s\-]*{SUFFIX_RE}\b)?"
_NUMBERS = {
    "paragraph": _ORDINAL_WORD,
    "fraccion": rf"(?:(?-i:(?=[IVXLCDM]+\b){ROMAN_RE})\b(?:[\s\-]*{SUFFIX_RE}\b)?)",
    "apartado": r"[A-Z]\b",
    "inciso": r"[a-zñ](?:\)|(?![\wáéíóú]))",
    "numeral": r"\d+",
    "subinciso": r"[ivx]+(?:\)|(?![\wáéíóú]))",
    "fila": r"\d+",
}
_LEVEL_RE = {
    "paragraph": r"p[áa]rrafos?",
    "fraccion": r"fracci(?:ón|on|ones)",
    "apartado": r"apartados?",
    "inciso": r"incisos?",
    "numeral": r"numeral(?:es)?",
    "subinciso": r"subincisos?",
    "fila": r"filas?",
}
_CONTAINER_RE = {
    "book": r"libros?", "title": r"t[íi]tulos?", "chapter": r"cap[íi]tulos?", "section": r"secci(?:ón|on|ones)",
    "subsection": r"subsecci(?:ón|on|ones)"}
_LINKS = r"(?:de\s+la|de\s+las|de\s+los|del|de|al|a\s+la|a\s+las|a\s+los|a|en\s+el|en\s+la)"
_VERB_RE = re.compile(r"\b(?:(?:se|que)\s+(reforman?|adicionan?|derogan?|recorren?|reubican?)|"
                      r"(reformando|adicionando|derogando))\b", re.IGNORECASE)
_ORDINAL_FIRST = re.compile(r"\b(primer|primero|segundo|tercer|tercero|cuarto|quinto|sexto|s[ée]ptimo|octavo|"
                            r"noveno|d[ée]cimo|[úu]ltimo)\s+(p[áa]rrafo)\b", re.IGNORECASE)
_END_RE = re.compile(r",?\s*para\s+quedar\s+como\s+sigue\s*:?\s*$|,?\s*para\s+quedar\s+en\s+los\s+siguientes"
                     r"\s+t[ée]rminos\s*:?\s*$", re.IGNORECASE)
_TITLE_RE = re.compile(r"\s+(?:del?|de\s+la)\s+(?:Reglamento|Ley|Constituci[óo]n|C[óo]digo|Plan|Programa|Bando|"
                       r"Norma|Estatuto|Lineamientos|Reglas|Decreto|Acuerdo)\b(?!.*\bart[íi]culo)", re.IGNORECASE)
_NOISE_RE = re.compile(r",?\s*recorri[ée]ndose\s+(?:en|por)\s+su\s+orden\s+(?:l[oa]s\s+)?(?:subsecuentes|siguientes|"
                       r"posteriores|dem[áa]s)(?:\s+(?:p[áa]rrafos|fracciones|incisos|art[íi]culos))?|"
                       r",?\s*(?:y\s+)?se\s+recorren\s+(?:en|por)\s+su\s+orden\s+(?:l[oa]s\s+)?(?:subsecuentes|"
                       r"siguientes)[^;,]*", re.IGNORECASE)


@dataclass
class _Token:
    kind: str  # 'art' | 'level' | 'container' | 'sep' | 'link' | 'heading'
    value: object = None
    start: int = 0
    determiner: bool = False  # "la fracción III" starts an item; "6, fracción III" continues a path


_DETERMINER_BEFORE = re.compile(r"\b(?:el|la|los|las|un|una|unos|unas)\s+$", re.IGNORECASE)


def _split_list(raw: str) -> list[str]:
    """'noveno y décimo quinto a vigésimo' -> ['noveno', 'décimo quinto..vigésimo'] (ranges kept)."""
    raw = re.sub(r"\s+al?\s+(?:la\s+|el\s+)?", " .. ", raw)
    parts = re.split(r"\s*,\s*|\s+[ye]\s+", raw)
    return [p.strip() for p in parts if p.strip()]


def _canonical(level: str, raw: str) -> str | None:
    raw = raw.strip().rstrip(")").strip()
    if level == "paragraph":
        if fold(raw) in ("unico", "unica"):
            return "1"
        value = ordinal_to_int(raw)
        return str(value) if value else None
    if level == "fraccion":
        m = re.fullmatch(rf"({ROMAN_RE})[\s\-]*({SUFFIX_RE})?", raw, re.IGNORECASE)
        return (m.group(1).upper() + (fold(m.group(2)) if m.group(2) else "")) if m and m.group(1) else None
    if level == "apartado":
        return raw.upper()
    if level in ("inciso", "subinciso"):
        return raw.lower()
    return raw


def _expand(level: str, items: list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        first, sep, last = item.partition(" .. ")
        a = _canonical(level, first)
        if a is None:
            continue
        if not sep:
            out.append(a)
            continue
        b = _canonical(level, last)
        if b is None:
            out.append(a)
            continue
        out.extend(_range(level, a, b))
    return out


def _range(level: str, first: str, last: str) -> list[str]:
    lo, hi = number_order(level, first)[0], number_order(level, last)[0]
    if hi < lo:
        return [first, last]
    values = range(lo, hi + 1)
    if level in ("paragraph", "numeral", "fila"):
        return [str(v) for v in values]
    if level == "fraccion":
        from ..model.numbers import int_to_roman

        return [int_to_roman(v) for v in values]
    if level in ("inciso", "apartado"):
        letters = LETTERS if level == "inciso" else LETTERS.upper()
        return [letters[v - 1] for v in values if 0 < v <= len(letters)]
    return [first, last]


def _tokens(clause: str) -> list[_Token]:
    level_alt = "|".join(f"(?P<L_{k}>{v})" for k, v in _LEVEL_RE.items())
    cont_alt = "|".join(f"(?P<C_{k}>{v})" for k, v in _CONTAINER_RE.items())
    master = re.compile(
        rf"(?P<denom>\bdenominaci[óo]n\b)|(?P<art>\bart[íi]culos?\b|\bart\.)|\b(?:{level_alt})\b|\b(?:{cont_alt})\b"
        rf"|(?P<num>\b{_ART_NUM})|(?P<semi>;)|(?P<comma>,)|(?P<y>\b[ye]\b)|(?P<link>\b{_LINKS}\b)",
        re.IGNORECASE)
    tokens: list[_Token] = []
    pos = 0
    art_mode = False
    while pos < len(clause):
        m = master.search(clause, pos)
        if not m:
            break
        pos = m.end()
        kind = m.lastgroup or ""
        if kind == "denom":
            tokens.append(_Token("heading", None, m.start()))
        elif kind == "art":
            art_mode = True
            nm = re.compile(rf"\s*({_ART_NUM}|{_ORDINAL_WORD})", re.IGNORECASE).match(clause, pos)
            if nm:
                tokens.append(_Token("art", article_key(nm.group(1)), m.start()))
                pos = nm.end()
        elif kind.startswith("L_"):
            art_mode = False
            level = kind[2:]
            numbers, pos = _read_list(clause, pos, level)
            determiner = bool(_DETERMINER_BEFORE.search(clause[:m.start()]))
            tokens.append(_Token("level", (level, numbers), m.start(), determiner))
        elif kind.startswith("C_"):
            art_mode = False
            nm = re.compile(rf"\s+((?-i:(?=[IVXLCDM]+\b){ROMAN_RE})\b(?:\s+{SUFFIX_RE}\b)?|{_ORDINAL_WORD}|\d+)",
                                re.IGNORECASE).match(clause, pos)
            if nm and nm.group(1).strip():
                number = nm.group(1)
                tokens.append(_Token("container", (kind[2:], number), m.start()))
                pos = nm.end()
        elif kind == "num":
            if art_mode or (tokens and tokens[-1].kind == "sep"):
                tokens.append(_Token("art", article_key(m.group("num")), m.start()))
        elif kind == "semi":
            tokens.append(_Token("sep", ";", m.start()))
        elif kind in ("comma", "y"):
            tokens.append(_Token("sep", "," if kind == "comma" else "y", m.start()))
            bare = _BARE.match(clause, pos)  # "fracciones II, párrafo primero, IV y VIII, párrafos …"
            if bare and not art_mode:
                items = re.split(r"\s*(?:,|\by\b|\be\b)\s*", bare.group(1).strip())
                style = "letter" if items[0].endswith(")") else "roman"
                tokens.append(_Token("bare", (style, items), bare.start(1)))
                pos = bare.end()
        elif kind == "link":
            tokens.append(_Token("link", m.group("link").lower(), m.start()))
    return tokens


_BARE_ITEM = r"(?:(?-i:[IVXLCDM]+)(?![\w)])|(?-i:[a-zñ])\))"
_BARE = re.compile(rf"\s*({_BARE_ITEM}(?:\s*(?:,|\by\b|\be\b)\s*{_BARE_ITEM})*)(?=\s*(?:,|;|\by\b|$))")


def _read_list(clause: str, pos: int, level: str) -> tuple[list[str], int]:
    """Read 'II, III y V', 'noveno y décimo quinto a vigésimo', 'a) al f)' from ``pos``."""
    number = _NUMBERS[level]
    flags = re.IGNORECASE if level in ("paragraph", "fraccion") else 0
    item = rf"(?:{number})(?:\s+al?\s+(?:la\s+|el\s+)?(?:{number}))?"
    lst = re.compile(rf"\s+({item}(?:\s*(?:,|\by\b|\be\b)\s*{item})*)", flags)
    m = lst.match(clause, pos)
    if not m:
        return [], pos
    raw = m.group(1)
    # stop before a trailing "y" that starts the next item ("fracción II y el artículo 5")
    return _expand(level, _split_list(raw)), m.end()


# ------------------------------------------------------------------ clauses -> targets

def parse_sentence(sentence: str, line: int = 0) -> list[Instruction]:
    """Every instruction of an ARTÍCULO ÚNICO/PRIMERO… sentence, in the order written."""
    text = " ".join(sentence.split())
    text = _END_RE.sub("", text)
    text = _NOISE_RE.sub("", text)
    # "un Capítulo III, denominado «De la accesibilidad», al Título Cuarto": the name is not a path
    text = re.sub(r",?\s*denominad[oa]s?\s*[«\"“][^»\"”]*[»\"”]\s*,?", " ", text, flags=re.IGNORECASE)
    text = re.sub(r"\s+para\s+convertir\w*\s+en\s+[^,;]*?(?=\s+y\s+|[,;]|$)", "", text, flags=re.IGNORECASE)
    text = _ORDINAL_FIRST.sub(lambda m: f"{m.group(2)} {'primero' if m.group(1).lower() == 'primer' else m.group(1)}",
                              text)
    m = _TITLE_RE.search(text)
    if m:
        text = text[:m.start()]
    verbs = list(_VERB_RE.finditer(text))
    out: list[Instruction] = []
    for i, vm in enumerate(verbs):
        end = verbs[i + 1].start() if i + 1 < len(verbs) else len(text)
        clause = text[vm.end():end].strip(" ;,")
        clause = re.sub(r"\s*[;,]?\s*\by\s*$", "", clause)
        verb = _verb(vm.group(1) or vm.group(2))
        out.extend(_clause(verb, clause, line))
    return out


def _verb(word: str) -> Verb:
    w = fold(word)
    for verb in Verb:
        if w.startswith(fold(verb.value)[:5]):
            return verb
    raise ValueError(word)


_CONTAINER_CHAIN = r"(?:libro|t[íi]tulo|cap[íi]tulo|secci[óo]n|subsecci[óo]n)\s(?:(?!\bart[íi]culo\b)[^,;])*?"
_PLACEMENT_RE = re.compile(rf"(?P<n>{_ART_NUM}),?\s+(?:(?P<where>a\s+continuaci[óo]n\s+del|antes\s+del)\s+"
                           rf"art[íi]culo\s+(?P<m>{_ART_NUM})|en\s+(?:el|la)\s+(?P<cont>{_CONTAINER_CHAIN}))"
                           rf"(?=\s*(?:,|;|$|\sy\s))", re.IGNORECASE)


def _container_chain(text: str) -> tuple[tuple[str, str], ...]:
    """'Capítulo II del Título Segundo' -> (('title', '2'), ('chapter', '2')), outer first."""
    targets = _read_items(_tokens("el " + text.strip(" ,")))
    if not targets or targets[0].container is None:
        return ()
    return targets[0].within + (targets[0].container,)


def _clause(verb: Verb, clause: str, line: int) -> list[Instruction]:
    if verb in (Verb.RENUMBER, Verb.RELOCATE):
        return _moves(verb, clause, line)
    placements: dict[str, tuple[tuple[tuple[str, str], ...], bool]] = {}  # "el artículo 104 Bis, a continuación del 103"

    def placement(m: re.Match) -> str:
        if m.group("cont"):
            placements[article_key(m.group("n"))] = (_container_chain(m.group("cont")), False)
        else:
            placements[article_key(m.group("n"))] = ((("article", article_key(m.group("m"))),),
                                                     fold(m.group("where")).startswith("antes"))
        return m.group("n")

    clause = _PLACEMENT_RE.sub(placement, clause)
    out = []
    for target in _read_items(_tokens(clause)):
        where = placements.get(target.article or "") if not target.path else None
        out.append(Instruction(verb, target, text=clause, line=line, before=bool(where and where[1]),
                               within=where[0] if where else ()))
    return out


def _items(tokens: list[_Token]) -> list[tuple[list[_Token], bool]]:
    """Split tokens into items: (designators with links, compact?).

    Compact: "6, párrafo tercero, fracción II" (an article, then its path after commas).
    Descriptive: "la fracción IV del artículo 12" (designators joined by links, innermost first).
    """
    items: list[tuple[list[_Token], bool]] = []
    current: list[_Token] = []
    compact = False
    after_semicolon = False
    for i, tok in enumerate(tokens):
        if tok.kind == "sep":
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            continues = compact and nxt is not None and (
                nxt.kind == "bare" or (tok.value == "," and nxt.kind == "level" and not nxt.determiner))
            if not continues and current:
                items.append((current, compact))
                current = []
            if tok.value == ";":
                items.append(([tok], False))
                after_semicolon = compact
            elif tok.value == "y" and compact and nxt is not None and nxt.kind == "level" and not nxt.determiner:
                after_semicolon = True  # "6o., párrafo tercero, y Apartado A, …": the same article again
            continue
        if tok.kind == "link":
            if current:
                current.append(tok)
            continue
        if not current:
            # "6, párrafo tercero; Apartado A, fracción II": after a semicolon the compact path restarts
            compact = tok.kind == "art" or (after_semicolon and tok.kind == "level")
            after_semicolon = False
        current.append(tok)
    if current:
        items.append((current, compact))
    return items


def _read_items(tokens: list[_Token]) -> list[Target]:
    out: list[Target] = []
    pending: list[tuple[tuple[str, str], ...]] = []
    article: str | None = None
    compact_article: str | None = None  # the article a ";"-continuation belongs to
    for designators, compact in _items(tokens):
        if designators[0].kind == "sep":
            continue
        linked = any(t.kind == "link" for t in designators)
        parts = [t for t in designators if t.kind != "link"]
        if linked and not compact:
            parts.reverse()  # descriptive: innermost first in the text
        heading = any(t.kind == "heading" for t in parts)
        parts = [t for t in parts if t.kind != "heading"]
        containers = [(t.value[0], _container_number(t.value[1])) for t in parts  # type: ignore[index]
                      if t.kind == "container"]
        arts = [t for t in parts if t.kind == "art"]
        steps = [t for t in parts if t.kind in ("level", "bare")]
        paths = _compact_paths(steps) if compact else _paths([t for t in steps if t.kind == "level"])
        if containers and not arts:
            out.append(Target(None, (), containers[-1], heading, tuple(containers[:-1])))
            continue
        if arts:
            article = str(arts[0].value)
            compact_article = article if compact else None
            out.extend(Target(article, p) for p in pending)
            pending = []
            out.extend(Target(article, p) for p in paths)
        elif compact_article is not None:
            out.extend(Target(compact_article, p) for p in paths)
        else:
            pending.extend(paths)
    return out


#: Which level may stand inside which, as compact paths write them ("fracción II, párrafo primero";
#: "párrafo décimo segundo, fracción IX": the párrafo that introduces the list).
_MAY_HOLD = {"apartado": {"fraccion", "paragraph", "inciso", "numeral", "fila"},
             "fraccion": {"paragraph", "inciso", "numeral", "apartado", "fila"},
             "paragraph": {"fraccion", "fila"},
             "inciso": {"paragraph", "numeral", "subinciso", "fila"},
             "numeral": {"paragraph", "subinciso", "fila"},
             "subinciso": {"paragraph", "fila"}}


def _compact_paths(steps: list[_Token]) -> list[tuple[tuple[str, str], ...]]:
    """Paths of a compact designation, outer to inner, with siblings written bare:
    "Apartado A, fracciones II, párrafo primero, IV y VIII, párrafos primero a tercero" names
    (A, II, p1), (A, IV), (A, VIII, p1), (A, VIII, p2), (A, VIII, p3): a trailing path applies
    to the last number of a list, as the DOF writes it."""
    out: list[tuple[tuple[str, str], ...]] = []
    stack: list[tuple[str, list[str]]] = []
    for k, tok in enumerate(steps):
        if tok.kind == "level":
            level, numbers = cast("tuple[str, list[str]]", tok.value)
            while stack and level not in _MAY_HOLD.get(stack[-1][0], set()):
                stack.pop()
        else:
            style, raws = cast("tuple[str, list[str]]", tok.value)
            wanted = ("inciso",) if style == "letter" else ("fraccion", "apartado")
            found = next((i for i in range(len(stack) - 1, -1, -1) if stack[i][0] in wanted), None)
            if found is None:
                continue
            level = stack[found][0]
            del stack[found:]
            numbers = [n for n in (_canonical(level, r) for r in raws) if n]
        if not numbers:
            continue
        nxt = steps[k + 1] if k + 1 < len(steps) else None
        child = nxt is not None and nxt.kind == "level" and \
            cast("tuple[str, list[str]]", nxt.value)[0] in _MAY_HOLD.get(level, set())
        prefix = tuple((lvl, nums[-1]) for lvl, nums in stack)
        leaves = numbers[:-1] if child else numbers
        out.extend(prefix + ((level, n),) for n in leaves)
        stack.append((level, numbers[-1:] if child else numbers))
    return out or [()]  # no path: the article itself


def _paths(levels: list[_Token]) -> list[tuple[tuple[str, str], ...]]:
    paths: list[tuple[tuple[str, str], ...]] = [()]
    for tok in levels:
        level, numbers = cast("tuple[str, list[str]]", tok.value)
        if numbers:
            paths = [p + ((level, n),) for p in paths for n in numbers]
    return paths


def _container_number(raw: str) -> str:
    raw = raw.strip()
    base, _, suffix = raw.partition(" ")
    if roman_to_int(base) and base.isupper():
        return str(roman_to_int(base)) + fold(suffix)
    if fold(raw) in ("unico", "unica"):
        return "unico"
    value = ordinal_to_int(raw)
    return str(value) if value else (raw if not raw.isdigit() else str(int(raw)))


_MOVE_RE = re.compile(
    rf"art[íi]culos?\s+(?P<a>{_ART_NUM})(?:\s+al?\s+(?P<b>{_ART_NUM}))?\s+para\s+(?:pasar\s+a\s+ser|quedar\s+como)\s+"
    rf"(?:el|los)?\s*(?:art[íi]culos?\s+)?(?P<c>{_ART_NUM})(?:\s+al?\s+(?P<d>{_ART_NUM}))?"
    rf"(?:,?\s*(?P<where>a\s+continuaci[óo]n\s+del|antes\s+del)\s+art[íi]culo\s+(?P<e>{_ART_NUM})|"
    rf",?\s*en\s+(?:el|la)\s+(?P<cont>(?:libro|t[íi]tulo|cap[íi]tulo|secci[óo]n|subsecci[óo]n)\s[^;]*?)"
    rf"(?=\s*(?:,\s*y\s|;|$|\sy\s+el\s+art)))?", re.IGNORECASE)
_RELOCATE_RE = re.compile(
    rf"art[íi]culo\s+(?P<a>{_ART_NUM})\s+para\s+quedar\s+(?:(?P<where>a\s+continuaci[óo]n\s+del|despu[ée]s\s+del|"
    rf"antes\s+del)\s+art[íi]culo\s+(?P<c>{_ART_NUM})|en\s+(?:el|la)\s+(?P<within>(?:(?!\bart[íi]culo\b)[^;])+))",
    re.IGNORECASE)


def _moves(verb: Verb, clause: str, line: int) -> list[Instruction]:
    out = []
    regex = _MOVE_RE if verb == Verb.RENUMBER else _RELOCATE_RE
    for m in regex.finditer(clause):
        within = m.groupdict().get("within")
        if within:  # "para quedar en el Capítulo IV del Título Segundo"
            chain = _read_items(_tokens("el " + within.strip(" ,y")))
            target = chain[0] if chain else None
            if target is not None and target.container is not None:
                out.append(Instruction(verb, Target(article_key(m.group("a"))), None, m.group(0), line,
                                       within=target.within + (target.container,)))
            continue
        a, c = article_key(m.group("a")), article_key(m.group("c"))
        b = m.groupdict().get("b")
        d = m.groupdict().get("d")
        if b and d and a.isdigit() and c.isdigit():
            shift = int(c) - int(a)
            for n in range(int(a), int(article_key(b)) + 1):
                out.append(Instruction(verb, Target(str(n)), str(n + shift), m.group(0), line))
        elif verb == Verb.RENUMBER:
            anchor = m.group("e")
            within = (("article", article_key(anchor)),) if anchor else ()  # placed beside an article
            if m.group("cont"):
                within = _container_chain(m.group("cont"))  # alone in its container
            out.append(Instruction(verb, Target(a), c, m.group(0), line,
                                   fold(m.group("where") or "").startswith("antes"), within))
        else:
            before = fold(m.groupdict().get("where") or "").startswith("antes")
            out.append(Instruction(verb, Target(a), c, m.group(0), line, before))
    return out
