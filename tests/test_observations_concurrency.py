"""Many people adding observations at once: 8 processes × 200 observations, none lost."""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter
from pathlib import Path

from test_cli import REGULATION

from implan_regs.importers.text import import_text
from implan_regs.model.tree import DocumentMeta
from implan_regs.observations import NewObservation, add, observations_for, storage
from implan_regs.observations.xmlio import validate_observation_bytes
from implan_regs.reform.service import new_proposal
from implan_regs.store import Store

PROCESSES = 8
EACH = 200
CITATIONS = ["artículo 1", "artículo 2 fracción II inciso b)", "artículo 2 Bis", "artículo 4", "capítulo II"]


def _worker(root: str, worker: int, start, errors) -> None:
    store = Store.open(root)
    start.wait()
    for i in range(EACH):
        try:
            add(store, "reforma", NewObservation(CITATIONS[i % len(CITATIONS)], f"Dirección General {worker}",
                                                 f"Observación {i} del proceso {worker}.", "2021-05-03"),
                author=f"proceso-{worker}")
        except Exception as exc:  # reported to the parent: the test must see every failure
            errors.put(f"{worker}/{i}: {exc}")


def test_eight_processes_adding_two_hundred_each(tmp_path: Path):
    store = Store.init(tmp_path / "acervo")
    meta = DocumentMeta(work="reglamento-prueba", kind="reglamento", title="Reglamento de Prueba",
                        date="2015-12-20")
    store.save_expression(import_text(REGULATION, meta).document)
    new_proposal(store, "reglamento-prueba", "reforma", "Reforma")
    ctx = multiprocessing.get_context("fork")
    start, errors = ctx.Event(), ctx.Queue()
    workers = [ctx.Process(target=_worker, args=(str(store.root), w, start, errors)) for w in range(PROCESSES)]
    for p in workers:
        p.start()
    began = time.monotonic()
    start.set()
    for p in workers:
        p.join(timeout=600)
    elapsed = time.monotonic() - began
    failures = []
    while not errors.empty():
        failures.append(errors.get())
    assert failures == [] and [p.exitcode for p in workers] == [0] * PROCESSES

    paths = storage.observation_paths(store)
    assert len(paths) == PROCESSES * EACH
    assert [p.stem for p in paths] == [f"OBS-{n:04d}" for n in range(1, PROCESSES * EACH + 1)]
    for path in paths:
        assert validate_observation_bytes(path.read_bytes(), source=path) == [], path
    observations = observations_for(store, "reforma")
    assert Counter(o.department for o in observations) == {f"Dirección General {w}": EACH for w in range(PROCESSES)}
    texts = {(o.created_by, o.text) for o in observations}
    assert len(texts) == PROCESSES * EACH  # every single addition is there, none overwritten
    assert {o.target.eid for o in observations} == {"art_1", "art_2__point_II__point_b", "art_2bis", "art_4",
                                                    "title_1__chp_2"}
    assert sum(h.action == "observation-add" for h in store.history()) == PROCESSES * EACH
    print(f"\n{PROCESSES * EACH} observaciones concurrentes en {elapsed:.1f} s")
