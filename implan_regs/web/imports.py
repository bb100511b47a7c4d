"""The import report on the document page: what the importer was not sure of, until a jurídico
marks it reviewed (:mod:`implan_regs.store.reports`; every mark is in the history with the user)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for

from ..errors import ImplanError
from ..plurals import counted
from ..store import reports
from . import access, cache

bp = Blueprint("imports", __name__)
ALL = "todos"


def pending_warnings(work: str, date: str) -> list[dict]:
    """The version's import warnings nobody has marked reviewed (none when it has no report)."""
    return reports.pending(reports.load_report(access.store(), work, date))


@bp.route("/doc/<work:work>/<date:date>/revisado", methods=["POST"])
@access.require("edit")
def review(work: str, date: str):
    cache.load_document(access.store(), work, date)  # 404 for a version that does not exist
    chosen = request.form.getlist("aviso")
    try:
        marked = reports.mark_reviewed(access.store(), work, date, None if ALL in chosen else chosen,
                                       author=access.signed_in().display)
    except ImplanError as exc:
        flash(exc.message, "error")
    else:
        flash(f"{counted(marked, 'aviso marcado como revisado', 'avisos marcados como revisados')}.")
    return redirect(url_for("read.document", work=work, date=date) + "#avisos-importacion")
