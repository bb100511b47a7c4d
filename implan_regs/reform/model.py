"""A proposal and its recorded operations.

>>> p = Proposal(id="reforma-2018", work="reglamento-du", base="2015-12-20", title="Reforma integral")
>>> str(p.status), p.next_operation_id()
('borrador', 'op-0001')
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.tree import Document
from .states import State

#: Verbs of Mexican reform drafting, as recorded operations (+ "referencia": a cross-reference rewrite;
#: "corregir": a mechanical correction of one provision's own text, number or heading, from a review).
OPERATION_TYPES = ("reformar", "adicionar", "derogar", "mover", "importar", "referencia", "corregir")


@dataclass
class Operation:
    id: str
    type: str
    author: str
    time: str
    target: str | None = None  # eId the operation acts on (anchor for adicionar)
    citation: str | None = None  # as the user wrote it
    position: str | None = None  # adicionar: 'after' | 'before' | 'end'
    text: str | None = None  # the new text as given
    result: str | None = None  # eId of the provision produced
    reason: str | None = None


@dataclass
class StatusChange:
    status: str
    time: str
    author: str
    note: str | None = None


@dataclass
class Attachment:
    """A document kept with the proposal (initiative, dictamen, acta, gazette page): a stored copy."""

    kind: str  # states.DOCUMENT_KINDS
    name: str  # the file name the user gave
    path: str  # relative to the store root
    sha256: str
    size: int
    time: str
    author: str


@dataclass
class Dictamen:
    """The dictamen of the Comisión of regidores that sends the proposal to the Cabildo."""

    commission: str
    date: str
    author: str
    time: str
    document: str | None = None  # the attachment's path


@dataclass
class Approval:
    """The Cabildo's vote on the proposal (Reglamento Interior art. 136 a)."""

    session: str
    date: str
    acta: str
    votes_for: int
    votes_against: int
    abstentions: int
    members: int  # members of the Cabildo the quorum and the majority were counted on
    author: str
    time: str
    document: str | None = None

    @property
    def votes(self) -> str:
        return f"{self.votes_for}-{self.votes_against}-{self.abstentions}"


@dataclass
class Proposal:
    id: str
    work: str
    base: str | None  # date of the version in force it is based on; None for a new work
    title: str
    status: State = State.BORRADOR
    motivation: str | None = None
    author: str = ""
    created: str = ""
    operations: list[Operation] = field(default_factory=list)
    transitorios: list[str] = field(default_factory=list)
    status_history: list[StatusChange] = field(default_factory=list)
    published_as: str | None = None  # expression date once published
    consultation: bool = False  # opened to public consultation: the portal publishes it (en revisión, dictaminada)
    dictamen: Dictamen | None = None
    approval: Approval | None = None
    attachments: list[Attachment] = field(default_factory=list)
    draft: Document | None = None

    def next_operation_id(self) -> str:
        return f"op-{len(self.operations) + 1:04d}"

    @property
    def is_new_work(self) -> bool:
        return self.base is None


def article_moves(operations: list[Operation]) -> list[tuple[str, str | None]]:
    """Every 'mover' operation of a whole article, in order: (its number then, the new number or
    None when it was only placed elsewhere)."""
    from ..model.citation import parse_citation
    from ..model.numbers import article_key

    out: list[tuple[str, str | None]] = []
    for op in operations:
        parts = parse_citation(op.citation or "") if op.type == "mover" else []
        if len(parts) == 1 and parts[0][0] == "article":
            number = (op.position or "").partition("|")[0]
            out.append((parts[0][1], article_key(number) if number else None))
    return out


def renumbered_articles(operations: list[Operation]) -> dict[str, str]:
    """Articles that 'mover' operations gave a new number: old key -> new key ('46' -> '50bis')."""
    return {key: new for key, new in article_moves(operations) if new is not None and new != key}
