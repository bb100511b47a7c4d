"""Downloads: every DOCX export of :mod:`implan_regs.export` (consolidated text of a version in
force or of a proposal; cuadro comparativo, tabla de correspondencia, decree, redline, the
observations matrix and the review of legal technique of a proposal)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, request

from .. import export as export_lib
from . import access, cache

bp = Blueprint("export", __name__)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FILE_NAMES = {"consolidated": "texto-consolidado", "comparative": "cuadro-comparativo",
              "correspondence": "tabla-de-correspondencia", "decree": "decreto", "redline": "control-de-cambios",
              "observations": "matriz-de-observaciones", "review-report": "revision-tecnica-juridica"}
#: Exports that show every department's observations: legal staff and administrators only.
ALL_OBSERVATIONS = {"observations"}


def _download(data: bytes, name: str) -> Response:
    return Response(data, mimetype=DOCX, headers={"Content-Disposition": f'attachment; filename="{name}.docx"'})


@bp.route("/descargar/doc/<work:work>/<date:date>.docx")
def version(work: str, date: str):
    cache.load_document(access.store(), work, date)  # 404 when the version does not exist
    data = export_lib.render(access.store(), f"{work}@{date}", "consolidated", author=access.signed_in().display)
    return _download(data, f"{work}-{date}-texto-consolidado")


@bp.route("/descargar/propuesta/<pid:proposal_id>/<kind>.docx")
def proposal(proposal_id: str, kind: str):
    p = access.proposal_or_404(proposal_id)
    if kind not in export_lib.KINDS:
        abort(404)
    all_observations = access.can("all_observations")
    if kind in ALL_OBSERVATIONS and not all_observations:
        abort(404)
    with_observations = kind == "comparative" and bool(request.args.get("observaciones")) and all_observations
    data = export_lib.render(access.store(), p.id, kind, with_observations=with_observations,
                             author=access.signed_in().display)
    return _download(data, f"{p.id}-{FILE_NAMES.get(kind, kind)}")
