"""Counted nouns and lists in Spanish: the one place that agrees a number with its noun phrase.

Every message that shows a count (CLI, web pages, DOCX exports) goes through :func:`counted`,
so that one item never reads "1 operaciones".

>>> counted(1, "operación"), counted(3, "operación"), counted(0, "grupo")
('1 operación', '3 operaciones', '0 grupos')
>>> counted(1, "disposición corregida"), counted(2, "disposición corregida")
('1 disposición corregida', '2 disposiciones corregidas')
>>> plural("versión"), plural("capítulo"), plural("línea de acción"), plural("luz"), plural("análisis")
('versiones', 'capítulos', 'líneas de acción', 'luces', 'análisis')
>>> agree(2, "renumerado y reformado"), agree(1, "abierta")
('renumerados y reformados', 'abierta')
>>> listed(["2015-12-20"]), listed(["a", "b", "c"])
('2015-12-20', 'a, b y c')
"""

from __future__ import annotations

_UNACCENT = str.maketrans("áéíóú", "aeiou")
_INVARIANT_ENDINGS = ("s", "x")
#: A preposition ends the part of the phrase that agrees ("grupo de observaciones").
_PREPOSITIONS = {"a", "al", "con", "de", "del", "en", "para", "por", "sin", "sobre"}
_CONJUNCTIONS = {"y", "e", "o", "u"}


def plural(noun: str) -> str:
    """The plural of a Spanish noun phrase: the noun and its adjectives, up to a preposition, agree."""
    words = noun.split(" ")
    for i, word in enumerate(words):
        if word.lower() in _PREPOSITIONS:
            break
        if word.lower() not in _CONJUNCTIONS:
            words[i] = _plural_word(word)
    return " ".join(words)


def _plural_word(word: str) -> str:
    if not word:
        return word
    last = word[-1].lower()
    if last in "aeiouáéó":
        return word + "s"
    if last == "z":
        return word[:-1] + "ces"
    if last in _INVARIANT_ENDINGS and _stress_not_final(word):
        return word  # análisis, tórax: invariant
    if word[-2:-1] in "áéíóú":  # operación → operaciones, francés → franceses
        return word[:-2] + word[-2].translate(_UNACCENT) + word[-1] + "es"
    return word + "es"


def _stress_not_final(word: str) -> bool:
    return any(c in "áéíóú" for c in word[:-2]) or word.lower().endswith(("is", "us"))


def agree(n: int, singular: str, plural_form: str | None = None) -> str:
    """The noun phrase agreeing with ``n``: singular for exactly 1 (and -1).

    ``plural_form`` is for the few phrases the rule gets wrong.
    """
    return singular if abs(n) == 1 else (plural_form or plural(singular))


def counted(n: int, singular: str, plural_form: str | None = None) -> str:
    """``n`` followed by the noun phrase agreeing with it."""
    return f"{n} {agree(n, singular, plural_form)}"


def listed(items: list[str]) -> str:
    """Items joined as Spanish writes them: "a, b y c" (no comma before "y")."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " y " + items[-1] if items else ""
