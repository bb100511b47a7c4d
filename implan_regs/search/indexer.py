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
import hashlib
import hmac
import json
import os
import re
import secrets
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import StoreError
from ..fsio import atomic_write
from .analysis import TOKEN_RE, analyze
from .backend import Backend, encode_data, engines
from .documents import FOREVER, IndexDoc, expression_documents, parse_unit, proposal_documents, scan_units

MANIFEST_FORMAT = 1
#: Bump when the analysis or the document shape changes: existing indexes are rebuilt.
ANALYZER_VERSION = "es-3"
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
        atomic_write(path, secrets.token_hex(32) + "\n", exclusive=True)  # mkstemp: mode 0600
    except StoreError:  # another process created it first, or it was torn: read it, else replace it
        if _read_key(path) is None:
            atomic_write(path, secrets.token_hex(32) + "\n")
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


def _data_files(folder: Path) -> dict[str, Path]:
    """Every file the manifest must vouch for, by name relative to ``folder``."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != "manifest.json" and not _is_lock(path):
            found[path.relative_to(folder).as_posix()] = path
    return found


def _sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


@dataclass
class FileHashes:
    """SHA-256 of the index files, re-hashing only files that changed since last seen."""

    seen: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # name -> (size, mtime_ns, sha)

    def listing(self, folder: Path) -> dict[str, list]:
        out = {}
        for name, path in _data_files(folder).items():
            st = path.stat()
            cached = self.seen.get(name)
            if cached and cached[:2] == (st.st_size, st.st_mtime_ns):
                sha = cached[2]
            else:
                sha = _sha256(path)
                self.seen[name] = (st.st_size, st.st_mtime_ns, sha)
            out[name] = [st.st_size, sha]
        return out


def verify(folder: Path, key: bytes, engine: str, hashes: FileHashes) -> dict:
    """The manifest of ``folder`` if it is a trusted, complete index; UntrustedIndex otherwise."""
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
    if hashes.listing(folder) != manifest.get("files"):
        raise UntrustedIndex("los archivos del índice no coinciden con su manifiesto")
    return manifest


# --------------------------------------------------------------------------- the index

def index_fields(doc: IndexDoc) -> dict[str, str]:
    """An :class:`IndexDoc` as the fields every backend receives (see :mod:`.backend`)."""
    data = {"unit": doc.unit, "doctype": doc.doctype, "work": doc.work, "kind": doc.kind, "eid": doc.eid,
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


@dataclass
class SyncReport:
    added: int = 0  # units (re)indexed
    removed: int = 0
    documents: int = 0
    rebuilt: bool = False


class SearchIndex:
    """One engine's verified index of one corpus (see :func:`open_index`)."""

    def __init__(self, root: Path, engine: str, backend: Backend, manifest: dict, hashes: FileHashes,
                 folder: Path | None = None):
        self.root, self.engine, self.backend = Path(root), engine, backend
        self.manifest, self._hashes = manifest, hashes
        self.folder = folder or index_dir(self.root, engine)
        self._vocab: list[str] | None = None
        self._near: dict[tuple[int, int], list[str]] = {}
        self._words: list[str] | None = None
        self._words_near: dict[tuple[int, int], list[str]] = {}

    # ------------------------------------------------------------ reading
    def doc_count(self) -> int:
        return self.backend.doc_count()

    def units(self) -> dict[str, dict]:
        return self.manifest["units"]

    def vocabulary(self) -> list[str]:
        """Every indexed term, sorted (read lazily: only fuzzy and prefix queries need it)."""
        if self._vocab is None:
            path = self.folder / "vocab.txt"
            self._vocab = path.read_text("utf-8").split("\n") if path.exists() else []
            self._near = {}
        return self._vocab

    def vocabulary_near(self, length: int, distance: int) -> list[str]:
        """The sorted terms whose length is within ``distance`` of ``length``: the only ones a
        fuzzy match at that edit distance can reach (computed once per length and distance)."""
        key = (length, distance)
        if key not in self._near:
            self._near[key] = [t for t in self.vocabulary() if abs(len(t) - length) <= distance]
        return self._near[key]

    def words(self) -> list[str]:
        """Every indexed word as written (lower case, not stemmed), sorted: what a misspelt word
        is corrected to ("estacionamento" → "estacionamiento")."""
        if self._words is None:
            path = self.folder / "words.txt"
            self._words = path.read_text("utf-8").split("\n") if path.exists() else []
            self._words_near = {}
        return self._words

    def words_near(self, length: int, distance: int) -> list[str]:
        """The words whose length is within ``distance`` of ``length``."""
        key = (length, distance)
        if key not in self._words_near:
            self._words_near[key] = [w for w in self.words() if abs(len(w) - length) <= distance]
        return self._words_near[key]

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

    # ------------------------------------------------------------ writing (caller holds the store lock)
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
        try:
            for unit in removed if not bulk else []:
                writer.delete_unit(unit)
            for done, unit in enumerate(todo, 1):
                if not bulk:
                    writer.delete_unit(unit)
                docs = loaded.documents(unit, info[unit])
                for doc in docs:
                    fields = index_fields(doc)
                    vocab.update(fields["text"].split())
                    vocab.update(fields["path"].split())
                    words.add(doc)
                    writer.add(fields)
                info[unit]["docs"] = len(docs)
                count += len(docs)
                if progress:
                    progress(done, len(todo))
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        self._merge_vocab(vocab)
        self._merge_words(words.seen)
        return count

    def _merge_vocab(self, new_terms: set[str]) -> None:
        known = set(self.vocabulary())
        if new_terms - known:
            self._vocab, self._near = sorted((known | new_terms) - {""}), {}
            atomic_write(self.folder / "vocab.txt", "\n".join(self._vocab))

    def _merge_words(self, new_words: set[str]) -> None:
        known = set(self.words())
        if new_words - known:
            self._words, self._words_near = sorted((known | new_words) - {""}), {}
            atomic_write(self.folder / "words.txt", "\n".join(self._words))

    def _save(self, units: dict, fp: str, *, rebuilt: bool) -> None:
        manifest = {"format": MANIFEST_FORMAT, "engine": self.engine, "analyzer": ANALYZER_VERSION,
                    "fingerprint": fp, "units": units, "built": _now() if rebuilt else self.manifest.get("built"),
                    "updated": _now(), "files": self._hashes.listing(self.folder)}
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

    def documents(self, unit: str, data: dict) -> list[IndexDoc]:
        doctype, name, date = parse_unit(unit)
        if doctype == "vigente":
            return expression_documents(self.expression(name, date), data["from"], data["to"], unit=unit)
        if doctype == "propuesta":
            proposal = self.store.load_proposal(name)
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

    available = engines()
    if engine not in available:
        hint = " (instale el extra: pip install 'implan-regs[tantivy]')" if engine == "tantivy" else ""
        raise InputError(f"motor de búsqueda no disponible: {engine}{hint}")
    return available[engine]


def load_index(root: Path, engine: str) -> SearchIndex:
    """The verified index of ``root`` (UntrustedIndex or FileNotFoundError otherwise); no writes."""
    folder = index_dir(root, engine)
    cached = _OPEN.get((str(folder), engine))
    if cached is not None and (folder / "manifest.json").exists():
        try:
            cached.manifest = verify(folder, corpus_key(root), engine, cached._hashes)
            return cached
        except UntrustedIndex:
            _forget(folder, engine)
            raise
    if not (folder / "manifest.json").exists():
        raise FileNotFoundError(folder)
    hashes = FileHashes()
    manifest = verify(folder, corpus_key(root), engine, hashes)
    index = SearchIndex(root, engine, engine_class(engine).open(folder / "data"), manifest, hashes)
    _OPEN[(str(folder), engine)] = index
    return index


def _forget(folder: Path, engine: str) -> None:
    index = _OPEN.pop((str(folder), engine), None)
    if index is not None:
        index.close()


def rebuild(store, engine: str, *, progress: Progress | None = None) -> tuple[SearchIndex, SyncReport]:
    """Build a fresh index beside the old one, then swap it in (call under the store lock)."""
    folder = index_dir(store.root, engine)
    backend_cls = engine_class(engine)
    _forget(folder, engine)
    fresh = folder.with_name(f"{engine}.new-{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    index = SearchIndex(store.root, engine, backend_cls.create(fresh / "data"), {"units": {}}, FileHashes(),
                        folder=fresh)
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
    """The index of ``store``, verified and current: built on first use, rebuilt when untrusted,
    updated when stale. ``on_rebuild(reason)`` is told why a (long) build starts."""
    try:
        index = load_index(store.root, engine)
        if not index.is_stale(store):
            return index
    except FileNotFoundError:
        index, reason = None, "primera búsqueda: se construye el índice"
    except UntrustedIndex as exc:
        index, reason = None, f"índice no verificado ({exc}): se reconstruye"
    with store.locked():
        if index is not None:
            index.sync(store, progress=progress)
            return index
        if on_rebuild:
            on_rebuild(reason)
        return rebuild(store, engine, progress=progress)[0]


def existing_engines(root: Path) -> list[str]:
    base = Path(root) / INDEX_DIR
    return [e for e in engines() if (base / e / "manifest.json").exists()]


def on_store_change(store, entry) -> None:
    """``Store.listeners`` hook: update every existing index in the same operation.

    It runs under the store lock after the primary write and must never undo it, so any
    failure only leaves the index stale (the next search or ``index status`` notices)."""
    for engine in existing_engines(store.root):
        try:
            load_index(store.root, engine).sync(store)
        except Exception as exc:  # noqa: BLE001 - derived data: never break the primary write
            _forget(index_dir(store.root, engine), engine)
            print(f"Aviso: índice de búsqueda ({engine}) no actualizado: {exc}", file=sys.stderr)
