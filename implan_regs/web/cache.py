"""Parsed documents, proposals and diffs the web pages read, through the library's one cache
(:mod:`implan_regs.cache`: kept while their files are unchanged, by :meth:`Store.stamp`). Cached objects are shared
between requests and threads and must never be mutated by the web layer.
"""

from __future__ import annotations

from ..cache import cached, clear, stamp
from ..errors import NotFoundError
from ..reform import storage
from ..store import ExpressionInfo, Store

__all__ = ["cached", "clear", "decree", "verification", "expressions", "load_document", "load_proposal", "proposal_diff",
           "proposals", "stamp"]


def expressions(store: Store, work: str) -> list[ExpressionInfo]:
    folder = store.work_dir(work) / "expressions"
    files = tuple((p.name, store.stamp(p)) for p in store.glob(folder, "spa@*.xml"))
    return cached(("expressions", str(store.root), work, files), lambda: store.expressions(work))


def load_document(store: Store, work: str, date: str | None = None):
    if date is None:
        versions = expressions(store, work)
        if not versions:
            raise NotFoundError("la obra no tiene versiones", path=work)
        date = versions[-1].date
    path = store.expression_path(work, date)
    return cached(("doc", str(path), store.stamp(path)), lambda: store.load(work, date))


def load_proposal(store: Store, proposal_id: str):
    path = store.proposal_path(proposal_id)
    return cached(("proposal", str(path), store.stamp(path)), lambda: storage.load_proposal(store, proposal_id))


def proposals(store: Store) -> list:
    return [load_proposal(store, proposal_id) for proposal_id in store.proposal_ids()]


def _proposal_key(store: Store, proposal) -> tuple:
    base = store.expression_path(proposal.work, proposal.base) if proposal.base else None
    return (str(store.root), proposal.id, store.stamp(store.proposal_path(proposal.id)),
            store.stamp(base) if base else ())


def proposal_diff(store: Store, proposal):
    from ..reform.service import proposal_diff as compute

    return cached(("diff",) + _proposal_key(store, proposal), lambda: compute(store, proposal))


def decree(store: Store, proposal):
    from ..reform.consolidation import proposal_decree

    return cached(("decree",) + _proposal_key(store, proposal), lambda: proposal_decree(store, proposal))


def verification(store: Store, proposal):
    """Whether the proposal's decree, read back and applied to its base, produces its draft."""
    from ..reform.consolidation import verify_proposal

    return cached(("verification",) + _proposal_key(store, proposal),
                  lambda: verify_proposal(store, proposal, decree(store, proposal)))
