"""A proposal's decree as a legal instrument: generate it, prove it, and build proposals from decrees.

* :func:`proposal_decree` — the one way every caller (CLI, exports, web) gets a proposal's decree;
* :func:`verify_proposal` — the decree read back by the decree reader, applied to the base and
  compared with the draft (:mod:`.verify`); :func:`require_verified` is what ``publish`` and
  ``export --as decree`` call, refusing (or, with ``force`` and a reason, recording) a decree that
  does not produce its draft;
* :func:`from_decree` — automatic consolidation: a decree as published (text, PDF, DOCX) becomes
  a proposal on a version in force, with one recorded operation per instruction; nothing is
  stored unless every instruction applied (``partial`` keeps what applied, listed).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..model.eid import assign_eids
from ..model.uri import parse_ref
from ..plurals import counted
from ..store import Store, default_author
from ..store.proposals import check_proposal_id
from . import drafting
from .decree import Decree, build_decree
from .decree_apply import Applied, apply_decree
from .decree_reader import ReadDecree, read_decree
from .model import Operation, Proposal, StatusChange
from .storage import write_proposal
from .verify import Verification, verify_text

#: How many differing provisions an error message names before "y N más".
NAMED_IN_ERRORS = 5


def proposal_decree(store: Store, proposal: Proposal) -> Decree:
    from .service import proposal_base

    assert proposal.draft is not None
    base = proposal_base(store, proposal)
    return build_decree(base, proposal.draft, transitorios=proposal.transitorios, proposal=proposal,
                        preamble=drafting.preamble(proposal.draft.meta, store))


def verify_proposal(store: Store, proposal: Proposal, decree: Decree | None = None) -> Verification:
    """Generate the decree (unless given), read it back, apply it to the base, compare with the draft."""
    from .service import proposal_base

    assert proposal.draft is not None
    decree = decree or proposal_decree(store, proposal)
    base = proposal_base(store, proposal)
    if base is None:  # a new work: the decree expide the whole text
        base = copy.deepcopy(proposal.draft)
        base.body = []
    transitorios = proposal.transitorios or drafting.default_transitorios(proposal.draft.meta)
    return verify_text(base, proposal.draft, decree.text(), transitorios)


def failure_message(result: Verification) -> str:
    named = [d.eid for d in result.differences[:NAMED_IN_ERRORS]]
    named += [str(p) for p in result.problems[:max(0, NAMED_IN_ERRORS - len(named))]]
    more = len(result.differences) + len(result.problems) - len(named)
    text = "el decreto generado no produce el borrador: " + "; ".join(named)
    if not result.transitorios_ok:
        text += "; los transitorios del decreto no son los de la propuesta"
    return text + (f" y {more} más" if more > 0 else "") + " (vea «proposal verify-decree»)"


def require_verified(store: Store, proposal: Proposal, *, force: bool = False, reason: str | None = None,
                     author: str | None = None, decree: Decree | None = None) -> Verification:
    """Refuse (InputError, exit 2) a decree that does not produce the draft, unless forced with a reason.

    ``decree``: the proposal's decree when the caller already built it (it is not built twice)."""
    result = verify_proposal(store, proposal, decree)
    if result.ok:
        return result
    if not force:
        raise InputError(failure_message(result), path=proposal.id)
    if not reason or not reason.strip():
        raise InputError("--force exige --reason: explique por qué se acepta un decreto que no verifica",
                         path=proposal.id)
    with store.locked():
        store.record("decree-forced", author=author or default_author(), work=proposal.work,
                     proposal=proposal.id, message=f"{reason.strip()} — {failure_message(result)}")
    return result


# ------------------------------------------------------------------ decree -> proposal

def decree_source_text(source: Path) -> str:
    """The text of a decree file: PDF (pdftotext), DOCX (its paragraphs) or text."""
    suffix = source.suffix.lower()
    if not source.is_file():
        raise InputError("no existe el archivo", path=source)
    if suffix == ".pdf":
        from ..importers.pdf import pdf_to_text

        return pdf_to_text(source)
    if suffix == ".docx":
        from ..importers.docx import docx_lines

        return "\n\n".join(_docx_decree_line(line) for line in docx_lines(source))
    from ..importers.normalize import read_source_text

    return read_source_text(source)


def _docx_decree_line(line) -> str:
    """A DOCX paragraph as a decree text line: its numbering label, and, for a párrafo laid out in
    our depth styles (a fracción's own párrafo), the indent that says whose párrafo it is."""
    from ..render.text import INDENT

    text = (f"{line.label} " if line.label else "") + line.text
    depth = line.hint.depth if line.hint is not None and line.hint.kind == "paragraph" else 0
    return INDENT * depth + text


@dataclass
class FromDecree:
    proposal: Proposal | None
    applied: Applied
    read: ReadDecree

    def to_json(self) -> dict:
        return {"propuesta": self.proposal.id if self.proposal else None, "titulo": self.read.title,
                "instrucciones": [o.to_json() for o in self.applied.outcomes],
                "problemas": [{"linea": p.line, "mensaje": p.message} for p in self.applied.problems],
                "advertencias": [{"linea": p.line, "mensaje": p.message} for p in self.applied.warnings],
                "transitorios": self.read.transitorios}


def from_decree(store: Store, base_ref: str, source: Path, proposal_id: str, *, title: str | None = None,
                partial: bool = False, dry_run: bool = False, author: str | None = None) -> FromDecree:
    """A proposal on ``base_ref`` whose operations are what the decree in ``source`` orders."""
    from .service import now

    author = author or default_author()
    text = decree_source_text(Path(source))
    read = read_decree(text)
    if not read.instructions and not read.expide:
        raise InputError("no se encontró la instrucción del decreto («ARTÍCULO ÚNICO.- Se REFORMA …»)",
                         path=source)
    work, date = parse_ref(base_ref)
    base = store.load(work, date)
    applied = apply_decree(base, read)
    result = FromDecree(None, applied, read)
    if (applied.problems and not partial) or dry_run:
        return result
    check_proposal_id(proposal_id)
    store.check_new_id(proposal_id, "propuesta")
    draft = applied.document if not applied.problems else _only_applied(base, read, applied)
    assign_eids(draft.body, preamble=draft.preamble)
    proposal = Proposal(id=proposal_id, work=base.meta.work, base=base.meta.date, title=title or read.title,
                        author=author, created=now(), draft=draft, transitorios=list(read.transitorios),
                        status_history=[StatusChange("borrador", now(), author, f"desde el decreto {Path(source).name}")])
    for outcome in applied.outcomes:
        if not outcome.applied:
            continue
        ins = outcome.instruction
        proposal.operations.append(Operation(
            id=proposal.next_operation_id(), type=_OPERATION[ins.verb.value], author=author, time=now(),
            target=outcome.eid, citation=ins.target.label(), result=outcome.eid,
            reason=f"{Path(source).name}, línea {ins.line}: {ins}"))
    with store.locked():
        write_proposal(store, proposal, create=True)
        store.record("proposal-from-decree", author=author, work=proposal.work, proposal=proposal.id,
                     message=f"{Path(source).name}: {counted(len(proposal.operations), 'instrucción aplicada')}")
    result.proposal = proposal
    return result


_OPERATION = {"REFORMA": "reformar", "ADICIONA": "adicionar", "DEROGA": "derogar", "RECORRE": "mover",
              "REUBICA": "mover"}


def _only_applied(base, read: ReadDecree, applied: Applied):
    """With --partial: the instructions that did not apply are dropped, with the body of every
    article none of whose instructions applied, and the rest is applied again."""
    kept = copy.copy(read)
    kept.instructions = [i for i, o in zip(read.instructions, applied.outcomes, strict=False) if o.applied]
    live = {i.target.article for i in kept.instructions}
    body, keep = [], True
    for line in read.body:
        if line.kind == "article":
            keep = line.label in live
        if keep:
            body.append(line)
    kept.body = body
    return apply_decree(base, kept).document
