"""Reform commands: proposals and their operations, diff, correspondence, decree, references."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from ..errors import InputError
from ..model.tree import DocumentMeta
from ..model.uri import check_work_id
from ..plurals import counted
from ..reform.storage import load_proposal, proposals
from . import KINDS, echo_json, main, open_store, read_text_option

# ------------------------------------------------------------------ proposals

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
    from ..reform.service import new_proposal

    store = open_store(ctx)
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
    """Reforma la disposición CITA ('artículo 45', 'artículo 12 fracción IV')."""
    from ..reform.service import operate

    op = operate(open_store(ctx), proposal_id, "reformar", citation=citation,
                 text=read_text_option(text, text_file), reason=reason, author=author)
    _report_operation(op, as_json)


@proposal.command(name="add")
@click.argument("proposal_id")
@click.option("--after", help="Cita de la disposición tras la cual se adiciona (por omisión, al final).")
@click.option("--chapter", is_flag=True, help="El texto es un capítulo completo (CAPÍTULO … y sus artículos).")
@text_options
@click.pass_context
def proposal_add(ctx, proposal_id, after, chapter, text, text_file, reason, author, as_json):
    """Adiciona un artículo (45 Bis si no trae número), fracción, párrafo o capítulo."""
    from ..reform.service import operate

    body = read_text_option(text, text_file)
    if chapter and not body.lstrip().upper().startswith(("CAPÍTULO", "CAPITULO")):
        raise InputError("con --chapter el texto debe empezar con 'CAPÍTULO …'", path=text_file or "--text")
    op = operate(open_store(ctx), proposal_id, "adicionar", after=after, text=body, reason=reason, author=author)
    _report_operation(op, as_json)


@proposal.command(name="repeal")
@click.argument("proposal_id")
@click.argument("citation")
@click.option("--reason", help="Justificación.")
@click.option("--author", help="Autor.")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def proposal_repeal(ctx, proposal_id, citation, reason, author, as_json):
    """Deroga CITA: conserva el número con 'Se deroga.'."""
    from ..reform.service import operate

    _report_operation(operate(open_store(ctx), proposal_id, "derogar", citation=citation, reason=reason,
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
    """Mueve (y opcionalmente renumera) la disposición CITA."""
    from ..reform.service import operate

    _report_operation(operate(open_store(ctx), proposal_id, "mover", citation=citation, after=after, number=number,
                              reason=reason, author=author), as_json)


@proposal.command(name="import")
@click.argument("proposal_id")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--reason", help="Justificación.")
@click.option("--author", help="Autor.")
@click.option("--partial", is_flag=True, help="Acepta la redacción aunque se reconozcan muchos menos artículos que "
                                              "los encabezados de artículo que muestra (por omisión, se rechaza).")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def proposal_import(ctx, proposal_id, source, reason, author, partial, as_json):
    """Sustituye el borrador por una redacción completa (reestructura) leída de ARCHIVO. Un DOCX con control de
    cambios se registra como una operación por disposición cambiada, con el autor y la fecha de cada revisión."""
    from ..reform.service import import_file

    operations = import_file(open_store(ctx), proposal_id, source, reason=reason, author=author, partial=partial)
    if len(operations) == 1 and operations[0].type == "importar":
        _report_operation(operations[0], as_json)
    elif as_json:
        echo_json([asdict(op) for op in operations])
    else:
        for op in operations:
            click.echo(f"{op.id}: {op.type} {op.result or op.target or ''}  ({op.author}, {op.time})")
        click.echo(f"{counted(len(operations), 'operación')} de los cambios controlados de {source.name}")


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

    from ..reform.service import set_transitorios

    items = list(texts)
    if text_file:
        items += [b for b in re.split(r"\n\s*\n", read_text_option(None, text_file)) if b.strip()]
    set_transitorios(open_store(ctx), proposal_id, items, author=author)
    click.echo(f"{counted(len(items), 'transitorio')} en {proposal_id}")


@proposal.command(name="list")
@click.option("--work", help="Solo las propuestas de esta obra.")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def proposal_list(ctx, work, as_json):
    """Lista las propuestas."""
    items = proposals(open_store(ctx), work)
    rows = [{"id": p.id, "work": p.work, "base": p.base, "title": p.title, "status": p.status,
             "operations": len(p.operations), "published_as": p.published_as, "consultation": p.consultation}
            for p in items]
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("No hay propuestas.")
    for r in rows:
        click.echo(f"{r['id']}  [{r['status']}{', en consulta pública' if r['consultation'] else ''}]  "
                   f"{r['work']}@{r['base'] or 'nueva'}  {r['title']}  ({counted(r['operations'], 'operación')})")


@proposal.command(name="show")
@click.argument("proposal_id")
@click.option("--provision", "-p", help="Muestra solo esta disposición del borrador.")
@click.option("--operations", "ops", is_flag=True, help="Lista las operaciones registradas.")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def proposal_show(ctx, proposal_id, provision, ops, as_json):
    """Muestra el borrador de la propuesta (o sus operaciones)."""
    from ..model.citation import resolve
    from ..render.text import render_provision, render_text

    p = load_proposal(open_store(ctx), proposal_id)
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


@proposal.command(name="rebase")
@click.argument("proposal_id")
@click.option("--onto", help="Fecha de la versión vigente destino (por omisión, la más reciente).")
@click.option("--drop-conflicts", is_flag=True, help="Aplica lo que se pueda y descarta (registrando) lo demás.")
@click.option("--author", help="Autor.")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def proposal_rebase(ctx, proposal_id, onto, drop_conflicts, author, as_json):
    """Reproduce las operaciones de la propuesta sobre una versión vigente más reciente."""
    from ..reform.service import rebase

    result = rebase(open_store(ctx), proposal_id, onto, drop_conflicts=drop_conflicts, author=author)
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

def _side(store, ref: str):
    """A comparison side: 'work@date', 'work' (latest version) or a proposal id (its draft)."""
    reference = store.resolve(ref)
    if reference.proposal is not None:
        return load_proposal(store, reference.proposal).draft
    return store.load(reference.work, reference.date)


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
    """Compara dos textos: ANTERIOR y NUEVO son obra@AAAA-MM-DD, obra (última versión) o una propuesta."""
    from ..diff import diff_documents, render_words
    from ..diff.model import CHANGE_NAMES

    store = open_store(ctx)
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
            if node.is_row or node is change and node.type in ("amended", "renumbered+amended", "moved+amended"):
                click.echo("    " + render_words(_abridged(node.words)))


@proposal.command(name="diff")
@click.argument("proposal_id")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def proposal_diff_cmd(ctx, proposal_id, as_json):
    """Compara la propuesta con su versión base."""
    store = open_store(ctx)
    p = load_proposal(store, proposal_id)
    ctx.invoke(diff, old=f"{p.work}@{p.base}", new=proposal_id, as_json=as_json, show_all=False)


@proposal.command(name="correspondence")
@click.argument("proposal_id")
@click.option("--changes-only", is_flag=True, help="Solo los artículos que cambian de número, lugar o texto.")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def proposal_correspondence(ctx, proposal_id, changes_only, as_json):
    """Tabla de correspondencia: número anterior → número nuevo de cada artículo."""
    from ..diff.model import CHANGE_NAMES, UNCHANGED
    from ..reform.service import proposal_diff

    store = open_store(ctx)
    diff = proposal_diff(store, load_proposal(store, proposal_id))
    vacant = diff.alignment.vacant_numbers()
    rows = [r for r in diff.correspondence() if not (changes_only and r[2] == UNCHANGED)]
    if as_json:
        echo_json([{"old": o, "new": n, "type": t, "vacant": o in vacant} for o, n, t in rows])
        return
    click.echo(f"{'Texto vigente':>14}  {'Propuesta':>10}  Cambio")
    for o, n, t in rows:
        note = "; el número queda vacante" if o in vacant else ""
        click.echo(f"{('Art. ' + o) if o else '—':>14}  {('Art. ' + n) if n else '—':>10}  "
                   f"{CHANGE_NAMES.get(t, t)}{note}")


@proposal.command(name="decree")
@click.argument("proposal_id")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Escribe el decreto en este archivo de texto (por omisión, en pantalla).")
@click.option("--force", is_flag=True, help="Sobrescribe el archivo de salida si ya existe.")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON (bloques y disposiciones por verbo).")
@click.pass_context
def proposal_decree(ctx, proposal_id, output, force, as_json):
    """Texto del decreto: ARTÍCULO ÚNICO, disposiciones modificadas y transitorios."""
    from ..reform.consolidation import proposal_decree as build

    store = open_store(ctx)
    decree = build(store, load_proposal(store, proposal_id))
    if as_json:
        echo_json({"title": decree.title, "expide": decree.expide, "verbs": decree.verbs(),
                   "blocks": [asdict(b) for b in decree.blocks]})
    elif output is not None:
        from ..export.base import check_output
        from ..fsio import atomic_write

        atomic_write(check_output(output, force=force, suffix=None), decree.text(), exclusive=not force)
        click.echo(f"Decreto escrito en {output}")
    else:
        click.echo(decree.text(), nl=False)


@proposal.command(name="verify-decree")
@click.argument("proposal_id")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON: diferencias, problemas e instrucciones.")
@click.pass_context
def proposal_verify_decree(ctx, proposal_id, as_json):
    """Aplica el decreto generado al texto vigente y lo compara con el borrador (0: idéntico; 1: difiere)."""
    from ..reform.consolidation import verify_proposal

    store = open_store(ctx)
    result = verify_proposal(store, load_proposal(store, proposal_id))
    if as_json:
        echo_json(result.to_json())
    else:
        applied = sum(1 for o in result.applied.outcomes if o.applied) if result.applied else 0
        if result.ok:
            click.echo(f"El decreto produce exactamente el borrador ({counted(applied, 'instrucción aplicada')}).")
        else:
            click.echo("El decreto NO produce el borrador:")
            for d in result.differences:
                click.echo(f"  {d.describe()}")
            for p in result.problems:
                click.echo(f"  {p}")
            if not result.transitorios_ok:
                click.echo("  los transitorios del decreto no son los de la propuesta")
    ctx.exit(0 if result.ok else 1)


@proposal.command(name="from-decree")
@click.argument("base")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--id", "proposal_id", required=True, help="Identificador de la propuesta que se crea.")
@click.option("--title", help="Título de la propuesta (por omisión, el del decreto).")
@click.option("--partial", is_flag=True, help="Guarda lo que se pudo aplicar aunque alguna instrucción falle.")
@click.option("--dry-run", is_flag=True, help="Solo informa; no guarda nada.")
@click.option("--author", help="Autor.")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON: cada instrucción con su verbo, eId y resultado.")
@click.pass_context
def proposal_from_decree(ctx, base, source, proposal_id, title, partial, dry_run, author, as_json):
    """Crea una propuesta sobre BASE aplicando un decreto publicado (texto, PDF o DOCX)."""
    from ..reform.consolidation import from_decree

    result = from_decree(open_store(ctx), base, source, proposal_id, title=title, partial=partial,
                         dry_run=dry_run, author=author)
    if as_json:
        echo_json(result.to_json())
    else:
        for outcome in result.applied.outcomes:
            mark = "aplicada" if outcome.applied else "NO aplicada"
            click.echo(f"{mark}: {outcome.instruction} ({outcome.eid or '—'})")
        for warning in result.applied.warnings:
            click.echo(f"{source}: advertencia: {warning}", err=True)
        if partial or dry_run:
            for problem in result.applied.problems:
                click.echo(f"{source}: {problem}", err=True)
        if result.proposal is not None:
            click.echo(f"Propuesta {result.proposal.id} creada con "
                       f"{counted(len(result.proposal.operations), 'instrucción')}.")
    if result.applied.problems and not partial and not dry_run:
        first = result.applied.problems[0]
        raise InputError(f"{first}; no se guardó nada (use --partial para conservar lo aplicable)", path=source)


@proposal.command(name="check-references")
@click.argument("proposal_id")
@click.option("--fix", is_flag=True, help="Aplica las reescrituras propuestas como operaciones registradas.")
@click.option("--author", help="Autor de las correcciones.")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def proposal_check_references(ctx, proposal_id, fix, author, as_json):
    """Referencias internas cuyo artículo destino se movió o desapareció, con la reescritura propuesta."""
    from ..reform.service import fix_references, reference_issues

    store = open_store(ctx)
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
        click.echo(f"{counted(len(applied), 'disposición corregida')} (operaciones registradas).")
