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


def _duplicates(result) -> list[str]:
    return [w.message for w in result.report.warnings if w.code == "duplicate"]


def test_restarted_lists_hang_from_their_chapeau():
    result = _import("torreon-reglamento-interior-r-ayuntamiento.txt")
    assert _duplicates(result) == []
    art110 = result.document.find("art_110")
    chapeaus = [c for c in art110.children if c.kind == "paragraph" and c.children]
    assert [c.text for c in chapeaus][1] == "Se requiere mayoría calificada cuando:"
    assert result.document.find("art_110__para_2__point_e").text.startswith("Las demás que establezca")
    result = _import("torreon-reglamento-constancias-permisos-licencias-acciones-urbanas.txt")
    assert _duplicates(result) == []
    assert result.document.find("art_33__point_I") is None  # art. 33 holds many lists: none is the article's
    # single-list articles keep their points as direct children (art_N__point_X)
    direct = [a for a in result.document.articles() if any(c.kind == "point" for c in a.children)]
    assert len(direct) > 20


def test_constitution_paragraph_counts_follow_the_dof_decree():
    from implan_regs.model.citation import resolve
    old = _import("cpeum@6e5fd21.rst")
    new = _import("cpeum@1b95a6d.rst")
    assert _duplicates(old) == [] and _duplicates(new) == []
    # art. 28 before: two lists (I–XII after the 21st paragraph, I–VIII after the 24th), 32 paragraphs
    art28 = old.document.find("art_28")
    paras = [c for c in art28.children if c.kind == "paragraph"]
    assert len(paras) == 32
    assert [len(p.children) for p in paras if p.children] == [12, 8]
    assert resolve(old.document, "fracción XII del párrafo vigésimo primero del artículo 28").text.startswith(
        "Cada órgano contará con un órgano interno de control")
    assert resolve(old.document, "fracción VIII del párrafo vigésimo cuarto del artículo 28") is not None
    # after: párrafos vigésimo primero and vigésimo segundo added, former 21–32 derogated
    new28 = resolve(new.document, "párrafo vigésimo primero del artículo 28")
    assert new28.text.startswith("El Ejecutivo Federal proveerá en la esfera administrativa las disposiciones")
    assert resolve(new.document, "párrafo vigésimo segundo del artículo 28").text.startswith(
        "Las normas generales y actos emitidos en materia de libre competencia")
    derogated = [c for c in new.document.find("art_28").children if c.kind == "paragraph"][22:]
    assert len(derogated) == 12 and all(p.derogated for p in derogated)
    # art. 3: the 12th paragraph is the chapeau of the only list; fracción IX is the one the decree derogates
    art3 = old.document.find("art_3")
    paras = [c for c in art3.children if c.kind == "paragraph"]
    assert len(paras) == 12 and paras[11].text.startswith("Los planes y programas de estudio")
    assert art3.children[art3.children.index(paras[11]) + 1].key == "I"
    assert old.document.find("art_3__point_IX").text.startswith(
        "Para contribuir al cumplimiento de los objetivos de este artículo, se crea el Sistema Nacional de Mejora")
    # art. 6, apartado A, fracción VIII: 16 paragraphs (its own text + 15); 4, 5 and 7–16 derogated after
    for doc in (old.document, new.document):
        assert len([c for c in doc.find("art_6__point_A__point_VIII").children if c.kind == "paragraph"]) == 15
    after = [c for c in new.document.find("art_6__point_A__point_VIII").children if c.kind == "paragraph"]
    assert [i + 2 for i, p in enumerate(after) if p.derogated] == [4, 5] + list(range(7, 17))


def test_constitution_art3_fraccion_ix_of_paragraph_12():
    from implan_regs.model.citation import resolve
    doc = _import("cpeum@6e5fd21.rst").document
    assert resolve(doc, "fracción IX del párrafo décimo segundo del artículo 3") is doc.find("art_3__point_IX")
    # the DOF counts a fracción's own text as its párrafo primero
    viii = resolve(doc, "fracción VIII del apartado A del artículo 6")
    assert resolve(doc, "párrafo cuarto de la fracción VIII del apartado A del artículo 6") is \
        [c for c in viii.children if c.kind == "paragraph"][2]
    assert resolve(doc, "párrafo primero de la fracción VIII del apartado A del artículo 6") is viii


@pytest.mark.parametrize("name", ["mx-lgahotdu.md", "mx-lgahotdu.txt"])
def test_lgahotdu_decree_blocks(name):
    doc = _import(name).document
    blocks = doc.transitorios()
    decrees = [b for b in blocks if b.subheading]
    assert len(decrees) == 5
    for block in decrees:
        assert block.subheading.startswith("DECRETO por el que")
        assert "Publicado en el Diario Oficial de la Federación el" in block.subheading
        assert "para quedar como sigue" not in block.subheading
        assert block.heading
        assert [c.kind for c in block.children if c.kind == "transitional"]
    first = decrees[0]
    assert first.subheading.endswith("Desarrollo Urbano. Publicado en el Diario Oficial de la Federación el "
                                     "14 de mayo de 2019")
    own = [c.text for c in first.children if c.kind == "paragraph"]
    assert any("Se reforma la fracción IX del artículo 8" in t for t in own)
    # signatures are not part of any transitorio
    for block in blocks:
        for t in block.children:
            if t.kind == "transitional":
                assert not any("Rúbrica" in (n.text or "") for n in t.walk())
    assert doc.conclusions and doc.conclusions[0].startswith("Ciudad de México, a 13 de febrero de 2024")


ALL_SOURCES = [p.name for p in sorted(CORPUS.iterdir())
               if p.suffix in (".txt", ".md", ".rst", ".pdf") or p.name.endswith(".akn.xml")] \
    if CORPUS.is_dir() else []


@pytest.mark.parametrize("name", ALL_SOURCES)
def test_every_real_import_validates_against_both_schemas(name):
    """What would be stored validates against schemas/ and the official OASIS AKN 3.0 XSD."""
    from implan_regs.schemas import validate_document

    if name.endswith(".pdf") and shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) no está instalado")
    issues = validate_document(_import(name).document)
    assert issues == [], issues[:3]
