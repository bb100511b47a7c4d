"""The Spanish analyzer shared by every search backend, at index and at query time.

Steps: tokenize (words, numbers such as ``45``, ``3.2`` or ``1,500``, Roman numerals) →
lower-case and fold accents but keep ``ñ`` (:func:`implan_regs.model.numbers.fold`) → drop
Spanish function words → Snowball Spanish stemming (:mod:`.stemmer`, its suffix lists
folded so that ``construccion`` and ``construcción`` stem alike), except numbers, Roman
numerals and a few exceptions. Before stemming a light plural rule (``-ciones`` → ``-cion``, ``-dades`` → ``-dad``,
vowel + ``s``) brings plurals to the singular, since Snowball stems many singular/plural pairs
apart ("año"/"años", "obra"/"obras", "ciudad"/"ciudades"); a small exceptions table covers the
short words the rule gets wrong ("mes"/"meses", "país"/"países").

Stopwords do not take a position, so a phrase ``"uso de suelo"`` is the two stems
``uso suel`` side by side, whether the text says "uso de suelo" or "uso del suelo".

>>> analyze("Construcciones en predios baldíos; artículo 45 fracción XXV, CUS 3.2")
['construccion', 'pred', 'bald', 'articul', '45', 'fraccion', 'xxv', 'cus', '3.2']
>>> analyze("año") == analyze("años") != analyze("ano")
True
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from ..model.numbers import fold, is_roman
from ..model.words import EXCEPTIONS, STOPWORDS, TOKEN_RE, singular
from .stemmer import stem

__all__ = ["EXCEPTIONS", "STOPWORDS", "TOKEN_RE", "Token", "analyze", "normalize_word", "prefix_term",
           "singular", "tokens"]


class Token(NamedTuple):
    term: str  # the analyzed term
    start: int  # character offsets in the source text
    end: int


@lru_cache(maxsize=200_000)
def normalize_word(word: str) -> str | None:
    """One raw word → its term (None for a stopword)."""
    folded = fold(word)
    if folded in STOPWORDS:
        return None
    if folded[0].isdigit() or is_roman(folded):
        return folded
    if folded in EXCEPTIONS:
        return EXCEPTIONS[folded]
    return stem(singular(folded))


def tokens(text: str) -> Iterator[Token]:
    """Analyzed tokens with their offsets (for highlighting); stopwords are skipped."""
    for m in TOKEN_RE.finditer(text):
        term = normalize_word(m.group())
        if term:
            yield Token(term, m.start(), m.end())


def analyze(text: str) -> list[str]:
    """The terms of ``text``, in order (what both backends index and search); the same terms
    as :func:`tokens` without building offsets (the hot path of an index build)."""
    return [term for word in TOKEN_RE.findall(text) if (term := normalize_word(word))]


def prefix_term(word: str) -> str:
    """The term prefix for a user's ``constru*``: folded, not stemmed (a prefix is not a word)."""
    return fold(word)
