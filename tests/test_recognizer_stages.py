"""Each stage of the recognizer alone, on the real texts of ../shared/corpus: line classification
(pure), tree building (before any pass), and the passes over the tree (derogations, restarted
lists, eIds); and the whole pipeline equals the stages run one after the other."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from implan_regs.importers.normalize import read_source
from implan_regs.importers.recognizer import recognize
from implan_regs.importers.recognizer.build import build_tree
from implan_regs.importers.recognizer.classify import (
    _article_match,
    _container_match,
    _is_derogation,
    _point_label,
    detect_mode,
)
from implan_regs.importers.recognizer.finish import finish, nest_restarted_lists
from implan_regs.importers.text import text_to_lines
from implan_regs.model.akn import to_xml
from implan_regs.model.numbers import article_key
from implan_regs.model.tree import DocumentMeta, Provision

PROJECT = Path(__file__).resolve().parents[1]
MOVILIDAD = "torreon-reglamento-movilidad-urbana.txt"
LIMPIEZA = "torreon-reglamento-limpieza@vigente.txt"
LGAHOTDU = "mx-lgahotdu.md"


def _lines(shared_corpus, name):
    return text_to_lines(read_source(shared_corpus / name).text)


def _meta() -> DocumentMeta:
    return DocumentMeta(work="w", kind="reglamento", title="T")


@pytest.mark.parametrize(("name", "articles"), [(MOVILIDAD, 179), (LIMPIEZA, 33),
                                                ("torreon-reglamento-interior-r-ayuntamiento.txt", 151)])
def test_classification_alone_finds_every_article_heading_in_order(shared_corpus, name, articles):
    lines = _lines(shared_corpus, name)
    assert detect_mode(lines) == "wrapped"  # pdftotext output, hard-wrapped
    keys = [article_key(m.group("number")) for line in lines if (m := _article_match(line.text))]
    assert len(keys) == articles
    assert keys == [a.key for a in recognize(lines, _meta()).document.articles()]


def test_classification_alone_reads_container_headings_and_point_labels(shared_corpus):
    lines = _lines(shared_corpus, MOVILIDAD)
    assert [line.text for line in lines if _container_match(line.text)][:3] == ["TITULO I", "CAPITULO UNICO", "TITULO II"]
    label = _point_label("III. Los propietarios de los predios")
    assert (label.num, label.rest, label.readings) == ("III.", "Los propietarios de los predios", [("fraccion", "III", 3)])
    ambiguous = _point_label("i) la vía pública")  # subinciso i) first, or the ninth inciso
    assert ambiguous.readings[0] == ("subinciso", "i", 1) and ("inciso", "i", 9) in ambiguous.readings


def test_tree_building_alone_places_every_line_before_any_pass(shared_corpus):
    state = build_tree(_lines(shared_corpus, LIMPIEZA), _meta())
    doc = state.doc
    assert len(doc.articles()) == 33 and state.phase == "transitorios"
    assert not any(n.eid for n in doc.walk())  # eIds are a later pass
    assert not any(n.derogated for n in doc.walk())  # so are derogations
    art7 = next(a for a in doc.articles() if a.key == "7")
    assert [(c.kind, c.num) for c in art7.children][:3] == [("paragraph", None), ("point", "I."), ("point", "II.")]


def test_the_passes_alone_mark_derogations_and_assign_eids():
    path = PROJECT / "corpus" / "reglamento-desarrollo-urbano@2019-03-16.txt"
    state = build_tree(text_to_lines(read_source(path).text), _meta())
    assert not any(n.derogated for n in state.doc.walk())
    result = finish(state)
    doc = result.document
    assert all(n.eid for n in doc.walk())
    assert [n.eid for n in doc.walk() if n.derogated and n.kind != "paragraph"] == ["art_12", "art_33__point_IV"]
    # a transitorio that repeals other provisions is text, not a derogation placeholder
    assert not any(n.derogated for n in doc.walk() if n.eid.startswith("transitorios"))


@pytest.mark.parametrize(("text", "placeholder"), [
    ("Se deroga.", True), ("(Derogada)", True), ("Se deroga párrafo", True), ("Párrafo derogado.", True),
    ("Se deroga. (P.O. 15 DE MARZO DE 2019)", True),
    ("Se derogan todas las disposiciones que se opongan al presente Reglamento.", False),
    ("Se derogan las disposiciones municipales que se opongan al presente Decreto.", False),
    ("Se derogan las fracciones VII del Artículo 74, IX del Artículo 76 y XIX del Artículo 89.", False),
    ("Se deroga el Reglamento de Construcciones de 1994.", False)])
def test_classification_tells_a_derogation_placeholder_from_a_repeal(text, placeholder):
    assert _is_derogation(text) is placeholder


def test_repealing_transitorios_of_real_texts_are_not_derogated(shared_corpus):
    for name in (LIMPIEZA, "torreon-reglamento-constancias-permisos-licencias-acciones-urbanas.txt"):
        doc = recognize(_lines(shared_corpus, name), _meta()).document
        repeal = [n for n in doc.walk() if n.kind == "transitional" and "Se derogan" in n.plain_text()]
        assert repeal and not any(n.derogated for t in repeal for n in t.walk())


def test_restarted_lists_pass_alone_hangs_each_list_from_its_chapeau():
    def fraccion(key: str, text: str) -> Provision:
        return Provision("point", level="fraccion", key=key, num=f"{key}.", text=text)

    article = Provision("article", key="5", children=[
        Provision("paragraph", text="Son autoridades en materia de movilidad:"),
        fraccion("I", "El Ayuntamiento;"), fraccion("II", "El Presidente Municipal."),
        Provision("paragraph", text="Son auxiliares de las autoridades:"),
        fraccion("I", "La Policía Preventiva;"), fraccion("II", "Protección Civil.")])
    nest_restarted_lists(article)
    assert [(c.kind, c.text) for c in article.children] == [
        ("paragraph", "Son autoridades en materia de movilidad:"), ("paragraph", "Son auxiliares de las autoridades:")]
    assert [[p.text for p in c.children] for c in article.children] == [
        ["El Ayuntamiento;", "El Presidente Municipal."], ["La Policía Preventiva;", "Protección Civil."]]


@pytest.mark.parametrize("name", [MOVILIDAD, LIMPIEZA, LGAHOTDU])
def test_the_pipeline_is_its_stages_in_order(shared_corpus, name):
    lines = _lines(shared_corpus, name)
    whole = recognize(copy.deepcopy(lines), _meta())
    staged = finish(build_tree(copy.deepcopy(lines), _meta()))
    assert to_xml(staged.document) == to_xml(whole.document)
    assert staged.report.to_json() == whole.report.to_json()
