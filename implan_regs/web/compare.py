"""Proposals: the list, one proposal, its draft text, the comparison with its base (side by side,
word marks, filter by change type), the correspondence table and the decree."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for

from ..accounts import shares
from ..accounts.users import departments as user_departments
from ..diff import model as dm
from ..model.eid import article_eid
from ..reform import states
from ..reform.service import proposal_base
from . import access, cache, marks

bp = Blueprint("compare", __name__)

#: The filter's choices: name -> change types it shows (None: all).
FILTERS: dict[str, tuple[str, set[dm.ChangeType] | None]] = {
    "cambios": ("Todos los cambios", set(dm.CHANGE_TYPES) - {dm.UNCHANGED}),
    "reformados": ("Reformados", {dm.AMENDED, dm.RENUMBERED_AMENDED, dm.MOVED_AMENDED}),
    "adicionados": ("Adicionados", {dm.ADDED}),
    "derogados": ("Derogados y suprimidos", {dm.DEROGATED, dm.REMOVED}),
    "reubicados": ("Renumerados y reubicados", {dm.RENUMBERED, dm.RENUMBERED_AMENDED, dm.MOVED, dm.MOVED_AMENDED,
                                                dm.SPLIT, dm.MERGED}),
    "todos": ("Texto completo", None),
}


def _draft_or_404(proposal):
    if proposal.draft is None:
        abort(404)
    return proposal.draft


def _base_or_none(proposal):
    return proposal_base(access.store(), proposal) if proposal.base else None


@bp.route("/propuestas")
def proposals():
    if not access.sees_proposals():
        abort(404)
    return render_template("proposals.html", proposals=access.visible_proposals())


@bp.route("/propuesta/<pid:proposal_id>")
def proposal(proposal_id: str):
    p = access.proposal_or_404(proposal_id)
    store = access.store()
    counts = cache.proposal_diff(store, p).summary if p.base else None
    shared = shares.departments_for(store, p.id) if access.can("share") else []
    return render_template("proposal.html", p=p, counts=counts, shared=shared,
                           departments=user_departments(store), change_names=marks.CHANGE_NAMES,
                           transitions=[s for s in states.allowed(p.status) if states.State(s) not in states.VIA],
                           document_kinds=states.DOCUMENT_KINDS)


@bp.route("/propuesta/<pid:proposal_id>/texto")
def draft(proposal_id: str):
    p = access.proposal_or_404(proposal_id)
    doc = _draft_or_404(p)
    observe = url_for("observe.new", proposal_id=p.id) + "?eid=" \
        if access.can("file_observation") and "observe" in _blueprints() else None
    links = {"permalink": url_for("compare.draft_provision", proposal_id=p.id, eid="EID"), "history": None,
             "observe": observe}
    return render_template("draft.html", p=p, doc=doc, links=links)


@bp.route("/propuesta/<pid:proposal_id>/p/<eid:eid>")
def draft_provision(proposal_id: str, eid: str):
    p = access.proposal_or_404(proposal_id)
    node = _draft_or_404(p).find(eid)
    if node is None:
        abort(404)
    return render_template("draft_provision.html", p=p, node=node,
                           links={"permalink": url_for("compare.draft_provision", proposal_id=p.id, eid="EID"),
                                  "history": None, "observe": None})


@bp.route("/propuesta/<pid:proposal_id>/comparar")
def compare(proposal_id: str):
    p = access.proposal_or_404(proposal_id)
    draft = _draft_or_404(p)
    base = _base_or_none(p)
    if base is None:
        return render_template("compare_new_work.html", p=p)
    choice = request.args.get("ver", "cambios")
    if choice not in FILTERS:
        choice = "cambios"
    diff = cache.proposal_diff(access.store(), p)
    rows = marks.rows(base, draft, diff, FILTERS[choice][1])
    return render_template("compare.html", p=p, base=base, diff=diff, rows=rows, choice=choice, filters=FILTERS,
                           change_names=marks.CHANGE_NAMES, reasons=_reasons(p))


@bp.route("/propuesta/<pid:proposal_id>/correspondencia")
def correspondence(proposal_id: str):
    p = access.proposal_or_404(proposal_id)
    _draft_or_404(p)
    if not p.base:
        return render_template("compare_new_work.html", p=p)
    diff = cache.proposal_diff(access.store(), p)
    return render_template("correspondence.html", p=p, table=diff.correspondence(), diff=diff,
                           change_names=marks.CHANGE_NAMES)


@bp.route("/propuesta/<pid:proposal_id>/decreto")
def decree(proposal_id: str):
    p = access.proposal_or_404(proposal_id)
    _draft_or_404(p)
    store = access.store()
    return render_template("decree.html", p=p, decree=cache.decree(store, p), check=cache.verification(store, p))


def _reasons(p) -> dict[str, list]:
    """Operations by the eIds they produced or touched (the justification shown beside a row)."""
    out: dict[str, list] = {}
    for op in p.operations:
        for eid in {*(op.result or "").split(), *([op.target] if op.target else [])}:
            out.setdefault(article_eid(eid), []).append(op)
    return out


def _blueprints() -> set[str]:
    from flask import current_app

    return set(current_app.blueprints)
