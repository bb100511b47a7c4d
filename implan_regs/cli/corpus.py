"""Corpus commands: init, import, list, show, history, validate."""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from ..errors import ImportStrictError, InputError
from ..model.numbers import fold
from ..model.tree import DocumentMeta, Publication
from ..model.uri import check_date, check_work_id
from ..plurals import counted
from . import KINDS, date_option, echo_json, main, open_store, show_progress, store_root


@main.command()
@click.option("--jurisdiction", default="mx-coa-torreon", show_default=True,
              help="Jurisdicción AKN de las obras nuevas (país-estado-municipio).")
@click.option("--author", help="Quién crea el acervo (por omisión, el usuario del sistema).")
@click.pass_context
def init(ctx: click.Context, jurisdiction: str, author: str | None) -> None:
    """Crea un acervo vacío en --root (o, con IMPLAN_REGS_DATABASE_URL, en PostgreSQL)."""
    from ..store import Store

    store = Store.init(store_root(ctx), jurisdiction=jurisdiction, author=author)
    where = store.backend.describe()
    if where["backend"] == "files":
        click.echo(f"Acervo listo en {store.root}")
    else:
        click.echo(f"Acervo «{where['store']}» listo en PostgreSQL ({where['database']}, esquema "
                   f"{where['schema']}); datos locales en {store.root}")


PARTIAL_HELP = ("Importa aunque se reconozcan muchos menos artículos que los encabezados de artículo que "
                "muestra el texto (por omisión, se rechaza).")


@main.command(name="import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="ARCHIVO|CARPETA...")
@click.option("--work", "work", help="Identificador de la obra (por omisión, derivado del título del documento).")
@click.option("--kind", type=click.Choice(KINDS), default="reglamento", show_default=True, help="Tipo de documento.")
@click.option("--title", help="Título oficial (por omisión, el encabezado del documento).")
@click.option("--date", "date", help="Fecha de la versión (entrada en vigor), AAAA-MM-DD (por omisión, la que dice "
                                     "el documento).")
@click.option("--work-date", help="Fecha de la obra original (primera publicación), AAAA-MM-DD.")
@click.option("--published", help="Fecha de publicación en el periódico oficial, AAAA-MM-DD.")
@click.option("--gazette", default="Periódico Oficial del Estado", show_default=True, help="Medio de publicación.")
@click.option("--gazette-number", help="Número del periódico oficial.")
@click.option("--in-force", "in_force", help="Fecha de entrada en vigor si difiere de --date.")
@click.option("--decree", help="Decreto que produjo esta versión.")
@click.option("--format", "fmt", type=click.Choice(["text", "pdf", "docx", "markdown", "rst", "akn"]),
              help="Formato de origen (por omisión, según la extensión).")
@click.option("--manifest", type=click.Path(dir_okay=False, path_type=Path),
              help="CSV con los metadatos de cada archivo (archivo, obra, titulo, fecha, tipo, fecha_obra…).")
@click.option("--strict", is_flag=True, help="Las advertencias hacen fallar la importación.")
@click.option("--partial", is_flag=True, help=PARTIAL_HELP)
@click.option("--replace", is_flag=True, help="Sustituye la versión existente de la misma fecha (queda en el historial).")
@click.option("--dry-run", is_flag=True, help="Analiza e informa sin guardar.")
@click.option("--author", help="Autor del cambio (por omisión, el usuario del sistema).")
@click.option("--message", help="Motivo del cambio, para el historial.")
@click.option("--json", "as_json", is_flag=True, help="Informe en JSON.")
@click.pass_context
def import_(ctx: click.Context, sources: tuple[Path, ...], manifest: Path | None, as_json: bool,
            **options: object) -> None:
    """Importa ARCHIVO (PDF, DOCX, texto, Markdown, reST o Akoma Ntoso) como versión de una obra, o
    cada archivo de una CARPETA (o de varios archivos) con una tabla de resumen.

    Sin --work, --title ni --date, el título sale del encabezado del documento, la obra de su
    título y la fecha de su entrada en vigor, publicación o aprobación."""
    from ..importers.metadata import read_manifest

    store = open_store(ctx)
    files, batch = _import_sources(sources, store.root)
    rows = read_manifest(manifest) if manifest else {}
    if not batch:
        _import_single(store, files[0], options, rows.get(files[0].name, {}), as_json)
        return
    if options["work"] or options["title"]:
        raise InputError("--work y --title valen para un solo archivo; para varios use --manifest")
    _import_batch(ctx, store, files, options, rows, as_json)


def _import_sources(sources: tuple[Path, ...], store_root: Path) -> tuple[list[Path], bool]:
    """The files to import, and whether this is a batch (a folder or several files). A folder's
    files inside the acervo itself (its stored expressions) are not sources."""
    from ..importers import detect_format

    files: list[Path] = []
    for source in sources:
        if not source.is_dir():
            files.append(source)
            continue
        found = []
        for path in sorted(source.rglob("*")):
            if path.is_file() and not path.name.startswith(".") and not path.name.lower().startswith("readme") \
                    and not path.resolve().is_relative_to(store_root):
                try:
                    detect_format(path)
                except InputError:
                    continue
                found.append(path)
        if not found:
            raise InputError("la carpeta no tiene archivos que se puedan importar (.pdf, .docx, .txt, .md, .rst, "
                             ".xml)", path=source)
        files.extend(found)
    return files, len(sources) > 1 or any(s.is_dir() for s in sources)


def _import_one(store, path: Path, options: dict, row: dict[str, str]):
    """Import and store one file; metadata from the options, the manifest row, or the document."""
    from ..importers import import_path
    from ..importers.metadata import infer_metadata

    given = {k: row.get(k) or options.get(k) for k in ("work", "title", "date", "kind", "work_date", "published",
                                                        "decree")}
    if given["kind"] and given["kind"] not in KINDS:
        raise InputError(f"tipo de documento desconocido «{given['kind']}»; use uno de: {', '.join(KINDS)}",
                         path=path)
    published = date_option(given["published"], "fecha de publicación")
    meta = DocumentMeta(work=check_work_id(given["work"]) if given["work"] else "",
                        kind=given["kind"] or "reglamento", title=given["title"] or "",
                        jurisdiction=store.config["jurisdiction"],
                        date=check_date(given["date"]) if given["date"] else None,
                        work_date=date_option(given["work_date"], "fecha de la obra"),
                        publication=Publication(gazette=options["gazette"], date=published,
                                                number=options["gazette_number"]) if published else None,
                        decree=given["decree"])
    result = import_path(path, meta, fmt=options["fmt"], partial=options["partial"])
    doc = result.document
    inferred = infer_metadata(doc, path)
    doc.meta.work = given["work"] or doc.meta.work or inferred.work or ""  # our own AKN names its work
    if not doc.meta.work:
        raise InputError("el documento no tiene un encabezado con su título del que derivar la obra; indíquela "
                         "con --work (y --title si es nueva)", path=path)
    check_work_id(doc.meta.work)
    doc.meta.title = given["title"] or doc.meta.title or inferred.title or ""
    if not doc.meta.title and not store.has_work(doc.meta.work):
        raise InputError(f"obra nueva «{doc.meta.work}»: el documento no tiene un encabezado con su título; "
                         "indíquelo con --title \"Reglamento de …\"", path=path)
    if doc.meta.date and not given["date"]:  # an Akoma Ntoso file states its expression's date
        inferred.date, inferred.date_source = doc.meta.date, "fecha de la expresión que declara el archivo"
    doc.meta.date = doc.meta.date or inferred.date
    if not doc.meta.date:
        raise InputError("el texto no dice su fecha (ni de entrada en vigor, ni de publicación, ni de aprobación); "
                         "indíquela con --date AAAA-MM-DD (la del periódico oficial o la del transitorio que "
                         "fija su entrada en vigor)", path=path)
    doc.meta.work_date = doc.meta.work_date or inferred.work_date
    doc.meta.entry_into_force = date_option(options["in_force"], "fecha de entrada en vigor") or doc.meta.date
    for guess in inferred.guesses:
        result.report.warn("guess", guess)
    report = result.report
    if options["strict"] and report.has_warnings:
        first = report.warnings[0]
        where = (f"página {first.page}, " if first.page else "") + (f"línea {first.line}: " if first.line else "")
        raise ImportStrictError(f"{counted(len(report.warnings), 'advertencia')} con --strict; no se guardó nada "
                                f"(primera: {where}{first.message})", path=path)
    stored = None if options["dry_run"] else store.save_expression(
        doc, replace=options["replace"], author=options["author"], message=options["message"],
        report=report.to_json())
    return result, stored, inferred


def _inferred_json(given: dict, inferred) -> dict:
    taken = {k: v for k, v in (("title", inferred.title), ("work", inferred.work), ("date", inferred.date))
             if v and not given.get(k)}
    if "date" in taken and inferred.date_source:  # where a date came from, only for a date taken
        taken["date_source"] = inferred.date_source
    return taken


def _import_single(store, path: Path, options: dict, row: dict[str, str], as_json: bool) -> None:
    result, stored, inferred = _import_one(store, path, options, row)
    meta = result.document.meta
    taken = _inferred_json({**options, **row}, inferred)
    if as_json:
        echo_json({"stored": str(stored) if stored else None, "work": meta.work, "date": meta.date,
                   "title": meta.title, "inferred": taken, "report": result.report.to_json()})
        return
    click.echo(result.report.format_text())
    if taken:
        click.echo(_describe_inferred(meta, taken))
    click.echo(f"Guardado: {stored}" if stored else "Sin guardar (--dry-run).")


def _describe_inferred(meta: DocumentMeta, taken: dict) -> str:
    parts = []
    if "title" in taken:
        parts.append(f"título «{meta.title}» (encabezado del documento)")
    if "work" in taken:
        parts.append(f"obra {meta.work}")
    if "date" in taken:
        parts.append(f"fecha {meta.date} ({taken.get('date_source')})")
    return "Tomado del documento: " + "; ".join(parts)


def _import_batch(ctx: click.Context, store, files: list[Path], options: dict, rows: dict, as_json: bool) -> None:
    """Every file in turn; one that fails is reported and the others go on."""
    from ..errors import ImplanError

    outcomes: list[dict[str, object]] = []
    with click.progressbar(files, label="Importando", file=sys.stderr, hidden=not show_progress(as_json),
                           item_show_func=lambda p: p.name if p else "") as bar:
        for path in bar:
            try:
                result, stored, _ = _import_one(store, path, options, rows.get(path.name, {}))
            except ImplanError as exc:
                outcomes.append({"file": str(path), "work": None, "articles": None, "warnings": None,
                                 "outcome": "error", "error": exc.message})
                continue
            doc = result.document
            outcomes.append({"file": str(path), "work": doc.meta.work, "date": doc.meta.date, "title": doc.meta.title,
                             "articles": len(doc.articles()), "warnings": len(result.report.warnings),
                             "outcome": "guardado" if stored else "sin guardar (--dry-run)",
                             "report": result.report.to_json()})
    failed = sum(1 for o in outcomes if o["outcome"] == "error")
    if as_json:
        echo_json({"files": outcomes, "imported": len(outcomes) - failed, "failed": failed})
    else:
        click.echo(_batch_table(outcomes))
        click.echo(f"{counted(len(outcomes) - failed, 'archivo importado', 'archivos importados')}, "
                   f"{counted(failed, 'con error', 'con error')}.")
    if failed:
        ctx.exit(1)


def _batch_table(outcomes: list[dict]) -> str:
    header = ["archivo", "obra", "fecha", "artículos", "advertencias", "resultado"]
    body = [[Path(o["file"]).name, o["work"] or "", o.get("date") or "", "" if o["articles"] is None else str(o["articles"]),
             "" if o["warnings"] is None else str(o["warnings"]),
             o["outcome"] if o["outcome"] != "error" else f"error: {o['error']}"] for o in outcomes]
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in [header, *body]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


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
        from ..reform.storage import load_proposal  # a proposal only: show of a version skips it

        if at:
            raise InputError("--at elige una versión vigente; una propuesta tiene un solo borrador", path=ref)
        doc = load_proposal(store, reference.proposal).draft
        if doc is None:
            raise InputError("la propuesta no tiene borrador", path=ref)
    else:
        date = store.in_force(reference.work, at).date if at else reference.date
        if provision and fmt != "xml":  # one provision: parse only its article
            from ..store.cited import cited

            read_meta, article = cited(store, reference.work, date, provision)
            if fmt == "json":
                echo_json({"meta": asdict(read_meta()), "provision": article.to_json()})
            else:
                click.echo(render_provision(article))
            return
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
    if work and provision:  # PROVISION comes after WORK
        from ..reform.timeline import provision_history

        versions = provision_history(store, work, provision)
        noted = _noted_changes(store, work, versions)
        if as_json:
            echo_json([*noted, *(asdict(v) for v in versions)])
            return
        for n in noted:
            click.echo(f"@{n['date'] or 'sin fecha'}  {n['change']}  ({n['note']})")
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


def _noted_changes(store, work: str, versions: list) -> list[dict]:
    """The changes the imported text itself records in its reform notes ("Reformado P.O.
    12-05-2016"): the provision's history before it was imported, oldest first."""
    from ..importers.metadata import spanish_dates
    from ..reform.timeline import provision_by_eid

    first = next((v for v in versions if v.eid), None)
    node = provision_by_eid(store, work, first.date, first.eid) if first is not None else None
    if node is None:
        return []
    out = []
    for part in node.walk():
        for note in part.notes:
            dates = spanish_dates(note)
            verb = next((name for stem, name in (("deroga", "derogado"), ("adicion", "adicionado"),
                                                 ("reform", "reformado"), ("modific", "reformado"))
                         if stem in fold(note)), "reformado")
            out.append({"date": dates[0] if dates else None, "entry_into_force": None, "decree": None,
                        "eid": part.eid, "change": f"{verb} antes de la importación", "text": None, "note": note})
    return sorted(out, key=lambda n: n["date"] or "")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Informe en JSON.")
@click.pass_context
def validate(ctx: click.Context, as_json: bool) -> None:
    """Valida cada versión guardada contra schemas/ y el XSD oficial de Akoma Ntoso 3.0."""
    from ..schemas import validate_bytes

    store = open_store(ctx)
    paths = [e.path for info in store.works() for e in store.expressions(info.work)]
    results: list[dict[str, Any]] = []
    with click.progressbar(paths, label="Validando", file=sys.stderr,
                           hidden=not show_progress(as_json)) as bar:
        for path in bar:
            issues = validate_bytes(store.read_bytes(path), source=path)
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




@main.command(name="import-report")
@click.argument("ref", metavar="OBRA[@FECHA]")
@click.option("--review", "review", multiple=True, metavar="ID",
              help="Marca como revisado el aviso ID (repita la opción; «todos» marca todos los pendientes).")
@click.option("--all", "show_all", is_flag=True, help="Incluye los avisos ya revisados.")
@click.option("--author", help="Quién los revisó (por omisión, el usuario del sistema).")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def import_report(ctx: click.Context, ref: str, review: tuple[str, ...], show_all: bool, author: str | None,
                  as_json: bool) -> None:
    """Avisos de la importación de una versión (lo que el importador supuso), hasta que alguien los
    marca como revisados (queda en el historial)."""
    from ..store import reports

    store = open_store(ctx)
    target = store.resolve(ref)
    if target.proposal is not None:
        raise InputError("los avisos de importación son de una versión vigente (obra@AAAA-MM-DD), no de una "
                         "propuesta", path=ref)
    versions = [e.date for e in store.expressions(target.work)]
    date = target.date or (versions[-1] if versions else "")
    if date not in versions:
        raise InputError(f"la obra no tiene versión del {date or '(ninguna)'}", path=ref)
    marked = None
    if review:
        marked = reports.mark_reviewed(store, target.work, date, None if "todos" in review else list(review),
                                       author=author)
    report = reports.load_report(store, target.work, date)
    warnings = (report or {}).get("warnings", []) if show_all else reports.pending(report)
    if as_json:
        echo_json({"work": target.work, "date": date, "has_report": report is not None, "marked": marked,
                   "warnings": warnings})
        return
    if marked is not None:
        click.echo(f"{counted(marked, 'aviso marcado como revisado', 'avisos marcados como revisados')}.")
    if report is None:
        click.echo(f"La versión {target.work}@{date} no tiene informe de importación.")
        return
    pending = len(reports.pending(report))
    click.echo(f"{target.work}@{date}: {counted(pending, 'aviso pendiente', 'avisos pendientes')} de revisar")
    for w in warnings:
        where = (f"página {w['page']}, " if w.get("page") else "") + (f"línea {w['line']}: " if w.get("line") else "")
        done = f" [revisado por {w['reviewed']['by']}]" if w.get("reviewed") else ""
        click.echo(f"  {w['id']}  {where}{w['message']}{done}")
