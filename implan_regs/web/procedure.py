"""The reform's procedure in the browser: the commission's dictamen and its decision on each
observation, the Cabildo's approval, the publication, and the proposal's expediente (timeline).

Who may do what is :data:`implan_regs.web.access.PERMISSIONS` (a department never; the
commission's secretary never edits the draft); every write is the CLI's library call
(:mod:`implan_regs.reform.procedure`, :func:`implan_regs.publication.publish`,
:func:`implan_regs.observations.service.resolve`) with the signed-in user as author, so the same
transition table and guards apply.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for

from ..errors import ImplanError
from ..reform.procedure import Upload, check_upload
from . import access

bp = Blueprint("procedure", __name__)


def _field(name: str) -> str:
    return (request.form.get(name) or "").strip()


def _upload() -> Upload | None:
    """The PDF or DOCX the form sent as ``documento`` (None when none was chosen)."""
    sent = request.files.get("documento")
    if sent is None or not sent.filename:
        return None
    return check_upload(sent.filename, sent.read())


def _done(proposal_id: str, action, success: str):
    """Run ``action()``; flash its Spanish error or ``success``; back to the proposal."""
    try:
        action()
    except ImplanError as exc:
        flash(str(exc), "error")
    else:
        flash(success)
    return redirect(url_for("compare.proposal", proposal_id=proposal_id))


@bp.route("/propuesta/<pid:proposal_id>/dictamen", methods=["POST"])
@access.require("dictamen")
def dictamen(proposal_id: str):
    from ..reform.procedure import record_dictamen

    p = access.proposal_or_404(proposal_id)
    return _done(p.id, lambda: record_dictamen(access.store(), p.id, commission=_field("comision"),
                                               date=_field("fecha"), source=_upload(),
                                               author=access.signed_in().display),
                 "Dictamen registrado: la propuesta está dictaminada.")


@bp.route("/propuesta/<pid:proposal_id>/aprobar", methods=["POST"])
@access.require("approve")
def approve(proposal_id: str):
    from ..reform.procedure import approve as record_approval

    p = access.proposal_or_404(proposal_id)
    return _done(p.id, lambda: record_approval(access.store(), p.id, session=_field("sesion"), date=_field("fecha"),
                                               acta=_field("acta"), votes=_field("votacion"), source=_upload(),
                                               author=access.signed_in().display),
                 "Aprobación del Cabildo registrada.")


@bp.route("/propuesta/<pid:proposal_id>/publicar", methods=["POST"])
@access.require("publish")
def publish(proposal_id: str):
    from ..publication import publish as publish_proposal

    p = access.proposal_or_404(proposal_id)

    def action():
        result = publish_proposal(access.store(), p.id, _field("fecha"), gazette_number=_field("numero") or None,
                                  document=_upload(), author=access.signed_in().display)
        for warning in result.warnings:
            flash(f"Advertencia: {warning}", "error")
        flash(f"En vigor el {result.date} ({result.in_force_source}).")

    return _done(p.id, action, "Publicada.")


@bp.route("/propuesta/<pid:proposal_id>/observaciones/<obs:obs_id>/resolver", methods=["POST"])
@access.require("resolve")
def resolve(proposal_id: str, obs_id: str):
    from ..observations.service import resolve as record_resolution

    p = access.proposal_or_404(proposal_id)
    try:
        record_resolution(access.store(), obs_id, by=_field("comision"), decision=_field("decision"),
                          reason=_field("motivo"), author=access.signed_in().display)
    except ImplanError as exc:
        flash(str(exc), "error")
    else:
        flash(f"{obs_id}: resolución de la comisión registrada.")
    return redirect(url_for("observe.detail", proposal_id=p.id, obs_id=obs_id))


@bp.route("/propuesta/<pid:proposal_id>/documentos", methods=["POST"])
@access.require("attach")
def attach(proposal_id: str):
    from ..reform.procedure import attach as keep

    p = access.proposal_or_404(proposal_id)

    def action():
        upload = _upload()
        if upload is None:
            raise ImplanError("elija el documento (PDF o DOCX)", path=p.id)
        keep(access.store(), p.id, _field("tipo"), upload, author=access.signed_in().display)

    return _done(p.id, action, "Documento conservado con la propuesta.")


@bp.route("/propuesta/<pid:proposal_id>/documentos/<sha>")
def document(proposal_id: str, sha: str):
    import io

    from ..reform.procedure import document_bytes

    if not access.can("all_proposals"):
        abort(404)
    p = access.proposal_or_404(proposal_id)
    try:
        data = document_bytes(access.store(), p, sha)  # through the store: a file or a database row
    except ImplanError:
        abort(404)
    name = next(a.name for a in p.attachments if a.sha256 == sha)
    return send_file(io.BytesIO(data), as_attachment=True, download_name=name)


@bp.route("/propuesta/<pid:proposal_id>/expediente")
def timeline(proposal_id: str):
    from ..reform.timeline import proposal_timeline

    if not access.can("all_proposals"):  # a department sees the states and its own observations only
        abort(404)
    p = access.proposal_or_404(proposal_id)
    return render_template("timeline.html", p=p, steps=proposal_timeline(access.store(), p.id))
