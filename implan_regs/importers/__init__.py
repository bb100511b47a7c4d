"""Import: real sources (PDF, DOCX, text, Markdown, reStructuredText, Akoma Ntoso) -> Document.

Each format module turns its file into :class:`~.lines.SourceLine` objects (or, for AKN,
into a tree directly) and the shared :mod:`.recognizer` builds the provision tree, so
every format benefits from the same rules of Mexican drafting. :func:`import_path` picks
the format from the file's extension.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..model.tree import Document, DocumentMeta
from .report import ImportReport

#: Largest source accepted per format, in bytes: far above any real regulation (the whole
#: Constitution is 1 MB of text), low enough that a hostile file cannot exhaust memory.
MAX_BYTES = {"text": 20 * 1024**2, "markdown": 20 * 1024**2, "rst": 20 * 1024**2, "pdf": 100 * 1024**2,
             "docx": 50 * 1024**2, "akn": 64 * 1024**2}

FORMATS = {".txt": "text", ".text": "text", ".pdf": "pdf", ".docx": "docx", ".md": "markdown",
           ".markdown": "markdown", ".rst": "rst", ".xml": "akn", ".akn": "akn"}


@dataclass
class ImportResult:
    document: Document
    report: ImportReport


def detect_format(path: Path) -> str:
    name = path.name.lower()
    for ext in sorted(FORMATS, key=len, reverse=True):
        if name.endswith(ext) or name.endswith(".akn" + ext):
            return FORMATS[ext]
    raise InputError("formato no reconocido (use .pdf, .docx, .txt, .md, .rst o .xml)", path=path)


def import_path(path: Path | str, meta: DocumentMeta, *, fmt: str | None = None,
                partial: bool = False) -> ImportResult:
    """Import one file into a Document (not stored yet). An import that recognized far fewer
    articles than the source shows headings is refused unless ``partial`` (then it only warns)."""
    path = Path(path)
    if not path.is_file():
        raise InputError("no existe o no es un archivo", path=path)
    fmt = fmt or detect_format(path)
    size = path.stat().st_size
    if size > MAX_BYTES.get(fmt, 20 * 1024**2):
        raise InputError(f"archivo demasiado grande para {fmt} ({size / 1024**2:.0f} MB; máximo "
                         f"{MAX_BYTES[fmt] // 1024**2} MB)", path=path)
    if size == 0:
        raise InputError("el archivo está vacío", path=path)
    if fmt == "text":
        from .text import import_text_file as run
    elif fmt == "pdf":
        from .pdf import import_pdf as run
    elif fmt == "docx":
        from .docx import import_docx as run
    elif fmt == "markdown":
        from .markdown import import_markdown as run
    elif fmt == "rst":
        from .rst import import_rst as run
    elif fmt == "akn":
        from .akn import import_akn as run
    else:
        raise InputError(f"formato desconocido: {fmt}", path=path)
    meta.source = meta.source or path.name
    result = run(path, meta)
    doc = result.document
    if not (doc.body or doc.preamble or doc.preface):
        raise InputError("no se encontró ningún texto (artículo, párrafo o tabla) en un archivo que no está "
                         "vacío; no se guardó nada", path=path)
    if not partial:
        result.report.refuse_collapse(path)
    result.report.source = str(path)
    result.report.format = fmt
    return result
