"""Reading observations from a CSV file, with a per-row error report.

Columns (header names are matched without accents or case; Spanish or English):

=============  ==========================================================  ========
column         accepted headers                                            required
=============  ==========================================================  ========
department     dependencia, direccion, direccion general, area, department  yes
provision      disposicion, cita, articulo, provision, citation            yes
text           observacion, texto, text                                    yes
received       fecha, fecha de recepcion, recibida, received, date         yes
kind           tipo, kind (``forma`` / ``fondo``; default ``fondo``)       no
author         autor, remitente, author                                    no
due            vence, fecha limite, plazo, due                             no
=============  ==========================================================  ========

Dates are ``AAAA-MM-DD`` or ``DD/MM/AAAA``. The delimiter (``,`` ``;`` or tab) is detected; the
file may be UTF-8 (with or without BOM, as Excel's "CSV UTF-8" writes it) or Windows-1252. Row
numbers in errors are spreadsheet rows: the header is row 1.

Why not ``.xlsx``: it would add a dependency (openpyxl) for what Excel and LibreOffice already
do with "Guardar como → CSV UTF-8", and cell types (dates as serial numbers, merged cells) bring
their own class of silent errors. CSV keeps the import auditable.

>>> rows, errors = parse_csv(b"dependencia,disposicion,observacion,fecha\\n"
...                          b"Obras Publicas,articulo 30,Precisar plazo,03/05/2021\\n")
>>> rows[0].received, rows[0].kind, errors
('2021-05-03', 'fondo', [])
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import InputError
from ..importers.normalize import decode_source
from ..model.numbers import fold
from .model import KINDS

HEADERS = {
    "department": ("dependencia", "direccion", "direccion general", "area", "department", "unidad"),
    "provision": ("disposicion", "cita", "articulo", "provision", "citation", "disposicion observada"),
    "text": ("observacion", "texto", "text", "observaciones"),
    "received": ("fecha", "fecha de recepcion", "recibida", "received", "date", "fecha recepcion"),
    "kind": ("tipo", "kind", "tipo de observacion"),
    "author": ("autor", "remitente", "author", "firma"),
    "due": ("vence", "fecha limite", "plazo", "due", "vencimiento"),
}
REQUIRED = ("department", "provision", "text", "received")
NAMES = {"department": "dependencia", "provision": "disposición", "text": "observación", "received": "fecha"}


@dataclass
class Row:
    """One valid-looking row (its provision is resolved later, against the subject's text)."""

    row: int
    department: str
    provision: str
    text: str
    received: str
    kind: str = "fondo"
    author: str | None = None
    due: str | None = None


@dataclass
class RowError:
    row: int
    message: str

    def __str__(self) -> str:
        return f"fila {self.row}: {self.message}"


class CsvImportError(InputError):
    """A CSV with bad rows: ``errors`` lists them all; nothing was imported."""

    def __init__(self, errors: list[RowError], *, path: object):
        self.errors = errors
        first = str(errors[0]) if errors else ""
        more = f" (y {len(errors) - 1} más)" if len(errors) > 1 else ""
        super().__init__(f"{len(errors)} fila(s) con errores, no se importó nada — {first}{more}", path=path)


def _header_key(name: str) -> str | None:
    folded = " ".join(re.sub(r"[^a-z0-9ñ ]+", " ", fold(name or "")).split())
    for key, names in HEADERS.items():
        if folded in names:
            return key
    return None


def parse_date(value: str) -> str:
    value = value.strip()
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
    try:
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise ValueError(f"fecha inválida '{value}' (use AAAA-MM-DD o DD/MM/AAAA)")


def _reader(text: str) -> Iterator[list[str]]:
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv.reader(io.StringIO(text), dialect)


def _columns(header: list[str], path: object) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _header_key(name)
        if key and key not in columns:
            columns[key] = index
    missing = [NAMES[k] for k in REQUIRED if k not in columns]
    if missing:
        raise InputError(f"faltan columnas en el encabezado (fila 1): {', '.join(missing)}", path=path)
    return columns


def _row(number: int, cells: list[str], columns: dict[str, int]) -> Row:
    def cell(key: str) -> str:
        index = columns.get(key)
        return " ".join(cells[index].split()) if index is not None and index < len(cells) else ""

    empty = [NAMES[k] for k in REQUIRED if not cell(k)]
    if empty:
        raise ValueError(f"falta {', '.join(empty)}")
    kind = fold(cell("kind")) or "fondo"
    if kind not in KINDS:
        raise ValueError(f"tipo inválido '{cell('kind')}' (use forma o fondo)")
    received = parse_date(cell("received"))
    due = parse_date(cell("due")) if cell("due") else None
    if due and due < received:
        raise ValueError("la fecha límite es anterior a la de recepción")
    return Row(number, cell("department"), cell("provision"), cell("text"), received, kind,
               cell("author") or None, due)


def parse_csv(data: bytes, *, path: object = "<csv>") -> tuple[list[Row], list[RowError]]:
    """Rows and per-row errors; a file-level problem (no header, missing column) raises InputError."""
    decoded = decode_source(data, path=path)
    decoded.refuse_stray(path)  # an observation's words are quoted back: no guessed characters
    records = [r for r in _reader(decoded.text)]
    if not records or not any(c.strip() for c in records[0]):
        raise InputError("el CSV está vacío (se espera un encabezado en la fila 1)", path=path)
    columns = _columns(records[0], path)
    rows, errors = [], []
    for number, cells in enumerate(records[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        try:
            rows.append(_row(number, cells, columns))
        except ValueError as exc:
            errors.append(RowError(number, str(exc)))
    if not rows and not errors:
        raise InputError("el CSV no tiene filas de datos", path=path)
    return rows, errors
