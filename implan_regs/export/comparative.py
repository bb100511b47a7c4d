"""The cuadro comparativo: Texto vigente | Texto propuesto | Justificación / Observaciones.

Landscape, one row per changed provision of the diff (every article or transitorios block
whose verdict is not ``unchanged``), in legal order, with the header row repeated on every
page. Deleted words are struck through in the texto vigente and added words are bold in the
texto propuesto (the Mexican convention), from the diff's word runs. An added provision faces
"(Sin correlativo)"; a derogated one faces its "Se deroga." placeholder. The third column names
the change, the reasons recorded with the proposal's operations on that provision and, on
request, the observations received on it with their status.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..diff import model as dm
from ..model.tree import Document, Provision
from ..reform.model import Operation, Proposal
from . import oxml
from .base import CHANGE_VERBS, Builder, spanish_date
from .layout import Block
from .marks import Runs, marked_sides

HEADERS = ("Texto vigente", "Texto propuesto", "Justificación / Observaciones")
LEGEND = ("En el texto vigente se tachan las palabras que se suprimen; en el texto propuesto se marcan en "
          "negritas las que se adicionan.")
NO_COUNTERPART = "(Sin correlativo)"
SUPPRESSED = "(Se suprime)"

#: ``(change, old article, new article) -> paragraphs`` for the observations on a provision.
ObservationsFn = Callable[[dm.Change, Provision | None, Provision | None], list[str]]


@dataclass
class Row:
    change: dm.Change
    old: Provision | None
    new: Provision | None


def changed_rows(old: Document, new: Document, diff: dm.Diff) -> list[Row]:
    """One row per changed provision of the diff (articles, then transitorios blocks), in legal order."""
    old_index = {n.eid: n for n in old.walk()}
    new_index = {n.eid: n for n in new.walk()}
    rows = []
    for change in diff.articles + diff.transitorios:
        if change.type == dm.UNCHANGED:
            continue
        rows.append(Row(change, old_index.get(change.old.eid) if change.old else None,
                        new_index.get(change.new.eid) if change.new else None))
    return rows


def build(proposal: Proposal, old: Document, diff: dm.Diff, *,
          observations: ObservationsFn | None = None) -> bytes:
    new = proposal.draft
    assert new is not None
    builder = Builder(new.meta.title, landscape=True)
    builder.para("CUADRO COMPARATIVO", "DecretoTitulo")
    builder.para(new.meta.title, "Subtitle")
    builder.para(f"Texto vigente del {spanish_date(old.meta.date)} y propuesta «{proposal.title}»", "Portada")
    builder.para(LEGEND, "Leyenda")
    reasons = _reasons_by_eid(proposal.operations, new)
    rows = [_header_row()]
    for row in changed_rows(old, new, diff):
        rows.append(_row(row, reasons, observations))
    third = builder.width - 2 * (builder.width * 37 // 100)
    widths = [builder.width * 37 // 100, builder.width * 37 // 100, third]
    builder.add(oxml.table(rows, widths, header_rows=1))
    return builder.to_bytes()


def _header_row() -> list[oxml.Cell]:
    return [oxml.Cell(oxml.paragraph(oxml.run(h), "CeldaEncabezado"), "BFBFBF") for h in HEADERS]


def _row(row: Row, reasons: dict[str, list[Operation]], observations: ObservationsFn | None) -> list[oxml.Cell]:
    old_cell, new_cell = _text_cells(row)
    notes = [CHANGE_VERBS.get(row.change.type, "")]
    notes += _row_reasons(row, reasons)
    if observations is not None:
        notes += observations(row.change, row.old, row.new)
    third = "".join(oxml.paragraph(oxml.run(text, bold=i == 0), "Celda") for i, text in enumerate(notes) if text)
    return [oxml.Cell(old_cell), oxml.Cell(new_cell), oxml.Cell(third)]


# ------------------------------------------------------------------ the two text cells

def _text_cells(row: Row) -> tuple[str, str]:
    old_blocks, old_runs, new_blocks, new_runs = marked_sides(row.change.words, row.old, row.new)
    renumbered = row.old is not None and row.new is not None and (row.old.num or "") != (row.new.num or "")
    old_cell = _cell(old_blocks, old_runs, "strike", renumbered) if row.old is not None else _italic(NO_COUNTERPART)
    new_cell = _cell(new_blocks, new_runs, "bold", renumbered) if row.new is not None else _italic(SUPPRESSED)
    return old_cell, new_cell


def _italic(text: str) -> str:
    return oxml.paragraph(oxml.run(text, italic=True), "Celda")


def _cell(blocks: list[Block], runs: list[Runs], mark: str, renumbered: bool) -> str:
    out = []
    for block, block_runs in zip(blocks, runs, strict=True):
        content = []
        if block.role in ("article", "heading", "transitorios") and block.num:
            content.append(oxml.run(block.num, **{mark: renumbered}))
            content.append(oxml.run(" "))
        content.extend(oxml.run(text, **{mark: changed}) for text, changed in block_runs)
        out.append(oxml.paragraph("".join(content), _cell_style(block)))
    return "".join(out)


def _cell_style(block: Block) -> str:
    depth = block.depth + 1 if block.role == "point" else block.depth
    return f"CeldaPunto{min(depth, 3)}" if depth > 0 else "Celda"


# ------------------------------------------------------------------ the justification column

def _reasons_by_eid(operations: list[Operation], draft: Document) -> dict[str, list[Operation]]:
    """Operations indexed by every eId they touched (their result's whole subtree included)."""
    index: dict[str, list[Operation]] = {}
    for op in operations:
        eids = set((op.result or "").split())
        if op.type != "adicionar" and op.target:
            eids.add(op.target)
        for eid in list(eids):
            node = draft.find(eid)
            if node is not None:
                eids.update(n.eid for n in node.walk())
        for eid in eids:
            index.setdefault(eid, []).append(op)
    return index


def _row_reasons(row: Row, index: dict[str, list[Operation]]) -> list[str]:
    seen: list[Operation] = []
    node = row.new if row.new is not None else row.old  # old eIds only for a provision that is gone
    if node is not None:
        for sub in node.walk():
            for op in index.get(sub.eid, []):
                if op not in seen:
                    seen.append(op)
    return [op.reason for op in seen if op.reason]
