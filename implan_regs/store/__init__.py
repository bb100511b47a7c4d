"""The versioned corpus on disk: works, their expressions in force, and the history.

Layout (Akoma Ntoso FRBR style, one XML file per version in force)::

    ROOT/implan-regs.json                       store format and default jurisdiction
    ROOT/history.jsonl                          append-only: who did what, when and why
    ROOT/works/<work>/work.json                 work metadata (kind, title, FRBR URI)
    ROOT/works/<work>/expressions/spa@<date>.xml
    ROOT/works/<work>/reports/spa@<date>.json   its import report (what the importer guessed; :mod:`.reports`)

Every write happens inside :meth:`Store.locked`: files are staged with :meth:`Store.stage`
and history entries with :meth:`Store.record`, and leaving the block commits them together
through a write-ahead journal (:class:`implan_regs.fsio.Journal`), so after a crash an
operation either fully happened or not at all (:meth:`Store.open` finishes or drops what a
crash left). Expressions in force are immutable: writing the same date twice needs
``replace=True``, which the history records.

>>> import tempfile
>>> store = Store.init(tempfile.mkdtemp())
>>> store.works()
[]
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import mmap
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import ClassVar

from ..errors import InputError, NotFoundError, StoreError
from ..model.akn import from_xml, read_meta, to_xml
from ..model.tree import Document, Publication
from ..model.uri import check_date, check_work_id, parse_ref, work_uri
from ..textinput import check_tree
from .backend import Backend, WriteTransaction, open_backend
from .integrity import chain_of, seal
from .proposals import ProposalStoreMixin
from .reports import stage_report

STORE_FORMAT = 1
CONFIG = "implan-regs.json"


@dataclass
class WorkInfo:
    work: str
    kind: str
    title: str
    jurisdiction: str
    work_date: str | None
    uri: str


@dataclass
class ExpressionInfo:
    work: str
    date: str
    path: Path
    publication: Publication | None
    entry_into_force: str | None
    decree: str | None

    def to_json(self) -> dict:
        data = asdict(self)
        data["path"] = str(self.path)
        return data


@dataclass
class HistoryEntry:
    time: str
    author: str
    action: str
    work: str | None = None
    expression: str | None = None
    message: str | None = None
    source: str | None = None
    sha256: str | None = None
    proposal: str | None = None
    operation: str | None = None
    id: str | None = None  # unique per entry: lets crash recovery append it exactly once
    files: dict[str, str] | None = None  # last entry of a commit: SHA-256 of every file it wrote
    prev: str | None = None  # the previous line's ``chain`` (see :mod:`.integrity`)
    chain: str | None = None  # SHA-256 of this entry (canonical JSON without ``chain``)


@dataclass(frozen=True)
class Reference:
    """What a REF names (see :meth:`Store.resolve`): a proposal, or a version in force of a work."""

    proposal: str | None = None  # the proposal's id when REF names a proposal (its draft)
    work: str = ""  # otherwise the work ...
    date: str | None = None  # ... and the version's date (None: its latest version)


def default_author() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (containers)
        return "desconocido"


class Store(ProposalStoreMixin):
    """A corpus root. Open with :meth:`open` (existing) or :meth:`init` (new)."""

    #: Called after every committed change, once the store lock is released, as
    #: ``fn(store, entry)``. Derived data (the search index) subscribes here and takes its own
    #: lock; a listener must never undo the primary write (it leaves its own data stale instead).
    listeners: ClassVar[list[Callable[[Store, HistoryEntry], None]]] = []

    def __init__(self, root: Path, config: dict, backend: Backend | None = None):
        self.root = Path(root).resolve()  # once: every path below (and the journal's) is absolute
        self.config = config
        self.backend: Backend = backend or open_backend(self.root)
        self.backend.root = self.root
        self._tx: WriteTransaction | None = None
        self._entries: list[HistoryEntry] = []
        self._written: dict[str, str] = {}  # path relative to the root -> SHA-256, this transaction

    # ------------------------------------------------------------ lifecycle
    @classmethod
    def init(cls, root: Path | str, *, jurisdiction: str = "mx-coa-torreon", author: str | None = None,
             backend: str | None = None) -> Store:
        """Create the store at ``root`` (open it when it exists); ``backend``: "files" or
        "postgres" (default: :func:`~.backend.open_backend`'s choice)."""
        root = Path(root)
        if root.exists() and not root.is_dir():
            raise StoreError("existe y no es un directorio", path=root)
        try:
            root.mkdir(parents=True, exist_ok=True)  # the postgres backend's local folder (caches)
        except OSError as exc:
            raise StoreError(f"no se puede crear el acervo: {exc.strerror}", path=root) from None
        store = cls(root, {}, open_backend(root.resolve(), backend=backend))
        if store.backend.exists():
            return cls.open(root, backend=backend)
        create = getattr(store.backend, "create", None)
        if create is not None:
            create()
        store.config = {"format": STORE_FORMAT, "jurisdiction": jurisdiction}
        with store.locked():
            store.stage(store.root / CONFIG, json.dumps(store.config, indent=2) + "\n")
            store.record("init", author=author, message=f"acervo creado ({jurisdiction})")
        if store.backend.kind == "files":
            (store.root / "works").mkdir(exist_ok=True)
        return store

    @classmethod
    def open(cls, root: Path | str, *, backend: str | None = None) -> Store:
        root = Path(root)
        store_backend = open_backend(root.resolve(), backend=backend)
        where = root if store_backend.kind == "files" else f"{root} ({getattr(store_backend, 'schema', '')})"
        try:
            config = json.loads(store_backend.read(store_backend.root / CONFIG))
        except FileNotFoundError:
            raise StoreError("no es un acervo de implan-regs (ejecute 'implan-regs init')", path=where) from None
        except (OSError, ValueError) as exc:
            raise StoreError(f"configuración ilegible: {exc}", path=root / CONFIG) from None
        if not isinstance(config, dict) or config.get("format") != STORE_FORMAT:
            found = config.get("format") if isinstance(config, dict) else config
            raise StoreError(f"formato de acervo no compatible: {found}", path=root)
        if store_backend.kind != "files":
            root.mkdir(parents=True, exist_ok=True)  # local caches (search index) live here
        store = cls(root, config, store_backend)
        store.backend.recover()
        return store

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the lock; what is staged and recorded inside commits together at the end."""
        if self._tx is not None:  # nested: part of the enclosing transaction
            yield
            return
        tx_entries: list[HistoryEntry] = []
        with self.backend.writing() as tx:
            self._tx = tx
            self._entries, self._written = [], {}
            try:
                yield
                self._seal(tx)
            finally:
                tx_entries, self._tx, self._entries = self._entries, None, []
        # Derived data is brought up to date after the commit, with the lock released: a long
        # index update never holds up another writer (each listener takes its own lock).
        for entry in tx_entries:
            for listener in self.listeners:
                listener(self, entry)

    def stage(self, path: Path, data: bytes | str) -> None:
        """Write ``path`` as part of the current transaction (inside :meth:`locked`)."""
        if self._tx is None:
            raise RuntimeError("Store.stage() outside Store.locked()")  # a programming error
        self._tx.write(path, data)
        raw = data.encode("utf-8") if isinstance(data, str) else data
        self._written[self.relative(path)] = hashlib.sha256(raw).hexdigest()

    def relative(self, path: Path | str) -> str:
        """``path`` relative to the root, with ``/`` (how the history names files)."""
        try:
            return Path(path).absolute().relative_to(self.root).as_posix()
        except ValueError:
            raise RuntimeError(f"store write outside the root: {path}") from None  # programming error

    def _seal(self, tx: WriteTransaction) -> None:
        """Log this transaction's entries, sealed: file hashes on the last one, each chained."""
        if self._written and not self._entries:
            self.record("write", author=None)  # every write is vouched for by some entry
        sealed = seal([asdict(entry) for entry in self._entries], self._written,
                      chain_of(self.backend.last_history_line()))
        for entry, line in zip(self._entries, sealed, strict=True):
            data = json.loads(line)
            entry.files, entry.prev, entry.chain = data.get("files"), data["prev"], data["chain"]
            tx.log(line)

    # ------------------------------------------------------------ paths
    def work_dir(self, work: str) -> Path:
        return self.root / "works" / check_work_id(work)

    def expression_path(self, work: str, date: str) -> Path:
        return self.work_dir(work) / "expressions" / f"spa@{check_date(date)}.xml"

    # ------------------------------------------------------------ references
    def has_work(self, identifier: str) -> bool:
        return self.backend.is_file(self.work_dir(identifier) / "work.json")

    def has_proposal(self, identifier: str) -> bool:
        return self.backend.is_file(self.proposal_path(identifier))

    def resolve(self, ref: str) -> Reference:
        """The one reading of a REF, shared by every caller (CLI, export, observations, web).

        ``work@date`` names that version in force; a bare id names the proposal with that id,
        or else the latest version of the work with that id. Works and proposals never share an
        id (:meth:`check_new_id` refuses it at creation); in a store where they already do, the
        bare id names the proposal, since the work's versions stay reachable as ``work@date``.
        """
        work, date = parse_ref((ref or "").strip())
        if date is None and self.has_proposal(work):
            return Reference(proposal=work)
        if not self.has_work(work):
            raise NotFoundError("no existe una propuesta ni una obra con ese identificador", path=ref)
        return Reference(work=work, date=date)

    def check_new_id(self, identifier: str, what: str) -> None:
        """Refuse to create a work or proposal (``what``) whose id is already taken by either."""
        if self.has_work(identifier):
            raise StoreError(f"{what}: ya existe una obra con ese identificador; elija otro", path=identifier)
        if self.has_proposal(identifier):
            raise StoreError(f"{what}: ya existe una propuesta con ese identificador; elija otro", path=identifier)

    # ------------------------------------------------------------ reading
    def works(self) -> list[WorkInfo]:
        return [self.work(p.parent.name) for p in self.backend.glob(self.root / "works", "*/work.json")]

    def work(self, work: str) -> WorkInfo:
        path = self.work_dir(work) / "work.json"
        try:
            return WorkInfo(**json.loads(self.backend.read(path)))
        except FileNotFoundError:
            raise NotFoundError("obra inexistente en el acervo", path=work) from None

    def expressions(self, work: str) -> list[ExpressionInfo]:
        """Versions in force of ``work``, oldest first."""
        self.work(work)
        folder = self.work_dir(work) / "expressions"
        out = []
        for path in self.backend.glob(folder, "spa@*.xml"):
            meta = self._read_meta(path)
            out.append(ExpressionInfo(work, meta.date or path.stem.split("@")[1], path, meta.publication,
                                      meta.entry_into_force, meta.decree))
        return out

    def load(self, work: str, date: str | None = None) -> Document:
        """The expression of ``work`` dated ``date`` (the latest when None)."""
        if date is None:
            versions = self.expressions(work)
            if not versions:
                raise NotFoundError("la obra no tiene versiones", path=work)
            return self._read(versions[-1].path)
        path = self.expression_path(work, date)
        if not self.backend.is_file(path):
            self.work(work)
            raise NotFoundError(f"no hay versión del {date}; {self._existing_versions(work)}", path=work)
        return self._read(path)

    def _existing_versions(self, work: str) -> str:
        """'versiones: 2015-12-20 y 2019-03-16', read from the file names (no parsing)."""
        from ..plurals import agree, listed

        dates = sorted(p.stem.split("@", 1)[1]
                       for p in self.backend.glob(self.work_dir(work) / "expressions", "spa@*.xml"))
        if not dates:
            return "la obra aún no tiene versiones"
        return f"{agree(len(dates), 'versión existente')}: {listed(dates)}"

    def in_force(self, work: str, on: str) -> ExpressionInfo:
        """The version in force on date ``on`` (by entry into force, not publication)."""
        check_date(on)
        candidates = [e for e in self.expressions(work) if (e.entry_into_force or e.date) <= on]
        if not candidates:
            raise NotFoundError(f"no había versión vigente el {on}", path=work)
        return max(candidates, key=lambda e: (e.entry_into_force or e.date, e.date))

    def _read_meta(self, path: Path):
        return read_meta(self.read_bytes(path), source=path)

    def read_bytes(self, path: Path) -> bytes:
        """The bytes of a stored file, or a clear StoreError."""
        try:
            return self.backend.read(path)
        except OSError as exc:
            raise StoreError(f"no se puede leer: {exc.strerror}", path=path) from None

    def read_mapped(self, path: Path) -> bytes | mmap.mmap:
        """A stored file mapped, not read when the backend can (searching it for one element
        touches only the pages scanned, with no copy of a 100k-provision version); slice it."""
        try:
            return self.backend.mapped(path)
        except OSError as exc:
            raise StoreError(f"no se puede leer: {exc.strerror}", path=path) from None

    def is_file(self, path: Path) -> bool:
        """Whether the stored file ``path`` exists."""
        return self.backend.is_file(path)

    def glob(self, folder: Path, pattern: str) -> list[Path]:
        """The stored files under ``folder`` matching ``pattern`` (``*`` within a name), sorted."""
        return self.backend.glob(folder, pattern)

    def stamp(self, path: Path) -> tuple:
        """What identifies one content of the stored file ``path`` (``()``: missing); a cache key."""
        return self.backend.stamp(path)

    @property
    def journal(self):
        """The file backend's write-ahead journal (None on PostgreSQL)."""
        return getattr(self.backend, "journal", None)

    def _read(self, path: Path) -> Document:
        return from_xml(self.read_bytes(path), source=path)

    def history(self, work: str | None = None) -> list[HistoryEntry]:
        entries = []
        known = set(HistoryEntry.__dataclass_fields__)
        for line in self.backend.history_lines():
            try:
                data = json.loads(line)
            except ValueError:  # a line torn by a crash: `check` reports it, readers skip it
                continue
            entry = HistoryEntry(**{k: v for k, v in data.items() if k in known})
            if work is None or entry.work == work:
                entries.append(entry)
        return entries

    # ------------------------------------------------------------ writing
    def save_expression(self, doc: Document, *, replace: bool = False, author: str | None = None,
                        message: str | None = None, report: dict | None = None) -> Path:
        """Store ``doc`` as the expression of its work at ``doc.meta.date`` (takes the lock);
        ``report``: its import report (:mod:`.reports`), kept beside it."""
        with self.locked():
            return self.write_expression_locked(doc, replace=replace, author=author, message=message, report=report)

    def write_expression_locked(self, doc: Document, *, replace: bool = False, author: str | None = None,
                                message: str | None = None, report: dict | None = None) -> Path:
        """Same as :meth:`save_expression`, for callers that already hold the lock."""
        meta = doc.meta
        check_work_id(meta.work)
        if not meta.date:
            raise InputError("falta la fecha de la versión (--date)", path=meta.work)
        path = self.expression_path(meta.work, meta.date)
        check_tree(meta, where=meta.work)
        info = self._ensure_work(doc)
        existed = self.backend.is_file(path)
        if existed and not replace:
            raise StoreError(f"ya existe la versión del {meta.date}; use --replace para sustituirla",
                             path=meta.work)
        data = to_xml(doc)
        self.stage(path, data)
        stage_report(self, info.work, meta.date, report)
        self.record("replace" if existed else "import", author=author, work=info.work,
                    expression=meta.date, message=message, source=meta.source,
                    sha256=hashlib.sha256(data).hexdigest())
        return path

    def _ensure_work(self, doc: Document) -> WorkInfo:
        meta = doc.meta
        path = self.work_dir(meta.work) / "work.json"
        if self.backend.is_file(path):
            info = self.work(meta.work)
            if info.kind != meta.kind:
                raise StoreError(f"la obra ya existe con tipo '{info.kind}', no '{meta.kind}'", path=meta.work)
            meta.title = meta.title or info.title
            meta.work_date = meta.work_date or info.work_date
            meta.jurisdiction = info.jurisdiction
            return info
        if not meta.title:
            raise InputError("obra nueva: indique su título (--title)", path=meta.work)
        self.check_new_id(meta.work, "obra nueva")
        meta.work_date = meta.work_date or meta.date
        info = WorkInfo(meta.work, meta.kind, meta.title, meta.jurisdiction, meta.work_date, work_uri(meta))
        self.stage(path, json.dumps(asdict(info), ensure_ascii=False, indent=2) + "\n")
        return info

    def record(self, action: str, *, author: str | None, work: str | None = None,
               expression: str | None = None, message: str | None = None, source: str | None = None,
               sha256: str | None = None, proposal: str | None = None,
               operation: str | None = None) -> HistoryEntry:
        """Add one history entry to the current transaction (inside :meth:`locked`)."""
        if self._tx is None:
            raise RuntimeError("Store.record() outside Store.locked()")  # a programming error
        now = dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds")
        entry = HistoryEntry(time=now, author=author or default_author(), action=action,
                             work=work, expression=expression, message=message, source=source,
                             sha256=sha256, proposal=proposal, operation=operation, id=uuid.uuid4().hex)
        check_tree(entry, where="historial")
        self._entries.append(entry)  # logged, sealed, when the transaction commits
        return entry
