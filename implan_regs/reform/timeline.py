"""Per-provision history: each version of one provision across the versions in force.

>>> # history of 'artículo 45' = for every expression, its text there and the decree that
>>> # produced that expression, marking where the text changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import NotFoundError
from ..model.citation import resolve
from ..store import Store


@dataclass
class ProvisionVersion:
    date: str
    entry_into_force: str | None
    decree: str | None
    eid: str | None
    change: str  # 'texto original' | 'adicionado' | 'reformado' | 'derogado' | 'sin cambios' | 'no existe'
    text: str | None


def provision_history(store: Store, work: str, citation: str) -> list[ProvisionVersion]:
    """Every version in force of ``work`` with what ``citation`` said there."""
    versions: list[ProvisionVersion] = []
    previous: str | None = None
    seen = False
    for info in store.expressions(work):
        doc = store.load(work, info.date)
        try:
            node = resolve(doc, citation)
        except NotFoundError:
            node = None
        text = node.plain_text() if node is not None else None
        if node is None:
            change = "no existe" if not seen else "suprimido"
        elif not seen:
            change = "texto original" if not versions else "adicionado"
        elif node.derogated and text != previous:
            change = "derogado"
        else:
            change = "reformado" if text != previous else "sin cambios"
        seen = seen or node is not None
        versions.append(ProvisionVersion(info.date, info.entry_into_force, info.decree,
                                         node.eid if node else None, change, text))
        previous = text
    if not seen:
        raise NotFoundError("la disposición no existe en ninguna versión", path=citation)
    return versions
