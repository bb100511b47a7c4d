"""Nothing lost under crashes, concurrency and full disks; check, backup and restore."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
import raw_store as raw
from click.testing import CliRunner
from conftest import sample_document, snapshot
from test_cli import REGULATION

from implan_regs.cli import main
from implan_regs.errors import LockTimeout, StoreError
from implan_regs.fsio import store_lock
from implan_regs.reform.storage import load_proposal, proposals
from implan_regs.store import Store
from implan_regs.store.check import check_store

WORK = "reglamento-prueba"

pytestmark = pytest.mark.backends("files", "postgres")
#: The file store's own mechanics (its journal, its lock, its folder and archives): nothing to test on PostgreSQL.
files_only = pytest.mark.backends("files")


def cli(root: Path, *args: str):
    return CliRunner().invoke(main, ["--root", str(root), *args])


@pytest.fixture
def store(tmp_path) -> Store:
    s = Store.init(tmp_path / "acervo")
    s.save_expression(sample_document())
    return s


# ----------------------------------------------------------------- check

def test_check_passes_on_a_healthy_store_and_names_each_problem(store):
    assert check_store(store) == []
    path = store.relative(store.expression_path(WORK, "2015-12-20"))
    orphan = store.relative(store.expression_path(WORK, "2016-01-01"))
    raw.write(store, orphan, raw.read(store, path).replace(b"2015-12-20", b"2016-01-01"))
    raw.write(store, path, raw.read(store, path)[:500])
    problems = {(i.path, i.message.split(":")[0]) for i in check_store(store)}
    assert any(p == f"works/{WORK}/expressions/spa@2015-12-20.xml" and "XML mal formado" in m for p, m in problems)
    assert (f"works/{WORK}/expressions/spa@2016-01-01.xml", "no hay entrada de historial que la cree") in problems
    result = cli(store.root, "check", "--json")
    assert result.exit_code == 1 and json.loads(result.output)["ok"] is False


def test_history_pointing_at_a_missing_version_is_reported(store):
    raw.delete(store, store.relative(store.expression_path(WORK, "2015-12-20")))
    messages = [i.message for i in check_store(store)]
    assert f"la versión {WORK}@2015-12-20 no existe" in messages


# ----------------------------------------------------------------- journal

@files_only
def test_a_crash_after_the_commit_point_is_finished_on_open(store):
    doc = sample_document("2019-03-16", art2_text="Texto reformado.")
    original_apply = store.journal._apply
    store.journal._apply = lambda data, **kw: (_ for _ in ()).throw(KeyboardInterrupt)  # die after commit
    with pytest.raises(KeyboardInterrupt):
        store.save_expression(doc)
    store.journal._apply = original_apply
    assert not store.expression_path(WORK, "2019-03-16").exists()  # not applied yet...
    reopened = Store.open(store.root)  # ...but committed: opening finishes it
    assert reopened.expression_path(WORK, "2019-03-16").exists()
    assert [e.expression for e in reopened.history(WORK)] == ["2015-12-20", "2019-03-16"]
    assert check_store(reopened) == []


CRASH_AFTER_COMMIT = """
import os, sys
from conftest import sample_document
from implan_regs.fsio import Journal
from implan_regs.store import Store

def die(self, data, *, recovering):
    os._exit(9)  # killed right after the manifest (the commit point) is on disk

Journal._apply = die
Store.open(sys.argv[1]).save_expression(sample_document("2019-03-16", art2_text="Texto reformado."))
"""


@files_only
def test_a_crash_is_finished_by_a_command_started_in_another_directory(store, tmp_path):
    """The journal names files relative to the store, not to the crashed command's directory."""
    started_in = store.root.parent
    crashed = subprocess.run([sys.executable, "-c", CRASH_AFTER_COMMIT, store.root.name], cwd=started_in,
                             env={**os.environ, "PYTHONPATH": str(Path(__file__).parent)})
    assert crashed.returncode == 9
    assert not store.expression_path(WORK, "2019-03-16").exists()
    manifest = json.loads(next((store.root / ".journal").glob("*.json")).read_text("utf-8"))
    assert all(not Path(path).is_absolute() for pair in manifest["renames"] for path in pair)

    elsewhere = tmp_path / "otra-carpeta"
    elsewhere.mkdir()
    result = subprocess.run([sys.executable, "-m", "implan_regs", "--root", os.path.relpath(store.root, elsewhere),
                             "check"], cwd=elsewhere, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not list((store.root / ".journal").iterdir())
    reopened = Store.open(store.root)
    assert reopened.load(WORK, "2019-03-16").meta.date == "2019-03-16"
    assert [e.expression for e in reopened.history(WORK)] == ["2015-12-20", "2019-03-16"]
    assert check_store(reopened) == []


@files_only
def test_a_crash_before_the_commit_point_leaves_nothing(store):
    before = snapshot(store.root)
    tx = store.journal.begin()
    tx.write(store.expression_path(WORK, "2019-03-16"), b"<a/>")  # staged, never committed
    reopened = Store.open(store.root)
    with reopened.locked():
        pass
    assert not reopened.expression_path(WORK, "2019-03-16").exists()
    assert snapshot(store.root) == before
    assert check_store(reopened) == []


# ----------------------------------------------------------------- crash test: kill -9 writers

WRITERS = [
    lambda i, src: ["import", str(src), "--work", WORK, "--date", f"2020-01-{i % 28 + 1:02d}", "--replace"],
    lambda i, src: ["proposal", "amend", "p", "artículo 4", "--text", f"Las sanciones, versión {i}."],
    lambda i, src: ["proposal", "add", "p", "--after", "artículo 1", "--text", f"Nueva disposición {i}."],
    lambda i, src: ["proposal", "publish", f"pub-{i}", "--date", f"2021-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
                    "--force", "--reason", "prueba de escrituras concurrentes sin el procedimiento"],
    lambda i, src: ["observe", "add", "p", "artículo 2 fracción I", "--department", "Dirección General Jurídica",
                    "--text", f"Observación {i}.", "--received", "2021-05-03"],
]


def _invariants(root: Path) -> None:
    store = Store.open(root)  # recovers whatever the crash left
    problems = [(i.path, i.message) for i in check_store(store) if not i.derived]
    assert problems == []
    history = store.history()
    ops = load_proposal(store, "p").operations
    recorded = [h for h in history if h.proposal == "p" and h.action in ("proposal-reformar", "proposal-adicionar")]
    assert len(ops) == len(recorded), "a proposal edit happened without its history entry or the reverse"
    latest_sha = {}
    for h in history:
        if h.action in ("import", "replace"):
            latest_sha[(h.work, h.expression)] = h.sha256
    for (work, date), sha in latest_sha.items():
        data = store.read_bytes(store.expression_path(work, date))
        assert hashlib.sha256(data).hexdigest() == sha, f"{work}@{date} does not match its history entry"
    published = {h.proposal for h in history if h.action == "proposal-publish"}
    for proposal in proposals(store):
        if proposal.id.startswith("pub-"):
            done = proposal.status == "publicada"
            assert done == (proposal.id in published), proposal.id
            assert not done or store.is_file(store.expression_path(WORK, proposal.published_as))
    added = sum(1 for h in history if h.action == "observation-add")
    assert len(store.glob(store.root / "observations", "*/OBS-*.xml")) == added


def test_kill_minus_nine_at_random_moments_never_half_writes(tmp_path):
    root = tmp_path / "acervo"
    src = tmp_path / "r.txt"
    src.write_text(REGULATION, "utf-8")
    assert cli(root, "init").exit_code == 0
    assert cli(root, "import", str(src), "--work", WORK, "--title", "R", "--date", "2015-12-20").exit_code == 0
    assert cli(root, "proposal", "new", WORK, "--id", "p", "--title", "P").exit_code == 0
    for i in range(3, 100, len(WRITERS)):  # one proposal ready to publish for every publish run
        assert cli(root, "proposal", "new", f"{WORK}@2015-12-20", "--id", f"pub-{i}", "--title", f"Pub {i}").exit_code == 0
        assert cli(root, "proposal", "amend", f"pub-{i}", "artículo 1", "--text", f"Objeto {i}.").exit_code == 0
    rng = random.Random(20261124)
    env = {**os.environ, "IMPLAN_REGS_ROOT": str(root), "IMPLAN_REGS_LOCK_TIMEOUT": "20"}
    killed = 0
    for i in range(100):
        args = WRITERS[i % len(WRITERS)](i, src)
        proc = subprocess.Popen([sys.executable, "-m", "implan_regs", *args], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, 0.35))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait()
        _invariants(root)
    assert killed >= 20  # the test really interrupted writers


# ----------------------------------------------------------------- concurrency

def _concurrent_writer(root: str, worker: int, seconds: float) -> tuple[int, int]:
    """Half the workers' turns edit the proposal, half file observations on it; both interleave."""
    from implan_regs.observations import NewObservation, add
    from implan_regs.reform import service

    store = Store.open(root)
    edits = observations = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if (worker + edits + observations) % 2:
            service.operate(store, "p", "reformar", citation="párrafo primero del artículo 2",
                            text=f"Las autoridades aplican este Reglamento (redacción {worker}-{edits}).",
                            author=f"w{worker}")
            edits += 1
        else:
            add(store, "p", NewObservation("artículo 1", "Dirección General Jurídica",
                                           f"Observación {worker}-{observations}.", "2021-05-03"),
                author=f"w{worker}")
            observations += 1
    return edits, observations


def test_eight_processes_mixing_edits_and_observations_for_30s_lose_nothing(tmp_path):
    import multiprocessing as mp

    from implan_regs.cli.maintenance import register_checks
    from implan_regs.reform import service

    store = Store.init(tmp_path / "acervo")
    store.save_expression(sample_document())
    service.new_proposal(store, WORK, "p", "Concurrente")
    with mp.get_context("spawn").Pool(8) as pool:
        counts = pool.starmap(_concurrent_writer, [(str(store.root), w, 30.0) for w in range(8)])
    store = Store.open(store.root)
    proposal = load_proposal(store, "p")
    edits, filed = sum(c[0] for c in counts), sum(c[1] for c in counts)
    assert edits > 8 and filed > 8
    assert len(proposal.operations) == edits == len({op.id for op in proposal.operations})
    files = store.glob(store.root / "observations", "*/OBS-*.xml")
    assert len(files) == filed == len({f.name for f in files})
    for w, (e, _) in enumerate(counts):
        assert sum(1 for op in proposal.operations if op.author == f"w{w}") == e
    register_checks()
    assert [(i.path, i.message) for i in check_store(store) if not i.derived] == []


@files_only
def test_a_held_lock_times_out_with_a_clear_message(store, monkeypatch):
    monkeypatch.setenv("IMPLAN_REGS_LOCK_TIMEOUT", "0.3")
    with store_lock(store.root / ".lock"):
        code = ("import sys\nfrom implan_regs.store import Store\nfrom implan_regs.errors import LockTimeout\n"
                f"s = Store.open({str(store.root)!r})\n"
                "try:\n    s.save_expression(__import__('conftest').sample_document('2020-01-01'))\n"
                "except LockTimeout as e:\n    print(e)\n    sys.exit(3)\n")
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent)}
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert proc.returncode == 3 and "otro proceso está modificando el acervo" in proc.stdout
    assert LockTimeout.exit_code == 2


# ----------------------------------------------------------------- full disk

@files_only
def test_full_disk_gives_a_clear_error_and_keeps_the_previous_state(tmp_path):
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root")
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(mnt)]).returncode != 0:
        pytest.skip("this machine does not allow mounting a tmpfs")
    try:
        store = Store.init(mnt / "acervo")
        store.save_expression(sample_document())
        before = snapshot(store.root)
        big = sample_document("2019-03-16", art2_text="x " * 400_000)
        with pytest.raises(StoreError, match="disco lleno"):
            store.save_expression(big)
        reopened = Store.open(store.root)
        with reopened.locked():
            pass
        assert snapshot(store.root) == before
        assert check_store(reopened) == []
    finally:
        subprocess.run(["umount", str(mnt)])


# ----------------------------------------------------------------- backup and restore

@files_only
def test_backup_restore_round_trip_and_refusals(store, tmp_path):
    archive = tmp_path / "copia.tar.gz"
    assert cli(store.root, "backup", "-o", str(archive)).exit_code == 0
    again = cli(store.root, "backup", "-o", str(archive))
    assert again.exit_code == 2 and "--force" in again.output
    target = tmp_path / "restaurado"
    result = cli(target, "restore", str(archive))
    assert result.exit_code == 0, result.output
    assert snapshot(target) == {k: v for k, v in snapshot(store.root).items() if not k.startswith(".")}
    occupied = cli(target, "restore", str(archive))
    assert occupied.exit_code == 2 and "no está vacío" in occupied.output

    tampered = tmp_path / "alterada.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(tampered, "w:gz") as dst:
        for info in src:
            data = src.extractfile(info).read()
            if info.name.endswith(".xml"):
                data = data.replace(b"Reglamento", b"Reglamente")
            info.size = len(data)
            import io

            dst.addfile(info, io.BytesIO(data))
    bad = cli(tmp_path / "otro", "restore", str(tampered))
    assert bad.exit_code == 2 and "suma de verificación incorrecta" in bad.output
    assert not (tmp_path / "otro").exists()


@files_only
def test_restore_refuses_path_traversal(tmp_path):
    import io

    evil = tmp_path / "mala.tar.gz"
    with tarfile.open(evil, "w:gz") as tar:
        info = tarfile.TarInfo("../fuera.txt")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"hi"))
    result = cli(tmp_path / "destino", "restore", str(evil))
    assert result.exit_code == 2 and "miembro no permitido" in result.output
    assert not (tmp_path / "fuera.txt").exists()
