"""What the history vouches for: file hashes per commit and a hash chain of its lines.

Every transaction's last history entry lists the SHA-256 of every file it wrote (``files``,
paths relative to the root), and every entry is sealed: ``prev`` is the ``chain`` hash of the
line before it and ``chain`` is the SHA-256 of the entry itself (canonical JSON, without
``chain``). So ``check`` can tell

* a primary file whose content no longer matches the last hash the history recorded for it
  (a word changed in a stored version, an edited observation), and when it was last known good;
* a history line edited after it was written (its own ``chain`` no longer matches) or removed
  (the next line's ``prev`` no longer matches).

Lines written before sealing existed carry no ``chain``; they are accepted as the chain's
unverified start, and ``sha256`` of their import/replace entries still counts as the
expression's last known hash.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .backend import Backend

HISTORY = "history.jsonl"


def entry_hash(data: dict) -> str:
    """The ``chain`` hash of an entry: SHA-256 of its canonical JSON without ``chain``."""
    body = {k: v for k, v in data.items() if k != "chain"}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def last_line(history: Path) -> str | None:
    """The last readable (JSON object) line of the history file (None for a new one)."""
    try:
        size = history.stat().st_size
    except FileNotFoundError:
        return None
    block = 65536
    with history.open("rb") as fh:
        while True:
            start = max(0, size - block)
            fh.seek(start)
            lines = fh.read(size - start).splitlines()
            complete = lines if start == 0 else lines[1:]
            for line in reversed(complete):
                try:
                    data = json.loads(line)
                except ValueError:
                    continue  # a line torn by a crash: check reports it
                return line.decode("utf-8") if isinstance(data, dict) else None
            if start == 0:
                return None
            block *= 4


def chain_of(line: str | None) -> str | None:
    """The ``chain`` of a history line (None for no line or an unsealed one)."""
    if line is None:
        return None
    try:
        data = json.loads(line)
    except ValueError:
        return None
    return data.get("chain") if isinstance(data, dict) else None


def last_chain(history: Path) -> str | None:
    """The ``chain`` of the last readable line of the history (None for a new or unsealed one)."""
    return chain_of(last_line(history))


def seal(entries: list[dict], files: dict[str, str], previous: str | None) -> list[str]:
    """History lines for one transaction: files on the last entry, each entry chained."""
    if files and entries:
        entries[-1]["files"] = dict(sorted(files.items()))
    lines = []
    for data in entries:
        data["prev"] = previous
        data["chain"] = previous = entry_hash(data)
        lines.append(json.dumps(data, ensure_ascii=False))
    return lines


@dataclass
class Known:
    """The last time the history vouched for a file."""

    sha256: str
    line: int
    time: str
    author: str
    action: str

    def describe(self) -> str:
        return f"última versión íntegra: {self.time}, «{self.action}» de {self.author} (history.jsonl:{self.line})"


@dataclass
class Finding:
    path: str
    message: str  # Spanish, user-facing


def _known_file_hashes(entries: list[tuple[int, dict]]) -> dict[str, Known]:
    known: dict[str, Known] = {}
    for n, data in entries:
        stamp = (n, str(data.get("time", "?")), str(data.get("author", "?")), str(data.get("action", "?")))
        if data.get("action") in ("import", "replace") and data.get("sha256") and data.get("work") \
                and data.get("expression"):
            rel = f"works/{data['work']}/expressions/spa@{data['expression']}.xml"
            known[rel] = Known(data["sha256"], *stamp)
        files = data.get("files")
        if isinstance(files, dict):
            for rel, digest in files.items():
                if isinstance(rel, str) and isinstance(digest, str):
                    known[rel] = Known(digest, *stamp)
    return known


def _check_chain(entries: list[tuple[int, dict]]) -> list[Finding]:
    findings: list[Finding] = []
    previous: str | None = None
    previous_line = 0
    sealed = False
    for n, data in entries:
        where = f"{HISTORY}:{n}"
        if "chain" not in data:
            if sealed:
                findings.append(Finding(where, "línea sin sello después de líneas selladas: se añadió o se "
                                               "reescribió a mano"))
            previous, previous_line = None, n
            continue
        if data["chain"] != entry_hash(data):
            findings.append(Finding(where, "la línea se modificó después de escribirse (su sello no coincide)"))
        elif sealed and data.get("prev") != previous:
            last_good = f"la línea {previous_line}" if previous_line else "el inicio"
            findings.append(Finding(where, "la cadena del historial se rompe aquí: se eliminó o modificó una "
                                           f"línea entre {last_good} y esta"))
        sealed, previous, previous_line = True, data["chain"], n
    return findings


def chain_breaks(lines: list[str]) -> list[Finding]:
    """Every break in the chain of these history lines (as :func:`verify` reports them)."""
    return _check_chain(parse_lines(lines))


def _backend(source: Backend | Path | str) -> Backend:
    """The backend to verify: a store folder given by its path is read as a file store."""
    if not isinstance(source, (str, os.PathLike)):
        return source
    from .backend import FileBackend

    return FileBackend(Path(source))


def read_history(source: Backend | Path | str) -> list[tuple[int, dict]]:
    """(line number, entry) of every readable line of the history of a store (its backend, or
    the folder of a file store)."""
    return parse_lines(_backend(source).history_lines())


def parse_lines(lines: list[str]) -> list[tuple[int, dict]]:
    """(line number, entry) of every readable (JSON object) line."""
    out = []
    for n, line in enumerate(lines, 1):
        try:
            data = json.loads(line)
        except ValueError:
            continue
        if isinstance(data, dict):
            out.append((n, data))
    return out


def verify(source: Backend | Path | str) -> list[Finding]:
    """Every file that differs from its last recorded hash, and every break in the chain, in the
    store of ``source`` (its backend, or the folder of a file store)."""
    backend = _backend(source)
    entries = read_history(backend)
    findings = _check_chain(entries)
    for rel, known in sorted(_known_file_hashes(entries).items()):
        path = backend.root / rel
        if backend.kind == "files" and os.path.islink(path):
            findings.append(Finding(rel, f"es un enlace simbólico, no el archivo registrado ({known.describe()})"))
            continue
        current = backend.sha256(path)
        if current is None:
            findings.append(Finding(rel, f"falta el archivo ({known.describe()})"))
        elif current != known.sha256:
            findings.append(Finding(rel, f"su contenido cambió sin pasar por el historial ({known.describe()})"))
    return findings
