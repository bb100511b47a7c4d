"""Log in and out; accounts (administrador); sharing a proposal with a department."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for

from ..accounts import shares
from ..accounts.users import ROLES, add_user, authenticate, list_users, remove_user
from ..accounts.users import departments as user_departments
from ..errors import ImplanError
from ..textinput import printable
from . import access, devices, sessions
from .forms import FieldError, field_error

bp = Blueprint("auth", __name__)
#: Every login attempt (success, failure, delayed), with the account, address and device.
log = logging.getLogger("implan_regs.web.login")


def _safe_next(target: str | None) -> str:
    """Only local paths: never redirect to another site after logging in."""
    if not target or not target.startswith("/") or target.startswith("//") or urlsplit(target).netloc \
            or "\\" in target:
        return url_for("read.index")
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        if access.user() is not None:
            return redirect(url_for("read.index"))
        return render_template("login.html", next=request.args.get("next", ""))
    guard = current_app.extensions["login_guard"]
    username = (request.form.get("usuario") or "").strip().lower()[:64]
    ip = request.remote_addr or "?"
    device = devices.known_device(username)
    where = printable(f"usuario={username!r} dirección={ip} dispositivo={'conocido' if device else 'nuevo'}")
    wait = guard.wait(username, ip, device)
    if wait:
        from .security import blocked_message

        log.warning("inicio de sesión demorado (%.0f s por esperar): %s", wait, where)
        return render_template("login.html", next=request.form.get("next", ""), username=username,
                               error=FieldError("usuario", blocked_message(wait))), 429
    user = authenticate(access.store(), username, request.form.get("contrasena") or "")
    if user is None:
        guard.failed(username, ip, device)
        log.warning("inicio de sesión fallido: %s", where)
        return render_template("login.html", next=request.form.get("next", ""), username=username,
                               error=FieldError("usuario", "Usuario o contraseña incorrectos.")), 401
    guard.succeeded(username, device)
    log.info("inicio de sesión: %s", where)
    session.clear()  # a fresh session (and CSRF token) on every login
    session.permanent = True
    session["user"] = user.username
    session["sid"] = sessions.start(access.store(), user)
    return devices.remember(redirect(_safe_next(request.form.get("next"))), user.username, device)


@bp.route("/logout", methods=["POST"])
def logout():
    sessions.end(access.store(), session.get("sid"))
    session.clear()
    flash("Sesión cerrada.")
    return redirect(url_for("auth.login"))


# ------------------------------------------------------------------ accounts

@bp.route("/admin/usuarios")
@access.require("manage_users")
def users():
    return render_template("users.html", users=list_users(access.store()), roles=ROLES,
                           departments=user_departments(access.store()))


#: The account form's fields and the words of the messages that concern each (web/forms.py).
USER_FIELDS = {"contrasena": ("contraseña",), "rol": ("rol",), "dependencia": ("dependencia",),
               "usuario": ("usuario",), "nombre": ("nombre",)}


@bp.route("/admin/usuarios", methods=["POST"])
@access.require("manage_users")
def user_add():
    form = request.form
    try:
        created = add_user(access.store(), form.get("usuario", ""), password=form.get("contrasena", ""),
                           role=form.get("rol", ""), name=form.get("nombre"), department=form.get("dependencia"),
                           author=access.signed_in().display)
    except ImplanError as exc:
        error = field_error(exc, form, USER_FIELDS, default="usuario")
        return render_template("users.html", users=list_users(access.store()), roles=ROLES, form=form,
                               error=error, departments=user_departments(access.store())), 400
    flash(f"Usuario «{created.username}» creado.")
    return redirect(url_for("auth.users"))


@bp.route("/admin/usuarios/<username>/eliminar", methods=["POST"])
@access.require("manage_users")
def user_remove(username: str):
    if username == access.signed_in().username:
        flash("No puede eliminar su propia cuenta.", "error")
        return redirect(url_for("auth.users"))
    remove_user(access.store(), username, author=access.signed_in().display)
    flash(f"Usuario «{username}» eliminado.")
    return redirect(url_for("auth.users"))


# ------------------------------------------------------------------ sharing

@bp.route("/propuesta/<pid:proposal_id>/compartir", methods=["POST"])
@access.require("share")
def share(proposal_id: str):
    access.proposal_or_404(proposal_id)
    department = request.form.get("dependencia", "")
    try:
        shares.share(access.store(), proposal_id, department, author=access.signed_in().display)
    except ImplanError as exc:
        flash(str(exc), "error")
    else:
        flash(f"Propuesta compartida con {' '.join(department.split())}.")
    return redirect(url_for("compare.proposal", proposal_id=proposal_id))


@bp.route("/propuesta/<pid:proposal_id>/dejar-de-compartir", methods=["POST"])
@access.require("share")
def unshare(proposal_id: str):
    access.proposal_or_404(proposal_id)
    department = request.form.get("dependencia", "")
    shares.unshare(access.store(), proposal_id, department, author=access.signed_in().display)
    flash(f"La propuesta ya no se comparte con {department}.")
    return redirect(url_for("compare.proposal", proposal_id=proposal_id))
