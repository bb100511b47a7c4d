"""Días hábiles: the one calendar every deadline of the project counts in.

A día hábil is Monday to Friday minus the mandatory rest days of the Ley Federal del Trabajo
(art. 74) and minus the days the municipality declares non-working, listed one ISO date a
line in ``ROOT/dias-inhabiles.txt`` (``#`` starts a comment). Art. 74:

* I 1 January; II first Monday of February; III third Monday of March; IV 1 May;
  V 16 September; VI third Monday of November; VIII 25 December;
* VII the day the federal executive changes hands, every six years: 1 December up to 2018,
  1 October from 2024 (constitutional reform of 2014);
* before 2006 II, III and VI fell on 5 February, 21 March and 20 November.

Election days (fracción IX) change with the electoral calendar: add them to the municipal list.

Users: observation due dates (15 días hábiles) and the five días hábiles a reform has from its
approval by the Cabildo to its publication.

>>> cal = Calendar()
>>> sorted(d.isoformat() for d in federal_holidays(2025))[:3]
['2025-01-01', '2025-02-03', '2025-03-17']
>>> cal.add("2025-03-14", 1)  # Friday + 1 día hábil skips the weekend and Monday 17 March
'2025-03-18'
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .errors import InputError

#: The municipal list of non-working days, in the store root.
MUNICIPAL_FILE = "dias-inhabiles.txt"
_MONDAY = 0


def nth_monday(year: int, month: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(_MONDAY - first.weekday()) % 7 + 7 * (n - 1))


def _transfer_of_power(year: int) -> dt.date | None:
    """LFT art. 74 VII: the day the federal executive changes hands (every six years)."""
    if year % 6 != 2024 % 6:
        return None
    return dt.date(year, 10, 1) if year >= 2024 else dt.date(year, 12, 1)


def federal_holidays(year: int) -> set[dt.date]:
    """The mandatory rest days of Ley Federal del Trabajo art. 74 in ``year``."""
    if year >= 2006:
        movable = {nth_monday(year, 2, 1), nth_monday(year, 3, 3), nth_monday(year, 11, 3)}
    else:
        movable = {dt.date(year, 2, 5), dt.date(year, 3, 21), dt.date(year, 11, 20)}
    fixed = {dt.date(year, 1, 1), dt.date(year, 5, 1), dt.date(year, 9, 16), dt.date(year, 12, 25)}
    power = _transfer_of_power(year)
    return fixed | movable | ({power} if power else set())


def _as_date(value: str | dt.date) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


@dataclass(frozen=True)
class Calendar:
    """Weekends, federal holidays and ``extra`` non-working days (the municipal list)."""

    extra: frozenset[dt.date] = field(default_factory=frozenset)

    def is_business_day(self, day: str | dt.date) -> bool:
        day = _as_date(day)
        return day.weekday() < 5 and day not in self.extra and day not in federal_holidays(day.year)

    def add(self, start: str | dt.date, days: int) -> str:
        """The date ``days`` días hábiles after ``start`` (ISO), counting from the next day."""
        current = _as_date(start)
        while days > 0:
            current += dt.timedelta(days=1)
            if self.is_business_day(current):
                days -= 1
        return current.isoformat()

    def between(self, start: str | dt.date, end: str | dt.date) -> int:
        """Días hábiles after ``start`` up to and including ``end`` (0 when ``end`` <= ``start``)."""
        first, last = _as_date(start), _as_date(end)
        return sum(1 for n in range(1, (last - first).days + 1)
                   if self.is_business_day(first + dt.timedelta(days=n)))


class StoredFiles(Protocol):
    """What the calendar reads a store through (a :class:`implan_regs.store.Store`, either backend)."""

    root: Path

    def is_file(self, path: Path) -> bool: ...
    def read_bytes(self, path: Path) -> bytes: ...


def read_municipal_list(path: Path) -> frozenset[dt.date]:
    """The dates of ``dias-inhabiles.txt`` (absent file: none); a bad line is an InputError."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return frozenset()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"no se puede leer la lista de días inhábiles: {exc}", path=path) from None
    return parse_municipal_list(text, path)


def parse_municipal_list(text: str, path: Path) -> frozenset[dt.date]:
    """The dates of the municipal list's text (one ISO date a line, ``#`` comments)."""
    days = set()
    for number, line in enumerate(text.splitlines(), 1):
        value = line.partition("#")[0].strip()
        if not value:
            continue
        try:
            days.add(dt.date.fromisoformat(value))
        except ValueError:
            raise InputError(f"línea {number}: '{value}' no es una fecha AAAA-MM-DD", path=path) from None
    return frozenset(days)


def store_calendar(store: StoredFiles | Path | str) -> Calendar:
    """The calendar of a corpus: federal holidays plus its municipal list, read through the
    store (on either backend); given a folder, from the file store at that root."""
    if isinstance(store, (str, os.PathLike)):
        return Calendar(read_municipal_list(Path(store) / MUNICIPAL_FILE))
    path = store.root / MUNICIPAL_FILE
    if not store.is_file(path):
        return Calendar()
    try:
        text = store.read_bytes(path).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"no se puede leer la lista de días inhábiles: {exc}", path=path) from None
    return Calendar(parse_municipal_list(text, path))
