"""Backups of a whole corpus: ``backup`` writes a verified archive, ``restore`` rebuilds a root.

The archive is a ``.tar.gz`` holding the corpus root's primary files (derived data such as
the search index, the lock and the journal are left out, and so are secrets: see :data:`SECRETS`) plus ``MANIFEST.json`` with the
SHA-256 of every file. ``restore`` refuses archives whose members are not plain files with
safe relative names, checks every checksum, extracts into a temporary folder beside the
target and renames it into place, so a bad archive never leaves a half-restored corpus.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from ..errors import InputError, StoreError
from ..fsio import atomic_write, new_folder
from . import CONFIG, Store

MANIFEST = "MANIFEST.json"
SKIP = {".lock", ".journal", ".index", ".search"}
#: Secrets and live state that never go into an archive: the web signing key, the web sessions,
#: the failed logins ``serve --workers`` counts and the search index's HMAC key. A restore has none of them; they are generated anew on first
#: use, so every session of the backed-up site is invalid on the restored one.
SECRETS = ("web/secret-key", "web/sessions/", "web/login-failures/", ".search-key")
MAX_ARCHIVE_BYTES = 4 * 1024**3
MAX_MEMBERS = 200_000


def primary_files(root: Path) -> list[Path]:
    """The primary files of the file store at ``root``: what a backup archives and migration copies."""
    out = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if rel.parts[0] in SKIP or rel.parts[0].startswith(".index") or not path.is_file() or path.is_symlink():
            continue
        if _is_secret(rel.as_posix()):
            continue
        out.append(path)
    return out


def _is_secret(rel: str) -> bool:
    return any(rel == secret or (secret.endswith("/") and rel.startswith(secret)) for secret in SECRETS)


def backup(store: Store, output: Path, *, force: bool = False) -> dict:
    """Write the archive (under the lock, so it is a consistent snapshot). Returns the manifest
    (on PostgreSQL: a pg_dump archive, see :mod:`.pgbackup`)."""
    from .postgres import PgBackend

    if isinstance(store.backend, PgBackend):
        from .pgbackup import dump

        return dump(store.backend, output, force=force)
    output = Path(output)
    if output.exists() and not force:
        raise InputError("ya existe; use --force para sobrescribirlo", path=output)
    if store.root.resolve() in output.resolve().parents:
        raise InputError("la copia no puede guardarse dentro del propio acervo", path=output)
    buffer = io.BytesIO()
    with store.locked():
        files = primary_files(store.root)
        hashes: dict[str, str] = {}
        with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
            for path in files:
                data = path.read_bytes()
                rel = path.relative_to(store.root).as_posix()
                hashes[rel] = hashlib.sha256(data).hexdigest()
                _add(tar, rel, data)
            manifest = {"format": 1, "files": hashes}
            _add(tar, MANIFEST, json.dumps(manifest, indent=1).encode("utf-8"))
    try:
        atomic_write(output, buffer.getvalue(), private=True)  # it holds the accounts' password hashes
    except StoreError as exc:
        raise InputError(exc.message, path=output) from None
    return manifest


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == path.as_posix() and bool(name)


def read_archive(archive: Path) -> tuple[dict, dict[str, bytes]]:
    """Members and manifest of a backup, verified; InputError on anything suspicious."""
    archive = Path(archive)
    if not archive.is_file():
        raise InputError("no existe o no es un archivo", path=archive)
    if archive.stat().st_size > MAX_ARCHIVE_BYTES:
        raise InputError("archivo demasiado grande para ser una copia del acervo", path=archive)
    members: dict[str, bytes] = {}
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for n, info in enumerate(tar):
                if n > MAX_MEMBERS:
                    raise InputError("demasiados archivos en la copia", path=archive)
                if not info.isfile() or not _safe_name(info.name):
                    raise InputError(f"miembro no permitido en la copia: {info.name!r}", path=archive)
                fh = tar.extractfile(info)
                members[info.name] = fh.read() if fh else b""
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise InputError(f"no es una copia válida (.tar.gz): {exc}", path=archive) from None
    try:
        manifest = json.loads(members.pop(MANIFEST))
    except (KeyError, ValueError):
        raise InputError("la copia no tiene un MANIFEST.json válido", path=archive) from None
    expected = manifest.get("files", {})
    if set(expected) != set(members):
        raise InputError("la copia no coincide con su manifiesto (faltan o sobran archivos)", path=archive)
    for name, data in members.items():
        if hashlib.sha256(data).hexdigest() != expected[name]:
            raise InputError(f"suma de verificación incorrecta: {name}", path=archive)
    if CONFIG not in members:
        raise InputError("la copia no contiene un acervo de implan-regs", path=archive)
    # An archive written before secrets were left out still carries them: never restore them.
    return manifest, {name: data for name, data in members.items() if not _is_secret(name)}


def restore_store(archive: Path, root: Path) -> Store:
    """Restore ``archive`` into the store of this process: a file store at ``root`` (absent or
    empty), or, with IMPLAN_REGS_DATABASE_URL, the PostgreSQL store it names (new or just
    created; ``root`` its local folder). A pg_dump archive goes through pg_restore; a file
    backup into PostgreSQL is restored beside it and migrated (both verified)."""
    from .backend import database_url, open_backend
    from .pgbackup import is_dump, restore_dump
    from .postgres import PgBackend

    if not database_url():
        if is_dump(archive):
            raise InputError("es una copia de PostgreSQL (pg_dump): restáurela con IMPLAN_REGS_DATABASE_URL "
                             "y, si hace falta, páselo a archivos con 'implan-regs export-store'", path=archive)
        return restore(archive, root)
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    backend = open_backend(root.resolve(), backend="postgres")
    assert isinstance(backend, PgBackend)
    if is_dump(archive):
        restore_dump(archive, backend)
    else:
        from .migrate import migrate_from_files

        with tempfile.TemporaryDirectory(prefix=".restore.", dir=root) as scratch:
            migrate_from_files(restore(archive, Path(scratch) / "acervo").root, backend)
    return Store.open(root)


def restore(archive: Path, target: Path) -> Store:
    """Rebuild a file store at ``target`` (which must not exist or be empty) from ``archive``."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InputError("el destino ya existe y no está vacío", path=target)  # before reading the archive
    _, members = read_archive(archive)
    with new_folder(target) as staging:
        for name, data in members.items():
            atomic_write(staging / name, data)
    return Store.open(target, backend="files")
