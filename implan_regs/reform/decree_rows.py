"""Reformed table rows in a decree: "Se REFORMAN las filas 3 y 15 de la tabla del artículo 148".

The decree (:mod:`.decree`) names the rows of a table whose other rows stay, and its body prints
the table with its header, those rows, and one ``…`` row for each run of rows that stay. Rows
are named by their number (or position). This module owns reading that
back (:mod:`.decree_apply` calls it): which párrafo holds the table a path names, and the table
with the printed rows put in place. Rows are named as :func:`..diff.tables.row_key` names them.

>>> from implan_regs.model.tree import Table
>>> old = Table([["N°", "MULTA"], ["1", "10 A 15"], ["2", "4 A 8"], ["3", "6 A 10"]])
>>> printed = Table([["N°", "MULTA"], ["…"], ["2", "5 A 9"], ["…"]])
>>> merged_table(old, printed, ["2"]).rows
[['N°', 'MULTA'], ['1', '10 A 15'], ['2', '5 A 9'], ['3', '6 A 10']]
"""

from __future__ import annotations

from ..diff.tables import row_position
from ..model.tree import Provision, Table
from ..plurals import counted
from .decree_reader import ELLIPSIS

ROW = "fila"


def table_ordinal(holder: Provision) -> str | None:
    """The párrafo ordinal of the one table among ``holder``'s párrafos ("la tabla del artículo
    148" names it without its párrafo); None when it holds no table or several."""
    own = 1 if holder.kind == "point" and holder.text else 0
    paragraphs = [c for c in holder.children if c.kind == "paragraph"]
    tables = [i for i, p in enumerate(paragraphs, 1 + own) if p.table is not None]
    return str(tables[0]) if len(tables) == 1 else None


def row_exists(node: Provision, key: str) -> bool:
    return node.table is not None and row_position(node.table, key) is not None


def merged_table(old: Table, printed: Table, rows: list[str]) -> Table | str:
    """``old`` with the body rows named ``rows`` (see :func:`..diff.tables.row_key`) replaced by
    the rows the decree prints, in table order; a Spanish problem when they do not match."""
    written = [r for r in printed.rows[printed.header_rows:] if [c.strip() for c in r] != [ELLIPSIS]]
    positions = sorted({p for p in (row_position(old, key) for key in rows) if p is not None})
    if len(positions) != len(set(rows)):
        return f"la tabla no tiene las filas {', '.join(rows)}"
    if len(written) != len(positions):
        return (f"la tabla del decreto muestra {counted(len(written), 'fila')} y la instrucción reforma "
                f"{len(positions)} ({', '.join(rows)})")
    out = [list(r) for r in old.rows]
    for position, row in zip(positions, written, strict=True):
        out[old.header_rows + position - 1] = list(row)
    return Table(out, old.header_rows, dict(old.spans))
