"""Word-level diff: whitespace and line wraps never count, changed words are marked as runs."""

from __future__ import annotations

import time

from implan_regs.diff.words import (
    join_tokens,
    merge_runs,
    render_words,
    tokenize,
    word_diff,
)


def test_whitespace_and_line_wraps_are_not_changes():
    old = "Las autoridades municipales\n   vigilarán el cumplimiento\tde este Reglamento."
    new = "Las autoridades   municipales vigilarán el\ncumplimiento de este Reglamento."
    assert word_diff(old, new) == [("equal", "Las autoridades municipales vigilarán el cumplimiento de este Reglamento.")]


def test_replaced_word_is_a_deletion_then_an_insertion():
    runs = word_diff("La multa será de 10 a 20 días de salario.", "La multa será de 10 a 30 días de salario.")
    assert runs == [("equal", "La multa será de 10 a"), ("delete", "20"), ("insert", "30"),
                    ("equal", "días de salario.")]


def test_insertion_and_deletion_at_the_ends():
    assert word_diff("Se crea el Instituto.", "Se crea el Instituto Municipal de Planeación.") == [
        ("equal", "Se crea el Instituto"), ("insert", "Municipal de Planeación"), ("equal", ".")]
    assert word_diff("Primero. Segundo.", "Segundo.") == [("delete", "Primero."), ("equal", "Segundo.")]


def test_case_and_accent_changes_are_changes():
    assert word_diff("banda ancha e internet", "banda ancha e Internet") == [
        ("equal", "banda ancha e"), ("delete", "internet"), ("insert", "Internet")]
    assert word_diff("publico", "público") == [("delete", "publico"), ("insert", "público")]


def test_tokens_keep_numbers_and_split_punctuation():
    assert tokenize("ART. 122-BIS.- de 0.20 a 0.39 mg/l; (derogado)") == [
        "ART", ".", "122", "-", "BIS", ".", "-", "de", "0.20", "a", "0.39", "mg/l", ";", "(", "derogado", ")"]
    assert join_tokens(["Artículo", "5", ".", "(", "derogado", ")", ",", "y"]) == "Artículo 5. (derogado), y"
    assert word_diff("ART. 122-BIS.- Texto", "ART. 122-BIS.-  Texto nuevo") == [
        ("equal", "ART. 122-BIS.- Texto"), ("insert", "nuevo")]


def test_tiny_equal_islands_inside_a_rewrite_are_absorbed():
    old = "El organismo autónomo previsto en esta fracción se regirá por la ley de transparencia."
    new = "Los sujetos obligados de la Federación se regirán por la ley de transparencia."
    runs = word_diff(old, new)
    ops = [op for op, _ in runs]
    # one changed region, then the common tail: no scattered "de"/"la" islands inside the rewrite
    assert ops == ["delete", "insert", "equal"]
    assert runs[2] == ("equal", "por la ley de transparencia.")
    assert "organismo autónomo" in runs[0][1] and "sujetos obligados" in runs[1][1]


def test_identical_and_empty_texts():
    assert word_diff("", "") == []
    assert word_diff("", "Texto nuevo.") == [("insert", "Texto nuevo.")]
    assert word_diff("Texto viejo.", "") == [("delete", "Texto viejo.")]


def test_merge_runs_and_render():
    runs = [("equal", "Son"), ("equal", "autoridades"), ("delete", "el"), ("delete", "Presidente"), ("insert", "la")]
    assert merge_runs(runs) == [("equal", "Son autoridades"), ("delete", "el Presidente"), ("insert", "la")]
    assert render_words(merge_runs(runs)) == "Son autoridades [-el Presidente-] {+la+}"


def test_long_articles_diff_fast():
    words = [f"palabra{k % 997}" for k in range(12_000)]
    new = list(words)
    for k in range(0, 12_000, 400):
        new[k] = "cambiada"
    start = time.perf_counter()
    runs = word_diff(" ".join(words), " ".join(new))
    assert time.perf_counter() - start < 1.0
    assert sum(1 for op, text in runs if op == "insert" and text == "cambiada") == 30
