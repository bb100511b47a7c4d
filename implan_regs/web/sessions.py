"""Server-side web sessions: the signed cookie carries a random session id, the server the record.

Where the records live (not primary data: left out of backups, never in the history):

* file backend: ``ROOT/web/sessions/<sha256 of the id>.json`` ``{"user", "password", "created"}`` (0600);
* PostgreSQL: rows of the store's ``web_sessions`` table (:mod:`implan_regs.store.pglive`), so
  every process and machine serving the store shares them.

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
from ..store import Store
from ..store.postgres import PgBackend

#: How long a session lasts (the cookie's lifetime is the same).
LIFETIME = dt.timedelta(hours=8)


def sessions_dir(root: Path) -> Path:
    return web_dir(root) / "sessions"


def _key(sid: str) -> str:
    return hashlib.sha256(sid.encode("utf-8")).hexdigest()


def _record(root: Path, sid: str) -> Path:
    return sessions_dir(root) / (_key(sid) + ".json")


def _stamp(user: User) -> str:
    """Which password the session was opened with (a digest of the hash, never the hash)."""
    return hashlib.sha256(user.password.encode("utf-8")).hexdigest()[:32]


def start(store: Store, user: User) -> str:
    """Open a session for ``user``; returns the id to put in the cookie."""
    sid = secrets.token_urlsafe(32)
    if isinstance(store.backend, PgBackend):
        from ..store import pglive

        pglive.put_session(store.backend, _key(sid), user.username, _stamp(user), LIFETIME.total_seconds())
        return sid
    prune(store.root)
    atomic_write(_record(store.root, sid), json.dumps({"user": user.username, "password": _stamp(user),
                                                       "created": time.time()}), private=True)
    return sid


def is_valid(store: Store, sid: object, user: User) -> bool:
    if not isinstance(sid, str) or not sid:
        return False
    found = _lookup(store, sid)
    if found is None:
        return False
    username, password, age = found
    return username == user.username and password == _stamp(user) and age < LIFETIME.total_seconds()


def _lookup(store: Store, sid: str) -> tuple[object, object, float] | None:
    """(user name, password stamp, age in seconds) of the session's record, or None."""
    if isinstance(store.backend, PgBackend):
        from ..store import pglive

        return pglive.get_session(store.backend, _key(sid))
    try:
        record = json.loads(_record(store.root, sid).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or not isinstance(record.get("created"), (int, float)):
        return None
    return record.get("user"), record.get("password"), time.time() - record["created"]


def end(store: Store, sid: object) -> None:
    """Close a session (logout): its cookie, and every copy of it, stops working."""
    if not isinstance(sid, str) or not sid:
        return
    if isinstance(store.backend, PgBackend):
        from ..store import pglive

        pglive.drop_session(store.backend, _key(sid))
        return
    with contextlib.suppress(OSError):
        _record(store.root, sid).unlink()


def prune(root: Path) -> None:
    """Delete expired records of a file store (run on each login)."""
    folder = sessions_dir(root)
    limit = time.time() - LIFETIME.total_seconds()
    with contextlib.suppress(OSError):
        for path in folder.glob("*.json"):
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < limit:
                    path.unlink()
