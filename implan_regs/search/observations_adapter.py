"""Observations (issue 4, :mod:`implan_regs.observations`) as search units.

One unit per subject (``observacion:<proposal id>`` or ``observacion:<work>@<date>``): its
observations are re-indexed together whenever one of their files, or the proposal they are
made on, changes, so each observation is indexed at its *current* anchor.
"""

from __future__ import annotations

from ..errors import ImplanError
from .documents import IndexDoc, file_stamp, observation_document

PREFIX = "observacion:"


def observation_units(store, sizes: dict[str, int] | None = None) -> dict[str, str]:
    """``{unit: stamp}`` for every subject with observations."""
    from ..observations import storage

    by_subject: dict[str, list[str]] = {}
    for path in storage.observation_paths(store):
        by_subject.setdefault(path.parent.name, []).append(f"{path.name}={file_stamp(store, path, sizes)}")
    units = {}
    for subject, stamps in by_subject.items():
        proposal = store.root / "proposals" / f"{subject}.xml"
        if "@" not in subject and store.is_file(proposal):
            stamps.append(f"draft={file_stamp(store, proposal, sizes)}")
        units[PREFIX + subject] = ";".join(stamps)
    return units


def observation_unit_documents(store, unit: str) -> list[IndexDoc]:
    """The observations of one subject, anchored to the subject's current text when possible."""
    from ..observations import observations_for, storage

    subject = unit[len(PREFIX):]
    try:
        observations = observations_for(store, subject)
    except ImplanError:  # the subject is gone or unreadable: index them where they were made
        observations = storage.load_observations(store, subject)
    kinds: dict[str, str] = {}
    docs = []
    for obs in observations:
        kind = kinds.setdefault(obs.work, _kind(store, obs.work))
        doc = observation_document(_as_mapping(obs), kind=kind)
        doc.unit = unit
        docs.append(doc)
    return docs


def _kind(store, work: str) -> str:
    try:
        return store.work(work).kind
    except ImplanError:
        return ""


def _as_mapping(obs) -> dict:
    target = obs.target
    return {"id": obs.id, "work": obs.work, "proposal": obs.subject if obs.subject_type == "propuesta" else None,
            "subject": obs.subject, "target": target.eid if target.anchored else "", "label": target.label,
            "text": obs.text, "answer": obs.response, "status": obs.status, "author": obs.department}
