"""DOCX exports lawyers can hand over, in the spirit of python-docx.

>>> export(store, "reglamento-du@2015-12-20", as_="consolidated", path="vigente.docx")   # doctest: +SKIP
>>> export(store, "reforma-2021", as_="comparative", path="cuadro.docx", with_observations=True)  # doctest: +SKIP

``ref`` is ``work@date``, ``work`` (its latest version) or a proposal id. ``as_`` is one of
:data:`KINDS`: ``consolidated`` and ``review`` (the consolidated text with every provision's eId
as a Word bookmark, :mod:`.review`) of a version in force or a proposal's draft, ``review-report``
(the findings of :mod:`implan_regs.review` by article, :mod:`.review_report`) of either, and, for a
proposal, ``comparative`` (cuadro comparativo), ``correspondence`` (tabla de
correspondencia), ``decree``, ``redline`` (tracked changes), ``observations`` (matrix) and
``expediente`` (the procedure's record, :mod:`.expediente`).
:func:`render` returns the bytes; :func:`export` checks the destination first (``.docx``, a
writable folder, no existing file unless ``force``) and writes atomically, so a failure
leaves nothing behind.

Modules: :mod:`.oxml` (low-level WordprocessingML: tracked changes, fields, table headers,
landscape), :mod:`.styles` (Word styles), :mod:`.layout` (a document as printed paragraphs),
:mod:`.marks` (changed words), :mod:`.base` (skeleton, saving), one module per document
(:mod:`.consolidated`, :mod:`.comparative`, :mod:`.correspondence`, :mod:`.decree`,
:mod:`.redline`, :mod:`.matrix`) and :mod:`.feedback` (observations as the exports read them).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..model.tree import Document
from ..reform.model import Proposal
from ..reform.storage import load_proposal
from .base import check_output, save

KINDS = ("consolidated", "review", "review-report", "comparative", "correspondence", "decree", "redline",
         "observations", "expediente")
KIND_NAMES = {"consolidated": "texto consolidado", "review": "copia para revisión",
              "review-report": "informe de revisión de técnica jurídica", "comparative": "cuadro comparativo",
              "correspondence": "tabla de correspondencia", "decree": "decreto",
              "redline": "control de cambios", "observations": "matriz de observaciones",
              "expediente": "expediente de la reforma"}


@dataclass
class Target:
    """What REF names: a version in force (``proposal`` None) or a proposal and its draft."""

    document: Document
    proposal: Proposal | None = None


def resolve(store, ref: str) -> Target:
    """What ``ref`` names (:meth:`~implan_regs.store.Store.resolve`), loaded: a version or a proposal's draft."""
    reference = store.resolve(ref)
    if reference.proposal is None:
        return Target(store.load(reference.work, reference.date))
    proposal = load_proposal(store, reference.proposal)
    if proposal.draft is None:
        raise InputError("la propuesta no tiene borrador", path=ref)
    return Target(proposal.draft, proposal)


def render(store, ref: str, as_: str = "consolidated", *, with_observations: bool = False, toc: bool = False,
           author: str | None = None, notes: list[str] | None = None, force: bool = False,
           reason: str | None = None) -> bytes:
    """The DOCX bytes of one export; ``notes`` receives what the user should know about its content
    (e.g. how many observations fall outside the changed rows of the cuadro comparativo). A decree
    that does not produce its draft is refused unless ``force`` with a ``reason``."""
    if as_ not in KINDS:
        raise InputError(f"tipo de exportación desconocido (use {', '.join(KINDS)})", path=as_)
    if as_ == "review-report":  # the findings of a revisión de técnica jurídica (implan_regs.review)
        from ..review import review as run_review
        from . import review_report

        return review_report.build(run_review(store, ref))
    target = resolve(store, ref)
    if as_ == "consolidated":
        from . import consolidated

        return consolidated.build(target.document, proposal=target.proposal, toc=toc)
    if as_ == "review":
        from . import review

        return review.build(target.document, proposal=target.proposal)
    if target.proposal is None:
        raise InputError(f"el {KIND_NAMES[as_]} se exporta de una propuesta: indique su identificador", path=ref)
    return _proposal_export(store, target.proposal, target.document, as_, with_observations=with_observations,
                            author=author, notes=notes if notes is not None else [], force=force, reason=reason)


def _proposal_export(store, proposal: Proposal, draft: Document, as_: str, *, with_observations: bool,
                     author: str | None, notes: list[str], force: bool = False, reason: str | None = None) -> bytes:
    from ..diff import diff_documents
    from ..reform.service import proposal_base

    title = draft.meta.title
    if as_ == "decree":
        from ..reform.consolidation import proposal_decree, require_verified
        from . import decree

        # a decree is handed over only when it provably produces the draft (or a reason is recorded)
        built = proposal_decree(store, proposal)
        require_verified(store, proposal, force=force and reason is not None, reason=reason, author=author,
                         decree=built)
        return decree.build(built, title)
    if as_ == "expediente":  # the procedure's record (docs/procedure.md)
        from ..observations.storage import load_observations
        from ..reform.timeline import proposal_timeline
        from . import expediente

        return expediente.build(proposal, proposal_timeline(store, proposal.id),
                                load_observations(store, proposal.id), title)
    if as_ == "observations":
        from . import feedback, matrix

        return matrix.build(proposal, feedback.load(store, proposal.id), title)
    base = proposal_base(store, proposal)
    if base is None:
        raise InputError("una propuesta de obra nueva no tiene texto vigente con qué compararse; exporte su "
                         "texto consolidado o su decreto", path=proposal.id)
    diff = diff_documents(base, draft)
    if as_ == "comparative":
        from . import comparative
        from .feedback import ObservationColumn, load

        observations = ObservationColumn(load(store, proposal.id)) if with_observations else None
        return comparative.build(proposal, base, diff, observations=observations, notes=notes)
    if as_ == "correspondence":
        from . import correspondence

        return correspondence.build(proposal, diff, proposal.base)
    from . import redline

    return redline.build(proposal, base, diff, author=author)


def export(store, ref: str, as_: str = "consolidated", path: Path | str = "", *, force: bool = False,
           with_observations: bool = False, toc: bool = False, author: str | None = None,
           notes: list[str] | None = None, reason: str | None = None) -> Path:
    """Write one export to ``path`` (a ``.docx``); refuses to overwrite unless ``force``.

    A decree that does not produce its draft is refused unless ``force`` and a ``reason``
    (recorded in the history) are given.
    """
    if not str(path):
        raise InputError("indique el archivo de salida (-o ARCHIVO.docx)")
    check_output(path, force=force)
    data = render(store, ref, as_, with_observations=with_observations, toc=toc, author=author, notes=notes,
                  force=force, reason=reason)
    return save(data, path, force=force)


__all__ = ["KINDS", "Target", "export", "render", "resolve"]
