"""Where proposals live: ``ROOT/proposals/<id>.xml``, and what a proposal id may be.

Proposal ids are unique in the whole store, so commands name a proposal by id alone. The file's
content is :mod:`implan_regs.reform`'s business (:mod:`implan_regs.reform.storage` reads and
writes it); the store only knows the folder, the ids and the transaction that writes them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ..errors import InputError

PROPOSAL_ID_RE = re.compile(r"[a-z0-9][a-z0-9\-]{0,99}")


def check_proposal_id(proposal_id: str) -> str:
    if not PROPOSAL_ID_RE.fullmatch(proposal_id or ""):
        raise InputError("identificador de propuesta inválido: use minúsculas, dígitos y guiones",
                         path=proposal_id)
    return proposal_id


class ProposalStoreMixin:
    root: Path
    glob: Callable[[Path, str], list[Path]]  # Store.glob

    def proposal_path(self, proposal_id: str) -> Path:
        return self.root / "proposals" / f"{check_proposal_id(proposal_id)}.xml"

    def proposal_ids(self) -> list[str]:
        """The id of every proposal file, sorted."""
        return [path.stem for path in self.glob(self.root / "proposals", "*.xml")]
