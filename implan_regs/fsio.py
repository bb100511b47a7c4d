"""The one way primary data reaches the disk: atomic writes under a lock, journaled.

``atomic_write`` writes to a temporary file in the destination directory, fsyncs it,
renames it over the target and fsyncs the directory, so a crash leaves either the old
file or the new one, never a mix. ``store_lock`` is an exclusive ``flock`` with a
timeout and a clear message when another process keeps it. :class:`Journal` commits
several files plus their history lines as one unit and recovers after a crash.

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
import json
import os
import time  # shutil, tempfile, random: imported where they write (a read never loads them)
from collections.abc import Iterator
from pathlib import Path

from .errors import InputError, LockTimeout, StoreError


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _process_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: The umask when the process started: stored files get ``0o666 & ~UMASK`` like any file the
#: user creates (``umask 027`` plus a group shared with the web server's user lets it read them).
UMASK = _process_umask()


def atomic_write(path: Path | str, data: bytes | str, *, exclusive: bool = False, private: bool = False,
                 durable: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically.

    With ``exclusive=True`` the write fails if ``path`` already exists (checked at
    rename time with a hard link, so two writers cannot both win). The file's mode follows
    the process umask; ``private=True`` (keys, sessions) makes it 0600 whatever the umask.
    ``durable=False`` skips the fsyncs for derived files that are rebuilt at will (the public
    portal's thousands of pages): readers still never see a torn file, but after a power loss
    the old or an empty file may be there.
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # 0600
    try:
        if not private:
            os.fchmod(fd, 0o666 & ~UMASK)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        if exclusive:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise StoreError("ya existe; no se sobrescribe", path=path) from None
            os.unlink(tmp)
        else:
            os.replace(tmp, path)
        if durable:
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
def new_folder(target: Path | str) -> Iterator[Path]:
    """A folder to fill that appears at ``target`` (absent or empty) only whole: the block fills a
    staging folder beside it, renamed into place when the block ends; on an error it is removed and
    ``target`` is as before. Refuses a ``target`` that exists and is not an empty folder.

    >>> import tempfile
    >>> with new_folder(Path(tempfile.mkdtemp()) / "copia") as staging:
    ...     _ = (staging / "a.txt").write_text("uno")
    """
    import shutil
    import tempfile

    target = Path(target).absolute()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InputError("el destino ya existe y no está vacío", path=target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        yield staging
        if target.exists():
            target.rmdir()
        os.chmod(staging, 0o777 & ~UMASK)  # mkdtemp made it 0700: the folder follows the umask
        os.replace(staging, target)
        _fsync_dir(target.parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


@contextlib.contextmanager
def store_lock(lock_path: Path | str, *, timeout: float | None = None) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_path`` (created if missing).

    The wait is bounded by ``timeout`` seconds (default: ``IMPLAN_REGS_LOCK_TIMEOUT`` or 30).
    """
    if timeout is None:
        timeout = float(os.environ.get("IMPLAN_REGS_LOCK_TIMEOUT", "30"))
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
                # Jittered short waits: when the holder releases, every waiter has an even
                # chance, so no writer starves behind a busy queue.
                import random
                time.sleep(random.uniform(0.002, 0.02))
        yield
    finally:
        os.close(fd)


class Journal:
    """Several files and log lines committed as one unit (write-ahead journal).

    Files are staged in ``<journal_dir>/<txid>/`` (fsynced), then ``<txid>.json`` — the
    commit point — lists the renames and the log lines; applying it renames the staged files
    into place, appends the lines and removes the journal. :meth:`recover` finishes any
    committed journal left by a crash (roll forward) and deletes uncommitted staging, so after
    a crash every transaction either fully happened or did not happen at all.

    The manifest records paths relative to ``root`` (made absolute once, here), so a journal
    left by a command started in one directory is finished by a command started in another.
    """

    def __init__(self, root: Path, journal_dir: Path, log_path: Path):
        self.root = Path(root).absolute()
        self.dir = self.root / journal_dir
        self.log_path = self.root / log_path

    def relative(self, path: Path) -> str:
        """``path`` as the manifest records it: relative to :attr:`root` (where it must lie)."""
        try:
            return str(Path(path).absolute().relative_to(self.root))
        except ValueError:
            raise RuntimeError(f"journaled write outside the store: {path}") from None  # programming error

    def absolute(self, recorded: str) -> Path:
        """A manifest path back on disk (absolute paths of older manifests are kept as they are)."""
        return self.root / recorded

    def begin(self) -> Transaction:
        import uuid

        return Transaction(self, uuid.uuid4().hex)

    def recover(self) -> int:
        """Finish committed transactions and drop uncommitted ones; return how many were finished."""
        if not self.dir.is_dir():
            return 0
        finished = 0
        for manifest in sorted(self.dir.glob("*.json")):
            try:
                data = json.loads(manifest.read_text("utf-8"))
            except ValueError:  # a torn manifest was never committed (atomic_write renames it whole)
                manifest.unlink()
                continue
            self._apply(data, recovering=True)
            finished += 1
        for leftover in self.dir.iterdir():  # staging of uncommitted transactions, temp files
            if leftover.is_dir():
                import shutil
                shutil.rmtree(leftover, ignore_errors=True)
            elif leftover.suffix != ".json":
                leftover.unlink(missing_ok=True)
        return finished

    def _apply(self, data: dict, *, recovering: bool) -> None:
        for tmp, final in data["renames"]:
            tmp_path, final_path = self.absolute(tmp), self.absolute(final)
            if tmp_path.exists():
                final_path.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp_path, final_path)
                _fsync_dir(final_path.parent)
        if data["lines"]:
            # After a crash the lines may already be there: append each one exactly once.
            done = self._logged_ids() if recovering else set()
            if recovering:
                self._end_with_newline()
            for line in data["lines"]:
                if json.loads(line).get("id") not in done:
                    append_line(self.log_path, line)
        (self.dir / f"{data['id']}.json").unlink(missing_ok=True)
        import shutil
        shutil.rmtree(self.dir / data["id"], ignore_errors=True)
        _fsync_dir(self.dir)

    def _end_with_newline(self) -> None:
        """A line torn by a crash must not glue itself to the next one."""
        if self.log_path.exists() and self.log_path.stat().st_size:
            with self.log_path.open("rb") as fh:
                fh.seek(-1, os.SEEK_END)
                if fh.read(1) != b"\n":
                    append_line(self.log_path, "")

    def _logged_ids(self) -> set[str]:
        if not self.log_path.exists():
            return set()
        ids = set()
        with self.log_path.open(encoding="utf-8") as fh:
            for line in fh:
                if '"id"' in line:
                    try:
                        ids.add(json.loads(line).get("id"))
                    except ValueError:
                        continue
        return ids


class Transaction:
    """Staged writes and log lines of one operation (see :class:`Journal`)."""

    def __init__(self, journal: Journal, txid: str):
        self.journal = journal
        self.id = txid
        self.renames: list[tuple[Path, Path]] = []
        self.lines: list[str] = []
        self.committed = False

    def write(self, path: Path | str, data: bytes | str) -> None:
        path = Path(path)
        staging = self.journal.dir / self.id
        tmp = staging / f"{len(self.renames):04d}-{path.name}"
        atomic_write(tmp, data)
        self.renames.append((tmp, path))

    def log(self, line: str) -> None:
        self.lines.append(line)

    def commit(self) -> None:
        if not self.renames and not self.lines:
            return
        renames = [[self.journal.relative(tmp), self.journal.relative(final)] for tmp, final in self.renames]
        manifest = {"id": self.id, "renames": renames, "lines": self.lines}
        atomic_write(self.journal.dir / f"{self.id}.json", json.dumps(manifest, ensure_ascii=False))
        self.committed = True  # from here on a failure is finished by recover(), never undone
        self.journal._apply(manifest, recovering=False)

    def abort(self) -> None:
        if not self.committed:
            import shutil
            shutil.rmtree(self.journal.dir / self.id, ignore_errors=True)
