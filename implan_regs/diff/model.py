"""Result dataclasses of a comparison: the article alignment and the diff built on it.

Change types (the ``type`` field), for articles and sub-provisions alike:

==========================  =================================================================
``unchanged``               same number, same words
``amended``                 same number, words changed (reformado)
``renumbered``              number changed, words unchanged, order kept (e.g. moved down by an
                            inserted article or paragraph: "recorriéndose por su orden")
``renumbered+amended``      both
``moved``                   relocated out of the original order (e.g. its chapter was moved)
``moved+amended``           relocated and amended
``derogated``               became a "Se deroga" placeholder
``added``                   only in the new text (adicionado)
``removed``                 only in the old text, with no placeholder left
``split``                   one old article became several new ones (one row per new part)
``merged``                  several old articles became one (one row per old part)
==========================  =================================================================

>>> change = Change("amended", Ref("art_3", "Artículo 3.-"), Ref("art_3", "Artículo 3.-"), 0.9,
...                 [("equal", "Son"), ("delete", "autoridades"), ("insert", "autoridades municipales")])
>>> change.to_json()["words"][1]
['delete', 'autoridades']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final, Literal, get_args

from ..model.numbers import display_article_number
from ..model.tree import Provision

#: The ``type`` of an :class:`ArticlePair` or a :class:`Change` (mypy checks every comparison with it).
ChangeType = Literal["unchanged", "amended", "renumbered", "renumbered+amended", "moved", "moved+amended",
                     "derogated", "added", "removed", "split", "merged"]
UNCHANGED: Final = "unchanged"
AMENDED: Final = "amended"
RENUMBERED: Final = "renumbered"
RENUMBERED_AMENDED: Final = "renumbered+amended"
MOVED: Final = "moved"
MOVED_AMENDED: Final = "moved+amended"
DEROGATED: Final = "derogated"
ADDED: Final = "added"
REMOVED: Final = "removed"
SPLIT: Final = "split"
MERGED: Final = "merged"
CHANGE_TYPES: tuple[ChangeType, ...] = get_args(ChangeType)
#: The change types in Spanish, as the CLI, the documents and the web name them (the one list).
CHANGE_NAMES: dict[ChangeType, str] = {UNCHANGED: "sin cambios", AMENDED: "reformado", RENUMBERED: "renumerado",
                RENUMBERED_AMENDED: "renumerado y reformado", MOVED: "reubicado", MOVED_AMENDED: "reubicado y reformado",
                DEROGATED: "derogado", ADDED: "adicionado", REMOVED: "suprimido", SPLIT: "dividido", MERGED: "fusionado"}

WordOps = list[tuple[str, str]]


@dataclass(frozen=True)
class Ref:
    """One side of a change: the provision's eId and its number as people read it."""

    eid: str
    num: str | None

    def to_json(self) -> dict:
        return {"eId": self.eid, "num": self.num}


@dataclass
class ArticlePair:
    """One row of the alignment: an old article, a new one, or both, and how they relate.

    ``similarity`` is 0–1 (words in common, see :mod:`.text`), ``None`` for added/removed rows;
    ``method`` says how the pair was found: ``text`` (identical or similar words), ``number``
    (same number and agreeing text), ``position`` (between two aligned neighbours), ``split``,
    ``merge``.
    """

    old: Provision | None
    new: Provision | None
    type: ChangeType
    similarity: float | None = None
    method: str = ""

    @property
    def old_number(self) -> str | None:
        return display_article_number(self.old.key) if self.old is not None and self.old.key else None

    @property
    def new_number(self) -> str | None:
        return display_article_number(self.new.key) if self.new is not None and self.new.key else None


@dataclass
class ReplacementEvidence:
    """The figures behind the replacement decision (see :func:`.align.is_replacement`)."""

    comparable: int  # min(live old articles, live new articles)
    matched_high: int  # pairs found by text with similarity ≥ the high threshold
    share_high: float  # matched_high / comparable
    median_best: float  # median over old articles of their best similarity to any new article (0–1)


@dataclass
class Alignment:
    """How the articles of two expressions correspond.

    ``pairs`` lists every body article of both documents exactly once (an article that was
    split or merged appears in several rows), ordered as the new document reads, removed articles
    after their old predecessor. ``transitorios`` pairs the transitorios blocks.
    """

    pairs: list[ArticlePair]
    transitorios: list[ArticlePair] = field(default_factory=list)
    replacement: bool = False
    evidence: ReplacementEvidence | None = None

    def correspondence(self) -> list[tuple[str | None, str | None, ChangeType]]:
        """The tabla de correspondencia: (old number, new number, change type) for every article,
        in old order, each added article right after the article it follows in the new text."""
        return [(p.old_number, p.new_number, p.type) for p in self.in_old_order()]

    def in_old_order(self) -> list[ArticlePair]:
        rows = [p for p in self.pairs if p.old is not None]
        old_position = {id(p.old): i for i, p in enumerate(rows)}
        rows.sort(key=lambda p: old_position[id(p.old)])
        anchor: ArticlePair | None = None  # the last row of the new text that has an old article
        after: dict[int, list[ArticlePair]] = {}
        for pair in self.pairs:
            if pair.old is None:
                after.setdefault(id(anchor), []).append(pair)
            elif pair.new is not None:
                anchor = pair
        out = list(after.get(id(None), []))
        for row in rows:
            out.append(row)
            out.extend(after.get(id(row), []))
        return out

    def vacant_numbers(self) -> set[str]:
        """Old numbers that no article of the new text carries (moved or renumbered away)."""
        new_keys = {p.new.key for p in self.pairs if p.new is not None}
        return {p.old_number or "" for p in self.pairs
                if p.old is not None and p.new is not None and p.old.key not in new_keys}

    def counts(self) -> dict[ChangeType, int]:
        return dict(Counter(p.type for p in self.pairs))


@dataclass
class Change:
    """One change between two provisions (an article, a transitorios block or a sub-provision)."""

    type: ChangeType
    old: Ref | None
    new: Ref | None
    similarity: float | None
    words: WordOps = field(default_factory=list)
    children: list[Change] = field(default_factory=list)
    #: a table row's change: its positions in the old and new table body (1-based; the refs
    #: name the table's párrafo and "fila N") and the columns (0-based) whose text changed
    rows: tuple[int | None, int | None] | None = None
    cells: list[int] = field(default_factory=list)

    @property
    def is_row(self) -> bool:
        return self.rows is not None

    def to_json(self) -> dict:
        data = {"type": self.type,
                "old": self.old.to_json() if self.old else None,
                "new": self.new.to_json() if self.new else None,
                "similarity": None if self.similarity is None else round(self.similarity, 3),
                "words": [[op, text] for op, text in self.words]}
        if self.rows is not None:
            data["row"] = {"old": self.rows[0], "new": self.rows[1], "cells": list(self.cells)}
        return data

    def walk(self) -> Iterator[Change]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Diff:
    """The comparison of two expressions: article changes (each with its sub-provision changes),
    transitorios changes and the alignment they come from."""

    alignment: Alignment
    articles: list[Change]
    transitorios: list[Change] = field(default_factory=list)

    @property
    def replacement(self) -> bool:
        return self.alignment.replacement

    @property
    def changes(self) -> list[Change]:
        """Article and transitorios changes (unchanged articles included), in new-document order."""
        return self.articles + self.transitorios

    def changed_articles(self) -> list[Change]:
        return [c for c in self.articles if c.type != UNCHANGED]

    @property
    def summary(self) -> dict:
        """Counts by change type: articles, sub-provisions, transitorios blocks and (when some
        table changed row by row) table rows."""
        subs = [sub for change in self.articles for sub in change.walk() if sub is not change]
        out = {"replacement": self.replacement,
               "articles": dict(Counter(c.type for c in self.articles)),
               "subprovisions": dict(Counter(sub.type for sub in subs if not sub.is_row)),
               "transitorios": dict(Counter(c.type for c in self.transitorios))}
        rows = Counter(sub.type for sub in subs if sub.is_row)
        if rows:
            out["table_rows"] = dict(rows)
        return out

    def correspondence(self) -> list[tuple[str | None, str | None, ChangeType]]:
        return self.alignment.correspondence()

    def to_json(self, *, include_unchanged: bool = False) -> dict:
        """``{"summary": …, "changes": [...]}``: each changed article followed by its sub-provision
        changes (depth first), then the transitorios changes."""
        changes: list[dict] = []
        for change in self.changes:
            if change.type == UNCHANGED and not include_unchanged:
                continue
            changes.extend(node.to_json() for node in change.walk())
        return {"summary": self.summary, "changes": changes}
