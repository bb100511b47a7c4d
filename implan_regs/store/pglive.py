"""Live state a PostgreSQL store's web servers share: the signing key, the web sessions and the
failed logins, one table each in the store's schema, so every process on every machine serving
the store sees the same (the file backend keeps them on disk or in memory: :mod:`implan_regs.web`).

    web_secrets(name text PRIMARY KEY, value text)
    web_sessions(id text PRIMARY KEY, username text, password text, created timestamptz)
    web_login_failures(scope text, key text, at timestamptz)

They are not primary data: no history, and backups and migration leave their rows out
(:data:`PgBackend.volatile_tables`). They are created with the store's schema and, for a store
created before they existed, on first use. Times are the server's clock (``clock_timestamp()``),
so machines whose clocks differ agree on a session's age and on a failure's window.
"""

from __future__ import annotations

import secrets
import threading

from .postgres import PgBackend

TABLES = """
CREATE TABLE IF NOT EXISTS {schema}.web_secrets (name text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS {schema}.web_sessions (
    id text PRIMARY KEY, username text NOT NULL, password text NOT NULL,
    created timestamptz NOT NULL DEFAULT clock_timestamp());
CREATE INDEX IF NOT EXISTS web_sessions_created ON {schema}.web_sessions (created);
CREATE TABLE IF NOT EXISTS {schema}.web_login_failures (
    scope text NOT NULL, key text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp());
CREATE INDEX IF NOT EXISTS web_login_failures_key ON {schema}.web_login_failures (scope, key, at);
CREATE INDEX IF NOT EXISTS web_login_failures_at ON {schema}.web_login_failures (at);
"""
VOLATILE = ["web_secrets", "web_sessions", "web_login_failures"]

_ready: set[tuple[str, str]] = set()  # (url, schema) whose tables this process has made sure of
_ready_lock = threading.Lock()


def create_tables(conn, backend: PgBackend) -> None:
    conn.execute(TABLES.format(schema=backend.schema))


PgBackend.schema_hooks.append(create_tables)
PgBackend.volatile_tables.extend(name for name in VOLATILE if name not in PgBackend.volatile_tables)


def ensure(backend: PgBackend) -> None:
    """Create the tables once per process (two processes racing: one wins, the other is content)."""
    import psycopg

    key = (backend.url, backend.schema)
    if key in _ready:
        return
    with _ready_lock:
        if key in _ready:
            return
        try:
            with backend.reader().cursor() as cur:
                cur.execute(TABLES.format(schema=backend.schema))  # no parameters: several statements
        except (psycopg.errors.UniqueViolation, psycopg.errors.DuplicateTable, psycopg.errors.DuplicateObject):
            pass  # created meanwhile by another process
        _ready.add(key)


def forget(backend: PgBackend) -> None:
    """Make sure of the tables again on next use (the schema was dropped and restored)."""
    with _ready_lock:
        _ready.discard((backend.url, backend.schema))


def _run(backend: PgBackend, sql: str, params: tuple = ()) -> list[tuple]:
    ensure(backend)
    return backend.query(sql, params)


# ------------------------------------------------------------------ secrets

def secret(backend: PgBackend, name: str) -> str:
    """The secret ``name``: generated once (64 hex digits), the same for every process."""
    _run(backend, "INSERT INTO {schema}.web_secrets (name, value) VALUES (%s, %s) ON CONFLICT (name) DO NOTHING",
         (name, secrets.token_hex(32)))
    return _run(backend, "SELECT value FROM {schema}.web_secrets WHERE name = %s", (name,))[0][0]


# ------------------------------------------------------------------ sessions

def put_session(backend: PgBackend, key: str, username: str, password: str, lifetime: float) -> None:
    """Record a session (``key``: a digest of its id) and drop those older than ``lifetime`` s."""
    _run(backend, "DELETE FROM {schema}.web_sessions WHERE created < clock_timestamp() - %s * interval '1 second'",
         (lifetime,))
    _run(backend, "INSERT INTO {schema}.web_sessions (id, username, password) VALUES (%s, %s, %s)",
         (key, username, password))


def get_session(backend: PgBackend, key: str) -> tuple[str, str, float] | None:
    """(user name, password stamp, age in seconds) of the session ``key``, or None."""
    rows = _run(backend, "SELECT username, password, extract(epoch FROM clock_timestamp() - created)::float8 "
                         "FROM {schema}.web_sessions WHERE id = %s", (key,))
    return rows[0] if rows else None


def drop_session(backend: PgBackend, key: str) -> None:
    _run(backend, "DELETE FROM {schema}.web_sessions WHERE id = %s", (key,))


# ------------------------------------------------------------------ failed logins

def add_failure(backend: PgBackend, scope: str, key: str, keep: int, window: float) -> None:
    """Count one failure of ``key``; keep its latest ``keep`` and forget every failure older than
    ``window`` seconds (of every key)."""
    _run(backend, "INSERT INTO {schema}.web_login_failures (scope, key) VALUES (%s, %s)", (scope, key))
    _run(backend, "DELETE FROM {schema}.web_login_failures WHERE at < clock_timestamp() - %s * interval '1 second' "
                  "OR (scope = %s AND key = %s AND at < (SELECT at FROM {schema}.web_login_failures "
                  "WHERE scope = %s AND key = %s ORDER BY at DESC OFFSET %s LIMIT 1))",
         (window, scope, key, scope, key, keep - 1))


def failures(backend: PgBackend, scope: str, key: str, window: float) -> tuple[int, float]:
    """How many failures ``key`` has inside the window, and how many seconds ago the latest was."""
    rows = _run(backend, "SELECT count(*), extract(epoch FROM clock_timestamp() - max(at))::float8 "
                         "FROM {schema}.web_login_failures "
                         "WHERE scope = %s AND key = %s AND at > clock_timestamp() - %s * interval '1 second'",
                (scope, key, window))
    count, since = rows[0]
    return int(count), float(since or 0.0)


def clear_failures(backend: PgBackend, scope: str, key: str) -> None:
    _run(backend, "DELETE FROM {schema}.web_login_failures WHERE scope = %s AND key = %s", (scope, key))


__all__ = ["add_failure", "clear_failures", "drop_session", "ensure", "failures", "forget", "get_session",
           "put_session", "secret"]
