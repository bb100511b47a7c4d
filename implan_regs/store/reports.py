"""The import report kept with each version in force: what the importer was not sure of, until
someone marks it reviewed.

``ROOT/works/<work>/reports/spa@<date>.json`` holds the report :class:`ImportReport.to_json`
gave when the version was imported, each warning with a stable ``id`` (from its code, message,
line and page) and, once reviewed, ``reviewed: {"by", "time"}``. It is written in the same
transaction as the version (:meth:`Store.write_expression_locked`), so the history seals its hash
with the expression's; marking warnings reviewed is one more sealed write with its own history
entry (action ``review-import``).

>>> w = {"code": "guess", "message": "párrafo supuesto", "line": 61, "page": 2}
>>> len(warning_id(w)), warning_id(w) == warning_id({**w, "reviewed": {"by": "ana"}}), warning_id(w) == warning_id({**w, "line": 62})
(12, True, False)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, NotFoundError
from ..model.uri import check_date
from ..plurals import counted

if TYPE_CHECKING:
    from . import Store

REPORTS = "reports"


def report_path(store: Store, work: str, date: str) -> Path:
    return store.work_dir(work) / REPORTS / f"spa@{check_date(date)}.json"


def warning_id(warning: dict) -> str:
    key = "\x1f".join(str(warning.get(k) or "") for k in ("code", "message", "line", "page"))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def stage_report(store: Store, work: str, date: str, report: dict | None) -> None:
    """Write the report of the version being written (inside :meth:`Store.locked`); a version
    replaced without a report leaves no stale report of the text it replaced."""
    path = report_path(store, work, date)
    if report is None:
        if not store.is_file(path):
            return
        report = {"warnings": [], "note": "versión sustituida sin informe de importación"}
    kept = dict(report)
    kept["warnings"] = [{**w, "id": warning_id(w), "reviewed": None} for w in report.get("warnings", [])]
    store.stage(path, _dump(kept))


def load_report(store: Store, work: str, date: str) -> dict | None:
    """The stored report of a version, or None when it was stored without one (before reports
    were kept, or by a publication)."""
    path = report_path(store, work, date)
    if not store.is_file(path):
        return None
    try:
        data = json.loads(store.read_bytes(path))
    except ValueError:  # torn or edited by hand: `check` names it; readers go on without it
        return None
    return data if isinstance(data, dict) else None


def pending(report: dict | None) -> list[dict]:
    """The warnings nobody has marked reviewed yet."""
    return [w for w in (report or {}).get("warnings", []) if not w.get("reviewed")]


def mark_reviewed(store: Store, work: str, date: str, ids: list[str] | None, *, author: str | None = None) -> int:
    """Mark the warnings ``ids`` (all pending ones: None) of a version's import reviewed; how many
    were marked. Recorded in the history with the author."""
    with store.locked():
        report = load_report(store, work, date)
        if report is None:
            raise NotFoundError(f"la versión del {date} no tiene informe de importación", path=work)
        open_ids = {w["id"] for w in pending(report)}
        wanted = open_ids if ids is None else set(ids)
        unknown = wanted - {w["id"] for w in report.get("warnings", [])}
        if unknown:
            raise InputError(f"no hay en el informe el aviso {sorted(unknown)[0]}", path=f"{work}@{date}")
        marked = wanted & open_ids
        if not marked:
            return 0
        from . import default_author

        who = author or default_author()
        now = dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds")
        for warning in report["warnings"]:
            if warning["id"] in marked:
                warning["reviewed"] = {"by": who, "time": now}
        store.stage(report_path(store, work, date), _dump(report))
        left = len(pending(report))
        store.record("review-import", author=who, work=work, expression=date,
                     message=f"{counted(len(marked), 'aviso de la importación revisado', 'avisos de la importación revisados')}"
                             f" ({', '.join(sorted(marked))}); {counted(left, 'pendiente', 'pendientes')}")
        return len(marked)


def _dump(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
