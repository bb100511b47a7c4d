"""Queries: parsing, citation queries, point-in-time filtering, grouping by article, snippets.

Syntax (Spanish analysis applies to every word; the default operator is AND)::

    densidad "uso de suelo"            words and phrases
    estacionamiento OR cajones         OR, AND, NOT (upper case), -palabra, ( … )
    constru*   protecion~   licencia~2 prefix and fuzzy (a word absent from the index is
                                       matched fuzzily anyway: "protecion civil" finds
                                       "Protección Civil")
    obra:reglamento-du tipo:reglamento nivel:fraccion      field filters (also work:, kind:, level:)

A citation ("art. 45 reglamento de movilidad", "artículo 3 fracción XXV") resolves to the
provision in the version in force on the search date.

>>> tree, fields = parse('"uso de suelo" AND (densidad OR intensidad*) -habitacional obra:rdu')
>>> [type(item).__name__ for item in tree.items], tree.items[1].items[1], fields
(['Phrase', 'Or', 'Not'], Word(text='intensidad', prefix=True, fuzzy=0), {'work': ['rdu']})
>>> parse('"uso de suelo')
Traceback (most recent call last):
...
implan_regs.search.query.QuerySyntaxError: comillas sin cerrar en la consulta: "uso de suelo
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from dataclasses import dataclass, field

from rapidfuzz.distance import Indel, Levenshtein
from rapidfuzz.process import extract

from ..errors import ImplanError, InputError
from ..model.citation import parse_citation, resolve
from ..model.numbers import fold
from .analysis import TOKEN_RE, analyze, normalize_word, prefix_term, tokens
from .backend import AllOf, AnyOf, AtLeast, Const, Everything, Nothing, PhraseQ, TermQ
from .indexer import SearchIndex
from .synonyms import SynonymTable
from .synonyms import load as load_synonyms

PATH_BOOST = 0.5
CONTEXT_BOOST = 1.0
#: BM25F field weights: the provision's words, its heading path, its article heading and chapeau.
FIELD_WEIGHTS = (("text", 1.0), ("path", PATH_BOOST), ("context", CONTEXT_BOOST))
#: Coordination: each concept (word or synonym group) a document matches adds this to its score,
#: more than any BM25 score reaches, so a document matching more of the query ranks first.
COORDINATION = 1000.0
#: A relaxed query needs at least this share of its concepts in one provision or article.
MIN_SHARE = 0.5
MAX_EXPANSIONS = 32
#: The fields whose terms make the vocabulary (:meth:`.indexer.SearchIndex.vocabulary`).
VOCABULARY_FIELDS = ("text", "path")
FIELD_ALIASES = {"work": "work", "obra": "work", "kind": "kind", "tipo": "kind", "level": "level",
                 "nivel": "level"}


class QuerySyntaxError(InputError):
    """A malformed query: one helpful line, exit status 2."""


# --------------------------------------------------------------------------- the query tree

@dataclass(frozen=True)
class Word:
    text: str
    prefix: bool = False
    fuzzy: int = 0


@dataclass(frozen=True)
class Phrase:
    text: str


@dataclass(frozen=True)
class Not:
    item: object


@dataclass(frozen=True)
class And:
    items: tuple


@dataclass(frozen=True)
class Or:
    items: tuple


_LEX = re.compile(r'\s*(?:(?P<quote>")|(?P<open>\()|(?P<close>\))|(?P<word>[^\s()"]+))')


def _lex(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _LEX.match(text, pos)
        assert m is not None  # a non-space character is left, and every one starts a token
        if m.group("quote"):
            end = text.find('"', m.end())
            if end < 0:
                raise QuerySyntaxError(f"comillas sin cerrar en la consulta: {text[m.start('quote'):].strip()}")
            out.append(("phrase", text[m.end():end]))
            pos = end + 1
            continue
        kind = next(k for k in ("open", "close", "word") if m.group(k))
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


class _Parser:
    def __init__(self, text: str):
        self.items = _lex(text)
        self.pos = 0
        self.fields: dict[str, list[str]] = {}

    def peek(self) -> tuple[str, str] | None:
        return self.items[self.pos] if self.pos < len(self.items) else None

    def take(self) -> tuple[str, str]:
        self.pos += 1
        return self.items[self.pos - 1]

    def parse(self):
        node = self.or_expr()
        if self.peek() is not None:  # only a stray ")" stops or_expr early
            raise QuerySyntaxError("paréntesis de cierre sin apertura en la consulta")
        return node

    def or_expr(self):
        items = [self.and_expr()]
        while self.peek() == ("word", "OR"):
            self.take()
            items.append(self.and_expr())
        items = [i for i in items if i is not None]
        return items[0] if len(items) == 1 else (Or(tuple(items)) if items else None)

    def and_expr(self):
        items = []
        while (tok := self.peek()) is not None and tok != ("word", "OR") and tok[0] != "close":
            if tok == ("word", "AND"):
                self.take()
                continue
            item = self.unary()
            if item is not None:
                items.append(item)
        return items[0] if len(items) == 1 else (And(tuple(items)) if items else None)

    def unary(self):
        kind, value = self.peek()
        if (kind, value) == ("word", "NOT") or (kind == "word" and value.startswith("-") and len(value) > 1):
            self.take()
            if value != "NOT":
                self.items.insert(self.pos, ("word", value[1:]))
            if self.peek() is None:
                raise QuerySyntaxError("falta el término después de NOT")
            item = self.unary()
            return Not(item) if item is not None else None
        return self.primary()

    def primary(self):
        kind, value = self.take()
        if kind == "open":
            node = self.or_expr()
            if self.peek() is None or self.peek()[0] != "close":
                raise QuerySyntaxError("paréntesis sin cerrar en la consulta")
            self.take()
            return node
        if kind == "phrase":
            return Phrase(value)
        return self.word(value)

    def word(self, value: str):
        name, sep, rest = value.partition(":")
        if sep and fold(name) in FIELD_ALIASES and rest:
            self.fields.setdefault(FIELD_ALIASES[fold(name)], []).append(rest)
            return None
        m = re.fullmatch(r"(.+?)~(\d?)", value)
        if m:
            return Word(m.group(1), fuzzy=int(m.group(2) or 1))
        if value.endswith("*") and len(value) > 1:
            return Word(value.rstrip("*"), prefix=True)
        return Word(value)


def parse(text: str) -> tuple[object, dict[str, list[str]]]:
    """The query tree and the field filters of ``text``; QuerySyntaxError when malformed."""
    parser = _Parser(text)
    return parser.parse(), parser.fields


# --------------------------------------------------------------------------- compiling

@dataclass
class Compiled:
    query: object
    terms: set[str] = field(default_factory=set)  # positive terms, for highlighting
    corrections: dict[str, list[str]] = field(default_factory=dict)  # typed word -> words searched
    suggestion: str = ""  # the query with each misspelt word replaced ("¿Quiso decir …?")
    concepts: int = 0  # words or phrases a relaxed query counts for coordination (0: strict)
    fallback: object = None  # the same query needing any one concept, when the first finds too little


class _Compiler:
    def __init__(self, index: SearchIndex, synonyms: SynonymTable | None = None):
        self.index = index
        self.synonyms = synonyms or SynonymTable()
        self.out = Compiled(None)

    def compile(self, node):
        if node is None:
            return Everything()
        if isinstance(node, Word):
            return self.word(node)
        if isinstance(node, Phrase):
            terms = tuple(analyze(node.text))
            if not terms:
                return None
            self.out.terms.update(terms)
            return _fields(terms)
        if isinstance(node, Or):
            children = tuple(c for c in (self.compile(i) for i in node.items) if c is not None)
            return AnyOf(children) if children else None
        if isinstance(node, Not):
            return AllOf((), exclude=(self._negative(node.item),))
        return self.conjunction(node)

    def _negative(self, node):
        saved = set(self.out.terms)
        query = self.compile(node)
        self.out.terms = saved
        return query if query is not None else Nothing()

    def conjunction(self, node: And):
        positive, negative = [], []
        for item in node.items:
            if isinstance(item, Not):
                negative.append(self._negative(item.item))
            else:
                compiled = self.compile(item)
                if compiled is not None:
                    positive.append(compiled)
        if not positive and not negative:
            return None
        if len(positive) == 1 and not negative:
            return positive[0]
        return AllOf(tuple(positive), exclude=tuple(negative))

    # ------------------------------------------------------------ relaxed (the default for plain words)
    def relaxed(self, node):
        """A query of plain words and phrases as lawyers type it: every word (or synonym group)
        is a *concept*; a document must match at least half of them, and matching one more
        concept always ranks higher (a coordination bonus), BM25F ordering within the same
        count. None when the query has operators that ask for strict logic."""
        items = node.items if isinstance(node, And) else (node,)
        positive = [i for i in items if not isinstance(i, Not)]
        if not positive or not all(isinstance(i, (Word, Phrase)) for i in positive):
            return None
        negatives = tuple(self._negative(i.item) for i in items if isinstance(i, Not))
        concepts = self._concepts(positive)
        if not concepts:
            return Nothing()
        self.out.concepts = len(concepts)
        if len(concepts) == 1:
            query = concepts[0][0]
        else:
            children = tuple(AnyOf((q, Const(q, COORDINATION * weight))) for q, weight in concepts)
            query = AtLeast(children, max(1, math.ceil(MIN_SHARE * len(children))))
            if query.minimum > 1:  # when half the words find too little: any of them
                loose = AtLeast(children, 1)
                self.out.fallback = AllOf((loose,), exclude=negatives) if negatives else loose
        return AllOf((query,), exclude=negatives) if negatives else query

    def _concepts(self, items: list) -> list[tuple[object, int]]:
        """(query, words it stands for) of each concept, synonyms folded into one concept."""
        out: list[tuple[object, int]] = []
        run: list[tuple[Word, list[tuple[str, ...]]]] = []
        for item in items + [None]:
            if isinstance(item, Word) and not item.prefix and not item.fuzzy:
                terms = self._known_terms(item)
                if terms:
                    run.append((item, terms))
                continue
            out.extend(self._run_concepts(run))
            run = []
            if item is not None:
                query = self.compile(item)
                if query is not None and not isinstance(query, Nothing):
                    out.append((query, 1))
        return out

    def _known_terms(self, node: Word) -> list[tuple[str, ...]]:
        """What a plain word searches, as alternatives: its own term (or adjacent terms, for
        "122-bis"), else the terms of its corrections; empty when nothing can match."""
        terms = analyze(node.text)
        if len(terms) != 1:
            return [tuple(terms)] if terms else []
        if self._known(terms[0]) or self.synonyms.mentions(terms[0]):  # a synonym may be in the texts
            return [(terms[0],)]
        return [(t,) for t in self._corrected(node.text, terms[0])]

    def _run_concepts(self, run: list[tuple[Word, list[tuple[str, ...]]]]) -> list[tuple[object, int]]:
        out: list[tuple[object, int]] = []
        i = 0
        while i < len(run):
            length, alternatives = self._synonym_at(run, i)
            queries = [self._alternatives_query(alts) for _, alts in run[i:i + length]]
            if alternatives:
                for alt in alternatives:
                    self.out.terms.update(alt)
                own = queries[0] if length == 1 else AllOf(tuple(queries))
                query = AnyOf((own,) + tuple(_fields(alt) for alt in alternatives))
            else:
                query = queries[0]
            out.append((query, length))
            i += length
        return out

    def _synonym_at(self, run: list[tuple[Word, list[tuple[str, ...]]]], start: int) -> tuple[int, tuple]:
        """The longest run of words from ``start`` that is an expression of the synonym list."""
        for length in range(min(self.synonyms.longest, len(run) - start), 0, -1):
            words = run[start:start + length]
            if any(len(alts) != 1 or len(alts[0]) != 1 for _, alts in words):
                continue
            alternatives = self.synonyms.alternatives(tuple(alts[0][0] for _, alts in words))
            if alternatives:
                return length, alternatives
        return 1, ()

    def _alternatives_query(self, alternatives: list[tuple[str, ...]]):
        for alt in alternatives:
            self.out.terms.update(alt)
        if len(alternatives) == 1:
            return _fields(alternatives[0])
        return AnyOf(tuple(q for alt in alternatives for q in _fields(alt).children))

    # ------------------------------------------------------------ single words
    def word(self, node: Word):
        if node.prefix:
            return self._expanded(self._prefixed(prefix_term(node.text)))
        terms = analyze(node.text)
        if not terms:
            return None
        if len(terms) > 1:  # "122-bis", "art.45": adjacent terms
            self.out.terms.update(terms)
            return _fields(tuple(terms))
        term = terms[0]
        if node.fuzzy:
            similar = self._similar(term, node.fuzzy)
            return self._expanded(sorted(set(similar) | ({term} if self._known(term) else set())) or [term])
        if not self._known(term):
            return self._expanded(self._corrected(node.text, term) or [term])
        return self._expanded([term])

    def _expanded(self, terms: list[str]):
        if not terms:
            return Nothing()
        self.out.terms.update(terms)
        return AnyOf(tuple(q for t in terms for q in _fields((t,)).children))

    def _known(self, term: str) -> bool:
        """Whether the texts have ``term`` (the engine's term dictionary: the whole term list
        is read only for prefix and fuzzy queries)."""
        backend = self.index.backend
        return any(backend.has_term(field, term) for field in VOCABULARY_FIELDS)

    def _prefixed(self, prefix: str) -> list[str]:
        """Terms starting with ``prefix``, and the stems it already covers ("estacionam*" →
        "estacion", the stem of "estacionamiento")."""
        vocab = self.index.vocabulary()
        start = bisect.bisect_left(vocab, prefix)
        out = [prefix[:n] for n in range(max(4, int(len(prefix) * 0.6)), len(prefix)) if self._known(prefix[:n])]
        for term in vocab[start:]:
            if not term.startswith(prefix) or len(out) >= MAX_EXPANSIONS:
                break
            out.append(term)
        return out

    def _similar(self, term: str, distance: int) -> list[str]:
        """Indexed terms within ``distance`` edits of ``term`` (explicit ``palabra~``)."""
        if term[0].isdigit() or distance <= 0:
            return []
        candidates = self.index.vocabulary_near(len(term), distance)
        found = extract(term, candidates, scorer=Levenshtein.distance, score_cutoff=distance, limit=MAX_EXPANSIONS)
        best = min((d for _, d, _ in found), default=None)
        return sorted(t for t, d, _ in found if d == best and t != term)

    def _corrected(self, typed: str, term: str) -> list[str]:
        """A word the index does not have: the closest indexed words by edit distance (on the
        words as written, so a missing letter inside a long word is one edit), recorded for
        "¿Quiso decir …?"; their terms are searched instead."""
        word = fold(typed)
        distance = _auto_distance(word)
        if word[0].isdigit() or distance == 0:
            return []
        words = closest_words(word, self.index.words_near(len(word), distance))
        if not words:
            words = self._similar(term, _auto_distance(term))  # an index without words.txt
            if words:
                self.out.corrections[typed] = words
            return words
        self.out.corrections[typed] = words
        return sorted({t for w in words for t in analyze(w)})


def closest_words(word: str, candidates: list[str]) -> list[str]:
    """The words of ``candidates`` (as the texts write them) closest to the folded ``word`` within
    its automatic edit distance: fewest edits, then fewest letters added or dropped (a missing or
    doubled letter is the commonest typo: "resilencia" is "resiliencia", not "residencia"); among
    equals, the spelling with accents first. Shared by every engine's "¿Quiso decir …?"."""
    distance = _auto_distance(word)
    found = extract(word, candidates, scorer=Levenshtein.distance, processor=fold, score_cutoff=distance,
                    limit=MAX_EXPANSIONS)
    ranked = sorted((d, Indel.distance(word, fold(w)), w) for w, d, _ in found if fold(w) != word)
    best = ranked[0][:2] if ranked else None
    return [w for d, i, w in sorted(ranked, key=lambda r: (r[:2], fold(r[2]) == r[2], r[2])) if (d, i) == best]


def _fields(terms: tuple[str, ...]) -> AnyOf:
    """One term or phrase in every searched field, each with its weight (BM25F)."""
    if len(terms) == 1:
        return AnyOf(tuple(TermQ(f, terms[0], w) for f, w in FIELD_WEIGHTS))
    # phrases in the provision's words and headings only: the context repeats one chapeau over
    # every fracción, and checking positions there costs more than it finds
    return AnyOf(tuple(PhraseQ(f, terms, w) for f, w in FIELD_WEIGHTS if f != "context"))


def _auto_distance(word: str) -> int:
    return 0 if len(word) < 4 else (1 if len(word) < 8 else 2)


def compile_query(index: SearchIndex, node, *, relax: bool = False,
                  synonyms: SynonymTable | None = None) -> Compiled:
    """The engine query of a parsed query; ``relax`` turns a query of plain words into the
    minimum-should-match form with synonyms (see :meth:`_Compiler.relaxed`)."""
    compiler = _Compiler(index, synonyms)
    compiled = compiler.relaxed(node) if relax and node is not None else None
    if compiled is None:
        compiled = compiler.compile(node)
    compiler.out.query = compiled if compiled is not None else Nothing()
    return compiler.out


def suggestion(text: str, corrections: dict[str, list[str]]) -> str:
    """``text`` with each misspelt word replaced by its closest correction ("¿Quiso decir …?").

    >>> suggestion("licensia de estacionamento", {"licensia": ["licencia"], "estacionamento": ["estacionamiento"]})
    'licencia de estacionamiento'
    """
    for typed, words in corrections.items():
        text = re.sub(rf"(?<!\w){re.escape(typed)}(?!\w)", words[0], text)
    return text if corrections else ""


# --------------------------------------------------------------------------- searching

@dataclass
class SearchOptions:
    at: str | None = None  # default: today
    works: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    include_proposals: bool = False
    include_observations: bool = False
    page: int = 1
    per_page: int = 10

    @property
    def date(self) -> str:
        return self.at or dt.date.today().isoformat()


def allowed_units(index: SearchIndex, options: SearchOptions) -> tuple[list[str], list[str]]:
    """(units searched, units left out): versions in force on the date, proposals, observations."""
    allowed: list[str] = []
    left_out: list[str] = []
    on = options.date
    for unit, data in index.units().items():
        doctype = data["doctype"]
        if doctype == "vigente":
            ok = data["from"] <= on < data["to"]
        else:
            ok = options.include_proposals if doctype == "propuesta" else options.include_observations
        (allowed if ok else left_out).append(unit)
    return allowed, left_out


def _filters(index: SearchIndex, options: SearchOptions) -> tuple[list, list] | None:
    allowed, left_out = allowed_units(index, options)
    if not allowed:
        return None
    units = index.units()
    size = lambda names: sum(units[u].get("docs", 0) for u in names)  # noqa: E731
    filters, excludes = [], []
    if left_out and size(left_out) <= size(allowed):
        excludes.append(AnyOf(tuple(TermQ("unit", u) for u in left_out)))
    elif left_out:
        filters.append(AnyOf(tuple(TermQ("unit", u) for u in allowed)))
    for name, values in (("work", options.works), ("kind", options.kinds),
                         ("level", [fold(v) for v in options.levels])):
        if values:
            filters.append(AnyOf(tuple(TermQ(name, v) for v in values)))
    return filters, excludes


def check(text: str) -> None:
    """QuerySyntaxError when ``text`` is empty or malformed."""
    if not text.strip():
        raise QuerySyntaxError("la consulta está vacía")
    parse(text)


def search(store, index: SearchIndex, text: str, options: SearchOptions | None = None) -> dict:
    """Search ``text``; results grouped by article, best sub-provision first, one page."""
    options = options or SearchOptions()
    check(text)
    node, fields = parse(text)
    options = _with_fields(options, fields)
    cited = citation_results(store, index, text, options)
    if cited is not None:
        return _page(text, options, cited, citation=True)
    strict = bool(re.search(r"\bAND\b", text))  # an explicit AND: every word must match
    compiled = compile_query(index, node, relax=not strict, synonyms=load_synonyms(store))
    flt = _filters(index, options)
    groups = [] if flt is None else _grouped_hits(index, compiled, flt, options)
    start = (options.page - 1) * options.per_page
    shown = [_result(group, compiled.terms, store) for group in groups[start:start + options.per_page]]
    return _page(text, options, shown, total=len(groups), corrections=compiled.corrections,
                 suggestion=suggestion(text, compiled.corrections))


def _with_fields(options: SearchOptions, fields: dict[str, list[str]]) -> SearchOptions:
    if not fields:
        return options
    return SearchOptions(**{**options.__dict__, "works": options.works + fields.get("work", []),
                            "kinds": options.kinds + fields.get("kind", []),
                            "levels": options.levels + fields.get("level", [])})


def _grouped_hits(index: SearchIndex, compiled: Compiled, flt: tuple[list, list],
                  options: SearchOptions) -> list[list]:
    wanted = options.page * options.per_page
    groups = _groups_of(index, compiled.query, flt, wanted)
    if len(groups) < wanted and compiled.fallback is not None:  # ranks the same, finds more
        groups = _groups_of(index, compiled.fallback, flt, wanted)
    return groups


def _groups_of(index: SearchIndex, query, flt: tuple[list, list], wanted: int) -> list[list]:
    limit = max(50, wanted * 5)
    while True:
        hits = index.backend.search(query, filters=flt[0], excludes=flt[1], limit=limit)
        groups = _group(hits)
        if len(groups) > wanted or len(hits) < limit or limit >= 5000:
            return groups
        limit *= 4


#: An article whose several sub-provisions match is more about the query than one with a single
#: match: its group score adds this share of the BM25 of its next best sub-provisions (at most
#: GROUP_TOP of them, matching as many concepts as its best hit, among the first GROUP_RANKS
#: hits of the query, which every page fetches: pages stay consistent).
GROUP_ALPHA = 0.25
GROUP_TOP = 3
GROUP_RANKS = 50


#: Scores are compared to this many decimals: tantivy scores in 32-bit floats, whoosh in 64, and
#: the same sum can differ in its last bits; equal scores then rank by the hit's digest, an
#: article before its own sub-provisions, in both engines alike.
SCORE_DECIMALS = 2


def _rank_key(hit) -> tuple:
    return -round(hit.score, SCORE_DECIMALS), not hit.is_group_head, hit.id


def _group(hits) -> list[list]:
    groups: dict[tuple, list] = {}
    bonus: dict[tuple, list] = {}
    for rank, hit in enumerate(sorted(hits, key=_rank_key)):
        group = groups.setdefault(hit.group, [])
        if group and rank < GROUP_RANKS and not hit.is_group_head \
                and hit.score // COORDINATION == group[0].score // COORDINATION:
            bonus.setdefault(hit.group, []).append(hit.score % COORDINATION)
        group.append(hit)
    score = {key: group[0].score + GROUP_ALPHA * sum(bonus.get(key, [])[:GROUP_TOP])
             for key, group in groups.items()}
    return [groups[key] for key in sorted(groups, key=lambda k: (-round(score[k], SCORE_DECIMALS), groups[k][0].id))]


def _result(group: list, terms: set[str], store=None) -> dict:
    head = group[0]
    article = next((h for h in group if h.is_group_head), None)
    best = _best_hit(group)
    if article is not None and best.data["text"].strip() == article.data["text"].strip():
        best = article  # a one-paragraph article: the paragraph is the article
    data = best.data
    out = {"score": round(head.score % COORDINATION, 4), "matched": int(head.score // COORDINATION),
           "doctype": data["doctype"], "work": data["work"],
           "title": data["title"], "kind": data["kind"], "version": data["version"],
           "in_force": [data["valid_from"], data["valid_to"]] if data["doctype"] == "vigente" else None,
           "article": data["article"],
           "article_label": data.get("group_label") or (article.data["label"] if article else data["label"]),
           "eid": data["eid"], "label": data["label"], "level": data["level"], "path": data["path"],
           "matches": len(group)}
    out["snippet"], out["snippet_marks"] = snippet(data["text"], terms)
    if store is not None and data["doctype"] == "vigente" and data["level"] == "parrafo" and " | " in data["text"]:
        _name_table_row(out, store, data, terms)
    if data.get("extra"):
        out.update(data["extra"])
    return out


def _name_table_row(out: dict, store, data: dict, terms: set[str]) -> None:
    """A hit in a table (a párrafo whose text is its rows, cells joined by " | ") is named by the
    row with the most query terms, as a decree names it ("Artículo 148, tabla, fila 37"), and
    its snippet is that row. The table is read from the stored version (only that provision)."""
    from ..diff.tables import body_rows, row_label
    from ..model.akn import read_provision

    path = store.expression_path(data["work"], data["version"])
    node = read_provision(store.read_mapped(path), data["eid"], source=path) if store.is_file(path) else None
    if node is None or node.table is None:
        return
    rows = [" | ".join(cells) for cells in body_rows(node.table)]
    matched = [len(terms.intersection(analyze(row))) for row in rows]
    if not matched or max(matched) == 0:
        return
    position = matched.index(max(matched)) + 1
    out["label"] = f"{out['article_label']}, tabla, {row_label(node.table, position)}"
    out["snippet"], out["snippet_marks"] = snippet(rows[position - 1], terms)


def _best_hit(group: list):
    """The hit a result shows: the best sub-provision that matches as much of the query as the
    best hit of its group (a fracción rather than its whole article), else the best hit."""
    top = int(group[0].score // COORDINATION)
    return next((h for h in group if not h.is_group_head and int(h.score // COORDINATION) == top), group[0])


def _page(text: str, options: SearchOptions, results: list[dict], *, total: int | None = None,
          citation: bool = False, corrections: dict | None = None, suggestion: str = "") -> dict:
    """One page of results (``results`` is the page when ``total`` is given, else all of them)."""
    if total is None:
        start = (options.page - 1) * options.per_page
        total, results = len(results), results[start:start + options.per_page]
    return {"query": text, "at": options.date, "page": options.page, "per_page": options.per_page,
            "total": total, "citation": citation, "corrections": corrections or {}, "suggestion": suggestion,
            "results": results}


# --------------------------------------------------------------------------- snippets

_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters: never markup the source text can contain


def snippet(text: str, terms: set[str], *, width: int = 30) -> tuple[str, list[list[int]]]:
    """The ``width`` words of ``text`` with the most query terms, and where those terms are in it.

    The marks are ``[start, end)`` character spans of the returned text (the text itself is left
    as written, guillemets and all):

    >>> snippet("Se denomina «Centro Histórico» al centro de la ciudad.", {"centr"})
    ('Se denomina «Centro Histórico» al centro de la ciudad.', [[13, 19], [34, 40]])
    """
    text = text.replace(_OPEN, "").replace(_CLOSE, "")
    words = list(TOKEN_RE.finditer(text))
    hits = [i for i, m in enumerate(words) if normalize_word(m.group()) in terms]
    if not words:  # no word at all (punctuation, symbols): the text, spaces collapsed as below
        return " ".join(text.split())[:200], []
    start = _best_window(hits, width)
    lo = words[start].start() if start else 0
    hi_word = min(start + width, len(words)) - 1
    hi = words[hi_word].end() if hi_word < len(words) - 1 else len(text)
    marked, pos = [], lo
    for i in hits:
        m = words[i]
        if lo <= m.start() and m.end() <= hi:
            marked += [text[pos:m.start()], _OPEN, m.group(), _CLOSE]
            pos = m.end()
    marked.append(text[pos:hi])
    body = ("… " if lo > 0 else "") + " ".join("".join(marked).split()) + (" …" if hi < len(text) else "")
    return _spans(body)


def _spans(marked: str) -> tuple[str, list[list[int]]]:
    """Remove the private-use marks from ``marked``; return the plain text and the marked spans."""
    plain: list[str] = []
    spans: list[list[int]] = []
    size = 0
    for piece in re.split(f"([{_OPEN}{_CLOSE}])", marked):
        if piece == _OPEN:
            spans.append([size, size])
        elif piece == _CLOSE:
            spans[-1][1] = size
        else:
            plain.append(piece)
            size += len(piece)
    return "".join(plain), spans


def segments(result: dict) -> list[tuple[str, bool]]:
    """A result's snippet as ``(text, is_match)`` pieces, for the CLI and the web to highlight."""
    text, out, pos = result.get("snippet", ""), [], 0
    for start, end in result.get("snippet_marks", []):
        out += [(text[pos:start], False), (text[start:end], True)]
        pos = end
    out.append((text[pos:], False))
    return [(piece, match) for piece, match in out if piece]


def _best_window(hits: list[int], width: int) -> int:
    if not hits:
        return 0
    best, best_count = hits[0], 0
    for i, first in enumerate(hits):
        count = bisect.bisect_left(hits, first + width) - i
        if count > best_count:
            best, best_count = first, count
    return max(0, best - 5)


# --------------------------------------------------------------------------- citations

_CITE_START = re.compile(r"^\s*(?:art[ií]culos?|arts?\.?|fracci[oó]n|fr\.|p[aá]rrafo|inciso|numeral|transitorio|"
                         r"apartado)\b", re.IGNORECASE)
_CITE_PART = re.compile(r"\b(?:art[ií]culos?|arts?\.?|fracci[oó]n|fr\.|p[aá]rrafo|inciso|numeral|transitorio|"
                        r"apartado)\s*[\w\-]+\)?(?:[\s\-]+(?:bis|ter|qu[aá]ter|quinquies|sexies)\b)?", re.IGNORECASE)
_NOT_WORK = {"del", "de", "la", "el", "los", "las", "y", "en"}


def split_citation(text: str) -> tuple[str, list[str]] | None:
    """A citation-like query as (the citation, the analysed words left to name the work), or None
    when the query is not one (every engine reads citations this one way).

    >>> split_citation("art. 20 reglamento de desarrollo urbano")[0].split()
    ['art.', '20', 'reglamento', 'de', 'desarrollo', 'urbano']
    >>> split_citation("uso de suelo") is None
    True
    """
    if not _CITE_START.match(text) or re.search(r'["()]|\b(?:AND|OR|NOT)\b', text):
        return None
    if not any(level in ("article", "transitional") for level, _ in parse_citation(text)):
        return None
    rest = [w for w in analyze(_CITE_PART.sub(" ", text)) if w not in _NOT_WORK]
    return _CITE_PART.sub(lambda m: " " + m.group() + " ", text), rest


def citation_results(store, index: SearchIndex, text: str, options: SearchOptions) -> list[dict] | None:
    """The provision a citation-like query names (None when the query is not a citation)."""
    split = split_citation(text)
    if split is None:
        return None
    citation, rest = split
    works = _works_named(index, rest, options)
    if works is None:
        return None
    found = []
    for unit in works:
        result = _cited(store, index, unit, citation)
        if result is not None:
            found.append(result)
    return found


def _works_named(index: SearchIndex, rest: list[str], options: SearchOptions) -> list[str] | None:
    """Units in force (one per work) whose work the leftover words name; None: not a citation."""
    allowed, _ = allowed_units(index, SearchOptions(at=options.at))
    units = {index.units()[u]["work"]: u for u in allowed if u.startswith("vigente:")}
    if options.works:
        units = {w: u for w, u in units.items() if w in options.works}
    if not rest:
        return [units[w] for w in sorted(units)]
    scores = {}
    for work, unit in units.items():
        words = set(analyze(work.replace("-", " ") + " " + _title(index, unit)))
        scores[work] = sum(1 for w in rest if w in words) / len(rest)
    top = max(scores.values(), default=0)
    if top < 0.5:
        return None
    return [units[w] for w in sorted(scores) if scores[w] == top]


def _title(index: SearchIndex, unit: str) -> str:
    hits = index.backend.search(TermQ("unit", unit), limit=1)
    return hits[0].data.get("title", "") if hits else ""


def _cited(store, index: SearchIndex, unit: str, citation: str) -> dict | None:
    data = index.units()[unit]
    try:
        node = resolve(store.load(data["work"], data["date"]), citation)
    except ImplanError:
        return None
    hits = index.backend.search(TermQ("id", f"{unit}#{node.eid}"), limit=1)
    if not hits:
        return None
    hit = hits[0]
    result = _result([hit], set())
    result["snippet"], result["snippet_marks"] = snippet(hit.data["text"], set(), width=60)
    return result


def highlight_terms(text: str) -> set[str]:
    """The analyzed terms of a plain text (for callers that highlight outside a search)."""
    return {t.term for t in tokens(text)}
