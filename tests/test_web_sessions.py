"""Sessions end when they should (logout, password change) and backups are not credentials."""

from __future__ import annotations

import tarfile

import pytest
from web_support import ACCOUNTS, build_root, copy_root, csrf_from

from implan_regs.accounts.users import add_user
from implan_regs.store import Store
from implan_regs.store.backup import backup, restore
from implan_regs.web import cache, create_app
from implan_regs.web.sessions import sessions_dir

COOKIE = "implan_session"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_root(tmp_path_factory.mktemp("web-sessions") / "acervo")


@pytest.fixture
def root(template, tmp_path):
    cache.clear()
    return copy_root(template, tmp_path / "acervo")


def login(app, username: str):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    response = client.post("/login", data={"csrf_token": csrf_from(page), "usuario": username,
                                           "contrasena": ACCOUNTS[username][3]})
    assert response.status_code == 302
    return client


def with_cookie(app, value: str):
    client = app.test_client()
    client.set_cookie(COOKIE, value)
    return client


def logout(client) -> None:
    page = client.get("/").get_data(as_text=True)
    assert client.post("/logout", data={"csrf_token": csrf_from(page)}).status_code == 302


def test_a_cookie_saved_before_logout_no_longer_works(root):
    app = create_app(root, testing=True)
    client = login(app, "juridico")
    saved = client.get_cookie(COOKIE).value
    assert with_cookie(app, saved).get("/").status_code == 200  # a copy works while the session lives
    other = login(app, "juridico")  # the same person on a second device
    logout(client)
    replay = with_cookie(app, saved).get("/")
    assert replay.status_code == 302 and "/login" in replay.headers["Location"]
    assert other.get("/").status_code == 200  # logout ends the session it ended, not the others


def test_a_password_change_ends_every_session_of_that_account(root):
    app = create_app(root, testing=True)
    juridico, lector = login(app, "juridico"), login(app, "lector")
    add_user(Store.open(root), "juridico", password="otra-clave-muy-segura", role="jurídico", replace=True)
    cache.clear()
    assert juridico.get("/").status_code == 302
    assert lector.get("/").status_code == 200


def test_the_signing_key_alone_cannot_forge_a_session(root):
    app = create_app(root, testing=True)
    forged = app.session_interface.get_signing_serializer(app).dumps({"user": "admin"})
    assert with_cookie(app, forged).get("/admin/usuarios").status_code == 302
    client = login(app, "lector")
    with client.session_transaction() as session:  # a valid session id with another user's name
        session["user"] = "admin"
    assert client.get("/admin/usuarios").status_code == 302


def test_a_backup_holds_no_secret_and_a_restored_site_accepts_no_old_cookie(root, tmp_path):
    app = create_app(root, testing=True)
    client = login(app, "admin")
    saved = client.get_cookie(COOKIE).value
    assert (root / "web" / "secret-key").is_file() and any(sessions_dir(root).iterdir())
    (root / ".search-key").write_bytes(b"k" * 32)
    archive = tmp_path / "copia.tar.gz"
    backup(Store.open(root), archive)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "web/users.json" in names
    assert not [n for n in names if n in ("web/secret-key", ".search-key") or n.startswith("web/sessions")]
    restored = tmp_path / "restaurado"
    restore(archive, restored)
    cache.clear()
    new_app = create_app(restored, testing=True)
    assert new_app.config["SECRET_KEY"] != app.config["SECRET_KEY"]
    assert with_cookie(new_app, saved).get("/").status_code == 302
    assert login(new_app, "admin").get("/admin/usuarios").status_code == 200  # accounts survive


def test_an_older_archive_carrying_the_key_is_restored_without_it(root, tmp_path):
    import hashlib
    import io
    import json

    members = {"implan-regs.json": (root / "implan-regs.json").read_bytes(), "web/secret-key": b"a" * 64,
               "web/users.json": (root / "web" / "users.json").read_bytes()}
    manifest = {"format": 1, "files": {n: hashlib.sha256(d).hexdigest() for n, d in members.items()}}
    archive = tmp_path / "antigua.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in [*members.items(), ("MANIFEST.json", json.dumps(manifest).encode())]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    restored = tmp_path / "destino"
    restore(archive, restored)
    assert (restored / "web" / "users.json").is_file() and not (restored / "web" / "secret-key").exists()
