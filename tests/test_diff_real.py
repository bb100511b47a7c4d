"""The diff on real texts: a programmatic restructure of real regulations, the Constitution
before/after the DOF 2024-12-20 decree, and a regulation replaced by another one."""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from implan_regs.diff import align_articles, diff_documents
from implan_regs.diff.model import Change
from implan_regs.model.eid import assign_eids
from implan_regs.model.tree import CONTAINER_KINDS, Document, DocumentMeta, Provision

SHARED_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

# The DOF 2024-12-20 decree (corpus README): the body articles it touched.
DECREE_ARTICLES = {"3", "6", "26", "27", "28", "41", "76", "78", "89", "105", "113", "116", "123", "134"}


@cache
def _import(name: str) -> Document:
    from implan_regs.importers import import_path

    meta = DocumentMeta(work=name.split("@")[0].split(".")[0], kind="reglamento", title=name)
    return import_path(SHARED_CORPUS / name, meta).document


def load(name: str) -> Document:
    """A corpus text, imported; skip (with the reason) when the corpus is missing."""
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"real texts not available: {SHARED_CORPUS} is absent")
    document = _import(name)
    if not document.articles():
        pytest.skip(f"the importer found no articles in {name}")
    return copy.deepcopy(document)


# ---------------------------------------------------------------------------------- restructure

@dataclass
class Restructure:
    """A restructured copy of a regulation and the truth: old number -> set of new numbers."""

    document: Document
    truth: dict[str | None, set[str]]  # None -> the numbers of the added articles
    amended: set[str]
    derogated: set[str]
    split: set[str]


def restructure(doc: Document, donor: Document, seed: int, *, amend: int = 50, chapters: int = 5,
                per_chapter: int = 4, derogate: int = 5, split: int = 2) -> Restructure:
    """Reorder chapters (and two títulos), amend ``amend`` articles by editing words, derogate
    some in place, split some in two, add ``chapters`` chapters of articles taken from ``donor``,
    then renumber every article 1..N."""
    rng = random.Random(seed)
    new = copy.deepcopy(doc)
    origin = {id(n): o.key for o, n in zip(doc.articles(), new.articles(), strict=True)}
    containers = _reorder_chapters(new, rng)
    picks = rng.sample(new.articles(), amend + derogate + split)
    amended, derogated, halves = picks[:amend], picks[amend:amend + derogate], picks[amend + derogate:]
    for article in amended:
        _edit_words(article, rng)
    for article in derogated:
        article.children = [Provision("paragraph", text="Se deroga.")]
        article.derogated = True
    for article in halves:
        part = _split(new, article)
        origin[id(part)] = origin[id(article)]
    donated = rng.sample([a for a in donor.articles() if len(a.plain_text()) > 200], chapters * per_chapter)
    for c in range(chapters):
        articles = [copy.deepcopy(a) for a in donated[c * per_chapter:(c + 1) * per_chapter]]
        origin.update({id(a): None for a in articles})
        chapter = Provision("chapter", num=f"CAPÍTULO NUEVO {c + 1}", key=f"n{c}", heading="NUEVO",
                            children=articles)
        parent = rng.choice(containers) if containers else None
        siblings = parent.children if parent is not None else new.body
        siblings.insert(rng.randrange(len(siblings) + 1), chapter)
    for number, article in enumerate(new.articles(), 1):
        article.key, article.num = str(number), f"Artículo {number}.-"
    assign_eids(new.body)
    truth: dict[str | None, set[str]] = {}
    for article in new.articles():
        truth.setdefault(origin[id(article)], set()).add(article.key)
    return Restructure(new, truth, {origin[id(a)] for a in amended}, {origin[id(a)] for a in derogated},
                       {origin[id(a)] for a in halves})


def _reorder_chapters(doc: Document, rng: random.Random) -> list[Provision]:
    titles = [n for n in doc.body if n.kind in CONTAINER_KINDS]
    for title in titles:
        chapters = [c for c in title.children if c.kind == "chapter"]
        if len(chapters) > 1:
            rng.shuffle(chapters)
            title.children = [c for c in title.children if c.kind != "chapter"] + chapters
    if len(titles) > 1:
        positions = [k for k, n in enumerate(doc.body) if n.kind in CONTAINER_KINDS]
        a, b = rng.sample(positions, 2)
        doc.body[a], doc.body[b] = doc.body[b], doc.body[a]
    return titles


def _edit_words(article: Provision, rng: random.Random) -> None:
    node = rng.choice([n for n in article.walk() if n.text and len(n.text.split()) > 4] or
                      [n for n in article.walk() if n.text])
    words = node.text.split()
    for _ in range(max(1, len(words) // 12)):
        words[rng.randrange(len(words))] = rng.choice(["municipal", "competente", "correspondiente", "vigente"])
    node.text = " ".join(words) + " conforme a la normatividad aplicable"


def _split(doc: Document, article: Provision) -> Provision:
    units = article.children
    if len(units) < 2:
        words = article.plain_text().split()
        units = [Provision("paragraph", text=" ".join(words[:len(words) // 2])),
                 Provision("paragraph", text=" ".join(words[len(words) // 2:]))]
    half = len(units) // 2
    article.children = units[:half]
    part = Provision("article", num="Artículo X.-", key="x", children=units[half:])
    siblings = _siblings(doc.body, article)
    siblings.insert(siblings.index(article) + 1, part)
    return part


def _siblings(nodes: list[Provision], target: Provision) -> list[Provision]:
    if target in nodes:
        return nodes
    for node in nodes:
        found = _siblings(node.children, target) if node.children else None
        if found is not None:
            return found
    return None  # type: ignore[return-value]


def score(old: Document, case: Restructure) -> tuple[float, list[str]]:
    """Share of correct correspondences (each old article, each added article) and the misses."""
    alignment = align_articles(old, case.document)
    got: dict[str, set[str]] = {}
    added = set()
    for pair in alignment.pairs:
        if pair.old is None:
            added.add(pair.new.key)
        else:
            got.setdefault(pair.old.key, set())
            if pair.new is not None:
                got[pair.old.key].add(pair.new.key)
    misses = [f"{a.key}: expected {case.truth.get(a.key)} got {got.get(a.key)}" for a in old.articles()
              if got.get(a.key) != case.truth.get(a.key, set())]
    expected_added = case.truth.get(None, set())
    misses += [f"added {n} not reported" for n in expected_added - added]
    misses += [f"{n} reported added" for n in added - expected_added]
    total = len(old.articles()) + len(expected_added)
    return 1 - len(misses) / total, misses


@pytest.mark.parametrize(("base", "donor", "seed"), [
    ("torreon-reglamento-movilidad-urbana.txt", "torreon-reglamento-interior-r-ayuntamiento.txt", 0),
    ("torreon-reglamento-movilidad-urbana.txt", "torreon-reglamento-interior-r-ayuntamiento.txt", 1),
    ("torreon-reglamento-interior-r-ayuntamiento.txt", "torreon-reglamento-movilidad-urbana.txt", 2),
])
def test_restructured_regulation_is_aligned_at_least_99_percent(base, donor, seed):
    old = load(base)
    case = restructure(old, load(donor), seed)
    assert len(case.truth[None]) == 20 and len(case.amended) == 50
    accuracy, misses = score(old, case)
    assert accuracy >= 0.99, misses


def test_restructure_verdicts():
    old = load("torreon-reglamento-movilidad-urbana.txt")
    case = restructure(old, load("torreon-reglamento-interior-r-ayuntamiento.txt"), seed=0)
    alignment = align_articles(old, case.document)
    assert alignment.replacement is False
    by_old: dict[str, set[str]] = {}
    for pair in alignment.pairs:
        if pair.old is not None:
            by_old.setdefault(pair.old.key, set()).add(pair.type)
    assert all(by_old[k] == {"derogated"} for k in case.derogated)
    assert all(by_old[k] == {"split"} for k in case.split)
    amended = {k for k in case.amended if k not in case.derogated | case.split}
    assert all(next(iter(by_old[k])).endswith("amended") for k in amended)
    untouched = set(by_old) - case.amended - case.derogated - case.split
    assert all(not next(iter(by_old[k])).endswith("amended") for k in untouched)
    assert alignment.counts()["added"] == 20


# --------------------------------------------------------------------------------- Constitution

@pytest.fixture(scope="module")
def constitution_diff():
    return diff_documents(load("cpeum@6e5fd21.rst"), load("cpeum@1b95a6d.rst"))


def article(diff, key: str) -> Change:
    return next(c for c in diff.articles if c.new is not None and c.new.eid == f"art_{key}")


def verdicts(change: Change) -> dict[str, str]:
    """eId (new side when present) -> change type, for the sub-provision changes of an article."""
    return {(sub.new or sub.old).eid: sub.type for sub in change.walk() if sub is not change}


def test_constitution_changed_articles_are_exactly_the_decree(constitution_diff):
    changed = {c.new.eid.removeprefix("art_") for c in constitution_diff.changed_articles()}
    assert changed == DECREE_ARTICLES  # precision and recall 1.0
    assert constitution_diff.replacement is False
    assert constitution_diff.summary["articles"] == {"unchanged": 122, "amended": 14}


def test_constitution_new_transitorios(constitution_diff):
    added = [c for c in constitution_diff.transitorios if c.type != "unchanged"]
    assert [c.type for c in added] == ["added"]
    assert "simplificación orgánica" in added[0].new.num


def test_constitution_article_28_added_paragraphs_and_moved_ones(constitution_diff):
    found = verdicts(article(constitution_diff, "28"))
    amended = {eid for eid, kind in found.items() if kind == "amended"}
    assert amended == {f"art_28__para_{n}" for n in (9, 15, 16, 17, 18, 19, 20)}  # noveno, décimo quinto–vigésimo
    assert found["art_28__para_21"] == found["art_28__para_22"] == "added"
    # the former vigésimo primero to trigésimo segundo: derogated (now 23rd–34th, "Se deroga párrafo")
    assert [found[f"art_28__para_{n}"] for n in range(23, 35)] == ["derogated"] * 12
    assert not any(kind.endswith("amended") for eid, kind in found.items() if eid not in amended)


def test_constitution_paragraphs_that_move_down_are_not_reformed(constitution_diff):
    art_134 = verdicts(article(constitution_diff, "134"))
    assert art_134["art_134__para_3"] == "added"
    assert {kind for eid, kind in art_134.items() if eid != "art_134__para_3"} == {"renumbered"}
    art_123 = verdicts(article(constitution_diff, "123"))
    assert art_123["art_123__point_A__point_XX__para_4"] == "added"  # párrafo quinto of fracción XX
    assert art_123["art_123__point_B__point_XII"] == "amended"
    assert {kind for kind in art_123.values()} == {"added", "renumbered", "amended"}
    art_26 = article(constitution_diff, "26")
    labels = {(s.type, (s.new or s.old).num) for s in art_26.walk() if s is not art_26}
    assert ("added", "párrafo tercero") in labels and ("derogated", "apartado C") in labels


def test_constitution_sub_provision_verdicts_follow_the_decree(constitution_diff):
    art_6 = verdicts(article(constitution_diff, "6"))
    viii = "art_6__point_A__point_VIII"
    assert art_6["art_6__para_3"] == "amended"
    assert art_6["art_6__point_A__point_II"] == art_6["art_6__point_A__point_IV"] == "amended"
    assert art_6["art_6__point_A__point_II__para_1"] == "added"  # párrafo segundo of fracción II
    # fracción VIII: párrafos primero (its own text), segundo and tercero reformed;
    # cuarto, quinto and séptimo to décimo sexto derogated; sexto untouched
    assert art_6[viii] == art_6[f"{viii}__para_1"] == art_6[f"{viii}__para_2"] == "amended"
    assert [art_6[f"{viii}__para_{n}"] for n in (3, 4, *range(6, 16))] == ["derogated"] * 12
    assert f"{viii}__para_5" not in art_6
    expected = {"3": {"art_3__point_IX": "derogated"},
                "27": {"art_27__para_6": "amended"},
                "41": {"art_41__point_I__para_4": "added", "art_41__point_V__point_A__point_a": "amended"},
                "76": {"art_76__point_II": "amended", "art_76__point_XII": "derogated"},
                "78": {"art_78__point_VII": "amended"},
                "89": {"art_89__point_III": "amended", "art_89__point_XIX": "derogated"},
                "105": {"art_105__point_II__point_h": "derogated"},
                "113": {"art_113__point_I": "amended"},
                "116": {"art_116__point_VIII": "amended"}}
    for key, subs in expected.items():
        assert verdicts(article(constitution_diff, key)) == subs, key


def test_constitution_labels_read_as_the_decree(constitution_diff):
    art_28 = article(constitution_diff, "28")
    added = [s.new.num for s in art_28.walk() if s.type == "added"]
    assert added == ["párrafo vigésimo primero", "párrafo vigésimo segundo"]
    art_41 = article(constitution_diff, "41")
    assert [s.new.num for s in art_41.walk() if s.type == "added"] == ["párrafo quinto"]


# ---------------------------------------------------------------------------------- replacement

def test_limpieza_regulation_is_a_replacement():
    old = load("torreon-reglamento-limpieza@abrogado-1991.txt")
    new = load("torreon-reglamento-limpieza@vigente.txt")
    diff = diff_documents(old, new)
    assert diff.replacement is True
    assert diff.alignment.evidence.share_high < 0.1
    pairs = [row for row in diff.correspondence() if row[0] and row[1]]
    assert len(pairs) <= 2  # few or no correspondences, never dozens of invented ones
    assert diff.summary["articles"].get("removed", 0) >= len(old.articles()) - 2
