"""Proposals: operations, publish, point in time, per-provision history, rebase, bad input."""

from __future__ import annotations

import pytest
from conftest import approve_for_publication, snapshot
from test_cli import REGULATION

from implan_regs import publication
from implan_regs.errors import ImplanError, InputError, NotFoundError, StoreError
from implan_regs.importers.text import import_text
from implan_regs.model.citation import resolve
from implan_regs.model.tree import DocumentMeta
from implan_regs.reform import service
from implan_regs.reform.storage import load_proposal
from implan_regs.reform.timeline import provision_history
from implan_regs.store import Store

WORK = "reglamento-prueba"

pytestmark = pytest.mark.backends("files", "postgres")


@pytest.fixture
def store(tmp_path) -> Store:
    s = Store.init(tmp_path / "acervo")
    meta = DocumentMeta(work=WORK, kind="reglamento", title="Reglamento de Prueba", date="2015-12-20",
                        entry_into_force="2015-12-20")
    s.save_expression(import_text(REGULATION, meta).document, author="ana")
    return s


def draft(store: Store, pid: str = "reforma-2018"):
    return load_proposal(store, pid).draft


def test_operations_change_the_draft_and_are_recorded(store):
    service.new_proposal(store, f"{WORK}@2015-12-20", "reforma-2018", "Reforma 2018", author="ana")
    op = service.operate(store, "reforma-2018", "reformar", citation="artículo 4",
                         text="Artículo 4.- Las sanciones se aplican conforme a la Ley y a este Reglamento.",
                         reason="Precisión", author="luis")
    assert (op.id, op.type, op.target, op.author, op.reason) == ("op-0001", "reformar", "art_4", "luis", "Precisión")
    assert "y a este Reglamento" in resolve(draft(store), "artículo 4").plain_text()

    added = service.operate(store, "reforma-2018", "adicionar", after="artículo 2",
                            text="Las constancias tienen vigencia de un año.", reason="Nueva regla")
    assert added.result == "art_2ter"
    numbers = [a.key for a in draft(store).articles()]
    assert numbers == ["1", "2", "2bis", "2ter", "3", "4"]

    service.operate(store, "reforma-2018", "derogar", citation="artículo 2 fracción III")
    fr = resolve(draft(store), "artículo 2 fracción III")
    assert fr.derogated and fr.text == "Se deroga."

    service.operate(store, "reforma-2018", "adicionar", after="capítulo I",
                    text="CAPÍTULO I BIS\nDE LAS CONSTANCIAS\n\nArtículo 2 Quáter.- Las constancias se expiden en "
                         "diez días hábiles.")
    chapters = [n.heading for n in draft(store).walk() if n.kind == "chapter"]
    assert chapters == ["DEL OBJETO", "DE LAS CONSTANCIAS", "DE LAS SANCIONES"]

    ops = load_proposal(store, "reforma-2018").operations
    assert [o.type for o in ops] == ["reformar", "adicionar", "derogar", "adicionar"]
    from implan_regs.schemas import validate_proposal_bytes
    from implan_regs.store.check import check_store

    assert validate_proposal_bytes(store.read_bytes(store.proposal_path("reforma-2018"))) == []
    assert check_store(store) == []
    actions = [(h.action, h.operation) for h in store.history(WORK) if h.proposal]
    assert actions[-1] == ("proposal-adicionar", "op-0004")


@pytest.mark.parametrize("op_type, kwargs, message", [
    ("reformar", {"citation": "artículo 99", "text": "x"}, "artículo 99"),
    ("derogar", {"citation": "artículo 3"}, "derogada"),
    ("reformar", {"citation": "artículo 3", "text": "Nuevo texto."}, "derogada"),
    ("adicionar", {"after": "artículo 1", "text": "Artículo 2.- Duplicado."}, "ya existe el artículo 2"),
    ("reformar", {"citation": "artículo 4", "text": "Artículo 5.- Otro número."}, "no al 4"),
])
def test_bad_operations_are_refused_and_change_nothing(store, op_type, kwargs, message):
    service.new_proposal(store, WORK, "p1", "Prueba")
    before = snapshot(store)
    with pytest.raises(ImplanError, match=message):
        service.operate(store, "p1", op_type, **kwargs)
    assert snapshot(store) == before


def test_overlapping_operations_are_refused(store):
    service.new_proposal(store, WORK, "p1", "Prueba")
    service.operate(store, "p1", "reformar", citation="artículo 2 fracción I", text="Alineamiento: la traza.")
    before = snapshot(store)
    with pytest.raises(InputError, match="se superpone con op-0001"):
        service.operate(store, "p1", "derogar", citation="artículo 2")
    with pytest.raises(InputError, match="se superpone con op-0001"):
        service.operate(store, "p1", "reformar", citation="artículo 2", text="Nuevo texto del artículo.")
    assert snapshot(store) == before
    service.operate(store, "p1", "reformar", citation="artículo 2 fracción I", text="Alineamiento: otra.")


def test_publish_makes_the_next_version_and_only_once(store):
    service.new_proposal(store, WORK, "reforma-2018", "Decreto de reforma 2018")
    service.operate(store, "reforma-2018", "reformar", citation="artículo 1",
                    text="Este Reglamento es de orden público, interés social y observancia general.")
    service.set_transitorios(store, "reforma-2018", ["El presente decreto entrará en vigor al día siguiente."])
    approve_for_publication(store, "reforma-2018", "2019-03-14")
    published = publication.publish(store, "reforma-2018", "2019-03-15", gazette_number="21")
    assert (published.date, published.published) == ("2019-03-16", "2019-03-15")  # the transitorio's "día siguiente"
    versions = store.expressions(WORK)
    assert [v.date for v in versions] == ["2015-12-20", "2019-03-16"]
    assert versions[-1].decree == "Decreto de reforma 2018"
    doc = store.load(WORK)
    blocks = doc.transitorios()
    assert len(blocks) == 2 and blocks[-1].children[0].num == "ÚNICO.-"
    assert "núm. 21" in blocks[-1].subheading
    assert load_proposal(store, "reforma-2018").status == "publicada"
    before = snapshot(store)
    with pytest.raises(StoreError, match="ya fue publicada"):
        publication.publish(store, "reforma-2018", "2019-04-01")
    with pytest.raises(StoreError, match="no admite cambios"):
        service.operate(store, "reforma-2018", "derogar", citation="artículo 4")
    assert snapshot(store) == before


def _reform(store, pid, date, citation, text):
    service.new_proposal(store, WORK, pid, f"Reforma {date}")
    service.operate(store, pid, "reformar", citation=citation, text=text)
    approve_for_publication(store, pid, date)
    publication.publish(store, pid, date, in_force=date)


def test_point_in_time_and_provision_history_across_three_versions(store):
    _reform(store, "r2017", "2017-01-01", "artículo 4", "Las sanciones se aplican conforme a la Ley Municipal.")
    _reform(store, "r2019", "2019-01-01", "artículo 1", "Este Reglamento es de orden público.")
    _reform(store, "r2020", "2020-01-01", "artículo 4", "Las multas se aplican conforme a la Ley Municipal.")
    assert store.in_force(WORK, "2016-06-01").date == "2015-12-20"
    assert store.in_force(WORK, "2018-06-01").date == "2017-01-01"
    at_2018 = store.load(WORK, store.in_force(WORK, "2018-06-01").date)
    assert "Ley Municipal" in resolve(at_2018, "artículo 4").plain_text()
    assert "multas" not in resolve(at_2018, "artículo 4").plain_text()
    hist = provision_history(store, WORK, "artículo 4")
    assert [(v.date, v.change) for v in hist] == [
        ("2015-12-20", "texto original"), ("2017-01-01", "reformado"),
        ("2019-01-01", "sin cambios"), ("2020-01-01", "reformado")]
    assert hist[1].decree == "Reforma 2017-01-01"
    with pytest.raises(NotFoundError):
        provision_history(store, WORK, "artículo 40")


def test_history_of_a_cited_provision_parses_no_whole_version(store, monkeypatch):
    """provision_history and 'history OBRA CITA' read the cited article of each version alone
    (issue 16.4), fracción citations and the reform notes the imported text recorded included."""
    from click.testing import CliRunner

    from implan_regs.cli import main
    from implan_regs.model import akn

    _reform(store, "r2017", "2017-01-01", "artículo 2 fracción II", "II. Densidad: viviendas por hectárea.")
    monkeypatch.setattr(akn, "from_element", lambda *a, **k: pytest.fail("a whole version was parsed"))
    hist = provision_history(store, WORK, "artículo 2 fracción II")
    assert [(v.date, v.change, v.eid) for v in hist] == [
        ("2015-12-20", "texto original", "art_2__point_II"), ("2017-01-01", "reformado", "art_2__point_II")]
    assert hist[1].text == "II. Densidad: viviendas por hectárea."
    shown = CliRunner().invoke(main, ["--root", str(store.root), "history", WORK, "artículo 2 fracción II"])
    assert shown.exit_code == 0, shown.output
    assert "@2017-01-01  reformado  (Reforma 2017-01-01)\n    II. Densidad: viviendas por hectárea." in shown.output


def test_rebase_replays_and_reports_conflicts(store):
    service.new_proposal(store, WORK, "mia", "Mi propuesta")
    service.operate(store, "mia", "reformar", citation="artículo 4", text="Sanciones conforme a la Ley de Ingresos.")
    service.operate(store, "mia", "derogar", citation="artículo 2 Bis")
    _reform(store, "otra", "2017-01-01", "artículo 1", "Objeto nuevo del Reglamento.")
    result = service.rebase(store, "mia")
    assert result.conflicts == [] and result.applied == ["op-0001", "op-0002"]
    rebased = load_proposal(store, "mia")
    assert rebased.base == "2017-01-01"
    assert "Objeto nuevo" in resolve(rebased.draft, "artículo 1").plain_text()
    assert "Ley de Ingresos" in resolve(rebased.draft, "artículo 4").plain_text()

    _reform(store, "tercera", "2018-01-01", "artículo 4", "Sanciones conforme al Código Municipal.")
    before = snapshot(store)
    result = service.rebase(store, "mia")
    assert [op for op, _ in result.conflicts] == ["op-0001"] and result.applied == ["op-0002"]
    assert snapshot(store) == before  # nothing written without drop_conflicts


def test_rebase_onto_another_work_is_refused(store):
    service.new_proposal(store, WORK, "mia", "Mi propuesta")
    with pytest.raises(InputError, match="otra obra"):
        service.rebase(store, "mia", "otra-obra@2015-12-20")


def test_new_work_proposal_and_bad_ids(store):
    meta = DocumentMeta(work="reglamento-interior", kind="reglamento", title="Reglamento Interior del IMPLAN")
    p = service.new_proposal(store, None, "interior-2019", "Expedición", new_work=meta)
    assert p.is_new_work and p.draft.meta.work == "reglamento-interior"
    service.operate(store, "interior-2019", "adicionar", text="CAPÍTULO I\nDISPOSICIONES GENERALES\n\n"
                    "Artículo 1.- Este Reglamento regula la organización del Instituto.")
    assert [a.key for a in load_proposal(store, "interior-2019").draft.articles()] == ["1"]
    with pytest.raises(InputError, match="identificador de propuesta"):
        service.new_proposal(store, WORK, "../x", "Mala")
    with pytest.raises(StoreError, match="ya existe"):
        service.new_proposal(store, WORK, "interior-2019", "Repetida")
