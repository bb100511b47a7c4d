"""What the portal shows of one work, read from the store through the library.

:func:`work_content` loads every version in force of a work once and derives what its pages
need: the period each version was in force ("vigente del … al …"), "qué cambió" between
consecutive versions (the diff's comparison rows with word marks and the decree the library
drafts for that change) and the history of every article across the versions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..diff import model as dm
from ..diff.compare import diff_documents
from ..diff.words import word_diff
from ..model.tree import Document, Provision
from ..model.uri import expression_uri, work_uri
from ..observations.anchoring import label_of, parents_of
from ..reform.timeline import change_of
from ..store import ExpressionInfo, Store, WorkInfo

#: The change types "qué cambió" lists (an unchanged article is not a change).
CHANGED = set(dm.CHANGE_TYPES) - {dm.UNCHANGED}


@dataclass
class Version:
    info: ExpressionInfo
    doc: Document
    start: str  # entry into force (the version date when none was recorded)
    end: str | None = None  # the last day in force; None: the text in force today

    @property
    def date(self) -> str:
        return self.info.date

    @property
    def uri(self) -> str:
        return expression_uri(self.doc.meta)


@dataclass
class Change:
    """What changed from ``old`` to ``new``: comparison rows and the decree text blocks."""

    old: Version
    new: Version
    rows: list  # implan_regs.web.marks.Row
    decree: object  # implan_regs.reform.decree.Decree
    changed_eids: list[str]  # eIds (in the new version) of the provisions it changed
    summary: dict[str, int]
    replacement: bool  # the new text replaces the old one instead of amending it


@dataclass
class ArticleVersion:
    version: Version
    node: Provision | None
    change: str  # the vocabulary of reform.timeline: 'texto original', 'reformado', 'sin cambios'…
    marks: list[tuple[str, str]] | None  # word marks against the previous text, when it changed


@dataclass
class Article:
    eid: str
    label: str  # "artículo 45", "transitorio primero"
    title: str  # "Artículo 45.-" as printed in the latest version that has it
    versions: list[ArticleVersion]
    current: Provision | None  # in the text in force (None: no longer there)


@dataclass
class WorkContent:
    info: WorkInfo
    versions: list[Version]
    changes: list[Change] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)

    @property
    def current(self) -> Version:
        return self.versions[-1]

    @property
    def uri(self) -> str:
        return work_uri(self.current.doc.meta)

    @property
    def article_eids(self) -> set[str]:
        return {a.eid for a in self.articles}

    def change_into(self, date: str) -> Change | None:
        return next((c for c in self.changes if c.new.date == date), None)


def work_content(store: Store, work: str) -> WorkContent:
    """Everything the pages of ``work`` show (its versions oldest first)."""
    infos = store.expressions(work)
    versions = [Version(info, store.load(work, info.date), info.entry_into_force or info.date) for info in infos]
    for before, after in zip(versions, versions[1:], strict=False):
        before.end = _day_before(after.start)
    content = WorkContent(store.work(work), versions)
    content.changes = [_change(old, new) for old, new in zip(versions, versions[1:], strict=False)]
    content.articles = _articles(versions)
    return content


def _day_before(date: str) -> str:
    return (dt.date.fromisoformat(date) - dt.timedelta(days=1)).isoformat()


def _change(old: Version, new: Version) -> Change:
    from ..reform.decree import build_decree
    from ..web.marks import rows

    diff = diff_documents(old.doc, new.doc)
    changed = rows(old.doc, new.doc, diff, CHANGED)
    eids = [c.new.eid for c in diff.articles if c.type in CHANGED and c.new is not None]
    for block in diff.transitorios:  # a decree's transitorios block: its transitorios have the pages
        node = new.doc.find(block.new.eid) if block.type in CHANGED and block.new is not None else None
        eids += [t.eid for t in node.children if t.kind == "transitional"] if node is not None else []
    summary = {dm.CHANGE_NAMES[kind]: n for kind, n in diff.summary["articles"].items() if kind != dm.UNCHANGED}
    return Change(old, new, changed, build_decree(old.doc, new.doc), eids, summary, bool(diff.replacement))


def _units(doc: Document) -> list[Provision]:
    """Articles and transitorios: the units that get their own history page."""
    return [n for n in doc.walk() if n.kind in ("article", "transitional")]


def _articles(versions: list[Version]) -> list[Article]:
    by_version = [{n.eid: n for n in _units(v.doc)} for v in versions]
    order: list[str] = []
    for version in reversed(versions):  # the text in force's order first, then what it no longer has
        order += [n.eid for n in _units(version.doc) if n.eid not in order]
    out, parents = [], {}
    for eid in order:
        history: list[ArticleVersion] = []
        previous: str | None = None
        seen = False
        for version, nodes in zip(versions, by_version, strict=False):
            node = nodes.get(eid)
            text = node.plain_text() if node is not None else None
            change = change_of(node, text, previous, seen, first=not history)
            marks: list[tuple[str, str]] | None = word_diff(previous, text) if previous and text and change in ("reformado", "derogado") \
                else None
            history.append(ArticleVersion(version, node, change, marks))
            seen = seen or node is not None
            previous = text if text is not None else previous
        latest = next(i for i in range(len(versions) - 1, -1, -1) if eid in by_version[i])
        node = by_version[latest][eid]
        if latest not in parents:
            parents[latest] = parents_of(versions[latest].doc)
        out.append(Article(eid, label_of(versions[latest].doc, node, parents[latest]), node.num or eid, history,
                           by_version[-1].get(eid)))
    return out
