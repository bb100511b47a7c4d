"""Sessions, CSRF, login rate limiting, the secret key and security headers.

* The session cookie is Flask's signed cookie: ``Secure``, ``HttpOnly``, ``SameSite=Lax``,
  8 hours. It holds the user name, a CSRF token and a server-side session id
  (:mod:`.sessions`); the account and the session record are re-read on every request, so
  removing a user, logging out or changing a password ends the sessions concerned.
* Every POST must carry the session's CSRF token in the ``csrf_token`` field (compared in
  constant time); anything else is a 400.
* Failed logins are counted per user name, per client address and per known device (in memory;
  on PostgreSQL in the store, and with ``serve --workers`` on a file store in
  ``ROOT/web/login-failures/``, so every process serving the store counts the same);
  past a few free failures each one doubles the wait before the next attempt (429 with a
  Spanish message meanwhile), and a known device keeps working for its user (:class:`LoginGuard`).
* The secret key is generated once and kept in ``ROOT/web/secret-key`` (mode 0600; on PostgreSQL in
  the store's ``web_secrets``); backups leave it out, so a restored site generates its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import threading
import time
from collections import OrderedDict, deque
from pathlib import Path

from flask import abort, request, session

from ..accounts.users import web_dir
from ..errors import StoreError
from ..fsio import atomic_write, store_lock
from ..store import Store
from ..store.postgres import PgBackend

CSRF_FIELD = "csrf_token"


def secret_key(store: Store) -> bytes:
    """The app's secret key: read, or generated once (0600, never overwritten); on PostgreSQL a row
    of the store's schema, the same for every process serving it."""
    if isinstance(store.backend, PgBackend):
        from ..store import pglive

        return pglive.secret(store.backend, "secret-key").encode("ascii")
    path = web_dir(store.root) / "secret-key"
    if not path.exists():
        try:
            atomic_write(path, secrets.token_hex(32), exclusive=True, private=True)
        except StoreError:
            pass  # another process created it first
        os.chmod(path, 0o600)
    return path.read_bytes().strip()


def failures_dir(root: Path) -> Path:
    """Where the processes serving a file store count failed logins (live state, never backed up)."""
    return web_dir(root) / "login-failures"


def csrf_token() -> str:
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def check_csrf() -> None:
    """Abort with 400 unless the form carries this session's token."""
    expected = session.get("csrf")
    given = request.form.get(CSRF_FIELD, "")
    if not expected or not isinstance(given, str) or not hmac.compare_digest(given.encode(), expected.encode()):
        abort(400, description="La solicitud no es válida (falta o no coincide el token de seguridad). "
                               "Vuelva a cargar la página e inténtelo de nuevo.")


class RateLimiter:
    """Failed attempts per key in a sliding window (thread-safe, in memory, bounded).

    Keys are kept in the order of their latest failure, so keys whose window has passed are
    dropped from the front as new failures arrive; a key keeps at most ``limit`` times, and at
    most ``max_keys`` keys are kept (the least recently failing go first: one client cannot
    push many keys out, since the per-address limit stops it first).
    """

    def __init__(self, limit: int, window: float, max_keys: int = 10_000):
        self.limit, self.window, self.max_keys = limit, window, max_keys
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._hits)

    def _prune(self, now: float) -> None:
        while self._hits:
            key, hits = next(iter(self._hits.items()))
            if hits[-1] > now - self.window and len(self._hits) <= self.max_keys:
                return
            del self._hits[key]

    def _recent(self, key: str, now: float) -> deque[float] | None:
        """The key's failures still inside the window (the key is dropped when there are none)."""
        hits = self._hits.get(key)
        if hits is None:
            return None
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if not hits:
            del self._hits[key]
            return None
        return hits

    def fail(self, key: str) -> None:
        now = time.monotonic()
        with self._lock:
            hits = self._recent(key, now) or deque(maxlen=self.limit)
            hits.append(now)
            self._hits[key] = hits
            self._hits.move_to_end(key)
            self._prune(now)

    def reset(self, key: str) -> None:
        with self._lock:
            self._hits.pop(key, None)

    def failures(self, key: str) -> tuple[int, float]:
        """How many failures ``key`` has inside the window (at most ``limit``) and the latest one's time."""
        now = time.monotonic()
        with self._lock:
            self._prune(now)
            hits = self._recent(key, now)
            return (len(hits), hits[-1]) if hits else (0, 0.0)

    def backoff(self, key: str, free: int, longest: float) -> float:
        """Seconds ``key`` must still wait (see :func:`backoff`)."""
        count, latest = self.failures(key)
        return backoff(count, time.monotonic() - latest, free, longest)


def backoff(count: int, since_latest: float, free: int, longest: float) -> float:
    """Seconds to wait after ``count`` failures, the latest ``since_latest`` s ago: none for the
    first ``free`` failures, then 1 s after the next one, doubling with each further failure,
    never more than ``longest``."""
    if count <= free:
        return 0.0
    delay = min(2.0 ** (count - free - 1), longest)
    return max(delay - since_latest, 0.0)


class SharedRateLimiter:
    """:class:`RateLimiter`'s counting kept in a PostgreSQL store (:mod:`implan_regs.store.pglive`):
    every process and machine serving the store counts the same failures, on the server's clock."""

    def __init__(self, backend: PgBackend, scope: str, limit: int, window: float):
        self.backend, self.scope, self.limit, self.window = backend, scope, limit, window

    def fail(self, key: str) -> None:
        from ..store import pglive

        pglive.add_failure(self.backend, self.scope, key, self.limit, self.window)

    def reset(self, key: str) -> None:
        from ..store import pglive

        pglive.clear_failures(self.backend, self.scope, key)

    def backoff(self, key: str, free: int, longest: float) -> float:
        from ..store import pglive

        count, since = pglive.failures(self.backend, self.scope, key, self.window)
        return backoff(min(count, self.limit), since, free, longest)


class FileRateLimiter:
    """:class:`RateLimiter`'s counting kept in files of one folder on this machine
    (``ROOT/web/login-failures/``, one JSON list of times per key, under a lock): every process
    serving a file store counts the same failures (``serve --workers``)."""

    def __init__(self, folder: Path, scope: str, limit: int, window: float):
        self.folder, self.scope, self.limit, self.window = folder, scope, limit, window

    def _path(self, key: str) -> Path:
        return self.folder / (hashlib.sha256(f"{self.scope}\0{key}".encode()).hexdigest() + ".json")

    def _recent(self, key: str, now: float) -> list[float]:
        try:
            times = json.loads(self._path(key).read_text("utf-8"))
        except (OSError, ValueError):
            return []
        return [t for t in times if isinstance(t, (int, float)) and now - self.window < t <= now][-self.limit:]

    def fail(self, key: str) -> None:
        now = time.time()
        with store_lock(self.folder / ".lock"):
            times = self._recent(key, now) + [now]
            atomic_write(self._path(key), json.dumps(times[-self.limit:]), private=True, durable=False)
            self._forget_old(now)

    def _forget_old(self, now: float) -> None:
        for path in self.folder.glob("*.json"):
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < now - self.window:
                    path.unlink()

    def reset(self, key: str) -> None:
        with store_lock(self.folder / ".lock"), contextlib.suppress(OSError):
            self._path(key).unlink()

    def backoff(self, key: str, free: int, longest: float) -> float:
        now = time.time()
        times = self._recent(key, now)
        return backoff(len(times), now - times[-1] if times else 0.0, free, longest)


class LoginGuard:
    """Growing delays on failed logins, per account, per address and per known device.

    An account's first ``ACCOUNT_FREE`` failures cost nothing, then each one doubles the wait
    before the next attempt (1 s, 2 s, 4 s … at most ``LONGEST``); an address gets
    ``ADDRESS_FREE`` (many people share one behind a NAT or proxy). Nobody is locked out: a
    browser where the account has logged in before (a known device, :mod:`.devices`) is only
    slowed by its own failures, so the real user still logs in while someone else is guessing.
    Failures are forgotten after ``window`` seconds.
    """

    ACCOUNT_FREE, ADDRESS_FREE, DEVICE_FREE = 3, 20, 5
    LONGEST = 15 * 60.0

    def __init__(self, window: float = 60 * 60, *, shared: PgBackend | None = None, folder: Path | None = None):
        """Count in memory, or, for several processes, in the PostgreSQL store ``shared`` or in
        files under ``folder``."""
        def limiter(scope: str, limit: int) -> RateLimiter | SharedRateLimiter | FileRateLimiter:
            if shared is not None:
                return SharedRateLimiter(shared, scope, limit, window)
            if folder is not None:
                return FileRateLimiter(folder, scope, limit, window)
            return RateLimiter(limit, window)

        self.users = limiter("usuario", 32)
        self.ips = limiter("dirección", 64)
        self.devices = limiter("dispositivo", 32)

    def wait(self, username: str, ip: str, device: str | None = None) -> float:
        if device:
            return self.devices.backoff(device, self.DEVICE_FREE, self.LONGEST)
        return max(self.users.backoff(username, self.ACCOUNT_FREE, self.LONGEST),
                   self.ips.backoff(ip, self.ADDRESS_FREE, self.LONGEST))

    def failed(self, username: str, ip: str, device: str | None = None) -> None:
        if device:  # a known device's typos slow that device, not the account for everyone
            self.devices.fail(device)
            return
        self.users.fail(username)
        self.ips.fail(ip)

    def succeeded(self, username: str, device: str | None = None) -> None:
        self.users.reset(username)
        if device:
            self.devices.reset(device)


def blocked_message(seconds: float) -> str:
    if seconds < 60:
        amount = max(1, round(seconds))
        unit = "segundo" if amount == 1 else "segundos"
    else:
        amount = max(1, round(seconds / 60))
        unit = "minuto" if amount == 1 else "minutos"
    return (f"Demasiados intentos fallidos de inicio de sesión. Por seguridad, espere {amount} {unit} "
            "antes de volver a intentarlo.")


CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")


def security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response
