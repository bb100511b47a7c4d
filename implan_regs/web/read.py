"""Reading: the documents, one version with its table of contents, provision permalinks,
the version timeline, the version in force on a date and the history of one provision."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for

from ..diff.words import word_diff
from ..errors import ImplanError
from ..model.uri import check_date
from ..reform.timeline import provision_history
from . import access, cache

bp = Blueprint("read", __name__)


@bp.route("/")
def index():
    store = access.store()
    works = [(info, cache.expressions(store, info.work)) for info in store.works()]
    proposals = access.visible_proposals() if access.sees_proposals() else []
    return render_template("index.html", works=works, proposals=proposals)


@bp.route("/doc/<work:work>")
def work(work: str):
    store = access.store()
    on = request.args.get("al", "").strip()
    if on:
        try:
            info = store.in_force(work, check_date(on, what="fecha"))
        except ImplanError as exc:
            versions = cache.expressions(store, work)
            return render_template("not_in_force.html", work=store.work(work), on=on, message=exc.message,
                                   versions=versions), 404
        return redirect(url_for("read.document", work=work, date=info.date, al=on))
    versions = cache.expressions(store, work)
    if not versions:
        abort(404)
    return redirect(url_for("read.document", work=work, date=versions[-1].date))


@bp.route("/doc/<work:work>/<date:date>")
def document(work: str, date: str):
    store = access.store()
    doc = cache.load_document(store, work, date)
    versions = cache.expressions(store, work)
    from .imports import pending_warnings

    return render_template("document.html", doc=doc, info=store.work(work), versions=versions, date=date,
                           on=request.args.get("al"), links=_links(work, date), warnings=pending_warnings(work, date))


@bp.route("/doc/<work:work>/<date:date>/p/<eid:eid>")
def provision(work: str, date: str, eid: str):
    store = access.store()
    doc = cache.load_document(store, work, date)
    node = doc.find(eid)
    if node is None:
        abort(404)
    return render_template("provision.html", doc=doc, node=node, info=store.work(work), date=date,
                           versions=cache.expressions(store, work), links=_links(work, date))


@bp.route("/doc/<work:work>/historia")
def history(work: str):
    store = access.store()
    info = store.work(work)
    citation = (request.args.get("cita") or "").strip()[:200]
    versions, error = [], None
    if citation:
        try:
            versions = provision_history(store, work, citation)
        except ImplanError as exc:
            error = exc.message
    rows: list[tuple[object, list[tuple[str, str]] | None]] = []
    previous = None
    for version in versions:
        marks = word_diff(previous, version.text) if previous and version.text and version.change != "sin cambios" \
            else None
        rows.append((version, marks))
        previous = version.text if version.text is not None else previous
    return render_template("history.html", info=info, citation=citation, rows=rows, error=error)


def _links(work: str, date: str) -> dict:
    """URL prefixes the provision macros append an eId to."""
    return {"permalink": url_for("read.provision", work=work, date=date, eid="EID"),
            "history": url_for("read.history", work=work) + "?cita=", "observe": None}
