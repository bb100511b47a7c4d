"""Anchoring an observation to a provision, and following it through restructures.

**Anchoring.** A citation ("artículo 45 fracción III", "párrafo primero del artículo 30", an eId,
or for plans "capítulo V", "estrategia 2", "línea de acción 2.1", "objetivo 3") is resolved in
the subject's text; the observation keeps the provision's eId, a readable label, its text (the
quote) and the *state* of the text it was made on (a snapshot of the draft, see
:mod:`.storage`).

**Re-anchoring** (:func:`follow`) compares that snapshot with the current draft:

1. the enclosing article is followed through the diff's article alignment
   (:func:`implan_regs.diff.align_articles`, robust to renumbering and reordering). Pairs that keep
   the relative order (unchanged, amended, renumbered) are trusted when their similarity is
   ≥ ``MIN_ORDERED``; moved articles need ``MIN_MOVED``; a split/merged article is followed
   only when the target's text is found verbatim in exactly one part;
2. inside the article, each level down (párrafo, fracción, inciso…) is paired among the new
   parent's children of the same kind: identical text (unique) first, then the same number with
   similar text (≥ ``SAME_NUMBER``), then the clearly best similar text (≥ ``BEST``, ahead of the
   runner-up by ``MARGIN``);
3. containers (título, capítulo…) follow the articles they hold (the new container that receives
   ≥ 80 % of them), or, when they hold none (plan chapters), their heading; plan points below
   them (objetivo, estrategia, línea de acción) then follow step 2; transitorios blocks follow the
   transitorios alignment.

Whatever fails — removed, derogated, split without a unique home, too dissimilar — yields a
:class:`Anchor` with ``problem`` set ("requiere reanclaje") and maybe a ``candidate``; it is
never attached elsewhere silently.

>>> from implan_regs.model.tree import Document, DocumentMeta, Provision
>>> from implan_regs.model.eid import assign_eids
>>> def art(key, text):
...     return Provision("article", num=f"Artículo {key}.-", key=key,
...                      children=[Provision("paragraph", text=text)])
>>> meta = DocumentMeta(work="x", kind="reglamento", title="X")
>>> old = Document(meta, body=[art("1", "Objeto del reglamento de movilidad urbana municipal."),
...                            art("2", "Las autoridades de tránsito aplican las sanciones.")])
>>> new = Document(meta, body=[art("1", "Glosario de términos del reglamento."),
...                            art("2", "Objeto del reglamento de movilidad urbana municipal."),
...                            art("3", "Las autoridades de tránsito aplican las sanciones.")])
>>> _ = assign_eids(old.body), assign_eids(new.body)
>>> target = make_target(old, "artículo 2 párrafo primero", state="s0")
>>> target.eid, target.label
('art_2__para_1', 'artículo 2 párrafo primero')
>>> anchor = Follower(old, new).follow(target.eid)
>>> anchor.eid, label_of(new, new.find(anchor.eid)), anchor.problem
('art_3__para_1', 'artículo 3 párrafo primero', None)
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..diff import ArticlePair, align_articles
from ..diff import model as dm
from ..diff.match import similarity
from ..diff.text import WordCoder, exact_text, full_text, is_derogated, own_text
from ..errors import NotFoundError
from ..model.citation import resolve
from ..model.numbers import display_article_number, fold, int_to_ordinal, roman_to_int
from ..model.tree import CONTAINER_KINDS, Document, Provision
from .model import Target

MIN_ORDERED = 0.30
MIN_MOVED = 0.50
SAME_NUMBER = 0.50
BEST = 0.70
MARGIN = 0.10
CONTAINER_SHARE = 0.80
PLAN_LEVELS = {"objetivo": "objetivo", "estrategia": "estrategia", "linea": "linea"}
_PLAN_RE = re.compile(r"\b(objetivo|estrategia|l[ií]nea(?:\s+de\s+acci[oó]n)?)\s+(\d+(?:[.\-]\d+)*)", re.I)


# ------------------------------------------------------------------ paths and labels

def parents_of(doc: Document) -> dict[int, Provision | None]:
    out: dict[int, Provision | None] = {}

    def visit(nodes: list[Provision], parent: Provision | None) -> None:
        for node in nodes:
            out[id(node)] = parent
            visit(node.children, node)

    visit(doc.body, None)
    return out


def chain(doc: Document, node: Provision, parents: dict[int, Provision | None] | None = None) -> list[Provision]:
    """``node`` and its ancestors, outermost first."""
    parents = parents if parents is not None else parents_of(doc)
    out = [node]
    while (parent := parents.get(id(out[-1]))) is not None:
        out.append(parent)
    return out[::-1]


def _container_words(num: str) -> str:
    words = num.strip().rstrip(".-: ").split()
    return " ".join([words[0].lower()] + [w if roman_to_int(w) else w.lower() for w in words[1:]]) if words else ""


def _paragraph_ordinal(parent: Provision | None, node: Provision, doc: Document) -> int:
    siblings = parent.children if parent is not None else doc.body
    return [c for c in siblings if c.kind == "paragraph"].index(node) + 1


def _part(doc: Document, node: Provision, parent: Provision | None) -> str:
    if node.kind == "article":
        return f"artículo {display_article_number(node.key or '')}"
    if node.kind == "transitional":
        return f"transitorio {int_to_ordinal(int(node.key))}" if node.key and node.key.isdigit() else "transitorio único"
    if node.kind == "paragraph":
        return f"párrafo {int_to_ordinal(_paragraph_ordinal(parent, node, doc))}"
    if node.kind == "point":
        key = node.key or (node.num or "").strip().rstrip(".)")
        if node.level == "linea":
            return f"línea de acción {key.replace('-', '.')}"
        suffix = ")" if node.level in ("inciso", "subinciso") else ""
        return f"{node.level_name} {key}{suffix}"
    if node.kind in CONTAINER_KINDS and node.num:
        return _container_words(node.num)
    return node.level_name + (f" {node.key}" if node.key else "")


def label_of(doc: Document, node: Provision, parents: dict[int, Provision | None] | None = None) -> str:
    """How people cite ``node``: 'artículo 45 fracción III', 'título cuarto capítulo III',
    'estrategia 2 línea de acción 2.1' (outermost first, from the article when there is one)."""
    nodes = chain(doc, node, parents)
    start = max((i for i, n in enumerate(nodes) if n.kind in ("article", "transitional")), default=None)
    if start is None:  # plans: a línea de acción is cited alone ("línea de acción 2.1")
        start = max((i for i, n in enumerate(nodes) if n.level in PLAN_LEVELS), default=0)
    parts = []
    for i in range(start, len(nodes)):
        if nodes[i].kind == "transitorios":
            continue
        parts.append(_part(doc, nodes[i], nodes[i - 1] if i else None))
    return " ".join(parts)


# ------------------------------------------------------------------ anchoring

def resolve_citation(doc: Document, citation: str) -> Provision:
    """Like :func:`implan_regs.model.citation.resolve`, plus plans' objetivos, estrategias and líneas."""
    m = _PLAN_RE.search(citation)
    if m is None:
        return resolve(doc, citation)
    word = fold(m.group(1)).split()[0]
    level = "linea" if word.startswith("linea") else word
    key = m.group(2).replace(".", "-")
    for node in doc.walk():
        if node.kind == "point" and node.level == level and (node.key or "") == key:
            return node
    raise NotFoundError(f"no existe: {PLAN_LEVELS[level]} {m.group(2)}", path=citation)


def quote_of(node: Provision) -> str:
    """The text an observation is made on: a container's number and heading, else all its text."""
    if node.kind in CONTAINER_KINDS or node.kind == "transitorios":
        return " ".join(p for p in (node.num, node.heading, node.subheading) if p)
    text = node.plain_text()
    if node.kind in ("article", "transitional") and node.num:
        return f"{node.num} {text}".strip()
    return text


def make_target(doc: Document, citation: str, *, state: str) -> Target:
    node = resolve_citation(doc, citation)
    label = label_of(doc, node)
    level = node.level or node.kind
    return Target(eid=node.eid, label=label, level=level, quote=quote_of(node), citation=citation.strip(),
                  state=state, original_eid=node.eid, original_label=label)


# ------------------------------------------------------------------ following

@dataclass
class Anchor:
    """Where a provision of the old text is in the new one, or why it cannot be said."""

    eid: str | None
    method: str = ""
    problem: str | None = None
    candidate: str | None = None


class Follower:
    """Follows provisions of ``old`` into ``new`` (one alignment, shared by many observations)."""

    def __init__(self, old: Document, new: Document):
        self.old, self.new = old, new
        self.coder = WordCoder()
        self._alignment: dm.Alignment | None = None
        self.old_parents, self.new_parents = parents_of(old), parents_of(new)

    @property
    def alignment(self) -> dm.Alignment:
        if self._alignment is None:
            self._alignment = align_articles(self.old, self.new)
        return self._alignment

    def follow(self, eid: str) -> Anchor:
        node = self.old.find(eid)
        if node is None:
            return Anchor(None, problem=f"la disposición {eid} no está en el texto sobre el que se hizo")
        nodes = chain(self.old, node, self.old_parents)
        for i in range(len(nodes) - 1, -1, -1):
            if nodes[i].kind in ("article", "transitorios") or (nodes[i].kind in CONTAINER_KINDS):
                start, rest = nodes[i], nodes[i + 1:]
                break
        else:
            return self._by_text(node)
        if start.kind == "article":
            return self._from_article(start, rest)
        first = self._transitorios(start) if start.kind == "transitorios" else self._container(start)
        return self._descend(first, start, rest)

    # -- articles
    def _pairs(self, article: Provision) -> list[ArticlePair]:
        return [p for p in self.alignment.pairs if p.old is article]

    def _from_article(self, article: Provision, rest: list[Provision]) -> Anchor:
        pairs = self._pairs(article)
        name = f"el artículo {display_article_number(article.key or '')}"
        pair = pairs[0] if pairs else None
        new = pair.new if pair is not None else None
        if pair is None or new is None:
            return Anchor(None, problem=f"{name} fue suprimido en el texto actual")
        if len(pairs) > 1 or pair.type in (dm.SPLIT, dm.MERGED):
            return self._split(article, rest, [p.new for p in pairs if p.new is not None], name)
        if pair.type == dm.DEROGATED:
            return Anchor(None, problem=f"{name} fue derogado en el texto actual", candidate=new.eid)
        needed = MIN_MOVED if pair.type in (dm.MOVED, dm.MOVED_AMENDED) else MIN_ORDERED
        if pair.similarity is not None and pair.similarity < needed:
            return Anchor(None, problem=f"alineación incierta de {name} (similitud {pair.similarity:.2f})",
                          candidate=new.eid)
        return self._descend(Anchor(new.eid, method=pair.method or "alineación"), article, rest)

    def _split(self, article: Provision, rest: list[Provision], parts: list[Provision], name: str) -> Anchor:
        if not rest:
            listed = ", ".join(p.eid for p in parts)
            return Anchor(None, problem=f"{name} se dividió o fusionó ({listed})", candidate=parts[0].eid)
        wanted = exact_text(full_text(rest[-1]))
        found = [n for part in parts for n in part.walk() if n.kind == rest[-1].kind
                 and exact_text(full_text(n)) == wanted]
        if len(found) == 1:
            return Anchor(found[0].eid, method="texto")
        return Anchor(None, problem=f"{name} se dividió o fusionó y el texto observado no tiene un destino único")

    # -- containers and transitorios
    def _container(self, container: Provision) -> Anchor:
        articles = [n for n in container.walk() if n.kind == "article"]
        if articles:
            homes: Counter[str] = Counter()
            for article in articles:
                pairs = self._pairs(article)
                if len(pairs) == 1 and pairs[0].new is not None and pairs[0].type != dm.DEROGATED:
                    home = self._enclosing(pairs[0].new, container.kind)
                    homes[home.eid if home is not None else ""] += 1
            if homes:
                eid, count = homes.most_common(1)[0]
                if eid and count >= CONTAINER_SHARE * len(articles):
                    return Anchor(eid, method="artículos")
        return self._by_heading(container)

    def _enclosing(self, node: Provision, kind: str) -> Provision | None:
        for ancestor in reversed(chain(self.new, node, self.new_parents)[:-1]):
            if ancestor.kind == kind:
                return ancestor
        return None

    def _by_heading(self, container: Provision) -> Anchor:
        what = f"el {container.level_name} {container.num or container.key or ''}".rstrip()
        candidates = [n for n in self.new.walk() if n.kind == container.kind]
        heading = fold(exact_text(container.heading or ""))
        same = [n for n in candidates if heading and fold(exact_text(n.heading or "")) == heading]
        if len(same) == 1:
            return Anchor(same[0].eid, method="encabezado")
        return self._best(container, candidates, what)

    def _transitorios(self, block: Provision) -> Anchor:
        for pair in self.alignment.transitorios:
            if pair.old is block and pair.new is not None:
                return Anchor(pair.new.eid, method="transitorios")
        return Anchor(None, problem="el bloque de transitorios ya no está en el texto actual")

    # -- inside a provision
    def _descend(self, anchor: Anchor, old_parent: Provision, rest: list[Provision]) -> Anchor:
        for old_child in rest:
            if anchor.eid is None:
                return anchor
            new_parent = self.new.find(anchor.eid)
            assert new_parent is not None
            anchor = self._child(old_parent, new_parent, old_child, anchor.method)
            old_parent = old_child
        return anchor

    def _number(self, parent: Provision, node: Provision) -> str:
        if node.kind == "paragraph":
            return "p" + str([c for c in parent.children if c.kind == "paragraph"].index(node) + 1)
        return f"{node.level}:{node.key}"

    def _child(self, old_parent: Provision, new_parent: Provision, old: Provision, method: str) -> Anchor:
        what = label_of(self.old, old, self.old_parents)
        candidates = [n for n in new_parent.children if n.kind == old.kind and n.level == old.level]
        text = exact_text(full_text(old))
        identical = [n for n in candidates if exact_text(full_text(n)) == text]
        if len(identical) == 1:
            return Anchor(identical[0].eid, method=method)
        number = self._number(old_parent, old)
        same = [n for n in candidates if self._number(new_parent, n) == number]
        if same and is_derogated(same[0]) and not is_derogated(old):
            return Anchor(None, problem=f"{what} fue derogado en el texto actual", candidate=same[0].eid)
        if same and self._similarity(old, same[0]) >= SAME_NUMBER:
            return Anchor(same[0].eid, method=method)
        return self._best(old, candidates, what)

    def _best(self, old: Provision, candidates: list[Provision], what: str) -> Anchor:
        scored = sorted(((self._similarity(old, n), i) for i, n in enumerate(candidates)), reverse=True)
        if not scored:
            return Anchor(None, problem=f"{what} ya no está en el texto actual")
        best, index = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else 0.0
        if best >= BEST and best - runner_up >= MARGIN:
            return Anchor(candidates[index].eid, method="texto")
        problem = f"{what}: no se encontró con certeza en el texto actual (similitud {best:.2f})"
        return Anchor(None, problem=problem, candidate=candidates[index].eid if best >= SAME_NUMBER else None)

    def _by_text(self, old: Provision) -> Anchor:
        candidates = [n for n in self.new.walk() if n.kind == old.kind and n.level == old.level]
        text = exact_text(full_text(old))
        identical = [n for n in candidates if exact_text(full_text(n)) == text]
        if len(identical) == 1:
            return Anchor(identical[0].eid, method="texto")
        return self._best(old, candidates, label_of(self.old, old, self.old_parents))

    def _similarity(self, a: Provision, b: Provision) -> float:
        return similarity(self.coder.encode_text(full_text(a)), self.coder.encode_text(full_text(b))) / 100


# ------------------------------------------------------------------ a pasted text

@dataclass
class TextMatch:
    """The provision whose own text is most like a pasted one, and how sure that is."""

    node: Provision | None
    score: float  # 0–1
    runner_up: float = 0.0

    @property
    def sure(self) -> bool:
        """As sure as the follower is of a moved provision: clearly similar and clearly the best."""
        return self.node is not None and self.score >= BEST and self.score - self.runner_up >= MARGIN


def _printed_text(node: Provision) -> str:
    if node.kind in CONTAINER_KINDS:
        return " ".join(p for p in (node.num, node.heading) if p)
    return own_text(node)


def match_text(doc: Document, text: str) -> TextMatch:
    """The finest provision (párrafo, fracción, inciso… or a container's heading) of ``doc`` whose
    printed text is most similar to ``text`` (a paragraph of a department's own Word file)."""
    coder = WordCoder()
    wanted = coder.encode_text(text)
    if not wanted:
        return TextMatch(None, 0.0)
    scored = sorted(((similarity(wanted, coder.encode_text(printed)) / 100, index, node)
                     for index, node in enumerate(doc.walk())
                     if node.eid and (printed := _printed_text(node))), key=lambda item: (-item[0], item[1]))
    if not scored:
        return TextMatch(None, 0.0)
    return TextMatch(scored[0][2], scored[0][0], scored[1][0] if len(scored) > 1 else 0.0)
