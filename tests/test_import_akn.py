"""AKN import: our own format round-trips, third-party files are repaired, hostile XML is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from implan_regs.errors import InputError
from implan_regs.importers import import_path
from implan_regs.importers.akn import import_akn, point_level, split_container_num
from implan_regs.model.akn import to_xml
from implan_regs.model.tree import Document, DocumentMeta, Provision, Publication, Table

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
LGAHOTDU = CORPUS / "mx-lgahotdu.akn.xml"
AKN = 'xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"'


def meta(**kw) -> DocumentMeta:
    return DocumentMeta(**{"work": "prueba", "kind": "reglamento", "title": "", **kw})


def write(tmp_path: Path, text: str, name: str = "ajeno.akn.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------- the real third-party file

@pytest.fixture(scope="module")
def lgahotdu():
    if not LGAHOTDU.is_file():
        pytest.skip(f"no está el corpus compartido ({LGAHOTDU})")
    return import_path(LGAHOTDU, meta(work="lgahotdu", kind="ley"))


def test_lgahotdu_119_body_articles_in_order(lgahotdu) -> None:
    keys = [a.key for a in lgahotdu.document.articles()]
    assert keys == [str(n) for n in range(1, 120)]
    assert lgahotdu.report.counts["article"] == 119


def test_lgahotdu_extra_articles_are_transitorios(lgahotdu) -> None:
    """136 <article> = 119 articles + 15 original transitorios + 2 of the DOF 2020-12-01 decree."""
    blocks = lgahotdu.document.transitorios()
    first = [t.key for t in blocks[0].children if t.kind == "transitional"]
    assert first == [str(n) for n in range(1, 16)]  # 'Artículo 10' ×6 in the file is DÉCIMO…DÉCIMO QUINTO
    assert blocks[0].children[10].num.upper().startswith("DÉCIMO PRIMERO")
    decrees = [b for b in blocks[1:] if (b.subheading or "").startswith("DECRETO")]
    assert len(decrees) == 5  # reform decrees of 2019, 2020 (two), 2021 and 2024
    assert any(w.code == "akn-numbering" for w in lgahotdu.report.warnings)


def test_lgahotdu_broken_hierarchy_is_reported_not_invented(lgahotdu) -> None:
    """Titles come first, all empty; the 32 chapters sit empty inside the last title; the 119
    articles inside the last chapter. Reading order says nothing about which article belongs to
    which chapter, so no article may end up under «Capítulo Segundo Del Régimen Sancionatorio»."""
    doc = lgahotdu.document
    assert not [n for n in doc.body if n.kind in ("title", "chapter")]
    (warning,) = [w for w in lgahotdu.report.warnings if w.code == "hierarchy"]
    assert "no se puede reconstruir" in warning.message


def test_lgahotdu_fracciones_and_notes(lgahotdu) -> None:
    art3 = lgahotdu.document.articles()[2]
    fracciones = [c.key for c in art3.children if c.kind == "point" and c.level == "fraccion"]
    assert fracciones[:3] == ["I", "II", "III"] and "XXIXbis" in fracciones
    assert art3.notes.count("Fracción adicionada DOF 01-06-2021") == 3
    assert all("de 58" not in (n.text or "") for n in art3.walk())  # page numbers are gone


# --------------------------------------------------------------------- repair of sibling hierarchy

SIBLINGS = f"""<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso {AKN}><act name="reglamento">
  <meta><identification source="#x">
    <FRBRWork><FRBRthis value="/x"/><FRBRuri value="/x"/><FRBRalias value="Reglamento de Ejemplo" name="title"/>
      <FRBRdate date="2010-05-01" name="Generation"/><FRBRauthor href="#x"/><FRBRcountry value="mx"/></FRBRWork>
    <FRBRExpression><FRBRthis value="/x/spa"/><FRBRuri value="/x/spa"/><FRBRdate date="2019-03-15" name="x"/>
      <FRBRauthor href="#x"/><FRBRlanguage language="spa"/></FRBRExpression>
  </identification></meta>
  <body>
    <title><num>TÍTULO PRIMERO</num><heading>DISPOSICIONES GENERALES</heading></title>
    <chapter><num>CAPÍTULO I Del objeto</num></chapter>
    <article><num>Artículo 1.</num><content><p>Objeto.</p></content></article>
    <article><num>Artículo 2.</num>
      <list><intro><p>Son autoridades:</p></intro>
        <point><num>I.</num><content><p>El Cabildo;</p></content></point>
        <point><num>II.</num><intro><p>El Presidente, con:</p></intro>
          <point><num>a)</num><content><p>la Tesorería, y</p></content></point>
          <point><num>b)</num><content><p>la Secretaría.</p></content></point></point>
      </list></article>
    <chapter><num>CAPÍTULO II</num><heading>De los usos</heading></chapter>
    <article><num>Artículo 2 Bis.</num><content><p>Tabla:</p>
      <table><tr><th><p>Uso</p></th><th><p>Cajones</p></th></tr><tr><td><p>Casa</p></td><td><p>1</p></td></tr></table>
    </content></article>
    <title><num>TÍTULO SEGUNDO</num><heading>DE LAS LICENCIAS</heading></title>
    <chapter><num>CAPÍTULO ÚNICO</num></chapter>
    <article><num>Artículo 3.</num><content><p>Licencias.</p></content></article>
    <hcontainer name="transitorios"><heading>TRANSITORIOS</heading>
      <transitional><num>PRIMERO.</num><content><p>Vigencia.</p></content></transitional>
    </hcontainer>
  </body></act></akomaNtoso>"""


def test_sibling_articles_move_into_preceding_containers(tmp_path: Path) -> None:
    result = import_akn(write(tmp_path, SIBLINGS), meta())
    doc = result.document
    titles = [n for n in doc.body if n.kind == "title"]
    assert [(t.key, t.heading) for t in titles] == [("1", "DISPOSICIONES GENERALES"), ("2", "DE LAS LICENCIAS")]
    chapters = [c for c in titles[0].children if c.kind == "chapter"]
    assert [(c.num, c.key, c.heading) for c in chapters] == [("CAPÍTULO I", "1", "Del objeto"),
                                                             ("CAPÍTULO II", "2", "De los usos")]
    assert [a.key for a in chapters[0].children] == ["1", "2"]
    assert [a.key for a in chapters[1].children] == ["2bis"]
    assert [a.key for a in titles[1].children[0].children] == ["3"]
    assert doc.find("title_2__chp_1") is titles[1].children[0]
    assert [n.kind for n in doc.body] == ["title", "title", "transitorios"]
    assert any(w.code == "hierarchy" and "se reparó" in w.message for w in result.report.warnings)


def test_structured_points_tables_and_metadata(tmp_path: Path) -> None:
    doc = import_akn(write(tmp_path, SIBLINGS), meta()).document
    art2 = doc.articles()[1]
    assert art2.children[0].text == "Son autoridades:"
    fr = [c for c in art2.children if c.kind == "point"]
    assert [(p.level, p.key, p.text) for p in fr] == [("fraccion", "I", "El Cabildo;"),
                                                     ("fraccion", "II", "El Presidente, con:")]
    assert [(p.level, p.key) for p in fr[1].children] == [("inciso", "a"), ("inciso", "b")]
    assert doc.find("art_2__point_II__point_b").text == "la Secretaría."
    table = doc.articles()[2].children[1].table
    assert table.rows == [["Uso", "Cajones"], ["Casa", "1"]] and table.header_rows == 1
    (block,) = doc.transitorios()
    assert [(t.key, t.children[0].text) for t in block.children] == [("1", "Vigencia.")]
    assert (doc.meta.title, doc.meta.date, doc.meta.work_date) == ("Reglamento de Ejemplo", "2019-03-15", "2010-05-01")


def test_cli_metadata_wins_over_frbr(tmp_path: Path) -> None:
    doc = import_akn(write(tmp_path, SIBLINGS), meta(title="Mi título", date="2020-01-01")).document
    assert (doc.meta.title, doc.meta.date, doc.meta.work) == ("Mi título", "2020-01-01", "prueba")


@pytest.mark.parametrize(("num", "key", "label", "heading"), [
    ("TÍTULO DÉCIMO PRIMERO INSTRUMENTOS DE PARTICIPACIÓN", "11", "TÍTULO DÉCIMO PRIMERO", "INSTRUMENTOS DE PARTICIPACIÓN"),
    ("Capítulo Primero Objeto de la Ley", "1", "Capítulo Primero", "Objeto de la Ley"),
    ("TÍTULO CUARTO 18 de 58", "4", "TÍTULO CUARTO", ""),
    ("CAPÍTULO XIV", "14", "CAPÍTULO XIV", ""),
    ("CAPÍTULO ÚNICO", "1", "CAPÍTULO ÚNICO", ""),
])
def test_split_container_num(num: str, key: str, label: str, heading: str) -> None:
    assert split_container_num(num) == (key, label, heading)


def test_point_levels() -> None:
    art = Provision("article")
    fr = Provision("point", level="fraccion")
    inc = Provision("point", level="inciso")
    assert point_level("XXIX Bis.", art) == ("fraccion", "XXIXbis")
    assert point_level("i)", fr) == ("inciso", "i")
    assert point_level("ii)", inc) == ("subinciso", "ii")
    assert point_level("3.", inc) == ("numeral", "3")
    assert point_level("B.", art) == ("apartado", "B")


# --------------------------------------------------------------------- our own format

def own_document() -> Document:
    art = Provision("article", num="Artículo 5 Bis.-", key="5bis", notes=["(REFORMADO, P.O. 15 DE MARZO DE 2019)"],
                    children=[Provision("paragraph", text="Son atribuciones:"),
                              Provision("point", num="I.", key="I", level="fraccion", text="Planear;",
                                        children=[Provision("point", num="a)", key="a", level="inciso", text="x")]),
                              Provision("paragraph", table=Table([["A", "B"], ["1", "2"]]))])
    chapter = Provision("chapter", num="CAPÍTULO I", key="1", heading="GENERALES", children=[art])
    trans = Provision("transitorios", heading="TRANSITORIOS", children=[
        Provision("transitional", num="PRIMERO.-", key="1", children=[Provision("paragraph", text="Vigor.")])])
    m = DocumentMeta(work="desarrollo-urbano", kind="reglamento", title="Reglamento de Desarrollo Urbano",
                     jurisdiction="mx-coa-saltillo", date="2019-03-16", work_date="2014-01-01",
                     publication=Publication(date="2019-03-15", number="22"), entry_into_force="2019-03-16",
                     decree="Decreto 45", source="reglamento.pdf")
    return Document(m, preface=["REGLAMENTO DE DESARROLLO URBANO"], body=[chapter, trans])


def test_own_format_round_trips(tmp_path: Path) -> None:
    xml = to_xml(own_document())
    path = tmp_path / "propio.akn.xml"
    path.write_bytes(xml)
    result = import_akn(path, meta(work="desarrollo-urbano"))
    assert to_xml(result.document) == xml
    assert result.report.counts["article"] == 1 and not result.report.warnings


def test_own_format_cli_metadata_wins(tmp_path: Path) -> None:
    path = tmp_path / "propio.akn.xml"
    path.write_bytes(to_xml(own_document()))
    doc = import_akn(path, meta(work="otro", title="Otro título")).document
    assert (doc.meta.work, doc.meta.title, doc.meta.jurisdiction) == ("otro", "Otro título", "mx-coa-saltillo")


# --------------------------------------------------------------------- hostile or broken XML

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act><body><article><num>&lol3;</num>
</article></body></act></akomaNtoso>"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE a [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act><body><article><num>Artículo 1.</num>
<content><p>&xxe;</p></content></article></body></act></akomaNtoso>"""
DTD_ONLY = """<?xml version="1.0"?>
<!DOCTYPE akomaNtoso SYSTEM "http://example.com/akn.dtd">
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act><body/></act></akomaNtoso>"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, XXE, DTD_ONLY], ids=["billion-laughs", "xxe", "dtd"])
def test_hostile_xml_is_refused(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text, "hostil.akn.xml")
    with pytest.raises(InputError) as info:
        import_akn(path, meta())
    assert "DTD" in info.value.message and "hostil.akn.xml" in str(info.value)
    assert "root:" not in str(info.value) and "lollol" not in str(info.value)


@pytest.mark.parametrize("text", ["<html><body/></html>", "<akomaNtoso", "\x00\x01basura"])
def test_not_akn_is_refused(tmp_path: Path, text: str) -> None:
    with pytest.raises(InputError):
        import_akn(write(tmp_path, text, "malo.xml"), meta())
