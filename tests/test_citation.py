import pytest
from conftest import sample_document
from hypothesis import example, given
from hypothesis import strategies as st

from implan_regs.errors import NotFoundError
from implan_regs.model.citation import parse_citation, resolve
from implan_regs.model.eid import assign_eids


@pytest.fixture
def doc():
    d = sample_document()
    assign_eids(d.body)
    return d


@pytest.mark.parametrize("citation, eid", [
    ("artículo 1", "art_1"),
    ("Artículo 4 Bis", "art_4bis"),
    ("art. 4-BIS", "art_4bis"),
    ("ARTICULO 3 FRACCION II", "art_3__point_II"),
    ("fracción II del artículo 3", "art_3__point_II"),
    ("artículo 3, fracción II, inciso b)", "art_3__point_II__point_b"),
    ("párrafo segundo del artículo 3", "art_3__para_2"),
    ("capítulo II", "title_1__chp_2"),
    ("título primero capítulo I", "title_1__chp_1"),
    ("transitorio segundo", "transitorios_1__trans_2"),
    ("art_3__point_I", "art_3__point_I"),
])
def test_resolve_citations(doc, citation, eid):
    assert resolve(doc, citation).eid == eid


def test_resolved_content_is_the_cited_text(doc):
    assert resolve(doc, "artículo 3 fracción II inciso a").text == "bruta;"


@pytest.mark.parametrize("citation", ["artículo 99", "artículo 3 fracción IX", "art_77", "hola mundo",
                                      "párrafo quinto del artículo 1"])
def test_unknown_citation_is_a_clear_error(doc, citation):
    with pytest.raises(NotFoundError) as err:
        resolve(doc, citation)
    assert citation in str(err.value)


def test_parse_orders_from_outside_in():
    assert parse_citation("inciso a) de la fracción III del artículo 12") == [
        ("article", "12"), ("fraccion", "III"), ("inciso", "a")]
    assert parse_citation("párrafo vigésimo primero del artículo 28") == [("article", "28"), ("paragraph", "21")]
    assert parse_citation("artículo 123, apartado B, fracción XII") == [
        ("article", "123"), ("apartado", "B"), ("fraccion", "XII")]


def test_points_of_a_later_list_hang_from_their_chapeau_paragraph():
    """Art. 3o of the Constitution: 'fracción IX del párrafo décimo segundo' — lists restart per paragraph."""
    from conftest import P

    from implan_regs.model.akn import from_xml, to_xml
    from implan_regs.model.tree import Document, DocumentMeta

    second_list = P("paragraph", text="El Estado garantizará:", children=[
        P("point", num="I.", key="I", level="fraccion", text="uno;"),
        P("point", num="II.", key="II", level="fraccion", text="dos.")])
    art = P("article", num="Artículo 3o.", key="3", children=[
        P("paragraph", text="Toda persona tiene derecho:"),
        P("point", num="I.", key="I", level="fraccion", text="primera lista."),
        second_list])
    doc = Document(DocumentMeta(work="w", kind="ley", title="t", date="2020-01-01"), body=[art])
    back = from_xml(to_xml(doc))
    assert to_xml(back) == to_xml(doc)
    assert resolve(back, "fracción II del párrafo segundo del artículo 3").eid == "art_3__para_2__point_II"
    assert resolve(back, "fracción II del párrafo segundo del artículo 3").text == "dos."
    assert resolve(back, "artículo 3 fracción I").text == "primera lista."


_KEYWORDS = ["artículo", "ART.", "Artİculo", "fr.", "fracción", "FRACCİÓN", "título", "TÍTULO", "capítulo",
             "CAPİTULO", "sección", "SECCİÓN", "ſección", "transitorio", "TRANSİTORIO", "párrafo", "inciso",
             "İnciso", "subinciso", "ſubinciso", "numeral", "apartado", "libro", "LİBRO", "de la", "del"]
_NUMBERS = ["45", "122 Bis", "III", "IV", "b)", "a", "B", "segundo", "décimo primero", "ÚNICO", ",", ""]


@given(st.lists(st.one_of(st.tuples(st.sampled_from(_KEYWORDS), st.sampled_from(_NUMBERS)).map(" ".join),
                          st.text(max_size=3)), max_size=6))
@example(["TRANSİTORIO segundo", "ſección 45", "LİBRO II", "İnciso b)", "ſubinciso ii)", "Artİculo 4"])
def test_the_keyword_prefilter_never_changes_a_parse(pieces):
    """parse_citation compiles and tries a level's pattern only when its keyword's stem is in the
    text (start-up of show --provision); with every pattern tried the answer is the same."""
    from unittest import mock

    from implan_regs.model import citation

    text = " ".join(pieces)
    with mock.patch.dict(citation._STEMS, {level: "" for level in citation._STEMS}):
        every_pattern = parse_citation(text)
    assert parse_citation(text) == every_pattern
