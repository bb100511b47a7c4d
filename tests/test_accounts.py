"""Accounts and sharing, kept in the store on either backend: written in its transaction with a
history entry, read back through it (given the store, or its root as the web app keeps it)."""

from __future__ import annotations

import hashlib

import pytest
import raw_store as raw
from conftest import sample_document, snapshot

from implan_regs.accounts import shares
from implan_regs.accounts.users import (
    add_user,
    authenticate,
    departments,
    get_user,
    list_users,
    load_users,
    remove_user,
    users_path,
)
from implan_regs.errors import InputError, NotFoundError
from implan_regs.reform.service import new_proposal
from implan_regs.store import Store

pytestmark = pytest.mark.backends("files", "postgres")

DGOP = "Dirección General de Obras Públicas"


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store.init(tmp_path / "acervo")
    store.save_expression(sample_document())
    new_proposal(store, "reglamento-prueba@2015-12-20", "reforma-2021", "Reforma", author="Lic. Ana")
    return store


def test_accounts_are_stored_recorded_and_read_from_the_store_or_its_root(store):
    add_user(store, "ana", password="contraseña-segura", role="jurídico", name="Lic. Ana Martínez", author="admin")
    add_user(store, "obras", password="otra-contraseña", role="dependencia", department=DGOP, author="admin")
    assert [u.username for u in list_users(store)] == ["ana", "obras"]
    assert authenticate(store, "ANA ", "contraseña-segura").name == "Lic. Ana Martínez"
    assert authenticate(store, "ana", "contraseña-mala") is None and authenticate(store, "nadie", "x" * 12) is None
    assert set(load_users(store.root)) == {"ana", "obras"} == set(load_users(str(store.root)))
    assert get_user(store.root, "obras").department == DGOP and departments(store) == [DGOP]
    assert [(e.action, e.author, e.message) for e in store.history()[-2:]] == [
        ("user-add", "admin", "ana (jurídico)"), ("user-add", "admin", f"obras (dependencia, {DGOP})")]
    stored = raw.read(store, store.relative(users_path(store.root)))
    assert store.history()[-1].files == {"web/users.json": hashlib.sha256(stored).hexdigest()}
    before = snapshot(store)
    with pytest.raises(InputError, match="ya existe un usuario"):
        add_user(store, "ana", password="contraseña-segura", role="lector")
    assert snapshot(store) == before
    remove_user(store, "obras", author="admin")
    assert list(load_users(store)) == ["ana"] and departments(store) == []
    with pytest.raises(NotFoundError, match="usuario inexistente"):
        remove_user(store, "obras")


def test_sharing_a_proposal_is_stored_recorded_and_read_from_the_store_or_its_root(store):
    shares.share(store, "reforma-2021", DGOP, author="ana")
    shares.share(store, "reforma-2021", DGOP, author="ana")  # already shared: nothing written
    assert shares.is_shared(store, "reforma-2021", DGOP) and shares.is_shared(store.root, "reforma-2021", DGOP)
    assert shares.shared_with(store.root, DGOP) == {"reforma-2021"}
    assert shares.departments_for(store, "reforma-2021") == [DGOP]
    assert [e.action for e in store.history()].count("proposal-share") == 1
    shares.unshare(store, "reforma-2021", DGOP, author="ana")
    assert not shares.is_shared(store, "reforma-2021", DGOP) and shares.load_shares(store) == {}
    assert store.history()[-1].action == "proposal-unshare" and store.history()[-1].proposal == "reforma-2021"


def test_an_accounts_file_edited_by_hand_into_bad_json_is_one_spanish_error(store):
    raw.write(store, "web/users.json", "{ roto")
    with pytest.raises(InputError, match="archivo de usuarios ilegible"):
        load_users(store)
    raw.write(store, "web/shares.json", "[")
    with pytest.raises(InputError, match="archivo de propuestas compartidas ilegible"):
        shares.load_shares(store.root)
