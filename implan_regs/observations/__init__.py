"""Observations of the Direcciones Generales on a reform proposal (or a version in force).

This package owns the observations: the record and its workflow (:mod:`.model`), its XML
(:mod:`.xmlio`, ``schemas/implan-observations.xsd``), its files (:mod:`.storage`:
``ROOT/observations/<subject>/OBS-0001.xml``), anchoring and re-anchoring through restructures
(:mod:`.anchoring`), CSV import (:mod:`.csvimport`), the report (:mod:`.report`) and the
workflows (:mod:`.service`). The CLI is ``implan-regs observe …`` (:mod:`implan_regs.cli.observe`).

API for other stages (the DOCX exports: observations matrix, third column of the cuadro
comparativo). Everything returned is anchored to the subject's *current* text — followed
through renumbering/restructuring in memory, nothing is written — and read-only:

* :func:`observations_for` ``(store, subject) -> list[Observation]`` — every observation of a
  proposal (by id) or of a version in force (``work@date``), in id order. Fields: ``id``,
  ``department``, ``author``, ``kind`` (forma/fondo), ``text``, ``received``, ``due``,
  ``status``, ``response``, ``responder``, ``answered``, ``change`` (operation id),
  ``history`` (events), ``target.eid`` / ``target.label`` (where it is now),
  ``target.original_label`` (what it was made on) and ``target.quote``, ``target.anchored``
  (False = "requiere reanclaje", ``target.problem`` says why); ``obs.to_json()`` for a dict.
* :func:`by_provision` ``(observations, *, article=False) -> dict[eId, list[Observation]]`` —
  the anchored ones keyed by their eId (``article=True``: by the enclosing article's eId, so a
  row ``art_45`` of the cuadro collects those on ``art_45__point_III`` too). Flagged ones are left
  out: get them with :func:`needs_reanchoring`.
* :func:`report` ``(store, subject, on=None) -> dict`` — counts by department × status, open,
  overdue, to re-anchor (the data of ``observe report --json``).

>>> import tempfile
>>> from implan_regs.store import Store
>>> from implan_regs.model.tree import DocumentMeta
>>> from implan_regs.importers.text import import_text
>>> store = Store.init(tempfile.mkdtemp())
>>> meta = DocumentMeta(work="rp", kind="reglamento", title="Reglamento", date="2020-01-01")
>>> _ = store.save_expression(import_text("Artículo 1.- Objeto.\\n\\nArtículo 2.- Autoridades:\\nI. El Cabildo;\\n"
...                                      "II. El Presidente.", meta).document)
>>> from implan_regs.reform.service import new_proposal
>>> from implan_regs.observations import NewObservation, add
>>> _ = new_proposal(store, "rp@2020-01-01", "reforma", "Reforma")
>>> obs = add(store, "reforma", NewObservation("artículo 2 fracción II", "Dirección General Jurídica",
...           "Precisar 'Presidente Municipal'.", "2021-05-03", kind="forma"))
>>> obs.id, obs.target.eid
('OBS-0001', 'art_2__point_II')
>>> list(by_provision(observations_for(store, "reforma"), article=True))
['art_2']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model.eid import article_eid
from .model import STATUSES, Observation
from .report import build_report  # before ``def report`` below, which must win over the submodule name

if TYPE_CHECKING:
    from ..store import Store

#: The workflows live in :mod:`.service`, which needs the diff (numpy, rapidfuzz): imported on first
#: use, so that loading the CLI or reading an observation's model does not pay for it.
_SERVICE = ("NewObservation", "add", "answer", "current", "edit", "import_csv", "reanchor", "reanchor_to", "resolve")


def __getattr__(name: str):
    if name in _SERVICE:
        from . import service

        return getattr(service, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def observations_for(store: Store, subject: str) -> list[Observation]:
    """Every observation of ``subject`` (proposal id or ``work@date``), anchored to its current text."""
    from .service import current

    return current(store, subject)


def by_provision(observations: list[Observation], *, article: bool = False) -> dict[str, list[Observation]]:
    """Anchored observations grouped by eId (or by their article's eId), in id order."""
    out: dict[str, list[Observation]] = {}
    for obs in sorted(observations, key=lambda o: o.number):
        if obs.target.anchored:
            key = article_eid(obs.target.eid) if article else obs.target.eid
            out.setdefault(key, []).append(obs)
    return out


def needs_reanchoring(observations: list[Observation]) -> list[Observation]:
    return [o for o in observations if not o.target.anchored]


def report(store: Store, subject: str, *, on: str | None = None) -> dict:
    from .service import current
    from .storage import resolve_subject

    resolved = resolve_subject(store, subject)
    return build_report(current(store, resolved), on=on, subject=resolved.id)


__all__ = ["STATUSES", "NewObservation", "Observation", "add", "answer", "article_eid", "by_provision", "edit",
           "import_csv", "needs_reanchoring", "observations_for", "reanchor", "reanchor_to", "report", "resolve"]
