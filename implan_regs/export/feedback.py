"""The observations an export shows, read from the observations package (issue 4).

This is the one place the exports touch observations: :func:`load` returns plain
:class:`ObservationView` records (department, provision, text, status, response) for a
proposal from ``implan_regs.observations.observations_for`` (anchored to the draft's current
text; one that needs re-anchoring keeps its original label and no eId), and :func:`for_provisions`
picks those that fall on a provision of the cuadro comparativo.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.tree import Provision


@dataclass
class ObservationView:
    id: str
    department: str
    provision: str  # as the document names it ("artículo 30", "art_30__para_1")
    eid: str | None
    text: str
    status: str
    response: str = ""


def _view(obs) -> ObservationView:
    target = obs.target
    label = target.label if target.anchored else f"{target.original_label or target.label} (requiere reanclaje)"
    return ObservationView(id=obs.id, department=obs.department or "Sin dependencia", provision=label or "General",
                           eid=target.eid if target.anchored else None, text=obs.text, status=obs.status,
                           response=obs.status_note or "")


def load(store, proposal_id: str) -> list[ObservationView]:
    """Every observation on the proposal (anchored to its current text), as plain views."""
    from ..observations import observations_for

    return [_view(obs) for obs in observations_for(store, proposal_id)]


@dataclass
class ObservationColumn:
    """The cuadro comparativo's observations: those on each row, and those left outside every row."""

    views: list[ObservationView]

    def on(self, *nodes: Provision | None) -> list[ObservationView]:
        return for_provisions(self.views, *nodes)

    @staticmethod
    def line(view: ObservationView) -> str:
        return f"{view.department} ({view.status}): {view.text}" + (
            f" — Respuesta: {view.response}" if view.response else "")

    def outside(self, placed: set[str]) -> list[ObservationView]:
        """The observations whose id is not in ``placed`` (the rows' observations), in their order."""
        return [v for v in self.views if v.id not in placed]


def for_provisions(views: list[ObservationView], *nodes: Provision | None) -> list[ObservationView]:
    """The observations whose provision lies inside one of ``nodes`` (an article and its parts)."""
    eids = {n.eid for node in nodes if node is not None for n in node.walk()}
    return [v for v in views if v.eid and v.eid in eids]
