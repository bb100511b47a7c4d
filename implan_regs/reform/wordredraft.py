"""A draft edited in Word with Track Changes, read back as per-provision operations.

The text with every change accepted is the redraft (the DOCX importer reads it so). It is compared
with the proposal's draft (:func:`implan_regs.diff.diff_documents`) and each change at its finest
level becomes one operation, as a lawyer would have typed it: a changed párrafo or fracción is
``reformar``, a new one ``adicionar`` after its previous sibling, a deleted one ``derogar`` (the
number stays, as Mexican drafting keeps it). A provision Word merely re-ran (same text in new
runs, or a word deleted and typed again) is no change and gets no operation. Each operation is
authored and dated by the revisions inside the provision it touches (``w:author``, ``w:date``;
the latest one when several people edited it), found through the review copy's bookmarks
(:mod:`implan_regs.importers.wordbody`) or, in another Word file, through the paragraphs that hold
the new text.

The operations are applied last to first, so each still finds the provisions by the eIds the
draft had; they are checked on a copy first: applied to the draft they must give the accepted
text (a derogated placeholder standing where a provision was deleted). A redraft that operations
cannot express (moved or renumbered provisions, a párrafo added at the very start) is imported whole,
as without revisions, under the latest reviser's name.

In a review copy, every provision's text with the changes rejected must be the draft's: a
department that edited an older copy is told so, and nothing is applied.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from ..diff import diff_documents
from ..diff import model as dm
from ..diff.text import exact_text, is_derogated
from ..errors import InputError
from ..importers.wordbody import Body, Paragraph, Revision, read_path, word_time
from ..model.eid import article_eid
from ..model.tree import Document, Provision
from ..render.text import render_provision
from .model import Operation
from .service import now

#: Changes operations cannot state: the redraft is then imported whole.
_UNSUPPORTED = {dm.MOVED, dm.MOVED_AMENDED, dm.SPLIT, dm.MERGED}
STALE_NAMED = 5


@dataclass
class Step:
    """One operation to record, with where it acts in the draft (for last-to-first order)."""

    position: float
    op: Operation
    new_text: str  # the text the revision produced (to find who wrote it)


class Unexpressible(Exception):
    """The redraft holds a change that is not a reformar, adicionar or derogar of one provision."""


def read_revisions(source: Path, draft: Document) -> Body | None:
    """The body of a Word redraft when it holds tracked changes (None otherwise)."""
    body = read_path(source, {n.eid for n in draft.walk() if n.eid})
    return body if body.revisions else None


def check_base(body: Body, draft: Document, source: Path) -> None:
    """Refuse a review copy made from another text: its rejected text must be the draft's."""
    if not body.bookmarked:
        return
    differing = []
    for paragraph in body.paragraphs:
        node = draft.find(paragraph.eid) if paragraph.eid else None
        if node is not None and node.kind in ("point", "paragraph") and node.text \
                and exact_text(node.text) not in paragraph.rejected:
            differing.append(node.eid)
    if differing:
        named = ", ".join(differing[:STALE_NAMED]) + ("…" if len(differing) > STALE_NAMED else "")
        raise InputError(f"el DOCX se editó sobre otra redacción del borrador (rechazando los cambios, difieren: "
                         f"{named}); exporte de nuevo la copia de revisión", path=source)


def plan(draft: Document, accepted: Document, body: Body, *, author: str, reason: str | None) -> list[Operation] | None:
    """The operations turning ``draft`` into ``accepted``, in the order to apply them (None: not expressible)."""
    positions = {id(node): index for index, node in enumerate(draft.walk())}
    try:
        steps = _Planner(draft, accepted, positions).steps(diff_documents(draft, accepted))
    except Unexpressible:
        return None
    steps.sort(key=lambda s: -s.position)
    for step in steps:
        revision = attribution(body, step.op.target or "", step.new_text)
        step.op.author = revision.author if revision and revision.author else author
        step.op.time = (word_time(revision.date) if revision else None) or step.op.time
        step.op.reason = reason
    operations = [s.op for s in steps]
    return operations if _reproduces(draft, accepted, operations) else None


def latest_reviser(body: Body) -> Revision | None:
    revisions = [r for r in body.revisions if r.author]
    return max(revisions, key=lambda r: r.date) if revisions else None


# ------------------------------------------------------------------ from the diff to operations

class _Planner:
    def __init__(self, draft: Document, accepted: Document, positions: dict[int, int]):
        self.draft, self.accepted, self.positions = draft, accepted, positions
        self.out: list[Step] = []

    def steps(self, diff: dm.Diff) -> list[Step]:
        if any(c.type != dm.UNCHANGED for c in diff.transitorios):
            raise Unexpressible
        for change in diff.articles:
            if change.type == dm.UNCHANGED:
                continue
            if change.type in _UNSUPPORTED or change.type in (dm.RENUMBERED, dm.RENUMBERED_AMENDED):
                raise Unexpressible
            if change.type == dm.ADDED:
                self.added(change)
            elif change.type in (dm.REMOVED, dm.DEROGATED):
                self.derogated(change)
            else:
                self.sub_changes(change.children)
        return self.out

    def old(self, change: dm.Change) -> Provision:
        node = self.draft.find(change.old.eid) if change.old else None
        if node is None:
            raise Unexpressible
        return node

    def new(self, change: dm.Change) -> Provision:
        node = self.accepted.find(change.new.eid) if change.new else None
        if node is None:
            raise Unexpressible
        return node

    def sub_changes(self, changes: list[dm.Change]) -> None:
        for change in changes:
            if change.type in _UNSUPPORTED:
                raise Unexpressible
            if change.type == dm.ADDED:
                self.added(change)
            elif change.type in (dm.REMOVED, dm.DEROGATED):
                self.derogated(change)
            elif change.type in (dm.AMENDED, dm.RENUMBERED_AMENDED):
                self.amended(change)
            elif change.type == dm.RENUMBERED:
                if self.old(change).kind != "paragraph":  # a párrafo's number is its place: it moves along
                    raise Unexpressible
                self.sub_changes(change.children)

    def amended(self, change: dm.Change) -> None:
        old, new = self.old(change), self.new(change)
        if old.kind == "paragraph" and old.table is None and new.table is None:
            text = new.text or ""
            self.sub_changes(change.children)  # a chapeau keeps its list: its points change on their own
        elif old.kind == "point" and (old.key == new.key):
            text = render_provision(new).strip()
        else:
            raise Unexpressible
        self.emit(self.positions[id(old)], "reformar", old.eid, text, citation=old.eid)

    def derogated(self, change: dm.Change) -> None:
        old = self.old(change)
        if not is_derogated(old):
            self.emit(self.positions[id(old)], "derogar", old.eid, "", citation=old.eid)

    def added(self, change: dm.Change) -> None:
        new = self.new(change)
        previous = self._previous_sibling(new)
        anchor = self._counterpart(previous) if previous is not None else None
        if anchor is None:
            raise Unexpressible
        text = new.text or "" if new.kind == "paragraph" else render_provision(new).strip()
        if not text or new.table is not None:
            raise Unexpressible
        self.emit(self.positions[id(anchor)] + 0.5, "adicionar", anchor.eid, text, citation=anchor.eid,
                  new_text=new.text or text)

    def emit(self, position: float, op_type: str, target: str, text: str, *, citation: str,
             new_text: str | None = None) -> None:
        op = Operation(id="", type=op_type, author="", time=now(), target=target, citation=citation,
                       text=text or None)
        self.out.append(Step(position, op, new_text if new_text is not None else text))

    # -- finding an accepted provision's place in the draft
    def _previous_sibling(self, node: Provision) -> Provision | None:
        siblings = self._siblings(self.accepted, node)
        index = next(i for i, s in enumerate(siblings) if s is node)
        return siblings[index - 1] if index else None

    @staticmethod
    def _siblings(doc: Document, node: Provision) -> list[Provision]:
        if any(n is node for n in doc.body):
            return doc.body
        for parent in doc.walk():
            if any(c is node for c in parent.children):
                return parent.children
        raise Unexpressible

    def _counterpart(self, node: Provision) -> Provision | None:
        """The draft's provision an unchanged (or amended) accepted one stands for: same eId and kind,
        else the only one with the same text."""
        same = self.draft.find(node.eid)
        if same is not None and same.kind == node.kind and exact_text(same.plain_text()) == exact_text(
                node.plain_text()):
            return same
        wanted = exact_text(node.plain_text())
        found = [n for n in self.draft.walk() if n.kind == node.kind and exact_text(n.plain_text()) == wanted]
        return found[0] if len(found) == 1 else None


def _reproduces(draft: Document, accepted: Document, operations: list[Operation]) -> bool:
    """Applied to a copy of the draft, the operations give the accepted text (placeholders aside)."""
    from .service import apply_operation

    working = copy.deepcopy(draft)
    try:
        for op in operations:
            apply_operation(working, copy.copy(op))
    except InputError:
        return False
    for change in diff_documents(working, accepted).articles:
        if change.type == dm.UNCHANGED:
            continue
        old = working.find(change.old.eid) if change.old else None
        if change.type in (dm.REMOVED, dm.DEROGATED) and old is not None and is_derogated(old):
            continue
        if change.type != dm.AMENDED or not _only_placeholders(working, change.children):
            return False
    return True


def _only_placeholders(working: Document, changes: list[dm.Change]) -> bool:
    for change in changes:
        old = working.find(change.old.eid) if change.old else None
        if change.type == dm.REMOVED and old is not None and is_derogated(old):
            continue
        if change.type == dm.RENUMBERED and old is not None and old.kind == "paragraph" \
                and _only_placeholders(working, change.children):
            continue
        return False
    return True


# ------------------------------------------------------------------ who changed it

def attribution(body: Body, eid: str, new_text: str) -> Revision | None:
    """The latest revision inside provision ``eid`` (or holding ``new_text``), else in its article."""
    wanted = exact_text(new_text)

    def inside(paragraph: Paragraph, prefix: str) -> bool:
        return any(e == prefix or e.startswith(prefix + "__") for e in paragraph.eids[-1:])

    for test in (lambda p: inside(p, eid), lambda p: bool(wanted) and wanted in p.text,
                 lambda p: inside(p, article_eid(eid))):
        revisions = [r for p in body.paragraphs if p.revisions and test(p) for r in p.revisions]
        if revisions:
            return max(revisions, key=lambda r: r.date)
    return None
