"""The one way primary data reaches the disk: atomic writes under a lock.

``atomic_write`` writes to a temporary file in the destination directory, fsyncs it,
renames it over the target and fsyncs the directory, so a crash leaves either the old
file or the new one, never a mix. ``store_lock`` is an exclusive ``flock`` with a
timeout and a clear message when another process keeps it.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> atomic_write(d / "a.txt", b"hola")
>>> (d / "a.txt").read_bytes()
b'hola'
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import LockTimeout, StoreError


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path | str, data: bytes | str, *, exclusive: bool = False) -> None:
    """Replace ``path`` with ``data`` atomically.

    With ``exclusive=True`` the write fails if ``path`` already exists (checked at
    rename time with a hard link, so two writers cannot both win).
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if exclusive:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise StoreError("ya existe; no se sobrescribe", path=path) from None
            os.unlink(tmp)
        else:
            os.replace(tmp, path)
        _fsync_dir(path.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if exc.errno == errno.ENOSPC:
            raise StoreError("disco lleno: no se escribió nada", path=path) from None
        raise StoreError(f"no se pudo escribir: {exc.strerror}", path=path) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def append_line(path: Path | str, line: str) -> None:
    """Append one line durably (used for the append-only history log)."""
    path = Path(path)
    data = (line.rstrip("\n") + "\n").encode("utf-8")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise StoreError(f"no se pudo escribir el historial: {exc.strerror}", path=path) from None


@contextlib.contextmanager
def store_lock(lock_path: Path | str, *, timeout: float = 30.0) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_path`` (created if missing)."""
    lock_path = Path(lock_path)
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(
                        f"otro proceso está modificando el acervo desde hace más de {timeout:.0f} s; "
                        "intente de nuevo",
                        path=lock_path,
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)
