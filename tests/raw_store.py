"""Reaching behind a store's back, on either backend: what tests of ``check`` and of recovery do
to stored data (a byte changed in a version, a history line edited or removed, a file deleted)
and how they copy a prepared store.

On the file backend these are plain file operations under the root; on PostgreSQL they are SQL
statements on the store's rows that bypass the store (an ``UPDATE`` leaves the row's ``sha256``
column as it was, as a hand edit would), so ``check`` is tested against the data itself.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from implan_regs.store import Store
from implan_regs.store.backend import HISTORY, open_backend
from implan_regs.store.backup import primary_files


def _execute(store: Store, sql: str, rows: list[tuple] | tuple = ()) -> None:
    from implan_regs.store.postgres import connect

    backend = store.backend
    conn = connect(backend.url, autocommit=False)  # type: ignore[attr-defined]
    with conn.transaction(), conn.cursor() as cur:
        statement = sql.replace("{schema}", backend.schema)  # type: ignore[attr-defined]
        if rows and isinstance(rows, list):
            cur.executemany(statement, rows)
        else:
            cur.execute(statement, rows)
    conn.close()


def read(store: Store, rel: str) -> bytes:
    """The stored bytes of ``rel`` (a path relative to the root)."""
    return store.backend.read(store.root / rel)


def write(store: Store, rel: str, data: bytes | str) -> None:
    """Write or replace the stored content of ``rel`` without the store knowing (no history entry),
    as a hand edit of the file would (a replaced row keeps its old ``sha256`` column)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if store.backend.kind == "files":
        (store.root / rel).parent.mkdir(parents=True, exist_ok=True)
        (store.root / rel).write_bytes(raw)
    else:
        _execute(store, "INSERT INTO {schema}.files (path, data, sha256) VALUES (%s, %s, %s) "
                        "ON CONFLICT (path) DO UPDATE SET data = EXCLUDED.data",
                 (rel, raw, hashlib.sha256(raw).hexdigest()))


def delete(store: Store, rel: str) -> None:
    if store.backend.kind == "files":
        (store.root / rel).unlink()
    else:
        _execute(store, "DELETE FROM {schema}.files WHERE path = %s", (rel,))


def history(store: Store) -> list[str]:
    return store.backend.history_lines()


def set_history(store: Store, lines: list[str]) -> None:
    """Rewrite the whole history as ``lines`` (in order)."""
    if store.backend.kind == "files":
        (store.root / HISTORY).write_text("".join(line + "\n" for line in lines), "utf-8")
        return
    _execute(store, "DELETE FROM {schema}.history")
    _execute(store, "INSERT INTO {schema}.history (line) VALUES (%s)", [(line,) for line in lines])


def copy_store(template: Path, root: Path) -> Store:
    """A copy at ``root`` of the file store ``template``, on the backend this test runs on: its
    folder copied, or on PostgreSQL every primary file as a row and every history line, unchanged
    (as ``migrate --from`` would, without its verification: fast enough for one copy per test)."""
    backend = open_backend(root.resolve())
    if backend.kind == "files":
        shutil.copytree(template, root, ignore=shutil.ignore_patterns(".lock", ".index*"))
        return Store.open(root)
    root.mkdir(parents=True, exist_ok=True)
    backend.create()  # type: ignore[attr-defined]
    source = open_backend(template, backend="files")
    with backend.writing() as tx:
        for path in primary_files(template):  # what migration copies: no lock, journal, index or secrets
            if path != template / HISTORY:
                tx.write(root.resolve() / path.relative_to(template), path.read_bytes())
        for line in source.history_lines():
            tx.log(line)
    return Store.open(root)
