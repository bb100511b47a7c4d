"""Several processes serving one listening socket (``implan-regs serve --workers N``).

The parent binds the socket, then forks N children; each builds its own app (its own database
connections and caches) and runs waitress on the inherited socket, the kernel handing each new
connection to one of them. What the processes must share lives in the store: on PostgreSQL the
sessions, the signing key and the login failures are rows of its schema
(:mod:`implan_regs.store.pglive`); on the file backend they are files under ``ROOT/web/`` and
the file lock serialises writers.

The parent only supervises: a child that dies is replaced (at most once a second), and SIGTERM
or Ctrl+C stops them all. Waitress rather than gunicorn: the app already runs under waitress
with one process, and a pre-fork loop over its ``sockets=`` argument is all the rest needs.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

from ..errors import InputError

#: Seconds between two restarts of a dying child (a crash loop must not spin).
RESTART_DELAY = 1.0


def listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port (port 0: a free one), or a one-line InputError."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(1024)
    except OSError as exc:
        sock.close()
        raise InputError(f"no se puede escuchar en {host}:{port}: {exc.strerror}") from None
    sock.setblocking(False)
    return sock


def run_workers(make_app: Callable[[], Any], sock: socket.socket, *, workers: int, threads: int) -> None:
    """Serve ``make_app()`` from ``workers`` child processes on ``sock`` until stopped."""
    from ..store.postgres import close_all

    close_all()  # a child must never use a connection of its parent
    children: dict[int, float] = {}
    stopping = False

    def spawn() -> None:
        pid = os.fork()
        if pid == 0:
            _child(make_app, sock, threads)
        children[pid] = time.monotonic()

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    previous = signal.signal(signal.SIGTERM, stop), signal.signal(signal.SIGINT, stop)
    try:
        for _ in range(workers):
            spawn()
        while children:
            try:
                pid, status = os.wait()
            except ChildProcessError:
                break
            started = children.pop(pid, None)
            if started is not None and not stopping:
                print(f"implan-regs: el proceso {pid} terminó ({_describe(status)}); se reinicia", file=sys.stderr)
                time.sleep(max(0.0, RESTART_DELAY - (time.monotonic() - started)))
                spawn()
    finally:
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])
        stop()


def _child(make_app: Callable[[], Any], sock: socket.socket, threads: int) -> None:
    """One worker: its own app on the shared socket; never returns (the fork must not go back)."""
    code = 0
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        from waitress import create_server

        server = create_server(make_app(), sockets=[sock], threads=threads, ident="implan-regs")
        server.run()
    except KeyboardInterrupt:
        pass
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"señal {os.WTERMSIG(status)}"
    return f"estado {os.waitstatus_to_exitcode(status)}"
