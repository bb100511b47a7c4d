"""Form: accents on capitals (ARTICULO → ARTÍCULO, CAPITULO → CAPÍTULO, …CION → …CIÓN), article
headings in one format, doubled words, doubled spaces and characters left by text extraction
(control characters, soft hyphens, mojibake such as «Ã³»), amounts written in figures and in
words that do not agree, and dates written in figures in a text that writes them in words."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from ..model.numbers import fold, roman_to_int
from ..model.tree import CONTAINER_KINDS
from .amounts import words_to_int
from .context import Context, Entry
from .model import Finding, Replacement, Severity

FAMILY = "forma"
#: Upper-case words that lose their accent in old typesetting, and the word with it.
ACCENTED = {"ARTICULO": "ARTÍCULO", "ARTICULOS": "ARTÍCULOS", "CAPITULO": "CAPÍTULO", "CAPITULOS": "CAPÍTULOS",
            "TITULO": "TÍTULO", "TITULOS": "TÍTULOS", "UNICO": "ÚNICO", "UNICA": "ÚNICA", "PUBLICA": "PÚBLICA",
            "PUBLICO": "PÚBLICO", "PUBLICAS": "PÚBLICAS", "PUBLICOS": "PÚBLICOS", "TRANSITO": "TRÁNSITO",
            "VIA": "VÍA", "VIAS": "VÍAS", "AMBITO": "ÁMBITO", "TECNICO": "TÉCNICO", "TECNICA": "TÉCNICA",
            "ORGANO": "ÓRGANO", "ORGANOS": "ÓRGANOS", "REGIMEN": "RÉGIMEN", "MEXICO": "MÉXICO",
            "TORREON": "TORREÓN", "ECONOMICO": "ECONÓMICO", "ECOLOGICO": "ECOLÓGICO", "JURIDICO": "JURÍDICO",
            "JURIDICA": "JURÍDICA", "PERIODICO": "PERIÓDICO", "DIAS": "DÍAS", "ANALISIS": "ANÁLISIS"}
_HEADING_WORDS = {"ARTICULO", "CAPITULO", "TITULO"}
_CAPS_WORD = re.compile(r"\b[A-ZÑ]{3,}\b")
_DOUBLED = re.compile(r"\b(?P<w>[A-Za-zÁÉÍÓÚáéíóúÑñ]{2,})(?P<gap>\s+)(?P=w)\b", re.IGNORECASE)
_DOUBLE_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")
_STRAY = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u00ad\ufffd\u200b]|Ã[\x80-\xbf¡-¿]|Â(?=[\s¡-¿])")
#: "$1,500.00 (MIL QUINIENTOS PESOS 00/100 M.N.)"
_AMOUNT = re.compile(r"\$\s?(?P<fig>\d{1,3}(?:,\d{3})*|\d+)(?:\.\d{2})?\s*\((?P<words>[A-Za-zÁÉÍÓÚáéíóúñÑ\s]+?)"
                     r"\s+(?:pesos?|M\.?\s?N\.?)\b[^)]*\)", re.IGNORECASE)


def check(ctx: Context) -> Iterator[Finding]:
    for entry in ctx.entries:
        node = entry.node
        for field_name in ("num", "heading"):
            value = getattr(node, field_name)
            if value and (node.kind in CONTAINER_KINDS or node.kind in ("article", "transitional")):
                yield from _accents(ctx, entry, value, field_name)
    for entry, text in ctx.texts(transitorios=True):
        yield from _accents(ctx, entry, text, "text")
        yield from _doubled(ctx, entry, text)
        yield from _spaces(ctx, entry, text)
        yield from _stray(ctx, entry, text)
        yield from _amounts(ctx, entry, text)
    yield from _article_headings(ctx)
    yield from _dates(ctx)


_WITH_ACCENT = {"articulo": "artículo", "capitulo": "capítulo", "titulo": "título"}
_MIXED_CASE = re.compile(r"\b(?:[Aa]rticulos?|[Cc]apitulos?|[Tt]itulos?)\b")


def _accents(ctx: Context, entry: Entry, value: str, field_name: str) -> Iterator[Finding]:
    for m in _MIXED_CASE.finditer(value):  # 'Articulo 118.-', 'el articulo 5': the accent is missing too
        word = m.group(0)
        accented = _WITH_ACCENT[word.lower().rstrip("s")] + ("s" if word.endswith("s") else "")
        fixed = word[0] + accented[1:]
        severity = Severity.ADVERTENCIA if field_name == "num" else Severity.SUGERENCIA
        yield ctx.finding("forma.acentos", severity, entry, word, f"«{word}» lleva acento: «{fixed}».",
                          Replacement(field_name, m.start(), m.end(), fixed))
    for m in _CAPS_WORD.finditer(value):
        word = m.group(0)
        accented_caps = ACCENTED.get(word) or (word[:-3] + "IÓN" if re.search(r"[CS]ION$", word) else None)
        if accented_caps is None or not (value.isupper() or field_name != "text" or word in _HEADING_WORDS
                                 or _all_caps_context(value, m.start())):
            continue
        severity = Severity.ADVERTENCIA if word in _HEADING_WORDS else Severity.SUGERENCIA
        yield ctx.finding("forma.acentos", severity, entry, word,
                          f"«{word}» lleva acento: «{accented_caps}» (las mayúsculas también se acentúan).",
                          Replacement(field_name, m.start(), m.end(), accented_caps))


def _all_caps_context(value: str, start: int) -> bool:
    """The word is part of a run written in capitals (a heading inside a text), not an acronym alone."""
    around = value[max(0, start - 30):start + 40]
    letters = [c for c in around if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def _doubled(ctx: Context, entry: Entry, text: str) -> Iterator[Finding]:
    for m in _DOUBLED.finditer(text):
        word = m.group("w")
        if roman_to_int(word) or fold(word) in ("nos",):  # 'I I' is not a word; 'nos nos' is rare but legal
            continue
        if word[:1].isupper() and m.group(0).split()[-1][:1].isupper() and len(word) > 3 and not word.isupper():
            continue  # 'González González': a surname repeated is a name, not a typo
        yield ctx.finding("forma.palabra-duplicada", Severity.ADVERTENCIA, entry, m.group(0),
                          f"La palabra «{word}» está repetida.",
                          Replacement("text", m.start("gap"), m.end(), ""))


def _spaces(ctx: Context, entry: Entry, text: str) -> Iterator[Finding]:
    for m in _DOUBLE_SPACE.finditer(text):
        yield ctx.finding("forma.espacios", Severity.SUGERENCIA, entry, text[max(0, m.start() - 20):m.end() + 20],
                          "Espacios dobles dentro del texto.", Replacement("text", m.start(), m.end(), " "))


def _stray(ctx: Context, entry: Entry, text: str) -> Iterator[Finding]:
    for m in _STRAY.finditer(text):
        found = m.group(0)
        fixed = _unmojibake(found)
        shown = found.encode("unicode_escape").decode() if not found.isprintable() else found
        yield ctx.finding("forma.caracteres", Severity.ADVERTENCIA, entry,
                          text[max(0, m.start() - 20):m.end() + 20],
                          f"Carácter extraño «{shown}», residuo de la extracción del texto.",
                          Replacement("text", m.start(), m.end(), fixed))


def _unmojibake(found: str) -> str:
    if found.startswith(("Ã", "Â")):
        try:
            return found.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return found
    return ""


def _amounts(ctx: Context, entry: Entry, text: str) -> Iterator[Finding]:
    for m in _AMOUNT.finditer(text):
        figures = int(m.group("fig").replace(",", ""))
        words = words_to_int(m.group("words"))
        if words is not None and words != figures:
            yield ctx.finding("forma.cantidades", Severity.ERROR, entry, m.group(0),
                              f"La cantidad en número ({figures:,}) no coincide con la escrita en letra "
                              f"({words:,}).".replace(",", " "))


MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
          "noviembre", "diciembre")
_NUMERIC_DATE = re.compile(r"\b(?P<d>[0-3]?\d)/(?P<m>[01]?\d)/(?P<y>(?:19|20)\d\d)\b")
_WORDED_DATE = re.compile(r"\b[0-3]?\d\s+de\s+(?:" + "|".join(MONTHS) + r")\s+(?:de|del)\s+(?:19|20)\d\d\b",
                          re.IGNORECASE)


def _dates(ctx: Context) -> Iterator[Finding]:
    """Dates written as '15/03/2019' in a text that writes them '15 de marzo de 2019'."""
    texts = list(ctx.texts())
    worded = sum(len(_WORDED_DATE.findall(text)) for _, text in texts)
    if not worded:
        return
    for entry, text in texts:
        for m in _NUMERIC_DATE.finditer(text):
            day, month = int(m.group("d")), int(m.group("m"))
            if not (1 <= day <= 31 and 1 <= month <= 12):
                continue
            words = f"{day} de {MONTHS[month - 1]} de {m.group('y')}"
            yield ctx.finding("forma.fechas", Severity.SUGERENCIA, entry, m.group(0),
                              f"La fecha «{m.group(0)}» está escrita en cifras, y el resto del texto escribe las "
                              f"fechas con el mes en letra: «{words}».", Replacement("text", m.start(), m.end(), words))


def _shape(num: str) -> str:
    """'ARTÍCULO 45 Bis.-' -> 'ARTÍCULO N.-': the heading's form without its number."""
    shape = re.sub(r"\d+(?:\s*(?:o|º|°)\.?(?=\W|$))?(?:[\s\-]*(?:bis|ter|qu[aá]ter|quinquies|sexies)\b)?", "N", num,
                   flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", shape).strip()


def _article_headings(ctx: Context) -> Iterator[Finding]:
    articles = [e for e in ctx.body_articles() if e.node.num]
    shapes = Counter(_shape(e.node.num or "") for e in articles)
    if len(articles) < 5:
        return
    dominant, count = shapes.most_common(1)[0]
    if count < 0.7 * len(articles):
        return
    for entry in articles:
        shape = _shape(entry.node.num or "")
        if shape != dominant:
            yield ctx.finding("forma.encabezado", Severity.SUGERENCIA, entry, entry.node.num or "",
                              f"El encabezado «{entry.node.num}» no sigue la forma del resto de los artículos "
                              f"(«{dominant}», {count} de {len(articles)}).")
