"""The tabla de correspondencia: each article of the texto vigente and its number in the proposal.

Rows in the old text's order, then the added articles; the change type in Spanish
("renumerado", "reubicado y reformado", …). Drafted for restructures, useful for any reform.
"""

from __future__ import annotations

from ..diff import model as dm
from ..model.dates import spanish_date
from ..reform.model import Proposal
from . import oxml
from .base import Builder

HEADERS = ("Texto vigente", "Texto propuesto", "Cambio")


VACANT = "el número queda vacante"


def rows(diff: dm.Diff, *, changes_only: bool = False) -> list[tuple[str, str, str]]:
    """(old article, new article, change) as printed; '—' where a side has no article; a number
    the new text no longer uses says so."""
    out = []
    vacant = diff.alignment.vacant_numbers()
    for old, new, kind in diff.correspondence():
        if changes_only and kind == dm.UNCHANGED:
            continue
        change = dm.CHANGE_NAMES.get(kind, kind) + (f"; {VACANT}" if old in vacant else "")
        out.append((f"Artículo {old}" if old else "—", f"Artículo {new}" if new else "—", change))
    return out


def build(proposal: Proposal, diff: dm.Diff, base_date: str | None, *, changes_only: bool = False) -> bytes:
    title = proposal.draft.meta.title if proposal.draft else proposal.title
    builder = Builder(title)
    builder.para("TABLA DE CORRESPONDENCIA", "DecretoTitulo")
    builder.para(title, "Subtitle")
    builder.para(f"Texto vigente del {spanish_date(base_date)} y propuesta «{proposal.title}»", "Portada")
    counts = diff.alignment.counts()
    summary = "; ".join(f"{dm.CHANGE_NAMES.get(k, k)}: {v}" for k, v in sorted(counts.items()))
    builder.para(f"Artículos — {summary}", "Leyenda")
    header = oxml.header_cells(HEADERS)
    body = [[oxml.Cell(oxml.paragraph(oxml.run(text, bold=i < 2 and kind != "sin cambios"), "Celda"))
             for i, text in enumerate((old, new, kind))] for old, new, kind in rows(diff, changes_only=changes_only)]
    width = builder.width
    builder.add(oxml.table([header] + body, [width * 3 // 10, width * 3 // 10, width - 2 * (width * 3 // 10)],
                           header_rows=1))
    return builder.to_bytes()
