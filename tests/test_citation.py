import pytest
from conftest import sample_document

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
