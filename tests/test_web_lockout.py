"""Lockout abuse: growing delays per account and address, a known device keeps working, logged."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest
from web_support import ACCOUNTS, build_root, copy_root, csrf_from

from implan_regs.web import cache, create_app, security


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_root(tmp_path_factory.mktemp("lockout") / "acervo")


@pytest.fixture
def clock(monkeypatch):
    now = SimpleNamespace(now=5000.0)
    monkeypatch.setattr(security, "time", SimpleNamespace(monotonic=lambda: now.now))
    return now


@pytest.fixture
def app(template, tmp_path, clock):
    cache.clear()
    return create_app(copy_root(template, tmp_path / "acervo"), testing=True)


def attempt(client, username: str, password: str, ip: str = "10.0.0.7"):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"csrf_token": token, "usuario": username, "contrasena": password},
                       environ_base={"REMOTE_ADDR": ip})


def logout(client) -> None:
    token = csrf_from(client.get("/").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302


def test_failures_slow_an_account_with_doubling_delays_never_a_lockout(clock):
    guard = security.LoginGuard()
    waits = []
    for _ in range(12):
        guard.failed("admin", "10.0.0.1")
        waits.append(guard.wait("admin", "10.0.0.2"))
    assert waits == [0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256]
    for _ in range(10):
        guard.failed("admin", "10.0.0.1")
    assert guard.wait("admin", "10.0.0.2") == guard.LONGEST  # capped: slowed, never locked for good
    clock.now += guard.LONGEST
    assert guard.wait("admin", "10.0.0.2") == 0.0  # one more try is allowed after the longest wait


def test_an_address_gets_more_room_than_an_account(clock):
    guard = security.LoginGuard()
    for i in range(guard.ADDRESS_FREE):
        guard.failed(f"usuario{i}", "10.0.0.1")
    assert guard.wait("otra", "10.0.0.1") == 0.0
    guard.failed("usuario-extra", "10.0.0.1")
    assert guard.wait("otra", "10.0.0.1") == 1.0 and guard.wait("otra", "10.0.0.9") == 0.0


def test_someone_guessing_cannot_keep_the_real_administrator_out(app, clock):
    admin = app.test_client()
    assert attempt(admin, "admin", ACCOUNTS["admin"][3], ip="10.0.0.5").status_code == 302  # known device
    logout(admin)
    attacker = app.test_client()
    for _ in range(30):  # from the same NAT address as the administrator
        clock.now += security.LoginGuard.LONGEST
        assert attempt(attacker, "admin", "adivinanza", ip="10.0.0.5").status_code == 401
    assert attempt(attacker, "admin", ACCOUNTS["admin"][3], ip="10.0.0.5").status_code == 429
    stranger = app.test_client()
    assert attempt(stranger, "admin", ACCOUNTS["admin"][3], ip="10.9.9.9").status_code == 429
    back = attempt(admin, "admin", ACCOUNTS["admin"][3], ip="10.0.0.5")
    assert back.status_code == 302 and admin.get("/admin/usuarios").status_code == 200


def test_a_known_device_is_slowed_by_its_own_failures_only(app, clock):
    device = app.test_client()
    assert attempt(device, "juridico", ACCOUNTS["juridico"][3]).status_code == 302
    logout(device)
    for _ in range(security.LoginGuard.DEVICE_FREE):
        assert attempt(device, "juridico", "me-equivoque").status_code == 401
    assert attempt(device, "juridico", "me-equivoque").status_code == 401
    assert attempt(device, "juridico", ACCOUNTS["juridico"][3]).status_code == 429  # slowed now
    clock.now += 2
    assert attempt(device, "juridico", ACCOUNTS["juridico"][3]).status_code == 302
    other = app.test_client()  # the device's typos did not slow the account for anyone else
    assert attempt(other, "juridico", ACCOUNTS["juridico"][3], ip="10.0.0.8").status_code == 302


def test_a_device_cookie_of_another_account_or_forged_is_not_known(app, clock):
    lector = app.test_client()
    assert attempt(lector, "lector", ACCOUNTS["lector"][3]).status_code == 302
    logout(lector)
    for _ in range(4):
        attempt(app.test_client(), "admin", "adivinanza", ip="10.0.0.3")
    assert attempt(lector, "admin", ACCOUNTS["admin"][3]).status_code == 429  # known for lector only
    forged = app.test_client()
    forged.set_cookie("implan_dispositivo", "eyJ1IjoiYWRtaW4iLCJkIjoieCJ9.falso.firma")
    assert attempt(forged, "admin", ACCOUNTS["admin"][3]).status_code == 429


def test_every_attempt_is_logged_with_account_address_and_device(app, clock, caplog):
    client = app.test_client()
    with caplog.at_level(logging.INFO, logger="implan_regs.web.login"):
        for _ in range(4):
            attempt(client, "obras", "mala", ip="10.1.2.3")
        attempt(client, "obras", ACCOUNTS["obras"][3], ip="10.1.2.3")
        clock.now += 1
        attempt(client, "obras", ACCOUNTS["obras"][3], ip="10.1.2.3")
    lines = [r.getMessage() for r in caplog.records if r.name == "implan_regs.web.login"]
    assert lines[:4] == ["inicio de sesión fallido: usuario='obras' dirección=10.1.2.3 dispositivo=nuevo"] * 4
    assert lines[4] == "inicio de sesión demorado (1 s por esperar): usuario='obras' dirección=10.1.2.3 " \
                       "dispositivo=nuevo"
    assert lines[5] == "inicio de sesión: usuario='obras' dirección=10.1.2.3 dispositivo=nuevo"


def test_the_delay_message_is_spanish_and_counts_seconds_or_minutes():
    assert "espere 2 segundos" in security.blocked_message(2)
    assert "espere 1 segundo " in security.blocked_message(0.4)
    assert "espere 15 minutos" in security.blocked_message(900)
