"""The PostgreSQL search index of a store: every provision of every version in force as one row
with a weighted ``tsvector``, written in the same SQL transaction as the version it comes from.

Tables, in the store's schema (created with it: :data:`PgBackend.schema_hooks`, or on the first
write of a store created before them)::

    search_versions(work, version, valid_from, kind, title, sha256, docs)   -- one row per version
    search_provisions(work, version, ord, eid, article, level, label, group_label, number,
                      text, path, context, tsv)                           -- one row per provision
    search_words(word)         -- every word of four letters or more, lower case, as written: what
                               -- a misspelt query word is corrected to ("¿Quiso decir …?")

A provision is what the other engines index (:mod:`implan_regs.model.searchable`). Its ``tsv`` is
built with the text search configuration ``<schema>.implan_es``: ``unaccent``, then the server's
Spanish Snowball stemmer with no stopword list, fed the words :func:`~implan_regs.model.words.tsearch_words`
leaves (our function words dropped, the plural rule and its exceptions such as "Bis" or "meses"
applied, numbers and Roman numerals of fracciones kept whole, ``ñ`` kept apart from ``n``).
Weights: A the article's own heading, B the provision's text, C its context (the article heading
and the chapeau above a sub-provision), D the heading path (título, capítulo…).

Which version is in force on a date is decided when searching (``valid_from`` of the versions of a
work), so adding a version never rewrites the rows of the previous one.

:func:`index_written` is a :data:`PgBackend.commit_hooks` entry: a write that stores a version
replaces its rows before the transaction commits, so the index never shows a version the store
does not have, and a write that fails leaves no row.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import Any

from ..model.akn import from_xml
from ..model.searchable import iter_expression_documents
from ..model.words import TOKEN_RE, tsearch_words
from .postgres import PgBackend

#: A stored version in force, by its path under the root.
EXPRESSION_RE = re.compile(r"works/([^/]+)/expressions/spa@(\d{4}-\d{2}-\d{2})\.xml")
EXPRESSION_REGEX = r"^works/[^/]+/expressions/spa@[0-9]{4}-[0-9]{2}-[0-9]{2}\.xml$"
CONFIG = "implan_es"

SCHEMA = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TABLE IF NOT EXISTS {schema}.search_versions (
    work text NOT NULL,
    version text NOT NULL,
    valid_from text NOT NULL,
    kind text NOT NULL,
    title text NOT NULL,
    sha256 text NOT NULL,
    docs integer NOT NULL,
    PRIMARY KEY (work, version)
);
CREATE TABLE IF NOT EXISTS {schema}.search_provisions (
    work text NOT NULL,
    version text NOT NULL,
    ord integer NOT NULL,
    eid text NOT NULL,
    article text NOT NULL,
    level text NOT NULL,
    label text NOT NULL,
    group_label text NOT NULL,
    number text NOT NULL,
    text text NOT NULL,
    path text NOT NULL,
    context text NOT NULL,
    tsv tsvector NOT NULL,
    PRIMARY KEY (work, version, ord)
);
CREATE TABLE IF NOT EXISTS {schema}.search_words (
    word text PRIMARY KEY
);
CREATE INDEX IF NOT EXISTS search_provisions_tsv ON {schema}.search_provisions USING gin (tsv);
CREATE INDEX IF NOT EXISTS search_provisions_eid ON {schema}.search_provisions (work, version, eid);
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace
                   WHERE n.nspname = '{schema}' AND c.cfgname = '{config}') THEN
        CREATE TEXT SEARCH DICTIONARY {schema}.{config}_stem (TEMPLATE = snowball, Language = spanish);
        CREATE TEXT SEARCH CONFIGURATION {schema}.{config} (COPY = pg_catalog.spanish);
        ALTER TEXT SEARCH CONFIGURATION {schema}.{config}
            ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
            WITH unaccent, {schema}.{config}_stem;
    END IF;
END $$;
"""

_STAGING = """
CREATE TEMP TABLE IF NOT EXISTS implan_search_staging (
    ord integer, eid text, article text, level text, label text, group_label text, number text,
    text text, path text, context text, a text, b text, c text, d text
) ON COMMIT DELETE ROWS
"""
_COLUMNS = "ord, eid, article, level, label, group_label, number, text, path, context"


def config_name(backend: PgBackend) -> str:
    """The text search configuration of this store, schema-qualified (for SQL)."""
    return f"{backend.schema}.{CONFIG}"


def tsvector_sql(config: str, a: str, b: str, c: str, d: str) -> str:
    """The SQL of a provision's weighted tsvector from its four word columns."""
    return " || ".join(f"setweight(to_tsvector('{config}', {col}), '{w}')"
                       for col, w in ((a, "A"), (b, "B"), (c, "C"), (d, "D")))


def create_schema(conn: Any, backend: PgBackend) -> None:
    """``PgBackend.schema_hooks`` entry: the extension, the configuration and the tables."""
    conn.execute(SCHEMA.format(schema=backend.schema, config=CONFIG))


def ensure_schema(cur: Any, backend: PgBackend) -> None:
    """Create the index of a store made before it (or restored from an archive made before it):
    one catalog look-up, so it is asked each time rather than remembered across a restore."""
    cur.execute("SELECT to_regclass(%s)", (f"{backend.schema}.search_words",))
    if cur.fetchone()[0] is None:
        cur.execute(SCHEMA.format(schema=backend.schema, config=CONFIG))


def index_written(cur: Any, backend: PgBackend, written: dict[str, bytes]) -> None:
    """``PgBackend.commit_hooks`` entry: re-index every version in force this transaction writes."""
    versions = [(m, data) for path, data in written.items() if (m := EXPRESSION_RE.fullmatch(path))]
    if not versions:
        return
    ensure_schema(cur, backend)
    for match, data in versions:
        index_version(cur, backend, match.group(1), match.group(2), data)


def index_version(cur: Any, backend: PgBackend, work: str, version: str, data: bytes) -> int:
    """Replace the rows of one version with those of its XML ``data``; the provisions indexed."""
    schema = backend.schema
    doc = from_xml(data, source=f"works/{work}/expressions/spa@{version}.xml")
    meta = doc.meta
    valid_from = meta.entry_into_force or version
    cur.execute(f"DELETE FROM {schema}.search_provisions WHERE work = %s AND version = %s", (work, version))
    cur.execute(_STAGING)
    count = 0
    words: set[str] = set()
    with cur.copy(f"COPY implan_search_staging ({_COLUMNS}, a, b, c, d) FROM STDIN") as copy:
        for row in _rows(iter_expression_documents(doc, valid_from, ""), words):
            copy.write_row(row)
            count += 1
    cur.execute(f"INSERT INTO {schema}.search_words (word) SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING",
                (sorted(words),))
    cur.execute(f"INSERT INTO {schema}.search_provisions (work, version, {_COLUMNS}, tsv) "
                f"SELECT %s, %s, {_COLUMNS}, {tsvector_sql(config_name(backend), 'a', 'b', 'c', 'd')} "
                "FROM implan_search_staging", (work, version))
    cur.execute("TRUNCATE implan_search_staging")
    cur.execute(f"INSERT INTO {schema}.search_versions (work, version, valid_from, kind, title, sha256, docs) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (work, version) DO UPDATE SET "
                "valid_from = EXCLUDED.valid_from, kind = EXCLUDED.kind, title = EXCLUDED.title, "
                "sha256 = EXCLUDED.sha256, docs = EXCLUDED.docs",
                (work, version, valid_from, meta.kind, meta.title or "", hashlib.sha256(data).hexdigest(), count))
    return count


def _rows(docs: Iterable, words: set[str]) -> Iterable[tuple]:
    """The staging rows of ``docs``; adds the words of the articles and headings to ``words``
    (an article holds its sub-provisions' words)."""
    heads: set[str] = set()
    paths: set[str] = set()
    for ord_, doc in enumerate(docs):
        if doc.eid == doc.article or doc.article not in heads:
            words.update(_written_words(doc.text))
        if doc.path not in paths:
            paths.add(doc.path)
            words.update(_written_words(doc.path))
        is_head = doc.eid == doc.article and doc.eid not in heads
        heads.add(doc.eid)
        heading = doc.context if is_head else ""  # an article's context is its own heading
        chapeau = "" if is_head else doc.context
        yield (ord_, doc.eid, doc.article, doc.level, doc.label, doc.group_label, doc.number, doc.text, doc.path,
               doc.context, tsearch_words(heading), tsearch_words(doc.text), tsearch_words(chapeau),
               _path_words(doc.path))


_path_cache: dict[str, str] = {}


def _written_words(text: str) -> set[str]:
    """Lower-case words of four letters or more, accents kept (to suggest them as written)."""
    return {w.lower() for w in TOKEN_RE.findall(text) if len(w) > 3 and not w[0].isdigit()}


def _path_words(path: str) -> str:
    """The words of a heading path (the same for every provision of a chapter: computed once)."""
    if path not in _path_cache:
        if len(_path_cache) > 4096:
            _path_cache.clear()
        _path_cache[path] = tsearch_words(path)
    return _path_cache[path]


def rebuild(backend: PgBackend) -> int:
    """Index every stored version again, under the store's write lock, in one transaction (after a
    change of the analysis, or for a store filled before this index existed); the rows written."""
    conn = backend._writer()
    total = 0
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (backend.lock_key,))
        ensure_schema(cur, backend)
        cur.execute(f"TRUNCATE {backend.schema}.search_provisions, {backend.schema}.search_versions, "
                    f"{backend.schema}.search_words")
        cur.execute(f"SELECT path FROM {backend.schema}.files WHERE path ~ %s ORDER BY path", (EXPRESSION_REGEX,))
        for (path,) in cur.fetchall():
            match = EXPRESSION_RE.fullmatch(path)
            assert match is not None  # the regex above selects only these paths
            cur.execute(f"SELECT data FROM {backend.schema}.files WHERE path = %s", (path,))
            total += index_version(cur, backend, match.group(1), match.group(2), bytes(cur.fetchone()[0]))
    return total


def status(backend: PgBackend) -> dict:
    """Rows, versions, and the stored versions whose rows are missing or out of date."""
    schema = backend.schema
    if not backend.query("SELECT to_regclass(%s) IS NOT NULL", (f"{schema}.search_provisions",))[0][0]:
        return {"exists": False, "documents": 0, "versions": 0, "stale": True, "behind": []}
    (documents, versions), = backend.query(f"SELECT coalesce(sum(docs), 0), count(*) FROM {schema}.search_versions")
    behind = backend.query(
        f"SELECT f.path FROM {schema}.files f WHERE f.path ~ %s AND NOT EXISTS (SELECT 1 FROM "
        f"{schema}.search_versions v WHERE v.sha256 = f.sha256 AND "
        "f.path = 'works/' || v.work || '/expressions/spa@' || v.version || '.xml') ORDER BY f.path",
        (EXPRESSION_REGEX,))
    return {"exists": True, "documents": int(documents), "versions": int(versions), "stale": bool(behind),
            "behind": [row[0] for row in behind]}


def register() -> None:
    """Keep the index of every PostgreSQL store (idempotent; done when this module loads)."""
    if create_schema not in PgBackend.schema_hooks:
        PgBackend.schema_hooks.append(create_schema)
    if index_written not in PgBackend.commit_hooks:
        PgBackend.commit_hooks.append(index_written)


register()
