"""Stored files follow the umask (a web server in the owner's group can read them); secrets are 0600."""

from __future__ import annotations

import os
import stat

import pytest
from conftest import sample_document

from implan_regs import fsio
from implan_regs.accounts.users import User
from implan_regs.store import Store
from implan_regs.store.backup import backup, restore
from implan_regs.web import create_app
from implan_regs.web.sessions import sessions_dir, start


@pytest.fixture
def process_umask(request, monkeypatch):
    """Run with this umask, as a process started under it would (both the OS's and fsio's)."""
    previous = os.umask(request.param)
    monkeypatch.setattr(fsio, "UMASK", request.param)
    yield request.param
    os.umask(previous)


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("process_umask", "expected"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)],
                         indirect=["process_umask"])
def test_primary_files_follow_the_umask_and_secrets_stay_private(tmp_path, process_umask, expected):
    umask = process_umask
    store = Store.init(tmp_path / "acervo")
    store.save_expression(sample_document())
    for rel in ("implan-regs.json", "history.jsonl", "works/reglamento-prueba/expressions/spa@2015-12-20.xml"):
        assert mode(store.root / rel) == expected, rel
    create_app(store.root, testing=True)
    start(store, User("ana", "lector", password="scrypt$x"))
    assert mode(store.root / "web" / "secret-key") == 0o600
    assert {mode(p) for p in sessions_dir(store.root).iterdir()} == {0o600}
    archive = tmp_path / "copia.tar.gz"
    backup(store, archive)
    assert mode(archive) == 0o600  # it holds the accounts' password hashes
    restored = restore(archive, tmp_path / "restaurado")
    assert mode(restored.root) == 0o777 & ~umask
    assert mode(restored.root / "works/reglamento-prueba/expressions/spa@2015-12-20.xml") == expected
