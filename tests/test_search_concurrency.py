"""Derived data never holds the store (issue 18 item 2): a large import commits, lets the store
lock go and only then updates the search index under the index's own lock; meanwhile other
processes add observations and search (on the last committed index) without waiting."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from synthetic import generate_regulation
from test_cli import REGULATION

from implan_regs.importers.text import import_text
from implan_regs.model.tree import DocumentMeta
from implan_regs.reform.service import new_proposal
from implan_regs.search import attach
from implan_regs.search.indexer import index_busy, open_index
from implan_regs.store import Store

pytestmark = pytest.mark.backends("files", "postgres")
BUDGET_S = 5.0  # the acceptance bound of issue 18


def cli(root: Path, *args: str) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "implan_regs", "--root", str(root), *args],
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "IMPLAN_REGS_LOCK_TIMEOUT": "30"})
    return done, time.monotonic() - started


def test_a_long_index_update_blocks_neither_writers_nor_searches(tmp_path: Path):
    attach()
    store = Store.init(tmp_path / "acervo")
    meta = DocumentMeta(work="reglamento-prueba", kind="reglamento", title="Reglamento de Prueba", date="2015-12-20")
    store.save_expression(import_text(REGULATION, meta).document)
    new_proposal(store, "reglamento-prueba", "reforma", "Reforma")
    open_index(store, "whoosh")  # an index exists: every later write updates it
    big = tmp_path / "grande.txt"
    big.write_text(generate_regulation(3000, seed=3), "utf-8")

    importer = subprocess.Popen([sys.executable, "-m", "implan_regs", "--root", str(store.root), "import", str(big),
                                 "--work", "reglamento-grande", "--title", "Reglamento Grande", "--date", "2020-01-01"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    committed = store.root / "works" / "reglamento-grande" / "expressions" / "spa@2020-01-01.xml"
    while not index_busy(store.root, "whoosh") or not store.is_file(committed):
        assert importer.poll() in (None, 0), importer.communicate()
        assert time.monotonic() < deadline, "the import never reached its index update"
        time.sleep(0.05)

    # The import has committed and its index update runs (in the background: the command line
    # does not make the user wait for it): the store is free, the index busy.
    found, search_s = cli(store.root, "search", "alineamiento", "--json")
    added, add_s = cli(store.root, "observe", "add", "reforma", "artículo 1", "--department", "Obras Públicas",
                       "--text", "Precisar el objeto.")
    still_busy = index_busy(store.root, "whoosh")
    out, err = importer.communicate(timeout=600)
    while index_busy(store.root, "whoosh"):
        assert time.monotonic() < deadline, "the index update never ended"
        time.sleep(0.1)

    assert importer.returncode == 0, err
    assert found.returncode == 0 and added.returncode == 0, (found.stderr, added.stderr)
    assert search_s < BUDGET_S and add_s < BUDGET_S, (search_s, add_s)
    assert still_busy, "the import's index update ended before the other commands ran: make it larger"
    assert json.loads(found.stdout)["results"]  # the last committed index answered
    assert json.loads(found.stdout)["index_behind"] is True  # and said it is catching up
    # Once the import lets the index go, it has caught up with everything committed meanwhile.
    after, _ = cli(store.root, "index", "status", "--engine", "whoosh", "--json")
    status = json.loads(after.stdout)
    assert status["stale"] is False and status["documents"] > 10_000 and status["units"]["observacion"] == 1
