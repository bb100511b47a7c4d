"""What every rule reads: the document walked once, each provision with its ancestors and its
citation, and the date the text is judged at.

A rule never walks the tree itself: it iterates :attr:`Context.entries` (every provision in
text order) or :meth:`Context.texts` (every own text: a párrafo, a fracción's leading words,
a glossary entry), and reports through :meth:`Context.finding`, which fills the eId and the
citation (:func:`implan_regs.model.citation.describe`, the one way citations are written).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model.citation import describe
from ..model.tree import CONTAINER_KINDS, Document, Provision
from .model import Finding, Replacement, Severity

if TYPE_CHECKING:
    from ..store import Store


@dataclass
class Entry:
    node: Provision
    parents: tuple[Provision, ...]  # outermost first, without the node
    article: Provision | None  # the article or transitorio holding the node (itself for one)
    citation: str  # 'fracción III del artículo 8', 'párrafo segundo del artículo 4', 'capítulo II del título primero'

    @property
    def parent(self) -> Provision | None:
        return self.parents[-1] if self.parents else None

    @property
    def in_transitorios(self) -> bool:
        return any(p.kind == "transitorios" for p in self.parents) or self.node.kind == "transitorios"


@dataclass
class Context:
    doc: Document
    date: str | None  # the version's date (or --at): what external references are judged against
    root: Store | str | None = None  # the store (or a folder), for the institute's own tables
    entries: list[Entry] = field(default_factory=list)
    by_eid: dict[str, Entry] = field(default_factory=dict)

    @classmethod
    def of(cls, doc: Document, date: str | None = None, root: Store | str | None = None) -> Context:
        ctx = cls(doc, date or doc.meta.date, root)
        ctx._walk(doc.body, ())
        ctx.by_eid = {e.node.eid: e for e in ctx.entries}
        return ctx

    def _walk(self, nodes: list[Provision], parents: tuple[Provision, ...], article: Provision | None = None,
              steps: tuple[tuple[str, str], ...] = ()) -> None:
        own = 1 if parents and parents[-1].kind == "point" and parents[-1].text else 0
        paragraphs = 0
        for node in nodes:
            holder: Provision | None
            chain: tuple[tuple[str, str], ...]
            if node.kind in ("article", "transitional"):
                holder, chain = node, ()
            else:
                holder, chain = article, steps if article is not None else _container_steps(parents)
            if node.kind == "paragraph":
                paragraphs += 1
                step: tuple[str, str] | None = ("paragraph", str(own + paragraphs))
            else:
                step = _step(node)
            path = chain + ((step,) if step is not None else ())
            citation = describe(list(path)) if path else (node.heading or node.kind)
            self.entries.append(Entry(node, parents, holder, citation))
            self._walk(node.children, parents + (node,), holder, path)

    def texts(self, *, transitorios: bool = False) -> Iterator[tuple[Entry, str]]:
        """Every own text (not tables), in order; the transitorios' only when asked."""
        for entry in self.entries:
            if entry.node.text and (transitorios or not entry.in_transitorios):
                yield entry, entry.node.text

    def body_articles(self) -> list[Entry]:
        return [e for e in self.entries if e.node.kind == "article" and not e.in_transitorios]

    def finding(self, rule: str, severity: Severity, entry: Entry, quote: str, explanation: str,
                replacement: Replacement | None = None) -> Finding:
        article = self.by_eid.get(entry.article.eid) if entry.article is not None else None
        return Finding(rule, severity, entry.node.eid, entry.citation, quote.strip(), explanation, replacement,
                       article.citation if article is not None else entry.citation)


def _container_steps(parents: tuple[Provision, ...]) -> tuple[tuple[str, str], ...]:
    return tuple(step for p in parents if (step := _step(p)) is not None)


def _step(node: Provision) -> tuple[str, str] | None:
    """One step of a citation: ('fraccion', 'III'), ('article', '45bis'), ('chapter', '2')."""
    if node.kind in ("transitorios", "paragraph"):
        return None
    if node.kind == "point":
        return node.level or "fraccion", node.key or (node.num or "").strip(" .)")
    if node.kind in CONTAINER_KINDS or node.kind in ("article", "transitional"):
        return node.kind, node.key or "?"
    return None
