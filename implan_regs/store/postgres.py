"""The PostgreSQL backend: a store's files as rows of one schema, written in SQL transactions.

One database holds any number of stores (one per municipality, say), each in its own schema
``implan_<name>`` (:data:`implan_regs.store.backend.STORE_NAME_VAR`)::

    files(path text COLLATE "C" PRIMARY KEY, data bytea, sha256 text, written timestamptz)
    history(seq bigserial PRIMARY KEY, line text)       -- the history, one sealed line per row

``path`` is the file's path under the root, as the file backend lays it out
(``works/<w>/expressions/spa@<date>.xml``), so every module reads and writes the same names on
both backends, and migration and ``export-store`` copy rows to files and back unchanged.

A write transaction is one SQL transaction holding ``pg_advisory_xact_lock`` on the store (so
writers of every process and machine are serialized, as the file lock serializes them on one
machine); its files and history lines are written when the block ends and commit together. A
writer killed mid-way leaves nothing (the server rolls its transaction back); a committed write is
never lost. Readers use one autocommit connection per thread and see committed state only.

Modules that keep derived rows up to date in the same transaction (the search index of
:mod:`implan_regs.store.pgindex`) register in :data:`PgBackend.commit_hooks`.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

from ..errors import StoreError
from .backend import HISTORY

SCHEMA_PREFIX = "implan_"
_NAME_RE = re.compile(r"[a-z0-9_]{1,40}")

TABLES = """
CREATE TABLE IF NOT EXISTS {schema}.files (
    path text COLLATE "C" PRIMARY KEY,
    data bytea NOT NULL,
    sha256 text NOT NULL,
    written timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS {schema}.history (
    seq bigserial PRIMARY KEY,
    line text NOT NULL
);
"""


def schema_name(store: str) -> str:
    """The schema of store ``store`` (lowercase letters, digits and ``_``; ``-`` becomes ``_``)."""
    name = store.strip().lower().replace("-", "_")
    if not _NAME_RE.fullmatch(name):
        raise StoreError("nombre de acervo inválido: use minúsculas, dígitos y guiones (máx. 40)", path=store)
    return SCHEMA_PREFIX + name


def glob_regex(pattern: str) -> str:
    """A path pattern (``*`` and ``?`` within one name) as an anchored PostgreSQL regex body."""
    out = []
    for char in pattern:
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char.isalnum() or char in "/_-@ ":
            out.append(char)
        else:
            out.append("\\" + char)
    return "".join(out)


class _Connections(threading.local):
    def __init__(self) -> None:
        self.readers: dict[str, Any] = {}
        self.writers: dict[str, Any] = {}


_local = _Connections()
_all: list[Any] = []  # every connection this process opened (closed by close_all)
_all_lock = threading.Lock()


def connect(url: str, *, autocommit: bool) -> Any:
    """A new connection, or a clear StoreError naming the database."""
    import psycopg

    try:
        conn = psycopg.connect(url, autocommit=autocommit, connect_timeout=10)
    except psycopg.Error as exc:
        raise StoreError(connection_problem(exc), path=_safe(url)) from None
    with _all_lock:
        _all.append(conn)
    return conn


#: What libpq says (a fragment of its message) -> what the user reads.
CONNECTION_PROBLEMS = (
    ("connection info string", "la URL de la base de datos no es válida (se espera "
                               "postgresql://usuario@servidor[:puerto]/base)"),
    ("invalid connection option", "la URL de la base de datos tiene una opción desconocida"),
    ("invalid URI", "la URL de la base de datos no es válida (se espera postgresql://usuario@servidor[:puerto]/base)"),
    ("Connection refused", "el servidor de bases de datos no acepta conexiones (¿está detenido o en otro puerto?)"),
    ("could not translate host name", "no se encuentra el servidor de bases de datos (nombre desconocido)"),
    ("failed to resolve host", "no se encuentra el servidor de bases de datos (nombre desconocido)"),
    ("timeout expired", "el servidor de bases de datos no respondió a tiempo"),
    ("password authentication failed", "el servidor rechazó el usuario o la contraseña"),
    ("no password supplied", "el servidor pide una contraseña y la URL no la incluye"),
    ("does not exist", "la base de datos o el usuario no existen en el servidor"),
    ("no pg_hba.conf entry", "el servidor no admite conexiones de este equipo o usuario (pg_hba.conf)"),
)


def connection_problem(exc: Exception) -> str:
    """One Spanish line for a failed connection (libpq's own first line when it is unfamiliar)."""
    text = str(exc).strip()
    for fragment, message in CONNECTION_PROBLEMS:
        if fragment in text:
            return message
    first = text.splitlines()[0] if text else type(exc).__name__
    return f"no se puede conectar con la base de datos: {first}"


def _safe(url: str) -> str:
    """The URL without its password (for messages)."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def close_all() -> None:
    """Close every connection of this process (tests, and before a fork)."""
    with _all_lock:
        for conn in _all:
            try:
                conn.close()
            except Exception:  # already broken: nothing to release
                pass
        _all.clear()
    _local.readers.clear()
    _local.writers.clear()


class PgBackend:
    """A store kept in PostgreSQL (see the module docstring)."""

    kind = "postgres"
    #: ``fn(cursor, backend, written)`` run inside every write transaction before it commits, with
    #: ``written`` mapping each path written (relative to the root) to its bytes.
    commit_hooks: ClassVar[list[Callable[[Any, PgBackend, dict[str, bytes]], None]]] = []

    def __init__(self, root: Path, url: str, store: str):
        self.root = Path(root)
        self.url = url
        self.store = store
        self.schema = schema_name(store)
        self.lock_key = int.from_bytes(hashlib.sha256(self.schema.encode()).digest()[:8], "big", signed=True)

    # ------------------------------------------------------------ connections
    def reader(self) -> Any:
        conn = _local.readers.get(self.url)
        if conn is None or conn.closed:
            conn = _local.readers[self.url] = connect(self.url, autocommit=True)
        return conn

    def _writer(self) -> Any:
        conn = _local.writers.get(self.url)
        if conn is None or conn.closed:
            conn = _local.writers[self.url] = connect(self.url, autocommit=False)
        return conn

    def query(self, sql: str, params: tuple | dict = ()) -> list[tuple]:
        """Rows of one read (``{schema}`` in ``sql`` names this store's schema)."""
        import psycopg

        try:
            with self.reader().cursor() as cur:
                cur.execute(sql.replace("{schema}", self.schema), params)
                return cur.fetchall() if cur.description else []
        except psycopg.errors.UndefinedTable:
            return []  # no store in this schema yet: nothing stored
        except psycopg.OperationalError as exc:
            _local.readers.pop(self.url, None)  # a dropped connection is reopened next time
            raise StoreError(f"la base de datos no responde: {exc}", path=_safe(self.url)) from None

    def relative(self, path: Path | str) -> str:
        try:
            return Path(path).relative_to(self.root).as_posix()
        except ValueError:
            raise RuntimeError(f"store path outside the root: {path}") from None  # programming error

    # ------------------------------------------------------------ schema
    def exists(self) -> bool:
        from . import CONFIG

        return self.is_file(self.root / CONFIG)

    def describe(self) -> dict[str, str]:
        """Where the store lives, for reports (``check``, ``init``): never the password."""
        return {"backend": self.kind, "database": _safe(self.url), "store": self.store, "schema": self.schema,
                "root": str(self.root)}

    def create(self) -> None:
        """Create this store's schema and tables (idempotent)."""
        with self._writer().transaction():
            self._writer().execute(f"CREATE SCHEMA IF NOT EXISTS {self.schema}")
            self._writer().execute(TABLES.format(schema=self.schema))
            for hook in self.schema_hooks:
                hook(self._writer(), self)

    #: ``fn(connection, backend)`` run when a store's schema is created (extra tables).
    schema_hooks: ClassVar[list[Callable[[Any, PgBackend], None]]] = []
    #: Tables of live, per-site state (web sessions, signing keys, login failures): not primary
    #: data, so backups keep their definition but not their rows, and migration ignores them.
    volatile_tables: ClassVar[list[str]] = []

    # ------------------------------------------------------------ reading
    def read(self, path: Path) -> bytes:
        rows = self.query("SELECT data FROM {schema}.files WHERE path = %s", (self.relative(path),))
        if not rows:
            raise FileNotFoundError(2, "No existe el archivo", str(path))
        return bytes(rows[0][0])

    def is_file(self, path: Path) -> bool:
        return bool(self.query("SELECT 1 FROM {schema}.files WHERE path = %s", (self.relative(path),)))

    def is_dir(self, path: Path) -> bool:
        low, high = self._range(path)
        return bool(self.query("SELECT 1 FROM {schema}.files WHERE path >= %s AND path < %s LIMIT 1",
                               (low, high)))

    def _range(self, folder: Path) -> tuple[str, str]:
        """Bounds of the paths under ``folder`` ('/' + 1 is '0', and the column sorts bytewise)."""
        rel = self.relative(folder)
        prefix = "" if rel == "." else rel + "/"
        return prefix, (prefix[:-1] + "0") if prefix else "\U0010ffff"

    def glob(self, folder: Path, pattern: str) -> list[Path]:
        return [Path(folder) / name for name in self.names(folder, pattern)]

    def names(self, folder: Path, pattern: str) -> list[str]:
        low, high = self._range(folder)
        regex = "^" + glob_regex(low) + glob_regex(pattern) + "$"
        rows = self.query("SELECT path FROM {schema}.files WHERE path >= %s AND path < %s AND path ~ %s "
                          "ORDER BY path", (low, high, regex))
        return [row[0][len(low):] for row in rows]

    def stamp(self, path: Path) -> tuple:
        rows = self.query("SELECT sha256 FROM {schema}.files WHERE path = %s", (self.relative(path),))
        return (rows[0][0],) if rows else ()

    def sha256(self, path: Path) -> str | None:
        """The SHA-256 of the row's data as it is now, computed by the server (not the ``sha256``
        column written with it: ``check`` must see a row changed behind the store's back)."""
        rows = self.query("SELECT encode(sha256(data), 'hex') FROM {schema}.files WHERE path = %s",
                          (self.relative(path),))
        return rows[0][0] if rows else None

    def mapped(self, path: Path) -> bytes:
        return self.read(path)

    def history_lines(self) -> list[str]:
        return [row[0] for row in self.query("SELECT line FROM {schema}.history ORDER BY seq")]

    def last_history_line(self) -> str | None:
        rows = self.query("SELECT line FROM {schema}.history ORDER BY seq DESC LIMIT 1")
        return rows[0][0] if rows else None

    def sizes(self) -> dict[str, int]:
        """Every stored file's size in bytes, by path (for reports and migration)."""
        return {row[0]: row[1] for row in self.query("SELECT path, octet_length(data) FROM {schema}.files")}

    # ------------------------------------------------------------ writing
    @contextmanager
    def writing(self) -> Iterator[PgTransaction]:
        """One SQL transaction under the store's advisory lock; staged writes land at the end."""
        import psycopg

        conn = self._writer()
        try:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (self.lock_key,))
                tx = PgTransaction(self)
                yield tx
                tx.flush(conn)
        except psycopg.OperationalError as exc:
            _local.writers.pop(self.url, None)
            raise StoreError(f"la base de datos no responde: {exc}", path=_safe(self.url)) from None

    def recover(self) -> int:
        return 0  # the server rolls back what a crash interrupted: nothing to finish


class PgTransaction:
    """Writes and history lines of one operation, flushed into the SQL transaction at its end."""

    def __init__(self, backend: PgBackend):
        self.backend = backend
        self.files: dict[str, bytes] = {}
        self.lines: list[str] = []

    def write(self, path: Path | str, data: bytes | str) -> None:
        self.files[self.backend.relative(path)] = data.encode("utf-8") if isinstance(data, str) else data

    def log(self, line: str) -> None:
        self.lines.append(line)

    def flush(self, conn: Any) -> None:
        schema = self.backend.schema
        with conn.cursor() as cur:
            if self.files:
                cur.executemany(
                    f"INSERT INTO {schema}.files (path, data, sha256) VALUES (%s, %s, %s) "
                    "ON CONFLICT (path) DO UPDATE SET data = EXCLUDED.data, sha256 = EXCLUDED.sha256, "
                    "written = now()",
                    [(path, data, hashlib.sha256(data).hexdigest()) for path, data in self.files.items()])
            if self.lines:
                cur.executemany(f"INSERT INTO {schema}.history (line) VALUES (%s)", [(x,) for x in self.lines])
            for hook in self.backend.commit_hooks:
                hook(cur, self.backend, self.files)


__all__ = ["HISTORY", "PgBackend", "PgTransaction", "close_all", "connect", "glob_regex", "schema_name"]

# The search index (derived rows kept in the same transaction) follows every PgBackend.
from . import pgindex  # noqa: E402,F401
