"""Moving a whole store between backends: ``migrate --from`` (a file store into PostgreSQL) and
``export-store --to`` (a PostgreSQL store written out as a file store). The library half is
:mod:`implan_regs.store.migrate`.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import click

from ..errors import InputError
from ..plurals import counted
from . import echo_json, main, open_store, show_progress, store_root


@contextmanager
def _progress(as_json: bool, label: str, total: int):
    """A byte counter on a terminal (stderr); nothing otherwise."""
    if not show_progress(as_json):
        yield None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update


def _summary(report: dict) -> str:
    history = report["history"]
    return (f"{counted(report['files'], 'archivo')} ({report['bytes'] / 1e6:.1f} MB) y "
            f"{counted(history['lines'], 'línea')} del historial, verificados (SHA-256 de cada archivo; "
            f"cadena del historial)")


@main.command()
@click.option("--from", "source", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Carpeta del acervo en archivos que se copia.")
@click.option("--json", "as_json", is_flag=True, help="Informe en JSON.")
@click.pass_context
def migrate(ctx, source, as_json):
    """Copia entero el acervo en archivos de --from al acervo PostgreSQL de IMPLAN_REGS_DATABASE_URL
    (e IMPLAN_REGS_STORE), que debe estar vacío, y verifica cada archivo y el historial."""
    from ..store.backend import HISTORY, database_url, open_backend
    from ..store.backup import primary_files
    from ..store.migrate import migrate_from_files

    if not database_url():
        raise InputError("indique la base de datos de destino con la variable IMPLAN_REGS_DATABASE_URL")
    root = store_root(ctx)
    root.mkdir(parents=True, exist_ok=True)  # the PostgreSQL store's local folder (caches)
    target = open_backend(root.resolve(), backend="postgres")
    total = sum(p.stat().st_size for p in primary_files(source) if p.name != HISTORY) if source.is_dir() else 0
    with _progress(as_json, "Copiando", total) as step:
        report = migrate_from_files(source, target, progress=step)
    if as_json:
        echo_json(report)
        return
    click.echo(f"Acervo {report['source']} copiado a PostgreSQL ({report['target']['database']}, esquema "
               f"{report['target']['schema']}): {_summary(report)}. Reconstruya el índice de búsqueda con "
               "'implan-regs index rebuild'.")


@main.command(name="export-store")
@click.option("--to", "folder", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Carpeta nueva (o vacía) donde se escribe el acervo en archivos.")
@click.option("--json", "as_json", is_flag=True, help="Informe en JSON.")
@click.pass_context
def export_store(ctx, folder, as_json):
    """Escribe el acervo PostgreSQL de IMPLAN_REGS_DATABASE_URL como un acervo en archivos en --to,
    verificado (SHA-256 de cada archivo y cadena del historial), y lo revisa como 'check'."""
    from ..store.check import check_store, errors
    from ..store.migrate import export_to_files
    from .maintenance import register_checks

    store = open_store(ctx)
    total = sum(getattr(store.backend, "sizes", dict)().values())
    with _progress(as_json, "Exportando", total) as step:
        report = export_to_files(store, folder, progress=step)
    from ..store import Store

    register_checks()
    issues = check_store(Store.open(folder, backend="files"))
    failed = errors(issues)
    report["ok"] = not failed
    report["issues"] = [asdict(issue) for issue in issues]
    if as_json:
        echo_json(report)
    else:
        click.echo(f"Acervo escrito en {report['target']['root']}: {_summary(report)}; "
                   + ("revisión: íntegro." if not failed else f"revisión: {counted(len(failed), 'problema')}."))
        for issue in issues:
            click.echo(f"  {issue.path}: {issue.message}")
    if failed:
        ctx.exit(1)
