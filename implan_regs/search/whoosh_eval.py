"""Vectorized evaluation of the engine-neutral query tree over whoosh's own postings (numpy).

whoosh's matchers walk and score one matching document at a time in pure Python (about
100 µs per document through the text/heading unions, and a common word matches 5-10k of the
100k provisions). Here each term's posting list is read block by block into numpy arrays and
the tree (:mod:`.backend`) is evaluated with array operations, with whoosh's exact scoring:

* BM25F (k1 1.2, b 0.75) with the idf and average field length of the top searcher (the
  Lucene idf of :class:`~.whoosh_backend.LuceneBM25`) and, per document, tantivy's one-byte
  field norm of the field's exact length (:data:`NORMS`, kept in a column beside each text
  field): the lengths both engines score with are the same, so are their rankings;
* a boost multiplies; ``AnyOf`` and ``AllOf`` add their children's scores (identical children
  count once, as whoosh's query normalization merges them); an excluded child removes documents;
* ``AtLeast`` keeps the documents at least ``minimum`` children match, adding their scores;
  ``Const`` scores its child's matches with a constant;
* a phrase matches consecutive positions (whoosh's ``Phrase(slop=1)``) and scores as the sum
  of its terms; ``Everything`` scores 1;
* ties go to the lower document number, as whoosh's top-N collector does.

``tests/test_search.py`` checks hits and scores against whoosh's own ``Searcher.search``.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
from pickle import loads

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.formats import Positions

from .backend import AllOf, AnyOf, AtLeast, Const, Everything, Nothing, PhraseQ, TermQ


def _int4_to_long(code: int) -> int:
    bits, shift = code & 0x07, (code >> 3) - 1
    return bits if shift == -1 else (bits | 0x08) << shift


#: Field norms: a document's field length as one byte, as tantivy (and Lucene's
#: ``SmallFloat.intToByte4``) encode it: exact up to 40, then four significant bits. Both
#: engines score BM25 with the decoded length, so whoosh documents carry the same byte.
NORMS = tuple(code if code < 24 else 24 + _int4_to_long(code - 24) for code in range(256))
_LENGTHS = np.array(NORMS, dtype=np.float64)


def norm_code(length: int) -> int:
    """The byte of a field of ``length`` terms (the largest code whose length does not exceed it)."""
    return bisect_right(NORMS, length) - 1


def norm_field(field: str) -> str:
    """The column holding the norm bytes of a text field."""
    return f"{field}_norm"
_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_EMPTY = (_EMPTY_IDS, np.zeros(0, dtype=np.float64))
#: How many postings (document numbers) each segment keeps decoded: about 16 bytes each.
CACHE_POSTINGS = 1_000_000
_MISSING = object()


def _size_of(postings) -> int:
    return len(postings.ids) + 1 if postings is not None else 1
K1, B = 1.2, 0.75


class Postings:
    """One term's postings in one segment: document numbers, term frequencies and, for
    phrases, the raw position values (decoded only for the documents that need them)."""

    __slots__ = ("ids", "weights", "values", "format")

    def __init__(self, ids: np.ndarray, weights: np.ndarray, values, format_):
        self.ids, self.weights, self.values, self.format = ids, weights, values, format_

    def positions(self, index: int) -> list[int]:
        value = self.values[index]
        if type(self.format) is not Positions:
            return self.format.decode_positions(value)
        # Positions.decode_positions without its per-call overhead: a 4-byte frequency, then
        # the pickled position deltas (stored without pickle's final STOP byte).
        return list(accumulate(loads(value[4:] + b".")))


class Segment:
    """One leaf reader of a whoosh searcher, evaluated with numpy (see the module docstring)."""

    def __init__(self, top, leaf, offset: int):
        self.top, self.reader, self.offset = top, leaf.reader(), offset
        self.doccount = self.reader.doc_count_all()
        deleted = sorted(self.reader.deleted_docs_set) if self.reader.has_deletions() else []
        self.deleted = np.array(deleted, dtype=np.int64) if deleted else None
        self._lengths: dict[str, np.ndarray] = {}
        self._memo: dict = {}
        self._cache: dict = {}
        self._cached_size = 0

    # ------------------------------------------------------------ reading
    def postings(self, field: str, term: str, *, values: bool = False) -> Postings | None:
        """The postings of ``term`` (None when the segment does not have it), kept in a small
        cache of recently read lists (a segment never changes; a long-running process such as
        the web server answers the common words without decoding their blocks again)."""
        key = (field, term, values)
        cached = self._cache.pop(key, _MISSING)
        if cached is _MISSING:
            cached = self._read_postings(field, term, values)
            self._cached_size += _size_of(cached)
        self._cache[key] = cached  # most recent last
        while self._cached_size > CACHE_POSTINGS and len(self._cache) > 1:
            self._cached_size -= _size_of(self._cache.pop(next(iter(self._cache))))
        return cached

    def _read_postings(self, field: str, term: str, values: bool) -> Postings | None:
        fieldobj = self.reader.schema[field]
        tbytes = fieldobj.to_bytes(term)
        if (field, tbytes) not in self.reader:
            return None
        terms = self.reader._terms
        info = terms.term_info(field, tbytes)
        if info.is_inlined():
            ids, weights, vals = info.inlined_postings()
            return Postings(np.asarray(ids, dtype=np.int64), _weights(weights, len(ids)), vals, fieldobj.format)
        offset, length = info.extent()
        return _read_blocks(W3LeafMatcher(terms._postfile, offset, length, fieldobj.format), values)

    def lengths(self, field: str) -> np.ndarray:
        """Every document's decoded length of ``field`` (read once per segment)."""
        if field not in self._lengths:
            self._lengths[field] = self._read_lengths(field)
        return self._lengths[field]

    def _read_lengths(self, field: str) -> np.ndarray:
        codes = np.zeros(self.doccount, dtype=np.uint8)
        if norm_field(field) not in self.reader.schema:
            return _LENGTHS[codes]  # a keyword field: no lengths (a filter, never ranked by them)
        column = self.reader.column_reader(norm_field(field), translate=False)
        count = getattr(column, "_count", 0)  # documents after the last non-zero byte are 0
        if count:
            raw = column._dbfile.get(column._basepos, count)  # one read, not one call per document
            codes[:count] = np.frombuffer(raw, dtype=np.uint8)
        return _LENGTHS[codes]

    # ------------------------------------------------------------ evaluating
    def evaluate(self, node) -> tuple[np.ndarray, np.ndarray]:
        """(sorted document numbers, scores) of the documents matching ``node`` (each distinct
        subtree once per query: a relaxed query scores each concept and its bonus from it)."""
        found = self._memo.get(node)
        if found is None:
            found = self._memo[node] = self._evaluate(node)
        return found

    def _evaluate(self, node) -> tuple[np.ndarray, np.ndarray]:
        if isinstance(node, TermQ):
            return self._term(node.field, node.term, node.boost)
        if isinstance(node, PhraseQ):
            return self._phrase(node)
        if isinstance(node, AnyOf):
            return _union([self.evaluate(c) for c in _unique(node.children)])
        if isinstance(node, AllOf):
            return self._all(node)
        if isinstance(node, AtLeast):
            return _at_least([self.evaluate(c) for c in _unique(node.children)], node.minimum)
        if isinstance(node, Const):
            ids = self.evaluate(node.child)[0]
            return ids, np.full(len(ids), float(node.score))
        if isinstance(node, Everything):
            ids = np.arange(self.doccount, dtype=np.int64)
            return ids, np.ones(len(ids))
        if isinstance(node, Nothing):
            return _EMPTY
        raise TypeError(f"unknown query node: {node!r}")

    def matching(self, node) -> np.ndarray:
        """The sorted document numbers matching ``node`` (no scoring: filters)."""
        if isinstance(node, TermQ):
            postings = self.postings(node.field, node.term)
            return postings.ids if postings is not None else _EMPTY_IDS
        if isinstance(node, AnyOf):
            parts = [self.matching(c) for c in node.children]
            return np.unique(np.concatenate(parts)) if parts else _EMPTY_IDS
        if isinstance(node, AllOf):
            children = list(node.children)
            ids = self.matching(children.pop(0)) if children else np.arange(self.doccount, dtype=np.int64)
            for child in children:
                ids = np.intersect1d(ids, self.matching(child), assume_unique=True)
            for child in node.exclude:
                ids = ids[~np.isin(ids, self.matching(child), assume_unique=True)]
            return ids
        return self.evaluate(node)[0]

    def _term(self, field: str, term: str, boost: float) -> tuple[np.ndarray, np.ndarray]:
        postings = self.postings(field, term)
        if postings is None:
            return _EMPTY
        return postings.ids, self._bm25(field, term, postings.ids, postings.weights) * boost

    def _bm25(self, field: str, term: str, ids: np.ndarray, tf: np.ndarray) -> np.ndarray:
        idf = self.top.idf(field, term)
        avgfl = self.top.avg_field_length(field) or 1
        fl = self.lengths(field)[ids]
        return idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))

    def _phrase(self, node: PhraseQ) -> tuple[np.ndarray, np.ndarray]:
        if len(node.terms) == 1:
            return self._term(node.field, node.terms[0], node.boost)
        postings = [p for t in node.terms if (p := self.postings(node.field, t, values=True)) is not None]
        if len(postings) < len(node.terms):
            return _EMPTY
        ids = postings[0].ids
        for p in postings[1:]:
            ids = np.intersect1d(ids, p.ids, assume_unique=True)
        rows = [np.searchsorted(p.ids, ids) for p in postings]
        keep = _phrase_matches(postings, rows)
        score = np.zeros(int(keep.sum()))
        for term, p, r in zip(node.terms, postings, rows, strict=True):
            score = score + self._bm25(node.field, term, ids[keep], p.weights[r[keep]])
        return ids[keep], score * node.boost

    def _all(self, node: AllOf) -> tuple[np.ndarray, np.ndarray]:
        children = _unique(node.children)
        ids, score = self.evaluate(children[0]) if children else self.evaluate(Everything())
        for child in children[1:]:
            other_ids, other_score = self.evaluate(child)
            ids, mine, theirs = np.intersect1d(ids, other_ids, assume_unique=True, return_indices=True)
            score = score[mine] + other_score[theirs]
        for child in node.exclude:
            keep = ~np.isin(ids, self.matching(child), assume_unique=True)
            ids, score = ids[keep], score[keep]
        return ids, score

    def live(self, ids: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Without deleted documents."""
        if self.deleted is None or not len(ids):
            return ids, score
        keep = ~np.isin(ids, self.deleted, assume_unique=True)
        return ids[keep], score[keep]


def _read_blocks(matcher: W3LeafMatcher, values: bool) -> Postings:
    """Every block of a posting list, decoded straight into arrays."""
    ids, weights, vals = [], [], []
    while not matcher._atend:
        matcher._read_data()
        raw_ids = np.asarray(matcher._data[0], dtype=np.int64)
        ids.append(raw_ids if matcher._byteids else np.cumsum(raw_ids))
        weights.append(_weights(matcher._data[1], matcher._blocklength))
        if values:
            matcher._read_values()
            vals.extend(matcher._values)
        matcher._next_block()
    return Postings(np.concatenate(ids), np.concatenate(weights), vals, matcher.format)


def _weights(raw, count: int) -> np.ndarray:
    if raw is None:
        return np.ones(count)
    if isinstance(raw, float):
        return np.full(count, raw)
    return np.asarray(raw, dtype=np.float64)


def _phrase_matches(postings: list[Postings], rows: list[np.ndarray]) -> np.ndarray:
    """For each candidate document (its row in every term's postings), whether the terms occur
    at consecutive positions. Documents with the same encoded positions (every provision of a
    chapter in the heading field, short provisions alike) are decided once."""
    decided: dict[tuple, bool] = {}
    keep = []
    for row in zip(*(r.tolist() for r in rows), strict=True):
        key = tuple(p.values[i] for p, i in zip(postings, row, strict=True))
        if key not in decided:
            decided[key] = _adjacent(postings, row)
        keep.append(decided[key])
    return np.array(keep, dtype=bool)


def _adjacent(postings: list[Postings], rows: tuple[int, ...]) -> bool:
    """True when the terms occur at consecutive positions somewhere in the document."""
    ends = postings[0].positions(rows[0])
    for p, row in zip(postings[1:], rows[1:], strict=True):
        following = set(p.positions(row))
        ends = [e + 1 for e in ends if e + 1 in following]
        if not ends:
            return False
    return True


def _unique(children: tuple) -> list:
    return list(dict.fromkeys(children))


def _union(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    parts = [p for p in parts if len(p[0])]
    if not parts:
        return _EMPTY
    if len(parts) == 1:
        return parts[0]
    ids, inverse = np.unique(np.concatenate([p[0] for p in parts]), return_inverse=True)
    return ids, np.bincount(inverse, weights=np.concatenate([p[1] for p in parts]), minlength=len(ids))


def _at_least(parts: list[tuple[np.ndarray, np.ndarray]], minimum: int) -> tuple[np.ndarray, np.ndarray]:
    """The documents at least ``minimum`` of ``parts`` match, with the sum of their scores."""
    parts = [p for p in parts if len(p[0])]
    if len(parts) < minimum or not parts:
        return _EMPTY
    ids, inverse = np.unique(np.concatenate([p[0] for p in parts]), return_inverse=True)
    counts = np.bincount(inverse, minlength=len(ids))
    score = np.bincount(inverse, weights=np.concatenate([p[1] for p in parts]), minlength=len(ids))
    keep = counts >= minimum
    return ids[keep], score[keep]


def top(segments: list[Segment], query, filters: list, excludes: list, limit: int) -> list[tuple[int, float]]:
    """The ``limit`` best (global document number, score) pairs, best first."""
    found_ids, found_scores = [], []
    for segment in segments:
        segment._memo = {}  # per query: postings may change between queries
        ids, score = segment.live(*segment.evaluate(query))
        for flt in filters:
            keep = np.isin(ids, segment.matching(flt), assume_unique=True)
            ids, score = ids[keep], score[keep]
        for exc in excludes:
            keep = ~np.isin(ids, segment.matching(exc), assume_unique=True)
            ids, score = ids[keep], score[keep]
        found_ids.append(ids + segment.offset)
        found_scores.append(score)
    if not found_ids:
        return []
    return _best(np.concatenate(found_ids), np.concatenate(found_scores), limit)


def _best(ids: np.ndarray, score: np.ndarray, limit: int) -> list[tuple[int, float]]:
    if len(ids) > limit:
        threshold = np.partition(score, len(score) - limit)[len(score) - limit]
        keep = score >= threshold
        ids, score = ids[keep], score[keep]
    order = np.lexsort((ids, -score))[:limit]
    return [(int(i), float(s)) for i, s in zip(ids[order], score[order], strict=True)]
