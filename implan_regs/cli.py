"""The command line: thin click commands over the library.

Every :class:`~implan_regs.errors.ImplanError` becomes a one-line message on stderr and
exit status 2. Listing and report commands take ``--json``. The corpus root comes from
``--root`` or ``IMPLAN_REGS_ROOT``.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click

from .errors import ImplanError, ImportStrictError, InputError
from .model.tree import DocumentMeta, Publication
from .model.uri import check_date, check_work_id, parse_ref

KINDS = ["reglamento", "ley", "codigo", "constitucion", "decreto", "acuerdo", "lineamientos", "norma",
         "plan", "programa"]


class UserError(click.ClickException):
    """Bad input: one line, exit status 2 (click's own ClickException exits 1)."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


class Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ImplanError as exc:
            raise UserError(str(exc)) from None


def echo_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def show_progress(as_json: bool) -> bool:
    return not as_json and sys.stderr.isatty()


def _store(ctx: click.Context):
    from .store import Store

    root = ctx.obj["root"]
    if not root:
        raise InputError("indique el acervo con --root o la variable IMPLAN_REGS_ROOT")
    return Store.open(root)


def _date_option(value: str | None, what: str) -> str | None:
    return check_date(value, what=what) if value else None


@click.group(cls=Group)
@click.option("--root", envvar="IMPLAN_REGS_ROOT", type=click.Path(file_okay=False, path_type=Path),
              help="Carpeta del acervo (o variable IMPLAN_REGS_ROOT).")
@click.version_option(package_name="implan-regs")
@click.pass_context
def main(ctx: click.Context, root: Path | None) -> None:
    """implan-regs: textos normativos municipales como Akoma Ntoso."""
    ctx.obj = {"root": root}


@main.command()
@click.option("--jurisdiction", default="mx-coa-torreon", show_default=True,
              help="Jurisdicción AKN de las obras nuevas (país-estado-municipio).")
@click.option("--author", help="Quién crea el acervo (por omisión, el usuario del sistema).")
@click.pass_context
def init(ctx: click.Context, jurisdiction: str, author: str | None) -> None:
    """Crea un acervo vacío en --root."""
    from .store import Store

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
    """Importa SOURCE (PDF, DOCX, texto, Markdown, reST o Akoma Ntoso) como versión de una obra."""
    from .importers import import_path

    store = _store(ctx)
    publication = Publication(gazette=gazette, date=_date_option(published, "fecha de publicación"),
                              number=gazette_number) if published else None
    meta = DocumentMeta(work=check_work_id(work), kind=kind, title=title or "",
                        jurisdiction=store.config["jurisdiction"], date=check_date(date),
                        work_date=_date_option(work_date, "fecha de la obra"), publication=publication,
                        entry_into_force=_date_option(in_force, "fecha de entrada en vigor") or date,
                        decree=decree)
    result = import_path(source, meta, fmt=fmt)
    if strict and result.report.has_warnings:
        raise ImportStrictError(f"{len(result.report.warnings)} advertencias con --strict; no se guardó nada "
                                f"(primera: {result.report.warnings[0].message})", path=source)
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
    store = _store(ctx)
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
@click.option("--format", "fmt", type=click.Choice(["text", "xml", "json"]), default="text", show_default=True)
@click.pass_context
def show(ctx: click.Context, ref: str, provision: str | None, at: str | None, fmt: str) -> None:
    """Muestra una obra (REF = obra o obra@AAAA-MM-DD) o una de sus disposiciones."""
    from .model.akn import to_xml
    from .model.citation import resolve
    from .render.text import render_provision, render_text

    store = _store(ctx)
    work, date = parse_ref(ref)
    if at:
        date = store.in_force(work, at).date
    doc = store.load(work, date)
    node = resolve(doc, provision) if provision else None
    if fmt == "xml":
        if node is None:
            click.echo(to_xml(doc).decode("utf-8"), nl=False)
        else:
            from lxml import etree

            from .model.akn import to_element
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
    store = _store(ctx)
    if work:
        store.work(work)
    if provision:
        from .reform.timeline import provision_history

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
    from .schemas import validate_bytes

    store = _store(ctx)
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
        click.echo(f"{len(results) - len(bad)} de {len(results)} archivos válidos.")
    if bad:
        ctx.exit(1)


# ------------------------------------------------------------------ proposals

def _read_text_option(text: str | None, text_file: Path | None) -> str:
    if text_file is not None:
        from .importers.normalize import decode_bytes

        try:
            return decode_bytes(text_file.read_bytes(), path=text_file)
        except OSError as exc:
            raise InputError(f"no se puede leer: {exc.strerror}", path=text_file) from None
    if text is None:
        raise InputError("indique el texto con --text o --text-file")
    return text


@main.group()
def proposal() -> None:
    """Propuestas de reforma: borradores basados en una versión vigente."""


@proposal.command(name="new")
@click.argument("base", required=False)
@click.option("--id", "proposal_id", required=True, help="Identificador de la propuesta (p. ej. reforma-2018).")
@click.option("--title", required=True, help="Título (p. ej. 'Reforma integral 2018').")
@click.option("--motivation", help="Exposición de motivos breve.")
@click.option("--new-work", help="Crea una obra nueva desde cero con este identificador (sin BASE).")
@click.option("--kind", type=click.Choice(KINDS), default="reglamento", show_default=True,
              help="Tipo de la obra nueva.")
@click.option("--work-title", help="Título oficial de la obra nueva.")
@click.option("--author", help="Autor (por omisión, el usuario del sistema).")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def proposal_new(ctx, base, proposal_id, title, motivation, new_work, kind, work_title, author, as_json):
    """Crea una propuesta sobre BASE (obra@AAAA-MM-DD, u obra para la última versión)."""
    from .reform.service import new_proposal

    store = _store(ctx)
    meta = None
    if new_work:
        if base:
            raise InputError("use BASE o --new-work, no ambos")
        meta = DocumentMeta(work=check_work_id(new_work), kind=kind, title=work_title or title,
                            jurisdiction=store.config["jurisdiction"])
    p = new_proposal(store, base, proposal_id, title, motivation=motivation, author=author, new_work=meta)
    if as_json:
        echo_json({"id": p.id, "work": p.work, "base": p.base, "status": p.status})
    else:
        click.echo(f"Propuesta {p.id} creada sobre {p.work}" + (f"@{p.base}" if p.base else " (obra nueva)"))


def _report_operation(op, as_json: bool) -> None:
    if as_json:
        echo_json(asdict(op))
    else:
        click.echo(f"{op.id}: {op.type} {op.result or op.target or ''}".rstrip())


_text_options = [
    click.option("--text", help="Nuevo texto."),
    click.option("--text-file", type=click.Path(path_type=Path), help="Archivo con el nuevo texto."),
    click.option("--reason", help="Justificación (columna del cuadro comparativo)."),
    click.option("--author", help="Autor (por omisión, el usuario del sistema)."),
    click.option("--json", "as_json", is_flag=True, help="Salida en JSON."),
]


def text_options(func):
    for option in reversed(_text_options):
        func = option(func)
    return func


@proposal.command(name="amend")
@click.argument("proposal_id")
@click.argument("citation")
@text_options
@click.pass_context
def proposal_amend(ctx, proposal_id, citation, text, text_file, reason, author, as_json):
    """Reforma la disposición CITATION ('artículo 45', 'artículo 12 fracción IV')."""
    from .reform.service import operate

    op = operate(_store(ctx), proposal_id, "reformar", citation=citation,
                 text=_read_text_option(text, text_file), reason=reason, author=author)
    _report_operation(op, as_json)


@proposal.command(name="add")
@click.argument("proposal_id")
@click.option("--after", help="Cita de la disposición tras la cual se adiciona (por omisión, al final).")
@click.option("--chapter", is_flag=True, help="El texto es un capítulo completo (CAPÍTULO … y sus artículos).")
@text_options
@click.pass_context
def proposal_add(ctx, proposal_id, after, chapter, text, text_file, reason, author, as_json):
    """Adiciona un artículo (45 Bis si no trae número), fracción, párrafo o capítulo."""
    from .reform.service import operate

    body = _read_text_option(text, text_file)
    if chapter and not body.lstrip().upper().startswith(("CAPÍTULO", "CAPITULO")):
        raise InputError("con --chapter el texto debe empezar con 'CAPÍTULO …'", path=text_file or "--text")
    op = operate(_store(ctx), proposal_id, "adicionar", after=after, text=body, reason=reason, author=author)
    _report_operation(op, as_json)


@proposal.command(name="repeal")
@click.argument("proposal_id")
@click.argument("citation")
@click.option("--reason", help="Justificación.")
@click.option("--author", help="Autor.")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def proposal_repeal(ctx, proposal_id, citation, reason, author, as_json):
    """Deroga CITATION: conserva el número con 'Se deroga.'."""
    from .reform.service import operate

    _report_operation(operate(_store(ctx), proposal_id, "derogar", citation=citation, reason=reason,
                              author=author), as_json)


@proposal.command(name="move")
@click.argument("proposal_id")
@click.argument("citation")
@click.option("--after", required=True, help="Cita de la disposición tras la cual se coloca.")
@click.option("--number", help="Nuevo número del artículo (renumerar).")
@click.option("--reason", help="Justificación.")
@click.option("--author", help="Autor.")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def proposal_move(ctx, proposal_id, citation, after, number, reason, author, as_json):
    """Mueve (y opcionalmente renumera) la disposición CITATION."""
    from .reform.service import operate

    _report_operation(operate(_store(ctx), proposal_id, "mover", citation=citation, after=after, number=number,
                              reason=reason, author=author), as_json)


@proposal.command(name="import")
@click.argument("proposal_id")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--reason", help="Justificación.")
@click.option("--author", help="Autor.")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def proposal_import(ctx, proposal_id, source, reason, author, as_json):
    """Sustituye el borrador por una redacción completa (reestructura) leída de SOURCE."""
    from .reform.service import import_redraft

    _report_operation(import_redraft(_store(ctx), proposal_id, source, reason=reason, author=author), as_json)


@proposal.command(name="transitorios")
@click.argument("proposal_id")
@click.option("--text", "texts", multiple=True, help="Un artículo transitorio (repita la opción).")
@click.option("--text-file", type=click.Path(path_type=Path),
              help="Archivo con los transitorios, separados por una línea en blanco.")
@click.option("--author", help="Autor.")
@click.pass_context
def proposal_transitorios(ctx, proposal_id, texts, text_file, author):
    """Fija los artículos transitorios del decreto."""
    import re

    from .reform.service import set_transitorios

    items = list(texts)
    if text_file:
        items += [b for b in re.split(r"\n\s*\n", _read_text_option(None, text_file)) if b.strip()]
    set_transitorios(_store(ctx), proposal_id, items, author=author)
    click.echo(f"{len(items)} transitorios en {proposal_id}")


@proposal.command(name="status")
@click.argument("proposal_id")
@click.argument("status", type=click.Choice(["borrador", "en revisión", "aprobada", "descartada"]))
@click.option("--note", help="Nota del cambio de estado.")
@click.option("--author", help="Autor.")
@click.pass_context
def proposal_status(ctx, proposal_id, status, note, author):
    """Cambia el estado de la propuesta (borrador → en revisión → aprobada; o descartada)."""
    from .reform.service import set_status

    p = set_status(_store(ctx), proposal_id, status, author=author, note=note)
    click.echo(f"{p.id}: {p.status}")


@proposal.command(name="list")
@click.option("--work", help="Solo las propuestas de esta obra.")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def proposal_list(ctx, work, as_json):
    """Lista las propuestas."""
    items = _store(ctx).proposals(work)
    rows = [{"id": p.id, "work": p.work, "base": p.base, "title": p.title, "status": p.status,
             "operations": len(p.operations), "published_as": p.published_as} for p in items]
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("No hay propuestas.")
    for r in rows:
        click.echo(f"{r['id']}  [{r['status']}]  {r['work']}@{r['base'] or 'nueva'}  {r['title']}  "
                   f"({r['operations']} operaciones)")


@proposal.command(name="show")
@click.argument("proposal_id")
@click.option("--provision", "-p", help="Muestra solo esta disposición del borrador.")
@click.option("--operations", "ops", is_flag=True, help="Lista las operaciones registradas.")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def proposal_show(ctx, proposal_id, provision, ops, as_json):
    """Muestra el borrador de la propuesta (o sus operaciones)."""
    from .model.citation import resolve
    from .render.text import render_provision, render_text

    p = _store(ctx).load_proposal(proposal_id)
    if ops or as_json:
        data = {"id": p.id, "work": p.work, "base": p.base, "title": p.title, "status": p.status,
                "motivation": p.motivation, "operations": [asdict(o) for o in p.operations],
                "transitorios": p.transitorios, "status_history": [asdict(s) for s in p.status_history]}
        if as_json:
            echo_json(data)
        else:
            for o in p.operations:
                click.echo(f"{o.id}  {o.time}  {o.author}  {o.type}  {o.result or o.target or ''}"
                           + (f"  — {o.reason}" if o.reason else ""))
        return
    assert p.draft is not None
    click.echo(render_provision(resolve(p.draft, provision)) if provision else render_text(p.draft))


@proposal.command(name="publish")
@click.argument("proposal_id")
@click.option("--date", "date", required=True, help="Fecha de la nueva versión (entrada en vigor), AAAA-MM-DD.")
@click.option("--published", help="Fecha de publicación, AAAA-MM-DD (por omisión, --date).")
@click.option("--gazette", default="Periódico Oficial del Estado", show_default=True, help="Medio de publicación.")
@click.option("--gazette-number", help="Número del periódico oficial (p. ej. 'P.O. núm. 21' → 21).")
@click.option("--in-force", help="Entrada en vigor si difiere de --date.")
@click.option("--author", help="Autor.")
@click.pass_context
def proposal_publish(ctx, proposal_id, date, published, gazette, gazette_number, in_force, author):
    """Publica la propuesta: se vuelve la siguiente versión vigente de la obra."""
    from .reform.service import publish

    path = publish(_store(ctx), proposal_id, date, published=published or date, gazette=gazette,
                   gazette_number=gazette_number, in_force=in_force, author=author)
    click.echo(f"Publicada como {path}")


@proposal.command(name="rebase")
@click.argument("proposal_id")
@click.option("--onto", help="Fecha de la versión vigente destino (por omisión, la más reciente).")
@click.option("--drop-conflicts", is_flag=True, help="Aplica lo que se pueda y descarta (registrando) lo demás.")
@click.option("--author", help="Autor.")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def proposal_rebase(ctx, proposal_id, onto, drop_conflicts, author, as_json):
    """Reproduce las operaciones de la propuesta sobre una versión vigente más reciente."""
    from .reform.service import rebase

    result = rebase(_store(ctx), proposal_id, onto, drop_conflicts=drop_conflicts, author=author)
    if as_json:
        echo_json(asdict(result))
    else:
        click.echo(f"Base: {result.base}; aplicadas: {len(result.applied)}; conflictos: {len(result.conflicts)}")
        for op, why in result.conflicts:
            click.echo(f"  conflicto {op}: {why}")
    if result.conflicts and not drop_conflicts:
        raise InputError("hay operaciones en conflicto; no se cambió nada (use --drop-conflicts para "
                         "aplicar el resto)", path=proposal_id)


# ------------------------------------------------------------------ diff, correspondence, decree, references

CHANGE_NAMES = {"unchanged": "sin cambios", "amended": "reformado", "renumbered": "renumerado",
                "renumbered+amended": "renumerado y reformado", "moved": "reubicado",
                "moved+amended": "reubicado y reformado", "derogated": "derogado", "added": "adicionado",
                "removed": "suprimido", "split": "dividido", "merged": "fusionado"}


def _side(store, ref: str):
    """A comparison side: 'work@date', 'work' (latest version) or a proposal id (its draft)."""
    if "@" not in ref and not (store.work_dir(ref) / "work.json").exists() and store.proposal_path(ref).exists():
        return store.load_proposal(ref).draft
    work, date = parse_ref(ref)
    return store.load(work, date)


def _abridged(runs: list[tuple[str, str]], context: int = 8) -> list[tuple[str, str]]:
    """Keep the changed words and a few words of context around them."""
    out = []
    for i, (op, text) in enumerate(runs):
        words = text.split()
        if op != "equal" or len(words) <= 2 * context + 2:
            out.append((op, text))
            continue
        head = words[:context] if i > 0 else []
        tail = words[-context:] if i < len(runs) - 1 else []
        out.append((op, " ".join(head + ["…"] + tail)))
    return out


@main.command()
@click.argument("old")
@click.argument("new")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON: resumen y cambios.")
@click.option("--all", "show_all", is_flag=True, help="Incluye los artículos sin cambios.")
@click.pass_context
def diff(ctx, old, new, as_json, show_all):
    """Compara dos textos: OLD y NEW son obra@AAAA-MM-DD, obra (última versión) o una propuesta."""
    from .diff import diff_documents, render_words

    store = _store(ctx)
    result = diff_documents(_side(store, old), _side(store, new))
    if as_json:
        echo_json(result.to_json(include_unchanged=show_all))
        return
    summary = result.summary
    if result.replacement:
        click.echo("El texto nuevo SUSTITUYE al anterior (no es una reforma): no se inventan correspondencias.")
    counts = ", ".join(f"{CHANGE_NAMES.get(k, k)}: {v}" for k, v in sorted(summary["articles"].items()))
    click.echo(f"Artículos — {counts}")
    for change in result.changes:
        if change.type == "unchanged" and not show_all:
            continue
        for node in change.walk():
            old_num = node.old.num if node.old else "—"
            new_num = node.new.num if node.new else "—"
            indent = "  " if node is not change else ""
            click.echo(f"{indent}{CHANGE_NAMES.get(node.type, node.type)}: {old_num} → {new_num}")
            if node is change and node.type in ("amended", "renumbered+amended", "moved+amended"):
                click.echo("    " + render_words(_abridged(node.words)))


@proposal.command(name="diff")
@click.argument("proposal_id")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def proposal_diff_cmd(ctx, proposal_id, as_json):
    """Compara la propuesta con su versión base."""
    store = _store(ctx)
    p = store.load_proposal(proposal_id)
    ctx.invoke(diff, old=f"{p.work}@{p.base}", new=proposal_id, as_json=as_json, show_all=False)


@proposal.command(name="correspondence")
@click.argument("proposal_id")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def proposal_correspondence(ctx, proposal_id, as_json):
    """Tabla de correspondencia: número anterior → número nuevo de cada artículo."""
    from .reform.service import proposal_diff

    store = _store(ctx)
    rows = proposal_diff(store, store.load_proposal(proposal_id)).correspondence()
    if as_json:
        echo_json([{"old": o, "new": n, "type": t} for o, n, t in rows])
        return
    click.echo(f"{'Texto vigente':>14}  {'Propuesta':>10}  Cambio")
    for o, n, t in rows:
        click.echo(f"{('Art. ' + o) if o else '—':>14}  {('Art. ' + n) if n else '—':>10}  {CHANGE_NAMES.get(t, t)}")


@proposal.command(name="decree")
@click.argument("proposal_id")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON (bloques y disposiciones por verbo).")
@click.pass_context
def proposal_decree(ctx, proposal_id, as_json):
    """Texto del decreto: ARTÍCULO ÚNICO, disposiciones modificadas y transitorios."""
    from .reform.decree import build_decree
    from .reform.service import proposal_base

    store = _store(ctx)
    p = store.load_proposal(proposal_id)
    decree = build_decree(proposal_base(store, p), p.draft, transitorios=p.transitorios, proposal=p)
    if as_json:
        echo_json({"title": decree.title, "expide": decree.expide, "verbs": decree.verbs(),
                   "blocks": [asdict(b) for b in decree.blocks]})
    else:
        click.echo(decree.text(), nl=False)


@proposal.command(name="check-references")
@click.argument("proposal_id")
@click.option("--fix", is_flag=True, help="Aplica las reescrituras propuestas como operaciones registradas.")
@click.option("--author", help="Autor de las correcciones.")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def proposal_check_references(ctx, proposal_id, fix, author, as_json):
    """Referencias internas cuyo artículo destino se movió o desapareció, con la reescritura propuesta."""
    from .reform.service import fix_references, reference_issues

    store = _store(ctx)
    issues = reference_issues(store, proposal_id)
    applied = fix_references(store, proposal_id, author=author) if fix else []
    if as_json:
        echo_json({"issues": [{"eId": i.reference.eid, "text": i.reference.text, "problem": i.problem,
                               "rewrite": i.rewrite, "message": i.message} for i in issues],
                   "applied": [o.id for o in applied]})
        return
    if not issues:
        click.echo("Todas las referencias internas apuntan a su destino.")
    for i in issues:
        click.echo(f"{i.reference.eid}: {i.message}")
    if fix:
        click.echo(f"{len(applied)} disposiciones corregidas (operaciones registradas).")
