"""Accounts of the web application, stored under the corpus root.

Layout (read and written through the store on either backend, in its transaction, so each change is atomic and lands
in ``history.jsonl`` with its author; like every stored file they follow the umask, see README)::

    ROOT/web/users.json      {"users": {"<username>": {name, role, department, password, created}}}

Roles: ``administrador`` (accounts, sharing, reads everything), ``jurídico`` (edits proposals,
answers observations, shares proposals, moves a proposal through its states and publishes it),
``comisión`` (the secretary of a Comisión of regidores: reads every proposal, records the
commission's dictamen, its decision on each observation and the Cabildo's approval; never edits
the draft), ``dependencia`` (bound to one department: sees and
observes only the proposals shared with it, and only its own observations), ``lector``
(published texts only).

Passwords are hashed with scrypt (``hashlib.scrypt``, n=2**14, r=8, p=1, 16-byte random salt
per user): no extra dependency, memory-hard, and the parameters are stored with each hash so
they can be raised later.

>>> import tempfile
>>> from implan_regs.store import Store
>>> store = Store.init(tempfile.mkdtemp())
>>> _ = add_user(store, "ana", password="contraseña-segura", role="jurídico", name="Lic. Ana Martínez")
>>> authenticate(store, "ana", "contraseña-segura").role, authenticate(store, "ana", "otra")
('jurídico', None)
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import InputError, NotFoundError
from ..store import Store
from ..textinput import check_tree

ADMIN, LEGAL, COMMISSION, DEPARTMENT, READER = "administrador", "jurídico", "comisión", "dependencia", "lector"
ROLES = (ADMIN, LEGAL, COMMISSION, DEPARTMENT, READER)
ROLE_NAMES = {ADMIN: "Administrador", LEGAL: "Jurídico", COMMISSION: "Secretaría de Comisión", DEPARTMENT: "Dependencia",
              READER: "Lector"}
USERNAME_RE = re.compile(r"[a-z0-9][a-z0-9._\-]{1,39}")
MIN_PASSWORD = 10
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


def web_dir(root: Path) -> Path:
    return Path(root) / "web"


def users_path(root: Path) -> Path:
    return web_dir(root) / "users.json"


@dataclass
class User:
    username: str
    role: str
    name: str = ""
    department: str | None = None
    password: str = ""  # "scrypt$n$r$p$salt$hash" (base64)
    created: str = ""

    @property
    def display(self) -> str:
        return self.name or self.username

    def public(self) -> dict:
        data = asdict(self)
        del data["password"]
        return data


# ------------------------------------------------------------------ passwords

def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r),
                             p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


# A hash to verify against when the user does not exist, so both cases take the same time.
_DUMMY = hash_password(secrets.token_hex(16))


# ------------------------------------------------------------------ reading

def stored(source: Store | Path | str) -> Store:
    """The store to read accounts from: ``source`` itself, or the store whose root it names
    (callers that keep only the root, such as the web app's cache)."""
    return source if isinstance(source, Store) else Store.open(source)


def load_users(source: Store | Path | str) -> dict[str, User]:
    """Every account of the store (``source``: the store or its root), by user name."""
    store = stored(source)
    path = users_path(store.root)
    try:
        data = json.loads(store.backend.read(path).decode("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise InputError(f"archivo de usuarios ilegible: {exc}", path=path) from None
    return {name: User(username=name, **fields) for name, fields in data.get("users", {}).items()}


def list_users(store: Store) -> list[User]:
    return sorted(load_users(store).values(), key=lambda u: u.username)


def get_user(source: Store | Path | str, username: str) -> User | None:
    return load_users(source).get(username)


def authenticate(store: Store, username: str, password: str) -> User | None:
    """The user when the password matches; None otherwise (same work either way)."""
    user = load_users(store).get((username or "").strip().lower())
    ok = verify_password(password or "", user.password if user else _DUMMY)
    return user if ok and user else None


# ------------------------------------------------------------------ writing

def check_username(username: str) -> str:
    username = (username or "").strip().lower()
    if not USERNAME_RE.fullmatch(username):
        raise InputError("nombre de usuario inválido: 2 a 40 caracteres (minúsculas, dígitos, '.', '_', '-')",
                         path=username or "''")
    return username


def check_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD:
        raise InputError(f"la contraseña debe tener al menos {MIN_PASSWORD} caracteres")
    return password


def _write(store: Store, users: dict[str, User]) -> None:
    for user in users.values():
        check_tree(user, where=user.username)
    data = {"users": {u.username: {k: v for k, v in asdict(u).items() if k != "username"}
                      for u in sorted(users.values(), key=lambda u: u.username)}}
    store.stage(users_path(store.root), json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def add_user(store: Store, username: str, *, password: str, role: str, name: str | None = None,
             department: str | None = None, replace: bool = False, author: str | None = None) -> User:
    """Create an account (``replace=True`` overwrites one, e.g. to reset its password)."""
    username = check_username(username)
    check_password(password)
    if role not in ROLES:
        raise InputError(f"rol inválido; use uno de: {', '.join(ROLES)}", path=role)
    department = " ".join((department or "").split()) or None
    if role == DEPARTMENT and not department:
        raise InputError("un usuario de dependencia necesita su dependencia (--department)")
    if role != DEPARTMENT:
        department = None
    user = User(username, role, " ".join((name or "").split()), department, hash_password(password),
                dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds"))
    with store.locked():
        users = load_users(store)
        if username in users and not replace:
            raise InputError("ya existe un usuario con ese nombre", path=username)
        users[username] = user
        _write(store, users)
        store.record("user-add", author=author,
                     message=f"{username} ({role}{', ' + department if department else ''})")
    return user


def remove_user(store: Store, username: str, *, author: str | None = None) -> None:
    username = (username or "").strip().lower()
    with store.locked():
        users = load_users(store)
        if username not in users:
            raise NotFoundError("usuario inexistente", path=username or "''")
        del users[username]
        _write(store, users)
        store.record("user-remove", author=author, message=username)


def departments(store: Store) -> list[str]:
    """Departments that have at least one account."""
    return sorted({u.department for u in load_users(store).values() if u.department})
