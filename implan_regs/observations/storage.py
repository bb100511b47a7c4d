"""Observations in the store, and the texts they point into.

Layout (beside the proposals, one stored file per observation, read and written only through the
store, so the same code runs on the file and the PostgreSQL backends)::

    ROOT/observations/<subject>/OBS-0001.xml            <subject> = proposal id, or work@date
    ROOT/observations/<proposal>/snapshots/<state>.xml  the draft as it was when observations
                                                        were anchored to it (Akoma Ntoso)

Ids (``OBS-0001``…) are unique in the whole store and dense: the next one is allocated inside the
store's write transaction (which holds the store lock: the file lock, or PostgreSQL's advisory lock)
from the highest stored file, and a new file is refused when its name is taken, so two writers can
never share an id or overwrite each other. A snapshot is keyed by the digest of the
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
from dataclasses import dataclass
from pathlib import Path

from ..cache import cached
from ..errors import InputError, NotFoundError, StoreError
from ..model.akn import from_xml, to_xml
from ..model.tree import Document
from ..reform.model import Proposal
from ..reform.storage import load_proposal
from ..store import Store
from ..store.postgres import PgBackend
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
    version = store.stamp(path)
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
    if not store.is_file(path):
        store.stage(path, to_xml(subject.document))


def load_snapshot(store: Store, subject_id: str, state: str) -> Document | None:
    """The draft as it was in ``state`` (None when that snapshot is missing). Read-only."""
    path = snapshot_path(store, subject_id, state)
    version = store.stamp(path)
    if not version:
        return None
    return cached(("snapshot", str(path), version), lambda: from_xml(store.read_bytes(path), source=path))


# ------------------------------------------------------------------ observation files

def observation_paths(store: Store, subject_id: str | None = None) -> list[Path]:
    """The stored observation files (of ``subject_id`` when given, else of every subject), in id order."""
    base = store.root / FOLDER
    found = store.glob(subject_dir(store, subject_id), "OBS-*.xml") if subject_id else store.glob(base, "*/OBS-*.xml")
    return sorted((p for p in found if ID_RE.fullmatch(p.stem)), key=lambda p: int(p.stem[4:]))


def next_number(store: Store) -> int:
    """The next free id number: one more than the highest stored (call inside the write transaction,
    which holds the store lock, so no other writer can take it before this one commits)."""
    backend = _pg(store)
    if backend is not None:
        _ensure_number_index(backend)
        rows = backend.query(f"SELECT max({_PG_NUMBER}) FROM {{schema}}.files WHERE {_PG_OBSERVATION}")
        return int(rows[0][0] or 0) + 1 if rows else 1
    ids = (ID_RE.fullmatch(name.rpartition("/")[2][:-4]) for name in store.backend.names(store.root / FOLDER, "*/OBS-*.xml"))
    return max((int(m.group(1)) for m in ids if m), default=0) + 1


#: On PostgreSQL, the rows of observation files and their id number: a partial index on this
#: expression (:func:`_ensure_number_index`) finds the highest id and the file of an id in O(log n), where a
#: listing reads every observation of the store (30-40 ms per new id at 1,600 observations).
_PG_OBSERVATION = rf"path ~ '^{FOLDER}/[^/]+/OBS-[0-9]{{4,}}\.xml$'"
_PG_NUMBER = r"(substring(path from '/OBS-([0-9]+)\.xml$')::bigint)"
_PG_INDEX = (f"CREATE INDEX IF NOT EXISTS files_observation_number ON {{schema}}.files ({_PG_NUMBER}) "
             f"WHERE {_PG_OBSERVATION}")
_pg_indexed: set[tuple[str, str]] = set()  # (database URL, schema) whose index this process ensured


def _pg(store: Store) -> PgBackend | None:
    """The store's PostgreSQL backend (None on the file backend)."""
    return store.backend if isinstance(store.backend, PgBackend) else None


def _ensure_number_index(backend: PgBackend) -> None:
    """Create the observation-number index once per process, on the write path (the index is
    derived data, built by the server from the rows: a store created or migrated without it gets
    it at its first new observation; reads use it when it is there and are correct without it)."""
    if (backend.url, backend.schema) not in _pg_indexed:
        backend.query(_PG_INDEX)
        _pg_indexed.add((backend.url, backend.schema))


def observation_path(store: Store, obs: Observation) -> Path:
    return subject_dir(store, obs.subject) / f"{check_id(obs.id)}.xml"


def find_path(store: Store, obs_id: str) -> Path:
    check_id(obs_id)
    backend = _pg(store)
    if backend is not None:
        rows = backend.query(f"SELECT path FROM {{schema}}.files WHERE {_PG_OBSERVATION} AND {_PG_NUMBER} = %s "
                             "ORDER BY path", (int(obs_id[4:]),))
        found = [p for p in (store.root / row[0] for row in rows) if p.stem == obs_id]
    else:
        found = store.glob(store.root / FOLDER, f"*/{obs_id}.xml")
    if not found:
        raise NotFoundError("observación inexistente", path=obs_id)
    return found[0]


def read_observation(store: Store, path: Path) -> Observation:
    return observation_from_xml(store.read_bytes(path), source=path)


def load_observation(store: Store, obs_id: str) -> Observation:
    return read_observation(store, find_path(store, obs_id))


def load_observations(store: Store, subject_id: str) -> list[Observation]:
    return [read_observation(store, p) for p in observation_paths(store, subject_id)]


def write_observation(store: Store, obs: Observation, *, create: bool = False) -> Path:
    """Stage one observation in the store's transaction (the caller holds the lock and records it)."""
    path = observation_path(store, obs)
    exists = store.is_file(path)
    if not create and not exists:
        raise NotFoundError("observación inexistente", path=obs.id)
    if create and exists:
        raise StoreError("ya existe una observación con ese identificador", path=obs.id)
    check_tree(obs, where=obs.id)
    store.stage(path, observation_to_xml(obs))
    return path


def allocate_ids(store: Store, count: int) -> list[str]:
    """``count`` consecutive new ids (call under the lock, then create the files)."""
    first = next_number(store)
    return [format_id(first + i) for i in range(count)]
