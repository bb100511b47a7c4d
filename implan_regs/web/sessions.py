"""Server-side web sessions: the signed cookie carries a random session id, the server the record.

Layout (not primary data: left out of backups, never in the history)::

    ROOT/web/sessions/<sha256 of the id>.json   {"user", "password", "created"}  (0600)

A session is valid while its record exists, is younger than :data:`LIFETIME` and was started
under the account's current password hash. So logging out (the record is deleted) ends the
cookie it ended, even a copy saved before; changing or resetting a password ends every session
of that account, in any process; and a signing key alone (a leaked backup of an older layout)
cannot forge a session, because the id must name a record on this server.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import secrets
import time
from pathlib import Path

from ..accounts.users import User, web_dir
from ..fsio import atomic_write

#: How long a session lasts (the cookie's lifetime is the same).
LIFETIME = dt.timedelta(hours=8)


def sessions_dir(root: Path) -> Path:
    return web_dir(root) / "sessions"


def _record(root: Path, sid: str) -> Path:
    return sessions_dir(root) / (hashlib.sha256(sid.encode("utf-8")).hexdigest() + ".json")


def _stamp(user: User) -> str:
    """Which password the session was opened with (a digest of the hash, never the hash)."""
    return hashlib.sha256(user.password.encode("utf-8")).hexdigest()[:32]


def start(root: Path, user: User) -> str:
    """Open a session for ``user``; returns the id to put in the cookie."""
    prune(root)
    sid = secrets.token_urlsafe(32)
    atomic_write(_record(root, sid), json.dumps({"user": user.username, "password": _stamp(user),
                                                 "created": time.time()}), private=True)
    return sid


def is_valid(root: Path, sid: object, user: User) -> bool:
    if not isinstance(sid, str) or not sid:
        return False
    try:
        record = json.loads(_record(root, sid).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return (isinstance(record, dict) and record.get("user") == user.username
            and record.get("password") == _stamp(user)
            and isinstance(record.get("created"), (int, float))
            and time.time() - record["created"] < LIFETIME.total_seconds())


def end(root: Path, sid: object) -> None:
    """Close a session (logout): its cookie, and every copy of it, stops working."""
    if isinstance(sid, str) and sid:
        with contextlib.suppress(OSError):
            _record(root, sid).unlink()


def prune(root: Path) -> None:
    """Delete expired records (run on each login)."""
    folder = sessions_dir(root)
    limit = time.time() - LIFETIME.total_seconds()
    with contextlib.suppress(OSError):
        for path in folder.glob("*.json"):
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < limit:
                    path.unlink()


