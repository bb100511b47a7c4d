"""Copying a whole store between backends, verified: a file store into PostgreSQL
(:func:`migrate_from_files`, ``implan-regs migrate --from``) and back (:func:`export_to_files`,
``implan-regs export-store --to``).

What travels is what a backup archives (:func:`.backup.primary_files`): every primary file byte
for byte, and the history line for line (in PostgreSQL, the rows of ``history`` in order).
Derived and per-machine data (search indexes, web sessions, signing keys) stay behind: each side
rebuilds its own.

Both directions verify before they finish, against what the source held:

* every file's SHA-256 as read back from the target (computed by the server from the stored bytes
  for PostgreSQL, from the written file for a folder), and the set of files;
* the history's line count, content and chain (its last ``chain`` hash and its breaks, if any).

``migrate`` writes in one SQL transaction under the store's advisory lock, verifying inside it:
any failure, a failed verification included, leaves the target as it was. It refuses a target
that holds anything besides what ``implan-regs init`` writes. ``export-store`` writes into a
staging folder beside the target and renames it into place once verified.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import fsio
from ..errors import InputError, StoreError
from ..fsio import atomic_write, store_lock
from . import CONFIG, Store
from .backend import HISTORY
from .backup import _safe_name, primary_files
from .integrity import chain_breaks, chain_of, parse_lines
from .postgres import PgBackend, connect

#: Bytes of file data handed to :data:`PgBackend.commit_hooks` at a time (derived rows, e.g. the
#: search index, follow the copied files inside the same transaction).
HOOK_BATCH_BYTES = 32 * 1024 * 1024
#: Rows fetched at a time when reading a PostgreSQL store out.
FETCH_ROWS = 256

Progress = Callable[[int], None]


@dataclass
class History:
    """A history as copied: its lines, and what verifies them."""

    lines: list[str]

    def summary(self) -> dict[str, Any]:
        digest = hashlib.sha256("\n".join(self.lines).encode("utf-8")).hexdigest()
        last = self.lines[-1] if self.lines else None
        return {"lines": len(self.lines), "sha256": digest, "chain": chain_of(last),
                "breaks": len(chain_breaks(self.lines))}


@dataclass
class Copied:
    """What one copy moved: file -> SHA-256, and the history."""

    files: dict[str, str] = field(default_factory=dict)
    history: History = field(default_factory=lambda: History([]))
    size: int = 0

    def report(self, source: str, target: dict, seconds: float) -> dict[str, Any]:
        return {"source": source, "target": target, "files": len(self.files), "bytes": self.size,
                "history": self.history.summary(), "verified": True, "seconds": round(seconds, 3)}


def split_history(data: bytes, where: Path) -> History:
    """The lines of a history file, exactly (refuses a torn last line: ``check`` reports it)."""
    text = data.decode("utf-8", errors="strict") if data else ""
    if text and not text.endswith("\n"):
        raise StoreError("el historial termina en una línea incompleta; revise el acervo con "
                         "'implan-regs check'", path=where)
    return History(text[:-1].split("\n") if text else [])


def join_history(history: History) -> bytes:
    return "".join(line + "\n" for line in history.lines).encode("utf-8")


# ------------------------------------------------------------------ files -> PostgreSQL

def migrate_from_files(source: Path | str, target: PgBackend, *, progress: Progress | None = None) -> dict:
    """Copy the file store at ``source`` whole into the (empty) PostgreSQL store ``target`` and
    verify it (see the module docstring). Returns the report."""
    started = time.monotonic()
    source_store = Store.open(source, backend="files")  # refuses a folder that is not a store
    root = source_store.root
    target.create()
    conn = connect(target.url, autocommit=False)
    try:
        with store_lock(root / ".lock"), conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (target.lock_key,))
            _refuse_non_empty(conn, target)
            copied = _copy_into(conn, target, root, progress)
            _verify_rows(conn, target, copied)
    finally:
        conn.close()
    return copied.report(str(root), target.describe(), time.monotonic() - started)


def _refuse_non_empty(conn: Any, target: PgBackend) -> None:
    """Refuse a target holding more than what ``init`` writes (its config and its one line);
    clear that."""
    schema = target.schema
    other = conn.execute(f"SELECT path FROM {schema}.files WHERE path <> %s LIMIT 1", (CONFIG,)).fetchall()
    lines = [row[0] for row in conn.execute(f"SELECT line FROM {schema}.history ORDER BY seq LIMIT 2")]
    created_only = len(lines) <= 1 and all(data.get("action") == "init" for _, data in parse_lines(lines))
    if other or not created_only or len(parse_lines(lines)) != len(lines):
        raise StoreError("el acervo de destino no está vacío: la migración solo copia a un acervo nuevo "
                         "(elija otro con IMPLAN_REGS_STORE)", path=f"{target.describe()['database']} "
                                                                    f"({schema})")
    conn.execute(f"TRUNCATE {schema}.files, {schema}.history RESTART IDENTITY")


def _copy_into(conn: Any, target: PgBackend, root: Path, progress: Progress | None) -> Copied:
    copied = Copied()
    files = [path for path in primary_files(root) if path != root / HISTORY]
    for batch in _batches(files, root):
        with conn.cursor() as cur:
            with cur.copy(f"COPY {target.schema}.files (path, data, sha256) FROM STDIN") as copy:
                for rel, data in batch.items():
                    digest = copied.files[rel] = hashlib.sha256(data).hexdigest()
                    copy.write_row((rel, data, digest))
                    copied.size += len(data)
                    if progress:
                        progress(len(data))
            for hook in target.commit_hooks:
                hook(cur, target, batch)
    history_file = root / HISTORY
    copied.history = split_history(history_file.read_bytes() if history_file.is_file() else b"", history_file)
    with conn.cursor() as cur, cur.copy(f"COPY {target.schema}.history (line) FROM STDIN") as copy:
        for line in copied.history.lines:
            copy.write_row((line,))
    return copied


def _batches(files: list[Path], root: Path) -> Iterator[dict[str, bytes]]:
    """The files read in batches of about :data:`HOOK_BATCH_BYTES` (relative path -> bytes)."""
    batch: dict[str, bytes] = {}
    size = 0
    for path in files:
        rel = path.relative_to(root).as_posix()
        if not _safe_name(rel) or "\\" in rel:
            raise StoreError("nombre de archivo no admitido en el acervo", path=path)
        batch[rel] = path.read_bytes()
        size += len(batch[rel])
        if size >= HOOK_BATCH_BYTES:
            yield batch
            batch, size = {}, 0
    if batch:
        yield batch


def _verify_rows(conn: Any, target: PgBackend, copied: Copied) -> None:
    """Inside the copy's transaction: every stored file's SHA-256 (the column, and the server's
    own digest of the bytes) and the history, against the source."""
    schema = target.schema
    stored = {path: (column, actual) for path, column, actual in conn.execute(
        f"SELECT path, sha256, encode(sha256(data), 'hex') FROM {schema}.files")}
    _compare_files(copied.files, {path: actual if column == actual else f"{column}≠{actual}"
                                  for path, (column, actual) in stored.items()}, schema)
    lines = [row[0] for row in conn.execute(f"SELECT line FROM {schema}.history ORDER BY seq")]
    _compare_history(copied.history, History(lines), schema)


def _compare_files(expected: dict[str, str], found: dict[str, str], where: object) -> None:
    missing = sorted(set(expected) - set(found))
    extra = sorted(set(found) - set(expected))
    if missing or extra:
        name = (missing or extra)[0]
        raise StoreError(f"verificación fallida: {'falta' if missing else 'sobra'} {name} "
                         f"({len(missing)} faltan, {len(extra)} sobran)", path=where)
    for rel, digest in expected.items():
        if found[rel] != digest:
            raise StoreError(f"verificación fallida: la suma SHA-256 de {rel} no coincide", path=where)


def _compare_history(expected: History, found: History, where: object) -> None:
    want, got = expected.summary(), found.summary()
    if want != got:
        differs = next(key for key in ("lines", "chain", "sha256", "breaks") if want[key] != got[key])
        raise StoreError(f"verificación fallida: el historial no coincide ({differs}: {want[differs]} "
                         f"en el origen, {got[differs]} en el destino)", path=where)


# ------------------------------------------------------------------ PostgreSQL -> folder

def export_to_files(store: Store, folder: Path | str, *, progress: Progress | None = None) -> dict:
    """Write the PostgreSQL store ``store`` out as a file store at ``folder`` (absent or empty),
    verified (see the module docstring). Returns the report."""
    backend = store.backend
    if not isinstance(backend, PgBackend):
        raise InputError("export-store copia un acervo de PostgreSQL (IMPLAN_REGS_DATABASE_URL); un acervo "
                         "en archivos se copia con 'implan-regs backup'", path=store.root)
    started = time.monotonic()
    folder = Path(folder).absolute()
    with fsio.new_folder(folder) as staging:
        copied = _read_out(backend, staging, progress)
        _verify_folder(staging, copied)
        (staging / "works").mkdir(exist_ok=True)  # as Store.init lays a file store out
    return copied.report(str(backend.describe()["database"]) + f" ({backend.schema})", {"backend": "files",
                         "root": str(folder)}, time.monotonic() - started)


def _read_out(backend: PgBackend, staging: Path, progress: Progress | None) -> Copied:
    """Every row of one snapshot (a repeatable-read transaction) written under ``staging``."""
    import psycopg

    copied = Copied()
    conn = connect(backend.url, autocommit=False)
    try:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.transaction():
            with conn.cursor(name="implan_export") as cur:
                cur.itersize = FETCH_ROWS
                cur.execute(f"SELECT path, data, sha256 FROM {backend.schema}.files ORDER BY path")
                for rel, data, digest in cur:
                    _write_row(staging, rel, bytes(data), digest)
                    copied.files[rel] = digest
                    copied.size += len(data)
                    if progress:
                        progress(len(data))
            lines = [row[0] for row in conn.execute(f"SELECT line FROM {backend.schema}.history ORDER BY seq")]
    except psycopg.OperationalError as exc:
        raise StoreError(f"la base de datos no responde: {exc}", path=backend.describe()["database"]) from None
    finally:
        conn.close()
    if any("\n" in line for line in lines):
        raise StoreError("el historial tiene una línea con un salto de línea: no cabe en history.jsonl",
                         path=backend.schema)
    copied.history = History(lines)
    if lines:
        atomic_write(staging / HISTORY, join_history(copied.history))
    return copied


def _write_row(staging: Path, rel: str, data: bytes, digest: str) -> None:
    if not _safe_name(rel) or rel == HISTORY or rel.split("/")[0].startswith("."):
        raise StoreError("nombre de archivo no admitido en el acervo", path=rel)
    if hashlib.sha256(data).hexdigest() != digest:
        raise StoreError("verificación fallida: el contenido guardado no coincide con su suma SHA-256", path=rel)
    atomic_write(staging / rel, data)


def _verify_folder(staging: Path, copied: Copied) -> None:
    """Read back what was written: the same files, the same SHA-256, the same history."""
    found = {}
    for path in primary_files(staging):
        rel = path.relative_to(staging).as_posix()
        if rel != HISTORY:
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    _compare_files(copied.files, found, staging)
    history_file = staging / HISTORY
    written = history_file.read_bytes() if history_file.is_file() else b""
    _compare_history(copied.history, split_history(written, history_file), staging)


__all__ = ["export_to_files", "migrate_from_files"]
