"""Proposal workflows over the store: create, operate, import a redraft, change status,
publish as the next version in force, rebase onto a newer version.

Each function takes the store lock, loads the proposal, changes it, writes it atomically
and appends the history entry, so an operation either fully happens or not at all.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ImplanError, InputError, StoreError
from ..model.citation import resolve
from ..model.eid import assign_eids
from ..model.numbers import int_to_ordinal
from ..model.tree import Document, DocumentMeta, Provision, Publication
from ..model.uri import check_date, check_work_id, parse_ref
from ..plurals import counted
from ..store import Store, default_author
from ..store.proposals import check_proposal_id
from . import operations, states
from .model import Operation, Proposal, StatusChange, renumbered_articles
from .states import State
from .storage import load_proposal, write_proposal

if TYPE_CHECKING:
    from .procedure import Upload

def now() -> str:
    return dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds")


def new_proposal(store: Store, base_ref: str | None, proposal_id: str, title: str, *,
                 motivation: str | None = None, author: str | None = None,
                 new_work: DocumentMeta | None = None) -> Proposal:
    """A draft based on a version in force (``work@date`` or ``work`` for the latest), or a new work."""
    check_proposal_id(proposal_id)
    author = author or default_author()
    if new_work is not None:
        check_work_id(new_work.work)
        if store.has_work(new_work.work):
            raise StoreError("la obra ya existe; base la propuesta en una de sus versiones", path=new_work.work)
        if new_work.work == proposal_id:
            raise InputError("la obra nueva y su propuesta necesitan identificadores distintos", path=proposal_id)
        store.check_new_id(new_work.work, "obra nueva")
        draft, base = Document(copy.copy(new_work)), None
    else:
        if not base_ref:
            raise InputError("indique la versión base (obra@AAAA-MM-DD) o --new-work")
        base_version = store.resolve(base_ref)
        if base_version.proposal:
            raise InputError("la base debe ser una versión vigente (obra u obra@AAAA-MM-DD), no una propuesta",
                             path=base_ref)
        draft = store.load(base_version.work, base_version.date)
        base = draft.meta.date
    proposal = Proposal(id=proposal_id, work=draft.meta.work, base=base, title=title, motivation=motivation,
                        author=author, created=now(), draft=draft,
                        status_history=[StatusChange("borrador", now(), author)])
    with store.locked():
        write_proposal(store, proposal, create=True)
        store.record("proposal-new", author=author, work=proposal.work, proposal=proposal.id, message=title)
    return proposal


def _mutate(store: Store, proposal_id: str, action: str, author: str | None, message: str | None, change):
    """Load, change with ``change(proposal)``, write and record, all under the lock."""
    with store.locked():
        proposal = load_proposal(store, proposal_id)
        if proposal.status not in states.EDITABLE:
            raise StoreError(f"la propuesta está {proposal.status}; no admite cambios (el texto se edita en "
                             f"{' o '.join(s.value for s in states.EDITABLE)})", path=proposal_id)
        result = change(proposal)
        write_proposal(store, proposal)
        op = result.id if isinstance(result, Operation) else None
        store.record(action, author=author or default_author(), work=proposal.work, proposal=proposal.id,
                     operation=op, message=message)
    return result


def apply_operation(draft: Document, op: Operation) -> None:
    """Apply ``op`` to ``draft`` and fill ``op.target``/``op.result``."""
    if op.type == "reformar":
        node = operations.amend(draft, op.citation or op.target or "", op.text or "")
        op.target = op.result = node.eid
    elif op.type == "derogar":
        node = operations.repeal(draft, op.citation or op.target or "")
        op.target = op.result = node.eid
    elif op.type == "adicionar":
        nodes = operations.add(draft, op.citation, op.text or "")
        op.target = resolve(draft, op.citation).eid if op.citation else None
        op.result = " ".join(n.eid for n in nodes)
    elif op.type == "referencia":
        node = operations.replace_own_text(draft, op.target or "", op.text or "")
        op.result = node.eid
    elif op.type == "corregir":
        node = operations.correct(draft, op.target or "", op.position or "text", op.text or "")
        op.result = node.eid
    elif op.type == "mover":
        number, _, after = (op.position or "").partition("|")
        node = operations.move(draft, op.citation or "", after, number=number or None)
        op.target = op.result = node.eid
        draft.moved.update(renumbered_articles([op]))
    else:
        raise InputError(f"operación no reproducible: {op.type}", path=op.id)


def operate(store: Store, proposal_id: str, op_type: str, *, citation: str | None = None,
            text: str | None = None, after: str | None = None, number: str | None = None,
            reason: str | None = None, author: str | None = None) -> Operation:
    """Record one operation (reformar, adicionar, derogar, mover) and apply it to the draft."""
    author = author or default_author()

    def change(proposal: Proposal) -> Operation:
        op = Operation(id=proposal.next_operation_id(), type=op_type, author=author, time=now(),
                       citation=after if op_type == "adicionar" else citation, text=text, reason=reason,
                       position=f"{number or ''}|{after}" if op_type == "mover" else None)
        assert proposal.draft is not None
        if op_type in ("reformar", "derogar") and citation:
            _refuse_overlap(proposal, resolve(proposal.draft, citation).eid, op_type)
        apply_operation(proposal.draft, op)
        proposal.operations.append(op)
        return op

    return _mutate(store, proposal_id, f"proposal-{op_type}", author, reason, change)


def _refuse_overlap(proposal: Proposal, eid: str, op_type: str) -> None:
    """Reforming or repealing a provision would silently undo an earlier operation inside it."""
    for earlier in proposal.operations:
        for touched in (earlier.result or "").split():
            if touched != eid and touched.startswith(eid + "__"):
                raise InputError(f"se superpone con {earlier.id} ({earlier.type} {touched}); "
                                 f"{op_type} la disposición completa la anularía", path=eid)


def import_redraft(store: Store, proposal_id: str, source: Path, *, fmt: str | None = None,
                   reason: str | None = None, author: str | None = None, partial: bool = False) -> Operation:
    """Replace the whole draft with an imported text (a full restructure)."""
    from ..importers import import_path

    author = author or default_author()
    proposal = load_proposal(store, proposal_id)
    assert proposal.draft is not None
    imported = import_path(source, copy.copy(proposal.draft.meta), fmt=fmt, partial=partial).document

    def change(p: Proposal) -> Operation:
        op = Operation(id=p.next_operation_id(), type="importar", author=author, time=now(),
                       text=Path(source).name, reason=reason)
        p.draft = imported
        p.operations.append(op)
        return op

    return _mutate(store, proposal_id, "proposal-import", author, reason, change)


def import_file(store: Store, proposal_id: str, source: Path, *, fmt: str | None = None, reason: str | None = None,
                author: str | None = None, partial: bool = False) -> list[Operation]:
    """Import a redraft: a Word file with tracked changes becomes one operation per changed provision,
    authored by its reviser (:mod:`.wordredraft`); any other file (or a change operations cannot
    state) replaces the whole draft (:func:`import_redraft`)."""
    from . import wordredraft

    source = Path(source)
    if (fmt or source.suffix.lower().lstrip(".")) != "docx":
        return [import_redraft(store, proposal_id, source, fmt=fmt, reason=reason, author=author, partial=partial)]
    from ..importers import import_path

    proposal = load_proposal(store, proposal_id)
    read_draft = proposal.draft  # what the DOCX was compared with; it must not change before the write
    assert read_draft is not None
    body = wordredraft.read_revisions(source, read_draft)
    if body is None:
        return [import_redraft(store, proposal_id, source, fmt=fmt, reason=reason, author=author, partial=partial)]
    wordredraft.check_base(body, read_draft, source)
    accepted = import_path(source, copy.copy(read_draft.meta), fmt="docx", partial=partial).document
    author = author or default_author()
    planned = wordredraft.plan(read_draft, accepted, body, author=author, reason=reason)
    if planned is None:
        reviser = wordredraft.latest_reviser(body)
        return [import_redraft(store, proposal_id, source, fmt=fmt, reason=reason, partial=partial,
                               author=reviser.author if reviser else author)]

    def change(p: Proposal) -> list[Operation]:
        assert p.draft is not None
        if draft_changed(p.draft, read_draft):
            raise StoreError("el borrador cambió mientras se leía el DOCX; vuelva a intentarlo", path=proposal_id)
        for op in planned:
            op.id = p.next_operation_id()
            apply_operation(p.draft, op)
            p.operations.append(op)
        return planned

    message = f"{counted(len(planned), 'operación')} de los cambios controlados de {source.name}"
    return _mutate(store, proposal_id, "proposal-import", author, message, change)


def draft_changed(now_draft: Document, read_draft: Document) -> bool:
    from ..render.text import render_text

    return render_text(now_draft) != render_text(read_draft)


def set_transitorios(store: Store, proposal_id: str, texts: list[str], *, author: str | None = None) -> None:
    def change(p: Proposal) -> None:
        p.transitorios = [" ".join(t.split()) for t in texts if t.strip()]

    _mutate(store, proposal_id, "proposal-transitorios", author, None, change)


def set_status(store: Store, proposal_id: str, status: str, *, author: str | None = None,
               note: str | None = None) -> Proposal:
    """Move the proposal to ``status`` when the transition table allows it (see :mod:`.states`)."""
    target = states.state(status)
    author = author or default_author()
    with store.locked():
        proposal = load_proposal(store, proposal_id)
        states.check(proposal.status, target, reason=note, path=proposal_id)
        transition(store, proposal, target, author, note)
    return proposal


def set_consultation(store: Store, proposal_id: str, open_: bool, *, author: str | None = None) -> Proposal:
    """Open the proposal to public consultation (the portal then publishes it with its cuadro
    comparativo and draft decree) or close it. Only a proposal circulated and not yet approved (en
    revisión, dictaminada) can be opened; closing is always allowed."""
    author = author or default_author()
    with store.locked():
        proposal = load_proposal(store, proposal_id)
        if open_ and proposal.status not in states.IN_CONSULTATION:
            allowed = " o ".join(f"'{s}'" for s in states.IN_CONSULTATION)
            raise StoreError(f"solo una propuesta {allowed} puede abrirse a consulta pública; esta está "
                             f"'{proposal.status}'", path=proposal_id)
        proposal.consultation = open_
        write_proposal(store, proposal)
        store.record("proposal-consultation", author=author, work=proposal.work, proposal=proposal.id,
                     message="abierta a consulta pública" if open_ else "cerrada la consulta pública")
    return proposal


def transition(store: Store, proposal: Proposal, target: State, author: str, note: str | None) -> None:
    """Record a checked transition: in the proposal's status history, written, and in the store's
    history (the caller holds the lock; the proposal is written here, with whatever else changed)."""
    before = proposal.status
    proposal.status = target
    proposal.status_history.append(StatusChange(target.value, now(), author, note))
    write_proposal(store, proposal)
    store.record("proposal-status", author=author, work=proposal.work, proposal=proposal.id,
                 message=f"{before} → {target}" + (f": {note}" if note else ""))


def _transitorios_block(proposal: Proposal, publication: Publication | None, date: str) -> Provision:
    count = len(proposal.transitorios)
    where = f"publicado en el {publication.gazette}" + (f" núm. {publication.number}" if publication.number else "") \
        + f" el {publication.date}" if publication and publication.date else f"con vigencia a partir del {date}"
    children = [Provision("transitional", num=("ÚNICO.-" if count == 1 else f"{int_to_ordinal(i).upper()}.-"),
                          key="unico" if count == 1 else str(i), children=[Provision("paragraph", text=text)])
                for i, text in enumerate(proposal.transitorios, 1)]
    return Provision("transitorios", heading="TRANSITORIOS", subheading=f"{proposal.title}, {where}",
                     children=children)


@dataclass
class Published:
    """What :func:`publish` did: the new version in force and what the user should know."""

    path: Path
    date: str  # the new version's date: its entry into force
    published: str
    in_force_source: str
    warnings: list[str] = field(default_factory=list)
    forced: list[str] = field(default_factory=list)  # refusals overridden with --force --reason


def publish(store: Store, proposal_id: str, published: str, *, pending: list[str], in_force: str | None = None,
            gazette: str | None = None, gazette_number: str | None = None, author: str | None = None,
            force: bool = False, reason: str | None = None,
            document: Path | str | Upload | None = None) -> Published:
    """Turn the approved proposal, published in the gazette on ``published``, into the next version
    in force of its work, dated by its entry into force (the transitorios' rule, or the day after).

    Refused (see :func:`.procedure.check_publication`) when the proposal is not approved or has a
    pending observation (``pending``: their ids; callers use :func:`implan_regs.publication.publish`,
    which reads them), and when its decree, read back and applied to the base, does not produce
    the draft (:func:`.consolidation.require_verified`), unless ``force`` with a ``reason``, which
    the history records. A publication before the approval is refused always.
    """
    from . import drafting
    from .consolidation import require_verified
    from .procedure import check_publication, read_document, stage_document

    check_date(published, what="fecha de publicación")
    author = author or default_author()
    candidate = load_proposal(store, proposal_id)
    _refuse_closed(candidate)
    plan = check_publication(store, candidate, published, pending=pending, in_force=in_force)
    if plan.refusals and not force:
        raise StoreError("no se puede publicar: " + "; ".join(plan.refusals)
                         + " (--force --reason publica de todos modos y lo registra)", path=proposal_id)
    if force and not (reason and reason.strip()):
        raise InputError("--force exige --reason: explique por qué se publica así", path=proposal_id)
    upload = read_document(document)
    require_verified(store, candidate, force=force, reason=reason, author=author)
    assert candidate.draft is not None
    gazette = gazette or drafting.gazette(candidate.draft.meta)
    with store.locked():
        proposal = load_proposal(store, proposal_id)
        _refuse_closed(proposal)
        if proposal.base and plan.in_force <= proposal.base:
            raise InputError(f"la entrada en vigor ({plan.in_force}) debe ser posterior a la versión base "
                             f"({proposal.base})", path=published)
        assert proposal.draft is not None
        doc = copy.deepcopy(proposal.draft)
        publication = Publication(gazette, published, gazette_number)
        doc.meta.date, doc.meta.publication = plan.in_force, publication
        doc.meta.entry_into_force = plan.in_force
        doc.meta.decree = proposal.title
        if proposal.transitorios:
            doc.body.append(_transitorios_block(proposal, publication, plan.in_force))
            assign_eids(doc.body, preamble=doc.preamble)
        path = store.expression_path(doc.meta.work, plan.in_force)
        if store.is_file(path):
            raise StoreError(f"ya existe una versión del {plan.in_force}", path=doc.meta.work)
        stage_document(store, proposal, "periodico", upload, author)
        proposal.published_as = plan.in_force
        store.write_expression_locked(doc, author=author, message=f"publicación de {proposal.id}")
        _publish_transition(store, proposal, plan, author, reason if plan.refusals else None)
        store.record("proposal-publish", author=author, work=proposal.work, proposal=proposal.id,
                     expression=plan.in_force, message=f"{proposal.title}; publicada el {published}"
                     + (f" ({gazette} núm. {gazette_number})" if gazette_number else f" ({gazette})")
                     + f"; en vigor el {plan.in_force} ({plan.in_force_source})")
    return Published(path, plan.in_force, published, plan.in_force_source, plan.warnings,
                     plan.refusals if force else [])


def _refuse_closed(proposal: Proposal) -> None:
    if proposal.status == State.PUBLICADA:
        raise StoreError(f"ya fue publicada como versión del {proposal.published_as}", path=proposal.id)
    if proposal.status == State.DESCARTADA:
        raise StoreError("la propuesta está descartada", path=proposal.id)


def _publish_transition(store: Store, proposal: Proposal, plan, author: str, forced_reason: str | None) -> None:
    """aprobada → publicada; a forced publication from another state is recorded with its reason."""
    if forced_reason is None:
        states.check(proposal.status, State.PUBLICADA, via="proposal publish", path=proposal.id)
        note = f"Publicada el {plan.published}; en vigor el {plan.in_force}"
    else:
        note = f"PUBLICACIÓN FORZADA: {forced_reason.strip()} — {'; '.join(plan.refusals)}"
        store.record("proposal-publish-forced", author=author, work=proposal.work, proposal=proposal.id,
                     message=note)
    transition(store, proposal, State.PUBLICADA, author, note)


def proposal_base(store: Store, proposal: Proposal) -> Document | None:
    """The version in force the proposal is based on (None for a new work)."""
    return store.load(proposal.work, proposal.base) if proposal.base else None


def proposal_diff(store: Store, proposal: Proposal):
    """The diff of the draft against its base."""
    from ..diff import diff_documents

    base = proposal_base(store, proposal)
    if base is None:
        raise InputError("una propuesta de obra nueva no tiene texto vigente con qué compararse", path=proposal.id)
    assert proposal.draft is not None
    return diff_documents(base, proposal.draft)


def reference_issues(store: Store, proposal_id: str):
    """Cross-references of the draft whose target article moved or disappeared."""
    from .references import check_references

    proposal = load_proposal(store, proposal_id)
    diff = proposal_diff(store, proposal)
    mapping: dict[str, str | None] = {}
    for pair in diff.alignment.pairs:
        if pair.old is not None and pair.old.key:
            mapping[pair.old.key] = pair.new.key if pair.new is not None and pair.type != "removed" else None
    base = proposal_base(store, proposal)
    assert base is not None and proposal.draft is not None
    return check_references(base, proposal.draft, mapping)


def fix_references(store: Store, proposal_id: str, *, author: str | None = None) -> list[Operation]:
    """Apply every proposed rewrite as a recorded 'referencia' operation (one per provision text)."""
    from .references import apply_rewrites

    author = author or default_author()
    issues = [i for i in reference_issues(store, proposal_id) if i.rewrite]
    by_eid: dict[str, list] = {}
    for issue in issues:
        by_eid.setdefault(issue.reference.eid, []).append(issue)

    def change(proposal: Proposal) -> list[Operation]:
        assert proposal.draft is not None
        ops = []
        for eid, group in by_eid.items():
            node = proposal.draft.find(eid)
            if node is None or node.text is None:
                continue
            op = Operation(id=proposal.next_operation_id(), type="referencia", author=author, time=now(),
                           target=eid, citation=eid, text=apply_rewrites(node.text, group),
                           reason="Actualización de referencias por renumeración: "
                                  + "; ".join(i.message for i in group))
            apply_operation(proposal.draft, op)
            proposal.operations.append(op)
            ops.append(op)
        return ops

    if not by_eid:
        return []
    return _mutate(store, proposal_id, "proposal-referencias", author, counted(len(issues), "referencia"), change)


@dataclass
class RebaseResult:
    base: str
    applied: list[str] = field(default_factory=list)
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # (operation id, reason)


def rebase(store: Store, proposal_id: str, onto: str | None = None, *, drop_conflicts: bool = False,
           author: str | None = None) -> RebaseResult:
    """Replay the proposal's operations on a newer version in force.

    An operation conflicts when it no longer applies or when the new version changed the
    provision it touches. Conflicts are listed; without ``drop_conflicts`` nothing is written.
    """
    author = author or default_author()
    with store.locked():
        proposal = load_proposal(store, proposal_id)
        if proposal.base is None:
            raise InputError("una propuesta de obra nueva no tiene base que actualizar", path=proposal_id)
        if proposal.status not in states.EDITABLE:
            raise StoreError(f"la propuesta está {proposal.status}; su texto ya no cambia", path=proposal_id)
        onto_work, onto_date = parse_ref(onto) if onto and "@" in onto else (proposal.work, onto)
        if onto_work != proposal.work:
            raise InputError(f"la versión indicada es de otra obra (la propuesta es de {proposal.work})", path=onto)
        old_base = store.load(proposal.work, proposal.base)
        new_base = store.load(proposal.work, check_date(onto_date) if onto_date else None)
        result = RebaseResult(base=new_base.meta.date or "")
        draft = copy.deepcopy(new_base)
        for op in proposal.operations:
            reason = _replay(draft, old_base, new_base, op)
            if reason:
                result.conflicts.append((op.id, reason))
            else:
                result.applied.append(op.id)
        if result.conflicts and not drop_conflicts:
            return result
        kept = set(result.applied)
        proposal.operations = [op for op in proposal.operations if op.id in kept]
        proposal.base, proposal.draft = new_base.meta.date, draft
        write_proposal(store, proposal)
        dropped = ", ".join(f"{op} ({why})" for op, why in result.conflicts)
        store.record("proposal-rebase", author=author, work=proposal.work, proposal=proposal.id,
                     expression=proposal.base, message=f"descartadas: {dropped}" if dropped else None)
    return result


def _replay(draft: Document, old_base: Document, new_base: Document, op: Operation) -> str | None:
    if op.type == "importar":
        return "una redacción completa importada no se puede reproducir; vuelva a importarla"
    if op.type in ("reformar", "derogar", "mover") and op.target:
        before, after = old_base.find(op.target), new_base.find(op.target)
        if before is not None and after is not None and before.plain_text() != after.plain_text():
            return f"la nueva versión también modificó {op.target}"
    try:
        apply_operation(draft, copy.copy(op))
    except ImplanError as exc:
        return exc.message
    return None
