"""The Snowball Spanish stemmer for accent-folded words (what :mod:`.analysis` stems).

The algorithm is Snowball's Spanish stemmer (https://snowballstem.org/algorithms/spanish/stemmer.html)
as whoosh and NLTK implement it, with its suffix lists folded (``acion`` for ``ación``), since
the analyzer folds accents before stemming so that "construccion" and "construcción" stem
alike. The branches that compare a suffix with an accented literal (``ación``, ``logía``,
``éis``…) are kept as written: with folded input they never match, exactly as in the
stemmer the index was built with, so every term stays the same (``tests/test_search.py``
compares both over every word of the real texts).

>>> stem("construccion"), stem("licencias"), stem("estacionamiento")
('construccion', 'licenc', 'estacion')
"""

from __future__ import annotations

VOWELS = "aeiouáéíóúü"

STEP0 = ("selas", "selos", "sela", "selo", "las", "les", "los", "nos", "me", "se", "la", "le", "lo")
STEP1 = ("amientos", "imientos", "amiento", "imiento", "aciones", "uciones", "adoras", "adores", "ancias",
         "logias", "encias", "amente", "idades", "anzas", "ismos", "ables", "ibles", "istas", "adora", "acion",
         "antes", "ancia", "logia", "ucion", "encia", "mente", "anza", "icos", "icas", "ismo", "able", "ible",
         "ista", "osos", "osas", "ador", "ante", "idad", "ivas", "ivos", "ico", "ica", "oso", "osa", "iva", "ivo")
STEP2A = ("yeron", "yendo", "yamos", "yais", "yan", "yen", "yas", "yes", "ya", "ye", "yo")
STEP2B = ("ariamos", "eriamos", "iriamos", "ieramos", "iesemos", "ariais", "aremos", "eriais", "eremos",
          "iriais", "iremos", "ierais", "ieseis", "asteis", "isteis", "abamos", "aramos", "asemos", "arian",
          "arias", "areis", "erian", "erias", "ereis", "irian", "irias", "ireis", "ieran", "iesen", "ieron",
          "iendo", "ieras", "ieses", "abais", "arais", "aseis", "eamos", "aran", "aras", "aria", "eran", "eras",
          "eria", "iran", "iras", "iria", "iera", "iese", "aste", "iste", "aban", "asen", "aron", "ando", "abas",
          "adas", "idas", "ases", "iais", "ados", "idos", "amos", "imos", "emos", "ara", "are", "era", "ere",
          "ira", "ire", "aba", "ada", "ida", "ase", "ian", "ado", "ido", "ias", "ais", "eis", "ia", "ad", "ed",
          "id", "an", "io", "ar", "er", "ir", "as", "is", "en", "es")
STEP3 = ("os", "a", "e", "o", "i")

_ACCENTED_INFINITIVE = ("iéndo", "ándo", "ár", "ér", "ír")
_REMOVE_THEN_IC = ("adora", "ador", "ación", "adoras", "adores", "aciones", "ante", "antes", "ancia", "ancias")


def _unaccent(text: str) -> str:
    return text.replace("á", "a").replace("é", "e").replace("í", "i")


def regions(word: str) -> tuple[str, str, str]:
    """Snowball's R1, R2 and RV of ``word``."""
    r1 = r2 = rv = ""
    for i in range(1, len(word)):
        if word[i] not in VOWELS and word[i - 1] in VOWELS:
            r1 = word[i + 1:]
            break
    for i in range(1, len(r1)):
        if r1[i] not in VOWELS and r1[i - 1] in VOWELS:
            r2 = r1[i + 1:]
            break
    if len(word) >= 2:
        if word[1] not in VOWELS:
            rv = next((word[i + 1:] for i in range(2, len(word)) if word[i] in VOWELS), "")
        elif word[:2] in VOWELS:  # as the reference implementations test it: a substring of VOWELS
            rv = next((word[i + 1:] for i in range(2, len(word)) if word[i] not in VOWELS), "")
        else:
            rv = word[3:]
    return r1, r2, rv


def stem(word: str) -> str:
    """The Snowball Spanish stem of ``word`` (lower-cased first)."""
    word = word.lower()
    r1, r2, rv = regions(word)
    word, r1, r2, rv = _attached_pronoun(word, r1, r2, rv)
    word, r2, rv, removed = _standard_suffix(word, r1, r2, rv)
    if not removed:
        word, rv = _verb_suffix(word, rv)
    word = _residual_suffix(word, rv)
    return word.replace("á", "a").replace("é", "e").replace("í", "i").replace("ó", "o").replace("ú", "u")


def _attached_pronoun(word: str, r1: str, r2: str, rv: str) -> tuple[str, str, str, str]:
    """Step 0: an enclitic pronoun after a gerund or an infinitive ("dándole", "hacerlo")."""
    for suffix in STEP0:
        if not word.endswith(suffix):
            continue
        n = len(suffix)
        if rv.endswith(suffix):
            before = rv[:-n]
            if before.endswith(_ACCENTED_INFINITIVE):
                return (_unaccent(word[:-n]), _unaccent(r1[:-n]), _unaccent(r2[:-n]), _unaccent(rv[:-n]))
            if before.endswith(("ando", "iendo", "ar", "er", "ir")) or \
                    (before.endswith("yendo") and word[:-n].endswith("uyendo")):
                return word[:-n], r1[:-n], r2[:-n], rv[:-n]
        break
    return word, r1, r2, rv


def _standard_suffix(word: str, r1: str, r2: str, rv: str) -> tuple[str, str, str, bool]:
    """Step 1: the derivational suffixes (-amiento, -idad, -mente…); True when one was removed."""
    for suffix in STEP1:
        if not word.endswith(suffix):
            continue
        if suffix == "amente" and r1.endswith(suffix):
            word, r2, rv = word[:-6], r2[:-6], rv[:-6]
            if r2.endswith("iv"):
                word, r2, rv = word[:-2], r2[:-2], rv[:-2]
                if r2.endswith("at"):
                    word, rv = word[:-2], rv[:-2]
            elif r2.endswith(("os", "ic", "ad")):
                word, rv = word[:-2], rv[:-2]
            return word, r2, rv, True
        if r2.endswith(suffix):
            return (*_step1_removal(word, r2, rv, suffix), True)
        return word, r2, rv, False
    return word, r2, rv, False


def _step1_removal(word: str, r2: str, rv: str, suffix: str) -> tuple[str, str, str]:
    n = len(suffix)
    if suffix in _REMOVE_THEN_IC:
        word, r2, rv = word[:-n], r2[:-n], rv[:-n]
        if r2.endswith("ic"):
            word, rv = word[:-2], rv[:-2]
    elif suffix in ("logía", "logías"):
        word, rv = word.replace(suffix, "log"), rv.replace(suffix, "log")
    elif suffix in ("ución", "uciones"):
        word, rv = word.replace(suffix, "u"), rv.replace(suffix, "u")
    elif suffix in ("encia", "encias"):
        word, rv = word.replace(suffix, "ente"), rv.replace(suffix, "ente")
    elif suffix == "mente":
        word, r2, rv = word[:-5], r2[:-5], rv[:-5]
        if r2.endswith(("ante", "able", "ible")):
            word, rv = word[:-4], rv[:-4]
    elif suffix in ("idad", "idades"):
        word, r2, rv = word[:-n], r2[:-n], rv[:-n]
        for before in ("abil", "ic", "iv"):
            if r2.endswith(before):
                word, rv = word[:-len(before)], rv[:-len(before)]
    elif suffix in ("ivo", "iva", "ivos", "ivas"):
        word, r2, rv = word[:-n], r2[:-n], rv[:-n]
        if r2.endswith("at"):
            word, rv = word[:-2], rv[:-2]
    else:
        word, rv = word[:-n], rv[:-n]
    return word, r2, rv


def _verb_suffix(word: str, rv: str) -> tuple[str, str]:
    """Steps 2a and 2b: verb endings, those beginning with y after a u first."""
    for suffix in STEP2A:
        if rv.endswith(suffix) and word[-len(suffix) - 1:-len(suffix)] == "u":
            word, rv = word[:-len(suffix)], rv[:-len(suffix)]
            break
    for suffix in STEP2B:
        if rv.endswith(suffix):
            word, rv = word[:-len(suffix)], rv[:-len(suffix)]
            if suffix in ("en", "es", "éis", "emos"):
                if word.endswith("gu"):
                    word = word[:-1]
                if rv.endswith("gu"):
                    rv = rv[:-1]
            break
    return word, rv


def _residual_suffix(word: str, rv: str) -> str:
    """Step 3: a final vowel in RV (and the u of a final "gue")."""
    for suffix in STEP3:
        if rv.endswith(suffix):
            word = word[:-len(suffix)]
            if suffix in ("e", "é") and len(word) >= 2 and word[-2:] == "gu" and rv[:-len(suffix)][-1:] == "u":
                word = word[:-1]
            break
    return word
