"""Tables diffed row by row and cell by cell: a changed fine or CUS value is a reformed row.

The rows of a table's body (after its header rows) keep their order, so they are aligned with
difflib on whole rows: identical rows pair with themselves, and inside a run of replaced rows
the rows pair one to one in order (a row whose cells changed is ``amended``, with the columns
that changed); the rows left over are ``added`` or ``removed``.

A row is named as a reader finds it: by the number in its first column when the table numbers
its rows there (the "N°" of a fines table, whose section headings and repeated headers are rows
too: "la fila 67" is the row numbered 67), otherwise by its position in the table's body, from 1
(:func:`row_key`, :func:`row_position`).

A change of the header rows, of the number of columns or of the merged cells is not a row
change: the table is then reformed as a whole (``None``).

>>> from implan_regs.model.tree import Table
>>> old = Table([["N°", "CONCEPTO", "MULTA"], ["1", "PASARSE UN SEMAFORO EN ROJO", "10 A 15"],
...              ["2", "CONDUCIR SIN LICENCIA", "4 A 8"]])
>>> new = Table([["N°", "CONCEPTO", "MULTA"], ["1", "PASARSE UN SEMAFORO EN ROJO", "10 A 15"],
...              ["2", "CONDUCIR SIN LICENCIA", "5 A 9"]])
>>> [(c.type, c.old, c.new, c.cells) for c in row_changes(old, new)]
[('amended', 2, 2, [2])]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ..model.tree import Table
from . import model as m


@dataclass
class RowChange:
    """One body row that changed: its positions in the old and new body (1-based) and the
    columns (0-based) whose text changed."""

    type: m.ChangeType  # amended | added | removed
    old: int | None
    new: int | None
    cells: list[int] = field(default_factory=list)


def body_rows(table: Table) -> list[list[str]]:
    return table.rows[table.header_rows:]


def row_changes(old: Table, new: Table) -> list[RowChange] | None:
    """The changed body rows of two versions of a table, in the new table's order; None when the
    header or the columns changed (the table is reformed whole)."""
    if old.header_rows != new.header_rows or old.rows[:old.header_rows] != new.rows[:new.header_rows] \
            or _width(old) != _width(new) or _merged(old) != _merged(new):
        return None
    a, b = [tuple(_norm(c) for c in r) for r in body_rows(old)], [tuple(_norm(c) for c in r) for r in body_rows(new)]
    out: list[RowChange] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1)
        for k in range(paired):
            out.append(RowChange(m.AMENDED, i1 + k + 1, j1 + k + 1, changed_cells(a[i1 + k], b[j1 + k])))
        out.extend(RowChange(m.REMOVED, i + 1, None) for i in range(i1 + paired, i2))
        out.extend(RowChange(m.ADDED, None, j + 1) for j in range(j1 + paired, j2))
    return out


def changed_cells(old: tuple[str, ...] | list[str], new: tuple[str, ...] | list[str]) -> list[int]:
    """Indexes of the columns whose text differs (a missing cell counts as empty)."""
    width = max(len(old), len(new))
    return [k for k in range(width) if _norm(_at(old, k)) != _norm(_at(new, k))]


def row_label(table: Table, position: int) -> str:
    key = row_key(table, position)
    return f"fila {key}" if key is not None else f"fila sin número (renglón {position})"


#: A table numbers its rows in its first column when at least this share of its body rows
#: start with a number ("1", "67", "12 Bis"), all different.
NUMBERED_SHARE = 0.6
_ROW_NUMBER = re.compile(r"\d+(?:\s*(?:bis|ter|[a-z]))?", re.IGNORECASE)


def numbered(table: Table) -> bool:
    firsts = [_norm(r[0]).lower() for r in body_rows(table) if r and _ROW_NUMBER.fullmatch(_norm(r[0]))]
    return bool(firsts) and len(firsts) >= NUMBERED_SHARE * len(body_rows(table)) and len(set(firsts)) == len(firsts)


def row_key(table: Table, position: int) -> str | None:
    """How a decree names the body row at ``position`` (1-based): its number, or its position when
    the table does not number its rows; None for an unnumbered row (a section heading) of a
    numbered table."""
    if not numbered(table):
        return str(position)
    first = _norm(body_rows(table)[position - 1][0]) if body_rows(table)[position - 1] else ""
    return first if _ROW_NUMBER.fullmatch(first) else None


def row_position(table: Table, key: str) -> int | None:
    """The body position (1-based) of the row a decree names ``key``; None when there is none."""
    rows = body_rows(table)
    if numbered(table):
        wanted = _norm(key).lower()
        return next((i for i, r in enumerate(rows, 1) if r and _norm(r[0]).lower() == wanted), None)
    return int(key) if key.isdigit() and 1 <= int(key) <= len(rows) else None


def _at(row, k: int) -> str:
    return row[k] if k < len(row) else ""


def _merged(table: Table) -> list:
    """The merged cells by the content of their row (rows added above one do not change it)."""
    return sorted((tuple(table.rows[r]), c, span) for (r, c), span in table.spans.items() if r < len(table.rows))


def _width(table: Table) -> int:
    return max((len(r) for r in table.rows), default=0)


def _norm(text: str) -> str:
    return " ".join(text.split())
