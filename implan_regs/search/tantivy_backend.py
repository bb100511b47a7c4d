"""The fast engine: tantivy (Rust, PyPI ``tantivy``; ``pip install 'implan-regs[tantivy]'``).

Fields arrive pre-analyzed by :mod:`.analysis` and are indexed with tantivy's ``whitespace``
tokenizer, so the terms are exactly whoosh's; scoring is tantivy's BM25 (k1=1.2, b=0.75).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import tantivy

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


def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    for name in KEYWORD_FIELDS:
        builder.add_text_field(name, stored=False, tokenizer_name="raw", index_option="basic")
    # 64-bit digests of id and group, read per hit from fast fields: grouping never touches the
    # document store, which is read only for the hits shown.
    builder.add_unsigned_field("id_key", fast=True)
    builder.add_unsigned_field("group_key", fast=True)
    for name in TEXT_FIELDS:
        builder.add_text_field(name, stored=False, tokenizer_name="whitespace", index_option="position")
    builder.add_text_field("data", stored=True, tokenizer_name="raw", index_option="basic")
    return builder.build()


class TantivyWriter(Writer):
    def __init__(self, backend: TantivyBackend, bulk: bool):
        self._backend = backend
        self._writer = backend.index.writer(heap_size=256_000_000 if bulk else 50_000_000, num_threads=0)

    def add(self, fields_: dict[str, str]) -> None:
        doc = tantivy.Document(**{k: [v] for k, v in fields_.items()})
        doc.add_unsigned("id_key", digest(fields_["id"]))
        doc.add_unsigned("group_key", digest(fields_["group"]))
        self._writer.add_document(doc)

    def delete_unit(self, unit: str) -> None:
        self._writer.delete_documents_by_term("unit", unit)

    def commit(self) -> None:
        self._writer.commit()
        self._writer.wait_merging_threads()
        self._backend.index.reload()

    def cancel(self) -> None:
        self._writer.rollback()
        self._writer.wait_merging_threads()


class TantivyBackend(Backend):
    name = "tantivy"

    def __init__(self, path: Path, index: tantivy.Index):
        super().__init__(path)
        self.index = index
        self.schema = index.schema

    @classmethod
    def create(cls, path: Path) -> TantivyBackend:
        path.mkdir(parents=True, exist_ok=True)
        return cls(path, tantivy.Index(schema(), path=str(path), reuse=False))

    @classmethod
    def open(cls, path: Path) -> TantivyBackend:
        return cls(path, tantivy.Index.open(str(path)))

    def writer(self, *, bulk: bool = False) -> Writer:
        return TantivyWriter(self, bulk)

    def search(self, query_, *, filters: Iterable = (), excludes: Iterable = (), limit: int = 10) -> list[Hit]:
        clauses = [(tantivy.Occur.Must, self.compile(query_))]
        clauses += [(tantivy.Occur.Must, tantivy.Query.const_score_query(self.compile(f), 0.0)) for f in filters]
        clauses += [(tantivy.Occur.MustNot, self.compile(e)) for e in excludes]
        q = clauses[0][1] if len(clauses) == 1 else tantivy.Query.boolean_query(clauses)
        searcher = self.index.searcher()
        hits = searcher.search(q, limit=limit, count=False).hits
        addresses = [address for _, address in hits]
        ids = searcher.fast_field_values("id_key", addresses) if hits else []
        groups = searcher.fast_field_values("group_key", addresses) if hits else []
        return [Hit(score, str(_first(i)), str(_first(g)),
                    load=lambda a=address: _stored_data(searcher, a))
                for (score, address), i, g in zip(hits, ids, groups, strict=True)]

    def doc_count(self) -> int:
        return self.index.searcher().num_docs

    def has_term(self, field: str, term: str) -> bool:
        return self.index.searcher().doc_freq(field, term) > 0

    def compile(self, node) -> tantivy.Query:
        """The engine-neutral tree (:mod:`.backend`) as a tantivy query."""
        if isinstance(node, TermQ):
            return _boost(tantivy.Query.term_query(self.schema, node.field, node.term), node.boost)
        if isinstance(node, PhraseQ):
            if len(node.terms) == 1:
                return _boost(tantivy.Query.term_query(self.schema, node.field, node.terms[0]), node.boost)
            return _boost(tantivy.Query.phrase_query(self.schema, node.field, list(node.terms)), node.boost)
        if isinstance(node, AnyOf):
            if not node.children:
                return tantivy.Query.empty_query()
            return tantivy.Query.boolean_query([(tantivy.Occur.Should, self.compile(c)) for c in node.children])
        if isinstance(node, AllOf):
            clauses = [(tantivy.Occur.Must, self.compile(c)) for c in node.children]
            if not clauses:
                clauses = [(tantivy.Occur.Must, tantivy.Query.all_query())]
            clauses += [(tantivy.Occur.MustNot, self.compile(c)) for c in node.exclude]
            return tantivy.Query.boolean_query(clauses)
        if isinstance(node, AtLeast):
            children = list(dict.fromkeys(node.children))
            if len(children) < node.minimum:
                return tantivy.Query.empty_query()
            return tantivy.Query.boolean_query([(tantivy.Occur.Should, self.compile(c)) for c in children],
                                               minimum_number_should_match=node.minimum)
        if isinstance(node, Const):
            return tantivy.Query.const_score_query(self.compile(node.child), float(node.score))
        if isinstance(node, Everything):
            return tantivy.Query.all_query()
        if isinstance(node, Nothing):
            return tantivy.Query.empty_query()
        raise TypeError(f"unknown query node: {node!r}")


def _stored_data(searcher: tantivy.Searcher, address: tantivy.DocAddress) -> dict:
    """The ``data`` field every document is indexed with (see :func:`..indexer.index_fields`)."""
    raw = searcher.doc(address).get_first("data")
    if raw is None:
        raise KeyError(f"search document without data: {address}")  # every document is indexed with it
    return decode_data(raw)


def _first(value):
    return value[0] if isinstance(value, list) else value


def _boost(q: tantivy.Query, boost: float) -> tantivy.Query:
    return q if boost == 1.0 else tantivy.Query.boost_query(q, boost)
