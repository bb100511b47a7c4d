"""The default engine: whoosh (the ``whoosh-reloaded`` distribution), pure Python.

Fields arrive pre-analyzed (space-separated terms, see :mod:`.backend`), so the schema only
splits on spaces. Scoring is BM25F with the Lucene/tantivy idf, so both engines rank alike.
Searches run through :mod:`.whoosh_eval` (numpy over whoosh's postings, whoosh's exact scores)
rather than whoosh's per-document matchers, which :meth:`WhooshBackend.search_native` keeps as
the reference.
Opening a whoosh index unpickles its metadata: :mod:`.indexer` verifies the folder before
this module ever touches it.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path

from whoosh import columns, fields, index, query
from whoosh.analysis import RegexTokenizer
from whoosh.filedb.filestore import FileStorage
from whoosh.scoring import BM25F

from . import whoosh_eval
from .backend import (
    KEYWORD_FIELDS,
    TEXT_FIELDS,
    AllOf,
    AnyOf,
    AtLeast,
    Backend,
    Const,
    Everything,
    Hit,
    Nothing,
    PhraseQ,
    TermQ,
    Writer,
    decode_data,
    digest,
)

INDEX_NAME = "MAIN"


def schema() -> fields.Schema:
    spec: dict = {name: fields.ID() for name in KEYWORD_FIELDS}
    for name in TEXT_FIELDS:
        spec[name] = fields.TEXT(analyzer=RegexTokenizer(r"[^ ]+"), phrase=True)
        # tantivy's norm byte of the field's exact length: what both engines score with
        spec[whoosh_eval.norm_field(name)] = fields.COLUMN(columns.NumericColumn("B"))
    spec["data"] = fields.STORED()
    return fields.Schema(**spec)


class LuceneBM25(BM25F):
    """BM25 as tantivy and Lucene score it: the idf ln(1 + (N - n + 0.5) / (n + 0.5)), and each
    document's field length decoded from its norm byte (:data:`.whoosh_eval.NORMS`) rather than
    from whoosh's own length byte."""

    def idf(self, searcher, fieldname, text):
        n = searcher.doc_frequency(fieldname, text)
        total = searcher.doc_count_all()
        return math.log(1 + (total - n + 0.5) / (n + 0.5))

    def supports_block_quality(self):
        return False  # whoosh's block bounds come from its own lengths

    def scorer(self, searcher, fieldname, text, qf=1):
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if hasattr(scorer, "dfl") and whoosh_eval.norm_field(fieldname) in searcher.schema:
            norms = searcher.reader().column_reader(whoosh_eval.norm_field(fieldname), translate=False)
            scorer.dfl = lambda docnum: whoosh_eval.NORMS[norms[docnum]]
        return scorer


#: whoosh's in-memory postings budget for a full build: above it, sorted runs spill to disk and
#: are merged at the end. A rebuild of 100k provisions peaks at 452 MB with 128 (the parsed
#: 26 MB expression alone peaks near 330 MB), 594 MB with 256, 1 GB with 1024.
BULK_LIMIT_MB = 128


class WhooshWriter(Writer):
    def __init__(self, ix, bulk: bool):
        self._writer = ix.writer(limitmb=BULK_LIMIT_MB if bulk else 64)
        self._bulk = bulk

    def add(self, fields_: dict[str, str]) -> None:
        norms = {whoosh_eval.norm_field(name): whoosh_eval.norm_code(len(fields_[name].split()))
                 for name in TEXT_FIELDS if name in fields_}
        self._writer.add_document(**fields_, **norms)

    def delete_unit(self, unit: str) -> None:
        self._writer.delete_by_term("unit", unit)

    def commit(self) -> None:
        self._writer.commit(optimize=self._bulk)

    def cancel(self) -> None:
        self._writer.cancel()


class WhooshBackend(Backend):
    name = "whoosh"

    def __init__(self, path: Path, ix):
        super().__init__(path)
        self._ix = ix
        self._searcher = None
        self._segments: list[whoosh_eval.Segment] = []
        # One searcher reads postings and stored documents through shared file handles (seek, then
        # read): the threads of a web process that share this open index take turns (whoosh is
        # pure Python under the GIL, so little is lost), or two reads interleave and decompress garbage.
        self._lock = threading.RLock()

    @classmethod
    def create(cls, path: Path) -> WhooshBackend:
        path.mkdir(parents=True, exist_ok=True)
        return cls(path, index.create_in(str(path), schema(), indexname=INDEX_NAME))

    @classmethod
    def open(cls, path: Path) -> WhooshBackend:
        # The schema is passed in, so the pickled one in the TOC is skipped. Files are read, not
        # mapped: whoosh wraps each mapped part of a segment in a BytesIO, which copies it whole
        # (0.2 s for the 100 MB segment of 100k provisions before the first query).
        storage = FileStorage(str(path), supports_mmap=False)
        return cls(path, storage.open_index(INDEX_NAME, schema=schema()))

    def writer(self, *, bulk: bool = False) -> Writer:
        with self._lock:
            self._drop_searcher()
        return WhooshWriter(self._ix, bulk)

    def _get_searcher(self):
        if self._searcher is not None and not self._searcher.up_to_date():
            self._drop_searcher()
        if self._searcher is None:
            self._searcher = self._ix.searcher(weighting=LuceneBM25())
            self._segments = [whoosh_eval.Segment(self._searcher, leaf, offset)
                              for leaf, offset in self._searcher.leaf_searchers()]
        return self._searcher

    def _drop_searcher(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher, self._segments = None, []

    def search(self, query_, *, filters: Iterable = (), excludes: Iterable = (), limit: int = 10) -> list[Hit]:
        """Evaluated with numpy over whoosh's postings (:mod:`.whoosh_eval`); stored documents
        are read only for the hits returned."""
        with self._lock:
            searcher = self._get_searcher()
            best = whoosh_eval.top(self._segments, query_, list(filters), list(excludes), limit)
            return [self._hit(searcher, docnum, score) for docnum, score in best]

    def search_native(self, query_, *, filters: Iterable = (), excludes: Iterable = (),
                      limit: int = 10) -> list[Hit]:
        """The same search through whoosh's own matchers, every match scored (the reference
        :mod:`.whoosh_eval` is tested against; whoosh's top-N shortcuts can drop a document)."""
        filters, excludes = list(filters), list(excludes)
        flt = compile_query(AllOf(tuple(filters))) if filters else None
        mask = compile_query(AnyOf(tuple(excludes))) if excludes else None
        with self._lock:
            searcher = self._get_searcher()
            results = searcher.search(compile_query(query_), filter=flt, mask=mask, limit=None)
            best = sorted(((hit.docnum, hit.score) for hit in results), key=lambda pair: (-pair[1], pair[0]))
            return [self._hit(searcher, docnum, score) for docnum, score in best[:limit]]

    @staticmethod
    def _hit(searcher, docnum: int, score: float) -> Hit:
        data = decode_data(searcher.stored_fields(docnum)["data"])
        return Hit(score, str(digest(f"{data['unit']}#{data['eid']}")), str(digest(f"{data['unit']}#{data['article']}")),
                   data)

    def doc_count(self) -> int:
        with self._lock:
            return self._get_searcher().doc_count()

    def has_term(self, field: str, term: str) -> bool:
        with self._lock:
            return (field, term) in self._get_searcher().reader()

    def close(self) -> None:
        with self._lock:
            self._drop_searcher()
            self._ix.close()


def compile_query(node) -> query.Query:
    """The engine-neutral tree (:mod:`.backend`) as a whoosh query."""
    if isinstance(node, TermQ):
        return query.Term(node.field, node.term, boost=node.boost)
    if isinstance(node, PhraseQ):
        if len(node.terms) == 1:
            return query.Term(node.field, node.terms[0], boost=node.boost)
        return query.Phrase(node.field, list(node.terms), slop=1, boost=node.boost)
    if isinstance(node, AnyOf):
        children = [compile_query(c) for c in node.children]
        return query.Or(children) if children else query.NullQuery
    if isinstance(node, AllOf):
        return _compile_all(node)
    if isinstance(node, AtLeast):
        return _compile_at_least(node)
    if isinstance(node, Const):
        return query.ConstantScoreQuery(compile_query(node.child), node.score)
    if isinstance(node, Everything):
        return query.Every()
    if isinstance(node, Nothing):
        return query.NullQuery
    raise TypeError(f"unknown query node: {node!r}")


def _compile_at_least(node: AtLeast) -> query.Query:
    """whoosh has no working ``minmatch``: the sum of the matching children, restricted (at no
    score) to the documents some ``minimum`` of them match together."""
    children = list(dict.fromkeys(node.children))
    if len(children) < node.minimum:
        return query.NullQuery
    scored = query.Or([compile_query(c) for c in children])
    if node.minimum <= 1:
        return scored
    together = query.Or([query.And([compile_query(c) for c in combo])
                         for combo in combinations(children, node.minimum)])
    return query.Require(scored, together)


def _compile_all(node: AllOf) -> query.Query:
    positive = [compile_query(c) for c in node.children] or [query.Every()]
    q = positive[0] if len(positive) == 1 else query.And(positive)
    if node.exclude:
        q = query.AndNot(q, query.Or([compile_query(c) for c in node.exclude]))
    return q
