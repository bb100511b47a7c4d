"""The observation record: who observed what, on which provision, and how it was answered.

Workflow of ``status`` (every change is kept in ``history``)::

    pendiente ──► en análisis ──► atendida | atendida parcialmente | justificada
        └──────────────────────────────┘ (answering straight from pendiente is allowed)

    atendida parcialmente ──► atendida | justificada | en análisis
    atendida / justificada ──► en análisis        (reopen; the old answer stays in the history)

Nothing goes back to ``pendiente`` and a status never "changes" to itself. ``justificada``
(no procedente) and ``atendida parcialmente`` need a response (the justification); ``atendida``
needs a response or the proposal operation that attends it.

Response period: an observation is due ``DEFAULT_RESPONSE_DAYS`` (15) días hábiles after it was
received — counted in the project's one calendar (:mod:`implan_regs.business_days`: weekends, the
federal holidays and the store's municipal list skipped) — unless a due date is given. It is
*overdue* while open (pendiente / en análisis) after its due date.

>>> due_date("2021-05-03")
'2021-05-24'
>>> obs = Observation(id="OBS-0001", subject="reforma-2021", subject_type="propuesta", work="rdu",
...                   department="Dirección General de Obras Públicas", text="…", received="2021-05-03",
...                   kind="fondo", due="2021-05-24", target=Target(eid="art_30", label="artículo 30"))
>>> obs.is_open, obs.days_overdue("2021-05-26")
(True, 2)
>>> sorted(TRANSITIONS["pendiente"])
['atendida', 'atendida parcialmente', 'en análisis', 'justificada']
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Final, Literal, get_args

from ..business_days import Calendar
from ..errors import InputError

#: Where an observation stands (mypy checks every comparison with it).
ObservationStatus = Literal["pendiente", "en análisis", "atendida", "atendida parcialmente", "justificada"]
PENDING: Final = "pendiente"
IN_ANALYSIS: Final = "en análisis"
ATTENDED: Final = "atendida"
PARTIAL: Final = "atendida parcialmente"
JUSTIFIED: Final = "justificada"
STATUSES: tuple[ObservationStatus, ...] = get_args(ObservationStatus)
OPEN_STATUSES = (PENDING, IN_ANALYSIS)
ANSWERED_STATUSES = (ATTENDED, PARTIAL, JUSTIFIED)
TRANSITIONS = {
    PENDING: {IN_ANALYSIS, ATTENDED, PARTIAL, JUSTIFIED},
    IN_ANALYSIS: {ATTENDED, PARTIAL, JUSTIFIED},
    PARTIAL: {ATTENDED, JUSTIFIED, IN_ANALYSIS},
    ATTENDED: {IN_ANALYSIS},
    JUSTIFIED: {IN_ANALYSIS},
}
KINDS = ("forma", "fondo")
SUBJECT_TYPES = ("propuesta", "vigente")
#: Default response period, in días hábiles after the received date.
DEFAULT_RESPONSE_DAYS = 15
ID_RE = re.compile(r"OBS-(\d{4,})")

#: Event types of the history.
EVENT_NEW = "alta"
EVENT_STATUS = "estado"
EVENT_ANCHOR = "reanclaje"
EVENT_EDIT = "edición"
EVENT_REPLY = "réplica"
#: The eId of an observation on the proposal as a whole (not on one provision), e.g. a Word comment on the title.
GENERAL_EID = "doc_general"
GENERAL_LABEL = "observación general"
EVENT_RESOLVE = "resolución"


def format_id(number: int) -> str:
    return f"OBS-{number:04d}"


def id_number(obs_id: str) -> int:
    m = ID_RE.fullmatch(obs_id or "")
    if not m:
        raise InputError("identificador de observación inválido (use OBS-0001)", path=obs_id)
    return int(m.group(1))


def check_id(obs_id: str) -> str:
    id_number(obs_id)
    return obs_id


def due_date(received: str, days: int = DEFAULT_RESPONSE_DAYS, calendar: Calendar | None = None) -> str:
    """The default due date: ``days`` días hábiles after ``received`` (ISO dates) in ``calendar``."""
    return (calendar or Calendar()).add(received, days)


def today() -> str:
    return dt.date.today().isoformat()


@dataclass
class Event:
    """One entry of an observation's history: its creation, a status change or a re-anchoring."""

    type: str
    time: str
    author: str
    before: str | None = None  # previous status / previous anchor (eId)
    after: str | None = None  # new status / new anchor (eId)
    note: str | None = None  # the response given, or why it was re-anchored


@dataclass
class Resolution:
    """The decision of the commission of regidores on the observation (part of its dictamen)."""

    by: str  # the commission, e.g. "Comisión de Desarrollo Urbano"
    decision: str  # 'procede' | 'no-procede' (reform.states.DECISIONS)
    reason: str
    date: str
    author: str


@dataclass
class Target:
    """The provision an observation is anchored to.

    ``eid``/``label`` are the *current* anchor; ``state`` names the text they refer to (the
    draft's snapshot digest for a proposal, ``work@date`` for a version in force).
    ``original_*`` and ``quote`` keep what the observation was made on. When the provision was
    removed or cannot be followed with certainty, ``anchored`` is False ("requiere reanclaje"),
    ``problem`` says why and ``candidate`` may name a possible destination (never applied
    automatically).
    """

    eid: str
    label: str
    level: str = ""
    quote: str = ""
    citation: str | None = None
    state: str = ""
    original_eid: str = ""
    original_label: str = ""
    anchored: bool = True
    problem: str | None = None
    candidate: str | None = None

    @property
    def is_general(self) -> bool:
        return self.eid == GENERAL_EID

    @property
    def anchor_status(self) -> str:
        return "anclada" if self.anchored else "requiere reanclaje"


@dataclass
class Observation:
    id: str
    subject: str  # proposal id, or work@date of a version in force
    subject_type: str  # 'propuesta' | 'vigente'
    work: str
    department: str
    text: str
    received: str
    kind: str
    due: str
    target: Target
    status: ObservationStatus = PENDING
    author: str | None = None
    created: str = ""
    created_by: str = ""
    response: str | None = None
    responder: str | None = None
    answered: str | None = None
    change: str | None = None  # id of the proposal operation that attends it
    resolution: Resolution | None = None
    history: list[Event] = field(default_factory=list)
    source: str | None = None  # where it was imported from (a Word comment's fingerprint)

    @property
    def number(self) -> int:
        return id_number(self.id)

    @property
    def status_note(self) -> str | None:
        """What the institute answered for the current status: the response, or else the note given when
        the observation entered its status (e.g. 'en análisis' with "Se consulta a Protección Civil")."""
        if self.response or self.status in ANSWERED_STATUSES:
            return self.response
        for event in reversed(self.history):
            if event.type == EVENT_STATUS:
                return event.note if event.after == self.status and event.note else None
        return None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def days_overdue(self, on: str | None = None) -> int:
        """Calendar days past the due date while still open (0 when not overdue)."""
        if not self.is_open:
            return 0
        late = (dt.date.fromisoformat(on or today()) - dt.date.fromisoformat(self.due)).days
        return max(late, 0)

    @property
    def is_pending(self) -> bool:
        """Still waiting for an answer: open and not resolved by the commission (blocks publication)."""
        return self.is_open and self.resolution is None

    def is_overdue(self, on: str | None = None) -> bool:
        return self.days_overdue(on) > 0

    def to_json(self, on: str | None = None) -> dict:
        """A JSON-ready view (for ``--json`` and for the DOCX exports)."""
        t = self.target
        return {
            "id": self.id, "subject": self.subject, "subject_type": self.subject_type, "work": self.work,
            "department": self.department, "author": self.author, "kind": self.kind, "text": self.text,
            "received": self.received, "due": self.due, "status": self.status,
            "overdue": self.is_overdue(on), "days_overdue": self.days_overdue(on),
            "response": self.response, "responder": self.responder, "answered": self.answered,
            "change": self.change, "source": self.source,
            "replies": [{"author": e.author, "time": e.time, "text": e.note} for e in self.history
                        if e.type == EVENT_REPLY],
            "resolution": self.resolution.__dict__.copy() if self.resolution else None,
            "provision": {"eId": t.eid, "label": t.label, "level": t.level, "citation": t.citation,
                          "quote": t.quote, "original_eId": t.original_eid, "original_label": t.original_label,
                          "anchor": t.anchor_status, "problem": t.problem, "candidate": t.candidate},
            "history": [e.__dict__.copy() for e in self.history],
        }


def check_status(status: str) -> ObservationStatus:
    if status not in STATUSES:
        raise InputError(f"estado inválido; use uno de: {', '.join(STATUSES)}", path=status)
    return STATUSES[STATUSES.index(status)]  # the vocabulary's own (typed) value


def check_kind(kind: str) -> str:
    value = (kind or "").strip().lower()
    if value not in KINDS:
        raise InputError("tipo de observación inválido; use 'forma' o 'fondo'", path=kind)
    return value


def check_transition(obs: Observation, status: str, response: str | None, change: str | None) -> None:
    """Refuse an impossible status change or an answer without the justification it needs."""
    check_status(status)
    if status == obs.status:
        raise InputError(f"la observación ya está '{status}'", path=obs.id)
    if status not in TRANSITIONS[obs.status]:
        hint = " (reábrala primero con --status 'en análisis')" if obs.status in (ATTENDED, JUSTIFIED) else ""
        raise InputError(f"no se puede pasar de '{obs.status}' a '{status}'{hint}", path=obs.id)
    has_response = bool(response and response.strip())
    if status in (JUSTIFIED, PARTIAL) and not has_response:
        raise InputError(f"'{status}' exige una respuesta que la justifique (--response)", path=obs.id)
    if status == ATTENDED and not has_response and not change:
        raise InputError("'atendida' exige una respuesta (--response) o la operación que la atiende (--change)",
                         path=obs.id)
