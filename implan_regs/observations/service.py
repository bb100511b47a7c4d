"""Observation workflows over the store: add, import a CSV, answer, re-anchor, list.

Every write takes the store lock, stages whole files in the store's journaled transaction
and appends one history entry through :meth:`Store.record` (so the store's listeners see it).
Reading never writes: :func:`current` follows each observation into the subject's current text
in memory; :func:`reanchor` persists that (with a ``reanclaje`` event per moved observation).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..business_days import Calendar, store_calendar
from ..errors import ImplanError, InputError, NotFoundError
from ..model.numbers import fold
from ..model.uri import check_date
from ..plurals import counted
from ..reform.storage import load_proposal
from ..store import Store, default_author
from ..textinput import check_tree
from . import storage
from .anchoring import Follower, label_of, make_target, resolve_citation
from .csvimport import CsvImportError, Row, RowError, parse_csv
from .model import (
    ANSWERED_STATUSES,
    EVENT_ANCHOR,
    EVENT_EDIT,
    EVENT_NEW,
    EVENT_RESOLVE,
    EVENT_STATUS,
    IN_ANALYSIS,
    PENDING,
    Event,
    Observation,
    Resolution,
    check_kind,
    check_status,
    check_transition,
    due_date,
)
from .storage import Subject, resolve_subject


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds")


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


@dataclass
class NewObservation:
    """What a department sends: the provision as cited, who, what and when."""

    provision: str
    department: str
    text: str
    received: str
    kind: str = "fondo"
    author: str | None = None
    due: str | None = None

    def check(self) -> NewObservation:
        check_tree(self, where="observación")
        if not _clean(self.provision):
            raise InputError("indique la disposición observada (p. ej. 'artículo 45 fracción III')")
        if not _clean(self.department):
            raise InputError("indique la dependencia (--department)")
        if not (self.text or "").strip():
            raise InputError("indique el texto de la observación (--text)")
        check_date(self.received, what="fecha de recepción")
        self.kind = check_kind(self.kind)
        if self.due:
            check_date(self.due, what="fecha límite")
            if self.due < self.received:
                raise InputError("la fecha límite es anterior a la de recepción", path=self.due)
        return self


def _record(store: Store, subject: Subject, action: str, author: str, message: str) -> None:
    is_proposal = subject.type == storage.PROPOSAL
    store.record(action, author=author, work=subject.work, proposal=subject.id if is_proposal else None,
                 expression=None if is_proposal else subject.id.partition("@")[2], message=message)


def _build(subject: Subject, new: NewObservation, obs_id: str, author: str, calendar: Calendar) -> Observation:
    target = make_target(subject.document, new.provision, state=subject.state)
    time = now()
    return Observation(id=obs_id, subject=subject.id, subject_type=subject.type, work=subject.work,
                       department=_clean(new.department), text=new.text.strip(), received=new.received,
                       kind=new.kind, due=new.due or due_date(new.received, calendar=calendar), target=target,
                       author=_clean(new.author) or None, created=time, created_by=author,
                       history=[Event(EVENT_NEW, time, author, after="pendiente")])


# ------------------------------------------------------------------ adding

def _fresh(store: Store, subject_ref: str, subject: Subject) -> Subject:
    """The subject again, under the lock: a proposal's draft may have changed meanwhile."""
    return resolve_subject(store, subject_ref) if subject.type == storage.PROPOSAL else subject


def add(store: Store, subject_ref: str, new: NewObservation, *, author: str | None = None) -> Observation:
    """Record one observation on a provision of a proposal's draft or of a version in force."""
    new.check()
    author = author or default_author()
    subject = resolve_subject(store, subject_ref)
    calendar = store_calendar(store)
    obs = _build(subject, new, "OBS-0000", author, calendar)  # resolved outside the lock; redone if the draft moved
    with store.locked():
        fresh = _fresh(store, subject_ref, subject)
        if fresh.state != subject.state:
            subject, obs = fresh, _build(fresh, new, "OBS-0000", author, calendar)
        obs.id = storage.allocate_ids(store, 1)[0]
        storage.ensure_snapshot(store, subject)
        storage.write_observation(store, obs, create=True)
        _record(store, subject, "observation-add", author, f"{obs.id} ({obs.target.label}): {obs.department}")
    return obs


@dataclass
class ImportResult:
    subject: str
    observations: list[Observation]
    dry_run: bool = False


def _rows_to_new(rows: list[Row], subject: Subject) -> tuple[list[NewObservation], list[RowError]]:
    items, errors = [], []
    for row in rows:
        new = NewObservation(row.provision, row.department, row.text, row.received, row.kind, row.author, row.due)
        try:
            resolve_citation(subject.document, row.provision)
            items.append(new.check())
        except ImplanError as exc:
            errors.append(RowError(row.row, f"{exc.message} ('{row.provision}')"))
    return items, errors


def import_csv(store: Store, subject_ref: str, path: Path | str, *, author: str | None = None,
               dry_run: bool = False) -> ImportResult:
    """Import every row of a CSV, or nothing: a bad row raises :class:`CsvImportError` (all rows listed)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"no se puede leer: {exc.strerror}", path=path) from None
    rows, errors = parse_csv(data, path=path)
    author = author or default_author()
    with store.locked():
        subject = resolve_subject(store, subject_ref)
        items, resolve_errors = _rows_to_new(rows, subject)
        errors = sorted(errors + resolve_errors, key=lambda e: e.row)
        if errors:
            raise CsvImportError(errors, path=path)
        ids = storage.allocate_ids(store, len(items))
        calendar = store_calendar(store)
        observations = [_build(subject, new, obs_id, author, calendar) for new, obs_id in zip(items, ids, strict=True)]
        if not dry_run:
            _write_all(store, subject, observations)
            _record(store, subject, "observation-import", author,
                    f"{counted(len(observations), 'observación')} de {path.name} ({ids[0]}–{ids[-1]})")
    return ImportResult(subject.id, observations, dry_run)


def _write_all(store: Store, subject: Subject, observations: list[Observation]) -> None:
    """Stage every file of a batch (committed together with its history entry)."""
    # All or nothing: the files are staged in the store's transaction, committed together.
    storage.ensure_snapshot(store, subject)
    for obs in observations:
        storage.write_observation(store, obs, create=True)


# ------------------------------------------------------------------ answering

def answer(store: Store, obs_id: str, status: str, *, response: str | None = None, change: str | None = None,
           date: str | None = None, author: str | None = None) -> Observation:
    """Change the status of an observation (attend it, justify it, reopen it), with its history."""
    new_status = check_status(status)
    author = author or default_author()
    date = check_date(date, what="fecha de respuesta") if date else dt.date.today().isoformat()
    with store.locked():
        obs = storage.load_observation(store, obs_id)
        check_transition(obs, status, response, change)
        if change:
            _check_change(store, obs, change)
        before = obs.status
        obs.status = new_status
        if status in ANSWERED_STATUSES:
            obs.response = response.strip() if response and response.strip() else obs.response
            obs.responder, obs.answered, obs.change = author, date, change or obs.change
        elif status == IN_ANALYSIS and before in ANSWERED_STATUSES:
            obs.response = obs.responder = obs.answered = obs.change = None
        note = response.strip() if response and response.strip() else None
        obs.history.append(Event(EVENT_STATUS, now(), author, before=before, after=status,
                                 note=note if not change else f"{note or ''} [{change}]".strip()))
        storage.write_observation(store, obs)
        is_proposal = obs.subject_type == storage.PROPOSAL
        store.record("observation-answer", author=author, work=obs.work, proposal=obs.subject if is_proposal else None,
                     operation=change, message=f"{obs.id}: {before} → {status}")
    return obs


def resolve(store: Store, obs_id: str, *, by: str, decision: str, reason: str, date: str | None = None,
            author: str | None = None) -> Observation:
    """Record the commission's decision (procede / no procede) on an observation of a proposal."""
    from ..reform.states import CLOSED, DECISIONS

    by, reason = _clean(by), (reason or "").strip()
    if decision not in DECISIONS:
        raise InputError(f"decisión inválida; use una de: {', '.join(DECISIONS)}", path=decision)
    if not by:
        raise InputError("indique la comisión que resuelve (--by)", path=obs_id)
    if not reason:
        raise InputError("la resolución exige un motivo (--reason)", path=obs_id)
    author = author or default_author()
    date = check_date(date, what="fecha de la resolución") if date else dt.date.today().isoformat()
    with store.locked():
        obs = storage.load_observation(store, obs_id)
        if obs.subject_type != storage.PROPOSAL:
            raise InputError("solo se resuelven observaciones a una propuesta de reforma", path=obs.id)
        if obs.resolution is not None:
            raise InputError(f"ya fue resuelta por {obs.resolution.by} ({DECISIONS[obs.resolution.decision]})",
                             path=obs.id)
        status = load_proposal(store, obs.subject).status
        if status in CLOSED:
            raise InputError(f"la propuesta {obs.subject} está {status}", path=obs.id)
        obs.resolution = Resolution(by, decision, reason, date, author)
        obs.history.append(Event(EVENT_RESOLVE, now(), author, after=decision, note=f"{by}: {reason}"))
        storage.write_observation(store, obs)
        store.record("observation-resolve", author=author, work=obs.work, proposal=obs.subject,
                     message=f"{obs.id}: {DECISIONS[decision]} ({by})")
    return obs


def edit(store: Store, obs_id: str, *, text: str | None = None, kind: str | None = None,
         author: str | None = None) -> Observation:
    """Correct the text or kind of a pending observation (its department's own mistake), with history."""
    author = author or default_author()
    with store.locked():
        obs = storage.load_observation(store, obs_id)
        if obs.status != PENDING:
            raise InputError(f"solo se corrigen observaciones pendientes (esta está '{obs.status}')", path=obs.id)
        new_text = _clean(text) if text is not None else obs.text
        new_kind = check_kind(kind) if kind else obs.kind
        if not new_text:
            raise InputError("el texto de la observación no puede quedar vacío", path=obs.id)
        if (new_text, new_kind) == (obs.text, obs.kind):
            return obs
        note = "; ".join(part for part in (f"texto anterior: {obs.text}" if new_text != obs.text else "",
                                           f"tipo: {obs.kind} → {new_kind}" if new_kind != obs.kind else "") if part)
        obs.text, obs.kind = new_text, new_kind
        obs.history.append(Event(EVENT_EDIT, now(), author, note=note))
        storage.write_observation(store, obs)
        is_proposal = obs.subject_type == storage.PROPOSAL
        store.record("observation-edit", author=author, work=obs.work,
                     proposal=obs.subject if is_proposal else None, message=f"{obs.id}: corrección")
    return obs


def _check_change(store: Store, obs: Observation, change: str) -> None:
    if obs.subject_type != storage.PROPOSAL:
        raise InputError("la observación es sobre una versión vigente: no hay operaciones que la atiendan",
                         path=change)
    proposal = load_proposal(store, obs.subject)
    if change not in {op.id for op in proposal.operations}:
        known = ", ".join(op.id for op in proposal.operations) or "ninguna"
        raise InputError(f"no es una operación de la propuesta {obs.subject} (existen: {known})", path=change)


# ------------------------------------------------------------------ re-anchoring

def _follow_all(store: Store, subject: Subject, observations: Iterable[Observation]) -> None:
    """Move each observation's target to the subject's current text, in place (memory only)."""
    followers: dict[str, Follower | None] = {}
    current = subject.document
    for obs in observations:
        target = obs.target
        if not target.anchored or target.is_general:
            continue
        if target.state == subject.state:
            if current.find(target.eid) is None:
                _flag(obs, "la disposición ya no existe en el texto actual", None)
            continue
        if target.state not in followers:
            old = storage.load_snapshot(store, subject.id, target.state) if subject.type == storage.PROPOSAL else None
            followers[target.state] = Follower(old, current) if old is not None else None
        follower = followers[target.state]
        if follower is None:
            _flag(obs, "no se conserva el texto sobre el que se hizo; reánclela manualmente", None)
            continue
        anchor = follower.follow(target.eid)
        if anchor.eid is None:
            _flag(obs, anchor.problem or "no se pudo seguir la disposición", anchor.candidate)
            continue
        node = current.find(anchor.eid)
        assert node is not None
        target.eid, target.label, target.state = anchor.eid, label_of(current, node), subject.state


def _flag(obs: Observation, problem: str, candidate: str | None) -> None:
    obs.target.anchored, obs.target.problem, obs.target.candidate = False, problem, candidate


def current(store: Store, subject_ref: str | Subject) -> list[Observation]:
    """The subject's observations, each anchored to the current text (or flagged), in id order."""
    subject = subject_ref if isinstance(subject_ref, Subject) else resolve_subject(store, subject_ref)
    observations = storage.load_observations(store, subject.id)
    _follow_all(store, subject, observations)
    return observations


@dataclass
class ReanchorResult:
    subject: str
    moved: list[Observation]
    flagged: list[Observation]


def reanchor(store: Store, subject_ref: str, *, author: str | None = None) -> ReanchorResult:
    """Persist what :func:`current` computes: new anchors, and flags for what could not be followed."""
    author = author or default_author()
    with store.locked():
        subject = resolve_subject(store, subject_ref)
        stored = storage.load_observations(store, subject.id)
        followed = copy.deepcopy(stored)
        _follow_all(store, subject, followed)
        result = ReanchorResult(subject.id, [], [])
        storage.ensure_snapshot(store, subject)
        for old, new in zip(stored, followed, strict=True):
            if old.target == new.target:
                continue
            if (old.target.eid, old.target.label, old.target.anchored) != (new.target.eid, new.target.label,
                                                                         new.target.anchored):
                _anchor_event(old, new, author)
                (result.moved if new.target.anchored else result.flagged).append(new)
            storage.write_observation(store, new)  # else only the text state moved on: no event
        if result.moved or result.flagged:
            _record(store, subject, "observation-reanchor", author,
                    f"{counted(len(result.moved), 'reanclada')}, {len(result.flagged)} requieren reanclaje")
    return result


def _anchor_event(old: Observation, new: Observation, author: str) -> None:
    note = new.target.problem if not new.target.anchored else f"{old.target.label} → {new.target.label}"
    new.history.append(Event(EVENT_ANCHOR, now(), author, before=old.target.eid,
                             after=new.target.eid if new.target.anchored else None, note=note))


def reanchor_to(store: Store, obs_id: str, citation: str, *, author: str | None = None,
                note: str | None = None) -> Observation:
    """Anchor one observation by hand to ``citation`` in the subject's current text."""
    author = author or default_author()
    with store.locked():
        obs = storage.load_observation(store, obs_id)
        subject = resolve_subject(store, obs.subject)
        fresh = make_target(subject.document, citation, state=subject.state)
        before = obs.target.eid
        target = obs.target
        target.eid, target.label, target.level, target.state = fresh.eid, fresh.label, fresh.level, fresh.state
        target.anchored, target.problem, target.candidate = True, None, None
        obs.history.append(Event(EVENT_ANCHOR, now(), author, before=before, after=fresh.eid,
                                 note=note or f"reanclaje manual a {fresh.label}"))
        storage.ensure_snapshot(store, subject)
        storage.write_observation(store, obs)
        _record(store, subject, "observation-reanchor", author, f"{obs.id} → {fresh.label}")
    return obs


# ------------------------------------------------------------------ reading

@dataclass
class Filters:
    status: str | None = None
    department: str | None = None
    kind: str | None = None
    overdue: bool = False
    needs_reanchoring: bool = False
    provision: str | None = None  # eId prefix (the provision and everything inside it)
    on: str | None = None


def select(observations: list[Observation], filters: Filters) -> list[Observation]:
    wanted_department = fold(_clean(filters.department)) if filters.department else None
    out = []
    for obs in observations:
        if filters.status and obs.status != filters.status:
            continue
        if wanted_department and wanted_department not in fold(obs.department):
            continue
        if filters.kind and obs.kind != filters.kind:
            continue
        if filters.overdue and not obs.is_overdue(filters.on):
            continue
        if filters.needs_reanchoring and obs.target.anchored:
            continue
        if filters.provision and not _within(obs.target.eid, filters.provision):
            continue
        out.append(obs)
    return out


def _within(eid: str, container: str) -> bool:
    return eid == container or eid.startswith(container + "__")


def provision_eid(store: Store, subject_ref: str, citation: str) -> str:
    subject = resolve_subject(store, subject_ref)
    return resolve_citation(subject.document, citation).eid


def show(store: Store, obs_id: str) -> Observation:
    """One observation, anchored to its subject's current text."""
    obs = storage.load_observation(store, obs_id)
    try:
        subject = resolve_subject(store, obs.subject)
    except NotFoundError:
        return obs
    _follow_all(store, subject, [obs])
    return obs
