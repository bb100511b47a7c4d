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


def test_single_list_keeps_points_on_the_article():
    doc = _doc("Artículo 12.- Son requisitos:\nI. Uno;\nII. Dos, y\nIII. Tres.\n")
    assert [c.eid for c in doc.find("art_12").children] == [
        "art_12__para_1", "art_12__point_I", "art_12__point_II", "art_12__point_III"]


def test_restarted_numbering_hangs_each_list_from_its_chapeau():
    text = ("Artículo 3.- Toda persona tiene derecho:\n\nI. Uno;\nII. Dos;\nIII. Tres.\n\n"
            "Texto intermedio del artículo.\n\nEl Estado garantizará:\n\nI. Primera;\nII. Segunda.\n\nCierre.\n")
    result = import_text(text, DocumentMeta(work="x", kind="reglamento", title="X"))
    doc = result.document
    assert result.report.warnings == []
    art = doc.find("art_3")
    assert [c.eid for c in art.children] == ["art_3__para_1", "art_3__para_2", "art_3__para_3", "art_3__para_4"]
    assert [p.eid for p in art.children[0].children] == ["art_3__para_1__point_I", "art_3__para_1__point_II",
                                                         "art_3__para_1__point_III"]
    assert art.children[2].text == "El Estado garantizará:"
    assert doc.find("art_3__para_3__point_II").text == "Segunda."
    from implan_regs.model.citation import resolve
    assert resolve(doc, "fracción II del párrafo tercero del artículo 3").text == "Segunda."
    assert resolve(doc, "párrafo cuarto del artículo 3").text == "Cierre."


def test_lines_mode_one_paragraph_a_line():
    long = "x" * 170
    text = "\n".join([f"Artículo {n}.- Texto largo {long}." for n in range(1, 6)]
                     + ["Artículo 6.- Son requisitos:", "I. Uno;", "II. Dos.", "", "Párrafo final del artículo."])
    doc = _doc(text)
    art6 = doc.find("art_6")
    assert [c.kind for c in art6.children] == ["paragraph", "point", "point", "paragraph"]
    assert art6.children[-1].text == "Párrafo final del artículo."


def test_plan_points_in_chapters():
    doc = _doc("CAPÍTULO V\nESTRATEGIA\n\nLa estrategia se organiza en ejes.\n\nEstrategia 1. Vivienda.\n"
               "Línea de acción 1.1. Rehabilitar.\nLínea de acción 1.2. Ocupar baldíos.\n\nEstrategia 2. Patrimonio.\n"
               "Línea de acción 2.1. Catalogar.\n\nTexto de cierre del capítulo.\n")
    chp = doc.find("chp_5")
    assert [c.kind for c in chp.children] == ["paragraph", "point", "point", "paragraph"]
    assert [n.eid for n in doc.find("chp_5__point_1").children] == ["chp_5__point_1__point_1-1",
                                                                    "chp_5__point_1__point_1-2"]
    assert doc.find("chp_5__point_2__point_2-1").text == "Catalogar."
    assert doc.find("chp_5__point_1").level == "estrategia"


def test_decree_block_subheading_text_and_signatures():
    text = ("Artículo 1.- Uno.\nTRANSITORIOS\nPRIMERO.- Vigor.\nSEGUNDO.- Abrogación.\n"
            "Dado en el Salón de Cabildo, a 1 de enero de 2015.\nEL PRESIDENTE MUNICIPAL\n"
            "DECRETO por el que se reforma el artículo 1 del Reglamento de\nPrueba del Municipio.\n"
            "Publicado en el Periódico Oficial del Estado el 15 de marzo de 2019\n"
            "Artículo Único.- Se reforma el artículo 1 del Reglamento de Prueba, para quedar como sigue:\n"
            "Transitorio\nÚnico.- El presente Decreto entrará en vigor al día siguiente.\n"
            "Ciudad de México, a 30 de abril de 2019.- Dip. Fulano, Presidente.- Rúbrica.\n")
    doc = _doc(text)
    first, second = doc.transitorios()
    assert [c.kind for c in first.children] == ["transitional", "transitional", "paragraph", "paragraph"]
    assert first.children[2].text.startswith("Dado en el Salón de Cabildo")
    assert doc.find("transitorios_1__trans_2").plain_text() == "Abrogación."
    assert second.subheading == ("DECRETO por el que se reforma el artículo 1 del Reglamento de Prueba del "
                                 "Municipio. Publicado en el Periódico Oficial del Estado el 15 de marzo de 2019")
    assert second.heading == "Transitorio"
    assert second.children[0].text.startswith("Artículo Único.- Se reforma")
    assert [t.key for t in second.children if t.kind == "transitional"] == ["unico"]
    assert doc.conclusions == ["Ciudad de México, a 30 de abril de 2019.- Dip. Fulano, Presidente.- Rúbrica."]


def test_docx_label_and_indent_fields():
    from implan_regs.importers.lines import SourceLine
    from implan_regs.importers.recognizer import recognize
    lines = [SourceLine("Artículo 1.- Son requisitos:", 1, blank_before=True),
             SourceLine("La solicitud;", 2, label="I.", blank_before=True),
             SourceLine("El plano:", 3, label="II.", blank_before=True),
             SourceLine("de localización.", 4, label="a)", blank_before=True, indent=4),
             SourceLine("Texto del inciso a.", 5, blank_before=True, indent=8)]
    doc = recognize(lines, DocumentMeta(work="x", kind="reglamento", title="X"), mode="blank").document
    assert doc.find("art_1__point_I").text == "La solicitud;"
    assert doc.find("art_1__point_II__point_a").text == "de localización."
    assert doc.find("art_1__point_II__point_a__para_1").text == "Texto del inciso a."


# Wrapped text as pdftotext writes it: every line of a paragraph about as wide as the page.
_WRAPPED = [
    "Artículo 1.- Para obtener la licencia de construcción, el solicitante deberá presentar",
    "ante la Dirección General de Ordenamiento Territorial y Urbanismo los documentos que",
    "señala el presente Reglamento, en original y copia, de acuerdo con lo siguiente:",
    "La Dirección revisará la solicitud en un plazo de diez días hábiles y, en su caso,",
    "prevendrá al solicitante por una sola vez para que subsane las omisiones.",
    "Artículo 2.- Son atribuciones de la Dirección General de Ordenamiento Territorial:",
    "I. expedir las licencias de construcción, demolición, remodelación y ampliación de",
    "edificaciones en el territorio del Municipio conforme al presente Reglamento;",
    "II. ordenar la inspección de las obras en proceso y de las terminadas, levantando",
    "el acta circunstanciada que corresponda a cada visita de inspección; y",
    "III. las demás que le confieran este Reglamento y otras disposiciones aplicables.",
]


def test_a_full_width_line_ending_in_a_colon_closes_its_paragraph():
    first, second = _doc("\n".join(_WRAPPED)).find("art_1").children
    assert first.text.endswith("en original y copia, de acuerdo con lo siguiente:")
    assert second.text == ("La Dirección revisará la solicitud en un plazo de diez días hábiles y, en su caso, "
                           "prevendrá al solicitante por una sola vez para que subsane las omisiones.")


def test_the_last_fraccion_after_y_is_its_own_fraccion():
    points = [c for c in _doc("\n".join(_WRAPPED)).find("art_2").children if c.kind == "point"]
    assert [p.key for p in points] == ["I", "II", "III"]
    assert points[1].text.endswith("a cada visita de inspección; y")
    assert points[2].text == "las demás que le confieran este Reglamento y otras disposiciones aplicables."
