import json

import pytest
from conftest import sample_document, snapshot

from implan_regs.errors import InputError, NotFoundError, StoreError
from implan_regs.model.akn import to_xml
from implan_regs.store import Store

pytestmark = pytest.mark.backends("files", "postgres")


@pytest.fixture
def store(tmp_path):
    return Store.init(tmp_path / "acervo")


def test_open_refuses_a_folder_that_is_not_a_store(tmp_path):
    with pytest.raises(StoreError, match="no es un acervo"):
        Store.open(tmp_path)


def test_saved_expression_reads_back_identically(store):
    doc = sample_document()
    path = store.save_expression(doc, author="ana", message="carga inicial")
    assert path == store.root / "works/reglamento-prueba/expressions/spa@2015-12-20.xml"
    assert to_xml(store.load("reglamento-prueba", "2015-12-20")) == to_xml(doc)
    info = store.work("reglamento-prueba")
    assert info.uri == "/akn/mx-coa-torreon/act/reglamento/2015/reglamento-prueba"
    entry = store.history("reglamento-prueba")[-1]
    assert (entry.author, entry.action, entry.expression, entry.message) == ("ana", "import", "2015-12-20",
                                                                             "carga inicial")


def test_expressions_are_immutable_unless_replaced(store):
    store.save_expression(sample_document())
    before = snapshot(store)
    with pytest.raises(StoreError, match="--replace"):
        store.save_expression(sample_document(art2_text="Otro texto."))
    assert snapshot(store) == before
    store.save_expression(sample_document(art2_text="Otro texto."), replace=True, message="corrección")
    assert "Otro texto." in store.load("reglamento-prueba").body[0].children[0].children[1].plain_text()
    assert [e.action for e in store.history("reglamento-prueba")] == ["import", "replace"]


def test_point_in_time_uses_entry_into_force(store):
    store.save_expression(sample_document("2015-12-20"))
    second = sample_document("2019-03-16", art2_text="Texto reformado.")
    second.meta.entry_into_force = "2019-04-01"
    store.save_expression(second)
    assert [e.date for e in store.expressions("reglamento-prueba")] == ["2015-12-20", "2019-03-16"]
    assert store.in_force("reglamento-prueba", "2019-03-20").date == "2015-12-20"
    assert store.in_force("reglamento-prueba", "2019-04-01").date == "2019-03-16"
    with pytest.raises(NotFoundError, match="2010-01-01"):
        store.in_force("reglamento-prueba", "2010-01-01")


@pytest.mark.parametrize("work", ["../fuera", "a/b", "/etc", "Mayúsculas", "", "x" * 200])
def test_work_ids_cannot_escape_the_store(store, work):
    doc = sample_document(work=work)
    before = snapshot(store)
    with pytest.raises(InputError, match="identificador de obra inválido"):
        store.save_expression(doc)
    assert snapshot(store) == before


def test_a_work_keeps_its_kind(store):
    store.save_expression(sample_document())
    doc = sample_document("2020-01-01")
    doc.meta.kind = "ley"
    with pytest.raises(StoreError, match="tipo 'reglamento'"):
        store.save_expression(doc)


def test_history_is_append_only_json_lines(store):
    store.save_expression(sample_document())
    lines = store.backend.history_lines()
    assert [json.loads(line)["action"] for line in lines] == ["init", "import"]
    if store.backend.kind == "files":  # the file store keeps them, one a line, in history.jsonl
        assert (store.root / "history.jsonl").read_text("utf-8").splitlines() == lines


# ----------------------------------------------------------------- references: one resolver

def _proposal_named_like_its_work(store, monkeypatch):
    """A store from before ids were unique: proposal 'reglamento-prueba' on work 'reglamento-prueba'."""
    from implan_regs.reform import service

    store.save_expression(sample_document())
    with monkeypatch.context() as patch:
        patch.setattr(Store, "check_new_id", lambda *args: None)
        service.new_proposal(store, "reglamento-prueba@2015-12-20", "reglamento-prueba", "Reforma")
    service.operate(store, "reglamento-prueba", "reformar", citation="artículo 1",
                    text="Este Reglamento es de orden público y de interés social.")


def test_every_caller_reads_a_reference_the_same_way(store, monkeypatch):
    from click.testing import CliRunner

    from implan_regs import export
    from implan_regs.cli import main
    from implan_regs.store import Reference

    _proposal_named_like_its_work(store, monkeypatch)
    assert store.resolve("reglamento-prueba") == Reference(proposal="reglamento-prueba")
    assert store.resolve("reglamento-prueba@2015-12-20") == Reference(work="reglamento-prueba", date="2015-12-20")
    assert export.resolve(store, "reglamento-prueba").proposal.id == "reglamento-prueba"

    def cli(*args):
        result = CliRunner().invoke(main, ["--root", str(store.root), *args])
        assert result.exit_code == 0, result.output
        return result.output

    assert "de interés social" in cli("show", "reglamento-prueba", "--provision", "artículo 1")
    assert "de interés social" not in cli("show", "reglamento-prueba@2015-12-20", "--provision", "artículo 1")
    assert "reformado" in cli("diff", "reglamento-prueba@2015-12-20", "reglamento-prueba")


def test_observations_read_a_reference_as_the_store_does(store, monkeypatch):
    from implan_regs.observations.storage import PROPOSAL, resolve_subject

    _proposal_named_like_its_work(store, monkeypatch)
    assert resolve_subject(store, "reglamento-prueba").type == PROPOSAL


def test_unknown_references_are_named(store):
    with pytest.raises(NotFoundError, match="no existe una propuesta ni una obra"):
        store.resolve("nada")
    with pytest.raises(InputError, match="identificador de obra inválido"):
        store.resolve("../fuera")


def test_works_and_proposals_never_share_an_id(store):
    from implan_regs.model.tree import DocumentMeta
    from implan_regs.reform import service

    store.save_expression(sample_document())
    with pytest.raises(StoreError, match="ya existe una obra con ese identificador"):
        service.new_proposal(store, "reglamento-prueba", "reglamento-prueba", "Reforma")
    service.new_proposal(store, "reglamento-prueba", "reforma-2021", "Reforma")
    before = snapshot(store)
    with pytest.raises(StoreError, match="ya existe una propuesta con ese identificador"):
        store.save_expression(sample_document(work="reforma-2021"))
    new_work = DocumentMeta(work="reforma-2021", kind="reglamento", title="Reglamento Interior")
    with pytest.raises(StoreError, match="ya existe una propuesta con ese identificador"):
        service.new_proposal(store, None, "reglamento-interior-2022", "Nuevo", new_work=new_work)
    new_work.work = "reglamento-interior"
    with pytest.raises(InputError, match="identificadores distintos"):
        service.new_proposal(store, None, "reglamento-interior", "Nuevo", new_work=new_work)
    assert snapshot(store) == before
