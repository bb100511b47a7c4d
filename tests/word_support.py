"""What the Word round-trip tests share: the real Movilidad regulation in a store with an empty
proposal (a file store, built once per module), and a fresh copy of it on the backend the test
runs on (imports write into it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SHARED_CORPUS
from raw_store import copy_store

from implan_regs.importers import import_path
from implan_regs.model.tree import DocumentMeta
from implan_regs.reform import service
from implan_regs.store import Store

PID = "reforma-movilidad"


def movilidad_store(root: Path) -> Store:
    source = SHARED_CORPUS / "torreon-reglamento-movilidad-urbana.txt"
    if not source.is_file():
        pytest.skip(f"real texts not available: {source} is absent")
    doc = import_path(source, DocumentMeta(work="rmu", kind="reglamento", title="Reglamento de Movilidad Urbana",
                                           date="2014-11-01")).document
    store = Store.init(root, backend="files")  # a template: tests work on copy_of it
    store.save_expression(doc, author="ana")
    service.new_proposal(store, "rmu@2014-11-01", PID, "Reforma de movilidad", author="Lic. Ana")
    return store


def copy_of(store: Store, root: Path) -> Store:
    return copy_store(store.root, root)
