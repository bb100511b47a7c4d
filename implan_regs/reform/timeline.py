"""Per-provision history: each version of one provision across the versions in force.

>>> # history of 'artículo 45' = for every expression, its text there and the decree that
>>> # produced that expression, marking where the text changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import NotFoundError
from ..model.akn import read_provision
from ..model.citation import resolve
from ..model.tree import Provision
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
    versions = store.expressions(work)
    eid = _eid_in_latest(store, work, versions, citation)
    out: list[ProvisionVersion] = []
    previous: str | None = None
    seen = False
    for info in versions:
        node = _provision_at(store, info, eid, citation)
        text = node.plain_text() if node is not None else None
        out.append(ProvisionVersion(info.date, info.entry_into_force, info.decree, node.eid if node else None,
                                    change_of(node, text, previous, seen, first=not out), text))
        seen = seen or node is not None
        previous = text
    if not seen:
        raise NotFoundError("la disposición no existe en ninguna versión", path=citation)
    return out


def _eid_in_latest(store: Store, work: str, versions, citation: str) -> str | None:
    """The cited provision's eId in the latest version that has it (eIds are stable across versions)."""
    for info in reversed(versions):
        try:
            return resolve(store.load(work, info.date), citation).eid
        except NotFoundError:
            continue
    return None


def _provision_at(store: Store, info, eid: str | None, citation: str) -> Provision | None:
    """Read just that provision by eId; resolve the citation on the whole version only if needed."""
    if eid is not None:
        node = read_provision(store.read_bytes(info.path), eid, source=info.path)
        if node is not None:
            return node
    try:
        return resolve(store.load(info.work, info.date), citation)
    except NotFoundError:
        return None


def change_of(node: Provision | None, text: str | None, previous: str | None, seen: bool, *, first: bool) -> str:
    """What happened to a provision in one version: ``node`` and its ``text`` there, the ``previous``
    text, whether it was ``seen`` in an earlier version and whether this is the ``first`` version."""
    if node is None:
        return "no existe" if not seen else "suprimido"
    if not seen:
        return "texto original" if first else "adicionado"
    if node.derogated and text != previous:
        return "derogado"
    return "reformado" if text != previous else "sin cambios"
