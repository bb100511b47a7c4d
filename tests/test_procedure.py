"""The reform's procedure (issue 13): the one transition table, the commission's dictamen and
resolutions, the Cabildo's vote, what publication refuses, días hábiles and the entry into force.

The corpus is the web tests' sample (the regulation in corpus/, the proposal ``reforma-2021`` in
revisión with two observations of two Direcciones Generales).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
import raw_store as raw
from click.testing import CliRunner
from conftest import snapshot
from hypothesis import given, settings
from hypothesis import strategies as st
from web_support import PID, WORK, build_root

from implan_regs.business_days import MUNICIPAL_FILE, Calendar, federal_holidays
from implan_regs.cli import main
from implan_regs.errors import InputError
from implan_regs.model.in_force import entry_date, read_rule
from implan_regs.observations import NewObservation, add, observations_for
from implan_regs.observations.xmlio import validate_observation_bytes
from implan_regs.publication import pending_ids
from implan_regs.reform import service as reform
from implan_regs.reform.procedure import check_publication, document_bytes
from implan_regs.reform.storage import load_proposal
from implan_regs.schemas import validate_proposal_bytes
from implan_regs.store import Store
from implan_regs.store.check import check_store

pytestmark = pytest.mark.backends("files", "postgres")

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_root(tmp_path_factory.mktemp("procedimiento") / "acervo")


@pytest.fixture
def root(template, tmp_path):
    return raw.copy_store(template, tmp_path / "acervo").root


def cli(root, *args):
    return CliRunner().invoke(main, ["--root", str(root), *args])


def ok(root, *args):
    result = cli(root, *args)
    assert result.exit_code == 0, (args, result.output)
    return result


def dictamen_and_approval(root, *, approved="2021-06-10"):
    ok(root, "proposal", "dictamen", PID, "--commission", "Comisión de Desarrollo Urbano", "--date", "2021-06-01")
    ok(root, "proposal", "approve", PID, "--session", "Sesión ordinaria de Cabildo", "--date", approved,
       "--acta", "45", "--votes", "16-2-0")


def resolve_all(root):
    for obs in observations_for(Store.open(root), PID):
        ok(root, "observe", "resolve", obs.id, "--by", "Comisión de Desarrollo Urbano", "--decision", "no-procede",
           "--reason", "La Comisión lo estima fuera del alcance de la reforma.")


# ------------------------------------------------------------------ transitions

def test_illegal_transitions_are_refused_with_the_allowed_ones(root):
    before = snapshot(Store.open(root))
    skipped = cli(root, "proposal", "status", PID, "aprobada")
    assert skipped.exit_code == 2
    assert "no se puede pasar de 'en revisión' a 'aprobada'" in skipped.output
    assert "se puede pasar a: borrador, dictaminada, descartada" in skipped.output
    direct = cli(root, "proposal", "status", PID, "dictaminada")
    assert direct.exit_code == 2 and "implan-regs proposal dictamen" in direct.output
    back = cli(root, "proposal", "status", PID, "borrador")
    assert back.exit_code == 2 and "exige un motivo" in back.output
    assert snapshot(Store.open(root)) == before
    ok(root, "proposal", "status", PID, "borrador", "--message", "Se corrige la redacción", "--author", "Lic. Ana")
    entry = Store.open(root).history()[-1]
    assert (entry.action, entry.author, entry.proposal) == ("proposal-status", "Lic. Ana", PID)
    assert entry.message == "en revisión → borrador: Se corrige la redacción"
    assert load_proposal(Store.open(root), PID).status_history[-1].note == "Se corrige la redacción"


def test_the_draft_is_frozen_once_dictaminated_and_discarding_is_possible_until_publication(root):
    dictamen_and_approval(root)
    refused = cli(root, "proposal", "amend", PID, "artículo 1", "--text", "Otro texto.")
    assert refused.exit_code == 2 and "aprobada; no admite cambios" in refused.output
    ok(root, "proposal", "status", PID, "descartada", "--message", "Se retira la iniciativa")
    assert cli(root, "proposal", "status", PID, "en revisión").exit_code == 2
    steps = [s.status for s in load_proposal(Store.open(root), PID).status_history]
    assert steps == ["borrador", "en revisión", "dictaminada", "aprobada", "descartada"]


# ------------------------------------------------------------------ the vote

@pytest.mark.parametrize(("votes", "problem"), [("10-1-0", "sin quórum"), ("10-4-2", "sin mayoría absoluta"),
                                                 ("20-2-0", "el Cabildo tiene 21"), ("16-2", "votación inválida")])
def test_the_cabildo_vote_needs_quorum_and_absolute_majority(root, votes, problem):
    ok(root, "proposal", "dictamen", PID, "--commission", "Comisión de Desarrollo Urbano", "--date", "2021-06-01")
    before = snapshot(Store.open(root))
    result = cli(root, "proposal", "approve", PID, "--session", "Sesión ordinaria", "--date", "2021-06-10",
                 "--acta", "45", "--votes", votes)
    assert result.exit_code == 2 and problem in result.output, result.output
    assert snapshot(Store.open(root)) == before


def test_the_number_of_members_is_configurable(root):
    store = Store.open(root)
    config = json.loads(raw.read(store, "implan-regs.json"))
    raw.write(store, "implan-regs.json", json.dumps({**config, "cabildo_members": 15}))  # edited by hand
    ok(root, "proposal", "dictamen", PID, "--commission", "Comisión de Desarrollo Urbano", "--date", "2021-06-01")
    result = cli(root, "proposal", "approve", PID, "--session", "S", "--date", "2021-06-10", "--acta", "1",
                 "--votes", "16-2-0")
    assert result.exit_code == 2 and "el Cabildo tiene 15" in result.output
    ok(root, "proposal", "approve", PID, "--session", "S", "--date", "2021-06-10", "--acta", "1", "--votes", "9-1-0")
    assert load_proposal(Store.open(root), PID).approval.members == 15


# ------------------------------------------------------------------ documents

def test_a_dictamen_document_is_kept_with_its_hash_and_anything_but_pdf_or_docx_is_refused(root, tmp_path):
    bad = tmp_path / "dictamen.txt"
    bad.write_text("no es un PDF", "utf-8")
    before = snapshot(Store.open(root))
    refused = cli(root, "proposal", "dictamen", PID, "--commission", "C", "--date", "2021-06-01", "--file", str(bad))
    assert refused.exit_code == 2 and "PDF o DOCX" in refused.output and str(bad) in refused.output
    assert snapshot(Store.open(root)) == before
    good = tmp_path / "dictamen.pdf"
    good.write_bytes(PDF)
    ok(root, "proposal", "dictamen", PID, "--commission", "Comisión de Desarrollo Urbano", "--date", "2021-06-01",
       "--file", str(good))
    store = Store.open(root)
    proposal = load_proposal(store, PID)
    [item] = proposal.attachments
    assert (item.kind, item.name, item.size) == ("dictamen", "dictamen.pdf", len(PDF))
    assert proposal.dictamen.document == item.path and raw.read(store, item.path) == PDF
    assert document_bytes(store, proposal, item.sha256) == PDF
    entry = next(h for h in store.history() if h.action == "proposal-document")
    assert entry.sha256 == item.sha256
    sealed = [h for h in store.history() if h.files and item.path in h.files]
    assert sealed and sealed[-1].files[item.path] == item.sha256


# ------------------------------------------------------------------ publication

def test_publish_refuses_what_the_procedure_does_not_allow_then_publishes(root):
    before = snapshot(Store.open(root))
    draft = cli(root, "proposal", "publish", PID, "--date", "2021-06-14")
    assert draft.exit_code == 2 and "no aprobada por el Cabildo" in draft.output
    assert snapshot(Store.open(root)) == before

    dictamen_and_approval(root)
    approved = snapshot(Store.open(root))
    pending = cli(root, "proposal", "publish", PID, "--date", "2021-06-14")
    assert pending.exit_code == 2
    assert "2 observaciones sin respuesta ni resolución de la comisión: OBS-0001, OBS-0002" in pending.output
    early = cli(root, "proposal", "publish", PID, "--date", "2021-06-09")
    assert early.exit_code == 2 and "anterior a la aprobación en Cabildo (2021-06-10)" in early.output
    assert snapshot(Store.open(root)) == approved

    resolve_all(root)
    published = ok(root, "proposal", "publish", PID, "--date", "2021-06-14", "--gazette-number", "45", "--json")
    data = json.loads(published.stdout)
    assert (data["published"], data["in_force"], data["warnings"]) == ("2021-06-14", "2021-06-15", [])
    store = Store.open(root)
    version = store.expressions(WORK)[-1]
    assert (version.date, version.entry_into_force, version.publication.date, version.publication.number) == \
        ("2021-06-15", "2021-06-15", "2021-06-14", "45")
    assert load_proposal(store, PID).status == "publicada"
    entry = [h for h in store.history() if h.action == "proposal-publish"][-1]
    assert "publicada el 2021-06-14" in entry.message and "en vigor el 2021-06-15" in entry.message
    assert validate_proposal_bytes(store.read_bytes(store.proposal_path(PID))) == []
    observations = [rel for h in store.history() for rel in (h.files or {}) if "/OBS-" in rel]
    assert observations and all(validate_observation_bytes(raw.read(store, rel)) == [] for rel in observations)
    assert [i for i in check_store(store) if not i.derived] == []


def test_the_entry_into_force_follows_the_transitorios_and_a_late_publication_warns(root):
    reform.set_transitorios(Store.open(root), PID, [
        "El presente decreto entrará en vigor a los noventa días naturales siguientes al de su publicación en el "
        "Periódico Oficial del Estado.", "Se derogan las disposiciones que se opongan al presente decreto."])
    dictamen_and_approval(root, approved="2021-06-10")
    resolve_all(root)
    late = ok(root, "proposal", "publish", PID, "--date", "2021-06-25", "--json")
    data = json.loads(late.stdout)
    assert data["in_force"] == "2021-09-23"  # 25 June + 90 días naturales
    assert "noventa días naturales" in data["in_force_source"]
    assert "11 días hábiles después de la aprobación (2021-06-10)" in late.stderr
    assert "hasta el 2021-06-17" in late.stderr
    assert Store.open(root).expressions(WORK)[-1].date == "2021-09-23"


def test_forcing_a_publication_needs_a_reason_and_is_recorded(root):
    refused = cli(root, "proposal", "publish", PID, "--date", "2021-06-14", "--force")
    assert refused.exit_code == 2 and "--force exige --reason" in refused.output
    ok(root, "proposal", "publish", PID, "--date", "2021-06-14", "--force", "--reason",
       "Publicación ordenada por resolución judicial")
    forced = [h for h in Store.open(root).history() if h.action == "proposal-publish-forced"]
    assert len(forced) == 1 and "resolución judicial" in forced[0].message
    assert "no aprobada por el Cabildo" in forced[0].message and "OBS-0001" in forced[0].message


def test_an_answered_observation_no_longer_blocks_and_a_resolution_is_kept(root):
    store = Store.open(root)
    first, second = observations_for(store, PID)
    ok(root, "observe", "answer", first.id, "--status", "justificada", "--response", "Ya lo prevé el artículo 46.")
    ok(root, "observe", "resolve", second.id, "--by", "Comisión de Desarrollo Urbano", "--decision", "procede",
       "--reason", "Se atiende en el dictamen.", "--date", "2021-06-01")
    again = cli(root, "observe", "resolve", second.id, "--by", "Otra", "--decision", "no-procede", "--reason", "x")
    assert again.exit_code == 2 and "ya fue resuelta por Comisión de Desarrollo Urbano (procede)" in again.output
    shown = json.loads(ok(root, "observe", "show", second.id, "--json").output)
    assert shown["resolution"]["decision"] == "procede" and shown["history"][-1]["type"] == "resolución"
    assert pending_ids(Store.open(root), PID) == []


# ------------------------------------------------------------------ días hábiles

def test_fifteen_business_days_skip_the_march_holiday():
    assert dt.date(2025, 3, 17) in federal_holidays(2025)  # third Monday of March
    assert Calendar().add("2025-03-14", 15) == "2025-04-07"  # would be 04-04 without the holiday
    assert dt.date(2024, 10, 1) in federal_holidays(2024) and dt.date(2018, 12, 1) in federal_holidays(2018)
    assert dt.date(2005, 3, 21) in federal_holidays(2005)


def test_an_observation_due_date_uses_the_calendar_and_the_municipal_list(root):
    store = Store.open(root)
    obs = add(store, PID, NewObservation("artículo 30", "Dirección General Jurídica", "Precisar.", "2025-03-14"))
    assert obs.due == "2025-04-07"
    raw.write(store, MUNICIPAL_FILE, "# Semana Santa 2025\n2025-04-17\n2025-04-18\n2025-03-31  # aniversario\n")
    later = add(store, PID, NewObservation("artículo 30", "Dirección General Jurídica", "Otra.", "2025-03-14"))
    assert later.due == "2025-04-08"
    raw.write(store, MUNICIPAL_FILE, "31/03/2025\n")
    with pytest.raises(InputError, match="línea 1: '31/03/2025' no es una fecha"):
        add(store, PID, NewObservation("artículo 30", "Dirección General Jurídica", "Otra.", "2025-03-14"))


def test_the_publication_term_counts_the_municipal_list_kept_in_the_store(root):
    dictamen_and_approval(root, approved="2021-06-10")
    store = Store.open(root)
    proposal = load_proposal(store, PID)
    late = check_publication(store, proposal, "2021-06-18", pending=[])
    assert late.warnings == ["se publica 6 días hábiles después de la aprobación (2021-06-10); el Reglamento "
                             "Interior (art. 136 c) da 5 (hasta el 2021-06-17)"]
    raw.write(store, MUNICIPAL_FILE, "2021-06-14  # inhábil municipal\n2021-06-15\n")
    assert check_publication(store, proposal, "2021-06-18", pending=[]).warnings == []
    assert "hasta el 2021-06-21" in check_publication(store, proposal, "2021-06-22", pending=[]).warnings[0]


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)), st.integers(0, 40))
def test_adding_business_days_lands_on_one_and_counts_back(start, days):
    cal = Calendar()
    end = cal.add(start, days)
    assert cal.between(start, end) == days
    assert days == 0 or cal.is_business_day(end)


# ------------------------------------------------------------------ entry into force

@pytest.mark.parametrize(("text", "expected"), [
    ("El presente decreto entrará en vigor al día siguiente de su publicación en el Periódico Oficial.", "2025-06-04"),
    ("ÚNICO.- Entrará en vigor el día de su publicación.", "2025-06-03"),
    ("Este Reglamento entrará en vigor al tercer día de su publicación.", "2025-06-06"),
    ("Las presentes reformas entrarán en vigor a los 30 días hábiles siguientes a su publicación.", "2025-07-15"),
    ("El decreto entrará en vigor a partir del primero de enero del año 2026.", "2026-01-01"),
    ("Se derogan las disposiciones que se opongan.", "2025-06-04"),
])
def test_entry_into_force_phrases(text, expected):
    assert entry_date(read_rule(text), "2025-06-03", Calendar()) == expected


# ------------------------------------------------------------------ timeline

def test_the_timeline_lists_every_step_with_its_author_act_date_and_documents(root, tmp_path):
    dictamen = tmp_path / "dictamen.pdf"
    dictamen.write_bytes(PDF)
    ok(root, "proposal", "dictamen", PID, "--commission", "Comisión de Desarrollo Urbano", "--date", "2021-06-01",
       "--file", str(dictamen), "--author", "Lic. Ana Martínez")
    ok(root, "proposal", "approve", PID, "--session", "Sesión ordinaria de Cabildo", "--date", "2021-06-10",
       "--acta", "45", "--votes", "16-2-0", "--author", "Secretaría del R. Ayuntamiento")
    resolve_all(root)
    ok(root, "proposal", "publish", PID, "--date", "2021-06-14", "--gazette-number", "45")
    steps = json.loads(ok(root, "proposal", "timeline", PID, "--json").output)
    what = [s["what"] for s in steps]
    assert what[0] == "Iniciativa registrada" and what[-1] == "Publicación"
    assert what.count("Observación recibida") == 2 and what.count("Resolución de la comisión") == 2
    drafting = [s for s in steps if s["what"] == "Redacción del borrador"]
    assert sum(len(s["operations"]) for s in drafting) == 4
    by_act = {s["date"]: s for s in steps if s["date"]}
    assert by_act["2021-06-01"]["detail"].startswith("en revisión → dictaminada")
    assert by_act["2021-06-10"]["author"] == "Secretaría del R. Ayuntamiento"
    assert by_act["2021-06-10"]["detail"].endswith("acta 45, votación 16-2-0")
    assert "Periódico Oficial del Estado núm. 45" in by_act["2021-06-14"]["detail"]
    [kept] = [s for s in steps if s["documents"]]
    assert (kept["author"], kept["documents"][0]["name"]) == ("Lic. Ana Martínez", "dictamen.pdf")
    assert kept["documents"][0]["sha256"] == load_proposal(Store.open(root), PID).attachments[0].sha256
    text = ok(root, "proposal", "timeline", PID).output
    assert "documento: dictamen.pdf" in text and "[fecha del acto: 2021-06-10]" in text


# ------------------------------------------------------------------ the web: who may do what

@pytest.fixture
def app(root):
    from implan_regs.web import cache, create_app

    cache.clear()
    return create_app(root, testing=True)


PROCEDURE_POSTS = [
    (f"/propuesta/{PID}/dictamen", {"comision": "Comisión de Desarrollo Urbano", "fecha": "2021-06-01"}),
    (f"/propuesta/{PID}/aprobar", {"sesion": "Sesión ordinaria", "fecha": "2021-06-10", "acta": "45",
                                   "votacion": "16-2-0"}),
    (f"/propuesta/{PID}/publicar", {"fecha": "2021-06-14"}),
    (f"/propuesta/{PID}/observaciones/OBS-0001/resolver", {"comision": "C", "decision": "procede", "motivo": "x"}),
]


def test_a_department_can_neither_record_the_procedure_nor_see_the_expediente(app, root):
    from test_web import login, post, text

    obras = login(app, "obras")
    before = snapshot(Store.open(root))
    for url, data in PROCEDURE_POSTS:
        assert post(obras, url, data).status_code == 403, url
    page = text(obras.get(f"/propuesta/{PID}"))
    assert "Registrar dictamen" not in page and "Publicar" not in page and "Expediente" not in page
    assert "Registrar resolución" not in text(obras.get(f"/propuesta/{PID}/observaciones/OBS-0001"))
    assert obras.get(f"/propuesta/{PID}/expediente").status_code == 404
    assert snapshot(Store.open(root)) == before


def test_the_commission_records_its_acts_but_never_edits_and_legal_publishes(app, root):
    from test_web import login, post, text

    comision, juridico = login(app, "comision"), login(app, "juridico")
    before = snapshot(Store.open(root))
    assert comision.get(f"/propuesta/{PID}/editar").status_code == 403
    assert post(comision, f"/propuesta/{PID}/editar/reformar", {"cita": "artículo 1", "texto": "x"}).status_code == 403
    assert post(comision, f"/propuesta/{PID}/estado", {"estado": "borrador", "nota": "x"}).status_code == 403
    assert post(juridico, PROCEDURE_POSTS[1][0], PROCEDURE_POSTS[1][1]).status_code == 403  # legal does not vote
    assert snapshot(Store.open(root)) == before
    assert "Editar" not in text(comision.get(f"/propuesta/{PID}"))
    for url, data in (PROCEDURE_POSTS[0], PROCEDURE_POSTS[1]):
        assert post(comision, url, data).status_code == 302
    for obs in ("OBS-0001", "OBS-0002"):
        post(comision, f"/propuesta/{PID}/observaciones/{obs}/resolver",
             {"comision": "Comisión de Desarrollo Urbano", "decision": "no-procede", "motivo": "Fuera de alcance."})
    store = Store.open(root)
    proposal = load_proposal(store, PID)
    assert proposal.status == "aprobada" and proposal.approval.author == "Reg. Marta Ríos"
    assert observations_for(store, PID)[0].resolution.author == "Reg. Marta Ríos"
    obras = login(app, "obras")  # the department sees its own observation's decision, not the other's
    mine = text(obras.get(f"/propuesta/{PID}/observaciones/OBS-0001"))
    assert "Resolución de la comisión" in mine and "Fuera de alcance." in mine and "no procede" in mine
    assert obras.get(f"/propuesta/{PID}/observaciones/OBS-0002").status_code == 404
    assert "aprobada" in text(obras.get(f"/propuesta/{PID}"))
    assert post(comision, *PROCEDURE_POSTS[2]).status_code == 403
    assert post(juridico, *PROCEDURE_POSTS[2]).status_code == 302
    assert load_proposal(Store.open(root), PID).status == "publicada"
    page = text(juridico.get(f"/propuesta/{PID}/expediente"))
    assert "Resolución de la comisión" in page and "acta 45, votación 16-2-0" in page


def test_the_expediente_docx_holds_the_steps_the_outcomes_by_department_and_the_documents(root, tmp_path):
    import docx

    from implan_regs.export import export

    dictamen = tmp_path / "dictamen.pdf"
    dictamen.write_bytes(PDF)
    ok(root, "proposal", "dictamen", PID, "--commission", "Comisión de Desarrollo Urbano", "--date", "2021-06-01",
       "--file", str(dictamen))
    ok(root, "proposal", "approve", PID, "--session", "Sesión ordinaria de Cabildo", "--date", "2021-06-10",
       "--acta", "45", "--votes", "16-2-0")
    first, second = observations_for(Store.open(root), PID)
    ok(root, "observe", "answer", first.id, "--status", "justificada", "--response", "Ya lo prevé el artículo 46.")
    ok(root, "observe", "resolve", second.id, "--by", "Comisión de Desarrollo Urbano", "--decision", "procede",
       "--reason", "Se atiende en el dictamen.")
    path = export(Store.open(root), PID, "expediente", tmp_path / "expediente.docx")
    document = docx.Document(str(path))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "EXPEDIENTE DE LA REFORMA"
    assert any("acta 45: 16 votos a favor, 2 en contra, 0 abstenciones (21 integrantes)" in p for p in paragraphs)
    steps, outcomes, documents = ([[c.text for c in row.cells] for row in t.rows] for t in document.tables)
    assert any(r[3].startswith("Cambio de estado: dictaminada → aprobada") and r[1] == "10 de junio de 2021"
               for r in steps)
    header = outcomes[0]
    by_department = {r[0]: dict(zip(header, r, strict=True)) for r in outcomes[1:]}
    assert by_department["Dirección General de Obras Públicas"]["justificada"] == "1"
    assert by_department["Dirección General de Medio Ambiente"]["procede"] == "1"
    assert by_department["Total"]["Total"] == "2"
    assert documents[1][:2] == ["Dictamen de la Comisión", "dictamen.pdf"]
    assert documents[1][3] == load_proposal(Store.open(root), PID).attachments[0].sha256


def test_documents_are_uploaded_with_the_acts_kept_hashed_and_downloaded_only_by_staff(app, root):
    import hashlib
    import io

    from test_web import login, text, token

    comision, juridico, obras = login(app, "comision"), login(app, "juridico"), login(app, "obras")

    def send(client, url, fields, name, data):
        form = {"csrf_token": token(client), **fields, "documento": (io.BytesIO(data), name)}
        return client.post(url, data=form, content_type="multipart/form-data")

    before = snapshot(Store.open(root))
    refused = send(comision, f"/propuesta/{PID}/dictamen", {"comision": "Comisión de Desarrollo Urbano",
                                                            "fecha": "2021-06-01"}, "dictamen.txt", b"texto")
    assert "solo se conservan documentos PDF o DOCX" in text(comision.get(refused.headers["Location"]))
    assert send(obras, f"/propuesta/{PID}/documentos", {"tipo": "iniciativa"}, "i.pdf", PDF).status_code == 403
    assert snapshot(Store.open(root)) == before
    assert send(comision, f"/propuesta/{PID}/dictamen", {"comision": "Comisión de Desarrollo Urbano",
                                                         "fecha": "2021-06-01"}, "dictamen.pdf", PDF).status_code == 302
    initiative = PDF.replace(b"Catalog", b"Catalog /Lang (es-MX)")
    assert send(juridico, f"/propuesta/{PID}/documentos", {"tipo": "iniciativa"}, "iniciativa.pdf",
                initiative).status_code == 302
    proposal = load_proposal(Store.open(root), PID)
    assert proposal.status == "dictaminada"
    assert [(a.kind, a.name, a.author) for a in proposal.attachments] == [
        ("dictamen", "dictamen.pdf", "Reg. Marta Ríos"), ("iniciativa", "iniciativa.pdf", "Lic. Ana Martínez")]
    assert proposal.dictamen.document == proposal.attachments[0].path
    sha = hashlib.sha256(initiative).hexdigest()
    assert proposal.attachments[1].sha256 == sha
    download = juridico.get(f"/propuesta/{PID}/documentos/{sha}")
    assert download.status_code == 200 and download.data == initiative
    assert "iniciativa.pdf" in download.headers["Content-Disposition"]
    assert obras.get(f"/propuesta/{PID}/documentos/{sha}").status_code == 404
    assert juridico.get(f"/propuesta/{PID}/documentos/{'0' * 64}").status_code == 404
    assert f"/propuesta/{PID}/documentos/{sha}" in text(juridico.get(f"/propuesta/{PID}/expediente"))
