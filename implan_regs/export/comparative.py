"""The cuadro comparativo: Texto vigente | Texto propuesto | Justificación / Observaciones.

Landscape, one row per changed provision of the diff (every article or transitorios block
whose verdict is not ``unchanged``), in legal order, with the header row repeated on every
page. Deleted words are struck through in the texto vigente and added words are bold in the
texto propuesto (the Mexican convention), from the diff's word runs; a table compared row by row
shows, on each side, its header and its reformed rows with the changed cells marked. An added provision faces
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
    text_width = builder.width * 37 // 100
    for row in table_rows:
        rows.append(_row(row, reasons, observations, verbs, text_width - 200))
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
    return oxml.header_cells(HEADERS)


def _row(row: Row, reasons: dict[str, list[Operation]], observations: ObservationColumn | None,
         verbs: dict[str, list[str]] | None = None, width: int = 4000) -> list[oxml.Cell]:
    old_cell, new_cell = _text_cells(row, width)
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

def _text_cells(row: Row, width: int = 4000) -> tuple[str, str]:
    old_blocks, old_runs, new_blocks, new_runs = marked_sides(row.change.words, row.old, row.new)
    renumbered = row.old is not None and row.new is not None and (row.old.num or "") != (row.new.num or "")
    old_tables, new_tables = _reformed_rows(row.change)
    old_cell = _cell(old_blocks, old_runs, "strike", renumbered, old_tables, width) if row.old is not None \
        else _italic(NO_COUNTERPART)
    new_cell = _cell(new_blocks, new_runs, "bold", renumbered, new_tables, width) if row.new is not None \
        else _italic(SUPPRESSED)
    return old_cell, new_cell


RowMarks = dict[str, dict[int, list[int]]]  # table párrafo eId -> {body row (1-based): changed columns}


def _reformed_rows(change: dm.Change) -> tuple[RowMarks, RowMarks]:
    """The diff's table-row changes, per side: which rows of which table, which cells."""
    old: RowMarks = {}
    new: RowMarks = {}
    for sub in change.walk():
        if not sub.is_row or sub.rows is None:
            continue
        if sub.old is not None and sub.rows[0] is not None:
            old.setdefault(sub.old.eid, {})[sub.rows[0]] = sub.cells if sub.new is not None else []
        if sub.new is not None and sub.rows[1] is not None:
            new.setdefault(sub.new.eid, {})[sub.rows[1]] = sub.cells if sub.old is not None else []
    return old, new


def _italic(text: str) -> str:
    return oxml.paragraph(oxml.run(text, italic=True), "Celda")


def _cell(blocks: list[Block], runs: list[Runs], mark: str, renumbered: bool, tables: RowMarks | None = None,
          width: int = 4000) -> str:
    """One column: changed blocks in full with their marks; an unchanged párrafo or point of a
    changed article is elided ("…", "II. …"), as the decree elides it. A table whose rows the
    diff compared cell by cell shows its header and its changed rows, the changed cells marked;
    a run of unchanged rows is one «…»."""
    elide = any(changed for block_runs in runs for _, changed in block_runs)
    out: list[str] = []
    shown: set[str] = set()
    for block, block_runs in zip(blocks, runs, strict=True):
        node = block.node
        if block.row is not None and node is not None and tables and node.eid in tables:
            if node.eid not in shown and node.table is not None:
                shown.add(node.eid)
                out.append(_rows_table(node.table, tables[node.eid], mark, width))
            continue
        if block.row is not None and elide and not any(c for _, c in block_runs):
            if not out or not out[-1].endswith(_ELIDED_ROWS):
                out.append(oxml.paragraph(oxml.run("…"), "Celda") + _ELIDED_ROWS)
            continue
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
    if out and out[-1].endswith("</w:tbl>"):
        out.append(oxml.paragraph("", "Celda"))  # a cell ends with a paragraph
    return "".join(out).replace(_ELIDED_ROWS, "")


_ELIDED_ROWS = "<!--rows-->"  # marks a «…» that already stands for a run of unchanged rows


def _rows_table(table, rows: dict[int, list[int]], mark: str, width: int) -> str:
    """A table inside the cell: the header rows, the changed rows (changed cells marked) and «…»
    for each run of rows that stay."""
    header = table.rows[:table.header_rows]
    shown: list[list[oxml.Cell]] = [[oxml.Cell(oxml.paragraph(oxml.run(text), "CeldaEncabezado"), "D9D9D9")
                                     for text in cells] for cells in header]
    columns = max((len(r) for r in table.rows), default=1)
    printed = [list(cells) for cells in header]
    for position, cells in enumerate(table.rows[table.header_rows:], 1):
        if position in rows:
            changed = rows[position] or range(len(cells))  # an added or removed row: every cell
            shown.append([oxml.Cell(oxml.paragraph(oxml.run(text, **{mark: k in changed}), "Celda"))
                          for k, text in enumerate(cells)])
            printed.append(list(cells))
        elif len(shown) == len(header) or shown[-1][0].content != _ELLIPSIS_CELL:
            shown.append([oxml.Cell(_ELLIPSIS_CELL)] + [oxml.Cell("") for _ in range(columns - 1)])
    return oxml.table(shown, _column_widths(printed, columns, width), header_rows=len(header))


_ELLIPSIS_CELL = oxml.paragraph(oxml.run("…"), "Celda")


def _column_widths(rows: list[list[str]], columns: int, width: int) -> list[int]:
    """Widths (twips) in proportion to each column's longest text, none narrower than ~1 cm."""
    longest = [max((len(r[k]) for r in rows if k < len(r)), default=1) or 1 for k in range(columns)]
    floor = min(567, width // columns)
    weights = [min(n, 60) for n in longest]
    total = sum(weights)
    return [max(floor, width * w // total) for w in weights]


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
