"""Glossary articles: one item per defined term (AKN <def>), on the real Reglamento de Movilidad and
on the written forms `Término.- texto`, `Término: texto` and `I. Término: texto`."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from implan_regs.importers import import_path
from implan_regs.importers.text import import_text
from implan_regs.model.akn import AKN_NS, from_xml, to_xml
from implan_regs.model.tree import DocumentMeta
from implan_regs.schemas import validate_document

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
MOVILIDAD = "torreon-reglamento-movilidad-urbana"


def meta() -> DocumentMeta:
    return DocumentMeta(work="prueba", kind="reglamento", title="Prueba", date="2020-01-01")


@pytest.fixture(scope="module", params=[".pdf", ".txt"])
def movilidad(request):
    path = CORPUS / (MOVILIDAD + request.param)
    if not path.is_file():
        pytest.skip(f"no está el corpus compartido ({path})")
    return import_path(path, meta()).document


def test_movilidad_article_7_has_one_item_per_term(movilidad) -> None:
    art7 = movilidad.find("art_7")
    entries = [c for c in art7.children if c.term]
    terms = [c.term for c in entries]
    # the chapeau, one párrafo per term («Vía ciclista, aquella…» too) and the closing párrafo
    assert len(entries) == 64 and len(art7.children) == 66
    assert terms[:8] == ["Área de espera ciclista", "Aliento alcohólico", "Alto", "Automóvil", "Automovilista",
                         "Autoridad Municipal", "Autotransportista", "Bicicleta"]
    assert terms[-1] == "Zona privada con acceso del público"
    alto = entries[2]
    assert alto.kind == "paragraph"
    assert alto.text == "Alto.- Es la suspensión de movimiento de tránsito de los usuarios de la vía pública."
    for entry in entries:  # never two definitions run together
        # «Vehículo Detenido: Es aquel…», «Vía ciclista, aquella destinada…»
        assert entry.text.startswith((entry.term + ".-", entry.term + ":", entry.term + ", aquel"))
        assert not any(f" {other}.- " in entry.text for other in terms if other != entry.term)
    carril = entries[terms.index("Carril")]
    assert [p.term for p in carril.children] == ["Carril derecho", "Carril o carriles centrales", "Carril izquierdo"]


def test_definitions_round_trip_as_akn_def(movilidad) -> None:
    data = to_xml(movilidad)
    root = etree.fromstring(data)
    defs = [d.text for d in root.iter(f"{{{AKN_NS}}}def")]
    assert "Alto" in defs and "Carril derecho" in defs
    back = from_xml(data)
    assert [c.term for c in back.find("art_7").children] == [c.term for c in movilidad.find("art_7").children]
    assert back.find("art_7").children[3].text == movilidad.find("art_7").children[3].text
    assert validate_document(movilidad) == []


GLOSSARY = """Artículo 1.- Objeto del reglamento.

Artículo 2.- Para los efectos de este Reglamento se entiende por:
{entries}

Artículo 3.- Texto del artículo tres.
"""


ITEMS = [("Alineamiento", "la línea que limita el predio con la vía pública."),
         ("Coeficiente de Ocupación del Suelo", "la superficie construible en planta baja."),
         ("Vía pública", "todo espacio de uso común destinado al tránsito.")]


@pytest.mark.parametrize("blank", [False, True])
@pytest.mark.parametrize("form", ["{term}.- {text}", "{term}: {text}", "{num}. {term}: {text}"])
def test_written_forms_of_entries(form: str, blank: bool) -> None:
    """Entries one per line, with no blank line between them, in a text whose articles are separated
    by blank lines (``blank``) or not at all (PDF-like)."""
    lines = [form.format(num=num, term=term, text=text) for num, (term, text) in zip(["I", "II", "III"], ITEMS,
                                                                                      strict=True)]
    text = GLOSSARY.format(entries="\n".join(lines))
    if not blank:
        text = "\n".join(line for line in text.splitlines() if line.strip())
    art2 = import_text(text, meta()).document.find("art_2")
    entries = [n for n in art2.walk() if n.term]
    assert [(e.term, e.text) for e in entries] == [(term, f"{term}{form.split('{term}')[1].split('{text}')[0]}{text}")
                                                   for term, text in ITEMS]
    assert {e.kind for e in entries} == ({"point"} if form.startswith("{num}") else {"paragraph"})


def test_article_that_is_not_a_glossary_has_no_terms() -> None:
    text = "Artículo 1.- Son autoridades:\nI. El Cabildo: órgano colegiado;\nII. El Presidente.\n"
    doc = import_text(text, meta()).document
    assert not [n for n in doc.walk() if n.term]


def test_numbered_glossary_with_comma_terms() -> None:
    """The Reglamento de Constancias writes «VI. Ayuntamiento, el Republicano Ayuntamiento…» (and
    «XIX. CUS. Coeficiente…», «XXX. Estudio de Impacto Urbano. el estudio…»): every fracción names
    its term."""
    path = CORPUS / "torreon-reglamento-constancias-permisos-licencias-acciones-urbanas.pdf"
    if not path.is_file():
        pytest.skip(f"no está el corpus compartido ({path})")
    art10 = import_path(path, meta()).document.find("art_10")
    points = [c for c in art10.children if c.kind == "point"]
    assert len(points) == 79 and all(p.term for p in points)
    by_num = {p.num: p.term for p in points}
    assert by_num["VI."] == "Ayuntamiento" and by_num["XVII."] == "Construcción"
    assert by_num["IV."] == "Alineamiento y Número Oficial"
    assert (by_num["XIX."], by_num["XXX."]) == ("CUS", "Estudio de Impacto Urbano")
