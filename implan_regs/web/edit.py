"""Editing a proposal (jurídico only): reformar, adicionar, derogar a provision with its reason,
and moving the proposal through its statuses. Every write is the CLI's library call
(:func:`implan_regs.reform.service.operate`, :func:`~implan_regs.reform.service.set_status`)
with the user's name as author, so it lands in the history."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from ..errors import ImplanError
from ..reform.service import operate, set_status
from . import access
from .forms import field_error

bp = Blueprint("edit", __name__)

OPERATIONS = {"reformar": "Reformar", "adicionar": "Adicionar", "derogar": "Derogar"}
#: The editing form's fields and the words of the messages that concern each (web/forms.py).
FIELDS = {"cita": ("cita", "existe", "disposición", "artículo"), "texto": ("texto",), "motivo": ("justificación",)}


def _editable(proposal_id: str):
    p = access.proposal_or_404(proposal_id)
    if p.status in ("publicada", "descartada") or p.draft is None:
        abort(409, description=f"La propuesta está {p.status}; no admite cambios.")
    return p


@bp.route("/propuesta/<pid:proposal_id>/editar")
@access.require("edit")
def form(proposal_id: str):
    p = _editable(proposal_id)
    op = request.args.get("op", "reformar")
    if op not in OPERATIONS:
        op = "reformar"
    citation = (request.args.get("cita") or "").strip()[:200]
    node = p.draft.find(citation) if citation else None
    return render_template("edit.html", p=p, op=op, operations=OPERATIONS, form={"cita": citation,
                           "texto": "\n\n".join(node.plain_text().split("\n"))
                           if node is not None and op == "reformar" else ""},
                           articles=p.draft.articles())


@bp.route("/propuesta/<pid:proposal_id>/editar/<op>", methods=["POST"])
@access.require("edit")
def apply(proposal_id: str, op: str):
    if op not in OPERATIONS:
        abort(404)
    p = _editable(proposal_id)
    f = request.form
    citation = (f.get("cita") or "").strip() or None
    text = f.get("texto") or None
    reason = (f.get("motivo") or "").strip() or None
    try:
        if op == "adicionar":
            result = operate(access.store(), p.id, op, after=citation, text=text, reason=reason,
                             author=access.signed_in().display)
        else:
            result = operate(access.store(), p.id, op, citation=citation, text=text if op == "reformar" else None,
                             reason=reason, author=access.signed_in().display)
    except ImplanError as exc:
        return render_template("edit.html", p=p, op=op, operations=OPERATIONS, form=f, error=field_error(exc, f, FIELDS),
                               articles=p.draft.articles()), 400
    flash(f"{OPERATIONS[op]}: operación {result.id} registrada ({result.result or result.target or ''}).")
    return redirect(url_for("compare.proposal", proposal_id=p.id))


@bp.route("/propuesta/<pid:proposal_id>/estado", methods=["POST"])
@access.require("change_status")
def status(proposal_id: str):
    p = access.proposal_or_404(proposal_id)
    new = request.form.get("estado", "")
    try:
        set_status(access.store(), p.id, new, note=(request.form.get("nota") or "").strip() or None,
                   author=access.signed_in().display)
    except ImplanError as exc:
        flash(str(exc), "error")
    else:
        flash(f"La propuesta pasó a «{new}».")
    return redirect(url_for("compare.proposal", proposal_id=p.id))
