"""What gets indexed: one document per provision per version, per proposal draft, per observation.

The corpus is cut into *units*, each re-indexed as a whole when its files change:

* ``vigente:<work>@<date>``: one version in force; one document for each article (its whole
  text) and each sub-provision (párrafo, fracción, inciso… with its own descendants), plus
  the paragraphs of plans that sit directly in a chapter; transitorios too;
* ``propuesta:<id>``: the draft of an open proposal (borrador, en revisión, aprobada), only the
  articles it changes or adds with respect to its base version (all of them for a new work);
* ``observacion:<id>``: an observation and its answer (see :func:`observation_documents`).

A unit's *stamp* (file sizes and times) says when it must be re-indexed. How a text is cut into
provisions is :mod:`implan_regs.model.searchable` (shared with the PostgreSQL store's index).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from ..model.searchable import (  # noqa: F401 - re-exported: what the engines index
    FOREVER,
    PATH_SEPARATOR,
    IndexDoc,
    citable_label,
    expression_documents,
    iter_expression_documents,
    own_text,
    provision_documents,
)
from ..model.tree import ARTICLE_KINDS, Document

DOCTYPES = ("vigente", "propuesta", "observacion")
OPEN_PROPOSAL = ("borrador", "en revisión", "aprobada")


# --------------------------------------------------------------------------- proposals

def proposal_documents(proposal, base_doc: Document | None, *, title: str = "") -> list[IndexDoc]:
    """The articles an open proposal changes or adds (its whole draft for a new work)."""
    if proposal.status not in OPEN_PROPOSAL or proposal.draft is None:
        return []
    unchanged = _article_texts(base_doc) if base_doc is not None else {}
    info = {"unit": f"propuesta:{proposal.id}", "doctype": "propuesta", "work": proposal.work,
            "kind": proposal.draft.meta.kind, "version": proposal.base or "", "title": title or proposal.title,
            "extra": {"proposal": proposal.id, "proposal_title": proposal.title, "status": proposal.status}}
    docs = list(provision_documents(proposal.draft.body, info))
    changed_groups = {d.article for d in docs if d.eid == d.article and unchanged.get(d.eid) != d.text}
    return [d for d in docs if d.article in changed_groups]


def _article_texts(doc: Document) -> dict[str, str]:
    return {n.eid: own_text(n) for n in doc.walk() if n.kind in ARTICLE_KINDS}


# --------------------------------------------------------------------------- observations

def observations_available() -> bool:
    """True once the observations package (issue 4) exists in this installation."""
    return importlib.util.find_spec("implan_regs.observations") is not None


def observation_document(obs: dict, *, kind: str = "", title: str = "") -> IndexDoc:
    """One observation as a searchable document.

    ``obs`` is a plain mapping so that this module does not depend on the observations
    package's classes (:mod:`.observations_adapter` builds it): ``id``, ``work``, ``subject``,
    ``proposal``, ``target`` (eId), ``label``
    (the provision as cited), ``text``, ``answer`` (its reply, if any), ``status``
    (pendiente, atendida, justificada…), ``author`` (the Dirección General).
    """
    target = obs.get("target") or ""
    text = "\n".join(t for t in (obs.get("text"), obs.get("answer")) if t)
    group = target.split("__", 1)[0] if target.startswith("art_") else target
    return IndexDoc(unit=f"observacion:{obs['id']}", doctype="observacion", work=obs.get("work") or "",
                    kind=kind, eid=target or obs["id"], article=group or obs["id"], level="observacion",
                    label=obs.get("label") or target or obs["id"], text=text, title=title,
                    extra={k: obs.get(k) for k in ("id", "subject", "proposal", "status", "author") if obs.get(k)})


# --------------------------------------------------------------------------- units

def file_stamp(store, path: Path, sizes: dict[str, int] | None = None) -> str:
    """What identifies one content of the stored file ``path``, as text starting with the file's
    size (progress and the background deferral weigh units by it, see ``indexer._size``): the
    store's stamp (:meth:`implan_regs.store.Store.stamp`), whose last element is the size on
    the file backend; ``sizes`` (:func:`stored_sizes`) gives it where the stamp has none."""
    stamp = [str(part) for part in store.stamp(path)]
    if sizes is None:
        return ":".join(reversed(stamp))
    return ":".join([str(sizes.get(store.relative(path), 0)), *stamp])


def stored_sizes(store) -> dict[str, int] | None:
    """Every stored file's size by relative path, in one query, on a backend whose stamps do
    not carry it (PostgreSQL: a SHA-256); None on the file backend."""
    sizes = getattr(store.backend, "sizes", None)
    return sizes() if sizes is not None else None


def scan_units(store) -> dict[str, str]:
    """Every unit of the corpus with its stamp (cheap: file metadata only)."""
    units: dict[str, str] = {}
    sizes = stored_sizes(store)
    for work_json in store.glob(store.root / "works", "*/work.json"):
        work_stamp = file_stamp(store, work_json, sizes)
        for path in store.glob(work_json.parent / "expressions", "spa@*.xml"):
            units[f"vigente:{work_json.parent.name}@{path.stem.split('@', 1)[1]}"] = \
                f"{file_stamp(store, path, sizes)}|{work_stamp}"
    for path in store.glob(store.root / "proposals", "*.xml"):
        units[f"propuesta:{path.stem}"] = file_stamp(store, path, sizes)
    if observations_available():
        from .observations_adapter import observation_units

        units.update(observation_units(store, sizes))
    return units


def parse_unit(unit: str) -> tuple[str, str, str]:
    """'vigente:w@2020-01-01' → ('vigente', 'w', '2020-01-01'); 'propuesta:p' → ('propuesta', 'p', '')."""
    doctype, _, rest = unit.partition(":")
    name, _, date = rest.partition("@")
    return doctype, name, date
