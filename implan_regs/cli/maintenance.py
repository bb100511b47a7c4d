"""Maintenance commands: check (fsck), backup, restore."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from ..plurals import counted
from . import echo_json, main, open_store, store_root


def register_checks() -> None:
    """Every package that owns data adds its checks (observations; the search index)."""
    from ..observations.check import register as register_observations
    from ..search import register_checks as register_search

    register_observations()
    register_search()


@main.command()
@click.option("--repair", is_flag=True, help="Reconstruye los datos derivados (índice); nunca toca los primarios.")
@click.option("--json", "as_json", is_flag=True, help="Informe en JSON.")
@click.pass_context
def check(ctx, repair, as_json):
    """Verifica que el acervo esté íntegro y sea coherente.

    Estado 1 si hay problemas en los datos; 0 si está íntegro, aunque haya avisos de trabajo
    pendiente (índice desactualizado, observaciones por reanclar)."""
    from ..store.check import check_store, errors, repair_store

    register_checks()
    store = open_store(ctx)
    repaired = repair_store(store) if repair else []
    issues = check_store(store)
    failed = errors(issues)
    where = store.backend.describe()
    if as_json:
        echo_json({"ok": not failed, "errors": len(failed), "warnings": len(issues) - len(failed),
                   "issues": [asdict(i) for i in issues], "repaired": repaired, "store": where})
    else:
        if where["backend"] == "postgres":
            click.echo(f"Acervo «{where['store']}» en PostgreSQL ({where['database']}, esquema {where['schema']})")
        for item in repaired:
            click.echo(f"reconstruido: {item}")
        for issue in issues:
            click.echo(f"[{_label(issue)}] {issue.path}: {issue.message}")
        click.echo(_summary(len(failed), len(issues) - len(failed)))
    if failed:
        ctx.exit(1)


def _label(issue) -> str:
    if issue.is_error:
        return "ERROR"
    return "aviso: derivado" if issue.derived else "aviso"


def _summary(failed: int, warnings: int) -> str:
    notes = f" ({counted(warnings, 'aviso')}: trabajo pendiente, no daño)" if warnings else ""
    return ("Acervo íntegro" if not failed else f"{counted(failed, 'problema')} en los datos") + notes + "."


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="Archivo .tar.gz de salida.")
@click.option("--force", is_flag=True, help="Sobrescribe el archivo si existe.")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def backup(ctx, output, force, as_json):
    """Copia de seguridad verificable de todo el acervo (con sumas SHA-256; en PostgreSQL, pg_dump)."""
    from ..store.backup import backup as run_backup

    manifest = run_backup(open_store(ctx), output, force=force)
    files = manifest["files"] if isinstance(manifest["files"], int) else len(manifest["files"])
    if as_json:
        echo_json({"output": str(output), "files": files, "format": manifest.get("format")})
    elif manifest.get("format") == "pg_dump":
        click.echo(f"Copia (pg_dump, esquema {manifest['schema']}) escrita en {output} "
                   f"({counted(files, 'archivo')}, {counted(manifest['history'], 'línea')} del historial).")
    else:
        click.echo(f"Copia escrita en {output} ({counted(files, 'archivo')}).")


@main.command()
@click.argument("archive", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def restore(ctx, archive, as_json):
    """Restaura una copia en --root (que no debe existir o debe estar vacío) o, con
    IMPLAN_REGS_DATABASE_URL, en el acervo PostgreSQL nuevo que nombra, y la verifica."""
    from ..store.backup import restore_store
    from ..store.check import check_store, errors

    store = restore_store(archive, store_root(ctx))
    register_checks()
    issues = check_store(store)
    failed = errors(issues)
    if as_json:
        echo_json({"root": str(store.root), "ok": not failed, "issues": [asdict(i) for i in issues]})
    else:
        click.echo(f"Acervo restaurado en {store.root}; " + _summary(len(failed), len(issues) - len(failed)).lower())
    if failed:
        ctx.exit(1)
