"""The observations matrix: by department, each observation with its provision, text, status and
response — the table the institute sends back to the Direcciones Generales."""

from __future__ import annotations

from collections import Counter

from ..model.numbers import fold
from ..plurals import counted
from ..reform.model import Proposal
from . import oxml
from .base import Builder
from .feedback import ObservationView

HEADERS = ("No.", "Disposición", "Observación", "Estado", "Respuesta")
SHARES = (6, 16, 34, 12, 32)  # column widths, per cent


def build(proposal: Proposal, views: list[ObservationView], title: str) -> bytes:
    builder = Builder(title, landscape=True)
    builder.para("MATRIZ DE OBSERVACIONES", "DecretoTitulo")
    builder.para(title, "Subtitle")
    builder.para(f"Propuesta «{proposal.title}» (estado: {proposal.status})", "Portada")
    counts = Counter(v.status for v in views)
    summary = "; ".join(f"{status}: {n}" for status, n in sorted(counts.items())) or "sin observaciones"
    builder.para(f"{counted(len(views), 'observación')} — {summary}", "Leyenda")
    widths = [builder.width * s // 100 for s in SHARES]
    for department in sorted({v.department for v in views}, key=fold):
        group = [v for v in views if v.department == department]
        builder.para(f"{department} ({len(group)})", "Heading2")
        builder.add(oxml.table([_header()] + [_row(i, v) for i, v in enumerate(group, 1)], widths, header_rows=1))
    return builder.to_bytes()


def _header() -> list[oxml.Cell]:
    return oxml.header_cells(HEADERS)


def _row(number: int, view: ObservationView) -> list[oxml.Cell]:
    texts = (str(number), view.provision, view.text, view.status, view.response)
    return [oxml.Cell(oxml.paragraph(oxml.run(t, bold=i == 3) if t else "", "Celda")) for i, t in enumerate(texts)]
