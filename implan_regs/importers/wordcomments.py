"""Word comments as threads: who wrote what, when, on which commented text.

``word/comments.xml`` holds each comment (``w:comment`` with ``w:author``, ``w:date`` and its
paragraphs); ``word/commentsExtended.xml`` links a reply to the comment it answers
(``w15:paraIdParent`` names the last paragraph, ``w14:paraId``, of the parent). The body
(:mod:`.wordbody`) says where each comment's range starts and what it covers. A thread is a
comment that answers none, with its replies in date order; a comment whose parent is unknown
starts its own thread. A file without ``commentsExtended.xml`` (LibreOffice 7.4 writes none) keeps
a reply only as another comment on the same range: those are one thread.

>>> from lxml import etree
>>> xml = (b'<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
...        b'<w:comment w:id="0" w:author="Ing. Soto" w:date="2025-03-04T10:00:00Z"><w:p><w:r><w:t>Precisar.'
...        b'</w:t></w:r></w:p></w:comment></w:comments>')
>>> [(c.author, c.date, c.text) for c in read_comments(etree.fromstring(xml))]
[('Ing. Soto', '2025-03-04T10:00:00Z', 'Precisar.')]
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from ..errors import InputError
from .docx import paragraph_text
from .wordbody import MAX_COMMENTS, Body, CommentRange

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14_PARA_ID = "{http://schemas.microsoft.com/office/word/2010/wordml}paraId"
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"


@dataclass
class Comment:
    id: str
    author: str
    date: str
    text: str
    para_ids: list[str] = field(default_factory=list)

    @property
    def last_para_id(self) -> str | None:
        return self.para_ids[-1] if self.para_ids else None


@dataclass
class Thread:
    comment: Comment
    replies: list[Comment]
    range: CommentRange | None


def read_comments(root: etree._Element | None, source: object = "comments.xml") -> list[Comment]:
    """Every comment of ``comments.xml`` (refused beyond :data:`.wordbody.MAX_COMMENTS`)."""
    if root is None:
        return []
    count = sum(1 for _ in root.iter(W + "comment"))
    if count > MAX_COMMENTS:
        raise InputError(f"el DOCX tiene demasiados comentarios ({count}; máximo {MAX_COMMENTS})", path=source)
    out = []
    for el in root.iter(W + "comment"):
        paragraphs = list(el.iter(W + "p"))
        text = "\n".join(t for t in (paragraph_text(p).strip() for p in paragraphs) if t)
        out.append(Comment(el.get(W + "id") or "", (el.get(W + "author") or "").strip(), el.get(W + "date") or "",
                           text, [p.get(W14_PARA_ID) for p in paragraphs if p.get(W14_PARA_ID)]))
    return out


def reply_parents(root: etree._Element | None) -> dict[str, str] | None:
    """paraId of a reply's last paragraph -> paraId of its parent's last paragraph (None: no such part)."""
    if root is None:
        return None
    return {el.get(W15 + "paraId"): el.get(W15 + "paraIdParent") for el in root.iter(W15 + "commentEx")
            if el.get(W15 + "paraId") and el.get(W15 + "paraIdParent")}


def threads(comments: list[Comment], parents: dict[str, str] | None, body: Body) -> list[Thread]:
    """Root comments in document order of their ranges, each with its replies. Without
    ``commentsExtended.xml`` (``parents`` None: LibreOffice 7.4 writes none) a reply is known only
    by its place: comments on the very same range are one thread, the earliest its start."""
    root_of = _linked_roots(comments, parents) if parents is not None else _same_range_roots(comments, body)
    found: dict[str, Thread] = {}
    for comment in sorted(comments, key=lambda c: (c.date, _number(c.id))):
        root = root_of(comment)
        thread = found.setdefault(root.id, Thread(root, [], body.ranges.get(root.id)))
        if root is not comment:
            thread.replies.append(comment)
    return sorted(found.values(), key=lambda t: (t.range.paragraph if t.range else 10**9, _number(t.comment.id)))


def _linked_roots(comments: list[Comment], parents: dict[str, str]):
    by_para = {c.last_para_id: c for c in comments if c.last_para_id}

    def root_of(comment: Comment) -> Comment:
        seen = {comment.id}
        while (parent := by_para.get(parents.get(comment.last_para_id or "", ""))) is not None \
                and parent.id not in seen:
            seen.add(parent.id)
            comment = parent
        return comment

    return root_of


def _same_range_roots(comments: list[Comment], body: Body):
    first: dict[tuple, Comment] = {}
    for comment in sorted(comments, key=lambda c: (c.date, _number(c.id))):
        place = body.ranges.get(comment.id)
        key = (place.paragraph, place.quote) if place is not None and place.quote else ("sin rango", comment.id)
        first.setdefault(key, comment)

    def root_of(comment: Comment) -> Comment:
        place = body.ranges.get(comment.id)
        key = (place.paragraph, place.quote) if place is not None and place.quote else ("sin rango", comment.id)
        return first[key]

    return root_of


def _number(ident: str) -> int:
    return int(ident) if ident.isdigit() else 0
