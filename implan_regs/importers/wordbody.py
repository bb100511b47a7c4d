"""A Word body read for the review round trip: paragraphs, where each provision's bookmark
is, where each comment starts, and who revised what.

:func:`read_body` walks ``word/document.xml`` once in document order (paragraphs inside tables
too) and returns, per paragraph, its text with every tracked change accepted (and rejected), the provisions
whose bookmarks are open there (:mod:`implan_regs.wordanchors`) and the revisions it holds
(``w:ins``, ``w:del``, ``w:moveFrom``, ``w:moveTo``, a paragraph mark inserted or deleted, a
table row inserted or deleted) with their author and date; and, per comment range
(``w:commentRangeStart`` … ``w:commentRangeEnd``, or a lone ``w:commentReference``), the
paragraph and the innermost provision where its first commented character is, and the commented
text (the quote).

Limits (on top of the container's): :data:`MAX_COMMENTS` comment ranges and
:data:`MAX_REVISIONS` revisions per document; nesting deeper than the hardened parser accepts is
refused when the part is parsed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import InputError
from ..wordanchors import eid_of
from .wordpackage import Package

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
MAX_COMMENTS = 1_000
MAX_REVISIONS = 20_000
#: Revision elements (the paragraph-mark and row forms sit in w:rPr / w:trPr).
REVISION_TAGS = {W + t: t for t in ("ins", "del", "moveFrom", "moveTo")}
#: Revisions whose content is gone once every change is accepted (and kept when rejected).
_REMOVED = {W + "del", W + "moveFrom"}
#: Subtrees that are not text of the paragraph.
_HIDDEN = {W + t for t in ("instrText", "drawing", "pict", "object", "footnoteReference", "endnoteReference",
                           "fldData")} | {
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"}


@dataclass
class Revision:
    kind: str  # ins, del, moveFrom, moveTo, ins-mark, del-mark, ins-row, del-row
    author: str
    date: str


def word_time(date: str | None) -> str | None:
    """A ``w:date`` (revision or comment) as an ISO timestamp with its zone, UTC when Word wrote
    none; None when it is missing or unreadable.

    >>> word_time("2025-03-14T10:30:00Z"), word_time("2025-03-14T10:30:00"), word_time("ayer")
    ('2025-03-14T10:30:00+00:00', '2025-03-14T10:30:00+00:00', None)
    """
    try:
        when = dt.datetime.fromisoformat((date or "").replace("Z", "+00:00"))
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)).isoformat(timespec="seconds")


@dataclass
class Paragraph:
    index: int
    text: str = ""  # every change accepted
    rejected: str = ""  # every change rejected
    eids: list[str] = field(default_factory=list)  # provisions whose bookmark is open here, outermost first
    revisions: list[Revision] = field(default_factory=list)

    @property
    def eid(self) -> str | None:
        """The innermost provision of the paragraph."""
        return self.eids[-1] if self.eids else None


@dataclass
class CommentRange:
    id: str
    paragraph: int = -1
    eid: str | None = None
    quote: str = ""
    open: bool = True
    placed: bool = False


@dataclass
class Body:
    paragraphs: list[Paragraph]
    ranges: dict[str, CommentRange]
    bookmarked: bool  # some bookmark named a provision: a review copy

    @property
    def revisions(self) -> list[Revision]:
        return [r for p in self.paragraphs for r in p.revisions]


class _Reader:
    def __init__(self, package: Package, known: set[str] | None):
        self.package, self.known = package, known
        self.paragraphs: list[Paragraph] = []
        self.ranges: dict[str, CommentRange] = {}
        self.open_ranges: dict[str, CommentRange] = {}  # the ranges still collecting their quote
        self.open: dict[str, str] = {}  # bookmark id -> eId
        self.bookmarked = False
        self.revision_count = 0
        self.current: Paragraph | None = None
        self.side: str | None = None  # inside an insertion ("accepted") or a deletion ("rejected")

    def innermost(self) -> str | None:
        """The provision opened last and still open (bookmarks nest like the provisions)."""
        return next(reversed(self.open.values())) if self.open else None

    def walk(self, element: etree._Element) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == W + "p":
                self.paragraph(child)
            elif tag in REVISION_TAGS:
                self.revision(REVISION_TAGS[tag], child)
                outer, self.side = self.side, "rejected" if tag in _REMOVED else "accepted"
                self.walk(child)
                self.side = outer
            elif tag == W + "tr":
                self.row(child)
                self.walk(child)
            elif tag in _HIDDEN or tag in (W + "pPr", W + "rPr", W + "trPr"):
                continue
            else:
                self.marker(child)
                self.walk(child)

    def paragraph(self, p: etree._Element) -> None:
        outer = self.current
        self.current = Paragraph(len(self.paragraphs), eids=list(self.open.values()))
        self.paragraphs.append(self.current)
        mark = p.find(f"{W}pPr/{W}rPr")
        if mark is not None:
            for tag, kind in REVISION_TAGS.items():
                if (found := mark.find(tag)) is not None:
                    self.revision(f"{kind}-mark", found)
        self.walk(p)
        self.current.text = " ".join(self.current.text.split())
        self.current.rejected = " ".join(self.current.rejected.split())
        for found in self.open_ranges.values():
            if found.placed:
                found.quote += "\n"
        self.current = outer

    def row(self, tr: etree._Element) -> None:
        for kind in ("ins", "del"):
            found = tr.find(f"{W}trPr/{W}{kind}")
            if found is not None:
                self.revision(f"{kind}-row", found)

    def revision(self, kind: str, element: etree._Element) -> None:
        self.revision_count += 1
        if self.revision_count > MAX_REVISIONS:
            raise InputError(f"el DOCX tiene demasiadas revisiones (más de {MAX_REVISIONS})", path=self.package.path)
        if self.current is not None:
            self.current.revisions.append(Revision(kind, element.get(W + "author") or "",
                                                   element.get(W + "date") or ""))

    def marker(self, el: etree._Element) -> None:
        tag = el.tag
        if tag in (W + "t", W + "delText"):
            self.text(el.text or "")
        elif tag in (W + "tab", W + "br", W + "cr"):
            self.text(" ")
        elif tag == W + "bookmarkStart":
            eid = eid_of(el.get(W + "name") or "", self.package.anchors, self.known)
            if eid is not None:
                self.open[el.get(W + "id") or ""] = eid
                self.bookmarked = True
                if self.current is not None:
                    self.current.eids.append(eid)
        elif tag == W + "bookmarkEnd":
            self.open.pop(el.get(W + "id") or "", None)
        elif tag == W + "commentRangeStart":
            self.comment(el.get(W + "id") or "")
        elif tag == W + "commentRangeEnd":
            found = self.ranges.get(el.get(W + "id") or "")
            if found is not None:
                self.place(found)
                self.close(found)
        elif tag == W + "commentReference":
            ident = el.get(W + "id") or ""
            found = self.ranges.get(ident) or self.comment(ident)
            self.place(found)
            self.close(found)

    def comment(self, ident: str) -> CommentRange:
        if len(self.ranges) >= MAX_COMMENTS:
            raise InputError(f"el DOCX tiene demasiados comentarios (más de {MAX_COMMENTS})", path=self.package.path)
        found = self.ranges.get(ident)
        if found is None:
            found = self.ranges[ident] = self.open_ranges[ident] = CommentRange(ident)
        return found

    def close(self, found: CommentRange) -> None:
        found.open = False
        self.open_ranges.pop(found.id, None)

    def place(self, found: CommentRange) -> None:
        if not found.placed:
            found.placed = True
            found.paragraph = self.current.index if self.current is not None else -1
            found.eid = self.innermost()

    def text(self, text: str) -> None:
        if self.current is not None and self.side != "rejected":
            self.current.text += text
        if self.current is not None and self.side != "accepted":
            self.current.rejected += text
        if self.side == "rejected":
            return
        for found in self.open_ranges.values():
            if text.strip():
                self.place(found)
            if found.placed:
                found.quote += text


def read_body(package: Package, known: set[str] | None = None) -> Body:
    """The body of ``package``; bookmark names count as eIds only when in its table or in ``known``."""
    reader = _Reader(package, known)
    body = package.document.find(W + "body")
    if body is None:
        raise InputError("no es un archivo DOCX válido (documento sin cuerpo)", path=package.path)
    reader.walk(body)
    for found in reader.ranges.values():
        found.quote = "\n".join(" ".join(line.split()) for line in found.quote.split("\n") if line.strip())
    return Body(reader.paragraphs, reader.ranges, reader.bookmarked)


def read_path(path: Path | str, known: set[str] | None = None) -> Body:
    from .wordpackage import open_package

    return read_body(open_package(path), known)
