"""PDF import: ``pdftotext`` (poppler-utils, default reading order) then the text path.

The text path is :func:`.text.import_text`; this module owns only running the extractor
safely (magic check, time limit, Spanish errors naming the file).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from ..errors import InputError
from ..model.tree import DocumentMeta
from . import ImportResult
from .normalize import decode_bytes
from .text import import_text

TIMEOUT_SECONDS = 120


def pdf_to_text(path: Path) -> str:
    """Extract the text of ``path`` with ``pdftotext -enc UTF-8 <file> -``."""
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise InputError(f"no se pudo leer el archivo ({exc.strerror})", path=path) from exc
    if b"%PDF-" not in head:
        raise InputError("no es un PDF (falta la firma %PDF-)", path=path)
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
    return import_text(pdf_to_text(path), meta, source=str(path))
