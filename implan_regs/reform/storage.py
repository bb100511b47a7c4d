"""Proposals in the store: read, list and write ``ROOT/proposals/<id>.xml`` (one atomic file each).

The store owns the folder, the ids and the transaction (:mod:`implan_regs.store.proposals`);
what a proposal file holds is this package's format (:mod:`.xmlio`), so reading and writing it
lives here and the store never imports :mod:`implan_regs.reform`.

>>> import tempfile
>>> from implan_regs.store import Store
>>> proposals(Store.init(tempfile.mkdtemp()))
[]
"""

from __future__ import annotations

from pathlib import Path

from ..errors import NotFoundError
from ..store import Store
from ..textinput import check_tree
from .model import Proposal
from .xmlio import proposal_from_xml, proposal_to_xml


def load_proposal(store: Store, proposal_id: str) -> Proposal:
    path = store.proposal_path(proposal_id)
    try:
        data = store.backend.read(path)
    except FileNotFoundError:
        raise NotFoundError("propuesta inexistente", path=proposal_id) from None
    return proposal_from_xml(data, source=path)


def proposals(store: Store, work: str | None = None) -> list[Proposal]:
    """Every proposal of the store (of ``work`` when given), in id order."""
    found = [load_proposal(store, proposal_id) for proposal_id in store.proposal_ids()]
    return [p for p in found if work is None or p.work == work]


def write_proposal(store: Store, proposal: Proposal, *, create: bool = False) -> Path:
    """Write ``proposal`` (the caller holds the lock and records the history entry)."""
    path = store.proposal_path(proposal.id)
    if create:
        store.check_new_id(proposal.id, "propuesta nueva")
    if not create and not store.is_file(path):
        raise NotFoundError("propuesta inexistente", path=proposal.id)
    check_tree(proposal, where=proposal.id, skip=("draft",))  # the draft's text comes cleaned by the importers
    store.stage(path, proposal_to_xml(proposal))
    return path
