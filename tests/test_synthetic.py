"""The synthetic regulation generator: deterministic, exact sizes, and importable as written."""

from __future__ import annotations

import re

import pytest
from synthetic import Article, build_regulation, generate_regulation, render, renumber

from implan_regs.model.numbers import article_key
from implan_regs.model.tree import DocumentMeta

_ARTICLE_LINE = re.compile(r"^Artículo (\d+(?: [A-Z][a-zá]+)?)\.- ", re.MULTILINE)
_COMPARED_LEVELS = ("title", "chapter", "section", "article", "fraccion", "inciso", "transitional")


def _meta() -> DocumentMeta:
    return DocumentMeta(work="sintetico", kind="reglamento", title="Reglamento sintético")


def test_same_seed_same_text():
    assert generate_regulation(150, seed=7) == generate_regulation(150, seed=7)


def test_different_seed_different_text():
    assert generate_regulation(150, seed=7) != generate_regulation(150, seed=8)


def test_generation_does_not_touch_global_random_state():
    import random

    random.seed(1)
    expected = random.random()
    random.seed(1)
    generate_regulation(50, seed=3)
    assert random.random() == expected


@pytest.mark.parametrize("n", [1, 2, 5, 37, 300, 2000])
def test_exact_number_of_articles(n):
    reg = build_regulation(n, seed=n)
    text = render(reg)
    printed = [article_key(m) for m in _ARTICLE_LINE.findall(text)]
    assert len(reg.articles()) == n
    assert printed == reg.article_keys()


def test_rejects_zero_articles():
    with pytest.raises(ValueError):
        build_regulation(0)


def test_text_has_the_conventional_layout():
    text = generate_regulation(300, seed=2)
    for marker in ("\nTÍTULO PRIMERO\nDISPOSICIONES GENERALES\n", "\nCAPÍTULO I\n", "\nSECCIÓN PRIMERA\n",
                   " Bis.- ", "\nI. ", "\na) ", "Se deroga.", "del artículo anterior",
                   "de este Reglamento", "\nTRANSITORIOS\n\nPRIMERO.- "):
        assert marker in text, marker
    assert ":\n" in text  # chapeaux before fracciones


def test_article_keys_are_unique_and_increasing():
    keys = build_regulation(2000, seed=4).article_keys()
    assert len(set(keys)) == len(keys)
    numbers = [int(re.match(r"\d+", k).group()) for k in keys]
    assert numbers == sorted(numbers)


def test_internal_references_point_backwards_to_live_articles():
    reg = build_regulation(500, seed=5)
    order = {key: i for i, key in enumerate(reg.article_keys())}
    derogated = {a.key for a in reg.articles() if a.derogated}
    refs = reg.references()
    assert refs
    assert all(order[cited] < order[citing] and cited not in derogated for citing, cited in refs)


def test_counts_match_the_structure():
    reg = build_regulation(400, seed=6)
    counts = reg.counts()
    articles: list[Article] = reg.articles()
    assert counts["article"] == 400
    assert counts["fraccion"] == sum(len(a.fracciones) for a in articles) > 0
    assert counts["inciso"] > 0 and counts["derogated"] > 0 and counts["transitional"] >= 3


def test_renumber_keeps_references_on_their_articles():
    reg = build_regulation(300, seed=9)
    renumbered = renumber(reg)
    assert renumbered.article_keys() == [str(i) for i in range(1, 301)]
    new_key = dict(zip(reg.article_keys(), renumbered.article_keys(), strict=True))
    assert renumbered.references() == [(new_key[a], new_key[b]) for a, b in reg.references()]
    assert renumbered.counts() == reg.counts()
    assert reg.article_keys() != renumbered.article_keys()  # the original is untouched


def test_wrapping_never_starts_a_continuation_line_with_a_structural_token():
    structural = re.compile(r"(?:[IVXLCDM]+\.|[a-z]\)|art[íi]culo|cap[íi]tulo)", re.IGNORECASE)

    def starts(text: str) -> int:
        return sum(1 for line in text.splitlines() if structural.match(line))

    wrapped = generate_regulation(300, seed=10, wrap=70)
    assert max(map(len, wrapped.splitlines())) < 200  # it did wrap
    assert starts(wrapped) == starts(generate_regulation(300, seed=10))


def test_scales_linearly_to_large_documents():
    reg = build_regulation(20_000, seed=1)
    assert len(reg.article_keys()) == 20_000
    assert len(render(reg)) > 20_000 * 300


# --------------------------------------------------------------------------- importing


def _assert_imports_as_written(reg, text):
    from implan_regs.importers import text as text_importer

    result = text_importer.import_text(text, _meta(), source="<sintético>")
    doc = result.document
    assert [a.key for a in doc.articles()] == reg.article_keys()
    expected, got = reg.counts(), doc.counts()
    assert {k: got.get(k, 0) for k in _COMPARED_LEVELS} == {k: expected[k] for k in _COMPARED_LEVELS}
    assert [a.key for a in doc.articles() if a.derogated] == [a.key for a in reg.articles() if a.derogated]
    # a note printed after the last fracción may fairly be taken as that fracción's note
    noted = [a.key for a in doc.articles() if any(p.notes for p in a.walk())]
    assert noted == [a.key for a in reg.articles() if a.note]
    return result


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_import_300_articles_gives_what_was_written(seed):
    reg = build_regulation(300, seed=seed)
    result = _assert_imports_as_written(reg, render(reg))
    assert not result.report.warnings


def test_import_hard_wrapped_text():
    reg = build_regulation(300, seed=3)
    _assert_imports_as_written(reg, render(reg, wrap=90))


def test_import_lists_on_consecutive_lines():
    reg = build_regulation(300, seed=3, tight_lists=1.0)
    _assert_imports_as_written(reg, render(reg))


@pytest.mark.parametrize("seed", range(20))
def test_import_mixed_list_layouts(seed):
    reg = build_regulation(300, seed=seed, tight_lists=0.3)
    _assert_imports_as_written(reg, render(reg))


def test_import_five_digit_article_numbers():
    reg = build_regulation(10_600, seed=1)
    assert reg.articles()[-1].number > 10_000
    _assert_imports_as_written(reg, render(reg))


def test_the_docstring_examples_hold():
    """scripts/ is outside ``--doctest-modules implan_regs``: the module's examples run here."""
    import doctest

    import synthetic

    result = doctest.testmod(synthetic)
    assert result.attempted > 0 and result.failed == 0
