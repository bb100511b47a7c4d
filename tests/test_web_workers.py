"""``implan-regs serve --workers 2``: two processes on one port share sessions, the signing key and
(on PostgreSQL) the failed-login counts.

Each test pins one keep-alive connection to each worker process (found through /proc: which
child holds the server side of the connection), so "logged in through one process, valid in the
other" is checked deterministically, not left to how the kernel spreads connections.
"""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from web_support import ACCOUNTS, CORPUS, WORK, csrf_from

from implan_regs.accounts.users import add_user
from implan_regs.importers import import_path
from implan_regs.model.tree import DocumentMeta
from implan_regs.store import Store

pytestmark = pytest.mark.backends("files", "postgres")

COOKIE = "implan_session"


def build_root(root: Path) -> Path:
    """The sample regulation and two accounts."""
    store = Store.init(root)
    meta = DocumentMeta(work=WORK, kind="reglamento", title="Reglamento de Desarrollo Urbano de Torreón",
                        date="2019-03-16", entry_into_force="2019-03-16")
    store.save_expression(import_path(CORPUS / f"{WORK}@2019-03-16.txt", meta).document, author="carga")
    for username in ("juridico", "lector"):
        role, name, department, password = ACCOUNTS[username]
        add_user(store, username, password=password, role=role, name=name, department=department, author="prueba")
    return root


@pytest.fixture
def server(tmp_path, store_backend):
    root = build_root(tmp_path / "acervo")
    proc = subprocess.Popen([sys.executable, "-m", "implan_regs", "--root", str(root), "serve", "--workers", "2",
                             "--port", "0", "--threads", "2"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        port = _port(proc)
        yield root, port, _children(proc.pid, 2)
    finally:
        proc.terminate()
        assert proc.wait(timeout=60) == 0
        assert _children(proc.pid, 0, wait=False) == []  # SIGTERM stopped the workers too


def _port(proc: subprocess.Popen) -> int:
    assert proc.stdout is not None
    for line in proc.stdout:
        match = re.search(r"http://127\.0\.0\.1:(\d+)/ con 2 procesos", line)
        if match:
            return int(match.group(1))
    raise AssertionError("serve --workers never announced its port")


def _children(pid: int, count: int, *, wait: bool = True) -> list[int]:
    deadline = time.monotonic() + 60
    while True:
        try:
            found = [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except FileNotFoundError:
            found = []
        if len(found) == count or not wait or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def _owner(conn: http.client.HTTPConnection, pids: list[int]) -> int | None:
    """The worker holding the server side of ``conn`` (None until one has accepted it)."""
    client_port = conn.sock.getsockname()[1]
    inode = None
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        remote_port = int(fields[2].split(":")[1], 16)
        if remote_port == client_port and fields[9] != "0":  # 0: a closed connection's remnant
            inode = fields[9]
    if inode is None:
        return None
    for pid in pids:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") == f"socket:[{inode}]":
                    return pid
            except OSError:
                continue
    return None


def pinned(port: int, pids: list[int]) -> dict[int, http.client.HTTPConnection]:
    """One open connection to each worker."""
    out: dict[int, http.client.HTTPConnection] = {}
    spare = []
    deadline = time.monotonic() + 60
    while len(out) < len(pids):
        assert time.monotonic() < deadline, "could not reach every worker"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/login")  # the worker that accepts it answers
        conn.getresponse().read()
        owner = _owner(conn, pids)
        if owner is not None and owner not in out:
            out[owner] = conn
        else:
            spare.append(conn)  # kept open meanwhile: the busy worker leaves the next one to the other
    for conn in spare:
        conn.close()
    return out


class Browser:
    """A cookie jar over the pinned connections: each request names the worker that answers it."""

    def __init__(self, conns: dict[int, http.client.HTTPConnection]):
        self.conns = conns
        self.cookie = ""

    def request(self, pid: int, method: str, path: str, form: dict | None = None, cookie: str | None = None):
        headers = {"Cookie": f"{COOKIE}={cookie if cookie is not None else self.cookie}"}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = self.conns[pid]
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8")
        assert _owner(conn, [pid]) == pid  # still the same worker
        for header, value in response.getheaders():
            if header.lower() == "set-cookie" and value.startswith(f"{COOKIE}="):
                self.cookie = value.split(";", 1)[0].split("=", 1)[1]
        return response.status, response.getheader("Location") or "", text

    def login(self, pid: int, username: str, password: str) -> tuple[int, str]:
        _, _, page = self.request(pid, "GET", "/login")
        status, _, text = self.request(pid, "POST", "/login", {"csrf_token": csrf_from(page), "usuario": username,
                                                                "contrasena": password})
        return status, text


def test_a_login_in_one_worker_is_valid_in_the_other_and_logout_ends_it_everywhere(server, store_backend):
    root, port, pids = server
    first, second = pids
    browser = Browser(pinned(port, pids))
    status, _ = browser.login(first, "juridico", ACCOUNTS["juridico"][3])  # CSRF signed by one, checked by both
    assert status == 302
    for pid in (second, first):
        status, _, page = browser.request(pid, "GET", "/")
        assert status == 200 and "Lic. Ana Martínez" in page
    saved = browser.cookie
    if store_backend == "postgres":  # shared through the database, not the local folder of one machine
        backend = Store.open(root).backend
        assert backend.query("SELECT username FROM {schema}.web_sessions") == [("juridico",)]
        assert len(backend.query("SELECT value FROM {schema}.web_secrets WHERE name = 'secret-key'")) == 1
        assert not (root / "web").exists()
    status, _, page = browser.request(second, "GET", "/")
    assert browser.request(second, "POST", "/logout", {"csrf_token": csrf_from(page)})[0] == 302
    for pid in (first, second):
        status, location, _ = browser.request(pid, "GET", "/", cookie=saved)  # the cookie from before logout
        assert status == 302 and "/login" in location
    if store_backend == "postgres":
        assert Store.open(root).backend.query("SELECT username FROM {schema}.web_sessions") == []


def test_failed_logins_are_counted_across_workers(server, store_backend):
    root, port, pids = server
    first, second = pids
    browser = Browser(pinned(port, pids))
    wrong = "no-es-la-contraseña"
    for n, pid in enumerate([first, second, first, second]):  # 3 free failures, then 1 s to wait
        assert browser.login(pid, "lector", wrong)[0] == 401, n
    time.sleep(1.2)
    assert browser.login(first, "lector", wrong)[0] == 401  # the 5th: 2 s to wait, for every worker
    for pid in (second, first):
        status, text = browser.login(pid, "lector", ACCOUNTS["lector"][3])  # even the right password waits
        assert status == 429 and "Demasiados intentos fallidos" in text
    if store_backend == "postgres":
        from implan_regs.store import pglive

        assert pglive.failures(Store.open(root).backend, "usuario", "lector", 3600)[0] == 5
    else:  # one file per key (user name, address), never part of a backup
        from implan_regs.store.backup import primary_files

        assert len(list((root / "web" / "login-failures").glob("*.json"))) == 2
        assert not [p for p in primary_files(root) if "login-failures" in p.as_posix()]


@pytest.mark.backends("files")  # about the supervising parent, not the store
def test_a_worker_that_dies_is_replaced(server):
    root, port, pids = server
    parent = int(Path(f"/proc/{pids[0]}/stat").read_text().split(")")[1].split()[1])
    os.kill(pids[0], 9)
    deadline = time.monotonic() + 60
    while True:
        now = _children(parent, 2, wait=False)
        if len(now) == 2 and pids[0] not in now:
            break
        assert time.monotonic() < deadline, f"no replacement for worker {pids[0]}: {now}"
        time.sleep(0.1)
    assert pids[1] in now  # the other worker went on serving
    browser = Browser(pinned(port, now))
    for pid in now:
        assert browser.request(pid, "GET", "/login")[0] == 200
