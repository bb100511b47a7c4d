"""Backups of a PostgreSQL store with PostgreSQL's own tools: ``pg_dump`` writes one archive of the
store's schema (custom format), ``pg_restore`` reads it back into an empty store.

The archive holds the schema's tables and their rows as one consistent snapshot (``pg_dump``
reads in one repeatable-read transaction): the files, the history and the derived rows that
follow them (the search index). The rows of :data:`PgBackend.volatile_tables` (web sessions, the
signing key, login failures) are left out, like the secrets of a file backup: a restored site
makes its own. Restoring runs in one transaction of ``psql`` (the schema dropped and recreated
inside it), so a damaged archive or a lost connection leaves the target as it was. Neither tool's
command line ever sees the password: the URL is passed in libpq's environment variables.

The client tools come from Debian's ``postgresql-client`` (installed by ``scripts/setup``); the
archive must be restored by ``pg_restore`` of the same or a newer major version.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import InputError, StoreError
from . import CONFIG, pglive
from .postgres import PgBackend, _safe

assert pglive.VOLATILE  # imported for its registration too: the volatile tables dumps leave empty

MAGIC = b"PGDMP"  # the first bytes of a pg_dump archive in custom format

#: libpq's connection parameters -> the environment variables it reads them from.
_LIBPQ_ENV = {"host": "PGHOST", "hostaddr": "PGHOSTADDR", "port": "PGPORT", "user": "PGUSER",
              "password": "PGPASSWORD", "dbname": "PGDATABASE", "passfile": "PGPASSFILE",
              "service": "PGSERVICE", "options": "PGOPTIONS", "application_name": "PGAPPNAME",
              "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT",
              "sslkey": "PGSSLKEY", "sslcrl": "PGSSLCRL", "connect_timeout": "PGCONNECT_TIMEOUT",
              "target_session_attrs": "PGTARGETSESSIONATTRS", "gssencmode": "PGGSSENCMODE",
              "channel_binding": "PGCHANNELBINDING"}


def is_dump(archive: Path) -> bool:
    """Whether ``archive`` is a pg_dump archive (custom format)."""
    try:
        with Path(archive).open("rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def libpq_env(url: str) -> dict[str, str]:
    """The environment that makes libpq's tools connect where ``url`` says (password included)."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        params = conninfo_to_dict(url)
    except Exception:  # psycopg.ProgrammingError: not a URL or key=value string
        raise StoreError("la URL de la base de datos no es válida", path=_safe(url)) from None
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    for key, value in params.items():
        if key not in _LIBPQ_ENV:
            raise StoreError(f"opción de conexión no admitida para pg_dump: {key}", path=_safe(url))
        env[_LIBPQ_ENV[key]] = str(value)
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise StoreError(f"falta el programa {name} (paquete postgresql-client; ejecute scripts/setup)")
    return found


def _run(args: list[str], env: dict[str, str], what: str, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(args, env=env, capture_output=True, **kwargs)
    if done.returncode:
        raise StoreError(f"{what} falló: {_first_error(done.stderr or b'')}")
    return done


def dump(backend: PgBackend, output: Path, *, force: bool = False) -> dict:
    """Write the store's schema to ``output`` with pg_dump (0600, renamed into place once listed
    back). Returns what it holds: rows of files and history when the dump began."""
    output = Path(output)
    if output.exists() and not force:
        raise InputError("ya existe; use --force para sobrescribirlo", path=output)
    if not backend.exists():
        raise StoreError("no es un acervo de implan-regs (ejecute 'implan-regs init')", path=backend.schema)
    counts = backend.query("SELECT (SELECT count(*) FROM {schema}.files), (SELECT count(*) FROM {schema}.history)")
    env = libpq_env(backend.url)
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".tmp")  # 0600
    os.close(fd)
    try:
        args = [_tool("pg_dump"), "--format=custom", f"--schema={backend.schema}", "--no-owner",
                "--no-privileges", f"--file={tmp}"]
        args += [f"--exclude-table-data={backend.schema}.{table}" for table in backend.volatile_tables]
        _run(args, env, "pg_dump")
        _check_listing(Path(tmp), backend.schema)
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return {"format": "pg_dump", "schema": backend.schema, "files": counts[0][0], "history": counts[0][1]}


def _listing(archive: Path) -> list[str]:
    done = _run([_tool("pg_restore"), "--list", str(archive)], dict(os.environ), "pg_restore --list")
    return done.stdout.decode("utf-8", "replace").splitlines()


def _check_listing(archive: Path, schema: str) -> None:
    """The archive reads back and holds the store's schema with its files and history rows."""
    entries = [line for line in _listing(archive) if line and not line.startswith(";")]
    for table in ("files", "history"):
        if not any(f"TABLE DATA {schema} {table} " in line for line in entries):
            raise StoreError(f"la copia no contiene los datos de {schema}.{table}", path=archive)


def dump_schema(archive: Path) -> str:
    """The store schema an archive holds (InputError if it holds none, or several)."""
    try:
        schemas = {line.split()[5] for line in _listing(archive)
                   if not line.startswith(";") and " SCHEMA - " in line and len(line.split()) > 5}
    except StoreError:
        raise InputError("no es una copia válida de pg_dump", path=archive) from None
    stores = sorted(s for s in schemas if s.startswith("implan_"))
    if len(stores) != 1:
        raise InputError("la copia no contiene un acervo de implan-regs", path=archive)
    return stores[0]


def restore_dump(archive: Path, backend: PgBackend) -> None:
    """Restore ``archive`` into ``backend``'s store, which must be new or hold only what ``init``
    writes; the archive's store must have the same name (``IMPLAN_REGS_STORE``)."""
    archive = Path(archive)
    schema = dump_schema(archive)
    if schema != backend.schema:
        raise InputError(f"la copia es del acervo «{schema.removeprefix('implan_')}»; restáurela con "
                         f"IMPLAN_REGS_STORE={schema.removeprefix('implan_')}", path=archive)
    _refuse_non_empty(backend)
    env = libpq_env(backend.url)
    restore = subprocess.Popen([_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(archive)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    psql = subprocess.Popen([_tool("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction"],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    assert restore.stdout is not None and psql.stdin is not None  # both are pipes
    try:
        psql.stdin.write(_prelude(backend).encode("utf-8"))
        shutil.copyfileobj(restore.stdout, psql.stdin, 1 << 20)
    except BrokenPipeError:
        pass  # psql stopped on an error: reported below
    finally:
        psql.stdin.close()
        restore.stdout.close()  # psql stopped early: pg_restore must not block writing to nobody
    psql_err = psql.stderr.read() if psql.stderr else b""
    restore_err = restore.stderr.read() if restore.stderr else b""
    if restore.wait() or psql.wait():
        detail = _first_error(restore_err if restore.returncode else psql_err)
        raise StoreError(f"la restauración falló y no cambió nada: {detail}", path=archive)
    pglive.forget(backend)  # the schema was recreated: its live tables are whatever the archive had


def _first_error(stderr: bytes) -> str:
    """The server's or tool's error line, without the tool's prefix."""
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    for line in lines:
        if "ERROR:" in line or "error:" in line:
            return line.split("ERROR:" if "ERROR:" in line else "error:", 1)[1].strip()
    return lines[-1] if lines else "error desconocido"


def _refuse_non_empty(backend: PgBackend) -> None:
    others = backend.query("SELECT 1 FROM {schema}.files WHERE path <> %s LIMIT 1", (CONFIG,))
    if others or len(backend.query("SELECT 1 FROM {schema}.history LIMIT 2")) > 1:
        raise StoreError("el acervo de destino no está vacío: restaure en un acervo nuevo (elija otro con "
                         "IMPLAN_REGS_STORE)", path=backend.schema)


def _prelude(backend: PgBackend) -> str:
    """What runs first in the restoring transaction: the store's lock, the emptiness check again
    (a writer may have come in since), and the empty schema dropped."""
    schema = backend.schema
    return f"""
SELECT pg_advisory_xact_lock({backend.lock_key});
CREATE EXTENSION IF NOT EXISTS unaccent;  -- the search configuration's dictionary (store/pgindex.py)
DO $implan$ DECLARE extra bigint; BEGIN
  IF to_regclass('{schema}.files') IS NOT NULL THEN
    EXECUTE 'SELECT (SELECT count(*) FROM {schema}.files WHERE path <> ''{CONFIG}'')
                  + greatest((SELECT count(*) FROM {schema}.history) - 1, 0)' INTO extra;
    IF extra > 0 THEN
      RAISE EXCEPTION 'el acervo de destino no está vacío';
    END IF;
  END IF;
END $implan$;
DROP SCHEMA IF EXISTS {schema} CASCADE;
"""


__all__ = ["dump", "dump_schema", "is_dump", "libpq_env", "restore_dump"]
