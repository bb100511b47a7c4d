"""The vocabulary of a reform's procedure: its states, the one table of legal transitions, the
commission's decisions on observations and the kinds of documents kept with a proposal.

Torreón (Reglamento Interior del R. Ayuntamiento, arts. 120–121, 136–137): the initiative is
drafted (borrador) and circulated to the Direcciones Generales (en revisión); the Comisión of
regidores issues its dictamen (dictaminada); the Cabildo approves it (aprobada); it is published
in the Periódico Oficial or the Gaceta Municipal (publicada). It may be discarded (descartada)
at any point before publication.

Some states are reached only through the command that records the act that produces them
(:data:`VIA`): a dictamen, a Cabildo approval, a publication. Going back needs a reason.

>>> allowed(State.EN_REVISION)
['borrador', 'dictaminada', 'descartada']
>>> check(State.BORRADOR, State.APROBADA)
Traceback (most recent call last):
...
implan_regs.errors.StoreError: no se puede pasar de 'borrador' a 'aprobada'; desde 'borrador' se puede pasar a: en revisión, descartada
"""

from __future__ import annotations

from enum import Enum

from ..errors import InputError, StoreError


class State(str, Enum):
    BORRADOR = "borrador"
    EN_REVISION = "en revisión"
    DICTAMINADA = "dictaminada"
    APROBADA = "aprobada"
    PUBLICADA = "publicada"
    DESCARTADA = "descartada"

    def __str__(self) -> str:
        return self.value


#: The one table of legal transitions (in the order a user reads them).
TRANSITIONS: dict[State, tuple[State, ...]] = {
    State.BORRADOR: (State.EN_REVISION, State.DESCARTADA),
    State.EN_REVISION: (State.BORRADOR, State.DICTAMINADA, State.DESCARTADA),
    State.DICTAMINADA: (State.EN_REVISION, State.APROBADA, State.DESCARTADA),
    State.APROBADA: (State.PUBLICADA, State.DESCARTADA),
    State.PUBLICADA: (),
    State.DESCARTADA: (State.BORRADOR,),
}
#: Transitions that go back: they need a reason (recorded with the change).
NEEDS_REASON: frozenset[tuple[State, State]] = frozenset({
    (State.EN_REVISION, State.BORRADOR), (State.DICTAMINADA, State.EN_REVISION), (State.DESCARTADA, State.BORRADOR),
})
#: States reached only by recording the act behind them: the command that does it.
VIA: dict[State, str] = {
    State.DICTAMINADA: "proposal dictamen",
    State.APROBADA: "proposal approve",
    State.PUBLICADA: "proposal publish",
}
#: States in which the draft may still be edited.
EDITABLE: frozenset[State] = frozenset({State.BORRADOR, State.EN_REVISION})
#: States after which nothing changes any more.
CLOSED: frozenset[State] = frozenset({State.PUBLICADA, State.DESCARTADA})
#: Circulated and not yet approved: the states in which a proposal may be open to public consultation.
IN_CONSULTATION: tuple[State, ...] = (State.EN_REVISION, State.DICTAMINADA)
STATES: tuple[str, ...] = tuple(s.value for s in State)


def state(value: str | State) -> State:
    """``value`` as a State; a Spanish one-line error naming the known states otherwise."""
    try:
        return State(value)
    except ValueError:
        raise InputError(f"estado desconocido; los estados son: {', '.join(STATES)}", path=str(value)) from None


def allowed(current: str | State) -> list[str]:
    return [s.value for s in TRANSITIONS[state(current)]]


def check(current: str | State, target: str | State, *, reason: str | None = None, via: str | None = None,
          path: str | None = None) -> State:
    """Refuse an illegal transition (listing the allowed ones), a step back without a reason, or a
    state that only its own command (``via``) may record. ``path`` names the proposal in the error."""
    current, target = state(current), state(target)
    if target not in TRANSITIONS[current]:
        options = ", ".join(allowed(current)) or "ninguno (la propuesta está cerrada)"
        raise StoreError(f"no se puede pasar de '{current}' a '{target}'; desde '{current}' se puede pasar a: "
                         f"{options}", path=path)
    if target in VIA and via != VIA[target]:
        raise StoreError(f"'{target}' se registra con 'implan-regs {VIA[target]}', que guarda el acto que lo produce",
                         path=path)
    if (current, target) in NEEDS_REASON and not (reason and reason.strip()):
        raise StoreError(f"volver de '{current}' a '{target}' exige un motivo (--message)", path=path)
    return target


# ------------------------------------------------------------------ observations and documents

#: What the commission decides on an observation it resolves.
PROCEDE, NO_PROCEDE = "procede", "no-procede"
DECISIONS: dict[str, str] = {PROCEDE: "procede", NO_PROCEDE: "no procede"}

#: Kinds of documents kept with a proposal, and how a user reads them.
DOCUMENT_KINDS: dict[str, str] = {
    "iniciativa": "Iniciativa", "dictamen": "Dictamen de la Comisión", "acta": "Acta de Cabildo",
    "periodico": "Periódico Oficial / Gaceta Municipal", "otro": "Otro documento",
}
