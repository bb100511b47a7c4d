"""The reform's procedure after drafting: documents, the commission's dictamen, the Cabildo's
approval, and what publication requires (Reglamento Interior del R. Ayuntamiento de Torreón,
arts. 120–121 and 136–137).

* :func:`attach` keeps a document with the proposal (PDF or DOCX, at most
  :data:`MAX_ATTACHMENT_BYTES`), copied into ``ROOT/proposal-documents/<id>/`` in the same
  journaled transaction as the proposal, its SHA-256 in the proposal and in the history (and
  therefore in backups and in ``check``).
* :func:`record_dictamen`: en revisión → dictaminada, with the commission, date and document.
* :func:`approve`: dictaminada → aprobada, with session, date, acta and the vote. Art. 136 a):
  the session needs two thirds of the members of the Cabildo and the agreement an absolute
  majority, which art. 110 b) defines as half plus one of the members of the Ayuntamiento.
  The Reglamento Interior does not state how many members there are (art. 5 leaves it to the
  electoral law): the store's ``implan-regs.json`` may say it as ``"cabildo_members"``;
  otherwise :data:`DEFAULT_CABILDO_MEMBERS`.
* :func:`check_publication`: what :func:`.service.publish` refuses (a proposal not approved,
  a pending observation, a publication date before the approval) and what it warns about
  (publication later than five días hábiles after the approval, art. 136 c).

>>> check_votes(parse_votes("16-2-0"), 21)
>>> check_votes(parse_votes("10-1-0"), 21)
Traceback (most recent call last):
...
implan_regs.errors.InputError: 10-1-0: sin quórum: votaron 11 de 21 integrantes; el Reglamento Interior (art. 136 a) exige la asistencia de dos terceras partes (14)
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..business_days import store_calendar
from ..errors import InputError, NotFoundError, StoreError
from ..model.in_force import entry_date, read_rule_in
from ..model.uri import check_date
from ..plurals import counted
from ..store import Store, default_author
from . import states
from .model import Approval, Attachment, Dictamen, Proposal
from .states import DOCUMENT_KINDS, State
from .storage import load_proposal, write_proposal

#: Members of the Cabildo when the store does not say (``"cabildo_members"`` in implan-regs.json):
#: a documented default (presidente municipal, síndicos and regidores of a large Coahuila
#: municipality); set the real number of the current administration in the store.
DEFAULT_CABILDO_MEMBERS = 21
#: Días hábiles from the approval to the publication (art. 136 c).
PUBLICATION_TERM = 5
#: Where the entry into force comes from when the transitorios do not say (arts. 121 and 137).
GENERAL_RULE = "al día siguiente de su publicación, art. 137 del Reglamento Interior"
MAX_ATTACHMENT_BYTES = 25 * 1024**2
DOCUMENTS_DIR = "proposal-documents"
_VOTES = re.compile(r"\s*(\d{1,3})\s*-\s*(\d{1,3})\s*-\s*(\d{1,3})\s*")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._\-]+")


def now() -> str:
    from .service import now as service_now

    return service_now()


# ------------------------------------------------------------------ the vote

@dataclass(frozen=True)
class Votes:
    favor: int
    against: int
    abstentions: int

    @property
    def present(self) -> int:
        return self.favor + self.against + self.abstentions

    def __str__(self) -> str:
        return f"{self.favor}-{self.against}-{self.abstentions}"


def parse_votes(text: str) -> Votes:
    """'16-2-0': votes for, against, abstentions."""
    m = _VOTES.fullmatch(text or "")
    if not m:
        raise InputError("votación inválida; escriba a favor-en contra-abstenciones, p. ej. 16-2-0", path=text)
    return Votes(*(int(g) for g in m.groups()))


def check_votes(votes: Votes, members: int) -> None:
    """Two-thirds quorum and absolute majority of the members (arts. 110 b and 136 a)."""
    quorum, majority = -(-2 * members // 3), members // 2 + 1
    if votes.present > members:
        raise InputError(f"votaron {votes.present} y el Cabildo tiene {members} integrantes", path=str(votes))
    if votes.present < quorum:
        raise InputError(f"sin quórum: votaron {votes.present} de {members} integrantes; el Reglamento Interior "
                         f"(art. 136 a) exige la asistencia de dos terceras partes ({quorum})", path=str(votes))
    if votes.favor < majority:
        raise InputError(f"sin mayoría absoluta: {votes.favor} votos a favor; se necesitan {majority} "
                         f"(la mitad más uno de los {members} integrantes, art. 110 b)", path=str(votes))


def cabildo_members(store: Store, given: int | None = None) -> int:
    value = given if given is not None else store.config.get("cabildo_members", DEFAULT_CABILDO_MEMBERS)
    if not isinstance(value, int) or isinstance(value, bool) or not 3 <= value <= 200:
        raise InputError("número de integrantes del Cabildo inválido (cabildo_members: un entero de 3 a 200)",
                         path=str(value))
    return value


# ------------------------------------------------------------------ documents

def _document_kind(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "PDF"
    if data.startswith(b"PK\x03\x04") and b"word/" in data[:65536]:
        return "DOCX"
    return None


@dataclass(frozen=True)
class Upload:
    """A document read from the user's file, before it is kept."""

    name: str
    data: bytes


def check_upload(name: str, data: bytes) -> Upload:
    """A document received whole (the web's upload): refused when too large or not a PDF or DOCX."""
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise InputError(f"documento demasiado grande ({len(data) // 1024**2} MB; máximo "
                         f"{MAX_ATTACHMENT_BYTES // 1024**2} MB)", path=name)
    if _document_kind(data) is None:
        raise InputError("solo se conservan documentos PDF o DOCX", path=name)
    return Upload(Path(name).name or "documento", data)


def read_document(source: Path | str | Upload | None) -> Upload | None:
    """A PDF or DOCX to keep (refused: missing, too large, anything else); None without a file;
    an :class:`Upload` already checked as it is."""
    if source is None or isinstance(source, Upload):
        return source
    source = Path(source)
    try:
        size = source.stat().st_size
        if not source.is_file():
            raise InputError("no es un archivo", path=source)
        if size > MAX_ATTACHMENT_BYTES:
            raise InputError(f"documento demasiado grande ({size // 1024**2} MB; máximo "
                             f"{MAX_ATTACHMENT_BYTES // 1024**2} MB)", path=source)
        data = source.read_bytes()
    except OSError as exc:
        raise InputError(f"no se puede leer: {exc.strerror}", path=source) from None
    if _document_kind(data) is None:
        raise InputError("solo se conservan documentos PDF o DOCX", path=source)
    return Upload(source.name, data)


def document_path(store: Store, proposal: Proposal, sha256: str) -> Path:
    """Where the store keeps the proposal's document with that SHA-256 (NotFoundError otherwise);
    read it with :func:`document_bytes` (on PostgreSQL it is a row, not a file)."""
    for item in proposal.attachments:
        if item.sha256 == sha256:
            return store.root / item.path
    raise NotFoundError("documento inexistente en la propuesta", path=sha256)


def document_bytes(store: Store, proposal: Proposal, sha256: str) -> bytes:
    """The stored copy of the proposal's document with that SHA-256, read through the store."""
    path = document_path(store, proposal, sha256)
    if not store.is_file(path):
        raise NotFoundError("falta el documento en el acervo", path=store.relative(path))
    return store.read_bytes(path)


def stage_document(store: Store, proposal: Proposal, kind: str, upload: Upload | None, author: str) -> str | None:
    """Stage the copy and list it on the proposal (the caller holds the lock and writes the proposal);
    its path relative to the root (None without a document)."""
    if upload is None:
        return None
    name, data = upload.name, upload.data
    if kind not in DOCUMENT_KINDS:
        raise InputError(f"tipo de documento inválido; use uno de: {', '.join(DOCUMENT_KINDS)}", path=kind)
    digest = hashlib.sha256(data).hexdigest()
    safe = _SAFE_NAME.sub("_", Path(name).name).strip("._") or "documento"
    path = store.root / DOCUMENTS_DIR / proposal.id / f"{kind}-{digest[:12]}-{safe[-80:]}"
    store.stage(path, data)
    item = Attachment(kind, Path(name).name, store.relative(path), digest, len(data), now(), author)
    proposal.attachments.append(item)
    store.record("proposal-document", author=author, work=proposal.work, proposal=proposal.id,
                 message=f"{DOCUMENT_KINDS[kind]}: {item.name}", sha256=digest)
    return item.path


def attach(store: Store, proposal_id: str, kind: str, source: Path | str | Upload, *,
           author: str | None = None) -> Attachment:
    """Keep a document with the proposal (initiative, gazette page…)."""
    upload, author = read_document(source), author or default_author()
    with store.locked():
        proposal = load_proposal(store, proposal_id)
        if proposal.status == State.DESCARTADA:
            raise StoreError("la propuesta está descartada", path=proposal_id)
        stage_document(store, proposal, kind, upload, author)
        write_proposal(store, proposal)
    return proposal.attachments[-1]


# ------------------------------------------------------------------ dictamen and approval

def record_dictamen(store: Store, proposal_id: str, *, commission: str, date: str,
                    source: Path | str | Upload | None = None,
                    author: str | None = None) -> Proposal:
    """The commission's dictamen: en revisión → dictaminada."""
    commission, author = " ".join((commission or "").split()), author or default_author()
    if not commission:
        raise InputError("indique la comisión que dictamina (--commission)", path=proposal_id)
    check_date(date, what="fecha del dictamen")
    upload = read_document(source)
    from .service import transition

    with store.locked():
        proposal = load_proposal(store, proposal_id)
        target = states.check(proposal.status, State.DICTAMINADA, via="proposal dictamen", path=proposal_id)
        document = stage_document(store, proposal, "dictamen", upload, author)
        proposal.dictamen = Dictamen(commission, date, author, now(), document)
        transition(store, proposal, target, author, f"Dictamen de la {commission} del {date}")
    return proposal


def approve(store: Store, proposal_id: str, *, session: str, date: str, acta: str, votes: str,
            members: int | None = None, source: Path | str | Upload | None = None,
            author: str | None = None) -> Proposal:
    """The Cabildo's approval: dictaminada → aprobada, after checking quorum and majority."""
    session, acta = " ".join((session or "").split()), " ".join((acta or "").split())
    if not session or not acta:
        raise InputError("indique la sesión de Cabildo (--session) y el acta (--acta)", path=proposal_id)
    check_date(date, what="fecha de la sesión")
    count, tally = cabildo_members(store, members), parse_votes(votes)
    check_votes(tally, count)
    upload = read_document(source)
    author = author or default_author()
    from .service import transition

    with store.locked():
        proposal = load_proposal(store, proposal_id)
        target = states.check(proposal.status, State.APROBADA, via="proposal approve", path=proposal_id)
        if proposal.dictamen and date < proposal.dictamen.date:
            raise InputError(f"la sesión es anterior al dictamen ({proposal.dictamen.date})", path=date)
        document = stage_document(store, proposal, "acta", upload, author)
        proposal.approval = Approval(session, date, acta, tally.favor, tally.against, tally.abstentions, count,
                                     author, now(), document)
        transition(store, proposal, target, author, f"{session} del {date}, acta {acta}, votación {tally}")
    return proposal


# ------------------------------------------------------------------ publication

@dataclass
class PublicationCheck:
    """What publishing on ``published`` means: its entry into force, and why it needs --force."""

    published: str
    in_force: str
    in_force_source: str  # Spanish: the transitorio's phrase, or the general rule
    refusals: list[str] = field(default_factory=list)  # overridable with --force --reason
    warnings: list[str] = field(default_factory=list)


def check_publication(store: Store, proposal: Proposal, published: str, *, pending: list[str],
                      in_force: str | None = None) -> PublicationCheck:
    """Compute the entry into force and the refusals / warnings of publishing ``proposal`` on ``published``;
    ``pending``: the ids of its observations neither answered nor resolved (read by the caller, a
    layer above: :func:`implan_regs.publication.publish`).

    A publication date before the approval, or an entry into force before the publication, is
    an InputError: no --force can make it true."""
    check_date(published, what="fecha de publicación")
    calendar = store_calendar(store)
    rule = read_rule_in(proposal.transitorios)
    source = f"transitorios: «{rule.phrase}»" if rule else GENERAL_RULE
    result = PublicationCheck(published, check_date(in_force) if in_force else entry_date(rule, published, calendar),
                              "--in-force" if in_force else source)
    if result.in_force < published:
        raise InputError(f"la entrada en vigor ({result.in_force}) es anterior a la publicación", path=published)
    approval = proposal.approval
    if approval is not None and published < approval.date:
        raise InputError(f"la publicación es anterior a la aprobación en Cabildo ({approval.date})", path=published)
    if proposal.status != State.APROBADA:
        result.refusals.append(f"la propuesta está '{proposal.status}', no aprobada por el Cabildo "
                               f"(registre la aprobación con 'implan-regs proposal approve')")
    if pending:
        shown = ", ".join(pending[:8]) + (" …" if len(pending) > 8 else "")
        result.refusals.append(f"{counted(len(pending), 'observación')} sin respuesta ni resolución de la "
                               f"comisión: {shown}")
    if approval is not None:
        limit = calendar.add(approval.date, PUBLICATION_TERM)
        if published > limit:
            late = calendar.between(approval.date, published)
            result.warnings.append(f"se publica {late} días hábiles después de la aprobación ({approval.date}); el "
                                   f"Reglamento Interior (art. 136 c) da {PUBLICATION_TERM} (hasta el {limit})")
    return result
