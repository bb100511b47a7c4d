"""Operating a PostgreSQL store: the command line without --root, clear errors for a bad database,
migration both ways (``migrate --from`` a file store, ``export-store --to`` a folder), verified.

These tests need the session's PostgreSQL cluster (``pg_cluster``) but are not run per backend:
each one is about moving between the two, or about the PostgreSQL side only.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from implan_regs.cli import main
from implan_regs.errors import InputError, StoreError
from implan_regs.store import Store, pglive
from implan_regs.store.backend import HISTORY, local_root, open_backend
from implan_regs.store.backup import primary_files, restore_store
from implan_regs.store.migrate import export_to_files, migrate_from_files
from implan_regs.store.postgres import PgBackend, close_all

PROJECT = Path(__file__).resolve().parents[1]
CORPUS = PROJECT / "corpus"
NO_DATABASE = {"IMPLAN_REGS_DATABASE_URL": None, "IMPLAN_REGS_STORE": None}


def cli(*args: str, env: dict | None = None, input: str | None = None):
    return CliRunner().invoke(main, list(args), env=env, input=input)


def import_args(entry: dict) -> list[str]:
    args = ["import", str(CORPUS / entry["file"]), "--work", entry["work"], "--kind", entry["kind"],
            "--title", entry["title"], "--date", entry["date"]]
    if entry.get("entry_into_force"):
        args += ["--in-force", entry["entry_into_force"]]
    return args


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> Path:
    """A file store holding the sample corpus, an account and a proposal with one operation."""
    root = tmp_path_factory.mktemp("origen") / "acervo"
    assert cli("--root", str(root), "init", env=NO_DATABASE).exit_code == 0
    for entry in sorted(json.loads((CORPUS / "manifest.json").read_text("utf-8")), key=lambda e: e["date"]):
        done = cli("--root", str(root), *import_args(entry), env=NO_DATABASE)
        assert done.exit_code == 0, done.output
    steps = [["user", "add", "ana", "--role", "jurídico", "--password-stdin"],
             ["proposal", "new", "reglamento-desarrollo-urbano", "--id", "ref-1", "--title", "Reforma de prueba"],
             ["proposal", "amend", "ref-1", "artículo 46", "--text", "Texto nuevo del artículo cuarenta y seis.",
              "--reason", "Prueba de migración."]]
    for step in steps:
        done = cli("--root", str(root), *step, env=NO_DATABASE, input="contraseña-muy-larga\n")
        assert done.exit_code == 0, done.output
    return root


def stored(root: Path) -> dict[str, bytes]:
    """Every primary file of a file store, by path relative to the root."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in primary_files(root)}


@pytest.fixture
def database(pg_cluster, tmp_path, monkeypatch) -> str:
    """A fresh database named by the environment; the local cache folder under tmp_path."""
    url = pg_cluster.new_database()
    monkeypatch.setenv("IMPLAN_REGS_DATABASE_URL", url)
    monkeypatch.delenv("IMPLAN_REGS_STORE", raising=False)
    monkeypatch.delenv("IMPLAN_REGS_ROOT", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    yield url
    close_all()
    pg_cluster.drop_database(url)


def test_a_file_store_goes_to_postgres_and_back_byte_for_byte(database, sample_store, tmp_path):
    source = stored(sample_store)
    assert any(name.startswith("proposals/") for name in source) and "web/users.json" in source

    created = cli("init")  # no --root: the per-machine folder of the store named by the environment
    assert created.exit_code == 0, created.output
    assert "PostgreSQL" in created.output and "implan_principal" in created.output
    assert local_root().is_dir() and local_root().is_relative_to(tmp_path / "cache")

    migrated = cli("migrate", "--from", str(sample_store), "--json")
    assert migrated.exit_code == 0, migrated.output
    report = json.loads(migrated.output)
    lines = source[HISTORY].decode("utf-8").splitlines()
    assert report["files"] == len(source) - 1 and report["bytes"] == sum(
        len(data) for name, data in source.items() if name != HISTORY)
    assert report["history"]["lines"] == len(lines) and report["history"]["breaks"] == 0
    assert report["history"]["sha256"] == hashlib.sha256("\n".join(lines).encode()).hexdigest()
    assert report["target"]["backend"] == "postgres" and report["verified"] is True

    # The PostgreSQL store answers as the file store did, and holds every row the server verified.
    works = json.loads(cli("list", "--json").output)
    expected = json.loads(cli("--root", str(sample_store), "list", "--json", env=NO_DATABASE).output)
    assert [(w["work"], [e["date"] for e in w["expressions"]]) for w in works] == \
        [(w["work"], [e["date"] for e in w["expressions"]]) for w in expected]
    backend = Store.open(local_root()).backend
    assert isinstance(backend, PgBackend)
    rows = backend.query("SELECT path, encode(sha256(data), 'hex') FROM {schema}.files")
    assert dict(rows) == {name: hashlib.sha256(data).hexdigest() for name, data in source.items() if name != HISTORY}
    assert backend.history_lines() == lines

    out = tmp_path / "exportado"
    exported = cli("export-store", "--to", str(out), "--json")
    assert exported.exit_code == 0, exported.output
    assert json.loads(exported.output)["ok"] is True
    assert stored(out) == source  # byte-identical, the history included
    checked = cli("--root", str(out), "check", "--json", env=NO_DATABASE)
    assert checked.exit_code == 0 and json.loads(checked.output)["errors"] == 0
    assert json.loads(checked.output)["store"] == {"backend": "files", "root": str(out)}


def test_migration_refuses_a_target_that_holds_data(database, sample_store):
    assert cli("migrate", "--from", str(sample_store)).exit_code == 0
    backend = Store.open(local_root()).backend
    before = backend.history_lines()
    again = cli("migrate", "--from", str(sample_store))
    assert again.exit_code == 2
    assert again.output.count("\n") == 1 and "no está vacío" in again.output
    assert backend.history_lines() == before


def test_a_failed_verification_leaves_the_target_as_it_was(database, sample_store, monkeypatch):
    """The copy is verified inside its transaction: a stored byte that differs undoes everything."""
    def corrupt(cursor, backend, written):
        if "implan-regs.json" in written:
            cursor.execute(f"UPDATE {backend.schema}.files SET data = data || '\\x20'::bytea "
                           "WHERE path = 'implan-regs.json'")

    monkeypatch.setattr(PgBackend, "commit_hooks", [corrupt])
    target = open_backend(local_root(), backend="postgres")
    with pytest.raises(StoreError, match="verificación fallida: la suma SHA-256 de implan-regs.json"):
        migrate_from_files(sample_store, target)
    assert target.query("SELECT count(*) FROM {schema}.files") == [(0,)]
    assert target.history_lines() == []


def test_export_refuses_a_folder_in_use_and_a_file_store(database, sample_store, tmp_path):
    assert cli("migrate", "--from", str(sample_store)).exit_code == 0
    busy = tmp_path / "ocupada"
    busy.mkdir()
    (busy / "nota.txt").write_text("no tocar")
    refused = cli("export-store", "--to", str(busy))
    assert refused.exit_code == 2 and "no está vacío" in refused.output
    assert [p.name for p in busy.iterdir()] == ["nota.txt"]
    files_store = cli("--root", str(sample_store), "export-store", "--to", str(tmp_path / "otra"), env=NO_DATABASE)
    assert files_store.exit_code == 2 and "backup" in files_store.output
    assert not (tmp_path / "otra").exists()


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.dictionaries(
    st.from_regex(r"proposals/[a-z0-9][a-z0-9\-]{0,20}\.xml", fullmatch=True), st.binary(max_size=3000),
    max_size=6))
def test_any_stored_bytes_survive_the_round_trip(database, tmp_path_factory, monkeypatch, files):
    source = tmp_path_factory.mktemp("origen")
    store = Store.init(source, backend="files")
    with store.locked():
        for name, data in files.items():
            store.stage(source / name, data)
    monkeypatch.setenv("IMPLAN_REGS_STORE", f"p{len(os.listdir(tmp_path_factory.getbasetemp()))}")  # a new store
    target = open_backend(tmp_path_factory.mktemp("local"), backend="postgres")
    migrate_from_files(source, target)
    out = tmp_path_factory.mktemp("vuelta") / "acervo"
    export_to_files(Store.open(target.root), out)
    assert stored(out) == stored(source)


def run_cli(*args: str, env: dict) -> subprocess.CompletedProcess:
    full = {**os.environ, **env}
    full.pop("IMPLAN_REGS_ROOT", None)
    return subprocess.run([sys.executable, "-m", "implan_regs", *args], capture_output=True, text=True, env=full)


@pytest.mark.parametrize(("url", "message"), [
    ("postgresql://implan@127.0.0.1:1/nada", "no acepta conexiones"),
    ("esto no es una url", "la URL de la base de datos no es válida"),
])
def test_a_bad_database_is_one_spanish_line(url, message, tmp_path):
    done = run_cli("list", env={"IMPLAN_REGS_DATABASE_URL": url, "XDG_CACHE_HOME": str(tmp_path)})
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and message in done.stderr and "Traceback" not in done.stderr


def test_a_database_that_does_not_exist_is_named(pg_cluster, tmp_path):
    url = pg_cluster.database_url("no_existe")
    done = run_cli("init", env={"IMPLAN_REGS_DATABASE_URL": url, "XDG_CACHE_HOME": str(tmp_path)})
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "no_existe" in done.stderr and "no existen en el servidor" in done.stderr


def test_without_root_nor_database_the_cli_says_how_to_name_the_store(tmp_path):
    done = run_cli("list", env={"IMPLAN_REGS_DATABASE_URL": ""})
    assert done.returncode == 2 and "IMPLAN_REGS_DATABASE_URL" in done.stderr and "--root" in done.stderr


def test_migrate_needs_a_database(sample_store):
    done = cli("migrate", "--from", str(sample_store), env=NO_DATABASE)
    assert done.exit_code == 2 and "IMPLAN_REGS_DATABASE_URL" in done.output


def test_the_password_never_appears_in_messages(pg_cluster, tmp_path):
    port = pg_cluster.url.rsplit(":", 1)[1].split("/")[0]
    url = f"postgresql://implan:secreto-123@127.0.0.1:{port}/no_existe"
    done = run_cli("list", env={"IMPLAN_REGS_DATABASE_URL": url, "XDG_CACHE_HOME": str(tmp_path)})
    assert done.returncode == 2 and "secreto-123" not in done.stderr and "implan:***@" in done.stderr


def rows(backend) -> tuple[dict[str, str], list[str]]:
    """A PostgreSQL store's content: every file's SHA-256 (computed by the server) and the history."""
    files = dict(backend.query("SELECT path, encode(sha256(data), 'hex') FROM {schema}.files"))
    return files, backend.history_lines()


def test_pg_dump_backup_restores_into_a_new_database(database, pg_cluster, sample_store, tmp_path, monkeypatch):
    assert cli("migrate", "--from", str(sample_store)).exit_code == 0
    backend = Store.open(local_root()).backend
    before = rows(backend)
    pglive.put_session(backend, "sesion", "ana", "sello", 3600)  # live state: never in a backup
    key = pglive.secret(backend, "secret-key")
    archive = tmp_path / "copia.dump"
    done = cli("backup", "-o", str(archive), "--json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.output) == {"output": str(archive), "files": len(before[0]), "format": "pg_dump"}
    assert archive.read_bytes().startswith(b"PGDMP") and archive.stat().st_mode & 0o777 == 0o600
    assert cli("backup", "-o", str(archive)).exit_code == 2  # never overwritten without --force

    other = pg_cluster.new_database()
    try:
        monkeypatch.setenv("IMPLAN_REGS_DATABASE_URL", other)
        restored = restore_store(archive, tmp_path / "local")
        assert rows(restored.backend) == before
        for table in pglive.VOLATILE:  # the tables are there, empty
            assert restored.backend.query(f"SELECT count(*) FROM {{schema}}.{table}") == [(0,)]
        assert pglive.secret(restored.backend, "secret-key") != key  # a restored site makes its own
        assert [w.work for w in restored.works()] == [p.name for p in sorted((sample_store / "works").iterdir())]
        again = pytest.raises(StoreError, restore_store, archive, tmp_path / "local")
        assert "no está vacío" in str(again.value)
        monkeypatch.setenv("IMPLAN_REGS_STORE", "otro")
        renamed = pytest.raises(InputError, restore_store, archive, tmp_path / "local2")
        assert "IMPLAN_REGS_STORE=principal" in str(renamed.value)
    finally:
        close_all()
        pg_cluster.drop_database(other)


def test_a_damaged_dump_changes_nothing(database, sample_store, tmp_path):
    assert cli("migrate", "--from", str(sample_store)).exit_code == 0
    archive = tmp_path / "copia.dump"
    assert cli("backup", "-o", str(archive)).exit_code == 0
    monkey_store = "vacio"
    os.environ["IMPLAN_REGS_STORE"] = monkey_store
    try:
        assert cli("init").exit_code == 0
        truncated = tmp_path / "cortada.dump"
        truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
        with pytest.raises((InputError, StoreError)):
            restore_store(truncated, local_root())
        assert [e.action for e in Store.open(local_root()).history()] == ["init"]  # still there, untouched
    finally:
        del os.environ["IMPLAN_REGS_STORE"]


def test_a_file_backup_restores_into_postgres_and_a_dump_not_into_a_folder(database, sample_store, tmp_path):
    archive = tmp_path / "copia.tar.gz"
    assert cli("--root", str(sample_store), "backup", "-o", str(archive), env=NO_DATABASE).exit_code == 0
    done = cli("restore", str(archive), "--json")  # no --root: the store the environment names
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["ok"] is True  # and it passes check on PostgreSQL
    expected = {name: hashlib.sha256(data).hexdigest() for name, data in stored(sample_store).items()
                if name != HISTORY}
    restored = Store.open(local_root())
    assert rows(restored.backend) == (expected, (sample_store / HISTORY).read_text("utf-8").splitlines())

    dump_file = tmp_path / "copia.dump"
    assert cli("backup", "-o", str(dump_file)).exit_code == 0
    refused = cli("--root", str(tmp_path / "carpeta"), "restore", str(dump_file), env=NO_DATABASE)
    assert refused.exit_code == 2 and "pg_dump" in refused.output and not (tmp_path / "carpeta").exists()
