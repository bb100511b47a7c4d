"""Public consultation: the proposals on their way to the Cabildo, as citizens may read them.

With ``site build --include-proposals-in-consultation``, every proposal the institute opened to
public consultation (``proposal consultation ID``) that is still circulated and not yet approved
(:data:`implan_regs.reform.states.IN_CONSULTATION`: en revisión, dictaminada) gets a page with
its cuadro comparativo (text in force | proposed text | justification, the changed words marked)
and the decree it would publish. Proposals not opened, drafts (borrador), approved, published and
discarded proposals are never published.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.eid import article_eid
from ..reform.consolidation import proposal_decree
from ..reform.model import Proposal
from ..reform.service import proposal_base, proposal_diff
from ..reform.states import IN_CONSULTATION
from ..reform.storage import proposals
from ..store import Store
from .content import CHANGED


@dataclass
class Consultation:
    proposal: Proposal
    title: str  # the work's title
    rows: list  # implan_regs.web.marks.Row (empty for a new work)
    reasons: dict[str, list[str]]  # article eId -> the reasons the operations give
    decree: object  # implan_regs.reform.decree.Decree


def in_consultation(store: Store, works: set[str]) -> list[Consultation]:
    """The proposals in consultation on the published ``works``, in id order."""
    from ..web.marks import rows

    out = []
    for proposal in sorted(proposals(store), key=lambda p: p.id):
        if not proposal.consultation or proposal.status not in IN_CONSULTATION or proposal.draft is None \
                or proposal.work not in works:
            continue
        base = proposal_base(store, proposal)
        table = rows(base, proposal.draft, proposal_diff(store, proposal), CHANGED) if base is not None else []
        reasons: dict[str, list[str]] = {}
        for op in proposal.operations:
            for eid in {*(op.result or "").split(), *([op.target] if op.target else [])}:
                if op.reason:
                    reasons.setdefault(article_eid(eid), []).append(op.reason)
        out.append(Consultation(proposal, store.work(proposal.work).title, table, reasons,
                                proposal_decree(store, proposal)))
    return out
