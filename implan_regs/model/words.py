"""The words of a Spanish legal text, before any stemming: tokens, function words, the plural
rule and its exceptions. Shared by the search analyzer (:mod:`implan_regs.search.analysis`, which
stems with our Snowball) and by the PostgreSQL index (:mod:`implan_regs.store.pgindex`, where the
server's Spanish Snowball stems the words :func:`tsearch_words` gives it).

>>> tsearch_words("Los años de las Construcciones; artículo 45 Bis, fracción XXV, CUS 3.2 y 1,500 m")
'anno construccion articulo 45 bis fraccion xxv cus 3.2 1.500 m'
"""

from __future__ import annotations

import re
from functools import lru_cache

from .numbers import fold, is_roman

#: A word (letters, with inner apostrophes/hyphen-less), or a number with inner dots/commas.
TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+", re.UNICODE)

#: Function words only (articles, prepositions, conjunctions, pronouns): nouns such as
#: "estado" or "sentido", which generic Spanish lists carry, are searchable here.
STOPWORDS = frozenset(fold(w) for w in """
a al ante bajo cabe con contra de del desde durante e el ella ellas ellos en entre esa esas ese eso esos
esta estas este esto estos hacia hasta la las le les lo los me mediante mi mis nos o os para pero por
que quien quienes se segun si sin so sobre su sus tras u un una unas uno unos y ya cual cuales cuyo
cuya cuyos cuyas donde cuando como mas ni tal tales dicho dicha dichos dichas es son sera seran ha han
hay sea sean fue fueron cuanto cuanta cuantos cuantas
""".split())

#: Words the plural rule and Snowball get wrong, mapped to one term for singular and plural
#: (folded forms): short words with a final -s in the singular, and irregular plurals.
EXCEPTIONS = {
    "mes": "mes", "meses": "mes", "pais": "pais", "paises": "pais", "interes": "interes",
    "intereses": "interes", "autobus": "autobus", "autobuses": "autobus", "gas": "gas", "gases": "gas",
    "res": "res", "reses": "res", "ingles": "ingles", "ingleses": "ingles", "cortes": "cortes",
    "lunes": "lunes", "analisis": "analisis", "sintesis": "sintesis", "tesis": "tesis", "crisis": "crisis",
    "dosis": "dosis", "bis": "bis", "ter": "ter", "uma": "uma", "umas": "uma", "caracter": "caracter",
    "caracteres": "caracter", "regimen": "regimen", "regimenes": "regimen",
}


def singular(word: str) -> str:
    """A light Spanish plural rule applied before Snowball (which stems many plurals apart)."""
    if len(word) <= 3:
        return word
    if word.endswith("ces"):
        return word[:-3] + "z"
    if word.endswith("es") and len(word) > 4 and word[-3] in "lnrdjy":
        return word[:-2]
    if word.endswith("s") and word[-2] in "aeiou":
        return word[:-1]
    return word


#: How ``ñ`` reaches PostgreSQL: ``unaccent`` would fold it to ``n`` ("año" and "ano" would be one
#: word); two letters the stemmer treats as consonants, as ``ñ``, and that no Spanish word spells
#: where an ``ñ`` could stand.
ENYE = "nn"


@lru_cache(maxsize=200_000)
def tsearch_word(word: str) -> str | None:
    """One raw word as PostgreSQL's ``implan_es`` configuration must see it (None: a function
    word): folded, plural rule and exceptions applied, numbers and Roman numerals untouched
    ("1,500" as "1.500", one token for the server's parser), ``ñ`` kept apart (:data:`ENYE`)."""
    folded = fold(word)
    if folded in STOPWORDS:
        return None
    if folded[0].isdigit():
        return folded.replace(",", ".")
    if is_roman(folded):
        return folded
    return (EXCEPTIONS.get(folded) or singular(folded)).replace("ñ", ENYE)


def tsearch_words(text: str) -> str:
    """The words of ``text`` for ``to_tsvector('implan_es', …)`` and its queries, space-separated:
    the same words the search analyzer stems, so both find the same provisions."""
    return " ".join(w for word in TOKEN_RE.findall(text) if (w := tsearch_word(word)))
