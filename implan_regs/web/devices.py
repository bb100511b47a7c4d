"""Known devices: a browser where an account has logged in before.

After a successful login the browser gets a signed, HttpOnly cookie naming the account and a
random device id (90 days). When that browser tries to log in to the same account, the login
guard (:class:`.security.LoginGuard`) slows it only by its own failures, not by the account's
or the address's: someone guessing the administrator's password from elsewhere cannot lock the
administrator out. The cookie grants nothing else: the password is still required.
"""

from __future__ import annotations

import datetime as dt
import secrets

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "implan_dispositivo"
LIFETIME = dt.timedelta(days=90)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="implan-regs-dispositivo")


def known_device(username: str) -> str | None:
    """The device id when this browser has logged in to ``username`` before (None otherwise)."""
    token = request.cookies.get(COOKIE)
    if not token or not username:
        return None
    try:
        data = _serializer().loads(token, max_age=int(LIFETIME.total_seconds()))
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != username or not isinstance(data.get("d"), str):
        return None
    return data["d"]


def remember(response, username: str, device: str | None = None):
    """Mark this browser as a known device of ``username`` (keeps its id when it had one)."""
    token = _serializer().dumps({"u": username, "d": device or secrets.token_urlsafe(16)})
    response.set_cookie(COOKIE, token, max_age=int(LIFETIME.total_seconds()), httponly=True, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response
