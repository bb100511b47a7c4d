"""The real DOF decree of 2024-12-20 (organic simplification) regenerated from the before/after pair.

Ground truth: the decree's own list, copied in ../shared/corpus/README.md. The generated
ARTÍCULO ÚNICO must name the same provisions under the same verbs, down to párrafo, fracción
and inciso, with the text in force numbering the derogated ones ("los anteriores").
"""

from __future__ import annotations

import pytest

from implan_regs.importers import import_path
from implan_regs.model.tree import DocumentMeta
from implan_regs.reform.decree import build_decree

TITLE = "Constitución Política de los Estados Unidos Mexicanos"


@pytest.fixture(scope="module")
def decree(request):
    from conftest import SHARED_CORPUS

    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"real texts not available: {SHARED_CORPUS} is absent")

    def load(name, date):
        meta = DocumentMeta(work="cpeum", kind="constitucion", title=TITLE, date=date)
        return import_path(SHARED_CORPUS / name, meta).document

    return build_decree(load("cpeum@6e5fd21.rst", "2024-12-19"), load("cpeum@1b95a6d.rst", "2024-12-21"))


def _articles(names: list[str]) -> set[str]:
    return {n.split(",")[0].removeprefix("artículo ") for n in names}


def test_article_level_precision_and_recall_are_one(decree):
    verbs = decree.verbs()
    assert _articles(verbs["REFORMA"]) == {"6", "27", "28", "41", "76", "78", "89", "113", "116", "123"}
    assert _articles(verbs["ADICIONA"]) == {"6", "26", "28", "41", "123", "134"}
    assert _articles(verbs["DEROGA"]) == {"3", "6", "26", "28", "76", "89", "105"}
    touched = _articles(verbs["REFORMA"] + verbs["ADICIONA"] + verbs["DEROGA"])
    assert touched == {"3", "6", "26", "27", "28", "41", "76", "78", "89", "105", "113", "116", "123", "134"}


def test_sub_provisions_match_the_published_list(decree):
    sentence = next(b.text for b in decree.blocks if b.style == "articulo-unico")
    for phrase in [
        # Se reforman
        "Se REFORMAN los artículos 6, párrafo tercero; Apartado A, fracción II, párrafo primero; "
        "Apartado A, fracción IV; Apartado A, fracción VIII, párrafos primero a tercero",
        "27, párrafo sexto", "28, párrafos noveno y décimo quinto a vigésimo",
        "41, fracción V, Apartado A, inciso a)", "76, fracción II", "78, fracción VII", "89, fracción III",
        "113, fracción I", "116, fracción VIII", "123, Apartado B, fracción XII, párrafo primero",
        # Se adicionan
        "un párrafo segundo a la fracción II del Apartado A del artículo 6",
        "un párrafo tercero al Apartado B del artículo 26",
        "los párrafos vigésimo primero y vigésimo segundo al artículo 28",
        "un párrafo quinto a la fracción I del artículo 41",
        "un párrafo quinto a la fracción XX del Apartado A del artículo 123",
        "un párrafo tercero al artículo 134",
        # Se derogan
        "la fracción IX del artículo 3",
        "los párrafos cuarto, quinto y séptimo a décimo sexto de la fracción VIII del Apartado A del artículo 6",
        "el Apartado C del artículo 26",
        "los párrafos vigésimo primero a trigésimo segundo del artículo 28",
        "la fracción XII del artículo 76", "la fracción XIX del artículo 89",
        "el inciso h) de la fracción II del artículo 105",
    ]:
        assert phrase in sentence, phrase
    assert sentence.endswith("de la Constitución Política de los Estados Unidos Mexicanos, para quedar como sigue:")
    assert decree.title == ("DECRETO por el que se reforman, adicionan y derogan diversas disposiciones de la "
                            "Constitución Política de los Estados Unidos Mexicanos")
