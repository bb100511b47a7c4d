"""Export commands: DOCX documents lawyers hand over."""

from __future__ import annotations

from pathlib import Path

import click

from . import main, open_store


@main.command(name="export")
@click.argument("ref")
@click.option("--as", "as_", required=True,
              type=click.Choice(["consolidated", "review", "review-report", "comparative", "correspondence", "decree",
                                 "redline", "observations", "expediente"]),
              help="Documento: texto consolidado, copia para revisión (con marcadores por disposición), informe de "
                   "revisión de técnica jurídica (review-report), cuadro comparativo, tabla de correspondencia, decreto, "
                   "control de cambios (redline), matriz de observaciones o expediente de la reforma.")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Archivo .docx de salida.")
@click.option("--force", is_flag=True, help="Sobrescribe el archivo si ya existe.")
@click.option("--with-observations", is_flag=True, help="Cuadro comparativo: agrega las observaciones recibidas.")
@click.option("--toc", is_flag=True, help="Texto consolidado: agrega un índice (campo de tabla de contenido).")
@click.option("--author", help="Redline: autor de los cambios (por omisión, el de la propuesta).")
@click.option("--reason", help="Decreto: con --force, exporta un decreto que no verifica y registra este motivo.")
@click.pass_context
def export_cmd(ctx, ref, as_, output, force, with_observations, toc, author, reason):
    """Exporta REFERENCIA a Word: REFERENCIA es obra@AAAA-MM-DD, obra (última versión) o una propuesta."""
    from ..export import export

    notes: list[str] = []
    path = export(open_store(ctx), ref, as_, output, force=force, with_observations=with_observations, toc=toc,
                  author=author, notes=notes, reason=reason)
    click.echo(f"Exportado: {path}")
    for note in notes:
        click.echo(note)
