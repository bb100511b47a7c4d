"""Observations: a department files them on a shared proposal; legal staff see all of them by
department and status and answer them; counters of open items per department.

Uses the public API of :mod:`implan_regs.observations` (``observations_for``, ``add``,
``answer``, ``report``, ``NewObservation``); editing a pending observation needs
``observations.edit`` and is offered only when the library has it.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from .. import observations as obs_lib
from ..errors import ImplanError
from ..observations.model import KINDS, OPEN_STATUSES, STATUSES, TRANSITIONS
from ..plurals import agree, counted
from ..reform.states import DECISIONS
from . import access
from .forms import FieldError, field_error

bp = Blueprint("observe", __name__)
#: The forms' fields and the words of the messages that concern each (web/forms.py).
NEW_FIELDS = {"disposicion": ("disposición", "cita", "artículo", "existe", "reanclaje"), "dependencia": ("dependencia",),
              "recibida": ("fecha",), "texto": ("texto", "vacía", "observación")}
ANSWER_FIELDS = {"estado": ("estado", "transición", "pasar"), "operacion": ("operación",),
                 "respuesta": ("respuesta", "justifi")}


def _visible(proposal_id: str) -> list:
    return [o for o in obs_lib.observations_for(access.store(), proposal_id) if access.observation_visible(o)]


def _counters(observations: list) -> list[dict]:
    """Per department: counts by status, open and overdue (the dashboard's counters)."""
    rows: dict[str, dict] = {}
    for o in observations:
        row = rows.setdefault(o.department, {"department": o.department, "total": 0, "open": 0, "overdue": 0,
                                             **{s: 0 for s in STATUSES}})
        row[o.status] += 1
        row["total"] += 1
        row["open"] += o.is_open
        row["overdue"] += o.is_overdue()
    return sorted(rows.values(), key=lambda r: (-r["open"], r["department"]))


def _observation_or_404(proposal_id: str, obs_id: str):
    access.proposal_or_404(proposal_id)
    found = next((o for o in _visible(proposal_id) if o.id == obs_id), None)
    if found is None:
        abort(404)
    return found


def can_edit() -> bool:
    return hasattr(obs_lib, "edit")


@bp.route("/observaciones")
def dashboard():
    if not access.sees_proposals():
        abort(404)
    per_proposal, everything = [], []
    for p in access.visible_proposals():
        mine = _visible(p.id)
        everything += mine
        per_proposal.append((p, _counters(mine), sum(o.is_open for o in mine)))
    return render_template("observations_dashboard.html", per_proposal=per_proposal, totals=_counters(everything),
                           statuses=STATUSES)


@bp.route("/propuesta/<pid:proposal_id>/observaciones")
def listing(proposal_id: str):
    p = access.proposal_or_404(proposal_id)
    observations = _visible(p.id)
    status = request.args.get("estado", "")
    department = request.args.get("dependencia", "")
    shown = [o for o in observations if (not status or (o.status in OPEN_STATUSES if status == "abiertas"
                                                         else o.status == status))
             and (not department or o.department == department)]
    return render_template("observations.html", p=p, observations=shown, counters=_counters(observations),
                           statuses=STATUSES, status=status, department=department,
                           departments=sorted({o.department for o in observations}))


@bp.route("/propuesta/<pid:proposal_id>/observaciones/nueva", methods=["GET", "POST"])
def new(proposal_id: str):
    p = access.proposal_or_404(proposal_id)
    if not access.can("file_observation"):
        abort(403)
    if p.draft is None:
        abort(404)
    user = access.signed_in()
    form = request.form if request.method == "POST" else request.args
    provision = (form.get("eid") or form.get("disposicion") or "").strip()[:200]
    node = p.draft.find(provision) if provision else None
    if request.method == "GET":
        return render_template("observation_new.html", p=p, node=node, cited=provision, kinds=KINDS,
                               form={}, today=dt.date.today().isoformat())
    department = user.department if user.department else form.get("dependencia", "")
    received = form.get("recibida") if access.can("answer") and form.get("recibida") else dt.date.today().isoformat()
    new_obs = obs_lib.NewObservation(provision, department, form.get("texto", ""), received,
                                     kind=form.get("tipo", "fondo"), author=form.get("autor") or user.display)
    try:
        created = obs_lib.add(access.store(), p.id, new_obs, author=user.display)
    except ImplanError as exc:
        error = field_error(exc, form, NEW_FIELDS)
        return render_template("observation_new.html", p=p, node=node, cited=provision, kinds=KINDS,
                               form=form, error=error, today=dt.date.today().isoformat()), 400
    flash(f"Observación {created.id} registrada sobre {created.target.label}.")
    return redirect(url_for("observe.detail", proposal_id=p.id, obs_id=created.id))


@bp.route("/propuesta/<pid:proposal_id>/observaciones/word", methods=["POST"])
def import_word(proposal_id: str):
    """A Word file commented by a department: each comment becomes an observation (a department user
    files in its own department's name only); the page shows what was created."""
    from ..observations.docximport import import_docx

    p = access.proposal_or_404(proposal_id)
    if not access.can("file_observation") or p.draft is None:
        abort(403)
    user = access.signed_in()
    upload = request.files.get("archivo")
    name = Path(upload.filename or "").name if upload is not None else ""
    department = user.department or request.form.get("dependencia", "")
    preview = bool(request.form.get("vista_previa"))
    try:
        if upload is None or not name:
            raise ImplanError("elija el documento de Word (.docx) con los comentarios")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "comentarios.docx"
            upload.save(path)
            result = import_docx(access.store(), p.id, path, department=department, author=user.display,
                                 dry_run=preview)
    except ImplanError as exc:
        flash(f"{name or 'Documento'}: {exc.message}", "error")
        return redirect(url_for("observe.listing", proposal_id=p.id))
    count, skipped = len(result.created), len(result.skipped)
    summary = (f"Vista previa: se {agree(count, 'registraría', 'registrarían')} {counted(count, 'observación')}" if preview
               else f"Se {agree(count, 'registró', 'registraron')} {counted(count, 'observación')}")
    if skipped:
        summary += (f"; {skipped} ya {agree(skipped, 'estaba importada', 'estaban importadas')} "
                    f"({', '.join(result.skipped)})")
    return render_template("observations_imported.html", p=p, result=result, filename=name, preview=preview,
                           summary=summary + ".")


@bp.route("/propuesta/<pid:proposal_id>/observaciones/<obs:obs_id>")
def detail(proposal_id: str, obs_id: str):
    return _detail_page(proposal_id, obs_id)


def _detail_page(proposal_id: str, obs_id: str, error: FieldError | None = None, answer_form=None):
    """The observation's page; after a refused answer or edit, with the error beside its field (status 400)."""
    p = access.proposal_or_404(proposal_id)
    o = _observation_or_404(p.id, obs_id)
    node = p.draft.find(o.target.eid) if p.draft is not None and o.target.anchored else None
    page = render_template("observation.html", p=p, o=o, node=node, transitions=sorted(TRANSITIONS[o.status]),
                           editable=can_edit() and access.can_edit_observation(o), kinds=KINDS, error=error,
                           answer_form=answer_form, decisions=DECISIONS)
    return (page, 400) if error else page


@bp.route("/propuesta/<pid:proposal_id>/observaciones/<obs:obs_id>/responder", methods=["POST"])
@access.require("answer")
def answer(proposal_id: str, obs_id: str):
    o = _observation_or_404(proposal_id, obs_id)
    form = request.form
    try:
        obs_lib.answer(access.store(), o.id, form.get("estado", ""), response=form.get("respuesta") or None,
                       change=form.get("operacion") or None, author=access.signed_in().display)
    except ImplanError as exc:
        return _detail_page(proposal_id, o.id, field_error(exc, form, ANSWER_FIELDS, default="respuesta"), form)
    flash(f"Observación {o.id}: {form.get('estado')}.")
    return redirect(url_for("observe.detail", proposal_id=proposal_id, obs_id=o.id))


@bp.route("/propuesta/<pid:proposal_id>/observaciones/<obs:obs_id>/editar", methods=["POST"])
def edit(proposal_id: str, obs_id: str):
    o = _observation_or_404(proposal_id, obs_id)
    if not can_edit() or not access.can_edit_observation(o):
        abort(403)
    try:
        obs_lib.edit(access.store(), o.id, text=request.form.get("texto"), kind=request.form.get("tipo"),
                     author=access.signed_in().display)
    except ImplanError as exc:
        return _detail_page(proposal_id, o.id, field_error(exc, request.form, {"texto": ()}))
    flash(f"Observación {o.id} actualizada.")
    return redirect(url_for("observe.detail", proposal_id=proposal_id, obs_id=o.id))
