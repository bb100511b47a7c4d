"""Word comments in: each comment thread of a DOCX becomes one observation.

A department answers a draft by commenting it in Word. Each thread (a comment and its replies,
:mod:`implan_regs.importers.wordcomments`) becomes an observation of the department given (or of
its author's, from a mapping file: :mod:`.departments`),
signed by the comment's author, received on the comment's date, quoting the commented text,
with the replies as its conversation (``réplica`` events). Its anchor:

* in a review copy (``export --as review``), the innermost provision whose bookmark is open where
  the comment starts (a fracción, a párrafo…); a comment outside every provision (on the title)
  is a general observation of the subject;
* in any other Word file, the provision whose text is most like the commented paragraph
  (:func:`.anchoring.match_text`): when that is not clearly the best match the observation is
  flagged "requiere reanclaje" with the match as its candidate, and below any useful similarity it
  becomes a general observation, flagged as well.

Importing is idempotent: each thread has a fingerprint (author, date, text of its first comment)
stored as the observation's ``source``; a thread already imported for the subject is skipped.
The whole file is imported or nothing (one transaction, one history entry).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..importers.wordbody import Body, read_body, word_time
from ..importers.wordcomments import Thread, read_comments, reply_parents, threads
from ..importers.wordpackage import open_package
from ..plurals import counted
from ..store import Store, default_author
from . import storage
from .anchoring import SAME_NUMBER, make_target, match_text
from .departments import department_of
from .model import EVENT_NEW, EVENT_REPLY, GENERAL_EID, GENERAL_LABEL, Event, Observation, Target, due_date
from .service import NewObservation, _clean, _record, now
from .storage import Subject, resolve_subject

SOURCE_PREFIX = "docx:"


@dataclass
class Anchoring:
    """How one comment was anchored: ``method`` marcador | similitud | general, and the confidence."""

    method: str
    confidence: float
    sure: bool


@dataclass
class DocxImport:
    subject: str
    created: list[tuple[Observation, Anchoring]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # ids of observations already imported
    empty: int = 0  # comments without text
    dry_run: bool = False

    def to_json(self) -> dict:
        return {"subject": self.subject, "dry_run": self.dry_run, "imported": 0 if self.dry_run else len(self.created),
                "skipped": self.skipped, "empty_comments": self.empty,
                "observations": [{**obs.to_json(), "anchoring": {"method": how.method, "confidence":
                                  round(how.confidence, 2), "unsure": not how.sure}} for obs, how in self.created]}


def fingerprint(thread: Thread) -> str:
    first = thread.comment
    key = "\x1f".join((first.author, first.date, " ".join(first.text.split())))
    return SOURCE_PREFIX + hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def import_docx(store: Store, subject_ref: str, path: Path | str, *, department: str | None = None,
                departments: dict[str, str] | None = None, author: str | None = None,
                dry_run: bool = False) -> DocxImport:
    """Turn every comment thread of the DOCX at ``path`` into an observation of ``subject_ref``: of the
    department its author has in ``departments`` (:mod:`.departments`), else of ``department``."""
    path = Path(path)
    author = author or default_author()
    department = _clean(department)
    if not department and not departments:
        raise InputError("indique la dependencia (--department) o el mapa de autores (--departments)")
    package = open_package(path)
    comments = read_comments(package.comments, path)
    with store.locked():
        subject = resolve_subject(store, subject_ref)
        body = read_body(package, {n.eid for n in subject.document.walk() if n.eid})
        found = threads(comments, reply_parents(package.comments_extended), body)
        if not found:
            raise InputError("el DOCX no tiene comentarios", path=path)
        result = DocxImport(subject.id, dry_run=dry_run)
        known = {o.source: o.id for o in storage.load_observations(store, subject.id) if o.source}
        pending = []
        for thread in found:
            if not thread.comment.text:
                result.empty += 1
            elif fingerprint(thread) in known:
                result.skipped.append(known[fingerprint(thread)])
            else:
                pending.append(thread)
        owners = [department_of(departments or {}, t.comment.author) or department for t in pending]
        unmapped = sorted({t.comment.author or "(sin autor)" for t, owner in zip(pending, owners, strict=True)
                           if not owner})
        if unmapped:
            raise InputError(f"sin dependencia para: {', '.join(unmapped)} (agréguelos al mapa o use --department)",
                             path=path)
        ids = storage.allocate_ids(store, len(pending))
        for thread, obs_id, owner in zip(pending, ids, owners, strict=True):
            target, how = anchor(subject, body, thread, obs_id)
            result.created.append((observation(subject, thread, target, obs_id, owner, author), how))
        if result.created and not dry_run:
            storage.ensure_snapshot(store, subject)
            for obs, _ in result.created:
                storage.write_observation(store, obs, create=True)
            _record(store, subject, "observation-import", author,
                    f"{counted(len(result.created), 'observación')} de los comentarios de {path.name} "
                    f"({ids[0]}–{ids[-1]})")
    return result


# ------------------------------------------------------------------ anchoring

def anchor(subject: Subject, body: Body, thread: Thread, obs_id: str = "OBS-NNNN") -> tuple[Target, Anchoring]:
    """Where the comment starts: its bookmark in a review copy, else the most similar provision."""
    place = thread.range
    quote = place.quote if place is not None else ""
    paragraph = body.paragraphs[place.paragraph] if place is not None and place.paragraph >= 0 else None
    if body.bookmarked:
        eid = place.eid if place is not None else None
        node = subject.document.find(eid) if eid else None
        if eid is None or node is None:
            return general(subject, quote), Anchoring("general", 1.0, True)
        if _still_there(node, paragraph):
            return _target(subject, eid, quote), Anchoring("marcador", 1.0, True)
    return _by_similarity(subject, paragraph.text if paragraph is not None else "", quote, obs_id)


def _still_there(node, paragraph) -> bool:
    """The bookmarked provision still prints what the copy shows (the draft may have changed since the
    copy was exported: its eIds then name other provisions)."""
    if paragraph is None or not node.text or node.kind not in ("point", "paragraph"):
        return True
    return " ".join(node.text.split()) in paragraph.rejected


def _by_similarity(subject: Subject, paragraph: str, quote: str, obs_id: str) -> tuple[Target, Anchoring]:
    match = match_text(subject.document, paragraph or quote)
    how = Anchoring("similitud", match.score, match.sure)
    if match.node is None or match.score < SAME_NUMBER:
        target = general(subject, quote)
        target.anchored = False
        target.problem = (f"no se encontró la disposición comentada (similitud {match.score:.2f}); quedó como "
                          "observación general")
        return target, Anchoring("general", match.score, False)
    target = _target(subject, match.node.eid, quote)
    target.citation = f"comentario de Word (similitud {match.score:.2f})"
    if not match.sure:
        target.anchored, target.candidate = False, match.node.eid
        target.problem = (f"anclaje por similitud incierto ({match.score:.2f}; la siguiente opción "
                          f"{match.runner_up:.2f}): confírmelo con observe reanchor {obs_id} --to CITA")
    return target, how


def _target(subject: Subject, eid: str, quote: str) -> Target:
    target = make_target(subject.document, eid, state=subject.state)
    target.citation = "comentario de Word (marcador)"
    target.quote = quote or target.quote
    return target


def general(subject: Subject, quote: str) -> Target:
    return Target(eid=GENERAL_EID, label=GENERAL_LABEL, level="documento", quote=quote,
                  citation="comentario de Word", state=subject.state, original_eid=GENERAL_EID,
                  original_label=GENERAL_LABEL)


# ------------------------------------------------------------------ the record

def _day(date: str) -> str:
    try:
        return dt.date.fromisoformat(date[:10]).isoformat()
    except ValueError:
        return dt.date.today().isoformat()



def observation(subject: Subject, thread: Thread, target: Target, obs_id: str, department: str,
                author: str) -> Observation:
    first = thread.comment
    received = _day(first.date)
    new = NewObservation(target.label, department, first.text, received, author=first.author or None).check()
    time = now()
    history = [Event(EVENT_NEW, time, author, after="pendiente")]
    history.extend(Event(EVENT_REPLY, word_time(reply.date) or now(), reply.author or "desconocido", note=reply.text)
                   for reply in thread.replies if reply.text)
    return Observation(id=obs_id, subject=subject.id, subject_type=subject.type, work=subject.work,
                       department=department, text=new.text.strip(), received=received, kind=new.kind,
                       due=due_date(received), target=target, author=_clean(new.author) or None, created=time,
                       created_by=author, history=history, source=fingerprint(thread))
