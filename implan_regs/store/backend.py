"""Where a store's files live: on disk (the default) or in PostgreSQL.

Every module names a stored file by its path under the store root (``ROOT/works/<w>/work.json``,
``ROOT/proposals/<id>.xml`` …) and reads, lists and writes it through ``store.backend``, never
with :class:`pathlib.Path` methods, so the same code runs on both backends:

* :class:`FileBackend` keeps the files on disk and commits a transaction through the write-ahead
  journal (:class:`implan_regs.fsio.Journal`) under the store's file lock;
* :class:`implan_regs.store.postgres.PgBackend` keeps them as rows of one schema per store, a
  transaction being one SQL transaction under an advisory lock.

The root itself stays a folder on disk for both: derived, per-machine data (the search index, the
web cache) lives there. Which backend a store uses: :func:`database_url` (``IMPLAN_REGS_DATABASE_URL``)
set means PostgreSQL, else files.

>>> import tempfile, pathlib
>>> backend = FileBackend(pathlib.Path(tempfile.mkdtemp()))
>>> with backend.writing() as tx:
...     tx.write(backend.root / "a" / "b.txt", "uno")
>>> backend.read(backend.root / "a" / "b.txt"), backend.glob(backend.root / "a", "*.txt")[0].name
(b'uno', 'b.txt')
"""

from __future__ import annotations

import fnmatch
import hashlib
import mmap
import os
import re
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Protocol

from ..cache import stamp as file_stamp
from ..fsio import Journal, Transaction, store_lock

#: The environment variable naming the PostgreSQL database (``postgresql://user@host/db``).
DATABASE_URL_VAR = "IMPLAN_REGS_DATABASE_URL"
#: The environment variable naming the store inside that database (default :data:`DEFAULT_STORE`).
STORE_NAME_VAR = "IMPLAN_REGS_STORE"
DEFAULT_STORE = "principal"
HISTORY = "history.jsonl"


def database_url() -> str | None:
    """The PostgreSQL URL when this process uses the PostgreSQL backend, else None."""
    return os.environ.get(DATABASE_URL_VAR) or None


def store_name() -> str:
    return os.environ.get(STORE_NAME_VAR) or DEFAULT_STORE


def local_root(url: str | None = None, store: str | None = None) -> Path:
    """The per-machine folder of a PostgreSQL store when no ``--root`` names one (its search index
    and web cache): ``$XDG_CACHE_HOME/implan-regs/<store>-<8 hex of the database>`` (default
    ``~/.cache``), one per database and store, so two databases never share an index."""
    url = url if url is not None else database_url() or ""
    without_password = re.sub(r"(://[^:/@]+):[^@]*@", r"\1@", url)
    database = hashlib.sha256(without_password.encode("utf-8")).hexdigest()[:8]
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "implan-regs" / f"{store or store_name()}-{database}"


class WriteTransaction(Protocol):
    """What :meth:`Backend.writing` yields: staged writes and history lines, committed together."""

    def write(self, path: Path | str, data: bytes | str) -> None: ...
    def log(self, line: str) -> None: ...


class Backend(Protocol):
    """Reading, listing and atomically writing the files of one store (paths under ``root``)."""

    kind: str
    root: Path

    def read(self, path: Path) -> bytes: ...
    def is_file(self, path: Path) -> bool: ...
    def is_dir(self, path: Path) -> bool: ...
    def glob(self, folder: Path, pattern: str) -> list[Path]: ...
    def names(self, folder: Path, pattern: str) -> list[str]: ...
    def stamp(self, path: Path) -> tuple: ...
    def sha256(self, path: Path) -> str | None: ...
    def mapped(self, path: Path) -> bytes | mmap.mmap: ...
    def history_lines(self) -> list[str]: ...
    def last_history_line(self) -> str | None: ...
    def writing(self) -> AbstractContextManager[WriteTransaction]: ...
    def recover(self) -> int: ...
    def exists(self) -> bool: ...
    def describe(self) -> dict[str, str]: ...


class FileBackend:
    """The store's files on disk, written through the journal under ``ROOT/.lock``."""

    kind = "files"

    def __init__(self, root: Path):
        self.root = Path(root)
        self.journal = Journal(self.root, Path(".journal"), Path(HISTORY))

    def exists(self) -> bool:
        from . import CONFIG

        return (self.root / CONFIG).is_file()

    def describe(self) -> dict[str, str]:
        """Where the store lives, for reports (``check``, ``init``)."""
        return {"backend": self.kind, "root": str(self.root)}

    # ------------------------------------------------------------ reading
    def read(self, path: Path) -> bytes:
        return Path(path).read_bytes()

    def is_file(self, path: Path) -> bool:
        return Path(path).is_file()

    def is_dir(self, path: Path) -> bool:
        return Path(path).is_dir()

    def glob(self, folder: Path, pattern: str) -> list[Path]:
        """The files under ``folder`` matching ``pattern`` (``*`` within one name), sorted by name
        as PostgreSQL sorts them (bytewise)."""
        folder = Path(folder)
        return [folder / name for name in self.names(folder, pattern)]

    def names(self, folder: Path, pattern: str) -> list[str]:
        """Like :meth:`glob`, as paths relative to ``folder`` (``"a/OBS-0001.xml"``): no Path
        objects, for listings of thousands of files (a new observation id reads them all)."""
        base = str(folder)
        return sorted(path[len(base) + 1:] for path in _matching(base, pattern.split("/")))

    def stamp(self, path: Path) -> tuple:
        return file_stamp(Path(path))

    def sha256(self, path: Path) -> str | None:
        """The SHA-256 of the file's content as it is now (None: missing), read in blocks."""
        digest = hashlib.sha256()
        try:
            with Path(path).open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
        except FileNotFoundError:
            return None
        return digest.hexdigest()

    def mapped(self, path: Path) -> bytes | mmap.mmap:
        """The file mapped, not read: searching it for one element touches only the pages scanned."""
        with Path(path).open("rb") as handle:
            if not handle.seek(0, 2):
                return b""  # an empty file cannot be mapped
            return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)

    def history_lines(self) -> list[str]:
        try:
            return (self.root / HISTORY).read_text("utf-8").splitlines()
        except FileNotFoundError:
            return []

    def last_history_line(self) -> str | None:
        from .integrity import last_line

        return last_line(self.root / HISTORY)

    # ------------------------------------------------------------ writing
    @contextmanager
    def writing(self) -> Iterator[Transaction]:
        """Hold the store lock; what the transaction stages commits when the block ends."""
        with store_lock(self.root / ".lock"):
            self.journal.recover()
            tx = self.journal.begin()
            try:
                yield tx
                tx.commit()
            except BaseException:
                tx.abort()
                raise

    def recover(self) -> int:
        """Finish or drop what a crash left in the journal (at open)."""
        if self.journal.dir.is_dir() and any(self.journal.dir.iterdir()):
            with store_lock(self.root / ".lock"):
                return self.journal.recover()
        return 0


def _matching(folder: str, parts: list[str]) -> Iterator[str]:
    """Paths of the files under ``folder`` matching the pattern's ``parts`` (one per level); one
    ``scandir`` per folder, its cached entry types instead of a stat per file."""
    name = re.compile(fnmatch.translate(parts[0]))
    try:
        entries = os.scandir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    with entries:
        for entry in entries:
            if not name.match(entry.name):
                continue
            if len(parts) == 1:
                if entry.is_file():
                    yield entry.path
            elif entry.is_dir():
                yield from _matching(entry.path, parts[1:])


def open_backend(root: Path, *, backend: str | None = None) -> Backend:
    """The backend of the store at ``root``: ``backend`` ("files" or "postgres") when given, else
    PostgreSQL when :func:`database_url` is set, else files."""
    if backend == "files" or (backend is None and not database_url()):
        return FileBackend(root)
    from .postgres import PgBackend

    return PgBackend(root, database_url() or "", store_name())
