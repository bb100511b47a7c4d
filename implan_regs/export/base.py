"""What every export shares: the document skeleton, block rendering, Spanish dates, saving.

A :class:`Builder` holds a python-docx document with the styles installed, collects body XML
(see :mod:`.oxml`), and finishes with the header (the document title), the footer
("Página X de Y" as fields) and the bytes of the DOCX. Saving goes through
:func:`implan_regs.fsio.atomic_write` only, after :func:`check_output` has refused an existing
file (without ``force``), a missing or unwritable folder, or a name that is not ``.docx``.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path

import docx
from docx.shared import Cm

from ..errors import InputError
from ..fsio import atomic_write
from ..model.tree import Table
from . import oxml, styles
from .layout import Block

KIND_NAMES = {"reglamento": "Reglamento", "ley": "Ley", "codigo": "Código", "constitucion": "Constitución",
              "decreto": "Decreto", "acuerdo": "Acuerdo", "lineamientos": "Lineamientos", "norma": "Norma",
              "plan": "Plan", "programa": "Programa"}
#: Text width of a portrait letter page with 2.5 cm margins, and of a landscape one with 2 cm margins.
PORTRAIT_WIDTH = 9360
LANDSCAPE_WIDTH = 12960


class Builder:
    """One DOCX being written."""

    def __init__(self, title: str, *, landscape: bool = False):
        self.document = docx.Document()
        styles.install(self.document)
        self.title = title
        self.parts: list[str] = []
        section = self.document.sections[0]
        if landscape:
            oxml.set_landscape(section)
        margin = Cm(2) if landscape else Cm(2.5)
        section.left_margin = section.right_margin = margin
        section.top_margin = section.bottom_margin = Cm(2.5)
        self.width = LANDSCAPE_WIDTH if landscape else PORTRAIT_WIDTH
        props = self.document.core_properties
        props.title, props.language = title[:250], "es-MX"

    def add(self, *xml: str) -> None:
        self.parts.extend(xml)

    def para(self, text: str, style: str, **run_props) -> None:
        self.parts.append(oxml.paragraph(oxml.run(text, **run_props) if text else "", style))

    def blocks(self, blocks: list[Block]) -> None:
        self.parts.extend(block_xml(b, self.width) for b in blocks)

    def to_bytes(self) -> bytes:
        oxml.append_body(self.document, self.parts)
        self.parts = []
        self._header_footer()
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()

    def _header_footer(self) -> None:
        section = self.document.sections[0]
        header = section.header.paragraphs[0]
        header.style = self.document.styles["Header"]
        header.text = self.title
        footer = section.footer.paragraphs[0]
        footer.style = self.document.styles["Footer"]
        oxml.set_paragraph_xml(footer, oxml.run("Página ") + oxml.field("PAGE", "1") + oxml.run(" de ")
                               + oxml.field("NUMPAGES", "1"))


# ------------------------------------------------------------------ blocks

def block_xml(block: Block, width: int = PORTRAIT_WIDTH) -> str:
    """A layout block as a styled Word paragraph (or table)."""
    if block.role == "table" and block.table is not None:
        return table_xml(block.table, width)
    return oxml.paragraph(block_runs(block), block.style)


def block_runs(block: Block) -> str:
    """The runs of a block: the number (bold for articles and transitorios), then the text
    (a heading's number on its own line)."""
    if block.role == "heading":
        runs = [oxml.run(block.num)] if block.num else []
        if block.num and block.text:
            runs.append(oxml.line_break())
        if block.text:
            runs.append(oxml.run(block.text))
        return "".join(runs)
    if block.num:
        sep = oxml.tab() if block.role == "point" else oxml.run(" ")
        return oxml.run(block.num, bold=block.role == "article") + (sep + oxml.run(block.text) if block.text else "")
    return oxml.run(block.text) if block.text else ""


def table_xml(table: Table, width: int, *, runs: Callable[[str], str] = oxml.run,
              row_marks: list[str] | None = None, shade: bool = True) -> str:
    """A table of the legal text: grid borders, shaded header rows repeated on every page, merged
    cells merged (a cell over columns spans them; one over rows restarts a vertical merge that the
    covered cells below continue). ``runs`` writes a cell's text (the redline wraps it in a tracked
    change; ``row_marks`` then marks each row inserted or deleted)."""
    columns = max((len(r) for r in table.rows), default=1)
    widths = [width // columns] * columns
    origins = {pos: origin for origin in table.spans for pos in _under(origin, table.span(*origin))}
    cells = []
    for index, row in enumerate(table.rows):
        header = index < table.header_rows
        style = "CeldaEncabezado" if header else "Celda"
        padded = list(row) + [""] * (columns - len(row))
        out = []
        for column, text in enumerate(padded):
            origin = origins.get((index, column))
            if origin is not None and (origin[0] == index or origin[1] != column):
                continue  # covered from the left: the merged cell (or its continuation) spans it
            down, across = table.span(*(origin or (index, column)))
            merge = ("continue" if origin is not None else "restart") if down > 1 else None
            out.append(oxml.Cell(oxml.paragraph(runs(text) if text and origin is None else "", style),
                                 "D9D9D9" if header and shade else None, across, merge))
        cells.append(out)
    return oxml.table(cells, widths, header_rows=table.header_rows, row_marks=row_marks)


def _under(origin: tuple[int, int], span: tuple[int, int]) -> list[tuple[int, int]]:
    """The positions a merged cell covers besides its first one."""
    return [(origin[0] + i, origin[1] + j) for i in range(span[0]) for j in range(span[1]) if i or j]


# ------------------------------------------------------------------ output

def check_output(path: Path | str, *, force: bool = False, suffix: str | None = ".docx") -> Path:
    """Refuse before any work: a wrong extension (``suffix``; None: any), an existing file without
    force, a missing or unwritable folder."""
    path = Path(path)
    if suffix is not None and path.suffix.lower() != suffix:
        raise InputError(f"el archivo de salida debe tener extensión {suffix}", path=path)
    if path.is_dir():
        raise InputError("es una carpeta, no un archivo", path=path)
    if path.exists() and not force:
        raise InputError("ya existe; use --force para sobrescribirlo", path=path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError("la carpeta de destino no existe", path=folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError("no se puede escribir en la carpeta de destino", path=folder)
    return path


def save(data: bytes, path: Path | str, *, force: bool = False) -> Path:
    """Write the DOCX atomically (never over an existing file unless ``force``)."""
    path = check_output(path, force=force)
    atomic_write(path, data, exclusive=not force)
    return path


#: The change types (:data:`implan_regs.diff.model.CHANGE_NAMES`) as the verb of a cuadro comparativo's justification column.
CHANGE_VERBS = {"amended": "Se reforma.", "renumbered": "Se renumera.", "renumbered+amended": "Se renumera y se reforma.",
                "moved": "Se reubica.", "moved+amended": "Se reubica y se reforma.", "derogated": "Se deroga.",
                "added": "Se adiciona.", "removed": "Se suprime.", "split": "Se divide.", "merged": "Se fusiona."}
