"""Word comments in: a department's comments on the review copy of a real regulation become
observations anchored where each comment starts, quoting what it comments, replies inside their
thread; a second import adds none; a file that is not a review copy anchors by similarity."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import snapshot
from word_edit import WordFile
from word_support import PID, copy_of, movilidad_store

from implan_regs.cli import main
from implan_regs.export import render
from implan_regs.observations import observations_for, storage
from implan_regs.observations.docximport import import_docx
from implan_regs.observations.xmlio import validate_observation_bytes
from implan_regs.reform import service
from implan_regs.reform.storage import load_proposal

DEPARTMENT = "Dirección General de Movilidad Urbana"
WHEN = "2025-03-04T10:15:00Z"

pytestmark = pytest.mark.backends("files", "postgres")


@pytest.fixture(scope="module")
def real_store(tmp_path_factory):
    return movilidad_store(tmp_path_factory.mktemp("acervo") / "acervo")


@pytest.fixture
def store(real_store, tmp_path):
    """A fresh copy of the real store for each test (imports write into it)."""
    return copy_of(real_store, tmp_path / "copia")


def commented_review_copy(store, path: Path) -> Path:
    """The review copy with five comment threads, the way a department writes them in Word."""
    word = WordFile(render(store, PID, "review"))
    fraccion = word.paragraph("III. Los conductores de vehículos motorizados")
    word.comment(fraccion, "Precisar qué vehículos motorizados.", author="Ing. Rosa Soto", date=WHEN)
    first = word.paragraph("Para los efectos de este reglamento los vehículos")
    second = word.paragraph("Por su peso los vehículos se clasifican en:")
    word.comment(first, "Estos dos párrafos repiten la clasificación.", author="Ing. Rosa Soto", date=WHEN,
                 end=second)
    asked = word.comment(word.paragraph("c. Ciclistas;"), "¿Incluye bicicletas eléctricas?", author="Arq. Luis Vega",
                         date="2025-03-05T09:00:00Z")
    word.comment(word.paragraph("c. Ciclistas;"), "Sí, hasta 25 km/h.", author="Ing. Rosa Soto",
                 date="2025-03-05T11:00:00Z", reply_to=asked)
    word.comment(word.paragraph("REGLAMENTO DE MOVILIDAD URBANA"), "El título debe decir «Reglamento de Movilidad "
                 "Urbana Sustentable».", author="Lic. Marta Ruiz", date=WHEN)
    word.comment(word.paragraph("V. A la atención e investigación de los incidentes"), "Agregar «y siniestros».",
                 author="Lic. Marta Ruiz", date=WHEN)
    path.write_bytes(word.to_bytes())
    return path


def test_five_comments_on_a_review_copy_become_five_anchored_observations(store, tmp_path):
    path = commented_review_copy(store, tmp_path / "respuesta.docx")
    result = import_docx(store, PID, path, department=DEPARTMENT, author="jurídico")
    got = {obs.target.eid: obs for obs, _ in result.created}
    assert sorted(got) == ["art_11__para_1", "art_2__point_III", "art_2__point_II__point_c", "art_3__point_V",
                           "doc_general"]
    assert all(how.method in ("marcador", "general") and how.sure for _, how in result.created)
    fraccion = got["art_2__point_III"]
    assert fraccion.target.label == "artículo 2 fracción III" and fraccion.author == "Ing. Rosa Soto"
    assert fraccion.target.quote.startswith("III. Los conductores de vehículos motorizados deben responsabilizarse")
    assert fraccion.received == "2025-03-04" and fraccion.department == DEPARTMENT and fraccion.status == "pendiente"
    spanning = got["art_11__para_1"]
    assert spanning.target.quote.split("\n") == [
        "Artículo 11.- Para los efectos de este reglamento los vehículos se clasificarán por su peso, tipo y por el "
        "servicio a que estén destinados.", "Por su peso los vehículos se clasifican en:"]
    thread = got["art_2__point_II__point_c"]
    assert thread.text == "¿Incluye bicicletas eléctricas?" and thread.author == "Arq. Luis Vega"
    assert [(e.type, e.author, e.note) for e in thread.history[1:]] == [("réplica", "Ing. Rosa Soto",
                                                                        "Sí, hasta 25 km/h.")]
    assert thread.to_json()["replies"][0]["time"].startswith("2025-03-05T11:00:00")
    title = got["doc_general"]
    assert title.target.label == "observación general" and title.target.quote == "REGLAMENTO DE MOVILIDAD URBANA"
    # stored, listed by the observations API (the general one stays anchored), and a second import adds none
    stored = observations_for(store, PID)
    assert len(stored) == 5 and all(o.target.anchored for o in stored)
    files = storage.observation_paths(store, PID)
    assert len(files) == 5 and all(validate_observation_bytes(store.read_bytes(f)) == [] for f in files)
    again = import_docx(store, PID, path, department=DEPARTMENT, author="jurídico")
    assert again.created == [] and sorted(again.skipped) == sorted(o.id for o in stored)
    assert len(observations_for(store, PID)) == 5


def test_dry_run_lists_what_it_would_create_and_writes_nothing(store, tmp_path):
    path = commented_review_copy(store, tmp_path / "respuesta.docx")
    before = snapshot(store)
    result = CliRunner().invoke(main, ["--root", str(store.root), "observe", "import-docx", PID, str(path),
                                       "--department", DEPARTMENT, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "artículo 2 fracción III  (marcador 1.00)" in result.output
    assert "artículo 2 fracción II inciso c)  (marcador 1.00, 1 respuesta)" in result.output
    assert "5 observaciones por registrar (sin registrar, --dry-run)" in result.output
    assert snapshot(store) == before


def test_cli_imports_with_json_and_says_what_was_skipped(store, tmp_path):
    path = commented_review_copy(store, tmp_path / "respuesta.docx")
    args = ["--root", str(store.root), "observe", "import-docx", PID, str(path), "--department", DEPARTMENT, "--json"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    import json

    data = json.loads(first.output)
    assert data["imported"] == 5 and {o["anchoring"]["method"] for o in data["observations"]} == {"marcador", "general"}
    second = json.loads(CliRunner().invoke(main, args).output)
    assert second["imported"] == 0 and len(second["skipped"]) == 5


def department_letter(store, path: Path) -> Path:
    """A department's own Word file: a letter with article 3 pasted in, three comments."""
    draft = load_proposal(store, PID).draft
    article = draft.find("art_3")
    document = docx.Document()
    document.add_paragraph("Dirección General de Movilidad Urbana. Oficio DGMU/123/2025.")
    document.add_paragraph("Por medio del presente enviamos nuestras observaciones al artículo siguiente:")
    document.add_paragraph(f"{article.num} {article.children[0].text}")
    for point in article.children[1:]:
        if point.text:
            document.add_paragraph(f"{point.num} {point.text}")
    document.add_paragraph("Sin otro particular, quedamos a sus órdenes.")
    buffer = io.BytesIO()
    document.save(buffer)
    word = WordFile(buffer.getvalue())
    word.comment(word.paragraph("V. A la atención e investigación"), "Agregar los siniestros viales.",
                 author="Ing. Rosa Soto", date=WHEN)
    word.comment(word.paragraph("Artículo 3"), "Redactar el objeto en forma positiva.", author="Ing. Rosa Soto",
                 date=WHEN)
    word.comment(word.paragraph("quedamos a sus órdenes"), "Favor de acusar recibo.", author="Ing. Rosa Soto",
                 date=WHEN)
    path.write_bytes(word.to_bytes())
    return path


def test_a_department_file_anchors_by_similarity_and_says_when_unsure(store, tmp_path):
    path = department_letter(store, tmp_path / "oficio.docx")
    result = import_docx(store, PID, path, department=DEPARTMENT)
    by_text = {obs.text: (obs, how) for obs, how in result.created}
    fraccion, how = by_text["Agregar los siniestros viales."]
    assert (fraccion.target.eid, how.method, how.sure, fraccion.target.anchored) == \
        ("art_3__point_V", "similitud", True, True)
    assert how.confidence > 0.9
    chapeau, how = by_text["Redactar el objeto en forma positiva."]
    assert chapeau.target.eid == "art_3__para_1" and how.sure
    closing, how = by_text["Favor de acusar recibo."]
    assert closing.target.eid == "doc_general" and not how.sure and not closing.target.anchored
    assert "observación general" in closing.target.problem


def _cli_import(store, path: Path):
    return CliRunner().invoke(main, ["--root", str(store.root), "observe", "import-docx", PID, str(path),
                                     "--department", DEPARTMENT])


def test_thousands_of_comments_are_refused_with_one_line_and_nothing_stored(store, tmp_path):
    word = WordFile(render(store, PID, "review"))
    paragraphs = [p for p in word.paragraphs() if p.find(".//{*}t") is not None]
    for index in range(3000):
        word.comment(paragraphs[index % len(paragraphs)], f"Comentario {index}.", author="Ing. Soto", date=WHEN)
    path = tmp_path / "miles.docx"
    path.write_bytes(word.to_bytes())
    before = snapshot(store)
    result = _cli_import(store, path)
    assert result.exit_code == 2
    assert "demasiados comentarios (3000; máximo 1000)" in result.output and "miles.docx" in result.output
    assert len(result.output.strip().splitlines()) == 1 and snapshot(store) == before


@pytest.mark.parametrize("depth, message", [(40, None), (5000, "XML mal formado: anidamiento excesivo (más de 256 niveles)")])
def test_deeply_nested_revisions_are_read_within_the_parser_limits_or_refused(store, tmp_path, depth, message):
    word = WordFile(render(store, PID, "review"))
    target = word.paragraph("III. Los conductores de vehículos motorizados")
    word.comment(target, "Revisar.", author="Ing. Soto", date=WHEN)
    xml = word.to_bytes()
    import zipfile

    with zipfile.ZipFile(io.BytesIO(xml)) as zf:
        files = {name: zf.read(name) for name in zf.namelist()}
    opening = b"".join(b'<w:ins w:id="%d" w:author="x" w:date="2025-01-01T00:00:00Z">' % i for i in range(depth))
    nested = opening + b'<w:r><w:t>texto anidado</w:t></w:r>' + b"</w:ins>" * depth
    files["word/document.xml"] = files["word/document.xml"].replace(b"<w:body>", b"<w:body><w:p>" + nested
                                                                      + b"</w:p>", 1)
    path = tmp_path / "anidado.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    before = snapshot(store)
    result = _cli_import(store, path)
    if message is None:
        assert result.exit_code == 0, result.output
        assert "artículo 2 fracción III" in result.output
    else:
        assert result.exit_code == 2 and message in result.output and "anidado.docx" in result.output
        assert len(result.output.strip().splitlines()) == 1 and snapshot(store) == before


def test_a_mapping_file_gives_each_comment_its_authors_department(store, tmp_path):
    path = commented_review_copy(store, tmp_path / "respuesta.docx")
    mapping = tmp_path / "dependencias.csv"
    mapping.write_text("Autor;Dependencia\nING. ROSA SOTO;Dirección General de Obras Públicas\n"
                       "Arq. Luis Vega;Dirección General de Movilidad Urbana\n", encoding="utf-8")
    args = ["--root", str(store.root), "observe", "import-docx", PID, str(path), "--departments", str(mapping)]
    before = snapshot(store)
    refused = CliRunner().invoke(main, args)
    assert refused.exit_code == 2 and "sin dependencia para: Lic. Marta Ruiz" in refused.output
    assert snapshot(store) == before
    result = CliRunner().invoke(main, [*args, "--department", "Secretaría del Ayuntamiento", "--json"])
    assert result.exit_code == 0, result.output
    import json

    by_author = {(o["author"], o["department"]) for o in json.loads(result.output)["observations"]}
    assert by_author == {("Ing. Rosa Soto", "Dirección General de Obras Públicas"),
                         ("Arq. Luis Vega", "Dirección General de Movilidad Urbana"),
                         ("Lic. Marta Ruiz", "Secretaría del Ayuntamiento")}


def test_a_copy_of_an_older_draft_anchors_by_text_where_its_bookmarks_now_name_other_provisions(store, tmp_path):
    word = WordFile(render(store, PID, "review"))
    word.comment(word.paragraph("Por su peso los vehículos se clasifican en:"), "Agregar los eléctricos.",
                 author="Ing. Rosa Soto", date=WHEN)
    word.comment(word.paragraph("III. Los conductores de vehículos motorizados"), "Precisar.",
                 author="Ing. Rosa Soto", date=WHEN)
    path = tmp_path / "vieja.docx"
    path.write_bytes(word.to_bytes())
    # meanwhile the draft gains a párrafo: the commented one is now art_11__para_3, not para_2
    service.operate(store, PID, "adicionar", after="art_11__para_1", text="Párrafo nuevo sobre la clasificación.")
    result = import_docx(store, PID, path, department=DEPARTMENT)
    got = {obs.text: (obs.target.eid, how.method, how.sure) for obs, how in result.created}
    assert got["Agregar los eléctricos."] == ("art_11__para_3", "similitud", True)
    assert got["Precisar."] == ("art_2__point_III", "marcador", True)
