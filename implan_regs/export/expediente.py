"""The "Expediente de la reforma": what a contraloría or a court asks for — every step of the
procedure (who, when, the act's date, the documents kept), the observations by department and
outcome (atendida, atendida parcialmente, justificada, procede, no procede, pendiente) and the
documents kept with their SHA-256. Built from :func:`implan_regs.reform.timeline.proposal_timeline`
and the stored observations (docs/procedure.md)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ..model.dates import spanish_date
from ..model.numbers import fold
from ..observations.model import Observation
from ..reform.model import Proposal
from ..reform.states import DECISIONS, DOCUMENT_KINDS
from ..reform.timeline import Step
from . import oxml
from .base import Builder

#: The outcome columns of the observations table, in the order a reader expects them.
OUTCOMES = ("atendida", "atendida parcialmente", "justificada", "procede", "no procede", "pendiente")


def outcome(obs: Observation) -> str:
    """The commission's decision when it resolved the observation, else the institute's answer
    (open observations read 'pendiente')."""
    if obs.resolution is not None:
        return DECISIONS[obs.resolution.decision]
    return "pendiente" if obs.is_open else obs.status


def build(proposal: Proposal, steps: list[Step], observations: list[Observation], title: str) -> bytes:
    builder = Builder(title, landscape=True)
    builder.para("EXPEDIENTE DE LA REFORMA", "DecretoTitulo")
    builder.para(title, "Subtitle")
    builder.para(f"Propuesta «{proposal.title}» — estado: {proposal.status}", "Portada")
    _record_lines(builder, proposal)
    builder.para("Procedimiento", "Heading2")
    builder.add(_table(builder, ("Registrado", "Fecha del acto", "Quién", "Paso", "Documentos"), (12, 11, 17, 42, 18),
                       [_step_row(s) for s in steps]))
    builder.para("Observaciones por dependencia y resultado", "Heading2")
    builder.add(_table(builder, ("Dependencia", *OUTCOMES, "Total"), (34, *(9,) * len(OUTCOMES), 12),
                       _outcome_rows(observations)))
    builder.para("Documentos conservados", "Heading2")
    rows = [(DOCUMENT_KINDS.get(a.kind, a.kind), a.name, f"{a.size:,} bytes".replace(",", " "), a.sha256)
            for a in proposal.attachments] or [("—", "sin documentos", "", "")]
    builder.add(_table(builder, ("Tipo", "Archivo", "Tamaño", "SHA-256"), (18, 30, 12, 40), rows))
    return builder.to_bytes()


def _record_lines(builder: Builder, proposal: Proposal) -> None:
    if proposal.dictamen:
        builder.para(f"Dictamen de la {proposal.dictamen.commission}, {spanish_date(proposal.dictamen.date)}.",
                     "Leyenda")
    if proposal.approval:
        a = proposal.approval
        builder.para(f"Aprobada en {a.session} del {spanish_date(a.date)}, acta {a.acta}: {a.votes_for} votos a "
                     f"favor, {a.votes_against} en contra, {a.abstentions} abstenciones ({a.members} integrantes).",
                     "Leyenda")
    if proposal.published_as:
        builder.para(f"En vigor desde el {spanish_date(proposal.published_as)}.", "Leyenda")


def _step_row(step: Step) -> tuple[str, ...]:
    documents = "; ".join(f"{d['name']} (SHA-256 {d['sha256'][:12]}…)" for d in step.documents)
    what = step.what + (f": {step.detail}" if step.detail else "")
    return (spanish_date(step.time), spanish_date(step.date) if step.date else "", step.author, what, documents)


def _outcome_rows(observations: list[Observation]) -> list[tuple[str, ...]]:
    rows = []
    for department in sorted({o.department for o in observations}, key=fold):
        counts = Counter(outcome(o) for o in observations if o.department == department)
        rows.append((department, *(str(counts[k]) for k in OUTCOMES), str(sum(counts.values()))))
    totals = Counter(outcome(o) for o in observations)
    rows.append(("Total", *(str(totals[k]) for k in OUTCOMES), str(len(observations))))
    return rows


def _table(builder: Builder, headers: tuple[str, ...], shares: tuple[int, ...],
           rows: Sequence[tuple[str, ...]]) -> str:
    widths = [builder.width * s // 100 for s in shares]
    head = oxml.header_cells(headers)
    body = [[oxml.Cell(oxml.paragraph(oxml.run(text), "Celda")) for text in row] for row in rows]
    return oxml.table([head, *body], widths, header_rows=1)
