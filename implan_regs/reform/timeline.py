"""Timelines: each version of one provision across the versions in force
(:func:`provision_history`), and every step of one proposal's procedure (:func:`proposal_timeline`).

>>> # history of 'artículo 45' = for every expression, its text there and the decree that
>>> # produced that expression, marking where the text changed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..errors import NotFoundError
from ..model.akn import read_provision
from ..model.citation import resolve
from ..model.tree import Provision
from ..plurals import counted
from ..store import HistoryEntry, Store
from ..store.cited import cited
from .model import Proposal
from .storage import load_proposal


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
    """The cited provision's eId in the latest version that has it (eIds are stable across
    versions), reading only the cited article when the citation names one."""
    for info in reversed(versions):
        try:
            return cited(store, work, info.date, citation)[1].eid
        except NotFoundError:
            continue
    return None


def provision_by_eid(store: Store, work: str, date: str, eid: str) -> Provision | None:
    """The provision ``eid`` of ``work``'s version ``date`` (its reform notes included), parsed alone."""
    path = store.expression_path(work, date)
    return read_provision(store.read_mapped(path), eid, source=path)


def _provision_at(store: Store, info, eid: str | None, citation: str) -> Provision | None:
    """Read just that provision by eId; resolve the citation on the whole version only if needed."""
    if eid is not None:
        node = provision_by_eid(store, info.work, info.date, eid)
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


# ------------------------------------------------------------------ a proposal's procedure

#: History actions that are steps of the procedure, and how a user reads them.
STEP_NAMES = {
    "proposal-new": "Iniciativa registrada",
    "proposal-status": "Cambio de estado",
    "proposal-document": "Documento conservado",
    "observation-add": "Observación recibida",
    "observation-import": "Observaciones recibidas",
    "observation-answer": "Respuesta a una observación",
    "observation-resolve": "Resolución de la comisión",
    "decree-forced": "Decreto aceptado sin verificar",
    "proposal-publish-forced": "Publicación forzada",
    "proposal-publish": "Publicación",
    "proposal-rebase": "Actualización de la base",
    "proposal-share": "Compartida con una dependencia",
    "proposal-unshare": "Se deja de compartir con una dependencia",
    "proposal-from-decree": "Propuesta creada desde un decreto",
    "observation-edit": "Corrección de una observación",
    "observation-reanchor": "Reanclaje de observaciones",
}
_DRAFTING = "Redacción del borrador"


@dataclass
class Step:
    """One step: when it was recorded, by whom, what happened, the act's own date when it has one
    (the dictamen's, the session's, the publication's) and the documents it kept."""

    time: str
    author: str
    what: str
    detail: str | None = None
    date: str | None = None
    documents: list[dict] = field(default_factory=list)
    operations: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


def proposal_timeline(store: Store, proposal_id: str) -> list[Step]:
    """Every step of the proposal, oldest first, from the store's append-only history: creation,
    each transition with its author and message, observations received, answered and resolved,
    documents kept (name, SHA-256), publication; drafting operations as one step per run."""
    proposal = load_proposal(store, proposal_id)
    documents = {a.sha256: a for a in proposal.attachments}
    steps: list[Step] = []
    for entry in store.history():
        if entry.proposal != proposal.id:
            continue
        name = STEP_NAMES.get(entry.action)
        if name is None and entry.action.startswith("proposal-"):  # reformar, adicionar, … transitorios
            _drafting_step(steps, entry)
            continue
        if name is None:
            continue
        step = Step(entry.time, entry.author, name, entry.message, _act_date(store, proposal, entry))
        if entry.action == "proposal-document" and entry.sha256 in documents:
            item = documents[entry.sha256]
            step.documents.append({"kind": item.kind, "name": item.name, "path": item.path,
                                   "sha256": item.sha256, "size": item.size})
        steps.append(step)
    return steps


def _drafting_step(steps: list[Step], entry: HistoryEntry) -> None:
    """Consecutive drafting operations by one author make one step ('3 operaciones: op-0001 … op-0003')."""
    operation = entry.operation or entry.action.removeprefix("proposal-")
    last = steps[-1] if steps else None
    if last is None or last.what != _DRAFTING or last.author != entry.author:
        last = Step(entry.time, entry.author, _DRAFTING)
        steps.append(last)
    last.operations.append(operation)
    last.time = entry.time
    ops = last.operations
    last.detail = counted(len(ops), "operación") + (f" ({ops[0]} … {ops[-1]})" if len(ops) > 1 else f" ({ops[0]})")


def _act_date(store: Store, proposal: Proposal, entry: HistoryEntry) -> str | None:
    """The date of the act a step records: the dictamen's, the Cabildo session's, the publication's."""
    message = entry.message or ""
    if entry.action == "proposal-status" and "→ dictaminada" in message and proposal.dictamen:
        return proposal.dictamen.date
    if entry.action == "proposal-status" and "→ aprobada" in message and proposal.approval:
        return proposal.approval.date
    if entry.action == "proposal-publish" and entry.work and entry.expression:
        info = next((e for e in store.expressions(entry.work) if e.date == entry.expression), None)
        return info.publication.date if info and info.publication else entry.expression
    return None
