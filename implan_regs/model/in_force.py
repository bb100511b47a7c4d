"""When a text enters into force, as its transitorios say it: the one reader of that phrase.

Recognised (any case, with or without accents, "entrará", "entrarán", "entra", "iniciará su
vigencia"): a fixed date ("el 1 de enero de 2026", "a partir del primero de enero del año 2026"),
the day of the publication ("el día de su publicación", "a partir de su publicación"), the day
after or the n-th day after it ("al día siguiente", "al tercer día"), a period ("a los noventa
días naturales", "a los 30 días hábiles siguientes a su publicación"). Without such a phrase the
rule of the Reglamento Interior del R. Ayuntamiento (arts. 121 and 137) applies: the day after
the publication.

Users: the importers (a document's own dates) and the publication of a proposal.

>>> read_rule("El presente decreto entrará en vigor a los noventa días naturales siguientes al de su publicación.")
EntryRule(days=90, business=False, date=None, phrase='a los noventa días naturales siguientes al de su publicación')
>>> entry_date(read_rule("Entrará en vigor el 1 de enero de 2026."), "2025-06-03")
'2026-01-01'
>>> entry_date(None, "2025-06-03")
'2025-06-04'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .dates import MONTH_NUMBERS
from .numbers import cardinal_to_int, fold, ordinal_to_int

_PHRASE = re.compile(r"(?:entra(?:r[áa]n?)?\s+en\s+vigor|inici(?:ar[áa]n?|a)\s+su\s+vigencia)\b(?P<rest>[^.;]{0,200})",
                     re.IGNORECASE)
_DATE = re.compile(
    r"(?P<day>\d{1,2}|primero)(?:o|º|°)?\.?\s+de\s+(?P<month>" + "|".join(MONTH_NUMBERS) + r")\s+(?:de(?:l)?\s+)?"
    r"(?:(?:año|ano)\s+)?(?P<year>\d{4})|(?P<d>\d{1,2})[-/](?P<m>\d{1,2})[-/](?P<y>\d{4})",
    re.IGNORECASE)
_SAME_DAY = re.compile(r"^\s*(?:el\s+(?:mismo\s+)?d[íi]a\s+de\s+su|a\s+partir\s+de\s+su|desde\s+su|con\s+su)\s+"
                       r"publicaci[óo]n", re.IGNORECASE)
_NTH_DAY = re.compile(r"^\s*(?:a\s+partir\s+)?(?:al|del)\s+(?P<nth>[\wáéíóú]+(?:\s+[\wáéíóú]+)?)\s+d[íi]a"
                      r"(?P<business>\s+h[áa]bil)?(?:\s+(?P<after>siguiente))?", re.IGNORECASE)
_DAY_AFTER = re.compile(r"^\s*(?:a\s+partir\s+)?(?:al|del)\s+d[íi]a(?P<business>\s+h[áa]bil)?\s+siguiente",
                        re.IGNORECASE)
_PERIOD = re.compile(r"^\s*(?:a\s+los|transcurridos|después\s+de|despues\s+de)\s+(?P<n>[\wáéíóú]+(?:\s+y\s+"
                     r"[\wáéíóú]+|\s+[\wáéíóú]+)?)\s+(?:\(\s*\d+\s*\)\s+)?d[íi]as(?P<kind>\s+(?:naturales|h[áa]biles))?",
                     re.IGNORECASE)


@dataclass(frozen=True)
class EntryRule:
    """A stated entry into force: ``date`` (fixed) or ``days`` after the publication."""

    days: int = 1
    business: bool = False
    date: str | None = None
    phrase: str = ""


def spanish_dates(text: str) -> list[str]:
    """Every valid date written in ``text`` ("1 de noviembre del año 2014", "12-05-2016"), ISO."""
    out = []
    for m in _DATE.finditer(text):
        if m.group("month"):
            day = 1 if fold(m.group("day")) == "primero" else int(m.group("day"))
            month, year = MONTH_NUMBERS[fold(m.group("month"))], int(m.group("year"))
        else:
            day, month, year = int(m.group("d")), int(m.group("m")), int(m.group("y"))
        try:
            out.append(dt.date(year, month, day).isoformat())
        except ValueError:
            continue
    return out


def _rule_in(rest: str) -> EntryRule | None:
    phrase = " ".join(rest.split())
    dates = spanish_dates(rest)
    if dates:
        return EntryRule(date=dates[0], days=0, phrase=phrase)
    if _SAME_DAY.match(rest):
        return EntryRule(days=0, phrase=phrase)
    if m := _DAY_AFTER.match(rest):
        return EntryRule(days=1, business=bool(m.group("business")), phrase=phrase)
    if (m := _NTH_DAY.match(rest)) and (n := ordinal_to_int(m.group("nth"))):
        return EntryRule(days=n, business=bool(m.group("business")), phrase=phrase)
    if (m := _PERIOD.match(rest)) and (n := cardinal_to_int(m.group("n"))):
        return EntryRule(days=n, business="h" in fold(m.group("kind") or ""), phrase=phrase)
    return None


def read_rule(text: str) -> EntryRule | None:
    """The first entry-into-force rule ``text`` states (None when it states none)."""
    for m in _PHRASE.finditer(text or ""):
        rule = _rule_in(m.group("rest"))
        if rule is not None:
            return rule
    return None


def read_rule_in(transitorios: list[str]) -> EntryRule | None:
    """The rule of the first transitorio that states one."""
    for text in transitorios:
        rule = read_rule(text)
        if rule is not None:
            return rule
    return None


def entry_date(rule: EntryRule | None, published: str, calendar=None) -> str:
    """The entry into force under ``rule`` of a text published on ``published`` (the day after
    when no rule is stated). ``calendar`` (:class:`implan_regs.business_days.Calendar`) counts
    días hábiles."""
    if rule is None:
        rule = EntryRule()
    if rule.date:
        return rule.date
    if rule.business:
        from ..business_days import Calendar

        return (calendar or Calendar()).add(published, rule.days)
    return (dt.date.fromisoformat(published) + dt.timedelta(days=rule.days)).isoformat()
