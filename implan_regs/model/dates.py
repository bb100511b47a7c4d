"""Dates as Spanish legal texts write them: the month names, and an ISO date in words.

The one place for them: the exports, the web and the importers (which read "1o. de julio del
año 2010" back, see :func:`implan_regs.importers.metadata.spanish_dates`) use these.

>>> spanish_date("2019-03-16"), spanish_date("sin fecha"), spanish_date(None)
('16 de marzo de 2019', 'sin fecha', '')
>>> MONTH_NUMBERS["setiembre"], MONTHS[11]
(9, 'diciembre')
"""

from __future__ import annotations

import datetime as dt

MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
          "noviembre", "diciembre")
#: Month name -> number, with the variant spelling "setiembre".
MONTH_NUMBERS = {**{name: i for i, name in enumerate(MONTHS, 1)}, "setiembre": 9}


def spanish_date(value: str | None) -> str:
    """'2019-03-16' -> '16 de marzo de 2019' (the text as given when it is not an ISO date)."""
    try:
        day = dt.date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return value or ""
    return f"{day.day} de {MONTHS[day.month - 1]} de {day.year}"
