"""An import that recognizes far fewer articles than the source shows article headings is refused
(exit 2, one Spanish line naming the file and both counts, nothing stored) unless ``--partial``.

The defective sources are the real Reglamento de Movilidad (179 articles) with its headings
garbled the way a broken font map or an earlier tool garbles them ("Art\ufffdculo 5."): the text
file, the real PDF with its text objects rewritten by PDFium, and a DOCX written from the text.
"""

from __future__ import annotations

import ctypes
import json
import re
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from click.testing import CliRunner
from conftest import snapshot

from implan_regs.cli import main
from implan_regs.errors import InputError
from implan_regs.importers import import_path
from implan_regs.model.tree import DocumentMeta

MOVILIDAD = "torreon-reglamento-movilidad-urbana"
GARBLED = "Art\ufffdculo"
ARTICLES = 179


def _garbled_text(shared_corpus: Path) -> str:
    """The real text with every "Artículo N" heading after the third garbled."""
    text = (shared_corpus / f"{MOVILIDAD}.txt").read_text(encoding="utf-8")
    head, rest = text.split("Artículo 4.", 1)
    return head + "Artículo 4." + rest.replace("Artículo", GARBLED)


def _object_text(obj, textpage) -> str:
    size = pdfium_c.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
    buffer = (ctypes.c_ushort * (size // 2))()
    pdfium_c.FPDFTextObj_GetText(obj.raw, textpage.raw, buffer, size)
    return bytes(buffer)[:size - 2].decode("utf-16-le")


def _garble_pdf(source: Path, target: Path) -> int:
    """Rewrite every text object of the real PDF that reads "Artículo" so that it reads garbled;
    how many were rewritten."""
    pdf = pdfium.PdfDocument(source)
    rewritten = 0
    for page in pdf:
        textpage = page.get_textpage()
        touched = False
        for obj in page.get_objects():
            if obj.type != pdfium_c.FPDF_PAGEOBJ_TEXT:
                continue
            text = _object_text(obj, textpage)
            if "Artículo" not in text:
                continue
            encoded = (text.replace("Artículo", GARBLED) + "\0").encode("utf-16-le")
            pdfium_c.FPDFText_SetText(obj.raw, (ctypes.c_ushort * (len(encoded) // 2)).from_buffer_copy(encoded))
            rewritten += 1
            touched = True
        if touched:
            pdfium_c.FPDFPage_GenerateContent(page.raw)
    pdf.save(target)
    pdf.close()
    return rewritten


def _meta() -> DocumentMeta:
    return DocumentMeta(work="movilidad", kind="reglamento", title="Movilidad", date="2014-11-01")


@pytest.fixture
def garbled_pdf(shared_corpus: Path, tmp_path: Path) -> Path:
    target = tmp_path / "movilidad-dañado.pdf"
    assert _garble_pdf(shared_corpus / f"{MOVILIDAD}.pdf", target) >= 150
    return target


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "acervo"
    assert CliRunner().invoke(main, ["--root", str(root), "init"]).exit_code == 0
    return root


def _import(root: Path, path: Path, *extra: str):
    return CliRunner().invoke(main, ["--root", str(root), "import", str(path), "--work", "movilidad",
                                     "--title", "Movilidad", "--date", "2014-11-01", *extra])


def _assert_refused(result, path: Path, root: Path, before: dict) -> None:
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    match = re.search(r"el texto muestra (\d+) encabezados de artículo pero solo se reconocieron (\d+) artículos; "
                      r"no se guardó nada", lines[0])
    assert match, lines[0]
    assert str(path) in lines[0] and "--partial" in lines[0]
    visible, found = int(match[1]), int(match[2])
    assert visible >= ARTICLES - 3 and found < visible / 2
    assert snapshot(root) == before


def test_garbled_pdf_is_refused_and_partial_stores_it_with_the_warning_first(garbled_pdf, root):
    before = snapshot(root)
    _assert_refused(_import(root, garbled_pdf), garbled_pdf, root, before)
    _assert_refused(_import(root, garbled_pdf, "--dry-run"), garbled_pdf, root, before)
    kept = _import(root, garbled_pdf, "--partial", "--json")
    assert kept.exit_code == 0, kept.output
    out = json.loads(kept.output)
    assert out["stored"] and out["report"]["warnings"][0]["code"] == "collapse"
    assert out["report"]["counts"]["article"] < ARTICLES / 2
    strict = _import(root, garbled_pdf, "--partial", "--strict", "--replace")
    assert strict.exit_code == 2 and "con --strict" in strict.output


def test_the_real_pdf_is_not_refused(shared_corpus, root):
    done = _import(root, shared_corpus / f"{MOVILIDAD}.pdf", "--dry-run", "--json")
    assert done.exit_code == 0, done.output
    out = json.loads(done.output)
    assert out["report"]["counts"]["article"] == ARTICLES
    assert not [w for w in out["report"]["warnings"] if w["code"] == "collapse"]
    assert out["inferred"] == {}  # --work, --title and --date given: nothing taken from the document
    text = _import(root, shared_corpus / f"{MOVILIDAD}.pdf", "--dry-run").output
    assert "Tomado del documento" not in text and text.rstrip().endswith("Sin guardar (--dry-run).")


def test_garbled_text_is_refused(shared_corpus, root, tmp_path):
    path = tmp_path / "movilidad.txt"
    path.write_text(_garbled_text(shared_corpus), encoding="utf-8")
    _assert_refused(_import(root, path), path, root, snapshot(root))


def test_garbled_docx_is_refused_unless_partial(shared_corpus, tmp_path):
    document = docx.Document()
    for line in _garbled_text(shared_corpus).splitlines():
        document.add_paragraph(line)
    path = tmp_path / "movilidad.docx"
    document.save(path)
    with pytest.raises(InputError, match=r"movilidad\.docx: el texto muestra \d+ encabezados de artículo pero solo "
                                         r"se reconocieron \d+ artículos; no se guardó nada"):
        import_path(path, _meta())
    kept = import_path(path, _meta(), partial=True)
    assert kept.report.warnings[0].code == "collapse" and kept.report.collapse[0] >= ARTICLES - 3


def test_a_folder_import_reports_the_refused_file_and_stores_the_others(shared_corpus, garbled_pdf, root, tmp_path):
    folder = tmp_path / "carpeta"
    folder.mkdir()
    garbled_pdf.rename(folder / garbled_pdf.name)
    (folder / "movilidad.txt").write_bytes((shared_corpus / f"{MOVILIDAD}.txt").read_bytes())
    done = CliRunner().invoke(main, ["--root", str(root), "import", str(folder), "--json"])
    assert done.exit_code == 1, done.output
    outcomes = {Path(o["file"]).name: o for o in json.loads(done.output)["files"]}
    assert outcomes["movilidad.txt"]["outcome"] == "guardado" and outcomes["movilidad.txt"]["articles"] == ARTICLES
    refused = outcomes[garbled_pdf.name]
    assert refused["outcome"] == "error" and "encabezados de artículo" in refused["error"]


def test_proposal_redraft_import_is_refused_the_same_way(shared_corpus, root, tmp_path):
    assert _import(root, shared_corpus / f"{MOVILIDAD}.txt").exit_code == 0
    runner = CliRunner()
    made = runner.invoke(main, ["--root", str(root), "proposal", "new", "movilidad@2014-11-01", "--id", "r1",
                                "--title", "Reforma"])
    assert made.exit_code == 0, made.output
    path = tmp_path / "redaccion.txt"
    path.write_text(_garbled_text(shared_corpus), encoding="utf-8")
    before = snapshot(root)
    refused = runner.invoke(main, ["--root", str(root), "proposal", "import", "r1", str(path)])
    assert refused.exit_code == 2 and "encabezados de artículo" in refused.output and str(path) in refused.output
    assert snapshot(root) == before
