"""The number vocabulary (implan_regs.model.numbers): ordinal words, Roman numerals and the letter
order of incisos, and the modules that read numbers agreeing with it."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from implan_regs.export.decree import _elision_style
from implan_regs.importers.text import import_text
from implan_regs.model.numbers import (
    LETTERS,
    ROMAN_NUMERAL_RE,
    int_to_ordinal,
    int_to_roman,
    is_roman,
    letter_at,
    letter_value,
    ordinal_to_int,
    roman_to_int,
)
from implan_regs.model.tree import DocumentMeta
from implan_regs.reform.instructions import number_order
from implan_regs.search import analysis


@pytest.mark.parametrize(("value", "words"), [
    (1, "primero"), (12, "décimo segundo"), (100, "centésimo"), (101, "centésimo primero"),
    (200, "ducentésimo"), (245, "ducentésimo cuadragésimo quinto"), (999, "noningentésimo nonagésimo noveno")])
def test_ordinal_words(value, words):
    assert int_to_ordinal(value) == words


@pytest.mark.parametrize("value", [0, -3, 1000])
def test_no_ordinal_word_outside_1_to_999(value):
    with pytest.raises(ValueError):
        int_to_ordinal(value)


@given(st.integers(1, 999))
def test_ordinal_words_read_back_in_both_genders(value):
    words = int_to_ordinal(value)
    assert ordinal_to_int(words) == value
    assert ordinal_to_int(re.sub(r"o\b", "a", words).upper()) == value


@given(st.integers(1, 3999))
def test_roman_numerals_read_back(value):
    assert roman_to_int(int_to_roman(value)) == value == roman_to_int(int_to_roman(value).lower())


@given(st.text("IVXLCDM", max_size=8))
def test_one_roman_detector(text):
    canonical = bool(text) and int_to_roman(roman_to_int(text) or 0) == text
    assert is_roman(text) == canonical == bool(re.fullmatch(ROMAN_NUMERAL_RE, text))
    assert analysis.is_roman is is_roman
    assert (_elision_style(f"{text}. a L. …") == "Fraccion") == canonical


@pytest.mark.parametrize("text", ["IIII", "VV", "IC", "XM", "", "ABC"])
def test_malformed_roman_numerals_are_refused(text):
    assert not is_roman(text) and roman_to_int(text) is None


def test_one_letter_order_with_enye():
    assert LETTERS.index("ñ") == LETTERS.index("n") + 1
    assert [letter_value(c) for c in "anñoz"] == [1, 14, 15, 16, 27] == [letter_value(c) for c in "ANÑOZ"]
    assert letter_value("1") == letter_value("ab") == 0 and letter_at(15) == "ñ"
    assert number_order("inciso", "n") < number_order("inciso", "ñ") < number_order("inciso", "o")
    assert number_order("apartado", "O") == (16, "")


def test_the_recognizer_reads_enye_as_the_inciso_after_n():
    letters = "abcdefghijklmnñop"
    text = "Artículo 1.- Son obligaciones:\n\nI. Cumplir con:\n\n" + \
        "\n\n".join(f"{letter}) texto {letter};" for letter in letters) + "\n\nII. Otra.\n"
    result = import_text(text, DocumentMeta(work="x", kind="reglamento", title="X", date="2020-01-01"))
    assert result.report.warnings == []
    fraccion = next(c for c in result.document.body[0].children if c.kind == "point")
    assert "".join(c.key for c in fraccion.children) == letters
