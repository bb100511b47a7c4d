"""Enumeration punctuation: in a list of fracciones (or incisos) that ends its items with «;»,
every item but the last ends with «;», the penultimate with «; y» (or «; o»), the last with «.»;
the chapeau that introduces the list ends with «:».

A list whose items are whole sentences (each ending with «.») is a consistent style and is
left alone; the rules apply to the list's own majority, so one stray «.» in a «;» list is found.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model.tree import Provision
from .context import Context, Entry
from .model import Finding, Replacement, Severity
from .numbering import point_runs

FAMILY = "puntuacion"
_LEVELS = ("fraccion", "inciso")
_ENDING = re.compile(r"(?P<punct>[;,.:])?(?P<conj>\s*\b(?:y|o|e|u)\b)?,?\s*$")  # "; y," counts as "; y"
_MIN_ITEMS = 3


def check(ctx: Context) -> Iterator[Finding]:
    for entry in ctx.entries:
        if entry.in_transitorios or entry.node.derogated:
            continue
        for run in point_runs(entry.node):
            if run[0].level in _LEVELS and len(run) >= _MIN_ITEMS:
                yield from _run(ctx, entry.node, run)


def _last_text(item: Provision) -> Provision | None:
    """The node whose text ends the item: its own text, or its last inciso's; None when the item
    ends with a párrafo of its own (a párrafo is a sentence and ends with a period)."""
    last = None
    for node in item.walk():
        if node.text and not node.table:
            last = node
        elif node.table is not None:
            last = None
    return last if last is not None and last.kind == "point" else None


def _ending(text: str) -> tuple[str, str]:
    m = _ENDING.search(text.rstrip())
    return (m.group("punct") or "", (m.group("conj") or "").strip().lower()) if m else ("", "")


def _run(ctx: Context, parent: Provision, run: list[Provision]) -> Iterator[Finding]:
    live = [item for item in run if not item.derogated]
    if len(live) < _MIN_ITEMS:
        return
    ends = [_last_text(item) for item in live]
    endings = [_ending(node.text or "") if node is not None else None for node in ends]
    inner = [e[0] for e in endings[:-1] if e is not None and not e[1] and e[0] != ":"]
    if len(inner) < 2 or inner.count(";") < max(1, inner.count("."), 0.5 * len(inner)):
        yield from _sentence_list(ctx, live, ends, endings, inner)
        return  # not a «;» list: each item is its own sentence, a style of its own
    yield from _chapeau(ctx, parent, run[0])
    name = live[0].level_name
    nested = parent.kind == "point"  # the last item of a nested list ends as its fracción does
    last = len(live) - 1
    for index, (node, ending) in enumerate(zip(ends, endings, strict=True)):
        if node is None or ending is None or (index == last and nested):
            continue
        punct, conj = ending
        entry = ctx.by_eid[node.eid]
        text = (node.text or "").rstrip()
        if punct == ":" and node.children:
            continue  # the item's own chapeau; its incisos carry the punctuation
        if index == last:
            if punct != "." or conj:
                yield _fix(ctx, entry, text, punct, conj, ".", f"La última {name} de la enumeración termina con punto."
                           if name == "fracción" else f"El último {name} de la enumeración termina con punto.")
        elif index == last - 1:
            if punct not in (";", ",") and not (punct == "" and conj):
                yield _fix(ctx, entry, text, punct, conj, ";" + (f" {conj}" if conj else ""),
                           "Los elementos de la enumeración terminan con punto y coma; el penúltimo, con «; y» "
                           "(o «; o»).")
            elif not conj:
                yield ctx.finding("puntuacion.conjuncion", Severity.SUGERENCIA, entry, text[-40:],
                                  "El penúltimo elemento de la enumeración termina con «; y» (o «; o») antes del "
                                  "último.")
        elif punct != ";" or conj:
            if conj and punct in (";", ","):
                continue  # «; y» in the middle: an enumeration of alternatives, left to the lawyer
            yield _fix(ctx, entry, text, punct, conj, ";",
                       "Los elementos de la enumeración terminan con punto y coma, salvo el último.")


def _sentence_list(ctx: Context, live: list[Provision], ends: list, endings: list, inner: list[str]
                   ) -> Iterator[Finding]:
    """A list whose items are sentences (each ends with «.»): one item ending otherwise stands out."""
    if len(inner) < 3 or inner.count(".") < 0.75 * len(inner):
        return
    for node, ending in zip(ends[:-1], endings[:-1], strict=True):
        if node is None or ending is None or ending[1] or ending[0] in (".", ":"):
            continue
        text = (node.text or "").rstrip()
        yield _fix(ctx, ctx.by_eid[node.eid], text, ending[0], "", ".",
                   "Los elementos de esta enumeración terminan con punto; este termina de otra forma.")


def _fix(ctx: Context, entry: Entry, text: str, punct: str, conj: str, new: str, explanation: str) -> Finding:
    m = _ENDING.search(text)
    start = m.start() if m and (punct or conj) else len(text)
    found = text[start:] or "(sin puntuación)"
    return ctx.finding("puntuacion.enumeracion", Severity.ADVERTENCIA, entry, text[-60:],
                       f"{explanation} Termina con «{found.strip()}»; debe terminar con «{new}».",
                       Replacement("text", start, len(text), new))


def _chapeau(ctx: Context, parent: Provision, first: Provision) -> Iterator[Finding]:
    siblings = parent.children
    index = next(i for i, c in enumerate(siblings) if c is first)
    holder = siblings[index - 1] if index > 0 else parent
    if holder.kind == "point" and holder is not parent:
        return
    text = (holder.text or "").rstrip()
    if not text or text.endswith(":"):
        return
    entry = ctx.by_eid.get(holder.eid)
    if entry is None:
        return
    if text.endswith((".", ";", ",")):
        replacement = Replacement("text", len(text) - 1, len(text), ":")
    else:
        replacement = Replacement("text", len(text), len(text), ":")
    yield ctx.finding("puntuacion.proemio", Severity.SUGERENCIA, entry, text[-60:],
                      "El texto que introduce la enumeración termina con dos puntos.", replacement)
