from __future__ import annotations

from implan_regs.importers.text import import_text
from implan_regs.model.tree import DocumentMeta


def _doc(text: str):
    return import_text(text, DocumentMeta(work="x", kind="reglamento", title="X")).document


def _keys(text: str):
    return [a.key for a in _doc(text).articles()]


def test_article_forms():
    text = "\n".join(["Artículo 1. Uno.", "ARTÍCULO 2.- Dos.", "Artículo 3o. Tres.", "Artículo 4º. Cuatro.",
                      "Art. 45.- Cinco.", "ART. 45-BIS.- Seis.", "Artículo 46 Ter. Siete.",
                      "ARTÍCULO 47.-. Ocho."])
    assert _keys(text) == ["1", "2", "3", "4", "45", "45bis", "46ter", "47"]


def test_cross_reference_is_not_an_article():
    text = "Artículo 1. Se sancionará lo previsto en el\nArtículo 19, fracciones III y IV.\nArtículo 2. Otro."
    assert _keys(text) == ["1", "2"]


def test_containers_and_headings():
    doc = _doc("TITULO I\nDE LAS DISPOSICIONES GENERALES\nCAPITULO UNICO\nGENERALIDADES\n"
               "Artículo 1.- Objeto.\nTÍTULO SEGUNDO - DEL TRÁNSITO\nCapítulo II: De los peatones\nArtículo 2.- Dos.")
    title1, title2 = doc.body
    assert (title1.key, title1.heading) == ("1", "DE LAS DISPOSICIONES GENERALES")
    assert (title1.children[0].key, title1.children[0].heading) == ("unico", "GENERALIDADES")
    assert (title2.key, title2.heading) == ("2", "DEL TRÁNSITO")
    assert title2.children[0].heading == "De los peatones"
    assert doc.find("title_2__chp_2") is not None


def test_fracciones_incisos_nesting():
    doc = _doc("Artículo 2.- Principios:\nI. Primero;\nII. Segundo:\na) uno;\nb) dos;\nIII. Tercero.")
    assert [n.eid for n in doc.walk() if n.kind == "point"] == [
        "art_2__point_I", "art_2__point_II", "art_2__point_II__point_a", "art_2__point_II__point_b",
        "art_2__point_III"]


def test_lone_numeral_takes_text_after_blank():
    doc = _doc("Artículo 2.- Principios:\nI.\n\nLa circulación segura;\n\nII. La cortesía.")
    assert doc.find("art_2__point_I").text == "La circulación segura;"


def test_roman_word_in_running_text_is_not_a_fraccion():
    doc = _doc("Artículo 5.- Lo previsto en la fracción\nI del artículo anterior se aplica al Municipio y\n"
               "VI de sus dependencias.")
    assert [n for n in doc.walk() if n.kind == "point"] == []


def test_bis_and_letter_fracciones():
    doc = _doc("Artículo 3.- Definiciones:\nXXIX. Uno;\nXXIX Bis. Dos;\nXXIX-Y. Tres;\nXXX. Cuatro.")
    assert [c.key for c in doc.find("art_3").children if c.kind == "point"] == ["XXIX", "XXIXbis", "XXIX-Y", "XXX"]


def test_derogated_and_notes():
    doc = _doc("Artículo 12.- Se deroga.\n(REFORMADO, P.O. 15 DE MARZO DE 2019)\nArtículo 13.- Texto:\n"
               "I. Se deroga.\nFracción derogada DOF 06-01-2020\nII. Vigente.")
    art12 = doc.find("art_12")
    assert art12.derogated and art12.notes == ["REFORMADO, P.O. 15 DE MARZO DE 2019"]
    frac = doc.find("art_13__point_I")
    assert frac.derogated and frac.notes == ["Fracción derogada DOF 06-01-2020"]
    assert "DOF" not in (frac.text or "")


def test_transitorios_blocks_per_decree():
    doc = _doc("Artículo 1.- Uno.\nTRANSITORIOS\nPRIMERO.- Entra en vigor.\nSEGUNDO.- Se abroga.\n"
               "DECRETO por el que se reforma el artículo 1.\nTransitorio\nÚnico.- Vigor.")
    first, second = doc.transitorios()
    assert [t.key for t in first.children] == ["1", "2"]
    assert second.subheading.startswith("DECRETO por el que")
    assert [t.eid for t in second.children if t.kind == "transitional"] == ["transitorios_2__trans_unico"]


def test_gap_and_duplicate_warnings():
    result = import_text("Artículo 1.- a.\nArtículo 3.- b.\nArtículo 3.- c.",
                         DocumentMeta(work="x", kind="reglamento", title="X"))
    codes = [w.code for w in result.report.warnings]
    assert "gap" in codes and "duplicate" in codes


def test_preamble_before_first_structure():
    doc = _doc("REGLAMENTO DE PRUEBA\n\nEXPOSICIÓN DE MOTIVOS\nLa ciudad crece.\nCAPÍTULO I\nGenerales\n"
               "Artículo 1.- Objeto.")
    assert doc.preface == ["REGLAMENTO DE PRUEBA"]
    assert [p.text for p in doc.preamble] == ["EXPOSICIÓN DE MOTIVOS", "La ciudad crece."]
