"""Acceptance on the real corpus: every body article once, in order, with the right number."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from implan_regs.importers import import_path
from implan_regs.model.tree import DocumentMeta

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

if not CORPUS.is_dir():
    pytest.skip(f"el corpus compartido no está en {CORPUS}", allow_module_level=True)


def _range(a: int, b: int, extra: dict[int, str] | None = None) -> list[str]:
    out = []
    for n in range(a, b + 1):
        out.append(str(n))
        if extra and n in extra:
            out.append(extra[n])
    return out


EXPECTED = {
    "torreon-reglamento-movilidad-urbana": _range(1, 178, {122: "122bis"}),
    "torreon-reglamento-constancias-permisos-licencias-acciones-urbanas": _range(1, 81),
    "torreon-reglamento-interior-r-ayuntamiento": _range(1, 150, {63: "63bis"}),
    "torreon-decreto-creacion-implan-iniciativa": _range(1, 70),
    "torreon-reglamento-limpieza@abrogado-1991": _range(1, 62),
    "torreon-reglamento-limpieza@vigente": _range(1, 33),
}


def _import(name: str):
    return import_path(CORPUS / name, DocumentMeta(work="prueba", kind="reglamento", title="Prueba",
                                                   date="2020-01-01"))


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_torreon_text_articles(stem):
    doc = _import(stem + ".txt").document
    assert [a.key for a in doc.articles()] == EXPECTED[stem]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) no está instalado")
@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_torreon_pdf_articles(stem):
    doc = _import(stem + ".pdf").document
    assert [a.key for a in doc.articles()] == EXPECTED[stem]


def test_movilidad_details():
    result = _import("torreon-reglamento-movilidad-urbana.txt")
    doc = result.document
    bis = doc.find("art_122bis")
    assert bis is not None and bis.num.startswith("ART. 122-BIS")
    art2 = doc.find("art_2")
    fracs = [c.key for c in art2.children if c.kind == "point"]
    assert fracs == ["I", "II", "III", "IV"]
    assert doc.find("art_2__point_I").text.startswith("La circulación en condiciones de seguridad vial")
    assert [c.key for c in doc.find("art_2__point_II").children if c.kind == "point"] == list("abcdefgh")
    assert result.report.counts["article"] == 179
    [block] = doc.transitorios()
    assert [t.key for t in block.children] == ["1", "2", "3", "4", "5"]


def test_interior_numerales_and_no_page_numbers():
    doc = _import("torreon-reglamento-interior-r-ayuntamiento.txt").document
    art38 = doc.find("art_38")
    numerales = [c.key for c in art38.walk() if c.kind == "point" and c.level == "numeral"]
    assert numerales[:26] == [str(n) for n in range(1, 27)]
    assert doc.counts()["inciso"] > 300
    for art in doc.articles():
        for node in art.walk():
            assert not (node.text or "").strip().isdigit()


def test_decreto_preamble_and_transitorios():
    doc = _import("torreon-decreto-creacion-implan-iniciativa.txt").document
    assert any("Exposición de motivos" in (p.text or "") for p in doc.preamble)
    [block] = doc.transitorios()
    assert len([t for t in block.children if t.kind == "transitional"]) == 7
    assert doc.find("art_15").num == "Artículo 15.-"


@pytest.mark.parametrize("name", ["mx-lgahotdu.md", "mx-lgahotdu.txt"])
def test_lgahotdu(name):
    result = _import(name)
    doc = result.document
    assert [a.key for a in doc.articles()] == _range(1, 119)
    art3 = doc.find("art_3")
    keys = [c.key for c in art3.children if c.kind == "point"]
    assert "XXIXbis" in keys and keys.index("XXIXbis") == keys.index("XXIX") + 1
    texts = "\n".join(n.text or "" for n in doc.walk())
    assert "CÁMARA DE DIPUTADOS DEL H. CONGRESO" not in texts
    assert "adicionada DOF" not in texts
    assert any("DOF" in note for n in doc.walk() for note in n.notes)


@pytest.mark.parametrize("name", ["cpeum@6e5fd21.rst", "cpeum@1b95a6d.rst"])
def test_constitution(name):
    doc = _import(name).document
    assert [a.key for a in doc.articles()] == _range(1, 136)
    art123 = doc.find("art_123")
    apartados = [c.key for c in art123.children if c.kind == "point"]
    assert apartados == ["A", "B"]
    assert doc.find("art_123__point_A__point_XXXI") is not None
    assert doc.find("art_123__point_B__point_XIV") is not None
    blocks = doc.transitorios()
    assert len(blocks) > 10
    assert len([t for t in blocks[0].children if t.kind == "transitional"]) == 19
