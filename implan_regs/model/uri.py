"""FRBR identifiers of works and expressions (Akoma Ntoso naming convention).

>>> from implan_regs.model.tree import DocumentMeta
>>> meta = DocumentMeta(work="reglamento-movilidad-urbana", kind="reglamento", title="x", date="2014-11-01")
>>> work_uri(meta)
'/akn/mx-coa-torreon/act/reglamento/2014/reglamento-movilidad-urbana'
>>> expression_uri(meta)
'/akn/mx-coa-torreon/act/reglamento/2014/reglamento-movilidad-urbana/spa@2014-11-01'
>>> parse_ref("reglamento-movilidad-urbana@2014-11-01")
('reglamento-movilidad-urbana', '2014-11-01')
"""

from __future__ import annotations

import datetime as dt
import re

from ..errors import InputError
from .tree import DocumentMeta

WORK_ID_RE = re.compile(r"[a-z0-9][a-z0-9\-]{0,99}")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def check_work_id(work: str) -> str:
    """A work id is a lower-case slug: letters, digits and hyphens (no '/', no '..')."""
    if not WORK_ID_RE.fullmatch(work or ""):
        raise InputError(
            "identificador de obra inválido: use minúsculas, dígitos y guiones (p. ej. reglamento-movilidad)",
            path=work,
        )
    return work


def check_date(value: str, *, what: str = "fecha") -> str:
    """Accept an ISO date (YYYY-MM-DD) that exists in the calendar."""
    if not value or not DATE_RE.fullmatch(value):
        raise InputError(f"{what} inválida: use AAAA-MM-DD", path=value)
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{what} inexistente en el calendario", path=value) from None
    return value


def work_uri(meta: DocumentMeta) -> str:
    year = (meta.work_date or meta.date or "0000")[:4]
    return f"/akn/{meta.jurisdiction}/act/{meta.kind}/{year}/{meta.work}"


def expression_uri(meta: DocumentMeta) -> str:
    return f"{work_uri(meta)}/{meta.language}@{meta.date or ''}"


def parse_ref(ref: str) -> tuple[str, str | None]:
    """'work@2014-11-01' -> ('work', '2014-11-01'); 'work' -> ('work', None)."""
    work, _, date = ref.partition("@")
    check_work_id(work)
    if date:
        check_date(date)
    return work, date or None
