"""Observations' part of ``implan-regs check``: files valid, subjects exist, provisions anchored.

Registered in :data:`implan_regs.store.check.CHECKERS` by :func:`register`.
"""

from __future__ import annotations

from ..errors import ImplanError
from ..store import Store
from ..store.check import CHECKERS, WARNING, CheckIssue
from . import storage
from .service import current
from .xmlio import validate_observation_bytes


def check_observations(store: Store) -> list[CheckIssue]:
    issues: list[CheckIssue] = []
    subjects: set[str] = set()
    for path in storage.observation_paths(store):
        rel = str(path.relative_to(store.root))
        try:
            problems = validate_observation_bytes(store.read_bytes(path), source=path)
        except ImplanError as exc:
            issues.append(CheckIssue(rel, exc.message))
            continue
        issues.extend(CheckIssue(rel, problem) for problem in problems[:5])
        subjects.add(path.parent.name)
    for subject in sorted(subjects):
        try:
            observations = current(store, subject)
        except ImplanError as exc:
            issues.append(CheckIssue(f"observations/{subject}", f"su propuesta o versión no existe: {exc.message}"))
            continue
        for obs in observations:
            if not obs.target.anchored:
                issues.append(CheckIssue(f"observations/{subject}/{obs.id}.xml",  # work to do, not damage
                                         f"requiere reanclaje: {obs.target.problem}", severity=WARNING))
    return issues


def register() -> None:
    if check_observations not in CHECKERS:
        CHECKERS.append(check_observations)
