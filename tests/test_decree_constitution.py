"""The real DOF decree of 2024-12-20 (organic simplification) regenerated from the before/after pair.

Ground truth: the decree's own list, copied in ../shared/corpus/README.md. The generated
ARTÍCULO ÚNICO must name the same provisions under the same verbs, down to párrafo, fracción
and inciso, with the text in force numbering the derogated ones ("los anteriores").
"""

from __future__ import annotations

import pytest

from implan_regs.importers import import_path
from implan_regs.model.numbers import article_key
from implan_regs.model.tree import DocumentMeta
from implan_regs.reform.decree import build_decree
from implan_regs.reform.instructions import parse_sentence

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
    return {article_key(n.split(",")[0].removeprefix("artículo ")) for n in names}


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
        # one Apartado named once, its fracciones listed with their own paths (as the DOF writes it)
        "Se REFORMAN los artículos 6o., párrafo tercero; Apartado A, fracciones II, párrafo primero, IV y "
        "VIII, párrafos primero a tercero",
        "27, párrafo sexto", "28, párrafos noveno y décimo quinto a vigésimo",
        "41, fracción V, Apartado A, inciso a)", "76, fracción II", "78, fracción VII", "89, fracción III",
        "113, fracción I", "116, fracción VIII", "123, Apartado B, fracción XII, párrafo primero",
        # Se adicionan
        "un párrafo segundo a la fracción II del Apartado A del artículo 6o.",
        "un párrafo tercero al Apartado B del artículo 26",
        "los párrafos vigésimo primero y vigésimo segundo al artículo 28",
        "un párrafo quinto a la fracción I del artículo 41",
        "un párrafo quinto a la fracción XX del Apartado A del artículo 123",
        "un párrafo tercero al artículo 134",
        # Se derogan
        "la fracción IX del párrafo décimo segundo del artículo 3o.",
        "los párrafos cuarto, quinto y séptimo a décimo sexto de la fracción VIII del Apartado A del artículo 6o.",
        "el Apartado C del artículo 26",
        "los párrafos vigésimo primero a trigésimo segundo del artículo 28",
        "la fracción XII del artículo 76", "la fracción XIX del artículo 89",
        "el inciso h) de la fracción II del artículo 105",
    ]:
        assert phrase in sentence, phrase
    assert sentence.endswith("de la Constitución Política de los Estados Unidos Mexicanos, para quedar como sigue:")
    assert decree.title == ("DECRETO por el que se reforman, adicionan y derogan diversas disposiciones de la "
                            "Constitución Política de los Estados Unidos Mexicanos")


# The published decree's own list (../shared/corpus/README.md), at the finest level, with the DOF's
# full path: (verb, article, ((level, number), ...)).
def _p(*numbers):
    return tuple(("paragraph", str(n)) for n in numbers)


PUBLISHED = {
    ("REFORMA", "6", _p(3)), ("REFORMA", "6", (("apartado", "A"), ("fraccion", "II")) + _p(1)),
    ("REFORMA", "6", (("apartado", "A"), ("fraccion", "IV"))),
    *{("REFORMA", "6", (("apartado", "A"), ("fraccion", "VIII")) + _p(n)) for n in (1, 2, 3)},
    ("REFORMA", "27", _p(6)), *{("REFORMA", "28", _p(n)) for n in (9, 15, 16, 17, 18, 19, 20)},
    ("REFORMA", "41", (("fraccion", "V"), ("apartado", "A"), ("inciso", "a"))),
    ("REFORMA", "76", (("fraccion", "II"),)), ("REFORMA", "78", (("fraccion", "VII"),)),
    ("REFORMA", "89", (("fraccion", "III"),)), ("REFORMA", "113", (("fraccion", "I"),)),
    ("REFORMA", "116", (("fraccion", "VIII"),)),
    ("REFORMA", "123", (("apartado", "B"), ("fraccion", "XII")) + _p(1)),
    ("ADICIONA", "6", (("apartado", "A"), ("fraccion", "II")) + _p(2)),
    ("ADICIONA", "26", (("apartado", "B"),) + _p(3)), ("ADICIONA", "28", _p(21)), ("ADICIONA", "28", _p(22)),
    ("ADICIONA", "41", (("fraccion", "I"),) + _p(5)),
    ("ADICIONA", "123", (("apartado", "A"), ("fraccion", "XX")) + _p(5)), ("ADICIONA", "134", _p(3)),
    ("DEROGA", "3", _p(12) + (("fraccion", "IX"),)),
    *{("DEROGA", "6", (("apartado", "A"), ("fraccion", "VIII")) + _p(n)) for n in (4, 5, *range(7, 17))},
    ("DEROGA", "26", (("apartado", "C"),)), *{("DEROGA", "28", _p(n)) for n in range(21, 33)},
    ("DEROGA", "76", (("fraccion", "XII"),)), ("DEROGA", "89", (("fraccion", "XIX"),)),
    ("DEROGA", "105", (("fraccion", "II"), ("inciso", "h"))),
}


def test_finest_level_list_matches_the_published_decree(decree):
    """F1 of the provisions named (verb, article, full path) against the DOF's list, read back by
    the same sentence reader that reads published decrees."""
    sentence = next(b.text for b in decree.blocks if b.style == "articulo-unico")
    named = {(i.verb.value, i.target.article, i.target.path) for i in parse_sentence(sentence)}
    true_positives = len(named & PUBLISHED)
    precision, recall = true_positives / len(named), true_positives / len(PUBLISHED)
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.95, (f1, sorted(named - PUBLISHED), sorted(PUBLISHED - named))


def test_the_dof_grouped_form_of_a_sentence_is_read():
    """The DOF names an Apartado once and lists its fracciones bare, each with its own path:
    "Apartado A, fracciones II, párrafo primero, IV y VIII, párrafos primero, segundo y tercero"."""
    sentence = ("ARTÍCULO ÚNICO.- Se reforman los artículos 6o., párrafo tercero, y Apartado A, fracciones II, "
                "párrafo primero, IV y VIII, párrafos primero, segundo y tercero; 27, párrafo sexto; 28, párrafos "
                "noveno, décimo quinto, décimo sexto, décimo séptimo, décimo octavo, décimo noveno y vigésimo; 41, "
                "fracción V, Apartado A, inciso a); 76, fracción II; 78, fracción VII; 89, fracción III; 113, "
                "fracción I; 116, fracción VIII, y 123, Apartado B, fracción XII, párrafo primero de la "
                "Constitución Política de los Estados Unidos Mexicanos, para quedar como sigue:")
    read = {(i.verb.value, i.target.article, i.target.path) for i in parse_sentence(sentence)}
    assert read == {item for item in PUBLISHED if item[0] == "REFORMA"}
