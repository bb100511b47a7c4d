"""The ``postgres`` search engine: the query language of :mod:`.query` answered in SQL over the
provisions table the PostgreSQL store keeps in the same transaction as every write
(:mod:`implan_regs.store.pgindex`). Nothing is built on first use and nothing lives on disk.

* Words and phrases go through :func:`implan_regs.model.words.tsearch_words` (as the rows did) and
  ``phraseto_tsquery`` with the store's ``implan_es`` configuration (unaccent + Spanish Snowball);
  ``OR``, ``AND``, ``NOT``/``-`` and ``( … )`` become ``||``, ``&&`` and ``!!``; ``palabra*`` a prefix
  query; ``palabra~`` searches the word itself (no edit distance in SQL).
* Ranking follows the other engines (only the provisions that can reach the first ``limit`` are
  ranked: those matching as many concepts as the ``limit``-th best, since one concept more always
  ranks higher): a query of plain words is *relaxed* (each word or synonym group
  is a concept, a provision must match half of them, and each concept matched adds
  :data:`~.query.COORDINATION`, so matching more of the query always ranks first); within the same
  count, each concept adds its idf (over the provisions in force) times ``ts_rank`` with field
  weights (heading A, text B, chapeau C, headings path D), normalized by the provision's length.
  Results are grouped by article as :func:`.query.search` groups them.
* ``--at``: the versions in force on that date are chosen in SQL (the latest ``valid_from`` on or
  before it, per work), so a search is always on the text in force, never on a later version.
* Citations ("art. 45 reglamento de movilidad") resolve like the other engines.

* A word no provision has is corrected to the closest words of the texts (``search_words``), as
  the other engines correct it ("¿Quiso decir …?").

Proposals and observations are the other engines' (their index holds them).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from ..errors import ImplanError, InputError
from ..model.citation import resolve
from ..model.numbers import fold
from ..model.searchable import FOREVER
from ..model.words import tsearch_words
from .analysis import analyze
from .backend import Hit, digest
from .query import (
    COORDINATION,
    MIN_SHARE,
    And,
    Not,
    Or,
    Phrase,
    SearchOptions,
    Word,
    _auto_distance,
    _group,
    _page,
    _result,
    _with_fields,
    check,
    closest_words,
    parse,
    snippet,
    split_citation,
    suggestion,
)
from .synonyms import SynonymTable
from .synonyms import load as load_synonyms

#: ts_rank weights of the fields, in PostgreSQL's order {D, C, B, A}: the headings path counts half
#: as the text (as in the other engines), the chapeau and the article heading as much.
WEIGHTS = "{0.5, 1.0, 1.0, 1.0}"
#: The ranking function (ts_rank: how often the words occur; ts_rank_cd: how close together).
RANK = "ts_rank"
#: ts_rank normalization 1: the rank divided by 1 + the logarithm of the provision's length.
NORMALIZATION = 1
#: ts_rank gives hundredths where BM25 gives units: scaled so that scores compare to two decimals
#: (:data:`.query.SCORE_DECIMALS`) without losing the order.
RANK_SCALE = 100.0


class _Sql:
    """SQL fragments of one search and their named parameters."""

    def __init__(self, config: str):
        self.config = config
        self.params: dict[str, object] = {}

    def param(self, value: object) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f"%({name})s"

    def words(self, text: str, *, prefix: bool = False) -> str | None:
        """The tsquery of a word or phrase as the text writes it (None: only function words)."""
        words = tsearch_words(text).split()
        if not words:
            return None
        if prefix:
            return f"to_tsquery('{self.config}', {self.param(' <-> '.join(words[:-1] + [words[-1] + ':*']))})"
        return f"phraseto_tsquery('{self.config}', {self.param(' '.join(words))})"


@dataclass
class _Plan:
    concepts: list[str] = field(default_factory=list)  # tsquery SQL of each concept (relaxed)
    query: str | None = None  # the whole tsquery (strict)
    exclude: list[str] = field(default_factory=list)  # tsqueries no result may match
    terms: set[str] = field(default_factory=set)  # the analyzer's terms, to mark in snippets
    minimum: int = 1

    @property
    def empty(self) -> bool:
        return not self.concepts and self.query is None and not self.exclude


class _Compiler:
    def __init__(self, sql: _Sql, synonyms: SynonymTable, fixes: dict[str, list[str]]):
        self.sql = sql
        self.fixes = fixes  # misspelt word -> the words of the texts searched instead
        self.synonyms = _raw_synonyms(synonyms)
        self.longest = max((len(k) for k in self.synonyms), default=0)
        self.plan = _Plan()

    def strict(self, node) -> None:
        if isinstance(node, Not):
            self.plan.exclude.append(self.negative(node.item) or "''::tsquery")
            return
        if isinstance(node, And):
            positive = [self.tsquery(i) for i in node.items if not isinstance(i, Not)]
            self.plan.exclude += [q for i in node.items if isinstance(i, Not) if (q := self.negative(i.item))]
            kept = [q for q in positive if q]
            self.plan.query = " && ".join(kept) if kept else None
            if positive and not kept:
                self.plan.query = "''::tsquery"
            return
        self.plan.query = self.tsquery(node) or "''::tsquery"

    def negative(self, node) -> str | None:
        saved = set(self.plan.terms)
        query = self.tsquery(node)
        self.plan.terms = saved
        return query

    def tsquery(self, node) -> str | None:
        if isinstance(node, Word):
            fixes = [] if node.prefix else self.fixes.get(node.text, [])
            for word in fixes or [node.text]:
                self.plan.terms.update(analyze(word))
            if fixes:
                return "(" + " || ".join(q for w in fixes if (q := self.sql.words(w))) + ")"
            return self.sql.words(node.text, prefix=node.prefix)
        if isinstance(node, Phrase):
            self.plan.terms.update(analyze(node.text))
            return self.sql.words(node.text)
        if isinstance(node, Not):
            inner = self.negative(node.item)
            return f"!!({inner})" if inner else None
        parts = [q for q in (self.tsquery(i) for i in node.items) if q]
        if not parts:
            return None
        return "(" + (" || " if isinstance(node, Or) else " && ").join(parts) + ")"

    def relaxed(self, node) -> bool:
        """The minimum-should-match form of a query of plain words and phrases (False when the
        query has operators that ask for strict logic)."""
        items = node.items if isinstance(node, And) else (node,)
        positive = [i for i in items if not isinstance(i, Not)]
        if not positive or not all(isinstance(i, (Word, Phrase)) for i in positive):
            return False
        self.plan.exclude += [q for i in items if isinstance(i, Not) if (q := self.negative(i.item))]
        i = 0
        while i < len(positive):
            length, alternatives = self._synonym_at(positive, i)
            own = self.tsquery(Phrase(" ".join(p.text for p in positive[i:i + length]))) if length > 1 \
                else self.tsquery(positive[i])
            queries = [q for q in [own] + [self.sql.words(alt) for alt in alternatives] if q]
            for alt in alternatives:
                self.plan.terms.update(analyze(alt))
            if queries:
                self.plan.concepts.append("(" + " || ".join(queries) + ")")
            i += length
        count = len(self.plan.concepts)
        self.plan.minimum = max(1, math.ceil(MIN_SHARE * count)) if count > 1 else 1
        return True

    def _synonym_at(self, items: list, start: int) -> tuple[int, list[str]]:
        """The longest run of plain words from ``start`` that the synonym list names."""
        for length in range(min(self.longest, len(items) - start), 0, -1):
            run = items[start:start + length]
            if any(not isinstance(w, Word) or w.prefix or w.fuzzy for w in run):
                continue
            found = self.synonyms.get(tuple(analyze(" ".join(w.text for w in run))))
            if found:
                return length, found
        return 1, []


def _plain_words(node) -> list[str]:
    """The words of a query tree that may be misspelt (not prefixes), in order."""
    if isinstance(node, Word):
        return [] if node.prefix else [node.text]
    if isinstance(node, Not):
        return _plain_words(node.item)
    if isinstance(node, (And, Or)):
        return [w for item in node.items for w in _plain_words(item)]
    return []


def _corrections(backend, config: str, node, synonyms: SynonymTable) -> dict[str, list[str]]:
    """Each word of the query no provision has (one SQL look-up for all of them), with the
    closest words of the texts (:func:`.query.closest_words`), as the other engines correct it."""
    typed = [w for w in dict.fromkeys(_plain_words(node)) if len(analyze(w)) == 1
             and not synonyms.mentions(analyze(w)[0]) and tsearch_words(w)]
    if not typed:
        return {}
    rows = backend.query(
        "SELECT t.i, EXISTS (SELECT 1 FROM {schema}.search_provisions WHERE tsv @@ "
        f"phraseto_tsquery('{config}', t.w)) FROM unnest(%s::text[]) WITH ORDINALITY AS t(w, i)",
        ([tsearch_words(w) for w in typed],))
    unknown = [typed[i - 1] for i, known in rows if not known]
    fixes = {}
    for word in unknown:
        folded = fold(word)
        distance = _auto_distance(folded)
        if folded[0].isdigit() or distance == 0:
            continue
        near = [row[0] for row in backend.query("SELECT word FROM {schema}.search_words WHERE length(word) "
                                                "BETWEEN %s AND %s", (len(folded) - distance, len(folded) + distance))]
        found = closest_words(folded, near)
        if found:
            fixes[word] = found
    return fixes


def _raw_synonyms(table: SynonymTable) -> dict[tuple[str, ...], list[str]]:
    """Each expression of the list (analyzed) → the other expressions of its groups, as written
    (PostgreSQL stems them itself)."""
    out: dict[tuple[str, ...], list[str]] = {}
    for group in table.groups:
        keyed = [(tuple(analyze(e)), e) for e in group]
        for key, _ in keyed:
            if key:
                out.setdefault(key, []).extend(e for k, e in keyed if k and k != key)
    return out


# --------------------------------------------------------------------------- SQL

_IN_FORCE = """
inforce AS (
    SELECT DISTINCT ON (work) work, version, valid_from, kind, title, docs
    FROM {s}.search_versions WHERE valid_from <= %(at)s {version_filters}
    ORDER BY work, valid_from DESC, version DESC)"""

_DETAILS = """
SELECT t.work, t.version, t.score, p.eid, p.article, p.level, p.label, p.group_label, p.number, p.text,
       p.path, p.context, i.valid_from, i.kind, i.title,
       coalesce((SELECT min(v.valid_from) FROM {s}.search_versions v WHERE v.work = i.work
                 AND (v.valid_from, v.version) > (i.valid_from, i.version)), %(forever)s)
FROM top t JOIN {s}.search_provisions p USING (work, version, ord) JOIN inforce i USING (work, version)
ORDER BY t.score DESC"""


def _filters(sql: _Sql, options: SearchOptions) -> tuple[str, str]:
    """(conditions on the versions, conditions on the provisions) of the options' filters."""
    versions, provisions = [], []
    if options.works:
        versions.append(f"AND work = ANY({sql.param(list(options.works))})")
    if options.kinds:
        versions.append(f"AND kind = ANY({sql.param(list(options.kinds))})")
    if options.levels:
        provisions.append(f"AND p.level = ANY({sql.param([fold(v) for v in options.levels])})")
    return " ".join(versions), " ".join(provisions)


def _relaxed_sql(plan: _Plan, s: str, version_filters: str, provision_filters: str, exclude: str) -> str:
    n = len(plan.concepts)
    qs = ", ".join(f"{c} AS q{i}" for i, c in enumerate(plan.concepts))
    any_q = " || ".join(f"q.q{i}" for i in range(n))
    matched = " + ".join(f"m{i}::int" for i in range(n))
    ranks = " + ".join(f"CASE WHEN m{i} THEN ln(1 + (df.n - df.d{i} + 0.5) / (df.d{i} + 0.5)) * "
                       f"{RANK}('{WEIGHTS}', c.tsv, q.q{i}, {NORMALIZATION}) ELSE 0 END" for i in range(n))
    return f"""WITH {_IN_FORCE.format(s=s, version_filters=version_filters)},
q AS (SELECT {qs}),
cand AS MATERIALIZED (
    SELECT p.work, p.version, p.ord, p.tsv, {", ".join(f"p.tsv @@ q.q{i} AS m{i}" for i in range(n))}
    FROM {s}.search_provisions p JOIN inforce USING (work, version), q
    WHERE p.tsv @@ ({any_q}) {provision_filters} {exclude}),
df AS MATERIALIZED (SELECT (SELECT coalesce(sum(docs), 0) FROM inforce) AS n,
              {", ".join(f"count(*) FILTER (WHERE m{i}) AS d{i}" for i in range(n))} FROM cand),
cut AS MATERIALIZED (
    SELECT coalesce((SELECT ({matched}) AS k FROM cand ORDER BY k DESC OFFSET %(limit)s - 1 LIMIT 1), 0) AS k),
top AS (
    SELECT c.work, c.version, c.ord, ({matched}) * {COORDINATION} + {RANK_SCALE} * ({ranks}) AS score
    FROM cand c, df, q, cut WHERE ({matched}) >= greatest(%(minimum)s, cut.k) ORDER BY score DESC LIMIT %(limit)s)
{_DETAILS.format(s=s)}"""


def _strict_sql(plan: _Plan, s: str, version_filters: str, provision_filters: str, exclude: str) -> str:
    if plan.query is None:  # only exclusions: every provision in force but those
        match, rank = "TRUE", "0"
    else:
        match, rank = f"p.tsv @@ ({plan.query})", \
            f"{COORDINATION} + {RANK_SCALE} * {RANK}('{WEIGHTS}', p.tsv, {plan.query}, {NORMALIZATION})"
    return f"""WITH {_IN_FORCE.format(s=s, version_filters=version_filters)},
top AS (
    SELECT p.work, p.version, p.ord, {rank} AS score
    FROM {s}.search_provisions p JOIN inforce USING (work, version)
    WHERE {match} {provision_filters} {exclude} ORDER BY score DESC LIMIT %(limit)s)
{_DETAILS.format(s=s)}"""


def _hits(backend, sql: _Sql, plan: _Plan, options: SearchOptions, *, minimum: int, limit: int) -> list[Hit]:
    version_filters, provision_filters = _filters(sql, options)
    exclude = "".join(f" AND NOT (p.tsv @@ ({q}))" for q in plan.exclude)
    build = _relaxed_sql if plan.concepts else _strict_sql
    text = build(plan, backend.schema, version_filters, provision_filters, exclude)
    params = {**sql.params, "at": options.date, "minimum": minimum, "limit": limit, "forever": FOREVER}
    return [_hit(row) for row in backend.query(text, params)]


def _hit(row: tuple) -> Hit:
    (work, version, score, eid, article, level, label, group_label, number, text, path, context,
     valid_from, kind, title, valid_to) = row
    unit = f"vigente:{work}@{version}"
    data = {"unit": unit, "doctype": "vigente", "work": work, "kind": kind, "eid": eid, "article": article,
            "level": level, "label": label, "number": number, "version": version, "valid_from": valid_from,
            "valid_to": valid_to, "title": title, "path": path, "text": text, "group_label": group_label,
            "context": context}
    return Hit(float(score), str(digest(f"{unit}#{eid}")), str(digest(f"{unit}#{article}")), data)


def _groups(backend, sql: _Sql, plan: _Plan, options: SearchOptions) -> list[list]:
    wanted = options.page * options.per_page
    groups = _groups_of(backend, sql, plan, options, plan.minimum, wanted)
    if len(groups) < wanted and plan.minimum > 1:  # when half the words find too little: any of them
        groups = _groups_of(backend, sql, plan, options, 1, wanted)
    return groups


def _groups_of(backend, sql: _Sql, plan: _Plan, options: SearchOptions, minimum: int, wanted: int) -> list[list]:
    limit = max(50, wanted * 5)
    while True:
        hits = _hits(backend, sql, plan, options, minimum=minimum, limit=limit)
        groups = _group(hits)
        if len(groups) > wanted or len(hits) < limit or limit >= 5000:
            return groups
        limit *= 4


# --------------------------------------------------------------------------- searching

def pg_backend(store):
    """The store's PostgreSQL backend, or a clear error on a store kept in files."""
    if getattr(store.backend, "kind", "") != "postgres":
        raise InputError("el motor de búsqueda 'postgres' necesita un acervo en PostgreSQL (defina "
                         "IMPLAN_REGS_DATABASE_URL); use --engine whoosh o tantivy", path=store.root)
    return store.backend


def search(store, text: str, options: SearchOptions | None = None) -> dict:
    """Search ``text`` in the provisions in force (see the module docstring); the same result
    shape as :func:`.query.search`."""
    from ..store.pgindex import config_name, ensure_schema

    backend = pg_backend(store)
    options = options or SearchOptions()
    check(text)
    node, fields = parse(text)
    options = _with_fields(options, fields)
    with backend.reader().cursor() as cur:
        ensure_schema(cur, backend)
    cited = _citation_results(store, backend, text, options)
    if cited is not None:
        return _page(text, options, cited, citation=True)
    sql = _Sql(config_name(backend))
    synonyms = load_synonyms(store)
    fixes = _corrections(backend, sql.config, node, synonyms) if node is not None else {}
    compiler = _Compiler(sql, synonyms, fixes)
    if node is not None and (re.search(r"\bAND\b", text) or not compiler.relaxed(node)):
        compiler.strict(node)
    plan = compiler.plan
    groups = [] if plan.empty else _groups(backend, sql, plan, options)
    start = (options.page - 1) * options.per_page
    shown = [_result(group, plan.terms, store) for group in groups[start:start + options.per_page]]
    return _page(text, options, shown, total=len(groups), corrections=fixes, suggestion=suggestion(text, fixes))


# --------------------------------------------------------------------------- citations

def _citation_results(store, backend, text: str, options: SearchOptions) -> list[dict] | None:
    """The provision a citation-like query names (None when the query is not a citation), as
    :func:`.query.citation_results` finds it."""
    split = split_citation(text)
    if split is None:
        return None
    citation, rest = split
    versions = _versions_named(backend, rest, options)
    if versions is None:
        return None
    found = []
    for work, version in versions:
        try:
            node = resolve(store.load(work, version), citation)
        except ImplanError:
            continue
        rows = backend.query(
            f"WITH {_IN_FORCE.format(s='{schema}', version_filters='AND work = %(work)s')}, "
            "top AS (SELECT work, version, ord, 0 AS score FROM {schema}.search_provisions "
            "WHERE work = %(work)s AND version = %(version)s AND eid = %(eid)s ORDER BY ord LIMIT 1)"
            + _DETAILS.format(s="{schema}"),
            {"at": options.date, "work": work, "version": version, "eid": node.eid, "forever": FOREVER})
        if rows:
            hit = _hit(rows[0])
            result = _result([hit], set())
            result["snippet"], result["snippet_marks"] = snippet(hit.data["text"], set(), width=60)
            found.append(result)
    return found


def _versions_named(backend, rest: list[str], options: SearchOptions) -> list[tuple[str, str]] | None:
    """The versions in force (one per work) whose work the leftover words name; None: not a citation."""
    rows = backend.query(f"WITH {_IN_FORCE.format(s='{schema}', version_filters='')} "
                         "SELECT work, version, title FROM inforce ORDER BY work", {"at": options.date})
    versions = {work: (version, title) for work, version, title in rows
                if not options.works or work in options.works}
    if not rest:
        return [(w, versions[w][0]) for w in sorted(versions)]
    scores = {}
    for work, (_, title) in versions.items():
        words = set(analyze(work.replace("-", " ") + " " + title))
        scores[work] = sum(1 for w in rest if w in words) / len(rest)
    top = max(scores.values(), default=0)
    if top < 0.5:
        return None
    return [(w, versions[w][0]) for w in sorted(scores) if scores[w] == top]
