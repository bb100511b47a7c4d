"""Acceptance: observations survive a full restructure of a real regulation.

The Torreón mobility regulation (shared corpus, 179 articles, 10 títulos, 27 capítulos) gets a
proposal; observations are made on articles, párrafos, fracciones, incisos, capítulos and a
transitorio. A script then restructures the draft — chapters reordered inside every título, two
títulos swapped, every article renumbered 1…N in the new order, one observed article amended and
one removed — and the restructured text is imported with ``proposal import`` (import_redraft).
Every observation must end up on the same text under its new number, except the one on the
removed article, which must be flagged "requiere reanclaje" and attached nowhere.
"""

from __future__ import annotations

import copy

import pytest
from conftest import SHARED_CORPUS

from implan_regs.importers import import_path
from implan_regs.model.eid import assign_eids
from implan_regs.model.numbers import int_to_ordinal, int_to_roman
from implan_regs.model.tree import Document, DocumentMeta
from implan_regs.observations import NewObservation, add, by_provision, observations_for, reanchor, storage
from implan_regs.observations.anchoring import label_of
from implan_regs.reform.service import import_redraft, new_proposal
from implan_regs.reform.storage import load_proposal
from implan_regs.render.text import render_text
from implan_regs.store import Store

pytestmark = pytest.mark.backends("files", "postgres")

SOURCE = "torreon-reglamento-movilidad-urbana.txt"
WORK = "reglamento-movilidad-urbana"
PID = "reestructura-2022"


def restructure(doc: Document, *, amend: str, remove: str) -> Document:
    """Reorder chapters and títulos, renumber every article, amend one and remove another."""
    new = copy.deepcopy(doc)
    titles = [n for n in new.body if n.kind == "title"]
    rest = [n for n in new.body if n.kind != "title"]
    titles[1], titles[5] = titles[5], titles[1]
    for t, title in enumerate(titles, 1):
        title.num, title.key = f"TÍTULO {int_to_roman(t)}", str(t)
        title.children.reverse()
        for c, chapter in enumerate(title.children, 1):
            chapter.num, chapter.key = f"CAPÍTULO {int_to_ordinal(c).upper()}", str(c)
            chapter.children = [a for a in chapter.children if a.eid != remove]
    new.body = titles + rest
    for n, article in enumerate(new.articles(), 1):
        if article.eid == amend:
            paragraph = next(p for p in article.walk() if p.kind == "paragraph" and p.text)
            paragraph.text = paragraph.text.replace("Municipio", "Ayuntamiento", 1) + " Así lo acordó el Cabildo."
        article.num, article.key = f"ARTÍCULO {n}.-", str(n)
    assign_eids(new.body, preamble=new.preamble)
    return new


def _targets(draft: Document) -> list[str]:
    """A spread of provisions of every level (eIds), chosen deterministically."""
    articles = draft.articles()
    eids = [a.eid for a in articles[::9]]
    for article in articles[3::11]:
        inner = [n for n in article.walk() if n is not article]
        levels = {}
        for node in inner:
            levels.setdefault(node.level or node.kind, node)
        eids += [n.eid for n in levels.values()]
    chapters = [n for n in draft.walk() if n.kind == "chapter"]
    eids += [c.eid for c in chapters[::4]]
    eids.append(next(n for n in draft.walk() if n.kind == "transitional").eid)
    return list(dict.fromkeys(eids))


@pytest.fixture
def corpus() -> None:
    if not (SHARED_CORPUS / SOURCE).is_file():
        pytest.skip(f"real texts not available: {SHARED_CORPUS / SOURCE} is absent")


def test_observations_survive_a_full_restructure(corpus, tmp_path):
    store = Store.init(tmp_path / "acervo")
    meta = DocumentMeta(work=WORK, kind="reglamento", title="Reglamento de Movilidad Urbana", date="2014-11-01")
    store.save_expression(import_path(SHARED_CORPUS / SOURCE, meta).document)
    new_proposal(store, f"{WORK}@2014-11-01", PID, "Reestructura 2022")
    draft = load_proposal(store, PID).draft
    eids = _targets(draft)
    observed = {}
    for eid in eids:
        obs = add(store, PID, NewObservation(eid, "Dirección General de Movilidad Urbana", f"Revisar {eid}.",
                                             "2022-03-01", kind="fondo"))
        observed[obs.id] = draft.find(eid)
    levels = {draft.find(e).level or draft.find(e).kind for e in eids}
    assert {"article", "paragraph", "fraccion", "inciso", "chapter", "transitional"} <= levels

    articles = [a.eid for a in draft.articles()]
    amended, removed = articles[9], articles[18]  # both observed (every 9th article)
    restructured = restructure(draft, amend=amended, remove=removed)
    text = tmp_path / "reestructura.txt"
    text.write_text(render_text(restructured), "utf-8")
    import_redraft(store, PID, text, reason="Reestructura integral")

    current = load_proposal(store, PID).draft
    assert [a.key for a in current.articles()] == [str(n) for n in range(1, len(articles))]
    results = {o.id: o for o in observations_for(store, PID)}
    flagged = [o for o in results.values() if not o.target.anchored]
    assert [o.target.original_eid for o in flagged] == [removed]
    assert "suprimido" in flagged[0].target.problem
    moved = 0
    for obs_id, old_node in observed.items():
        obs = results[obs_id]
        if old_node.eid == removed:
            continue
        assert obs.target.anchored, (obs_id, obs.target.original_label, obs.target.problem)
        node = current.find(obs.target.eid)
        assert node is not None and node.kind == old_node.kind and node.level == old_node.level
        assert obs.target.label == label_of(current, node)
        if old_node.kind == "chapter":
            assert node.heading == old_node.heading
        elif old_node.eid == amended:
            assert "Así lo acordó el Cabildo." in node.plain_text()
        else:
            assert node.plain_text() == old_node.plain_text(), obs.target.original_label
        moved += obs.target.eid != old_node.eid
    assert moved > len(observed) * 0.6  # títulos I and the transitorios stay where they were

    result = reanchor(store, PID, author="ana")
    assert len(result.moved) == moved and [o.target.original_eid for o in result.flagged] == [removed]
    for path in storage.observation_paths(store):
        obs = storage.read_observation(store, path)
        assert obs.target.eid == results[obs.id].target.eid
    assert sum(len(v) for v in by_provision(observations_for(store, PID)).values()) == len(observed) - 1
