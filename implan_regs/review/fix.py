"""``review --fix``: the mechanical corrections of a review as a new proposal.

Every finding with a :class:`~.model.Replacement` in the text of an article becomes part of
one recorded ``corregir`` operation per provision (:func:`implan_regs.reform.service.apply_operation`),
whose reason names the rules, so the cuadro comparativo shows them as the justification and the
reform goes through the same decree, verification and observations as any other.

A decree reforms articles: the corrections of an article go in only when that article's decree,
read back and applied (:func:`implan_regs.reform.verify.verify_text`, on the article alone), gives
the corrected article; the others (headings, which a decree does not state; transitorios; articles
the decree cannot name yet) are returned as left for the lawyer. The proposal is written once, whole, and only if its whole
decree verifies (:func:`implan_regs.reform.consolidation.verify_proposal`).
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import InputError
from ..model.eid import article_eid
from ..model.tree import Document, Provision
from ..plurals import counted
from ..reform.model import Operation, Proposal, StatusChange
from ..reform.storage import write_proposal
from ..store import default_author
from ..store.proposals import check_proposal_id
from .model import Finding, Replacement, Review

DEFAULT_TITLE = "Corrección de técnica jurídica"


@dataclass
class Fixed:
    proposal: Proposal
    left: list[Finding] = field(default_factory=list)  # mechanical, but not expressible in the decree


def corrections(review: Review) -> dict[tuple[str, str], list[Finding]]:
    """Mechanical findings grouped by (eId, field), in text order."""
    groups: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in review.findings:
        if finding.replacement is not None:
            groups[(finding.eid, finding.replacement.field)].append(finding)
    return dict(groups)


def corrected(value: str, findings: list[Finding]) -> tuple[str, list[Finding]]:
    """``value`` with the replacements applied right to left; overlapping ones are left out
    (the first in the text wins). Returns the new value and the findings applied."""
    edits = [(finding, finding.replacement) for finding in findings if finding.replacement is not None]
    chosen: list[tuple[Finding, Replacement]] = []
    end = None
    for finding, r in sorted(edits, key=lambda edit: (edit[1].start, edit[1].end), reverse=True):
        if end is not None and r.end > end:
            continue
        if any(c.start == r.start and c.end == r.end for _, c in chosen):
            continue
        chosen.append((finding, r))
        end = r.start
    for _, r in chosen:
        value = value[:r.start] + r.new + value[r.end:]
    return value, [finding for finding, _ in reversed(chosen)]


def reason(findings: list[Finding]) -> str:
    rules = list(dict.fromkeys(f.rule for f in findings))
    return "Corrección de técnica jurídica (" + ", ".join(rules) + "): " + " ".join(
        dict.fromkeys(f.explanation for f in findings))


def fix_proposal(store, ref: str, review: Review, proposal_id: str, *, title: str | None = None,
                 author: str | None = None, progress: Callable[[int, int], None] | None = None) -> Fixed:
    """A new proposal on the reviewed version whose operations are the review's mechanical fixes.

    ``progress(done, total)`` is called after each article's corrections are checked."""
    from ..reform.consolidation import failure_message, verify_proposal
    from ..reform.service import apply_operation, now

    reference = store.resolve(review.ref)  # the version the review read (with --at, the one in force then)
    if reference.proposal is not None:
        raise InputError("--fix crea una propuesta sobre una versión vigente; revise la obra (obra@AAAA-MM-DD)",
                         path=ref)
    check_proposal_id(proposal_id)
    store.check_new_id(proposal_id, "propuesta nueva")
    author = author or default_author()
    base = store.load(reference.work, reference.date)
    draft = copy.deepcopy(base)
    proposal = Proposal(id=proposal_id, work=base.meta.work, base=base.meta.date, title=title or DEFAULT_TITLE,
                        motivation="Correcciones mecánicas de la revisión de técnica jurídica.", author=author,
                        created=now(), draft=draft, status_history=[StatusChange("borrador", now(), author)])
    result = Fixed(proposal)
    articles = {a.eid: a for a in base.articles()}
    by_article: dict[str, list[tuple[str, str, list[Finding]]]] = defaultdict(list)
    for (eid, field_name), findings in corrections(review).items():
        # a heading's form is not part of what a decree states (verification compares numbers, not
        # their typography): only texts, which the decree writes out, are corrected
        if article_eid(eid) in articles and field_name == "text":
            by_article[article_eid(eid)].append((eid, field_name, findings))
        else:
            result.left.extend(findings)
    for done, (art_eid, groups) in enumerate(by_article.items(), 1):
        if progress is not None:
            progress(done, len(by_article))
        trial = copy.deepcopy(articles[art_eid])
        ops = [op for eid, field_name, findings in groups
               if (op := _operation(trial, eid, field_name, findings, author, now())) is not None]
        if not ops:
            continue
        if not _expressible(base, articles[art_eid], trial):
            result.left.extend(f for _, _, findings in groups for f in findings)
            continue
        for op in ops:
            op.id = proposal.next_operation_id()
            apply_operation(draft, op)
            proposal.operations.append(op)
    if not proposal.operations:
        raise InputError("la revisión no encontró correcciones mecánicas que un decreto pueda expresar; "
                         "no se creó la propuesta", path=ref)
    verification = verify_proposal(store, proposal)
    if not verification.ok:
        raise InputError(failure_message(verification) + "; no se creó la propuesta", path=proposal_id)
    with store.locked():
        write_proposal(store, proposal, create=True)
        store.record("proposal-review-fix", author=author, work=proposal.work, proposal=proposal.id,
                     expression=proposal.base,
                     message=f"{counted(len(proposal.operations), 'corrección')} de la revisión de {ref}")
    return result


def _operation(article: Provision, eid: str, field_name: str, findings: list[Finding], author: str,
               time: str) -> Operation | None:
    """The 'corregir' operation of one provision's text (or the article's heading), applied to
    ``article`` (a trial copy)."""
    node = next((n for n in article.walk() if n.eid == eid), None)
    value = getattr(node, field_name, None) if node is not None else None
    if value is None:
        return None
    new, applied = corrected(value, findings)
    if new == value:
        return None
    setattr(node, field_name, new)
    return Operation(id="", type="corregir", author=author, time=time, target=eid, citation=eid,
                     position=field_name, text=new, reason=reason(applied))


def _expressible(base: Document, before: Provision, after: Provision) -> bool:
    """Does the decree of this one article, read back and applied, give the corrected article?"""
    from ..reform import drafting
    from ..reform.decree import build_decree
    from ..reform.verify import verify_text

    old = Document(copy.copy(base.meta), body=[copy.deepcopy(before)])
    new = Document(copy.copy(base.meta), body=[after])
    transitorios = drafting.default_transitorios(base.meta)
    decree = build_decree(old, new, transitorios=transitorios)
    return verify_text(old, new, decree.text(), transitorios).ok
