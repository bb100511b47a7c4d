"""Which Dirección General each reviewer belongs to: a two-column CSV (autor, dependencia).

A department's Word file may carry comments of several people, or a file may come from a review
round where each reviewer signs with their own name. ``observe import-docx --departments
MAPA.csv`` gives each comment the department of its author; the headers are those of the
observations CSV (:data:`.csvimport.HEADERS`: ``autor``/``author``…, ``dependencia``/``direccion``…),
and so are the encodings and delimiters it accepts. Authors are matched without accents, case or
extra spaces.

>>> mapping = parse_departments(b"autor;dependencia\\nIng. Rosa Soto;Direcci\\xc3\\xb3n General de Obras P\\xc3\\xbablicas\\n")
>>> department_of(mapping, "ING. ROSA  SOTO")
'Dirección General de Obras Públicas'
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..importers.normalize import decode_source
from ..model.numbers import fold
from .csvimport import _header_key, _reader

MAX_BYTES = 1024 * 1024


def _key(author: str) -> str:
    return fold(" ".join((author or "").split()))


def parse_departments(data: bytes, *, path: object = "<csv>") -> dict[str, str]:
    if len(data) > MAX_BYTES:
        raise InputError(f"el mapa de dependencias es demasiado grande (máximo {MAX_BYTES // 1024} KB)", path=path)
    records = list(_reader(decode_source(data, path=path).text))
    header = {_header_key(name): index for index, name in reversed(list(enumerate(records[0] if records else [])))}
    if "author" not in header or "department" not in header:
        raise InputError("el mapa de dependencias necesita las columnas autor y dependencia (fila 1)", path=path)
    mapping: dict[str, str] = {}
    for number, cells in enumerate(records[1:], start=2):
        author = cells[header["author"]] if header["author"] < len(cells) else ""
        department = " ".join((cells[header["department"]] if header["department"] < len(cells) else "").split())
        if not author.strip() and not department:
            continue
        if not author.strip() or not department:
            raise InputError(f"fila {number}: falta el autor o la dependencia", path=path)
        mapping[_key(author)] = department
    return mapping


def read_departments(path: Path | str) -> dict[str, str]:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"no se puede leer: {exc.strerror}", path=path) from None
    return parse_departments(data, path=path)


def department_of(mapping: dict[str, str], author: str) -> str | None:
    return mapping.get(_key(author))
