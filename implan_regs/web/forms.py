"""Form errors tied to their field (WCAG 3.3.1, 4.1.2): which field a library error belongs to.

A handler that catches an :class:`~implan_regs.errors.ImplanError` from a form asks
:func:`field_error` which of the form's fields it concerns: the field whose submitted value the
error names (its ``path``), else the first field whose keywords appear in the message, else the
form's first field. The templates' ``field`` macros (``_forms.html``) then mark that field
``aria-invalid`` and ``aria-describedby`` its message, written beside it, and give it the focus.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import ImplanError

#: Command-line spellings inside library messages, said the web's way.
_CLI_OPTIONS = re.compile(r"\s*\(--[\w-]+\)|\s*--[\w-]+")


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


def field_error(exc: ImplanError, form: Mapping[str, str], fields: Mapping[str, tuple[str, ...]],
                default: str | None = None) -> FieldError:
    """The field of ``fields`` (name -> keywords of its messages) that ``exc`` concerns; ``default``
    (else the first field) when neither its path nor its words name one."""
    names = list(fields)
    named = str(exc.path).strip() if exc.path is not None else None
    field = next((n for n in names if named and (form.get(n) or "").strip() == named), None)
    message = exc.message if field or exc.path is None else str(exc)
    if field is None:
        lowered = exc.message.lower()
        field = next((n for n in names if any(k in lowered for k in fields[n])), default or names[0])
    return FieldError(field, _CLI_OPTIONS.sub("", message).strip())
