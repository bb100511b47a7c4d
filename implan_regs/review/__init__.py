"""Review of legal technique (revisión de técnica jurídica): what a legal reviewer finds when
reading a whole text with a pen, anchored to the provision, and, where the fix is mechanical,
the replacement — so that ``review --fix`` turns the fixes into a proposal's operations.

This package owns the rules and the review of one document; it is fed by the model (a
:class:`~implan_regs.model.tree.Document`) and the store (:func:`review` reads what a REF
names through :meth:`~implan_regs.store.Store.resolve`); :mod:`.fix` writes the proposal
through :mod:`implan_regs.reform.service`. One small module per family of rules, each with
``FAMILY`` and ``check(ctx)`` yielding :class:`~.model.Finding`:

==================  =========================================================================
``numeracion``      :mod:`.numbering`: gaps, duplicates, order, Bis without base, empty, derogated with text
``referencias``     :mod:`.references`: internal references to missing or derogated provisions
``desindexacion``   :mod:`.external`: renamed or abrogated laws, salario mínimo → UMA (dated table)
``definiciones``    :mod:`.definitions`: glossary terms unused, twice, capitalisation; undefined terms
``puntuacion``      :mod:`.punctuation`: «;», «; y», «.» in enumerations; chapeau with «:»
``forma``           :mod:`.form`: accents on capitals, headings, doubled words, stray characters, amounts
``lenguaje``        :mod:`.language`: inclusive language (off by default)
==================  =========================================================================

>>> from implan_regs.model.tree import Document, DocumentMeta, Provision
>>> art = Provision("article", num="ARTICULO 1.-", key="1", eid="art_1",
...                 children=[Provision("paragraph", text="Es es de orden público.", eid="art_1__para_1")])
>>> doc = Document(DocumentMeta(work="w", kind="reglamento", title="T", date="2020-01-01"), body=[art])
>>> [(f.rule, f.citation) for f in review_document(doc).findings]
[('forma.acentos', 'artículo 1'), ('forma.palabra-duplicada', 'párrafo primero del artículo 1')]
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model.tree import Document
from ..model.uri import check_date
from ..reform.storage import load_proposal
from . import definitions, external, form, language, numbering, punctuation, references
from .context import Context
from .model import Finding, Replacement, Review, Severity

if TYPE_CHECKING:
    from ..store import Store

MODULES = (numbering, references, external, definitions, punctuation, form, language)
FAMILIES = tuple(m.FAMILY for m in MODULES)
#: Families run when none are named (the optional ones are asked for with --only).
DEFAULT_FAMILIES = tuple(f for f in FAMILIES if f != language.FAMILY)
FAMILY_NAMES = {"numeracion": "numeración y estructura", "referencias": "referencias internas",
                "desindexacion": "referencias externas y desindexación", "definiciones": "términos definidos",
                "puntuacion": "puntuación de enumeraciones", "forma": "forma", "lenguaje": "lenguaje incluyente"}


def parse_families(only: str | None) -> tuple[str, ...]:
    """'referencias,desindexacion' -> those families (accents and case ignored); None -> the default ones."""
    if not only:
        return DEFAULT_FAMILIES
    from ..model.numbers import fold

    names = tuple(dict.fromkeys(fold(n.strip()) for n in only.split(",") if n.strip()))
    unknown = [n for n in names if n not in FAMILIES]
    if unknown or not names:
        raise InputError(f"familia desconocida (use {', '.join(FAMILIES)})", path=", ".join(unknown) or only)
    return names


def review_document(doc: Document, *, date: str | None = None, families: tuple[str, ...] = DEFAULT_FAMILIES,
                    root: Store | str | None = None, ref: str = "") -> Review:
    """Every finding of the ``families`` on ``doc``, judged at ``date`` (default: the version's date)."""
    if date:
        check_date(date, what="--at")
    ctx = Context.of(doc, date, root)
    order = {e.node.eid: i for i, e in enumerate(ctx.entries)}
    findings: list[Finding] = []
    for module in MODULES:
        if module.FAMILY in families:
            findings.extend(module.check(ctx))
    findings.sort(key=lambda f: (order.get(f.eid, len(order)), f.severity.rank))
    return Review(ref or doc.meta.work, doc.meta.title, ctx.date, len(ctx.body_articles()), list(families),
                  findings)


def load_reviewed(store, ref: str) -> tuple[Document, object]:
    """What ``ref`` names (:meth:`Store.resolve`): a version in force or a proposal's draft, and the
    proposal (None for a version)."""
    reference = store.resolve(ref)
    if reference.proposal is None:
        return store.load(reference.work, reference.date), None
    proposal = load_proposal(store, reference.proposal)
    if proposal.draft is None:
        raise InputError("la propuesta no tiene borrador", path=ref)
    return proposal.draft, proposal


def review(store, ref: str, *, at: str | None = None, only: str | None = None) -> Review:
    """Review what ``ref`` names: ``work``, ``work@date`` or a proposal's draft.

    ``at`` judges the text at another date than its own (external references depend on it);
    with ``at`` and a bare work, the version in force that day is reviewed. A proposal's draft,
    which carries its base's date, is judged as of today unless ``at`` says otherwise.
    """
    families = parse_families(only)
    reference = store.resolve(ref)
    if at and reference.proposal is None and reference.date is None:
        version = store.in_force(reference.work, check_date(at, what="--at"))
        ref = f"{reference.work}@{version.date}"
    doc, proposal = load_reviewed(store, ref)
    if at is None and proposal is not None:
        at = dt.date.today().isoformat()  # a draft is in force only once published: judged as of today
    return review_document(doc, date=at, families=families, root=store, ref=ref)


__all__ = ["DEFAULT_FAMILIES", "FAMILIES", "Finding", "Replacement", "Review", "Severity", "parse_families",
           "review", "review_document"]
