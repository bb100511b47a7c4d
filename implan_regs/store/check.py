"""``implan-regs check``: is the corpus whole and consistent?

Checks, per file and across files: every primary file parses and validates (schemas and
unique eIds); each expression sits where its metadata says; every proposal's base version
exists; every entry of the history that names an expression or a proposal points at an
existing file, and every expression has the history entry that created it; every file the
history recorded still has its last recorded SHA-256 and the history's hash chain is unbroken
(:mod:`.integrity`); no transaction is left half-done. Findings are data problems (errors) or work to do (warnings: stale derived
data, observations to re-anchor); only errors make ``check`` fail. Other packages add their own checks (observations anchored, search index
fresh) through :data:`CHECKERS`, and what they can rebuild through :data:`REPAIRERS`.

>>> import tempfile
>>> from implan_regs.store import Store
>>> check_store(Store.init(tempfile.mkdtemp()))
[]
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ImplanError
from ..xmlsafe import parse_xml
from . import Store
from .integrity import HISTORY, verify

ERROR, WARNING = "error", "aviso"


@dataclass
class CheckIssue:
    """One finding. ``severity`` is :data:`ERROR` for a data problem (``check`` exits 1) and
    :data:`WARNING` for work to do that breaks nothing (stale derived data, an observation
    waiting to be re-anchored): ``check`` reports it and exits 0."""

    path: str
    message: str  # Spanish, user-facing
    derived: bool = False  # True when --repair can rebuild it (an index), False for primary data
    severity: str = ""  # ERROR or WARNING; by default WARNING for derived data, ERROR otherwise

    def __post_init__(self) -> None:
        self.severity = self.severity or (WARNING if self.derived else ERROR)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def errors(issues: list[CheckIssue]) -> list[CheckIssue]:
    """The findings that make ``check`` fail."""
    return [issue for issue in issues if issue.is_error]


#: fn(store) -> list[CheckIssue], registered by packages that own more data (observations, search).
CHECKERS: list[Callable[[Store], list[CheckIssue]]] = []
#: fn(store) -> list[str] (what was rebuilt), for derived data only.
REPAIRERS: list[Callable[[Store], list[str]]] = []


def _rel(store: Store, path: Path) -> str:
    try:
        return str(path.relative_to(store.root))
    except ValueError:
        return str(path)


def _work_folders(store: Store, issues: list[CheckIssue]) -> list[str]:
    """The name of every folder under ``works/`` that holds stored files; a file lying directly
    in ``works/`` is reported as foreign."""
    works = store.root / "works"
    for stray in store.glob(works, "*"):
        issues.append(CheckIssue(_rel(store, stray), "archivo ajeno al acervo"))
    return sorted({path.relative_to(works).parts[0]
                   for pattern in ("*/*", "*/*/*") for path in store.glob(works, pattern)})


def _check_expressions(store: Store, issues: list[CheckIssue]) -> set[tuple[str, str]]:
    from ..schemas import validate_element

    found: set[tuple[str, str]] = set()
    for work in _work_folders(store, issues):
        work_dir = store.root / "works" / work
        try:
            json.loads(store.backend.read(work_dir / "work.json").decode("utf-8"))
        except (OSError, ValueError) as exc:
            issues.append(CheckIssue(_rel(store, work_dir / "work.json"), f"work.json ilegible: {exc}"))
        for path in store.glob(work_dir / "expressions", "*.xml"):
            date = path.stem.split("@", 1)[-1]
            found.add((work, date))
            try:
                root = parse_xml(store.read_bytes(path), source=path)
            except ImplanError as exc:
                issues.append(CheckIssue(_rel(store, path), exc.message))
                continue
            for issue in validate_element(root, source=path):
                issues.append(CheckIssue(_rel(store, path), f"[{issue.schema}] línea {issue.line}: {issue.message}"))
            doc = store._read(path)
            if doc.meta.work != work or doc.meta.date != date:
                issues.append(CheckIssue(_rel(store, path), f"los metadatos dicen {doc.meta.work}@{doc.meta.date}"))
    return found


def _check_proposals(store: Store, expressions: set[tuple[str, str]], issues: list[CheckIssue]) -> set[str]:
    from ..schemas import validate_proposal_bytes

    found: set[str] = set()
    for path in store.glob(store.root / "proposals", "*.xml"):
        found.add(path.stem)
        try:
            data = store.read_bytes(path)
            problems = validate_proposal_bytes(data, source=path)
            root = parse_xml(data, source=path)  # its root names the work and the base version
        except ImplanError as exc:
            issues.append(CheckIssue(_rel(store, path), exc.message))
            continue
        for issue in problems[:10]:
            issues.append(CheckIssue(_rel(store, path), f"[{issue.schema}] línea {issue.line}: {issue.message}"))
        work, base = root.get("work"), root.get("base")
        if base and (work, base) not in expressions:
            issues.append(CheckIssue(_rel(store, path), f"su versión base {work}@{base} no existe"))
    return found


def _check_history(store: Store, expressions: set[tuple[str, str]], proposals: set[str],
                   issues: list[CheckIssue]) -> None:
    """Every history line readable (a line torn by a crash can only happen in a file store), once,
    and naming what exists; every expression created by some entry. Lines are numbered as in
    ``history.jsonl`` (on PostgreSQL: as ``export-store`` writes it)."""
    created: set[tuple[str, str]] = set()
    ids: set[str] = set()
    for n, line in enumerate(store.backend.history_lines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            issues.append(CheckIssue(f"{HISTORY}:{n}", "línea ilegible"))
            continue
        if entry.get("id"):
            if entry["id"] in ids:
                issues.append(CheckIssue(f"{HISTORY}:{n}", "entrada repetida"))
            ids.add(entry["id"])
        target = (entry.get("work"), entry.get("expression"))
        if entry.get("action") in ("import", "replace") and target[1]:
            created.add(target)
            if target not in expressions:
                issues.append(CheckIssue(f"{HISTORY}:{n}", f"la versión {target[0]}@{target[1]} no existe"))
        if entry.get("proposal") and entry["proposal"] not in proposals:
            issues.append(CheckIssue(f"{HISTORY}:{n}", f"la propuesta {entry['proposal']} no existe"))
    for work, date in sorted(expressions - created):
        issues.append(CheckIssue(f"works/{work}/expressions/spa@{date}.xml", "no hay entrada de historial que la cree"))


def _pending_transaction(store: Store) -> list[CheckIssue]:
    """A transaction the file store's journal still holds (PostgreSQL has no journal: the server
    rolls an interrupted transaction back)."""
    journal = store.journal
    if journal is not None and journal.dir.is_dir() and any(journal.dir.iterdir()):
        return [CheckIssue(".journal", "hay una transacción pendiente (se completa al abrir el acervo)")]
    return []


def check_store(store: Store) -> list[CheckIssue]:
    """Every problem found (empty when the corpus is whole and consistent)."""
    issues = _pending_transaction(store)
    expressions = _check_expressions(store, issues)
    proposals = _check_proposals(store, expressions, issues)
    _check_history(store, expressions, proposals, issues)
    issues.extend(CheckIssue(f.path, f.message) for f in verify(store.backend))
    for checker in CHECKERS:
        issues.extend(checker(store))
    return issues


def repair_store(store: Store) -> list[str]:
    """Rebuild derived data; primary data is never touched."""
    done: list[str] = []
    for repairer in REPAIRERS:
        done.extend(repairer(store))
    return done
