"""Proposals on disk: ``ROOT/proposals/<id>.xml``, one atomic file per proposal.

Proposal ids are unique in the whole store, so commands name a proposal by id alone.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError, NotFoundError
from ..reform.model import Proposal
from ..reform.xmlio import proposal_from_xml, proposal_to_xml
from ..textinput import check_tree

PROPOSAL_ID_RE = re.compile(r"[a-z0-9][a-z0-9\-]{0,99}")


def check_proposal_id(proposal_id: str) -> str:
    if not PROPOSAL_ID_RE.fullmatch(proposal_id or ""):
        raise InputError("identificador de propuesta inválido: use minúsculas, dígitos y guiones",
                         path=proposal_id)
    return proposal_id


class ProposalStoreMixin:
    root: Path

    def stage(self, path: Path, data: bytes | str) -> None: ...  # provided by Store

    def check_new_id(self, identifier: str, what: str) -> None: ...  # provided by Store

    def proposal_path(self, proposal_id: str) -> Path:
        return self.root / "proposals" / f"{check_proposal_id(proposal_id)}.xml"

    def proposals(self, work: str | None = None) -> list[Proposal]:
        folder = self.root / "proposals"
        found = [self.load_proposal(p.stem) for p in sorted(folder.glob("*.xml"))] if folder.is_dir() else []
        return [p for p in found if work is None or p.work == work]

    def load_proposal(self, proposal_id: str) -> Proposal:
        path = self.proposal_path(proposal_id)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise NotFoundError("propuesta inexistente", path=proposal_id) from None
        return proposal_from_xml(data, source=path)

    def write_proposal(self, proposal: Proposal, *, create: bool = False) -> Path:
        """Write ``proposal`` (the caller holds the lock and records the history entry)."""
        path = self.proposal_path(proposal.id)
        if create:
            self.check_new_id(proposal.id, "propuesta nueva")
        if not create and not path.exists():
            raise NotFoundError("propuesta inexistente", path=proposal.id)
        check_tree(proposal, where=proposal.id, skip=("draft",))  # the draft's text comes cleaned by the importers
        self.stage(path, proposal_to_xml(proposal))
        return path
