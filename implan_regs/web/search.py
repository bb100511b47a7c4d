"""Search: one box with filters (document, kind, date, proposals), highlighted snippets and links
to the provision in context. Calls :func:`implan_regs.search.search`; results the user may not
see (proposals not shared with their department, observations) are never requested or are
dropped."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from markupsafe import Markup, escape

from .. import search as search_lib
from ..errors import ImplanError
from ..model.uri import check_date
from . import access

bp = Blueprint("search", __name__)
PER_PAGE = 15


def highlight(result: dict) -> Markup:
    """The snippet escaped, its matched words (the library's spans) in <mark>."""
    from ..search.query import segments

    return Markup("").join(Markup("<mark>{}</mark>").format(piece) if match else escape(piece)
                           for piece, match in segments(result))


def _link(result: dict) -> str | None:
    if result["doctype"] == "vigente":
        return url_for("read.document", work=result["work"], date=result["version"]) + "#" + result["eid"]
    if result["doctype"] == "propuesta":
        return url_for("compare.draft", proposal_id=result["proposal"]) + "#" + result["eid"]
    subject = result.get("proposal") or result.get("subject")
    if subject and result.get("id"):
        return url_for("observe.detail", proposal_id=subject, obs_id=result["id"])
    return None


def _allowed(result: dict) -> bool:
    if result["doctype"] == "propuesta":
        return access.proposal_visible(result.get("proposal", ""))
    if result["doctype"] == "observacion":
        return access.can("all_observations")
    return True


@bp.route("/buscar")
def search():
    store = access.store()
    args = request.args
    query = (args.get("q") or "").strip()[:500]
    works = store.works()
    kinds = sorted({w.kind for w in works})
    try:
        page = max(1, min(int(args.get("pagina", "1")), 100))
    except ValueError:
        page = 1
    params = {"q": query, "obra": args.get("obra", ""), "tipo": args.get("tipo", ""), "al": args.get("al", ""),
              "propuestas": bool(args.get("propuestas")) and access.sees_proposals(),
              "observaciones": bool(args.get("observaciones")) and access.can("all_observations")}
    data, error, results = None, None, []
    if query:
        try:
            options = search_lib.SearchOptions(
                at=check_date(params["al"], what="fecha") if params["al"] else None,
                works=[params["obra"]] if params["obra"] else [], kinds=[params["tipo"]] if params["tipo"] else [],
                include_proposals=params["propuestas"], include_observations=params["observaciones"],
                page=page, per_page=PER_PAGE)
            data = search_lib.search(store, query, options)
        except ImplanError as exc:
            error = exc.message
        else:
            results = [(r, _link(r), highlight(r)) for r in data["results"] if _allowed(r)]
    return render_template("search.html", params=params, works=works, kinds=kinds, data=data, error=error,
                           results=results, page=page, per_page=PER_PAGE, titles={w.work: w.title for w in works})
