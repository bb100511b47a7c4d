"""The decree built from a diff: verbs, provisions named, body and transitorios."""

from __future__ import annotations

from pathlib import Path

import pytest

from implan_regs.importers import import_path
from implan_regs.model.tree import DocumentMeta
from implan_regs.reform.decree import build_decree

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _load(name: str, date: str):
    meta = DocumentMeta(work="reglamento-desarrollo-urbano", kind="reglamento", date=date,
                        title="Reglamento de Desarrollo Urbano, Zonificación, Uso de Suelo y Construcción del "
                              "Municipio de Torreón, Coahuila de Zaragoza")
    return import_path(CORPUS / name, meta).document


@pytest.fixture(scope="module")
def decree_2019():
    old = _load("reglamento-desarrollo-urbano@2015-12-20.txt", "2015-12-20")
    new = _load("reglamento-desarrollo-urbano@2019-03-16.txt", "2019-03-16")
    return build_decree(old, new, transitorios=["El presente decreto entrará en vigor al día siguiente."])


def test_sample_reform_names_exactly_what_the_2019_decree_changed(decree_2019):
    """corpus/README.md lists what our sample 2019 decree changes; the generated decree must agree."""
    verbs = decree_2019.verbs()
    assert verbs["DEROGA"] == ["artículo 12", "artículo 33, fracción IV"]
    assert "artículo 45 Bis" in verbs["ADICIONA"]
    reformed = verbs["REFORMA"]
    for expected in ("artículo 3, fracción XVII", "artículo 3, fracción XXV", "artículo 9", "artículo 58"):
        assert any(r.startswith(expected) for r in reformed), (expected, reformed)
    touched = {r.split(",")[0] for r in reformed + verbs["ADICIONA"] + verbs["DEROGA"]}
    assert touched == {"artículo 3", "artículo 9", "artículo 12", "artículo 20", "artículo 33", "artículo 45",
                       "artículo 45 Bis", "artículo 58"}


def test_sentence_and_body_follow_the_mexican_form(decree_2019):
    text = decree_2019.text()
    # a municipal instrument is titled as the municipality titles it
    assert text.startswith("REFORMA AL REGLAMENTO DE DESARROLLO URBANO, ZONIFICACIÓN, USO DE SUELO Y CONSTRUCCIÓN")
    sentence = next(b.text for b in decree_2019.blocks if b.style == "articulo-unico")
    assert sentence.startswith("ARTÍCULO ÚNICO.- Se REFORMAN los artículos 3, fracciones XVII y XXV; 9, párrafo primero;")
    assert "; y se DEROGAN el artículo 12 y la fracción IV del artículo 33 del Reglamento" in sentence
    assert sentence.endswith("para quedar como sigue:")
    assert "Artículo 12.- Se deroga." in text
    assert "IV. Se deroga." in text
    assert "I. a III. …" in text  # unchanged fracciones of art. 33 are elided
    assert "Artículo 1.-" not in text  # unchanged articles are not printed
    assert text.rstrip().endswith("ÚNICO.- El presente decreto entrará en vigor al día siguiente.")


def test_a_new_work_is_expedited():
    new = _load("reglamento-desarrollo-urbano@2015-12-20.txt", "2015-12-20")
    decree = build_decree(None, new)
    assert decree.expide
    assert decree.blocks[1].text.startswith("ARTÍCULO ÚNICO.- Se expide el Reglamento de Desarrollo Urbano")
    assert sum(1 for b in decree.blocks if b.style == "articulo") == 61
