"""Internal references: to articles, fracciones, capítulos or títulos that do not exist, to
derogated articles, "el artículo anterior" pointing at a derogated article, "la fracción
siguiente" written in the last fracción (and "la fracción anterior" in the first).

Article references are found by :func:`implan_regs.reform.references.find_references`, the one
reader of cross-references (it also tells a reference to another law apart); fracciones are
looked up with :func:`implan_regs.model.citation.resolve`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import NotFoundError
from ..model.citation import resolve
from ..model.numbers import ROMAN_NUMERAL_RE, display_article_number, ordinal_to_int, roman_to_int
from ..reform.references import Reference, find_references
from .context import Context, Entry
from .model import Finding, Severity
from .numbering import point_runs

FAMILY = "referencias"
# Also outside this text: "el artículo 115 constitucional", "artículo 5 del citado ordenamiento".
_ALSO_EXTERNAL = re.compile(r"^\s*(?:,?\s*(?:fracci[oó]n|p[aá]rrafo|inciso|apartado)[^;.]{0,60}?)?,?\s*"
                            r"(?:constitucional|de\s+(?:la|nuestra)\s+Carta|de\s+(?:dicha|la\s+citada|la\s+mencionada)"
                            r"|del\s+(?:citado|mencionado|referido|mismo|propio)\s|de\s+la\s+misma\b|de\s+dich[oa]\b"
                            r"|de\s+(?:los|las)\s+(?:Lineamientos|Normas|Reglas|Bases))", re.IGNORECASE)
_FRACTIONS_BEFORE = re.compile(rf"\b[Ff]racci[oó]n(?:es)?\s+(?P<list>{ROMAN_NUMERAL_RE}(?:\s*(?:,|\by\b|\bo\b)\s*"
                               rf"{ROMAN_NUMERAL_RE})*)\s*,?\s+del\s+$")
# "artículo 118 fracción II", "artículo 8, fracciones II y IV"
_FRACTIONS_AFTER = re.compile(rf"\s*,?\s*[Ff]racci[oó]n(?:es)?\s+(?P<list>{ROMAN_NUMERAL_RE}(?:\s*(?:,|\by\b|\bo\b)\s*"
                              rf"{ROMAN_NUMERAL_RE})*)\b")
_FRACTION_HERE = re.compile(rf"\bfracci[oó]n\s+(?P<n>{ROMAN_NUMERAL_RE})\s+(?:de\s+este|del\s+presente)\s+art[íi]culo",
                            re.IGNORECASE)
_RELATIVE_POINT = re.compile(r"\b(?:la|las|de\s+la|a\s+la|en\s+la)\s+fracci[oó]n(?:es)?\s+(?P<rel>siguiente|anterior|precedente)s?\b",
                             re.IGNORECASE)
_CONTAINER = re.compile(r"\b(?P<kind>cap[íi]tulo|t[íi]tulo)\s+(?P<n>[IVXLC]+|[A-Za-zÁÉÍÓÚáéíóú]+(?:\s+[A-Za-zÁÉÍÓÚáéíóú]+)?)"
                        r"\s+(?:de(?:l)?\s+(?:este|esta|presente|el\s+presente)\s+(?P<scope>reglamento|ley|ordenamiento|"
                        r"t[íi]tulo|c[óo]digo))\b", re.IGNORECASE)


def check(ctx: Context) -> Iterator[Finding]:
    keys = {e.node.key: e.node for e in ctx.body_articles()}
    order = [e.node for e in ctx.body_articles()]
    for entry, text in ctx.texts():
        for ref in find_references(text, entry.node.eid):
            if not ref.internal or _ALSO_EXTERNAL.match(text[ref.end:ref.end + 120]):
                continue
            if ref.relative:
                yield from _relative_article(ctx, entry, ref, order)
                continue
            yield from _targets(ctx, entry, ref, keys)
            yield from _fractions(ctx, entry, text, ref, keys)
        yield from _fraction_here(ctx, entry, text)
        yield from _relative_point(ctx, entry, text)
        yield from _containers(ctx, entry, text)
        yield from _container_names(ctx, entry, text)


def _targets(ctx: Context, entry: Entry, ref: Reference, keys: dict) -> Iterator[Finding]:
    own = entry.article.key if entry.article is not None else None
    for key in ref.targets:
        if key == own:
            continue
        target = keys.get(key)
        shown = display_article_number(key)
        if target is None:
            yield ctx.finding("referencias.inexistente", Severity.ERROR, entry, ref.text,
                              f"«{ref.text}» remite al artículo {shown}, que no existe en este texto.")
        elif target.derogated:
            yield ctx.finding("referencias.derogada", Severity.ADVERTENCIA, entry, ref.text,
                              f"«{ref.text}» remite al artículo {shown}, que está derogado.")


def _fractions(ctx: Context, entry: Entry, text: str, ref: Reference, keys: dict) -> Iterator[Finding]:
    """'las fracciones II y IV del artículo 8': each fracción must exist in that article."""
    if len(ref.targets) != 1 or ref.targets[0] not in keys:
        return
    m = _FRACTIONS_BEFORE.search(text[max(0, ref.start - 80):ref.start]) or \
        _FRACTIONS_AFTER.match(text, ref.end)
    if m is None:
        return
    key = ref.targets[0]
    for number in re.findall(ROMAN_NUMERAL_RE, m.group("list")):
        if not number or roman_to_int(number) is None:
            continue
        citation = f"fracción {number} del artículo {display_article_number(key)}"
        try:
            resolve(ctx.doc, citation)
        except NotFoundError:
            yield ctx.finding("referencias.inexistente", Severity.ERROR, entry, f"{ref.text} fracción {number}",
                              f"Se cita la {citation}, que no existe.")


def _fraction_here(ctx: Context, entry: Entry, text: str) -> Iterator[Finding]:
    if entry.article is None:
        return
    for m in _FRACTION_HERE.finditer(text):
        citation = f"fracción {m.group('n')} del artículo {display_article_number(entry.article.key or '')}"
        try:
            resolve(ctx.doc, citation)
        except NotFoundError:
            yield ctx.finding("referencias.inexistente", Severity.ERROR, entry, m.group(0),
                              f"«{m.group(0)}» cita la {citation}, que no existe.")


def _relative_article(ctx: Context, entry: Entry, ref: Reference, order: list) -> Iterator[Finding]:
    article = entry.article
    if article is None or article not in order:
        return
    step = 1 if ref.relative == "siguiente" else -1
    index = order.index(article) + step
    if not 0 <= index < len(order):
        yield ctx.finding("referencias.relativa", Severity.ERROR, entry, ref.text,
                          f"«{ref.text}» no apunta a ningún artículo: este es el "
                          f"{'último' if step > 0 else 'primero'} del texto.")
    elif order[index].derogated:
        yield ctx.finding("referencias.derogada", Severity.ADVERTENCIA, entry, ref.text,
                          f"«{ref.text}» apunta al artículo {display_article_number(order[index].key or '')}, "
                          "que está derogado.")


def _relative_point(ctx: Context, entry: Entry, text: str) -> Iterator[Finding]:
    node, parent = entry.node, entry.parent
    if node.kind != "point" or node.level != "fraccion" or parent is None:
        return
    for m in _RELATIVE_POINT.finditer(text):
        run = next((r for r in point_runs(parent) if node in r), [])
        forward = m.group("rel").lower() == "siguiente"
        if run and node is (run[-1] if forward else run[0]):
            yield ctx.finding("referencias.relativa", Severity.ERROR, entry, m.group(0),
                              f"«{m.group(0)}» está en la {'última' if forward else 'primera'} fracción: no hay "
                              f"fracción {'siguiente' if forward else 'anterior'} a la cual remitir.")


def _containers(ctx: Context, entry: Entry, text: str) -> Iterator[Finding]:
    """'el Capítulo III de este Reglamento', 'el Título Quinto del presente ordenamiento'."""
    for m in _CONTAINER.finditer(text):
        kind = "chapter" if m.group("kind").lower().startswith("cap") else "title"
        raw = m.group("n")
        number = roman_to_int(raw) or ordinal_to_int(raw) or ordinal_to_int(raw.split()[0])
        if not number:
            continue
        scope = m.group("scope").lower()
        if kind == "chapter" and scope.startswith("t"):
            title = next((p for p in reversed(entry.parents) if p.kind == "title"), None)
            candidates = [c for c in (title.walk() if title is not None else ())]
        else:
            candidates = list(ctx.doc.walk())
        if any(c.kind == kind and c.key == str(number) for c in candidates):
            continue
        name = "capítulo" if kind == "chapter" else "título"
        yield ctx.finding("referencias.inexistente", Severity.ERROR, entry, m.group(0),
                          f"«{m.group(0)}» remite a un {name} que no existe en este texto.")


_NAMED_CONTAINER = re.compile(r"\b(?P<kind>cap[íi]tulo|t[íi]tulo)\s+(?P<n>[IVXLC]+|[A-Za-zÁÉÍÓÚáéíóú]+)\s*,?\s*"
                              r"(?:denominado|intitulado|titulado|llamado|relativo\s+a)?\s*[«\"“](?P<name>[^»\"”]{3,120})[»\"”]",
                              re.IGNORECASE)


def _container_names(ctx: Context, entry: Entry, text: str) -> Iterator[Finding]:
    """'el Capítulo III «De las licencias»': a capítulo with that number must have that name."""
    from ..model.numbers import fold

    for m in _NAMED_CONTAINER.finditer(text):
        kind = "chapter" if m.group("kind").lower().startswith("cap") else "title"
        number = roman_to_int(m.group("n")) or ordinal_to_int(m.group("n"))
        if not number:
            continue
        named = [n for n in ctx.doc.walk() if n.kind == kind and n.key == str(number)]
        wanted = _words(fold(m.group("name")))
        if not named or any(_words(fold(n.heading or "")) == wanted for n in named):
            continue
        headings = " / ".join(f"«{n.heading}»" for n in named if n.heading)
        yield ctx.finding("referencias.nombre", Severity.ADVERTENCIA, entry, m.group(0),
                          f"«{m.group(0)}» no corresponde al nombre de ese "
                          f"{'capítulo' if kind == 'chapter' else 'título'}: {headings or 'no tiene nombre'}.")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-zñ0-9]+", text)
