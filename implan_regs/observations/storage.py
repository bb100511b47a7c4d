"""Observations on disk, and the texts they point into.

Layout (beside the proposals, one atomic file per observation)::

    ROOT/observations/<subject>/OBS-0001.xml            <subject> = proposal id, or work@date
    ROOT/observations/<proposal>/snapshots/<state>.xml  the draft as it was when observations
                                                        were anchored to it (Akoma Ntoso)

Ids (``OBS-0001``…) are unique in the whole store: the next one is allocated under the store
lock from the highest existing file, and the file is created with an exclusive link, so two
writers can never share an id or overwrite each other. A snapshot is keyed by the digest of the
draft's XML (``state``): every observation made on the same draft shares it, and re-anchoring
aligns that snapshot with the current draft (see :mod:`.anchoring`). Versions in force are
immutable, so their ``state`` is just ``work@date``.

>>> import tempfile
>>> from implan_regs.store import Store
>>> next_number(Store.init(tempfile.mkdtemp()))
1
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..cache import cached, stamp
from ..errors import InputError, NotFoundError, StoreError
from ..model.akn import from_xml, to_xml
from ..model.tree import Document
from ..reform.model import Proposal
from ..reform.storage import load_proposal
from ..store import Store
from ..store.proposals import PROPOSAL_ID_RE
from ..textinput import check_tree
from .model import ID_RE, Observation, check_id, format_id
from .xmlio import observation_from_xml, observation_to_xml

FOLDER = "observations"
SNAPSHOTS = "snapshots"
PROPOSAL = "propuesta"
IN_FORCE = "vigente"


@dataclass
class Subject:
    """What observations are made on: a proposal's draft or a version in force (read-only)."""

    id: str
    type: str
    work: str
    document: Document
    state: str
    proposal: Proposal | None = None

    def operation_ids(self) -> list[str]:
        return [op.id for op in self.proposal.operations] if self.proposal else []


# ------------------------------------------------------------------ subjects

def draft_state(doc: Document) -> str:
    """Digest of a draft's Akoma Ntoso: names one state of the text."""
    return hashlib.sha256(to_xml(doc)).hexdigest()[:20]


def _proposal(store: Store, proposal_id: str) -> tuple[Proposal, str]:
    """The proposal and the state of its draft, parsed once per version of its file (read-only)."""
    path = store.proposal_path(proposal_id)
    version = stamp(path)
    if not version:
        raise NotFoundError("propuesta inexistente", path=proposal_id)

    def parse() -> tuple[Proposal, str]:
        proposal = load_proposal(store, proposal_id)
        if proposal.draft is None:
            raise StoreError("la propuesta no tiene borrador", path=proposal_id)
        return proposal, draft_state(proposal.draft)

    return cached(("proposal-state", str(path), version), parse)


def resolve_subject(store: Store, ref: str) -> Subject:
    """``ref`` as :meth:`~implan_regs.store.Store.resolve` reads it: a proposal or a version in force."""
    reference = store.resolve(ref)
    if reference.proposal is not None:
        proposal, state = _proposal(store, reference.proposal)
        assert proposal.draft is not None
        return Subject(proposal.id, PROPOSAL, proposal.work, proposal.draft, state, proposal)
    doc = store.load(reference.work, reference.date)
    subject_id = f"{reference.work}@{doc.meta.date}"
    return Subject(subject_id, IN_FORCE, reference.work, doc, subject_id)


def subject_dir(store: Store, subject_id: str) -> Path:
    name = subject_id.partition("@")[0]
    if not PROPOSAL_ID_RE.fullmatch(name) or "/" in subject_id or ".." in subject_id:
        raise InputError("identificador inválido", path=subject_id)
    return store.root / FOLDER / subject_id


# ------------------------------------------------------------------ snapshots

def snapshot_path(store: Store, subject_id: str, state: str) -> Path:
    if not state.isalnum():
        raise InputError("estado de texto inválido", path=state)
    return subject_dir(store, subject_id) / SNAPSHOTS / f"{state}.xml"


def ensure_snapshot(store: Store, subject: Subject) -> None:
    """Keep the subject's current draft as a snapshot (call under the lock; once per state)."""
    if subject.type != PROPOSAL:
        return
    path = snapshot_path(store, subject.id, subject.state)
    if not path.exists():
        store.stage(path, to_xml(subject.document))


def load_snapshot(store: Store, subject_id: str, state: str) -> Document | None:
    """The draft as it was in ``state`` (None when that snapshot is missing). Read-only."""
    path = snapshot_path(store, subject_id, state)
    version = stamp(path)
    if not version:
        return None
    return cached(("snapshot", str(path), version), lambda: from_xml(path.read_bytes(), source=path))


# ------------------------------------------------------------------ observation files

def observation_paths(store: Store, subject_id: str | None = None) -> list[Path]:
    base = store.root / FOLDER
    pattern = f"{subject_id}/OBS-*.xml" if subject_id else "*/OBS-*.xml"
    found = [p for p in base.glob(pattern) if ID_RE.fullmatch(p.stem)] if base.is_dir() else []
    return sorted(found, key=lambda p: int(p.stem[4:]))


def next_number(store: Store) -> int:
    """The next free id number (call under the lock): one directory listing per subject."""
    base = store.root / FOLDER
    highest = 0
    for folder in (os.scandir(base) if base.is_dir() else []):
        if not folder.is_dir():
            continue
        for entry in os.scandir(folder.path):
            m = ID_RE.fullmatch(entry.name[:-4]) if entry.name.endswith(".xml") else None
            if m:
                highest = max(highest, int(m.group(1)))
    return highest + 1


def observation_path(store: Store, obs: Observation) -> Path:
    return subject_dir(store, obs.subject) / f"{check_id(obs.id)}.xml"


def find_path(store: Store, obs_id: str) -> Path:
    check_id(obs_id)
    base = store.root / FOLDER
    found = sorted(base.glob(f"*/{obs_id}.xml")) if base.is_dir() else []
    if not found:
        raise NotFoundError("observación inexistente", path=obs_id)
    return found[0]


def read_observation(path: Path) -> Observation:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise StoreError(f"no se puede leer: {exc.strerror}", path=path) from None
    return observation_from_xml(data, source=path)


def load_observation(store: Store, obs_id: str) -> Observation:
    return read_observation(find_path(store, obs_id))


def load_observations(store: Store, subject_id: str) -> list[Observation]:
    return [read_observation(p) for p in observation_paths(store, subject_id)]


def write_observation(store: Store, obs: Observation, *, create: bool = False) -> Path:
    """Stage one observation in the store's transaction (the caller holds the lock and records it)."""
    path = observation_path(store, obs)
    if not create and not path.exists():
        raise NotFoundError("observación inexistente", path=obs.id)
    if create and path.exists():
        raise StoreError("ya existe una observación con ese identificador", path=obs.id)
    check_tree(obs, where=obs.id)
    store.stage(path, observation_to_xml(obs))
    return path


def allocate_ids(store: Store, count: int) -> list[str]:
    """``count`` consecutive new ids (call under the lock, then create the files)."""
    first = next_number(store)
    return [format_id(first + i) for i in range(count)]
