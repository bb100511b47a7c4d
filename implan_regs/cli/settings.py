"""settings: the texts an institute keeps in its store (días inhábiles, preamble, external references)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError
from . import echo_json, main, open_store

#: A settings text is a few kilobytes; anything larger is not one.
MAX_BYTES = 1 << 20


@main.group()
def settings() -> None:
    """Ajustes del acervo: días inhábiles, plantilla del preámbulo, referencias externas."""


@settings.command("list")
@click.option("--json", "as_json", is_flag=True, help="Lista en JSON.")
@click.pass_context
def list_(ctx: click.Context, as_json: bool) -> None:
    """Lista los ajustes y si el acervo tiene el suyo."""
    from ..settings import listing

    rows = listing(open_store(ctx))
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        state = "propio" if row["stored"] else (row["default"] or "sin definir")
        click.echo(f"{row['name']:<22} {state:<26} {row['path']}")
        click.echo(f"    {row['description']}")


@settings.command()
@click.argument("name", metavar="NOMBRE")
@click.pass_context
def show(ctx: click.Context, name: str) -> None:
    """Muestra el texto vigente del ajuste NOMBRE."""
    from ..settings import current

    data = current(open_store(ctx), name)
    if data is None:
        raise InputError("el acervo no tiene este ajuste", path=name)
    click.echo(data.decode("utf-8"), nl=False)


@settings.command("set")
@click.argument("name", metavar="NOMBRE")
@click.argument("file", metavar="ARCHIVO", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--author", help="Autor del cambio (por omisión, el usuario del sistema).")
@click.option("-m", "--message", help="Motivo del cambio (queda en el historial).")
@click.pass_context
def set_(ctx: click.Context, name: str, file: Path, author: str | None, message: str | None) -> None:
    """Guarda en el acervo el texto de ARCHIVO como ajuste NOMBRE, tras revisarlo."""
    from ..settings import put

    try:
        if file.stat().st_size > MAX_BYTES:
            raise InputError("demasiado grande para un ajuste (más de 1 MB)", path=file)
        data = file.read_bytes()
    except OSError as exc:
        raise InputError(f"no se puede leer: {exc.strerror}", path=file) from None
    rel = put(open_store(ctx), name, data, author=author, message=message, source=file)
    click.echo(f"Ajuste {name} guardado en el acervo ({rel}).")
