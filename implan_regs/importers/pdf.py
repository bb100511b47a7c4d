"""PDF import: the page as printed (:mod:`.pdflayout`, pypdfium2) then the shared recognizer.

This module owns running the extractors safely (magic check, Spanish errors naming the file)
and choosing between them: the positioned reader first (párrafo breaks from the page, running
headers and footers removed by position, ruled tables kept as tables); ``pdftotext``
(poppler-utils, default reading order) when PDFium cannot read the file, with a warning saying
what was lost (or pdftotext's own Spanish error when the file is damaged or encrypted).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium

from ..errors import InputError
from ..model.tree import DocumentMeta
from . import ImportResult
from .normalize import decode_bytes
from .pdflayout import read_pdf
from .recognizer import recognize
from .report import check_collapse
from .text import import_text

TIMEOUT_SECONDS = 120


def _check_magic(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise InputError(f"no se pudo leer el archivo ({exc.strerror})", path=path) from exc
    if b"%PDF-" not in head:
        raise InputError("no es un PDF (falta la firma %PDF-)", path=path)


def pdf_to_text(path: Path) -> str:
    """Extract the text of ``path`` with ``pdftotext -enc UTF-8 <file> -``."""
    _check_magic(path)
    exe = shutil.which("pdftotext")
    if exe is None:
        raise InputError("no se encontró pdftotext; instale poppler-utils (apt-get install poppler-utils)",
                         path=path)
    try:
        done = subprocess.run([exe, "-enc", "UTF-8", str(path), "-"], capture_output=True,
                              timeout=TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired as exc:
        raise InputError(f"pdftotext tardó más de {TIMEOUT_SECONDS} s; el PDF parece dañado", path=path) from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = "está cifrado o protegido" if any("ncrypt" in d or "assword" in d for d in detail) \
            else "está dañado, truncado o no se puede leer"
        raise InputError(f"el PDF {reason}" + (f" ({detail[-1][:120]})" if detail else ""), path=path)
    text = decode_bytes(done.stdout, path=path)
    if not text.strip():
        raise InputError("el PDF no tiene texto extraíble (¿es una imagen escaneada?)", path=path)
    return text


def import_pdf(path: Path | str, meta: DocumentMeta) -> ImportResult:
    path = Path(path)
    _check_magic(path)
    try:
        page_text = read_pdf(path)
    except pdfium.PdfiumError:  # PDFium refuses the file: pdftotext says why in Spanish, or reads it
        result = import_text(pdf_to_text(path), meta, source=str(path))
        result.report.warn("extractor", "PDFium no pudo leer el PDF: se leyó el texto con pdftotext, sin "
                                        "posiciones (párrafos y tablas pueden perderse)")
        return result
    if not any(line.text.strip() or line.table for line in page_text.lines):
        raise InputError("el PDF no tiene texto extraíble (¿es una imagen escaneada?)", path=path)
    lines = page_text.source_lines()
    result = recognize(lines, meta, mode="wrapped")
    check_collapse(result, lines)
    result.report.source = str(path)
    pages = {line.lineno: line.page for line in lines}
    for warning in result.report.warnings:
        warning.page = pages.get(warning.line) if warning.line else None
    for page, message in page_text.guesses:
        result.report.warn("guess", message)
        result.report.warnings[-1].page = page
    return result
