"""The reform's procedure on the command line: status, dictamen, approval, documents, publication
and the timeline (library: :mod:`implan_regs.reform.procedure`, :mod:`implan_regs.reform.states`).

    implan-regs proposal status reforma-2025 "en revisión" --message "Se circula a las Direcciones"
    implan-regs proposal dictamen reforma-2025 --commission "Comisión de Desarrollo Urbano" --date 2025-05-20 --file dictamen.pdf
    implan-regs proposal approve reforma-2025 --session "Sesión ordinaria de Cabildo" --date 2025-05-29 --acta 45 --votes 16-2-0
    implan-regs proposal publish reforma-2025 --date 2025-06-03 --gazette-number 45
    implan-regs proposal timeline reforma-2025 --json
    implan-regs proposal consultation reforma-2025 [--close]     # the public portal publishes it
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from ..reform.states import DOCUMENT_KINDS, STATES
from . import date_option, echo_json, open_store
from .reform import proposal

_FILE = click.Path(dir_okay=False, path_type=Path)


@proposal.command(name="status")
@click.argument("proposal_id")
@click.argument("status", type=click.Choice(STATES))
@click.option("--message", "--note", "message", help="Motivo o nota del cambio (obligatorio para volver atrás).")
@click.option("--author", help="Autor (por omisión, el usuario del sistema).")
@click.pass_context
def proposal_status(ctx, proposal_id, status, message, author):
    """Cambia el estado de la propuesta según el procedimiento (borrador → en revisión → dictaminada →
    aprobada → publicada; descartada antes de publicarse). Dictaminada, aprobada y publicada se
    registran con 'proposal dictamen', 'proposal approve' y 'proposal publish'."""
    from ..reform.service import set_status

    p = set_status(open_store(ctx), proposal_id, status, author=author, note=message)
    click.echo(f"{p.id}: {p.status}")


@proposal.command(name="consultation")
@click.argument("proposal_id")
@click.option("--close", is_flag=True, help="Cierra la consulta pública (el portal deja de publicarla).")
@click.option("--author", help="Autor (por omisión, el usuario del sistema).")
@click.pass_context
def proposal_consultation(ctx, proposal_id, close, author):
    """Abre la propuesta a consulta pública: 'site build --include-proposals-in-consultation' publica
    su cuadro comparativo y su proyecto de decreto. Solo una propuesta en revisión o dictaminada."""
    from ..reform.service import set_consultation

    p = set_consultation(open_store(ctx), proposal_id, not close, author=author)
    click.echo(f"{p.id}: {'abierta a consulta pública' if p.consultation else 'cerrada la consulta pública'}")


@proposal.command(name="dictamen")
@click.argument("proposal_id")
@click.option("--commission", required=True, help="Comisión de regidores que dictamina.")
@click.option("--date", "date", required=True, help="Fecha del dictamen, AAAA-MM-DD.")
@click.option("--file", "source", type=_FILE, help="El dictamen firmado (PDF o DOCX), que se conserva.")
@click.option("--author", help="Quien lo registra.")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def proposal_dictamen(ctx, proposal_id, commission, date, source, author, as_json):
    """Registra el dictamen de la Comisión: la propuesta pasa de 'en revisión' a 'dictaminada'."""
    from ..reform.procedure import record_dictamen

    p = record_dictamen(open_store(ctx), proposal_id, commission=commission,
                        date=date_option(date, "fecha del dictamen"), source=source, author=author)
    if as_json:
        echo_json({"id": p.id, "status": p.status, "dictamen": asdict(p.dictamen)})
    else:
        click.echo(f"{p.id}: dictaminada por la {p.dictamen.commission} el {p.dictamen.date}")


@proposal.command(name="approve")
@click.argument("proposal_id")
@click.option("--session", required=True, help="Sesión de Cabildo (p. ej. 'Sesión ordinaria de Cabildo').")
@click.option("--date", "date", required=True, help="Fecha de la sesión, AAAA-MM-DD.")
@click.option("--acta", required=True, help="Número del acta de Cabildo.")
@click.option("--votes", required=True, help="Votación a favor-en contra-abstenciones (p. ej. 16-2-0).")
@click.option("--members", type=click.IntRange(3, 200),
              help="Integrantes del Cabildo (por omisión, cabildo_members del acervo o 21).")
@click.option("--file", "source", type=_FILE, help="El acta o la certificación (PDF o DOCX), que se conserva.")
@click.option("--author", help="Quien la registra.")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def proposal_approve(ctx, proposal_id, session, date, acta, votes, members, source, author, as_json):
    """Registra la aprobación del Cabildo (quórum de dos terceras partes, mayoría absoluta)."""
    from ..reform.procedure import approve

    p = approve(open_store(ctx), proposal_id, session=session, date=date_option(date, "fecha de la sesión"),
                acta=acta, votes=votes, members=members, source=source, author=author)
    a = p.approval
    if as_json:
        echo_json({"id": p.id, "status": p.status, "approval": asdict(a)})
    else:
        click.echo(f"{p.id}: aprobada en {a.session} del {a.date}, acta {a.acta}, votación {a.votes} "
                   f"({a.members} integrantes)")


@proposal.command(name="attach")
@click.argument("proposal_id")
@click.argument("source", type=_FILE)
@click.option("--kind", type=click.Choice(list(DOCUMENT_KINDS)), required=True, help="Tipo de documento.")
@click.option("--author", help="Quien lo adjunta.")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def proposal_attach(ctx, proposal_id, source, kind, author, as_json):
    """Conserva un documento (PDF o DOCX) con la propuesta: iniciativa, dictamen, acta, periódico oficial."""
    from ..reform.procedure import attach

    item = attach(open_store(ctx), proposal_id, kind, source, author=author)
    if as_json:
        echo_json(asdict(item))
    else:
        click.echo(f"{DOCUMENT_KINDS[item.kind]} conservado: {item.path} (SHA-256 {item.sha256[:16]}…)")


@proposal.command(name="publish")
@click.argument("proposal_id")
@click.option("--date", "date", required=True, help="Fecha de publicación en el periódico oficial, AAAA-MM-DD.")
@click.option("--gazette", help="Medio de publicación (por omisión, el del orden de gobierno de la obra: DOF "
                                "o Periódico Oficial del Estado).")
@click.option("--gazette-number", help="Número del periódico oficial (p. ej. 'P.O. núm. 45' → 45).")
@click.option("--in-force", help="Entrada en vigor, si no es la que dicen los transitorios (o el día siguiente).")
@click.option("--file", "source", type=_FILE, help="La página del periódico oficial (PDF), que se conserva.")
@click.option("--author", help="Autor.")
@click.option("--force", is_flag=True, help="Publica aunque falte la aprobación, quede una observación pendiente "
                                            "o el decreto no produzca el borrador (exige --reason).")
@click.option("--reason", help="Motivo registrado en el historial al usar --force.")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def proposal_publish(ctx, proposal_id, date, gazette, gazette_number, in_force, source, author, force, reason,
                     as_json):
    """Publica la propuesta aprobada: se vuelve la versión vigente de la obra desde su entrada en vigor.

    Se niega si no fue aprobada por el Cabildo, si queda una observación pendiente, si la fecha es
    anterior a la aprobación o si su decreto, aplicado al texto vigente, no produce el borrador."""
    from ..publication import publish

    result = publish(open_store(ctx), proposal_id, date_option(date, "fecha de publicación"),
                     in_force=date_option(in_force, "entrada en vigor"), gazette=gazette,
                     gazette_number=gazette_number, author=author, force=force, reason=reason, document=source)
    for warning in result.warnings:
        click.echo(f"{proposal_id}: advertencia: {warning}", err=True)
    if as_json:
        echo_json({"path": str(result.path), "version": result.date, "published": result.published,
                   "in_force": result.date, "in_force_source": result.in_force_source,
                   "warnings": result.warnings, "forced": result.forced})
    else:
        click.echo(f"Publicada el {result.published}; en vigor el {result.date} ({result.in_force_source}): "
                   f"{result.path}")


@proposal.command(name="timeline")
@click.argument("proposal_id")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def proposal_timeline(ctx, proposal_id, as_json):
    """Expediente de la propuesta: cada paso del procedimiento, quién, cuándo y sus documentos."""
    from ..reform.timeline import proposal_timeline as build

    steps = build(open_store(ctx), proposal_id)
    if as_json:
        echo_json([s.to_json() for s in steps])
        return
    for step in steps:
        act = f"  [fecha del acto: {step.date}]" if step.date else ""
        click.echo(f"{step.time[:16].replace('T', ' ')}  {step.author}  {step.what}"
                   + (f" — {step.detail}" if step.detail else "") + act)
        for doc in step.documents:
            click.echo(f"    documento: {doc['name']} ({doc['path']}, SHA-256 {doc['sha256'][:16]}…)")
