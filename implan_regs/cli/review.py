"""The review command: revisión de técnica jurídica of a version in force or a proposal's draft."""

from __future__ import annotations

import sys

import click

from . import echo_json, main, open_store, show_progress


@main.command(name="review")
@click.argument("ref")
@click.option("--at", "at", help="Juzga el texto a esta fecha (AAAA-MM-DD); con una obra, revisa la versión vigente ese día.")
@click.option("--only", help="Solo estas familias, separadas por comas: numeracion, referencias, desindexacion, "
                             "definiciones, puntuacion, forma, lenguaje (esta última no se revisa por omisión).")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.option("--fix", is_flag=True, help="Crea una propuesta con las correcciones mecánicas como operaciones.")
@click.option("--id", "proposal_id", help="Con --fix: identificador de la propuesta nueva.")
@click.option("--title", help="Con --fix: título de la propuesta (por omisión, «Corrección de técnica jurídica»).")
@click.option("--author", help="Con --fix: autor de las operaciones.")
@click.pass_context
def review_cmd(ctx, ref, at, only, as_json, fix, proposal_id, title, author):
    """Revisión de técnica jurídica de REFERENCIA (obra, obra@AAAA-MM-DD o propuesta): numeración,
    referencias, desindexación, términos definidos, puntuación y forma."""
    from ..errors import InputError
    from ..plurals import counted
    from ..review import review

    if fix and not proposal_id:
        raise InputError("--fix exige --id con el identificador de la propuesta nueva")
    if proposal_id and not fix:
        raise InputError("--id solo se usa con --fix")
    store = open_store(ctx)
    result = review(store, ref, at=at, only=only)
    created = None
    if fix:
        from ..review.fix import fix_proposal

        with click.progressbar(length=1, label="Comprobando las correcciones en el decreto", file=sys.stderr,
                               hidden=not show_progress(as_json)) as bar:
            def advance(done: int, total: int) -> None:
                bar.length = total
                bar.update(1)

            created = fix_proposal(store, ref, result, proposal_id, title=title, author=author, progress=advance)
    if as_json:
        data = result.to_json()
        if created is not None:
            data["propuesta"] = {"id": created.proposal.id,
                                 "operaciones": [op.id for op in created.proposal.operations],
                                 "no_aplicadas": [f.to_json() for f in created.left]}
        echo_json(data)
        return
    for finding in [] if created is not None else result.findings:  # --fix: the summary and the proposal
        click.echo(f"{finding.severity.value}: {finding.citation} [{finding.rule}] «{finding.quote}»")
        click.echo(f"    {finding.explanation}")
        if finding.replacement is not None:
            click.echo(f"    Corrección propuesta: {finding.proposed}")
    counts = result.counts()
    click.echo(f"{counted(len(result.findings), 'hallazgo')} en {counted(result.articles, 'artículo')}: "
               f"{counted(counts['error'], 'error')}, {counted(counts['advertencia'], 'advertencia')}, "
               f"{counted(counts['sugerencia'], 'sugerencia')}.")
    if created is not None:
        click.echo(f"Propuesta {created.proposal.id} creada con "
                   f"{counted(len(created.proposal.operations), 'operación')} (correcciones mecánicas); "
                   "su decreto verifica.")
        if created.left:
            click.echo(f"{counted(len(created.left), 'corrección')} no se pueden expresar en el decreto "
                       "(encabezados de títulos, capítulos y artículos; transitorios): quedan para la revisión manual.")
