"""Tracked changes in: the review copy of a real regulation, edited with Track Changes in three
provisions, imports as exactly those three operations at the right level, authored by the
revision's author, and the decree names exactly those provisions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import raw_store as raw
from click.testing import CliRunner
from conftest import snapshot
from word_edit import WordFile
from word_support import PID, movilidad_store

from implan_regs.cli import main
from implan_regs.export import render
from implan_regs.reform import service
from implan_regs.reform.consolidation import proposal_decree
from implan_regs.reform.storage import load_proposal
from implan_regs.store import Store

pytestmark = pytest.mark.backends("files", "postgres")

LAWYER, WHEN = "Lic. Pedro Gómez", "2025-04-02T16:20:00Z"
OTHER, LATER = "Lic. Marta Ruiz", "2025-04-03T09:05:00Z"


@pytest.fixture(scope="module")
def real_store(tmp_path_factory):
    return movilidad_store(tmp_path_factory.mktemp("acervo") / "acervo")


@pytest.fixture
def store(real_store, tmp_path):
    """A fresh copy of the real store for each test (imports write into it), on this test's backend."""
    return raw.copy_store(real_store.root, tmp_path / "copia")


def edited_copy(store, path: Path, *, rerun: bool = True) -> Path:
    """A word replaced in a fracción, a párrafo inserted, a fracción deleted; and (``rerun``) a fracción
    Word merely re-ran: a word deleted and typed again, same text."""
    word = WordFile(render(store, PID, "review"))
    word.replace_words(word.paragraph("III. Los conductores de vehículos motorizados"), "mayor precaución",
                       "máxima precaución", author=LAWYER, date=WHEN)
    word.insert_paragraph_after(word.paragraph("Por su peso los vehículos se clasifican en:"),
                                "Los vehículos eléctricos se clasifican por su peso como los demás.",
                                author=OTHER, date=LATER)
    word.delete_paragraph(word.paragraph("V. A la atención e investigación de los incidentes"), author=LAWYER,
                          date=WHEN)
    if rerun:
        word.replace_words(word.paragraph("IV. El uso racional del automóvil"), "automóvil", "automóvil",
                           author=OTHER, date=LATER)
    path.write_bytes(word.to_bytes())
    return path


def test_three_tracked_changes_become_exactly_three_operations_by_their_authors(store, tmp_path):
    path = edited_copy(store, tmp_path / "revisado.docx")
    operations = service.import_file(store, PID, path, author="jurídico")
    got = sorted((op.type, op.target, op.author, op.time[:16]) for op in operations)
    assert got == [("adicionar", "art_11__para_2", OTHER, "2025-04-03T09:05"),
                   ("derogar", "art_3__point_V", LAWYER, "2025-04-02T16:20"),
                   ("reformar", "art_2__point_III", LAWYER, "2025-04-02T16:20")]
    proposal = load_proposal(store, PID)
    assert [op.id for op in proposal.operations] == ["op-0001", "op-0002", "op-0003"]
    draft = proposal.draft
    assert "con la máxima precaución" in draft.find("art_2__point_III").text
    assert draft.find("art_11__para_3").text == "Los vehículos eléctricos se clasifican por su peso como los demás."
    assert draft.find("art_3__point_V").derogated and draft.find("art_2__point_IV").text.startswith(
        "El uso racional del automóvil")
    decree = proposal_decree(store, proposal).text()
    assert ("ARTÍCULO ÚNICO.- Se REFORMA el artículo 2, fracción III; se ADICIONA un párrafo tercero al artículo "
            "11, recorriéndose en su orden los subsecuentes; y se DEROGA la fracción V del artículo 3 del Reglamento "
            "de Movilidad Urbana, para quedar como sigue:") in decree


def test_a_docx_without_revisions_replaces_the_draft_as_before(store, tmp_path):
    path = tmp_path / "copia.docx"
    path.write_bytes(render(store, PID, "review"))
    operations = service.import_file(store, PID, path)
    assert [op.type for op in operations] == ["importar"]


def test_a_copy_of_another_draft_is_refused_and_nothing_is_stored(store, tmp_path):
    path = edited_copy(store, tmp_path / "revisado.docx", rerun=False)
    service.operate(store, PID, "reformar", citation="artículo 2 fracción III", text="Texto nuevo de la fracción.")
    before = snapshot(store)
    result = CliRunner().invoke(main, ["--root", str(store.root), "proposal", "import", PID, str(path)])
    assert result.exit_code == 2
    assert "se editó sobre otra redacción del borrador" in result.output and "art_2__point_III" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert snapshot(store) == before


def test_cli_lists_the_operations_and_their_authors(store, tmp_path):
    path = edited_copy(store, tmp_path / "revisado.docx")
    result = CliRunner().invoke(main, ["--root", str(store.root), "proposal", "import", PID, str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {(op["type"], op["author"]) for op in data} == {("reformar", LAWYER), ("derogar", LAWYER),
                                                           ("adicionar", OTHER)}


def test_tens_of_thousands_of_revisions_are_refused_and_nothing_is_stored(store, tmp_path):
    import io
    import zipfile

    data = render(store, PID, "review")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        files = {name: zf.read(name) for name in zf.namelist()}
    runs = b"".join(b'<w:ins w:id="%d" w:author="x" w:date="2025-01-01T00:00:00Z"><w:r><w:t>a</w:t></w:r></w:ins>' % i
                    for i in range(25_000))
    files["word/document.xml"] = files["word/document.xml"].replace(b"<w:body>", b"<w:body><w:p>" + runs + b"</w:p>",
                                                                      1)
    path = tmp_path / "revisiones.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    before = snapshot(store)
    result = CliRunner().invoke(main, ["--root", str(store.root), "proposal", "import", PID, str(path)])
    assert result.exit_code == 2 and "demasiadas revisiones (más de 20000)" in result.output
    assert len(result.output.strip().splitlines()) == 1 and snapshot(store) == before


def test_moved_words_and_a_joined_paragraph_are_operations_of_their_provisions(store, tmp_path):
    word = WordFile(render(store, PID, "review"))
    word.move_words(word.paragraph("IV. El uso racional del automóvil"), "racional ", "para mejorar",
                    author=OTHER, date=LATER)
    word.delete_mark(word.paragraph("Los vehículos cuyos propietarios residan en el Mun"), author=LAWYER, date=WHEN)
    path = tmp_path / "movido.docx"
    path.write_bytes(word.to_bytes())
    operations = service.import_file(store, PID, path)
    assert sorted((op.type, op.target, op.author) for op in operations) == [
        ("derogar", "art_12__para_2", LAWYER), ("reformar", "art_12__para_1", LAWYER),
        ("reformar", "art_2__point_IV", OTHER)]
    draft = load_proposal(store, PID).draft
    assert draft.find("art_2__point_IV").text.startswith("El uso del automóvil particular racional para mejorar")
    joined = draft.find("art_12__para_1").text
    assert joined.startswith("Los vehículos cuyos propietarios residan en el Mun") and \
        "Los vehículos motorizados que circulen dentro del" in joined
    assert draft.find("art_12__para_2").derogated


def test_a_revision_in_a_table_imports_the_redraft_whole_by_its_reviser(tmp_path):
    from test_export import PID as SAMPLE
    from test_export import WORK, sample

    sample_store = Store.init(tmp_path / "muestra")
    sample_store.save_expression(sample(work=WORK), author="ana")
    service.new_proposal(sample_store, f"{WORK}@2015-12-20", SAMPLE, "Reforma", author="Lic. Ana")
    word = WordFile(render(sample_store, SAMPLE, "review"))
    word.replace_words(word.paragraph("1 por vivienda"), "1 por vivienda", "2 por vivienda", author=OTHER,
                       date=LATER)
    path = tmp_path / "tabla.docx"
    path.write_bytes(word.to_bytes())
    operations = service.import_file(sample_store, SAMPLE, path)
    assert [(op.type, op.author) for op in operations] == [("importar", OTHER)]
    table = load_proposal(sample_store, SAMPLE).draft.find("art_4__para_2").table
    assert table.rows[1] == ["Vivienda", "2 por vivienda"]
