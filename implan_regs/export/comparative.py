"""The cuadro comparativo: Texto vigente | Texto propuesto | Justificación / Observaciones.

Landscape, one row per changed provision of the diff (every article or transitorios block
whose verdict is not ``unchanged``), in legal order, with the header row repeated on every
page. Deleted words are struck through in the texto vigente and added words are bold in the
texto propuesto (the Mexican convention), from the diff's word runs. An added provision faces
"(Sin correlativo)"; a derogated one faces its "Se deroga." placeholder. The third column names
the change, the reasons recorded with the proposal's operations on that provision and, on
request, the observations received on it with their status. With observations, every one of
them appears: an unchanged article that received some gets its own row marked "Sin modificación
en la propuesta", and those on no article of the table (a heading, or awaiting re-anchoring) are
listed in an annex; the cover and ``notes`` say how many fall outside the changed rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..diff import model as dm
from ..model.dates import spanish_date
from ..model.tree import Document, Provision
from ..reform.decree import article_verbs
from ..reform.model import Operation, Proposal
from . import oxml
from .base import CHANGE_VERBS, Builder
from .layout import Block
from .marks import Runs, marked_sides

if TYPE_CHECKING:
    from .feedback import ObservationColumn

HEADERS = ("Texto vigente", "Texto propuesto", "Justificación / Observaciones")
LEGEND = ("En el texto vigente se tachan las palabras que se suprimen; en el texto propuesto se marcan en "
          "negritas las que se adicionan.")
NO_COUNTERPART = "(Sin correlativo)"
SUPPRESSED = "(Se suprime)"
UNCHANGED_ROW = "Sin modificación en la propuesta."
ANNEX_TITLE = "Anexo. Observaciones sin disposición en el cuadro"


@dataclass
class Row:
    change: dm.Change
    old: Provision | None
    new: Provision | None


def changed_rows(old: Document, new: Document, diff: dm.Diff,
                 keep_unchanged: Callable[[Row], bool] | None = None) -> list[Row]:
    """One row per changed provision of the diff (articles, then transitorios blocks), in legal order;
    an unchanged one only when ``keep_unchanged`` wants it."""
    old_index = {n.eid: n for n in old.walk()}
    new_index = {n.eid: n for n in new.walk()}
    rows = []
    for change in diff.articles + diff.transitorios:
        row = Row(change, old_index.get(change.old.eid) if change.old else None,
                  new_index.get(change.new.eid) if change.new else None)
        if change.type != dm.UNCHANGED or (keep_unchanged is not None and keep_unchanged(row)):
            rows.append(row)
    return rows


def build(proposal: Proposal, old: Document, diff: dm.Diff, *,
          observations: ObservationColumn | None = None, notes: list[str] | None = None) -> bytes:
    new = proposal.draft
    assert new is not None
    builder = Builder(new.meta.title, landscape=True)
    builder.para("CUADRO COMPARATIVO", "DecretoTitulo")
    builder.para(new.meta.title, "Subtitle")
    builder.para(f"Texto vigente del {spanish_date(old.meta.date)} y propuesta «{proposal.title}»", "Portada")
    builder.para(LEGEND, "Leyenda")
    reasons = _reasons_by_eid(proposal.operations, new)
    verbs = article_verbs(old, new, diff, proposal)
    observed = (lambda row: bool(observations.on(_node(row)))) if observations is not None else None
    table_rows = changed_rows(old, new, diff, keep_unchanged=observed)
    outside = _observations_outside(table_rows, observations) if observations is not None else []
    for sentence in outside:
        builder.para(sentence, "Leyenda")
    if notes is not None:
        notes.extend(outside)
    rows = [_header_row()]
    for row in table_rows:
        rows.append(_row(row, reasons, observations, verbs))
    third = builder.width - 2 * (builder.width * 37 // 100)
    widths = [builder.width * 37 // 100, builder.width * 37 // 100, third]
    builder.add(oxml.table(rows, widths, header_rows=1))
    if observations is not None:
        _annex(builder, table_rows, observations)
    return builder.to_bytes()


def _node(row: Row) -> Provision | None:
    return row.new if row.new is not None else row.old


def _placed(rows: list[Row], observations: ObservationColumn) -> set[str]:
    return {v.id for row in rows for v in observations.on(_node(row))}


def _observations_outside(rows: list[Row], observations: ObservationColumn) -> list[str]:
    """The sentences saying how many observations are not on a changed row, and where they are."""
    from ..plurals import agree, counted

    on_unchanged = {v.id for row in rows if row.change.type == dm.UNCHANGED for v in observations.on(_node(row))}
    in_annex = observations.outside(_placed(rows, observations))
    outside = len(on_unchanged) + len(in_annex)
    if not outside:
        return []
    where = []
    if on_unchanged:
        where.append(f"{len(on_unchanged)} en filas marcadas «{UNCHANGED_ROW.rstrip('.')}»")
    if in_annex:
        where.append(f"{len(in_annex)} en el anexo, sin disposición en el cuadro")
    return [f"De las {counted(len(observations.views), 'observación')}, {outside} "
            f"{agree(outside, 'recae', 'recaen')} fuera de las disposiciones que la propuesta modifica: "
            f"{' y '.join(where)}."]


def _annex(builder: Builder, rows: list[Row], observations: ObservationColumn) -> None:
    left = observations.outside(_placed(rows, observations))
    if not left:
        return
    builder.para(ANNEX_TITLE, "Heading2")
    for view in left:
        builder.para(f"{view.id} · {view.provision} — {observations.line(view)}", "Normal")


def _header_row() -> list[oxml.Cell]:
    return [oxml.Cell(oxml.paragraph(oxml.run(h), "CeldaEncabezado"), "BFBFBF") for h in HEADERS]


def _row(row: Row, reasons: dict[str, list[Operation]], observations: ObservationColumn | None,
         verbs: dict[str, list[str]] | None = None) -> list[oxml.Cell]:
    old_cell, new_cell = _text_cells(row)
    notes = [UNCHANGED_ROW] if row.change.type == dm.UNCHANGED else _verbs_of(row, verbs or {})
    notes += _row_reasons(row, reasons)
    if observations is not None:
        notes += [observations.line(v) for v in observations.on(_node(row))]
    third = "".join(oxml.paragraph(oxml.run(text, bold=i == 0), "Celda") for i, text in enumerate(notes) if text)
    return [oxml.Cell(old_cell), oxml.Cell(new_cell), oxml.Cell(third)]


def _verbs_of(row: Row, verbs: dict[str, list[str]]) -> list[str]:
    """The decree's own words for the row ("Se deroga la fracción II del artículo 50."), so the
    cuadro and the decree tell the same story; the diff's verdict only where the decree is silent."""
    node = _node(row)
    said = verbs.get(node.eid, []) if node is not None else []
    return said or [CHANGE_VERBS.get(row.change.type, "")]


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
    """One column: changed blocks in full with their marks; an unchanged párrafo or point of a
    changed article is elided ("…", "II. …"), as the decree elides it."""
    elide = any(changed for block_runs in runs for _, changed in block_runs)
    out = []
    for block, block_runs in zip(blocks, runs, strict=True):
        content = []
        if block.role in ("article", "heading", "transitorios") and block.num:
            content.append(oxml.run(block.num, **{mark: renumbered}))
            content.append(oxml.run(" "))
        if elide and block.role in ("article", "paragraph", "point") and not any(c for _, c in block_runs):
            number = block.num if block.role == "point" and block.num else ""
            content.append(oxml.run(f"{number} …".strip()))
        else:
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
