"""Web commands: ``serve`` (the web application under waitress) and ``user add/remove/list``.

    implan-regs --root demo-root serve --demo          # http://127.0.0.1:8000/, demo accounts printed
    implan-regs user add ana --role jurídico --name "Lic. Ana Martínez"      # asks for the password
    implan-regs user add obras --role dependencia --department "Dirección General de Obras Públicas"
    implan-regs user list --json
    implan-regs user remove ana
"""

from __future__ import annotations

import ipaddress
import secrets
import sys

import click

from ..errors import InputError
from . import echo_json, main, open_store

DEMO_DEPARTMENT = "Dirección General de Obras Públicas"
#: username -> (role, display name, department)
DEMO_ACCOUNTS = {
    "admin": ("administrador", "Administración del sistema", None),
    "juridico": ("jurídico", "Lic. Ana Martínez (Jurídico)", None),
    "obras": ("dependencia", "Ing. Roberto Castañeda Ruiz", DEMO_DEPARTMENT),
    "lector": ("lector", "Consulta pública", None),
}
OPEN_STATUSES = ("borrador", "en revisión", "dictaminada", "aprobada")


@main.group()
def user() -> None:
    """Cuentas de la aplicación web (administrador, jurídico, dependencia, lector)."""


@user.command(name="add")
@click.argument("username")
@click.option("--role", "role", required=True,
              type=click.Choice(["administrador", "jurídico", "juridico", "comisión", "comision", "dependencia",
                                 "lector"]),
              help="Rol de la cuenta.")
@click.option("--name", help="Nombre para mostrar (p. ej. 'Lic. Ana Martínez').")
@click.option("--department", help="Dependencia (obligatoria para el rol dependencia).")
@click.option("--password-stdin", is_flag=True, help="Lee la contraseña de la entrada estándar (una línea).")
@click.option("--replace", is_flag=True, help="Sustituye una cuenta existente (p. ej. para cambiar la contraseña).")
@click.option("--author", help="Quién da el alta (por omisión, el usuario del sistema).")
@click.pass_context
def user_add(ctx, username, role, name, department, password_stdin, replace, author):
    """Crea la cuenta USUARIO; pide la contraseña (mínimo 10 caracteres)."""
    from ..accounts.users import add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Contraseña", hide_input=True, confirmation_prompt="Repita la contraseña")
    role = {"juridico": "jurídico", "comision": "comisión"}.get(role, role)
    created = add_user(open_store(ctx), username, password=password, role=role, name=name, department=department,
                       replace=replace, author=author)
    click.echo(f"Usuario {created.username} ({created.role}"
               + (f", {created.department}" if created.department else "") + ") creado")


@user.command(name="remove")
@click.argument("username")
@click.option("--author", help="Quién da la baja.")
@click.pass_context
def user_remove(ctx, username, author):
    """Elimina la cuenta USUARIO (sus sesiones abiertas terminan)."""
    from ..accounts.users import remove_user

    remove_user(open_store(ctx), username, author=author)
    click.echo(f"Usuario {username} eliminado")


@user.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def user_list(ctx, as_json):
    """Lista las cuentas (sin contraseñas)."""
    from ..accounts.users import list_users

    users = list_users(open_store(ctx))
    if as_json:
        echo_json([u.public() for u in users])
        return
    if not users:
        click.echo("No hay cuentas; cree una con 'implan-regs user add'.")
    for u in users:
        click.echo(f"{u.username:<20} {u.role:<14} {u.name}" + (f"  [{u.department}]" if u.department else ""))


def create_demo_accounts(store) -> list[tuple[str, str, str]]:
    """One account per role with a fresh random password; open proposals shared with the demo
    department. Returns (username, password, role) for the console."""
    from ..accounts.shares import share
    from ..accounts.users import add_user
    from ..reform.storage import proposals

    out = []
    for username, (role, name, department) in DEMO_ACCOUNTS.items():
        password = secrets.token_urlsafe(9)
        add_user(store, username, password=password, role=role, name=name, department=department, replace=True,
                 author="serve --demo")
        out.append((username, password, role + (f" · {department}" if department else "")))
    for proposal in proposals(store):
        if proposal.status in OPEN_STATUSES:
            share(store, proposal.id, DEMO_DEPARTMENT, author="serve --demo")
    return out


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _log_logins_to_stderr() -> None:
    """Every login attempt on the console (the server's log), one line each."""
    import logging

    logger = logging.getLogger("implan_regs.web.login")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Dirección en la que escucha.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Puerto (0: uno libre).")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64),
              help="Hilos de waitress (por proceso).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Procesos que atienden el mismo puerto (comparten sesiones, clave e intentos fallidos de "
                   "inicio de sesión a través del acervo).")
@click.option("--demo", is_flag=True,
              help="Crea una cuenta de demostración por rol (contraseñas nuevas, impresas en la consola) y "
                   "comparte las propuestas abiertas con la dependencia de demostración.")
@click.option("--insecure-cookies", is_flag=True,
              help="Cookies de sesión sin el atributo Secure (solo para HTTP simple fuera de 127.0.0.1).")
@click.pass_context
def serve(ctx, host, port, threads, workers, demo, insecure_cookies):
    """Inicia la aplicación web sobre el acervo (waitress; por omisión solo en 127.0.0.1)."""
    from waitress import create_server

    from ..web import create_app

    store = open_store(ctx)
    if not _is_loopback(host) and not insecure_cookies:
        click.echo("Aviso: fuera de 127.0.0.1 las cookies de sesión (Secure) solo viajan por HTTPS; sirva detrás "
                   "de un proxy con TLS o use --insecure-cookies.", err=True)
    accounts = create_demo_accounts(store) if demo else []
    app = create_app(store.root, secure_cookies=not insecure_cookies)  # fails early, before forking workers
    _log_logins_to_stderr()
    from ..search import open_index

    click.echo("Preparando el índice de búsqueda…", err=True)
    open_index(store)
    shown = f"[{host}]" if ":" in host else host
    if workers > 1:
        from ..web.workers import listen, run_workers

        sock = listen(host, port)
        _announce(store, f"http://{shown}:{sock.getsockname()[1]}/", accounts, workers)
        run_workers(lambda: create_app(store.root, secure_cookies=not insecure_cookies, processes=workers), sock,
                    workers=workers, threads=threads)
        click.echo("Servidor detenido.")
        return
    try:
        server = create_server(app, host=host, port=port, threads=threads, ident="implan-regs")
    except OSError as exc:
        raise InputError(f"no se puede escuchar en {host}:{port}: {exc.strerror}") from None
    _announce(store, f"http://{shown}:{server.effective_port}/", accounts, workers)
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo("Servidor detenido.")
    finally:
        server.close()


def _announce(store, url: str, accounts: list[tuple[str, str, str]], workers: int) -> None:
    where = store.backend.describe()
    served = store.root if where["backend"] == "files" else f"el acervo «{where['store']}» de {where['database']}"
    processes = f" con {workers} procesos" if workers > 1 else ""
    click.echo(f"implan-regs: sirviendo {served} en {url}{processes} (Ctrl+C para detener)")
    if accounts:
        click.echo("Cuentas de demostración (contraseñas nuevas en cada arranque con --demo):")
        for username, password, role in accounts:
            click.echo(f"  {username:<10} {password:<14} {role}")
    sys.stdout.flush()
