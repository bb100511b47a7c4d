"""The web application: read, search, compare, observe, edit and export in a browser.

:func:`create_app` builds a Flask app over one corpus root. Server-rendered Jinja pages
(Spanish UI, autoescaped), one blueprint per area:

==========  ==================================================================================
auth        /login, /logout, /admin/usuarios (accounts), sharing a proposal with a department
read        /, /doc/<work>, /doc/<work>/<date>[#eId], /doc/<work>/<date>/p/<eId>, /doc/<work>/historia
search      /buscar (needs :mod:`implan_regs.search`)
compare     /propuestas, /propuesta/<id>[/texto|/comparar|/correspondencia|/decreto]
observe     /observaciones, /propuesta/<id>/observaciones, /observacion/<OBS-id> (needs
            :mod:`implan_regs.observations`)
edit        /propuesta/<id>/editar (reformar, adicionar, derogar, estado), jurídico only
procedure   /propuesta/<id>/dictamen|aprobar|publicar|expediente, …/observaciones/<OBS-id>/resolver
export      /descargar/… every DOCX export (needs :mod:`implan_regs.export`)
==========  ==================================================================================

Views only call the library (:mod:`implan_regs.store`, :mod:`implan_regs.reform`, …); access
rules live in :mod:`.access`, accounts in :mod:`.users`, sharing in :mod:`.shares`, sessions,
CSRF and rate limits in :mod:`.security`. ``implan-regs serve`` runs it under waitress.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, g, redirect, render_template, request, session, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BaseConverter

from ..accounts.users import ROLE_NAMES, load_users, users_path
from ..errors import ImplanError, NotFoundError
from ..model.dates import spanish_date
from ..plurals import agree, counted
from ..store import Store
from ..store.postgres import PgBackend
from . import access, cache, security, sessions

PUBLIC_ENDPOINTS = {"auth.login", "static"}


class WorkConverter(BaseConverter):
    regex = r"[a-z0-9][a-z0-9\-]{0,99}"


class DateConverter(BaseConverter):
    regex = r"\d{4}-\d{2}-\d{2}"


class EidConverter(BaseConverter):
    regex = r"[A-Za-z][A-Za-z0-9_\-]{0,199}"


class ObsConverter(BaseConverter):
    regex = r"OBS-\d{4,8}"


def create_app(root: Path | str, *, secure_cookies: bool = True, testing: bool = False,
               processes: int = 1) -> Flask:
    """The app over the store at ``root``; ``processes``: how many serve it (``serve --workers``),
    so that failed logins are counted where all of them see the count."""
    root = Path(root).resolve()
    store = Store.open(root)  # fail early on a folder that is not a corpus
    app = Flask(__name__)
    app.config.update(
        IMPLAN_ROOT=root, SECRET_KEY=security.secret_key(store), TESTING=testing,
        SESSION_COOKIE_NAME="implan_session", SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SECURE=secure_cookies,
        SESSION_COOKIE_SAMESITE="Lax", PERMANENT_SESSION_LIFETIME=sessions.LIFETIME,
        MAX_CONTENT_LENGTH=2 * 1024 * 1024, SEND_FILE_MAX_AGE_DEFAULT=3600,
    )
    app.url_map.converters.update(work=WorkConverter, pid=WorkConverter, date=DateConverter, eid=EidConverter, obs=ObsConverter)
    app.extensions["login_guard"] = security.LoginGuard(
        shared=store.backend if isinstance(store.backend, PgBackend) else None,
        folder=security.failures_dir(root) if processes > 1 else None)
    from ..search import attach

    attach()  # keep the index current with every write made through the app

    from . import auth, compare, edit, export, imports, observe, procedure, read, search

    for module in (auth, read, imports, compare, edit, procedure, search, observe, export):
        app.register_blueprint(module.bp)

    app.before_request(_load_user)
    app.after_request(security.security_headers)
    app.jinja_env.globals.update(csrf_token=security.csrf_token, can=access.can,
                                 role_names=ROLE_NAMES, sees_proposals=access.sees_proposals)
    app.jinja_env.filters["fecha"] = spanish_date
    app.jinja_env.filters["cuenta"] = counted  # {{ n|cuenta("resultado") }} -> "1 resultado"
    app.jinja_env.filters["concuerda"] = agree  # {{ n|concuerda("abierta") }} -> "abiertas"
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    _error_handlers(app)
    return app


def _users(store: Store) -> dict:
    return cache.cached(("users", str(store.root), store.stamp(users_path(store.root))), lambda: load_users(store))


def _load_user():
    g.user = None
    name = session.get("user")
    if name:
        store = access.store()
        g.user = _users(store).get(name)
        if g.user is None or not sessions.is_valid(store, session.get("sid"), g.user):
            g.user = None  # the account was removed, logged out or its password changed
            session.clear()
    if request.endpoint in PUBLIC_ENDPOINTS:
        if request.method == "POST":
            security.check_csrf()
        return None
    if g.user is None:
        target = request.full_path if request.method == "GET" else None
        return redirect(url_for("auth.login", next=target.rstrip("?") if target else None))
    if request.method == "POST":
        security.check_csrf()
    return None


ERROR_TITLES = {400: "Solicitud no válida", 403: "Acceso no permitido", 404: "No encontrado",
                405: "Método no permitido", 409: "No admite cambios", 413: "Solicitud demasiado grande", 429: "Demasiados intentos",
                500: "Error interno"}
ERROR_TEXTS = {403: "Su cuenta no tiene permiso para esta acción.",
               404: "La página que busca no existe o no está disponible para su cuenta.",
               500: "Ocurrió un error inesperado. Inténtelo de nuevo; si persiste, avise al administrador."}


def _error_handlers(app: Flask) -> None:
    def page(code: int, message: str | None = None):
        text = message or ERROR_TEXTS.get(code, "")
        return render_template("error.html", code=code, title=ERROR_TITLES.get(code, "Error"), message=text), code

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if exc.code is not None and exc.code < 400:  # routing redirects (trailing slash)
            return exc
        default = type(exc).description
        message = exc.description if exc.description and exc.description != default else None
        return page(exc.code or 500, message)

    @app.errorhandler(NotFoundError)
    def not_found(exc: NotFoundError):
        return page(404)

    @app.errorhandler(ImplanError)
    def implan_error(exc: ImplanError):
        return page(400, str(exc))
