"""Sessions, CSRF, login rate limiting, the secret key and security headers.

* The session cookie is Flask's signed cookie: ``Secure``, ``HttpOnly``, ``SameSite=Lax``,
  8 hours. It holds the user name, a CSRF token and a server-side session id
  (:mod:`.sessions`); the account and the session record are re-read on every request, so
  removing a user, logging out or changing a password ends the sessions concerned.
* Every POST must carry the session's CSRF token in the ``csrf_token`` field (compared in
  constant time); anything else is a 400.
* Failed logins are counted in memory per user name and per client address over a sliding
  window; past the limit the login answers 429 with a Spanish message.
* The secret key is generated once and kept in ``ROOT/web/secret-key`` (mode 0600); backups
  leave it out, so a restored site generates its own.
"""

from __future__ import annotations

import hmac
import os
import secrets
import threading
import time
from collections import OrderedDict, deque
from pathlib import Path

from flask import abort, request, session

from ..errors import StoreError
from ..fsio import atomic_write
from .users import web_dir

CSRF_FIELD = "csrf_token"


def secret_key(root: Path) -> bytes:
    """The app's secret key: read, or generated once (0600, never overwritten)."""
    path = web_dir(root) / "secret-key"
    if not path.exists():
        try:
            atomic_write(path, secrets.token_hex(32), exclusive=True)  # mkstemp files are 0600
        except StoreError:
            pass  # another process created it first
        os.chmod(path, 0o600)
    return path.read_bytes().strip()


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

    def blocked_for(self, key: str) -> float:
        """Seconds until ``key`` may try again (0 when it may now)."""
        now = time.monotonic()
        with self._lock:
            self._prune(now)
            hits = self._recent(key, now)
            if hits is None or len(hits) < self.limit:
                return 0.0
            return max(hits[0] + self.window - now, 1.0)

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


class LoginGuard:
    """Per-user and per-address limits on failed logins."""

    def __init__(self, per_user: int = 5, per_ip: int = 20, window: float = 15 * 60):
        self.users = RateLimiter(per_user, window)
        self.ips = RateLimiter(per_ip, window)

    def wait(self, username: str, ip: str) -> float:
        return max(self.users.blocked_for(username), self.ips.blocked_for(ip))

    def failed(self, username: str, ip: str) -> None:
        self.users.fail(username)
        self.ips.fail(ip)

    def succeeded(self, username: str) -> None:
        self.users.reset(username)


def blocked_message(seconds: float) -> str:
    minutes = max(1, round(seconds / 60))
    unit = "minuto" if minutes == 1 else "minutos"
    return (f"Demasiados intentos fallidos de inicio de sesión. Por seguridad, espere {minutes} {unit} "
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
