"""Observations: adding, answering, CSV import, report, re-anchoring, the CLI, bad input.

The subject is the sample corpus's reglamento (corpus/, always present) with the demo's
reform proposal ``reforma-2021`` (amends art. 30 párrafo primero, adds art. 45 Ter, adds capítulo
III of título cuarto with arts. 52 Bis/52 Ter, derogates art. 50 fracción II). Every test runs on
both store backends: the template is built once as a file store and copied into each test's backend.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import PROJECT, approve_for_publication, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from raw_store import copy_store

from implan_regs.cli import main
from implan_regs.errors import ImplanError, InputError, NotFoundError
from implan_regs.importers import import_path
from implan_regs.model.citation import resolve
from implan_regs.model.tree import DocumentMeta
from implan_regs.observations import (
    NewObservation,
    add,
    answer,
    article_eid,
    by_provision,
    import_csv,
    needs_reanchoring,
    observations_for,
    reanchor,
    reanchor_to,
    report,
    storage,
)
from implan_regs.observations.anchoring import label_of
from implan_regs.observations.csvimport import CsvImportError
from implan_regs.observations.model import format_id
from implan_regs.observations.xmlio import validate_observation_bytes
from implan_regs.publication import publish
from implan_regs.reform import service as reform
from implan_regs.reform.storage import load_proposal
from implan_regs.store import Store

CORPUS = PROJECT / "corpus"
SAMPLE_CSV = CORPUS / "observaciones-reforma-2021.csv"
WORK = "reglamento-desarrollo-urbano"
PID = "reforma-2021"
CHAPTER = ("CAPÍTULO III\nDE LA ACCESIBILIDAD UNIVERSAL\n\nArtículo 52 Bis.- Las edificaciones de uso público "
           "deberán garantizar la accesibilidad de las personas con discapacidad.\n\nArtículo 52 Ter.- La "
           "Dirección no expedirá la Licencia de Construcción sin la verificación del proyecto de accesibilidad.")
DGOP = "Dirección General de Obras Públicas"
JURIDICA = "Dirección General Jurídica"

pytestmark = pytest.mark.backends("files", "postgres")


def _build_template(root: Path) -> None:
    store = Store.init(root, backend="files")  # copied into each test's backend by the store fixture
    for date in ("2015-12-20", "2019-03-16"):
        meta = DocumentMeta(work=WORK, kind="reglamento", title="Reglamento de Desarrollo Urbano", date=date,
                            entry_into_force=date)
        store.save_expression(import_path(CORPUS / f"{WORK}@{date}.txt", meta).document, author="carga")
    reform.new_proposal(store, f"{WORK}@2019-03-16", PID, "Reforma 2021", author="Lic. Ana Martínez")
    reform.operate(store, PID, "reformar", citation="párrafo primero del artículo 30",
                   text="La constancia de alineamiento y número oficial tendrá una vigencia de dos años.")
    reform.operate(store, PID, "adicionar", after="artículo 45 Bis",
                   text="Los estacionamientos de más de cincuenta cajones destinarán el dos por ciento de sus "
                        "cajones a la recarga de vehículos eléctricos.")
    reform.operate(store, PID, "adicionar", after="título cuarto capítulo II", text=CHAPTER)
    reform.operate(store, PID, "derogar", citation="artículo 50 fracción II")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("plantilla") / "acervo"
    _build_template(root)
    return root


@pytest.fixture
def store(template, tmp_path) -> Store:
    return copy_store(template, tmp_path / "acervo")


def obs_input(provision: str, department: str = DGOP, **kw) -> NewObservation:
    return NewObservation(provision, department, kw.pop("text", "Revisar la redacción."),
                          kw.pop("received", "2021-05-03"), **kw)


def files(store: Store) -> list[Path]:
    return storage.observation_paths(store)


# ------------------------------------------------------------------ adding

@pytest.mark.parametrize("citation, eid, label", [
    ("artículo 45 Ter", "art_45ter", "artículo 45 Ter"),
    ("párrafo primero del artículo 30", "art_30__para_1", "artículo 30 párrafo primero"),
    ("artículo 47 fracción I inciso c)", "art_47__point_I__point_c", "artículo 47 fracción I inciso c)"),
    ("título cuarto capítulo III", "title_4__chp_3", "título cuarto capítulo III"),
    ("art_50__point_II", "art_50__point_II", "artículo 50 fracción II"),
])
def test_add_anchors_to_the_draft_keeps_a_quote_and_a_valid_file(store, citation, eid, label):
    obs = add(store, PID, obs_input(citation, author="Ing. R. Castañeda", kind="forma"), author="ana")
    assert (obs.id, obs.target.eid, obs.target.label, obs.status) == ("OBS-0001", eid, label, "pendiente")
    draft = load_proposal(store, PID).draft
    assert resolve(draft, obs.target.label).eid == eid  # the label is a citation that resolves back
    assert obs.target.quote and obs.target.quote.split()[-1] in resolve(draft, eid).plain_text() + " " + \
        (resolve(draft, eid).heading or "")
    path = storage.observation_path(store, obs)
    assert path == store.root / "observations" / PID / "OBS-0001.xml"
    assert validate_observation_bytes(store.read_bytes(path)) == []
    again = storage.load_observation(store, "OBS-0001")
    assert (again.department, again.author, again.kind, again.received, again.due) == (
        DGOP, "Ing. R. Castañeda", "forma", "2021-05-03", "2021-05-24")
    assert [(e.type, e.author, e.after) for e in again.history] == [("alta", "ana", "pendiente")]
    last = store.history()[-1]
    assert (last.action, last.proposal, last.author) == ("observation-add", PID, "ana")
    assert "OBS-0001" in last.message


def test_quote_is_the_text_observed(store):
    obs = add(store, PID, obs_input("artículo 50 fracción II"))
    assert obs.target.quote == "II. Se deroga."
    chapter = add(store, PID, obs_input("título cuarto capítulo III"))
    assert chapter.target.quote == "CAPÍTULO III DE LA ACCESIBILIDAD UNIVERSAL"
    article = add(store, PID, obs_input("artículo 52 Bis"))
    assert article.target.quote.startswith("Artículo 52 Bis.- Las edificaciones de uso público")


def test_ids_are_unique_across_subjects_and_versions_in_force_can_be_observed(store):
    first = add(store, PID, obs_input("artículo 1"))
    in_force = add(store, WORK, obs_input("artículo 12", department=JURIDICA))  # latest version in force
    dated = add(store, f"{WORK}@2015-12-20", obs_input("artículo 12 párrafo primero"))
    assert [first.id, in_force.id, dated.id] == ["OBS-0001", "OBS-0002", "OBS-0003"]
    assert (in_force.subject, in_force.subject_type) == (f"{WORK}@2019-03-16", "vigente")
    assert dated.target.quote.startswith("Para ser admitido") or dated.target.quote
    assert [o.id for o in observations_for(store, f"{WORK}@2019-03-16")] == ["OBS-0002"]
    assert [o.id for o in observations_for(store, PID)] == ["OBS-0001"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=st.dictionaries(st.integers(1, 2_000_000), st.sampled_from([PID, f"{WORK}@2019-03-16", "otra-2020"]),
                             max_size=6))
def test_next_id_and_the_file_of_an_id_follow_the_stored_files(store, batch):
    """Whatever ids are stored, in whichever subjects (more than four digits too): the next id is
    one more than the highest and each id names its file, on files by listing, on PostgreSQL by
    the index on the number. Files that are no observation (a snapshot, a short name) never count."""
    stored = {int(p.stem[4:]): p for p in storage.observation_paths(store)}
    batch = {n: subject for n, subject in batch.items() if n not in stored}
    with store.locked():
        for number, subject in batch.items():
            path = storage.subject_dir(store, subject) / f"{format_id(number)}.xml"
            store.stage(path, b"<x/>")
            stored[number] = path
        store.stage(storage.subject_dir(store, PID) / "snapshots" / "OBS-9999999.xml", b"<x/>")
        store.stage(storage.subject_dir(store, PID) / "OBS-123.xml", b"<x/>")
    assert storage.next_number(store) == max(stored, default=0) + 1
    for number, path in stored.items():
        assert storage.find_path(store, format_id(number)) == path
    with pytest.raises(NotFoundError):
        storage.find_path(store, format_id(max(stored, default=0) + 1))
    with pytest.raises(NotFoundError):
        storage.find_path(store, "OBS-9999999")


def test_plans_take_chapters_strategies_and_lines_of_action(tmp_path):
    store = Store.init(tmp_path / "acervo")
    meta = DocumentMeta(work="programa-centro", kind="programa", title="Programa Parcial", date="2017-07-01")
    store.save_expression(import_path(CORPUS / "plan-director-centro.txt", meta).document)
    reform.new_proposal(store, "programa-centro", "actualizacion-2022", "Actualización 2022")
    cases = {"capítulo V": ("chp_5", "capítulo V"),
             "estrategia 2": ("chp_5__point_2", "estrategia 2"),
             "línea de acción 2.1": ("chp_5__point_2__point_2-1", "línea de acción 2.1"),
             "objetivo 3": ("chp_4__point_3", "objetivo 3")}
    for citation, (eid, label) in cases.items():
        obs = add(store, "actualizacion-2022", obs_input(citation, department="Taller ciudadano Centro"))
        assert (obs.target.eid, obs.target.label, obs.target.level) == (eid, label, obs.target.level)
    levels = [o.target.level for o in observations_for(store, "actualizacion-2022")]
    assert levels == ["chapter", "estrategia", "linea", "objetivo"]
    with pytest.raises(NotFoundError, match="estrategia 9"):
        add(store, "actualizacion-2022", obs_input("estrategia 9"))


@pytest.mark.parametrize("subject, citation, kwargs, message", [
    (PID, "artículo 99", {}, "no existe"),
    (PID, "artículo 45 fracción XX", {}, "no existe"),
    ("reforma-inexistente", "artículo 1", {}, "no existe una propuesta ni una obra"),
    (PID, "artículo 1", {"received": "2021-02-30"}, "inexistente en el calendario"),
    (PID, "artículo 1", {"kind": "urgente"}, "forma' o 'fondo"),
    (PID, "artículo 1", {"due": "2021-04-01"}, "anterior a la de recepción"),
    (PID, "artículo 1", {"text": "   "}, "texto de la observación"),
])
def test_bad_additions_are_refused_and_write_nothing(store, subject, citation, kwargs, message):
    before = snapshot(store)
    with pytest.raises(ImplanError, match=message):
        add(store, subject, obs_input(citation, **kwargs))
    assert snapshot(store) == before


# ------------------------------------------------------------------ answering

def test_answer_workflow_keeps_every_change_in_the_history(store):
    reform_ops = [op.id for op in load_proposal(store, PID).operations]
    assert reform_ops == ["op-0001", "op-0002", "op-0003", "op-0004"]
    obs = add(store, PID, obs_input("artículo 45 Ter"))
    answer(store, obs.id, "en análisis", author="luis", response="Se consulta a Movilidad.")
    answered = answer(store, obs.id, "atendida parcialmente", response="Se incluyen edificios públicos.",
                      change="op-0002", author="ana", date="2021-06-01")
    assert (answered.status, answered.responder, answered.answered, answered.change) == (
        "atendida parcialmente", "ana", "2021-06-01", "op-0002")
    done = answer(store, obs.id, "atendida", response="Se elevó el porcentaje.", author="ana", date="2021-06-10")
    assert done.response == "Se elevó el porcentaje." and done.change == "op-0002"
    reopened = answer(store, obs.id, "en análisis", response="La Dirección pide revisar.", author="luis")
    assert reopened.response is None and reopened.answered is None
    final = answer(store, obs.id, "justificada", response="La LGAHOTDU art. 59 faculta al municipio.",
                   author="ana", date="2021-07-01")
    stored = storage.load_observation(store, obs.id)
    assert stored.status == final.status == "justificada"
    assert stored.response == "La LGAHOTDU art. 59 faculta al municipio."
    assert [(e.type, e.before, e.after, e.author) for e in stored.history] == [
        ("alta", None, "pendiente", stored.created_by), ("estado", "pendiente", "en análisis", "luis"),
        ("estado", "en análisis", "atendida parcialmente", "ana"), ("estado", "atendida parcialmente", "atendida", "ana"),
        ("estado", "atendida", "en análisis", "luis"), ("estado", "en análisis", "justificada", "ana")]
    assert stored.history[2].note == "Se incluyen edificios públicos. [op-0002]"
    assert validate_observation_bytes(store.read_bytes(storage.observation_path(store, stored))) == []
    assert [h.action for h in store.history()][-5:] == ["observation-answer"] * 5


@pytest.mark.parametrize("setup, obs_id, status, kwargs, message", [
    (None, "OBS-0001", "justificada", {}, "exige una respuesta"),
    (None, "OBS-0001", "justificada", {"response": "  "}, "exige una respuesta"),
    (None, "OBS-0001", "atendida parcialmente", {}, "exige una respuesta"),
    (None, "OBS-0001", "atendida", {}, "o la operación"),
    (None, "OBS-0042", "atendida", {"response": "x"}, "observación inexistente"),
    (None, "OBS-1", "atendida", {"response": "x"}, "identificador de observación inválido"),
    (None, "OBS-0001", "pendiente", {}, "ya está 'pendiente'"),
    (None, "OBS-0001", "archivada", {}, "estado inválido"),
    ("atendida", "OBS-0001", "justificada", {"response": "x"}, "reábrala primero"),
    ("atendida", "OBS-0001", "pendiente", {}, "no se puede pasar de 'atendida' a 'pendiente'"),
    (None, "OBS-0001", "atendida", {"response": "x", "change": "op-0009"}, "no es una operación de la propuesta"),
    (None, "OBS-0001", "atendida", {"response": "x", "date": "01/06/2021"}, "AAAA-MM-DD"),
])
def test_bad_answers_are_refused_and_write_nothing(store, setup, obs_id, status, kwargs, message):
    add(store, PID, obs_input("artículo 45 Ter"))
    if setup:
        answer(store, "OBS-0001", setup, response="Hecho.")
    before = snapshot(store)
    with pytest.raises(ImplanError, match=message):
        answer(store, obs_id, status, **kwargs)
    assert snapshot(store) == before


def test_change_is_refused_on_a_version_in_force(store):
    obs = add(store, WORK, obs_input("artículo 12"))
    with pytest.raises(InputError, match="versión vigente"):
        answer(store, obs.id, "atendida", response="x", change="op-0001")


def test_due_dates_and_overdue(store):
    default = add(store, PID, obs_input("artículo 1", received="2021-05-07"))  # a Friday
    assert default.due == "2021-05-28"  # 15 días hábiles
    explicit = add(store, PID, obs_input("artículo 2", received="2021-05-07", due="2021-05-10"))
    assert explicit.due == "2021-05-10"
    assert explicit.days_overdue("2021-05-10") == 0 and explicit.days_overdue("2021-05-13") == 3
    answer(store, explicit.id, "atendida", response="Hecho.")
    assert storage.load_observation(store, explicit.id).is_overdue("2030-01-01") is False


# ------------------------------------------------------------------ CSV

def test_sample_csv_imports_every_row(store):
    result = import_csv(store, PID, SAMPLE_CSV, author="oficialia")
    assert len(result.observations) == 28
    assert [o.id for o in result.observations][:2] == ["OBS-0001", "OBS-0002"]
    observations = observations_for(store, PID)
    departments = {o.department for o in observations}
    assert {"Dirección General de Ordenamiento Territorial y Urbanismo", DGOP, "Dirección General de Medio Ambiente",
            "Dirección Municipal de Protección Civil y Bomberos", "Dirección General de Movilidad Urbana",
            JURIDICA} == departments
    on_new_article = by_provision(observations)["art_45ter"]
    assert len(on_new_article) == 5 and {o.kind for o in on_new_article} == {"forma", "fondo"}
    assert by_provision(observations)["title_4__chp_3"][0].department.startswith("Dirección Municipal de Protección")
    assert all(validate_observation_bytes(store.read_bytes(p)) == [] for p in files(store))
    assert store.history()[-1].action == "observation-import" and "28 observaciones" in store.history()[-1].message


def test_csv_with_bad_rows_imports_nothing_and_reports_each_row(store, tmp_path):
    lines = SAMPLE_CSV.read_text("utf-8").splitlines()
    lines.insert(3, f"{DGOP},artículo 99,No existe este artículo.,2021-05-04,fondo,X")
    lines.insert(6, f"{JURIDICA},artículo 1,Fecha imposible.,31/02/2021,forma,Y")
    lines.insert(8, f"{JURIDICA},artículo 1,,2021-05-04,forma,Y")
    lines.insert(9, f"{JURIDICA},artículo 1,Tipo raro.,2021-05-04,urgente,Y")
    bad = tmp_path / "malo.csv"
    bad.write_text("\n".join(lines) + "\n", "utf-8")
    before = snapshot(store)
    with pytest.raises(CsvImportError) as caught:
        import_csv(store, PID, bad)
    assert [(e.row, e.message.split(" (")[0].split(" '")[0]) for e in caught.value.errors] == [
        (4, "no existe: artículo 99"), (7, "fecha inválida"), (9, "falta observación"), (10, "tipo inválido")]
    assert "4 fila(s) con errores, no se importó nada" in str(caught.value)
    assert snapshot(store) == before


def test_csv_semicolons_latin1_and_day_first_dates(store, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("Dependencia;Artículo;Observación;Fecha de recepción;Autor;Vence\n"
                     f"{DGOP};artículo 45 Ter;Precisar el porcentaje.;03/05/2021;Ing. Peña;10/05/2021\n"
                     .encode("cp1252"))
    result = import_csv(store, PID, path)
    obs = result.observations[0]
    assert (obs.department, obs.received, obs.due, obs.author, obs.kind) == (
        DGOP, "2021-05-03", "2021-05-10", "Ing. Peña", "fondo")


@pytest.mark.parametrize("content, message", [
    ("", "vacío"),
    ("dependencia,observacion,fecha\nX,Y,2021-05-01\n", r"faltan columnas en el encabezado \(fila 1\): disposición"),
    ("dependencia,disposicion,observacion,fecha\n", "no tiene filas"),
])
def test_csv_file_level_problems(store, tmp_path, content, message):
    path = tmp_path / "x.csv"
    path.write_text(content, "utf-8")
    before = snapshot(store)
    with pytest.raises(InputError, match=message):
        import_csv(store, PID, path)
    assert snapshot(store) == before


def test_csv_dry_run_writes_nothing(store):
    before = snapshot(store)
    result = import_csv(store, PID, SAMPLE_CSV, dry_run=True)
    assert len(result.observations) == 28 and snapshot(store) == before


# ------------------------------------------------------------------ report and API for exports

def test_report_counts_by_department_and_status(store):
    import_csv(store, PID, SAMPLE_CSV)
    answer(store, "OBS-0002", "atendida", response="Se incluyen edificios públicos.", change="op-0002")
    answer(store, "OBS-0013", "justificada", response="El Atlas de Riesgos regula la pendiente.")
    answer(store, "OBS-0001", "en análisis")
    data = report(store, PID, on="2021-05-26")
    dgop = next(r for r in data["departments"] if r["department"] == DGOP)
    assert dgop["counts"] == {"pendiente": 5, "en análisis": 0, "atendida": 1, "atendida parcialmente": 0,
                              "justificada": 0}
    assert (dgop["total"], dgop["open"]) == (6, 5)
    totals = data["totals"]
    assert (totals["total"], totals["pendiente"], totals["en análisis"], totals["atendida"], totals["justificada"],
            totals["open"]) == (28, 25, 1, 1, 1, 26)
    # due 2021-05-24 (received 05-03) and 05-25 (received 05-04) are overdue on 05-26; OBS-0002 was answered
    assert [(o["id"], o["days_overdue"]) for o in data["overdue"]] == [
        ("OBS-0001", 2), ("OBS-0008", 2), ("OBS-0007", 1), ("OBS-0010", 1)]
    assert len(data["open"]) == 26 and data["needs_reanchoring"] == []


def test_by_provision_rolls_up_to_articles():
    assert article_eid("art_45__point_III__point_a") == "art_45"
    assert article_eid("transitorios_1__trans_2__para_1") == "transitorios_1__trans_2"
    assert article_eid("chp_5__point_2") == "chp_5__point_2"


def test_by_provision_groups_by_article(store):
    add(store, PID, obs_input("artículo 50 fracción II"))
    add(store, PID, obs_input("artículo 50"))
    add(store, PID, obs_input("artículo 30 párrafo primero"))
    observations = observations_for(store, PID)
    assert {k: [o.id for o in v] for k, v in by_provision(observations, article=True).items()} == {
        "art_50": ["OBS-0001", "OBS-0002"], "art_30": ["OBS-0003"]}
    assert list(by_provision(observations)) == ["art_50__point_II", "art_50", "art_30__para_1"]


# ------------------------------------------------------------------ re-anchoring

def _draft(store: Store):
    return load_proposal(store, PID).draft


def test_observations_follow_inserted_and_moved_articles(store):
    on_45ter = add(store, PID, obs_input("artículo 45 Ter"))
    on_fraction = add(store, PID, obs_input("artículo 47 fracción I inciso c)"))
    on_para = add(store, PID, obs_input("artículo 30 párrafo segundo"))
    # Renumber: art. 47 becomes 47 Bis after a new article placed before it, 45 Ter moves and is renumbered.
    reform.operate(store, PID, "mover", citation="artículo 47", after="artículo 48", number="48 Bis")
    reform.operate(store, PID, "mover", citation="artículo 45 Ter", after="artículo 46", number="46 Bis")
    reform.operate(store, PID, "reformar", citation="artículo 30 párrafo primero",
                   text="La constancia de alineamiento tendrá una vigencia de tres años.")
    before = snapshot(store)
    current = {o.id: o for o in observations_for(store, PID)}
    assert snapshot(store) == before  # reading never writes
    assert current[on_45ter.id].target.label == "artículo 46 Bis"
    assert current[on_fraction.id].target.eid == "art_48bis__point_I__point_c"
    assert current[on_fraction.id].target.label == "artículo 48 Bis fracción I inciso c)"
    assert current[on_para.id].target.eid == "art_30__para_2"
    assert all(o.target.anchored for o in current.values())
    assert current[on_fraction.id].target.original_label == "artículo 47 fracción I inciso c)"

    result = reanchor(store, PID, author="ana")
    assert sorted(o.id for o in result.moved) == [on_45ter.id, on_fraction.id] and result.flagged == []
    stored = storage.load_observation(store, on_fraction.id)
    assert stored.target.eid == "art_48bis__point_I__point_c"
    assert [(e.type, e.before, e.after) for e in stored.history][-1] == (
        "reanclaje", "art_47__point_I__point_c", "art_48bis__point_I__point_c")
    assert validate_observation_bytes(store.read_bytes(storage.observation_path(store, stored))) == []
    assert store.history()[-1].action == "observation-reanchor"
    assert reanchor(store, PID).moved == []  # idempotent


def test_removed_or_derogated_provisions_are_flagged_never_moved(store, tmp_path):
    on_article = add(store, PID, obs_input("artículo 52 Ter"))
    on_fraction = add(store, PID, obs_input("artículo 49 fracción II"))
    safe = add(store, PID, obs_input("artículo 52 Bis"))
    draft = _draft(store)
    text = (tmp_path / "x.txt")
    from implan_regs.render.text import render_text

    rendered = render_text(draft)
    start = rendered.index("Artículo 52 Ter.-")
    end = rendered.index("\n\n", start)
    text.write_text(rendered[:start] + rendered[end + 2:], "utf-8")
    reform.import_redraft(store, PID, text)
    reform.operate(store, PID, "derogar", citation="artículo 49 fracción II")
    current = {o.id: o for o in observations_for(store, PID)}
    assert current[safe.id].target.anchored and current[safe.id].target.eid == "art_52bis"
    flagged = current[on_article.id].target
    assert (flagged.anchored, flagged.anchor_status) == (False, "requiere reanclaje")
    assert "suprimido" in flagged.problem and flagged.eid == "art_52ter"
    derogated = current[on_fraction.id].target
    assert not derogated.anchored and "derogad" in derogated.problem
    assert derogated.candidate == "art_49__point_II"
    observations = list(current.values())
    assert [o.id for o in needs_reanchoring(observations)] == [on_article.id, on_fraction.id]
    assert "art_52ter" not in by_provision(observations)

    result = reanchor(store, PID)
    assert sorted(o.id for o in result.flagged) == [on_article.id, on_fraction.id]
    assert report(store, PID)["totals"]["needs_reanchoring"] == 2
    fixed = reanchor_to(store, on_article.id, "artículo 52 Bis", author="ana", note="Se fusionó con el 52 Bis")
    assert (fixed.target.anchored, fixed.target.eid, fixed.target.original_label) == (True, "art_52bis", "artículo 52 Ter")
    assert fixed.history[-1].note == "Se fusionó con el 52 Bis"
    assert storage.load_observation(store, on_article.id).target.anchored


def test_rebase_keeps_observations_attached(store):
    obs = add(store, PID, obs_input("artículo 45 Ter"))
    reform.new_proposal(store, WORK, "fe-de-erratas", "Fe de erratas")
    reform.operate(store, "fe-de-erratas", "reformar", citation="artículo 46",
                   text="Los requerimientos de los usos no previstos los determina la Dirección.")
    approve_for_publication(store, "fe-de-erratas", "2020-06-02")
    publish(store, "fe-de-erratas", "2020-06-02", in_force="2020-06-02")
    assert reform.rebase(store, PID).conflicts == []
    assert label_of(_draft(store), _draft(store).find("art_45ter")) == "artículo 45 Ter"
    assert observations_for(store, PID)[0].target.eid == "art_45ter"
    assert observations_for(store, PID)[0].target.anchored and obs.target.state != \
        storage.resolve_subject(store, PID).state


# ------------------------------------------------------------------ CLI

def cli(root: Path, *args: str):
    return CliRunner().invoke(main, ["--root", str(root), "observe", *args])


def test_cli_end_to_end(store):
    root = store.root
    added = cli(root, "add", PID, "artículo 20 fracción III", "--department",
                "Dirección General de Ordenamiento Territorial y Urbanismo", "--author", "Arq. N. Apellido",
                "--text", "La densidad propuesta contradice el PDDU", "--kind", "fondo", "--received", "2021-05-03")
    assert added.exit_code == 0, added.output
    assert added.output.strip() == "OBS-0001 registrada sobre artículo 20 fracción III de reforma-2021 (vence 2021-05-24)"
    imported = cli(root, "import", PID, str(SAMPLE_CSV))
    assert imported.exit_code == 0 and "28 observaciones importadas en reforma-2021 (OBS-0002–OBS-0029)" in imported.output
    listing = cli(root, "list", PID, "--status", "pendiente", "--department", "Obras Públicas", "--json")
    rows = json.loads(listing.output)
    assert len(rows) == 6 and {r["department"] for r in rows} == {DGOP}
    assert rows[0]["provision"]["label"] == "artículo 45 Ter"
    attended = cli(root, "answer", "OBS-0003", "--status", "atendida", "--response", "Se ajustó el porcentaje.",
                   "--change", "op-0002", "--author", "Lic. Ana Martínez")
    assert attended.exit_code == 0 and attended.output.strip() == "OBS-0003: pendiente → atendida (op-0002)"
    justified = cli(root, "answer", "OBS-0014", "--status", "justificada", "--response",
                    "La LGAHOTDU art. 59 faculta al municipio.", "--json")
    assert json.loads(justified.output)["status"] == "justificada"
    shown = cli(root, "show", "OBS-0003")
    assert "Respuesta (Lic. Ana Martínez" in shown.output and "operación op-0002" in shown.output
    assert "pendiente → atendida" in shown.output
    provision = json.loads(cli(root, "list", PID, "--provision", "artículo 50", "--json").output)
    assert [r["provision"]["eId"] for r in provision] == ["art_50__point_II", "art_50__point_II"]
    rep = json.loads(cli(root, "report", PID, "--json", "--at", "2021-06-15").output)
    assert rep["totals"]["total"] == 29 and rep["totals"]["atendida"] == 1 and rep["totals"]["justificada"] == 1
    text = cli(root, "report", PID, "--at", "2021-06-15").output
    assert "Dirección General de Obras Públicas" in text and "Vencidas:" in text
    reanchored = cli(root, "reanchor", PID)
    assert reanchored.exit_code == 0 and reanchored.output.startswith("0 observaciones reancladas")


@pytest.mark.parametrize("args, message", [
    (["answer", "OBS-0001", "--status", "justificada"], "exige una respuesta"),
    (["answer", "OBS-0077", "--status", "atendida", "--response", "x"], "OBS-0077: observación inexistente"),
    (["answer", "OBS-0001", "--status", "atendida", "--change", "op-0042"], "no es una operación"),
    (["add", PID, "artículo 99", "--department", DGOP, "--text", "x"], "no existe"),
    (["add", PID, "artículo 1", "--department", DGOP, "--text", "x", "--received", "3/5/21"], "AAAA-MM-DD"),
    (["list", "nada-que-ver"], "no existe una propuesta ni una obra"),
    (["reanchor", "OBS-0001"], "--to"),
])
def test_cli_bad_input_one_line_exit_2_nothing_written(store, args, message):
    assert cli(store.root, "add", PID, "artículo 1", "--department", DGOP, "--text", "x").exit_code == 0
    before = snapshot(store)
    result = cli(store.root, *args)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0]
    assert snapshot(store) == before


def test_cli_bad_csv_lists_rows_then_one_error_line(store, tmp_path):
    bad = tmp_path / "malo.csv"
    bad.write_text("dependencia,disposicion,observacion,fecha\n"
                   f"{DGOP},artículo 1,Bien.,2021-05-03\n"
                   f"{DGOP},artículo 999,No existe.,2021-05-03\n", "utf-8")
    before = snapshot(store)
    result = CliRunner().invoke(main, ["--root", str(store.root), "observe", "import", PID, str(bad)])
    assert result.exit_code == 2
    assert "fila 3: no existe: artículo 999 ('artículo 999')" in result.output
    assert result.output.strip().splitlines()[-1].startswith("Error: ")
    assert "no se importó nada" in result.output
    assert snapshot(store) == before


def test_a_pending_observation_can_be_corrected_and_the_correction_is_kept_in_history(tmp_path):
    from conftest import sample_document

    from implan_regs.errors import InputError as _InputError
    from implan_regs.observations import NewObservation, add, answer, edit
    from implan_regs.observations.xmlio import validate_observation_bytes
    from implan_regs.reform.service import new_proposal
    from implan_regs.store import Store as _Store

    store = _Store.init(tmp_path / "acervo")
    store.save_expression(sample_document())
    new_proposal(store, "reglamento-prueba", "p", "P")
    obs = add(store, "p", NewObservation("artículo 1", "Dirección General Jurídica", "Texto con erata.",
                                         "2021-05-03"), author="ana")
    fixed = edit(store, obs.id, text="Texto corregido.", kind="forma", author="ana")
    assert (fixed.text, fixed.kind) == ("Texto corregido.", "forma")
    assert fixed.history[-1].type == "edición" and "Texto con erata." in fixed.history[-1].note
    assert validate_observation_bytes(store.read_bytes(storage.find_path(store, obs.id))) == []
    answer(store, obs.id, "justificada", response="No procede.")
    with pytest.raises(_InputError, match="solo se corrigen observaciones pendientes"):
        edit(store, obs.id, text="Otra cosa.")
