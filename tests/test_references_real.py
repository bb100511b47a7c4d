"""Cross-reference repair after a full restructure of a real regulation."""

from __future__ import annotations

import copy

import pytest

from implan_regs.importers import import_path
from implan_regs.model.eid import assign_eids
from implan_regs.model.tree import CONTAINER_KINDS, DocumentMeta
from implan_regs.reform import service
from implan_regs.reform.references import check_references, find_references
from implan_regs.reform.storage import load_proposal
from implan_regs.render.text import render_text
from implan_regs.store import Store

WORK = "reglamento-movilidad-urbana"


@pytest.fixture(scope="module")
def restructured(shared_corpus_module):
    meta = DocumentMeta(work=WORK, kind="reglamento", title="Reglamento de Movilidad Urbana", date="2014-11-01")
    old = import_path(shared_corpus_module / "torreon-reglamento-movilidad-urbana.txt", meta).document
    new = copy.deepcopy(old)
    titles = [n for n in new.body if n.kind in CONTAINER_KINDS]
    rest = [n for n in new.body if n.kind not in CONTAINER_KINDS]
    new.body = titles[3:] + titles[:3] + rest  # move the first three títulos to the end
    correspondence = {}
    for number, article in enumerate(new.articles(), 1):  # renumber everything 1..N in the new order
        correspondence[article.key] = str(number)
        article.key, article.num = str(number), f"ARTÍCULO {number}.-"
    assign_eids(new.body, preamble=new.preamble)
    return old, new, correspondence


@pytest.fixture(scope="module")
def shared_corpus_module():
    from conftest import SHARED_CORPUS

    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"real texts not available: {SHARED_CORPUS} is absent")
    return SHARED_CORPUS


def _expected_moved(new, correspondence):
    """Every (provision, target) whose target article got another number: the ground truth."""
    expected = set()
    for article in new.articles():
        for node in article.walk():
            for ref in find_references(node.text or "", node.eid):
                if ref.internal and not ref.relative:
                    expected |= {(node.eid, t) for t in ref.targets
                                 if t in correspondence and correspondence[t] != t}
    return expected


def test_every_reference_to_a_moved_article_is_listed(restructured):
    old, new, correspondence = restructured
    expected = _expected_moved(new, correspondence)
    assert len(expected) >= 5  # six numeric references to articles that get another number
    issues = check_references(old, new, correspondence)
    listed = {(i.reference.eid, t) for i in issues if i.problem == "movido" for t in i.reference.targets
              if correspondence.get(t) != t}
    assert expected <= listed


def test_fix_rewrites_them_as_recorded_operations(restructured, tmp_path):
    old, new, correspondence = restructured
    store = Store.init(tmp_path / "acervo")
    store.save_expression(old)
    service.new_proposal(store, f"{WORK}@2014-11-01", "reestructura", "Reestructura integral")
    redraft = tmp_path / "reestructurado.txt"
    redraft.write_text(render_text(new), "utf-8")
    service.import_redraft(store, "reestructura", redraft)
    found = service.reference_issues(store, "reestructura")
    moved = [i for i in found if i.problem == "movido"]
    assert len(moved) >= len({eid for eid, _ in _expected_moved(new, correspondence)}) * 0.99
    ops = service.fix_references(store, "reestructura", author="ana")
    assert ops and all(op.type == "referencia" and op.reason.startswith("Actualización de referencias") for op in ops)
    assert [i for i in service.reference_issues(store, "reestructura") if i.problem == "movido"] == []
    draft = load_proposal(store, "reestructura").draft
    sample = moved[0]
    assert sample.rewrite in draft.find(sample.reference.eid).text
