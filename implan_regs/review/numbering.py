"""Numbering and structure: gaps, duplicates and numbers out of order (artículos, fracciones,
incisos, numerales, capítulos), a Bis without its base article, empty provisions, derogated
provisions that still carry text, and capítulos that restart their numbering when the rest of
the text numbers them continuously (or the other way round)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model.numbers import SUFFIXES, display_article_number, letter_value, roman_to_int, split_suffix
from ..model.tree import CONTAINER_KINDS, Provision
from .context import Context, Entry
from .model import Finding, Severity

FAMILY = "numeracion"
_DEROGATED = re.compile(r"^\s*[(\[]?\s*(?:se\s+deroga|derogad[oa]|derogada)\b", re.IGNORECASE)
# What may follow "Se deroga." and is not text: the decree's note, a date, the gazette.
_DEROGATION_NOTE = re.compile(r"[(\[][^)\]]*[)\]]|\b(?:p\.\s*o\.|d\.\s*o\.\s*f\.|dof|peri[óo]dico oficial)[^.]*\.?"
                              r"|\d{1,2}\s+de\s+\w+\s+de\s+\d{4}|[\s.,;:\-–—]+", re.IGNORECASE)
_POINT_LEVELS = ("fraccion", "inciso", "numeral", "subinciso", "apartado")


def check(ctx: Context) -> Iterator[Finding]:
    yield from _articles(ctx)
    for entry in ctx.entries:
        node = entry.node
        if node.kind in CONTAINER_KINDS or node.kind in ("article", "transitional") or node.kind == "point":
            yield from _points(ctx, entry)
        yield from _empty(ctx, entry)
        yield from _empty_runs(ctx, entry)
        yield from _derogated_with_text(ctx, entry)
    yield from _containers(ctx)
    yield from _transitorios(ctx)


# ------------------------------------------------------------------ articles

def article_value(key: str) -> tuple[int, int] | None:
    """'45bis' -> (45, 1): the article's place in numeric order; None for 'unico' and the like."""
    base, suffix = split_suffix(key)
    if not base.isdigit():
        return None
    return int(base), (SUFFIXES.index(suffix) + 1 if suffix in SUFFIXES else 0)


def _articles(ctx: Context) -> Iterator[Finding]:
    articles = ctx.body_articles()
    keys = {e.node.key for e in articles}
    seen: set[str] = set()
    previous: tuple[int, int] | None = None
    for entry in articles:
        key = entry.node.key or ""
        value = article_value(key)
        if value is None:
            continue
        shown = display_article_number(key)
        quote = entry.node.num or f"Artículo {shown}"
        if key in seen:
            yield ctx.finding("numeracion.duplicado", Severity.ERROR, entry, quote,
                              f"El número de artículo {shown} está repetido: cada artículo debe tener un número "
                              "propio (renumere o use Bis).")
        elif previous is not None and value < previous:
            yield ctx.finding("numeracion.desorden", Severity.ERROR, entry, quote,
                              f"El artículo {shown} aparece después del {_shown(previous)}: la numeración va "
                              "fuera de orden.")
        elif previous is not None and value[1] == 0 and value[0] > previous[0] + 1:
            missing = str(previous[0] + 1) if value[0] == previous[0] + 2 else f"{previous[0] + 1} al {value[0] - 1}"
            yield ctx.finding("numeracion.hueco", Severity.ADVERTENCIA, entry, quote,
                              f"Falta el artículo {missing}: del {_shown(previous)} se pasa al {shown}. Si se "
                              "derogó, debe conservarse su número con «Se deroga.».")
        if value[1] and str(value[0]) not in keys:
            yield ctx.finding("numeracion.bis-sin-base", Severity.ERROR, entry, quote,
                              f"El artículo {shown} no tiene artículo base {value[0]}: un Bis se intercala "
                              "después de un artículo existente.")
        seen.add(key)
        previous = value if previous is None or value > previous else previous


def _shown(value: tuple[int, int]) -> str:
    return display_article_number(str(value[0]) + (SUFFIXES[value[1] - 1] if value[1] else ""))


# ------------------------------------------------------------------ fracciones, incisos, numerales

def point_value(node: Provision) -> int | None:
    """The ordinal of a fracción (Roman), inciso or apartado (letter) or numeral (digits)."""
    base, suffix = split_suffix(node.key or "")
    if suffix:
        return None  # 'XXIX Bis' is intercalated: it never makes a gap
    if node.level == "fraccion":
        return roman_to_int(base)
    if node.level in ("inciso", "apartado"):
        return letter_value(base) or None
    if node.level == "subinciso":
        return roman_to_int(base)
    return int(base) if base.isdigit() else None


def point_runs(parent: Provision) -> list[list[Provision]]:
    """The lists of ``parent``: consecutive points of one level; a list that starts again at 1
    after a párrafo is a new list."""
    runs: list[list[Provision]] = []
    current: list[Provision] = []
    interrupted = False
    for child in parent.children:
        if child.kind != "point":
            interrupted = interrupted or bool(current)
            continue
        if current and (child.level != current[0].level or (interrupted and point_value(child) == 1)):
            runs.append(current)
            current = []
        current.append(child)
        interrupted = False
    if current:
        runs.append(current)
    return runs


def _points(ctx: Context, entry: Entry) -> Iterator[Finding]:
    for run in point_runs(entry.node):
        if run[0].level not in _POINT_LEVELS:
            continue
        previous: int | None = None
        seen: set[int] = set()
        for point in run:
            value = point_value(point)
            if value is None:
                continue
            child = ctx.by_eid.get(point.eid)
            if child is None:
                continue
            name = point.level_name
            if value in seen:
                yield ctx.finding("numeracion.duplicado", Severity.ERROR, child, point.num or "",
                                  f"La {name} {point.num} está repetida en la misma enumeración."
                                  if name == "fracción" else f"El {name} {point.num} está repetido en la misma enumeración.")
            elif previous is not None and value < previous:
                yield ctx.finding("numeracion.desorden", Severity.ERROR, child, point.num or "",
                                  f"{name.capitalize()} {point.num} fuera de orden en la enumeración.")
            elif previous is not None and value > previous + 1 and not _skips_enie(point, previous, value):
                yield ctx.finding("numeracion.hueco", Severity.ADVERTENCIA, child, point.num or "",
                                  f"Salto en la numeración antes de {point.num}: falta{'n' if value > previous + 2 else ''} "
                                  f"{value - previous - 1} {name if value == previous + 2 else _plural(name)}.")
            elif previous is None and value != 1 and run is point_runs(entry.node)[0]:
                yield ctx.finding("numeracion.hueco", Severity.ADVERTENCIA, child, point.num or "",
                                  f"La enumeración empieza en {point.num}, no en la primera {name}."
                                  if name == "fracción" else f"La enumeración empieza en {point.num}, no en el primer {name}.")
            seen.add(value)
            previous = max(value, previous or 0)


def _skips_enie(point: Provision, previous: int, value: int) -> bool:
    """Incisos n) o): many texts do not use ñ as an inciso letter."""
    return point.level in ("inciso", "apartado") and previous == letter_value("n") and value == letter_value("o")


def _plural(name: str) -> str:
    from ..plurals import plural

    return plural(name)


# ------------------------------------------------------------------ containers

def _containers(ctx: Context) -> Iterator[Finding]:
    parents = [ctx.doc.body] + [e.node.children for e in ctx.entries if e.node.kind in CONTAINER_KINDS]
    chapters_by_title: list[list[Entry]] = []
    for children in parents:
        for kind in CONTAINER_KINDS:
            same = [ctx.by_eid[c.eid] for c in children if c.kind == kind and c.key and c.key.isdigit()]
            yield from _container_run(ctx, same)
    for entry in ctx.entries:
        if entry.node.kind == "title":
            chapters = [ctx.by_eid[c.eid] for c in entry.node.children
                        if c.kind == "chapter" and c.key and c.key.isdigit()]
            if chapters:
                chapters_by_title.append(chapters)
    yield from _restarts(ctx, chapters_by_title)


def _container_run(ctx: Context, run: list[Entry]) -> Iterator[Finding]:
    previous: int | None = None
    for entry in run:
        value = int(entry.node.key or 0)
        name = entry.node.level_name
        quote = entry.node.num or ""
        if previous is not None and value == previous and not _continues_number(entry.node):
            yield ctx.finding("numeracion.duplicado", Severity.ERROR, entry, quote, f"{quote}: número de {name} repetido.")
        elif previous is not None and value < previous and value != 1:
            yield ctx.finding("numeracion.desorden", Severity.ERROR, entry, quote, f"{quote}: {name} fuera de orden.")
        elif previous is not None and value > previous + 1:
            yield ctx.finding("numeracion.hueco", Severity.ADVERTENCIA, entry, quote,
                              f"{quote}: salto en la numeración de los {_plural(name)} (después del {previous}).")
        previous = value


def _transitorios(ctx: Context) -> Iterator[Finding]:
    """Each block of transitorios numbers its own (PRIMERO, SEGUNDO…), from the first."""
    for entry in ctx.entries:
        if entry.node.kind != "transitorios":
            continue
        run = [ctx.by_eid[c.eid] for c in entry.node.children
               if c.kind == "transitional" and c.key and c.key.isdigit()]
        yield from _container_run(ctx, run)


def _continues_number(node: Provision) -> bool:
    """'TÍTULO DÉCIMO' headed 'PRIMERO': a source that split the number from its last word."""
    from ..model.numbers import ordinal_to_int

    first = (node.heading or "").split(" ", 1)[0].strip(" .-—")
    return bool(first) and (ordinal_to_int(first) or 0) in range(1, 10)


def _restarts(ctx: Context, titles: list[list[Entry]]) -> Iterator[Finding]:
    """Capítulos numbered per título or through the whole text: the text's own majority decides."""
    if len(titles) < 3:
        return
    starts = [(int(chapters[0].node.key or 0), i) for i, chapters in enumerate(titles)][1:]
    continuing = [i for value, i in starts if value != 1]
    restarting = [i for value, i in starts if value == 1]
    if len(continuing) > len(restarting):
        for i in restarting:
            entry = titles[i][0]
            yield ctx.finding("numeracion.reinicio", Severity.ADVERTENCIA, entry, entry.node.num or "",
                              "Este capítulo reinicia la numeración, mientras que en el resto del texto los "
                              "capítulos siguen una numeración continua.")


# ------------------------------------------------------------------ content

def is_empty(node: Provision) -> bool:
    return not node.derogated and not any(n.text or n.table is not None for n in node.walk())


def _empty(ctx: Context, entry: Entry) -> Iterator[Finding]:
    """An article, or a point among points that have text: no text at all."""
    node, parent = entry.node, entry.parent
    if node.kind not in ("article", "point", "transitional") or not is_empty(node):
        return
    if node.kind == "point" and parent is not None:
        run = next((r for r in point_runs(parent) if node in r), [node])
        if sum(is_empty(p) for p in run) > 1:
            return  # a whole list without text: reported once, as an extraction problem (_empty_runs)
    severity = Severity.ERROR if node.kind != "point" else Severity.ADVERTENCIA
    yield ctx.finding("numeracion.vacia", severity, entry, node.num or "",
                      f"{_capital(entry.citation)} no tiene texto: escriba su contenido o derogue el número con "
                      "«Se deroga.» (si el original lo tiene, se separó de su número al importar).")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _empty_runs(ctx: Context, entry: Entry) -> Iterator[Finding]:
    for run in point_runs(entry.node):
        empty = [p for p in run if is_empty(p)]
        if len(empty) > 1:
            first = ctx.by_eid[empty[0].eid]
            yield ctx.finding("numeracion.vacia", Severity.ADVERTENCIA, first,
                              f"{empty[0].num} … {empty[-1].num}",
                              f"{_capital(entry.citation)}: {len(empty)} {_plural(empty[0].level_name)} sin texto; "
                              "si el original lo tiene, se separó de sus números al importar (revise la fuente); "
                              "si no, escriba su contenido.")


def _derogated_with_text(ctx: Context, entry: Entry) -> Iterator[Finding]:
    node = entry.node
    if not node.text or not _DEROGATED.match(node.text):
        return
    rest = _DEROGATION_NOTE.sub(" ", _DEROGATED.sub("", node.text, count=1))
    if len(re.findall(r"[A-Za-zÁÉÍÓÚáéíóúÑñ]{3,}", rest)) < 4:
        return
    yield ctx.finding("numeracion.derogada-con-texto", Severity.ADVERTENCIA, entry, node.text[:160],
                      "La disposición dice «Se deroga» pero conserva texto: una disposición derogada solo "
                      "conserva su número y la leyenda de derogación (con la fecha del decreto).")
