"""Many people adding observations at once, on both store backends (issue 15's acceptance).

8 OS processes add 200 observations each to one proposal: all 1,600 are stored, none lost or
duplicated, ids dense. Then writers are started again and one is killed with ``kill -9`` mid-way:
every write a writer saw committed (it reports each id in its own side file as soon as ``add``
returns) is in the store, nothing is duplicated and ``check`` finds the store whole. The writers
are separate processes (tests/observation_writer.py) using the library in-process, as web workers
or several CLI users on one store would.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from observation_writer import department_of, text_of
from test_cli import REGULATION

from implan_regs.importers.text import import_text
from implan_regs.model.tree import DocumentMeta
from implan_regs.observations import observations_for, storage
from implan_regs.observations.check import register as register_observation_checks
from implan_regs.observations.xmlio import validate_observation_bytes
from implan_regs.reform.service import new_proposal
from implan_regs.store import Store
from implan_regs.store.check import check_store, errors

pytestmark = pytest.mark.backends("files", "postgres")

PID = "reforma"
WRITER = Path(__file__).with_name("observation_writer.py")
EIDS = {"art_1", "art_2__point_II__point_b", "art_2bis", "art_4", "title_1__chp_2"}


def _store(root: Path) -> Store:
    store = Store.init(root)
    meta = DocumentMeta(work="reglamento-prueba", kind="reglamento", title="Reglamento de Prueba",
                        date="2015-12-20")
    store.save_expression(import_text(REGULATION, meta).document)
    new_proposal(store, "reglamento-prueba", PID, "Reforma")
    return store


class Writers:
    """Writer processes started together: each is ready (store open) before any is told to go."""

    def __init__(self, store: Store, folder: Path, count: int, each: int):
        self.sides = [folder / f"escritor-{w}.tsv" for w in range(count)]
        self.processes = [subprocess.Popen([sys.executable, str(WRITER), str(store.root), PID, str(w), str(each),
                                            str(side)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                           stderr=subprocess.PIPE, text=True)
                          for w, side in enumerate(self.sides)]
        for process in self.processes:
            assert process.stdout is not None and process.stdout.readline() == "ready\n", self._stderr(process)

    def go(self) -> float:
        began = time.monotonic()
        for process in self.processes:
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.close()
        return began

    def wait(self) -> list[int]:
        return [process.wait(timeout=900) for process in self.processes]

    def reported(self, worker: int) -> list[tuple[str, str]]:
        """The ``(id, text)`` of every write writer ``worker`` saw committed."""
        lines = self.sides[worker].read_text("utf-8").splitlines() if self.sides[worker].exists() else []
        return [(line.split("\t")[0], line.split("\t")[1]) for line in lines]

    @staticmethod
    def _stderr(process: subprocess.Popen) -> str:
        process.kill()
        return process.communicate()[1]


def _stored(store: Store) -> dict[str, str]:
    """Every stored observation's id → text, after checking the ids are dense and the files valid."""
    paths = storage.observation_paths(store)
    assert [p.stem for p in paths] == [f"OBS-{n:04d}" for n in range(1, len(paths) + 1)]
    for path in paths:
        assert validate_observation_bytes(store.read_bytes(path), source=path) == [], path
    observations = observations_for(store, PID)
    assert {o.target.eid for o in observations} <= EIDS
    assert sum(h.action == "observation-add" for h in store.history()) == len(observations)
    return {o.id: o.text for o in observations}


def test_eight_processes_adding_two_hundred_each(tmp_path: Path, store_backend: str):
    processes, each = 8, 200
    store = _store(tmp_path / "acervo")
    writers = Writers(store, tmp_path, processes, each)
    began = writers.go()
    assert writers.wait() == [0] * processes, [p.stderr.read() for p in writers.processes if p.stderr]
    elapsed = time.monotonic() - began

    stored = _stored(store)
    assert len(stored) == processes * each
    expected = {text_of(w, n) for w in range(processes) for n in range(each)}
    assert set(stored.values()) == expected  # every single addition is there, none overwritten
    observations = observations_for(store, PID)
    assert Counter(o.department for o in observations) == {department_of(w): each for w in range(processes)}
    assert {o.target.eid for o in observations} == EIDS
    reported = [pair for w in range(processes) for pair in writers.reported(w)]
    assert sorted(reported) == sorted(stored.items())  # what each writer was told is what is stored
    print(f"\n{processes * each} observaciones de {processes} procesos en {elapsed:.1f} s ({store_backend})")


def test_a_writer_killed_mid_way_loses_no_committed_write(tmp_path: Path):
    processes, each, victim = 4, 100, 0
    store = _store(tmp_path / "acervo")
    writers = Writers(store, tmp_path, processes, each)
    writers.go()
    deadline = time.monotonic() + 300
    while len(writers.reported(victim)) < 15 and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(writers.processes[victim].pid, signal.SIGKILL)
    codes = writers.wait()
    assert codes[victim] == -signal.SIGKILL and codes[1:] == [0] * (processes - 1)

    reopened = Store.open(store.root)  # what a crash left is finished or dropped on open (file journal)
    stored = _stored(reopened)
    reported = {w: writers.reported(w) for w in range(processes)}
    for worker, pairs in reported.items():
        for obs_id, text in pairs:
            assert stored.get(obs_id) == text, (worker, obs_id)  # every committed write is there
    assert 15 <= len(reported[victim]) < each
    assert len(set(stored.values())) == len(stored)  # nothing duplicated
    unreported = set(stored.items()) - {pair for pairs in reported.values() for pair in pairs}
    # At most the victim's write in flight: committed, but killed before it could report it.
    assert unreported <= {(obs_id, text_of(victim, len(reported[victim]))) for obs_id in stored}
    assert len(stored) == sum(map(len, reported.values())) + len(unreported)
    register_observation_checks()
    assert errors(check_store(reopened)) == []
