"""Fixtures made the way users make them: the review copy of a real regulation edited in LibreOffice
itself (headless, through UNO: change recording on, a reviser's name in the profile) and saved as
DOCX by LibreOffice; a commented copy (with a reply thread) saved again by LibreOffice, which
rewrites comments and bookmarks its own way and keeps a reply only as a second comment on the same
range (LibreOffice 7.4 writes no commentsExtended.xml). Then imported."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from test_word_tracked import LAWYER, OTHER, PID, real_store, store  # noqa: F401 - fixtures

from implan_regs.export import render
from implan_regs.observations.docximport import import_docx
from implan_regs.reform import service
from implan_regs.reform.storage import load_proposal

LO_SCRIPT = Path(__file__).with_name("lo_changes.py")
pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")


def edited_in_libreoffice(store, tmp_path: Path, actions: list[dict]) -> Path:  # noqa: F811
    source, target = tmp_path / "revision.docx", tmp_path / "editado.docx"
    source.write_bytes(render(store, PID, "review"))
    spec = tmp_path / "acciones.json"
    spec.write_text(json.dumps(actions, ensure_ascii=False), encoding="utf-8")
    subprocess.run(["/usr/bin/python3", str(LO_SCRIPT), str(tmp_path / "lo-profile"), "edit", str(source),
                    str(target), str(spec)], check=True, capture_output=True, timeout=600)
    return target


def test_tracked_changes_made_in_libreoffice_become_three_operations(store, tmp_path):  # noqa: F811
    path = edited_in_libreoffice(store, tmp_path, [
        {"do": "replace", "author": LAWYER, "old": "con la mayor precaución, prudencia",
         "new": "con la máxima precaución, prudencia"},
        {"do": "insert_after", "author": OTHER, "contains": "Por su peso los vehículos se clasifican en:",
         "text": "Los vehículos eléctricos se clasifican por su peso como los demás."},
        {"do": "delete", "author": LAWYER, "contains": "V. A la atención e investigación de los incidentes"},
    ])
    operations = service.import_file(store, PID, path, author="jurídico")
    assert sorted((op.type, op.target, op.author) for op in operations) == [
        ("adicionar", "art_11__para_2", OTHER), ("derogar", "art_3__point_V", LAWYER),
        ("reformar", "art_2__point_III", LAWYER)]
    draft = load_proposal(store, PID).draft
    assert draft.find("art_11__para_3").text == "Los vehículos eléctricos se clasifican por su peso como los demás."


def test_comments_resaved_by_libreoffice_become_the_same_observations(store, tmp_path):  # noqa: F811
    from test_word_comments import DEPARTMENT, commented_review_copy

    source = commented_review_copy(store, tmp_path / "comentado.docx")
    resaved = tmp_path / "lo" / "comentado.docx"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--norestore",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(resaved.parent), str(source)],
                   check=True, capture_output=True, timeout=300)
    assert resaved.read_bytes() != source.read_bytes()
    result = import_docx(store, PID, resaved, department=DEPARTMENT)
    got = {obs.target.eid: obs for obs, how in result.created if how.sure}
    assert sorted(got) == ["art_11__para_1", "art_2__point_III", "art_2__point_II__point_c", "art_3__point_V",
                           "doc_general"]
    assert got["art_2__point_III"].target.quote.startswith("III. Los conductores de vehículos motorizados")
    assert got["art_2__point_III"].author == "Ing. Rosa Soto" and got["art_2__point_III"].received == "2025-03-04"
    replies = [(e.author, e.note) for e in got["art_2__point_II__point_c"].history if e.type == "réplica"]
    assert replies == [("Ing. Rosa Soto", "Sí, hasta 25 km/h.")]
