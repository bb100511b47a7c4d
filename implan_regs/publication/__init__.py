"""Publication in the gazette: the last step of a reform's procedure, guarded by what both the
proposal and the departments' observations say.

It sits above ``reform`` and ``observations`` because its rule spans them: a proposal is
published only once the Cabildo approved it *and* no observation of it is pending (neither
answered nor resolved by the commission). :func:`publish` reads the pending observations and
hands their ids to :func:`implan_regs.reform.service.publish`, which checks everything else
(approval, dates, the decree's verification) and writes the version in force. The CLI and the web
publish through here, so no front end can skip the observations.

>>> import tempfile
>>> from implan_regs.store import Store
>>> pending_ids(Store.init(tempfile.mkdtemp()), "reforma-2025")
[]
"""

from __future__ import annotations

from typing import Any

from ..observations.storage import load_observations
from ..reform.service import Published
from ..reform.service import publish as publish_version
from ..store import Store


def pending_ids(store: Store, proposal_id: str) -> list[str]:
    """Ids of the proposal's observations neither answered nor resolved by the commission."""
    return [o.id for o in load_observations(store, proposal_id) if o.is_pending]


def publish(store: Store, proposal_id: str, published: str, **options: Any) -> Published:
    """Publish ``proposal_id`` on ``published`` (see :func:`implan_regs.reform.service.publish`
    for ``options``), refused while an observation of it is pending unless forced with a reason."""
    return publish_version(store, proposal_id, published, pending=pending_ids(store, proposal_id), **options)
