"""Corpus commands: init, import, list, show, history, validate."""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path

import click

from ..errors import ImportStrictError, InputError
from ..model.tree import DocumentMeta, Publication
from ..model.uri import check_date, check_work_id
from ..plurals import counted
from . import KINDS, date_option, echo_json, main, open_store, show_progress


@main.command()
@click.option("--jurisdiction", default="mx-coa-torreon", show_default=True,
              help="Jurisdicción AKN de las obras nuevas (país-estado-municipio).")
@click.option("--author", help="Quién crea el acervo (por omisión, el usuario del sistema).")
@click.pass_context
def init(ctx: click.Context, jurisdiction: str, author: str | None) -> None:
    """Crea un acervo vacío en --root."""
    from ..store import Store

    root = ctx.obj["root"]
    if not root:
        raise InputError("indique el acervo con --root o la variable IMPLAN_REGS_ROOT")
    store = Store.init(root, jurisdiction=jurisdiction, author=author)
    click.echo(f"Acervo listo en {store.root}")


@main.command(name="import")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--work", "work", required=True, help="Identificador de la obra (minúsculas y guiones).")
@click.option("--kind", type=click.Choice(KINDS), default="reglamento", show_default=True, help="Tipo de documento.")
@click.option("--title", help="Título oficial (obligatorio si la obra es nueva).")
@click.option("--date", "date", required=True, help="Fecha de la versión (entrada en vigor), AAAA-MM-DD.")
@click.option("--work-date", help="Fecha de la obra original (primera publicación), AAAA-MM-DD.")
@click.option("--published", help="Fecha de publicación en el periódico oficial, AAAA-MM-DD.")
@click.option("--gazette", default="Periódico Oficial del Estado", show_default=True, help="Medio de publicación.")
@click.option("--gazette-number", help="Número del periódico oficial.")
@click.option("--in-force", "in_force", help="Fecha de entrada en vigor si difiere de --date.")
@click.option("--decree", help="Decreto que produjo esta versión.")
@click.option("--format", "fmt", type=click.Choice(["text", "pdf", "docx", "markdown", "rst", "akn"]),
              help="Formato de origen (por omisión, según la extensión).")
@click.option("--strict", is_flag=True, help="Las advertencias hacen fallar la importación.")
@click.option("--replace", is_flag=True, help="Sustituye la versión existente de la misma fecha (queda en el historial).")
@click.option("--dry-run", is_flag=True, help="Analiza e informa sin guardar.")
@click.option("--author", help="Autor del cambio (por omisión, el usuario del sistema).")
@click.option("--message", help="Motivo del cambio, para el historial.")
@click.option("--json", "as_json", is_flag=True, help="Informe en JSON.")
@click.pass_context
def import_(ctx: click.Context, source: Path, work: str, kind: str, title: str | None, date: str,
            work_date: str | None, published: str | None, gazette: str, gazette_number: str | None,
            in_force: str | None, decree: str | None, fmt: str | None, strict: bool, replace: bool,
            dry_run: bool, author: str | None, message: str | None, as_json: bool) -> None:
    """Importa ARCHIVO (PDF, DOCX, texto, Markdown, reST o Akoma Ntoso) como versión de una obra."""
    from ..importers import import_path

    store = open_store(ctx)
    publication = Publication(gazette=gazette, date=date_option(published, "fecha de publicación"),
                              number=gazette_number) if published else None
    meta = DocumentMeta(work=check_work_id(work), kind=kind, title=title or "",
                        jurisdiction=store.config["jurisdiction"], date=check_date(date),
                        work_date=date_option(work_date, "fecha de la obra"), publication=publication,
                        entry_into_force=date_option(in_force, "fecha de entrada en vigor") or date,
                        decree=decree)
    result = import_path(source, meta, fmt=fmt)
    if strict and result.report.has_warnings:
        first = result.report.warnings[0]
        where = f"línea {first.line}: " if first.line else ""
        raise ImportStrictError(f"{counted(len(result.report.warnings), 'advertencia')} con --strict; no se guardó nada "
                                f"(primera: {where}{first.message})", path=source)
    stored = None if dry_run else store.save_expression(result.document, replace=replace, author=author,
                                                         message=message)
    if as_json:
        echo_json({"stored": str(stored) if stored else None, "work": work, "date": date,
                   "report": result.report.to_json()})
        return
    click.echo(result.report.format_text())
    click.echo(f"Guardado: {stored}" if stored else "Sin guardar (--dry-run).")


@main.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def list_(ctx: click.Context, as_json: bool) -> None:
    """Lista las obras del acervo y sus versiones vigentes."""
    store = open_store(ctx)
    rows = [(info, store.expressions(info.work)) for info in store.works()]
    if as_json:
        echo_json([{**asdict(info), "expressions": [e.to_json() for e in exprs]} for info, exprs in rows])
        return
    if not rows:
        click.echo("El acervo está vacío.")
    for info, exprs in rows:
        click.echo(f"{info.work}  [{info.kind}]  {info.title}")
        for e in exprs:
            extra = f"  vigor {e.entry_into_force}" if e.entry_into_force else ""
            click.echo(f"    @{e.date}{extra}" + (f"  ({e.decree})" if e.decree else ""))


@main.command()
@click.argument("ref")
@click.option("--provision", "-p", help="Cita o eId: 'artículo 45 fracción III', 'art_45__point_III'.")
@click.option("--at", "at", help="La versión vigente en esa fecha (AAAA-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["text", "xml", "json"]), default="text", show_default=True,
              help="Formato de salida: texto, Akoma Ntoso (xml) o JSON.")
@click.pass_context
def show(ctx: click.Context, ref: str, provision: str | None, at: str | None, fmt: str) -> None:
    """Muestra una obra (REFERENCIA = obra, obra@AAAA-MM-DD o una propuesta) o una de sus disposiciones."""
    from ..model.akn import to_xml
    from ..model.citation import resolve
    from ..render.text import render_provision, render_text

    store = open_store(ctx)
    reference = store.resolve(ref)
    if reference.proposal is not None:
        if at:
            raise InputError("--at elige una versión vigente; una propuesta tiene un solo borrador", path=ref)
        doc = store.load_proposal(reference.proposal).draft
        if doc is None:
            raise InputError("la propuesta no tiene borrador", path=ref)
    else:
        date = store.in_force(reference.work, at).date if at else reference.date
        doc = store.load(reference.work, date)
    node = resolve(doc, provision) if provision else None
    if fmt == "xml":
        if node is None:
            click.echo(to_xml(doc).decode("utf-8"), nl=False)
        else:
            from lxml import etree

            from ..model.akn import to_element
            el = to_element(doc).find(f".//*[@eId='{node.eid}']")
            click.echo(etree.tostring(el, encoding="unicode", pretty_print=True), nl=False)
    elif fmt == "json":
        meta = asdict(doc.meta)
        echo_json({"meta": meta, "provision": node.to_json()} if node else
                  {"meta": meta, "body": [n.to_json() for n in doc.body]})
    else:
        click.echo(render_provision(node) if node else render_text(doc))


@main.command()
@click.argument("work", required=False)
@click.argument("provision", required=False)
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def history(ctx: click.Context, work: str | None, provision: str | None, as_json: bool) -> None:
    """Historial del acervo, de una obra, o de una disposición en cada versión vigente.

    \b
    implan-regs history                                   todo el acervo
    implan-regs history reglamento-du                     una obra
    implan-regs history reglamento-du "artículo 45"       cada versión del artículo 45
    """
    store = open_store(ctx)
    if work:
        store.work(work)
    if provision:
        from ..reform.timeline import provision_history

        versions = provision_history(store, work, provision)
        if as_json:
            echo_json([asdict(v) for v in versions])
            return
        for v in versions:
            click.echo(f"@{v.date}  {v.change}" + (f"  ({v.decree})" if v.decree else ""))
            if v.change not in ("sin cambios", "no existe") and v.text:
                click.echo("    " + v.text.replace("\n", "\n    "))
        return
    entries = store.history(work)
    if as_json:
        echo_json([asdict(e) for e in entries])
        return
    for e in entries:
        target = f" {e.work}@{e.expression}" if e.work and e.expression else (f" {e.work}" if e.work else "")
        extra = f" [{e.proposal}{' ' + e.operation if e.operation else ''}]" if e.proposal else ""
        click.echo(f"{e.time}  {e.author}  {e.action}{target}{extra}" + (f"  — {e.message}" if e.message else ""))


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Informe en JSON.")
@click.pass_context
def validate(ctx: click.Context, as_json: bool) -> None:
    """Valida cada versión guardada contra schemas/ y el XSD oficial de Akoma Ntoso 3.0."""
    from ..schemas import validate_bytes

    store = open_store(ctx)
    paths = [e.path for info in store.works() for e in store.expressions(info.work)]
    results = []
    with click.progressbar(paths, label="Validando", file=sys.stderr,
                           hidden=not show_progress(as_json)) as bar:
        for path in bar:
            issues = validate_bytes(path.read_bytes(), source=path)
            results.append({"file": str(path.relative_to(store.root)), "valid": not issues,
                            "issues": [asdict(i) for i in issues]})
    bad = [r for r in results if not r["valid"]]
    if as_json:
        echo_json({"files": results, "valid": not bad})
    else:
        for r in results:
            click.echo(f"{'ok   ' if r['valid'] else 'ERROR'}  {r['file']}")
            for issue in r["issues"][:20]:
                click.echo(f"       [{issue['schema']}] línea {issue['line']}: {issue['message']}")
        click.echo(f"{len(results) - len(bad)} de {counted(len(results), 'archivo válido')}.")
    if bad:
        ctx.exit(1)


