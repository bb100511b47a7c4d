"""The index on disk: build, incremental update, fingerprint, status, and trust.

Layout (derived data: delete ``.index/`` at any time, the next search rebuilds it)::

    ROOT/.search-key                      random secret of this corpus (0600)
    ROOT/.index/<engine>/manifest.json    units indexed, fingerprint, file hashes, HMAC
    ROOT/.index/<engine>/vocab.txt        every indexed term (for fuzzy and prefix queries)
    ROOT/.index/<engine>/words.txt        every indexed word, folded (for typo corrections)
    ROOT/.index/<engine>/data/            the engine's own files

**Trust.** whoosh unpickles its files when it opens them, so a folder is opened only when its
manifest carries a valid HMAC (keyed by ``.search-key``) and every file in the folder has the
size and SHA-256 the manifest lists. Anything else (a folder copied from elsewhere, a crash
between the engine's commit and the manifest) is never opened: it is rebuilt.

**Freshness.** The manifest records, for each unit (:mod:`.documents`), the stamp of its
files; the corpus *fingerprint* hashes them all. :func:`sync` re-indexes only the units whose
stamps changed (and the neighbouring version whose in-force interval moved); it runs inside
every recorded change through :func:`on_store_change` (``Store.listeners``) and before every
search when the fingerprint no longer matches, so a search never sees a deleted version.

>>> import tempfile
>>> from implan_regs.store import Store
>>> store = Store.init(tempfile.mkdtemp())
>>> index = open_index(store, "whoosh")
>>> index.status(store)["stale"], index.doc_count()
(False, 0)
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import hmac
import json
import os
import re
import secrets
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import LockTimeout, StoreError
from ..fsio import atomic_write, store_lock
from .analysis import TOKEN_RE, analyze
from .backend import ENGINE_NAMES, Backend, encode_data
from .backend import engine as engine_named
from .documents import (
    FOREVER,
    IndexDoc,
    iter_expression_documents,
    parse_unit,
    proposal_documents,
    scan_units,
)

MANIFEST_FORMAT = 2
#: Bump when the analysis or the document shape changes: existing indexes are rebuilt.
ANALYZER_VERSION = "es-4"  # es-4: whoosh documents carry their fields' norm bytes
KEY_FILE = ".search-key"
INDEX_DIR = ".index"
Progress = Callable[[int, int], None]


class UntrustedIndex(Exception):
    """The folder is not a verified index of this corpus."""


def index_dir(root: Path, engine: str) -> Path:
    return Path(root) / INDEX_DIR / engine


def corpus_key(root: Path) -> bytes:
    """This corpus's secret (created on first use, readable by its owner only).

    A missing, torn or unreadable key is replaced: it only signs derived data, so the worst
    outcome is that existing indexes no longer verify and are rebuilt.
    """
    path = Path(root) / KEY_FILE
    key = _read_key(path)
    if key is not None:
        return key
    try:
        atomic_write(path, secrets.token_hex(32) + "\n", exclusive=True, private=True)  # mode 0600
    except StoreError:  # another process created it first, or it was torn: read it, else replace it
        if _read_key(path) is None:
            atomic_write(path, secrets.token_hex(32) + "\n", private=True)
    key = _read_key(path)
    if key is None:
        raise StoreError("no se pudo crear la clave del índice de búsqueda", path=path)
    return key


def _read_key(path: Path) -> bytes | None:
    try:
        text = path.read_text("ascii").strip()
    except (FileNotFoundError, UnicodeDecodeError):
        return None
    return bytes.fromhex(text) if re.fullmatch(r"[0-9a-f]{64}", text) else None


def fingerprint(units: dict[str, str]) -> str:
    digest = hashlib.sha256(ANALYZER_VERSION.encode())
    for unit in sorted(units):
        digest.update(f"{unit}={units[unit]}\n".encode())
    return digest.hexdigest()[:32]


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds")


# --------------------------------------------------------------------------- manifest and trust

def _signature(key: bytes, manifest: dict) -> str:
    body = json.dumps({k: v for k, v in manifest.items() if k != "hmac"}, sort_keys=True, ensure_ascii=False)
    return hmac.new(key, body.encode(), hashlib.sha256).hexdigest()


def _is_lock(path: Path) -> bool:
    return path.name.endswith(("WRITELOCK", ".lock")) and path.stat().st_size == 0


#: Files an engine rewrites while it works that carry nothing it trusts blindly (tantivy's list
#: of the files it manages): left out of the manifest.
_VOLATILE = (".managed.json",)


def _is_root(name: str) -> bool:
    """The files an engine opens first and that name every other one (whoosh's table of contents,
    tantivy's meta.json): one the manifest does not list must never be opened."""
    return name.endswith(".toc") or name.rsplit("/", 1)[-1] == "meta.json"


def _data_files(folder: Path) -> dict[str, Path]:
    """Every file the manifest vouches for, by name relative to ``folder``."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != "manifest.json" and not _is_lock(path) and path.name not in _VOLATILE:
            found[path.relative_to(folder).as_posix()] = path
    return found


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()  # hashlib.file_digest needs Python 3.11; we support 3.10
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _stamp(st: os.stat_result) -> str:
    """What changes whenever a file's content is written, even with its time set back: size,
    modification and change times, inode."""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"


def listing(folder: Path, previous: dict[str, list] | None = None) -> dict[str, list]:
    """[size, SHA-256, stamp] of every data file; files whose stamp is unchanged since
    ``previous`` keep their hash (an update hashes only the files it wrote)."""
    previous = previous or {}
    out = {}
    for name, path in _data_files(folder).items():
        st = path.stat()
        stamp = _stamp(st)
        known = previous.get(name)
        sha = known[1] if known and len(known) == 3 and known[2] == stamp else _sha256(path)
        out[name] = [st.st_size, sha, stamp]
    return out


def verify(folder: Path, key: bytes, engine: str) -> dict:
    """The manifest of ``folder`` if it is a trusted, complete index; UntrustedIndex otherwise.

    Every file the manifest lists must be there, unchanged: a file whose stamp is the one
    recorded is not re-read (a search does not hash the index); any other is hashed. Files the
    manifest does not list are ignored (another process may be writing its next segment) unless
    the engine would open them first (:func:`_is_root`)."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise UntrustedIndex(f"sin manifiesto legible ({exc.__class__.__name__})") from None
    if not isinstance(manifest, dict) or not hmac.compare_digest(str(manifest.get("hmac", "")),
                                                                  _signature(key, manifest)):
        raise UntrustedIndex("la firma del manifiesto no corresponde a este acervo")
    if manifest.get("format") != MANIFEST_FORMAT or manifest.get("engine") != engine \
            or manifest.get("analyzer") != ANALYZER_VERSION:
        raise UntrustedIndex("formato de índice anterior")
    present = _data_files(folder)
    for name, (size, sha, stamp) in manifest["files"].items():
        path = present.get(name)
        if path is None:
            raise UntrustedIndex("los archivos del índice no coinciden con su manifiesto")
        st = path.stat()
        if st.st_size != size or (_stamp(st) != stamp and _sha256(path) != sha):
            raise UntrustedIndex("los archivos del índice no coinciden con su manifiesto")
    if any(_is_root(name) for name in present if name not in manifest["files"]):
        raise UntrustedIndex("el índice tiene archivos que su manifiesto no lista")
    return manifest


# --------------------------------------------------------------------------- the index

def index_fields(doc: IndexDoc) -> dict[str, str]:
    """An :class:`IndexDoc` as the fields every backend receives (see :mod:`.backend`)."""
    data: dict[str, object] = {"unit": doc.unit, "doctype": doc.doctype, "work": doc.work, "kind": doc.kind, "eid": doc.eid,
            "article": doc.article, "level": doc.level, "label": doc.label, "number": doc.number,
            "version": doc.version, "valid_from": doc.valid_from, "valid_to": doc.valid_to,
            "title": doc.title, "path": doc.path, "text": doc.text, "group_label": doc.group_label}
    if doc.extra:
        data["extra"] = doc.extra
    return {"id": doc.id, "group": f"{doc.unit}#{doc.article}", "unit": doc.unit, "doctype": doc.doctype, "work": doc.work, "kind": doc.kind,
            "level": doc.level, "number": doc.number, "text": analyzed(doc.text),
            "path": analyzed_path(doc.path), "context": analyzed_path(doc.context), "data": encode_data(data)}


def analyzed(text: str) -> str:
    """The terms of ``text`` as the space-separated string every backend indexes."""
    return " ".join(analyze(text))


#: Heading paths repeat across every provision of a chapter: each is analyzed once.
analyzed_path = lru_cache(maxsize=4096)(analyzed)


class _Words:
    """The lower-case words of the documents indexed (the vocabulary typos are corrected against).
    An article's document holds all its sub-provisions' words, so theirs are skipped."""

    def __init__(self):
        self.seen: set[str] = set()
        self._heads: set[tuple[str, str]] = set()

    def add(self, doc: IndexDoc) -> None:
        if doc.eid == doc.article:
            self._heads.add((doc.unit, doc.article))
        elif (doc.unit, doc.article) in self._heads:
            return
        for text in (doc.text, doc.path):
            self.seen.update(folded_words(text))


@lru_cache(maxsize=4096)
def _path_words(text: str) -> frozenset[str]:
    return frozenset(_folded_words(text))


def folded_words(text: str) -> frozenset[str] | set[str]:
    return _path_words(text) if len(text) < 300 else _folded_words(text)


def _folded_words(text: str) -> set[str]:
    """Lower-case words of four letters or more (accents kept, to suggest them as written)."""
    return {w.lower() for w in TOKEN_RE.findall(text) if len(w) > 3 and not w[0].isdigit()}


def _size(stamp: str) -> int:
    """The file size a unit's stamp starts with (how much work indexing it is)."""
    head = stamp.split(":", 1)[0]
    return int(head) if head.isdigit() else 1


class _Meter:
    """Progress of an index update in bytes of source files, moving inside a large unit too
    (a first search after importing one big regulation does not sit at 0 % for seconds)."""

    def __init__(self, progress: Progress | None, sizes: dict[str, int]):
        self.progress, self.sizes = progress, sizes
        self.total = max(1, sum(sizes.values()))
        self.finished = 0

    def within(self, unit: str, share: float) -> None:
        if self.progress:
            self.progress(self.finished + int(self.sizes[unit] * share), self.total)

    def done(self, unit: str) -> None:
        self.finished += self.sizes[unit]
        if self.progress:
            self.progress(self.finished, self.total)


class _SortedList:
    """A sorted list of strings kept in one file of the index folder (``vocab.txt``,
    ``words.txt``): read lazily, filtered by length once per (length, distance) for fuzzy
    matching, and only rewritten when an update brings new entries."""

    def __init__(self, path: Path):
        self.path = path
        self._items: list[str] | None = None
        self._near: dict[tuple[int, int], list[str]] = {}

    def items(self) -> list[str]:
        if self._items is None:
            self._items = self.path.read_text("utf-8").split("\n") if self.path.exists() else []
            self._near = {}
        return self._items

    def near(self, length: int, distance: int) -> list[str]:
        key = (length, distance)
        if key not in self._near:
            self._near[key] = [t for t in self.items() if abs(len(t) - length) <= distance]
        return self._near[key]

    def merge(self, new: set[str]) -> None:
        known = set(self.items())
        if new - known:
            self._items, self._near = sorted((known | new) - {""}), {}
            atomic_write(self.path, "\n".join(self._items))

    def forget(self) -> None:
        """Read the file again on next use (another process rewrote it)."""
        self._items, self._near = None, {}


@dataclass
class SyncReport:
    added: int = 0  # units (re)indexed
    removed: int = 0
    documents: int = 0
    rebuilt: bool = False


class SearchIndex:
    """One engine's verified index of one corpus (see :func:`open_index`)."""

    def __init__(self, root: Path, engine: str, backend: Backend, manifest: dict, folder: Path | None = None):
        self.root, self.engine, self.backend = Path(root), engine, backend
        self.manifest = manifest
        self.folder = folder or index_dir(self.root, engine)
        self._vocab = _SortedList(self.folder / "vocab.txt")
        self._words = _SortedList(self.folder / "words.txt")

    # ------------------------------------------------------------ reading
    def doc_count(self) -> int:
        return self.backend.doc_count()

    def units(self) -> dict[str, dict]:
        return self.manifest["units"]

    def vocabulary(self) -> list[str]:
        """Every indexed term, sorted (read lazily: only fuzzy and prefix queries need it)."""
        return self._vocab.items()

    def vocabulary_near(self, length: int, distance: int) -> list[str]:
        """The sorted terms whose length is within ``distance`` of ``length``: the only ones a
        fuzzy match at that edit distance can reach (computed once per length and distance)."""
        return self._vocab.near(length, distance)

    def words(self) -> list[str]:
        """Every indexed word as written (lower case, not stemmed), sorted: what a misspelt word
        is corrected to ("estacionamento" → "estacionamiento")."""
        return self._words.items()

    def words_near(self, length: int, distance: int) -> list[str]:
        """The words whose length is within ``distance`` of ``length``."""
        return self._words.near(length, distance)

    def status(self, store) -> dict:
        current = fingerprint(scan_units(store))
        units = self.units()
        return {"engine": self.engine, "path": str(self.folder), "exists": True,
                "fingerprint": self.manifest["fingerprint"], "corpus_fingerprint": current,
                "stale": current != self.manifest["fingerprint"], "documents": self.doc_count(),
                "units": {t: sum(1 for u in units if u.startswith(t + ":"))
                          for t in ("vigente", "propuesta", "observacion")},
                "built": self.manifest.get("built"), "updated": self.manifest.get("updated")}

    def is_stale(self, store) -> bool:
        return fingerprint(scan_units(store)) != self.manifest["fingerprint"]

    def catch_up(self, store, *, progress: Progress | None = None, rounds: int = 5) -> None:
        """Sync until the corpus stops changing under it (changes other processes committed
        while this one held the index lock are indexed before it lets go)."""
        for _ in range(rounds):
            if not self.is_stale(store):
                return
            self.sync(store, progress=progress)

    def forget_vocabulary(self) -> None:
        self._vocab.forget()
        self._words.forget()

    # ------------------------------------------------------------ writing (caller holds the index lock)
    def sync(self, store, *, progress: Progress | None = None) -> SyncReport:
        """Bring the index up to date with the corpus, re-indexing only what changed."""
        current = scan_units(store)
        old: dict[str, dict] = self.manifest["units"]
        removed = [u for u in old if u not in current]
        changed = {u for u, stamp in current.items() if old.get(u, {}).get("stamp") != stamp}
        info = {u: dict(old[u]) for u in current if u in old and u not in changed}
        loaded = _Loader(store)
        for unit in sorted(changed):
            info[unit] = loaded.describe(unit, current[unit])
        todo = changed | _intervals(info, old)
        report = SyncReport(added=len(todo), removed=len(removed), rebuilt=not old)
        if todo or removed:
            report.documents = self._write(removed, sorted(todo), info, loaded, progress, bulk=not old)
        self._save(info, fingerprint(current), rebuilt=not old)
        return report

    def _write(self, removed: list[str], todo: list[str], info: dict, loaded: _Loader,
               progress: Progress | None, *, bulk: bool) -> int:
        writer = self.backend.writer(bulk=bulk)
        vocab: set[str] = set()
        words = _Words()
        count = 0
        meter = _Meter(progress, {unit: _size(info[unit]["stamp"]) for unit in todo})
        try:
            for unit in removed if not bulk else []:
                writer.delete_unit(unit)
            for unit in todo:
                if not bulk:
                    writer.delete_unit(unit)
                docs, estimate = loaded.documents(unit, info[unit])
                n = 0
                for n, doc in enumerate(docs, 1):
                    fields = index_fields(doc)
                    vocab.update(fields["text"].split())
                    vocab.update(fields["path"].split())
                    words.add(doc)
                    writer.add(fields)
                    if n % 500 == 0:
                        meter.within(unit, min(1.0, n / max(1, estimate)))
                meter.done(unit)
                loaded.release(unit)
                info[unit]["docs"] = n
                count += n
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        self._vocab.merge(vocab)
        self._words.merge(words.seen)
        return count

    def _save(self, units: dict, fp: str, *, rebuilt: bool) -> None:
        manifest = {"format": MANIFEST_FORMAT, "engine": self.engine, "analyzer": ANALYZER_VERSION,
                    "fingerprint": fp, "units": units, "built": _now() if rebuilt else self.manifest.get("built"),
                    "updated": _now(), "files": listing(self.folder, self.manifest.get("files"))}
        manifest["hmac"] = _signature(corpus_key(self.root), manifest)
        atomic_write(self.folder / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        self.manifest = manifest

    def close(self) -> None:
        self.backend.close()


def _intervals(info: dict[str, dict], old: dict[str, dict]) -> set[str]:
    """Set each version's in-force interval; the units whose interval moved must be re-indexed."""
    by_work: dict[str, list[str]] = {}
    for unit, data in info.items():
        if data["doctype"] == "vigente":
            by_work.setdefault(data["work"], []).append(unit)
    moved = set()
    for units in by_work.values():
        units.sort(key=lambda u: (info[u]["from"], info[u]["date"]))
        for unit, nxt in zip(units, units[1:] + [None], strict=True):
            info[unit]["to"] = info[nxt]["from"] if nxt else FOREVER
            if old.get(unit, {}).get("to") != info[unit]["to"]:
                moved.add(unit)
    return moved


class _Loader:
    """Reads the corpus for one sync, each file at most once."""

    def __init__(self, store):
        self.store = store
        self._docs: dict[tuple[str, str], object] = {}

    def expression(self, work: str, date: str):
        if (work, date) not in self._docs:
            self._docs[(work, date)] = self.store.load(work, date)
        return self._docs[(work, date)]

    def describe(self, unit: str, stamp: str) -> dict:
        doctype, name, date = parse_unit(unit)
        data = {"stamp": stamp, "doctype": doctype, "work": name}
        if doctype == "vigente":
            meta = self.expression(name, date).meta
            data.update(date=date, **{"from": meta.entry_into_force or date})
        return data

    def documents(self, unit: str, data: dict) -> tuple[Iterable[IndexDoc], int]:
        """The documents of ``unit`` (streamed for a version in force) and about how many."""
        doctype, name, date = parse_unit(unit)
        if doctype == "vigente":
            doc = self.expression(name, date)
            estimate = sum(1 for _ in doc.walk())
            return iter_expression_documents(doc, data["from"], data["to"], unit=unit), estimate
        docs = self._listed(unit, data)
        return docs, len(docs)

    def release(self, unit: str) -> None:
        """Forget a version once its unit is indexed (a rebuild holds one tree at a time)."""
        doctype, name, date = parse_unit(unit)
        if doctype == "vigente":
            self._docs.pop((name, date), None)

    def _listed(self, unit: str, data: dict) -> list[IndexDoc]:
        doctype, name, date = parse_unit(unit)
        if doctype == "propuesta":
            from ..reform.storage import load_proposal

            proposal = load_proposal(self.store, name)
            data["work"] = proposal.work
            base = self.expression(proposal.work, proposal.base) if proposal.base else None
            return proposal_documents(proposal, base)
        if doctype == "observacion":
            from .observations_adapter import observation_unit_documents

            return observation_unit_documents(self.store, unit)
        return []


# --------------------------------------------------------------------------- opening

_OPEN: dict[tuple[str, str], SearchIndex] = {}


def engine_class(engine: str) -> type[Backend]:
    from ..errors import InputError

    found = engine_named(engine) if engine in ENGINE_NAMES else None  # imports that engine only
    if found is None:
        hint = " (instale el extra: pip install 'implan-regs[tantivy]')" if engine == "tantivy" else ""
        raise InputError(f"motor de búsqueda no disponible: {engine}{hint}")
    return found


#: How long a reader waits for another process to finish committing the index it reads
#: (the moment between the engine's commit and its manifest): seconds.
COMMIT_WAIT = 3.0


def load_index(root: Path, engine: str) -> SearchIndex:
    """The verified index of ``root`` (UntrustedIndex or FileNotFoundError otherwise); no writes.

    While another process holds the index lock its files may be between two commits: the
    reader retries for a moment (:data:`COMMIT_WAIT`) instead of calling the index untrusted."""
    deadline = time.monotonic() + COMMIT_WAIT
    while True:
        try:
            return _load_verified(root, engine)
        except UntrustedIndex:
            if not index_busy(root, engine) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _load_verified(root: Path, engine: str) -> SearchIndex:
    folder = index_dir(root, engine)
    cached = _OPEN.get((str(folder), engine))
    if cached is not None and (folder / "manifest.json").exists():
        try:
            manifest = verify(folder, corpus_key(root), engine)
        except UntrustedIndex:
            _forget(folder, engine)
            raise
        if manifest.get("updated") != cached.manifest.get("updated"):
            cached.forget_vocabulary()  # another process updated it
        cached.manifest = manifest
        return cached
    if not (folder / "manifest.json").exists():
        raise FileNotFoundError(folder)
    manifest = verify(folder, corpus_key(root), engine)
    index = SearchIndex(root, engine, engine_class(engine).open(folder / "data"), manifest)
    _OPEN[(str(folder), engine)] = index
    return index


def _forget(folder: Path, engine: str) -> None:
    index = _OPEN.pop((str(folder), engine), None)
    if index is not None:
        index.close()


# --------------------------------------------------------------------------- the index lock

def _lock_path(root: Path, engine: str) -> Path:
    return Path(root) / INDEX_DIR / f"{engine}.lock"


@contextmanager
def index_lock(root: Path, engine: str, *, wait: bool) -> Iterator[bool]:
    """Hold the lock of one engine's index (not the store's: derived data never blocks the
    corpus). Yields False at once when another process holds it and ``wait`` is false."""
    lock = store_lock(_lock_path(root, engine), timeout=None if wait else 0)
    try:
        lock.__enter__()
    except LockTimeout:
        if wait:
            raise StoreError("otro proceso está actualizando el índice de búsqueda; intente de nuevo en unos "
                             "momentos", path=index_dir(root, engine)) from None
        yield False
        return
    try:
        yield True
    finally:
        lock.__exit__(None, None, None)


def index_busy(root: Path, engine: str) -> bool:
    """True while another process updates this index."""
    try:  # read-only is enough to probe a flock (a reader may not be allowed to write it)
        fd = os.open(_lock_path(root, engine), os.O_RDONLY)
    except FileNotFoundError:  # no lock file: nobody has ever updated it (or .index was deleted)
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def rebuild(store, engine: str, *, progress: Progress | None = None) -> tuple[SearchIndex, SyncReport]:
    """Build a fresh index beside the old one, then swap it in (call under :func:`index_lock`)."""
    folder = index_dir(store.root, engine)
    backend_cls = engine_class(engine)
    _forget(folder, engine)
    fresh = folder.with_name(f"{engine}.new-{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    index = SearchIndex(store.root, engine, backend_cls.create(fresh / "data"), {"units": {}}, folder=fresh)
    try:
        report = index.sync(store, progress=progress)
    finally:
        index.close()
    _swap(fresh, folder)
    return load_index(store.root, engine), report


def _swap(fresh: Path, folder: Path) -> None:
    old = folder.with_name(f"{folder.name}.old-{os.getpid()}")
    if folder.exists():
        folder.rename(old)
    fresh.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def open_index(store, engine: str = "whoosh", *, progress: Progress | None = None,
               on_rebuild: Callable[[str], None] | None = None) -> SearchIndex:
    """The index of ``store``, verified and as current as it can be without waiting: built on
    first use, rebuilt when untrusted, caught up when stale, unless another process is updating
    it right now (then the last committed index answers: readers never wait for writers).
    ``on_rebuild(reason)`` is told why a (long) build starts."""
    try:
        index = load_index(store.root, engine)
    except FileNotFoundError:
        index, reason = None, "primera búsqueda: se construye el índice"
    except UntrustedIndex as exc:
        index, reason = None, f"índice no verificado ({exc}): se reconstruye"
    if index is not None:
        if index.is_stale(store):
            with index_lock(store.root, engine, wait=False) as held:
                if held:
                    index.catch_up(store, progress=progress)
        return index
    with index_lock(store.root, engine, wait=True):  # nothing to read yet: wait for a builder
        try:
            index = load_index(store.root, engine)  # another process built it meanwhile
        except (FileNotFoundError, UntrustedIndex):
            if on_rebuild:
                on_rebuild(reason)
            return rebuild(store, engine, progress=progress)[0]
        index.catch_up(store, progress=progress)
        return index


def existing_engines(root: Path) -> list[str]:
    base = Path(root) / INDEX_DIR
    return [e for e in ENGINE_NAMES if (base / e / "manifest.json").exists() and engine_named(e) is not None]


def on_store_change(store, entry, *, defer_bytes: int | None = None) -> None:
    """``Store.listeners`` hook: bring every existing index up to date after a change.

    It runs after the change is committed and the store lock released, under the index's own
    lock, and never waits for it: when another process holds it, that process catches up
    before it lets go (:meth:`SearchIndex.catch_up`), or the next search does. A change larger
    than ``defer_bytes`` of source files (a whole regulation imported from the command line) is
    indexed by a background process (:mod:`.catchup`), so the command that made it returns
    at once. A failure only leaves the index stale."""
    spawn = False
    for engine in existing_engines(store.root):
        try:
            with index_lock(store.root, engine, wait=False) as held:
                if not held:
                    continue
                if defer_bytes is not None and _pending_bytes(store, engine) > defer_bytes:
                    spawn = True  # decided from the manifest alone: the engine is not even loaded
                else:
                    load_index(store.root, engine).catch_up(store)
        except Exception as exc:  # noqa: BLE001 - derived data: never break the primary write
            _forget(index_dir(store.root, engine), engine)
            print(f"Aviso: índice de búsqueda ({engine}) no actualizado: {exc}", file=sys.stderr)
    if spawn:
        start_catch_up(store.root)


def _pending_bytes(store, engine: str) -> int:
    """How much source the index of ``engine`` has not seen, read from its manifest (not
    verified: this only decides where the update runs, and the update verifies)."""
    try:
        units = json.loads((index_dir(store.root, engine) / "manifest.json").read_text("utf-8"))["units"]
    except (OSError, ValueError, KeyError, TypeError):
        return 0
    return sum(_size(stamp) for unit, stamp in scan_units(store).items()
               if not isinstance(units.get(unit), dict) or units[unit].get("stamp") != stamp)


def start_catch_up(root: Path) -> None:
    """Start a detached process that brings every index of ``root`` up to date
    (:mod:`.catchup`); its errors go to ``.index/catchup.log``."""
    import subprocess

    log = Path(root) / INDEX_DIR / "catchup.log"
    with open(log, "ab") as err:
        subprocess.Popen([sys.executable, "-m", "implan_regs.search.catchup", str(root)],  # noqa: S603
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
                         start_new_session=True, close_fds=True)
