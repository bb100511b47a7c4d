"""The exports in a real office suite: LibreOffice headless opens and renders each of them.

Every export of the sample proposal, the version in force and a real regulation is converted
to PDF (and read back with pdftotext): each article must be on the page, the footer's fields
must be computed ("Página 1 de N"). The redline is converted to flat ODF, where LibreOffice
lists the tracked changes it understood (``text:tracked-changes``). Skipped when ``soffice``
is absent; ``scripts/setup test`` installs it (``libreoffice-writer-nogui``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree
from test_export import PID, WORK, store  # noqa: F401 - the fixture is used by name

from implan_regs.export import consolidated, export
from implan_regs.importers import import_path
from implan_regs.model.tree import DocumentMeta

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: "
                                                        "run scripts/setup test or apt-get install libreoffice-writer-nogui")
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def convert(paths: list[Path], fmt: str, outdir: Path) -> list[Path]:
    """Convert with LibreOffice headless, in a private profile (parallel runs do not collide)."""
    profile = outdir / "lo-profile"
    cmd = [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to", fmt,
           "--outdir", str(outdir), *map(str, paths)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=300)
    out = [outdir / (p.stem + "." + fmt.split(":")[0]) for p in paths]
    missing = [p.name for p in out if not p.is_file()]
    assert not missing, f"LibreOffice did not convert {missing}"
    return out


def pdf_text(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_every_export_opens_and_renders_in_libreoffice(store, tmp_path):  # noqa: F811
    from implan_regs.observations import NewObservation, add

    add(store, PID, NewObservation("artículo 2", "Dirección General Jurídica", "Precisar qué autoridades.",
                                   "2021-05-03"))
    docs = {kind: export(store, PID, kind, tmp_path / f"{kind}.docx", with_observations=kind == "comparative")
            for kind in ("consolidated", "review", "comparative", "correspondence", "decree", "redline",
                         "observations")}
    docs["vigente"] = export(store, f"{WORK}@2015-12-20", "consolidated", tmp_path / "vigente.docx", toc=True)
    pdfs = dict(zip(docs, convert(list(docs.values()), "pdf", tmp_path / "pdf"), strict=True))
    texts = {kind: _squash(pdf_text(pdf)) for kind, pdf in pdfs.items()}
    for kind in ("consolidated", "review", "vigente", "redline"):
        for number in ("1", "2", "3", "4", "4 Bis", "5"):
            assert f"Artículo {number}.-" in texts[kind], (kind, number)
        assert re.search(r"Página 1 de \d+", texts[kind]), kind
    assert "Artículo 4 Ter.- Cajones para motocicletas." in texts["consolidated"]
    # the redline prints with its changes shown: the deleted and the inserted words are both on the page
    assert "Alineamiento: la traza sobre el terreno;" in texts["redline"] and "municipales" in texts["redline"]
    assert "Texto vigente Texto propuesto Justificación / Observaciones" in texts["comparative"]
    assert "Dirección General Jurídica (pendiente): Precisar qué autoridades." in texts["comparative"]
    assert "(Sin correlativo)" in texts["comparative"]
    assert "Artículo 4 Ter adicionado" in texts["correspondence"]
    assert "ARTÍCULO ÚNICO.- Se REFORMA el artículo 2" in texts["decree"]
    assert "TRANSITORIOS" in texts["decree"]
    assert "Dirección General Jurídica (1)" in texts["observations"]


def test_libreoffice_sees_the_redline_as_tracked_changes(store, tmp_path):  # noqa: F811
    path = export(store, PID, "redline", tmp_path / "redline.docx")
    fodt = convert([path], "fodt", tmp_path / "odf")[0]
    root = etree.parse(str(fodt)).getroot()
    regions = root.findall(f".//{{{TEXT_NS}}}tracked-changes/{{{TEXT_NS}}}changed-region")
    kinds = {child.tag.split("}")[1] for region in regions for child in region}
    assert {"insertion", "deletion"} <= kinds
    creators = {el.text for el in root.iter("{http://purl.org/dc/elements/1.1/}creator")}
    assert "Lic. Ana Martínez" in creators
    assert len(regions) >= 3


def test_a_real_regulation_renders_every_article(shared_corpus, tmp_path):
    meta = DocumentMeta(work="movilidad", kind="reglamento", title="Reglamento de Movilidad Urbana", date="2014-11-01")
    doc = import_path(shared_corpus / "torreon-reglamento-movilidad-urbana.txt", meta).document
    path = tmp_path / "movilidad.docx"
    path.write_bytes(consolidated.build(doc, toc=True))
    text = _squash(pdf_text(convert([path], "pdf", tmp_path / "pdf")[0]))
    for article in doc.articles():
        assert _squash(article.num) in text, article.num
