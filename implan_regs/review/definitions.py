"""Defined terms: terms of a glossary article never used, defined twice, or used with another
capitalisation; and capitalised terms used as defined ones ("la Comisión Dictaminadora")
that no glossary defines.

Glossary entries are the provisions the importers marked with :attr:`Provision.term` (AKN
``<def>``, :mod:`implan_regs.importers.definitions`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from ..model.numbers import fold
from .context import Context, Entry
from .model import Finding, Replacement, Severity

FAMILY = "definiciones"
#: A single capitalised word ("el Coordinador") counts as used as a defined term from this many uses.
SINGLE_WORD_USES = 1
_LEADING_ARTICLE = re.compile(r"^(?:el|la|los|las)\s+", re.IGNORECASE)
_WORD = r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]+"
# A capitalised phrase after an article: "la Comisión Dictaminadora", "del Comité de Obras".
_USED_AS_DEFINED = re.compile(r"\b(?:el|la|los|las|del|al)\s+(?P<term>[A-ZÁÉÍÓÚÑ][a-záéíóúüñ]{3,}"
                              r"(?:\s+(?:(?:de|del|y|e)\s+(?:la\s+|los\s+|las\s+|el\s+)?)?[A-ZÁÉÍÓÚÑ][a-záéíóúüñ]+)*)")
#: Capitalised words that name places, higher instruments, months and titles: every text uses
#: them without defining them. Institutions (Dirección, Comisión, Comité…) are not here: they are
#: what glossaries define.
COMMON_PROPER = frozenset(fold(w) for w in (
    "Estado Estados Federación República Nación Municipio Municipios Ayuntamiento Cabildo Congreso Legislatura "
    "Gobierno Ejecutivo Ciudad Constitución Ley Leyes Reglamento Reglamentos Código Decreto Acuerdo "
    "Periódico Diario Oficial Federal Municipal Estatal Nacional General Torreón Coahuila Zaragoza México "
    "Mexicanos Unidos Enero Febrero Marzo Abril Mayo Junio Julio Agosto Septiembre Octubre Noviembre Diciembre "
    "Artículo Capítulo Título Sección Fracción Inciso Transitorio Transitorios Anexo Tabla Apartado Licenciado "
    "Ingeniero Arquitecto Doctor Profesor Señor Señora Don Doña Dios").split())


#: Bodies and instruments of other orders of government that texts name without defining them
#: (folded, matched anywhere in the phrase): the Ministerio Público, a Norma Oficial Mexicana,
#: a Comisión Nacional…, the Administración Pública (of any order).
OTHER_ORDERS = ("ministerio publico", "norma oficial", "administracion publica", "nacional", "mexicana", "mexicano",
                "federal", "carta porte")


def _named_elsewhere(phrase: str) -> bool:
    folded = fold(phrase)
    return any(re.search(rf"\b{name}\b", folded) for name in OTHER_ORDERS)


def check(ctx: Context) -> Iterator[Finding]:
    entries = [e for e in ctx.entries if e.node.term]
    if not entries:
        return
    glossaries = {id(e.article) for e in entries}
    texts = list(ctx.texts(transitorios=True))
    candidates = _Candidates([text for _, text in texts])
    yield from _twice(ctx, entries)
    for entry in entries:
        own = {n.eid for n in entry.node.walk()}  # a term is used anywhere but in its own definition
        pattern = _term_pattern(entry.node.term or "")
        uses = [(texts[i][0], m) for i in candidates.containing(_needles(entry.node.term or ""))
                if texts[i][0].node.eid not in own for m in pattern.finditer(texts[i][1])]
        if not uses:
            yield ctx.finding("definiciones.sin-uso", Severity.ADVERTENCIA, entry, entry.node.term or "",
                              f"Se define «{entry.node.term}» pero el término no se usa en el resto del texto: "
                              "suprima la definición o use el término.")
        else:
            yield from _capitalisation(ctx, entry, [(e, m) for e, m in uses if id(e.article) not in glossaries])
    texts = [(e, t) for e, t in texts if id(e.article) not in glossaries]
    yield from _undefined(ctx, entries, texts)


def _alternatives(term: str) -> list[str]:
    """'Ayuntamiento o Republicano Ayuntamiento' -> both; 'La Dirección General' -> 'Dirección General'."""
    return [_LEADING_ARTICLE.sub("", part.strip()) for part in re.split(r"\s+o\s+|\s*/\s*", term) if part.strip()]


_FOLD = str.maketrans("áéíóúüÁÉÍÓÚÜ", "aeiouuAEIOUU")


class _Candidates:
    """Which texts contain a (folded) substring: one search over all the texts joined."""

    def __init__(self, texts: list[str]):
        self.starts: list[int] = []
        offset = 0
        for text in texts:
            self.starts.append(offset)
            offset += len(text) + 1
        joined = "\n".join(texts)
        folded = joined.translate(_FOLD).lower()
        self.joined = folded if len(folded) == len(joined) else ""  # offsets must match the texts'
        self.count = len(texts)

    def containing(self, needles: list[str]) -> list[int]:
        from bisect import bisect_right

        if not self.joined:
            return list(range(self.count))
        found: set[int] = set()
        for needle in needles:
            at = self.joined.find(needle)
            while needle and at != -1:
                found.add(bisect_right(self.starts, at) - 1)
                at = self.joined.find(needle, at + 1)
        return sorted(found)


def _needles(term: str) -> list[str]:
    """Cheap substrings (folded) every use of the term contains: a text without them is not searched."""
    return [form.split()[0].translate(_FOLD).lower()[:5] for form in _alternatives(term) if form.split()]


def _word_pattern(word: str) -> str:
    from .external import _expression_pattern

    return _expression_pattern(word) + (r"(?:e?s)?" if word[-1:].isalpha() and not word.isupper() else "")


@lru_cache(maxsize=4096)
def _term_pattern(term: str) -> re.Pattern:
    forms = sorted(_alternatives(term), key=len, reverse=True)
    alternatives = [r"\s+".join(_word_pattern(w) for w in form.split()) for form in forms if form]
    return re.compile(r"(?<![\wÁÉÍÓÚáéíóúÑñ])(?:" + "|".join(alternatives) + r")(?![\wÁÉÍÓÚáéíóúÑñ])", re.IGNORECASE)


def _twice(ctx: Context, entries: list[Entry]) -> Iterator[Finding]:
    seen: dict[str, Entry] = {}
    for entry in entries:
        key = fold(_LEADING_ARTICLE.sub("", entry.node.term or ""))
        first = seen.get(key)
        if first is not None and first.article is entry.article:
            yield ctx.finding("definiciones.duplicada", Severity.ADVERTENCIA, entry, entry.node.term or "",
                              f"El término «{entry.node.term}» ya se definió ({first.citation}): una sola "
                              "definición por término.")
        seen.setdefault(key, entry)


def _capitalisation(ctx: Context, entry: Entry, uses: list[tuple[Entry, re.Match]]) -> Iterator[Finding]:
    """A term defined with capitals ('Dirección General') and used mostly so, but here in lower case."""
    term = _alternatives(entry.node.term or "")[0]
    words = term.split()
    if not words or not words[0][:1].isupper() or term.isupper() or len(words[0]) < 4:
        return
    shapes = Counter(m.group(0)[:1].isupper() for _, m in uses)
    if shapes[True] < 3 * max(shapes[False], 1) or not shapes[False]:
        return  # the text itself does not treat it as a capitalised defined term
    for use_entry, m in uses:
        found = m.group(0)
        if found[:1].isupper() or _sentence_start(use_entry.node.text or "", m.start()):
            continue
        fixed = " ".join(w[:1].upper() + w[1:] if t[:1].isupper() else w
                         for w, t in zip(found.split(), words + words[-1:] * len(found.split()), strict=False))
        yield ctx.finding("definiciones.mayusculas", Severity.SUGERENCIA, use_entry, found,
                          f"«{found}» es el término definido «{term}» ({entry.citation}): escríbalo como "
                          "se definió.", Replacement("text", m.start(), m.end(), fixed))


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in ".:;!?"


def _undefined(ctx: Context, entries: list[Entry], texts: list[tuple[Entry, str]]) -> Iterator[Finding]:
    defined = [_term_pattern(e.node.term or "") for e in entries]
    first: dict[str, tuple[Entry, str]] = {}
    count: Counter[str] = Counter()
    for entry, text in texts:
        if entry.in_transitorios:
            continue
        for m in _USED_AS_DEFINED.finditer(text):
            phrase = m.group("term")
            if fold(phrase.split()[0]) in COMMON_PROPER or _named_elsewhere(phrase) \
                    or any(p.search(phrase) for p in defined):
                continue
            key = fold(phrase)
            count[key] += 1
            first.setdefault(key, (entry, phrase))
    for key, (entry, phrase) in first.items():
        if len(phrase.split()) > 1 or count[key] >= SINGLE_WORD_USES:
            yield ctx.finding("definiciones.no-definido", Severity.SUGERENCIA, entry, phrase,
                              f"«{phrase}» se escribe con mayúscula, como un término definido, pero el glosario no "
                              "lo define: si es un término de este texto, defínalo; si es el nombre de un órgano o "
                              "de otro instrumento, verifique que así se denomine; si no, escríbalo en minúsculas.")
