"""Observation commands: observe add/import/import-docx/list/show/answer/resolve/reanchor/report.

    implan-regs observe add reforma-2021 "artículo 45 fracción III" --department "Dirección General de \
Obras Públicas" --author "Ing. R. Soto" --text "…" --kind fondo --received 2021-05-03
    implan-regs observe import reforma-2021 corpus/observaciones-reforma-2021.csv
    implan-regs observe list reforma-2021 --status pendiente --department "Obras Públicas" --json
    implan-regs observe answer OBS-0003 --status atendida --response "…" --change op-0002
    implan-regs observe resolve OBS-0031 --by "Comisión de Desarrollo Urbano" --decision no-procede --reason "…"
    implan-regs observe report reforma-2021 --json
"""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError
from ..observations.model import KINDS, STATUSES
from ..plurals import agree, counted
from ..reform.states import DECISIONS
from . import date_option, echo_json, main, open_store

STATUS_CHOICE = click.Choice(STATUSES)


@main.group()
def observe() -> None:
    """Observaciones de las Direcciones Generales sobre una propuesta (o una versión vigente)."""


def _line(obs, on: str | None) -> str:
    days = obs.days_overdue(on)
    late = f"  VENCIDA ({days} {'día' if days == 1 else 'días'})" if days else ""
    anchor = "" if obs.target.anchored else "  [requiere reanclaje]"
    text = " ".join(obs.text.split())
    text = text if len(text) <= 90 else text[:89] + "…"
    return (f"{obs.id}  [{obs.status}]  {obs.target.label}  {obs.department}  recibida {obs.received}, "
            f"vence {obs.due}{late}{anchor}\n    {text}")


@observe.command(name="add")
@click.argument("subject")
@click.argument("provision")
@click.option("--department", required=True, help="Dependencia que observa (p. ej. 'Dirección General de Obras Públicas').")
@click.option("--text", required=True, help="Texto de la observación.")
@click.option("--kind", type=click.Choice(KINDS), default="fondo", show_default=True, help="Forma o fondo.")
@click.option("--received", help="Fecha de recepción AAAA-MM-DD (por omisión, hoy).")
@click.option("--due", help="Fecha límite de respuesta (por omisión, 15 días hábiles tras la recepción).")
@click.option("--author", help="Quien firma la observación.")
@click.option("--by", "recorded_by", help="Quien la registra (por omisión, el usuario del sistema).")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def observe_add(ctx, subject, provision, department, text, kind, received, due, author, recorded_by, as_json):
    """Registra una observación sobre DISPOSICIÓN ('artículo 45 fracción III', un eId, 'estrategia 2')
    de ASUNTO: una propuesta, o obra@AAAA-MM-DD para una versión vigente."""
    import datetime as dt

    from ..observations.service import NewObservation, add

    new = NewObservation(provision, department, text, date_option(received, "fecha de recepción")
                         or dt.date.today().isoformat(), kind, author, date_option(due, "fecha límite"))
    obs = add(open_store(ctx), subject, new, author=recorded_by)
    if as_json:
        echo_json(obs.to_json())
    else:
        click.echo(f"{obs.id} registrada sobre {obs.target.label} de {obs.subject} (vence {obs.due})")


@observe.command(name="import")
@click.argument("subject")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Solo valida el archivo; no registra nada.")
@click.option("--by", "recorded_by", help="Quien las registra (por omisión, el usuario del sistema).")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def observe_import(ctx, subject, source, dry_run, recorded_by, as_json):
    """Importa observaciones de un CSV (dependencia, disposición, observación, fecha; opcionales tipo,
    autor, vence). Si una fila tiene errores no se importa nada y se listan todas las filas con error."""
    from ..observations.csvimport import CsvImportError
    from ..observations.service import import_csv

    try:
        result = import_csv(open_store(ctx), subject, source, author=recorded_by, dry_run=dry_run)
    except CsvImportError as exc:
        if as_json:
            echo_json({"imported": 0, "errors": [{"row": e.row, "message": e.message} for e in exc.errors]})
        else:
            for error in exc.errors:
                click.echo(str(error), err=True)
        raise
    if as_json:
        echo_json({"imported": 0 if dry_run else len(result.observations), "dry_run": dry_run,
                   "observations": [o.to_json() for o in result.observations]})
        return
    verb = "válidas (sin registrar, --dry-run)" if dry_run else "importadas"
    ids = f" ({result.observations[0].id}–{result.observations[-1].id})" if result.observations and not dry_run else ""
    click.echo(f"{counted(len(result.observations), 'observación')} {verb} en {result.subject}{ids}")


@observe.command(name="import-docx")
@click.argument("subject")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--department", help="Dependencia que envía el documento comentado.")
@click.option("--departments", "mapping", type=click.Path(path_type=Path),
              help="CSV con las columnas autor y dependencia: la dependencia de cada comentario según su autor "
                   "(--department queda para los autores que no figuran).")
@click.option("--dry-run", is_flag=True, help="Solo muestra lo que se registraría; no registra nada.")
@click.option("--by", "recorded_by", help="Quien las registra (por omisión, el usuario del sistema).")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def observe_import_docx(ctx, subject, source, department, mapping, dry_run, recorded_by, as_json):
    """Convierte cada comentario de Word de ARCHIVO.docx (con sus respuestas) en una observación de ASUNTO,
    anclada a la disposición donde empieza el comentario. Importar dos veces el mismo archivo no duplica nada."""
    from ..observations.departments import read_departments
    from ..observations.docximport import import_docx

    departments = read_departments(mapping) if mapping else None
    result = import_docx(open_store(ctx), subject, source, department=department, departments=departments,
                         author=recorded_by, dry_run=dry_run)
    if as_json:
        echo_json(result.to_json())
        return
    for obs, how in result.created:
        sure = "" if how.sure else "  [incierto: requiere reanclaje]"
        replies = sum(1 for e in obs.history if e.type == "réplica")
        thread = f", {counted(replies, 'respuesta')}" if replies else ""
        click.echo(f"{'' if dry_run else obs.id + '  '}{obs.target.label}  ({how.method} {how.confidence:.2f}{thread})"
                   f"{sure}\n    {' '.join(obs.text.split())[:90]}")
    count, skipped = len(result.created), len(result.skipped)
    verb = "por registrar (sin registrar, --dry-run)" if dry_run else agree(count, "importada")
    click.echo(f"{counted(count, 'observación')} {verb} en {result.subject}"
               + (f"; {skipped} ya {agree(skipped, 'importada')} antes" if skipped else ""))


@observe.command(name="list")
@click.argument("subject")
@click.option("--status", type=STATUS_CHOICE, help="Solo este estado.")
@click.option("--department", help="Solo esta dependencia (basta una parte del nombre: 'Obras Públicas').")
@click.option("--kind", type=click.Choice(KINDS), help="Solo forma o fondo.")
@click.option("--provision", help="Solo las observaciones sobre esta disposición (y lo que contiene).")
@click.option("--overdue", is_flag=True, help="Solo las vencidas (abiertas después de su fecha límite).")
@click.option("--needs-reanchoring", is_flag=True, help="Solo las que requieren reanclaje.")
@click.option("--at", "on", help="Fecha de referencia para calcular vencimientos (por omisión, hoy).")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def observe_list(ctx, subject, status, department, kind, provision, overdue, needs_reanchoring, on, as_json):
    """Lista las observaciones de ASUNTO, ancladas al texto actual del borrador."""
    from ..observations.service import Filters, current, provision_eid, select

    store = open_store(ctx)
    on = date_option(on, "fecha de referencia")
    eid = provision_eid(store, subject, provision) if provision else None
    items = select(current(store, subject), Filters(status, department, kind, overdue, needs_reanchoring, eid, on))
    if as_json:
        echo_json([o.to_json(on) for o in items])
        return
    if not items:
        click.echo("No hay observaciones con esos criterios.")
    for obs in items:
        click.echo(_line(obs, on))


@observe.command(name="show")
@click.argument("obs_id")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def observe_show(ctx, obs_id, as_json):
    """Muestra una observación con su respuesta y su historial."""
    from ..observations.service import show

    obs = show(open_store(ctx), obs_id)
    if as_json:
        echo_json(obs.to_json())
        return
    t = obs.target
    lines = [f"{obs.id}  [{obs.status}]  {obs.kind}  —  {obs.subject}",
             f"Disposición: {t.label}" + ("" if t.label == t.original_label else f" (originalmente {t.original_label})"),
             f"Dependencia: {obs.department}" + (f" — {obs.author}" if obs.author else ""),
             f"Recibida: {obs.received}   Vence: {obs.due}" + ("   VENCIDA" if obs.is_overdue() else ""),
             f"Observación: {obs.text}", f"Texto observado: {t.quote}"]
    if not t.anchored:
        lines.append(f"REQUIERE REANCLAJE: {t.problem}" + (f" (posible destino: {t.candidate})" if t.candidate else ""))
    if obs.response is not None:
        lines.append(f"Respuesta ({obs.responder}, {obs.answered}"
                     + (f", operación {obs.change}" if obs.change else "") + f"): {obs.response}")
    if obs.resolution is not None:
        r = obs.resolution
        lines.append(f"Resolución de {r.by} ({r.date}): {DECISIONS[r.decision]} — {r.reason}")
    lines.append("Historial:")
    for e in obs.history:
        move = f"{e.before or ''} → {e.after or ''}" if (e.before or e.after) else ""
        lines.append(f"  {e.time}  {e.author}  {e.type}  {move}" + (f"  — {e.note}" if e.note else ""))
    click.echo("\n".join(lines))


@observe.command(name="answer")
@click.argument("obs_id")
@click.option("--status", type=STATUS_CHOICE, required=True,
              help="Nuevo estado: en análisis, atendida, atendida parcialmente o justificada.")
@click.option("--response", help="Respuesta; obligatoria para 'justificada' (la justificación) y 'atendida parcialmente'.")
@click.option("--change", help="Operación de la propuesta que la atiende (p. ej. op-0003).")
@click.option("--date", "date", help="Fecha de la respuesta AAAA-MM-DD (por omisión, hoy).")
@click.option("--author", help="Quien responde (por omisión, el usuario del sistema).")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def observe_answer(ctx, obs_id, status, response, change, date, author, as_json):
    """Responde (o pasa a análisis, o reabre) OBSERVACIÓN (OBS-NNNN)."""
    from ..observations.service import answer

    obs = answer(open_store(ctx), obs_id, status, response=response, change=change, date=date, author=author)
    if as_json:
        echo_json(obs.to_json())
    else:
        click.echo(f"{obs.id}: {obs.history[-1].before} → {obs.status}" + (f" ({obs.change})" if obs.change else ""))


@observe.command(name="resolve")
@click.argument("obs_id")
@click.option("--by", "by", required=True, help="Comisión que resuelve (p. ej. 'Comisión de Desarrollo Urbano').")
@click.option("--decision", type=click.Choice(list(DECISIONS)), required=True, help="procede o no-procede.")
@click.option("--reason", required=True, help="Motivo de la resolución.")
@click.option("--date", "date", help="Fecha de la resolución AAAA-MM-DD (por omisión, hoy).")
@click.option("--author", help="Quien la registra (por omisión, el usuario del sistema).")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def observe_resolve(ctx, obs_id, by, decision, reason, date, author, as_json):
    """Registra la resolución de la Comisión de regidores sobre OBSERVACIÓN (OBS-NNNN)."""
    from ..observations.service import resolve

    obs = resolve(open_store(ctx), obs_id, by=by, decision=decision, reason=reason,
                  date=date_option(date, "fecha de la resolución"), author=author)
    if as_json:
        echo_json(obs.to_json())
    else:
        click.echo(f"{obs.id}: {DECISIONS[decision]} ({obs.resolution.by})")


@observe.command(name="reanchor")
@click.argument("target")
@click.option("--to", "to", help="Con un OBS-NNNN: la disposición del texto actual a la que se ancla a mano.")
@click.option("--note", help="Motivo del reanclaje manual.")
@click.option("--author", help="Autor (por omisión, el usuario del sistema).")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def observe_reanchor(ctx, target, to, note, author, as_json):
    """Sigue las observaciones de DESTINO (una propuesta) hasta el texto actual y lo registra; las que no
    se pueden seguir con certeza quedan marcadas 'requiere reanclaje'. Con OBS-NNNN --to CITA, ancla a mano."""
    from ..observations.service import reanchor, reanchor_to

    store = open_store(ctx)
    if target.upper().startswith("OBS-"):
        if not to:
            raise InputError("indique con --to la disposición a la que se ancla", path=target)
        obs = reanchor_to(store, target.upper(), to, author=author, note=note)
        echo_json(obs.to_json()) if as_json else click.echo(f"{obs.id} anclada a {obs.target.label}")
        return
    if to:
        raise InputError("--to solo se usa con una observación (OBS-NNNN)", path=target)
    result = reanchor(store, target, author=author)
    if as_json:
        echo_json({"moved": [o.to_json() for o in result.moved], "flagged": [o.to_json() for o in result.flagged]})
        return
    click.echo(f"{counted(len(result.moved), 'observación reanclada')}; "
               f"{len(result.flagged)} {'requiere' if len(result.flagged) == 1 else 'requieren'} reanclaje")
    for obs in result.moved:
        click.echo(f"  {obs.id}: {obs.history[-1].note}")
    for obs in result.flagged:
        click.echo(f"  {obs.id}: requiere reanclaje — {obs.target.problem}")


@observe.command(name="report")
@click.argument("subject")
@click.option("--at", "on", help="Fecha de referencia para los vencimientos (por omisión, hoy).")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def observe_report(ctx, subject, on, as_json):
    """Informe: observaciones por dependencia y estado, abiertas, vencidas y por reanclar."""
    from ..observations import report
    from ..observations.report import render_report

    data = report(open_store(ctx), subject, on=date_option(on, "fecha de referencia"))
    echo_json(data) if as_json else click.echo(render_report(data))
