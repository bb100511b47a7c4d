"""What text may enter the store: one validation for every field, from every door.

Texts typed by people (CLI options, web form fields, CSV cells) go through :func:`check_text`
before they reach a stored file or the history: control characters, bytes that were not valid
UTF-8 in a command-line argument (Python keeps them as lone surrogates) and Unicode
non-characters cannot be written to XML or UTF-8 and are refused with an
:class:`~implan_regs.errors.InputError` naming the field, the character and its position
(exit 2 in the CLI, a form error in the web). Line breaks and tabs are text in multi-line
fields (an article's text, a response) and refused in one-line fields (a title, a name).

:func:`printable` shows any such text safely in a one-line message.

>>> check_text("Texto del artículo", what="--text")
'Texto del artículo'
>>> check_text("Texto \\x01", what="--text")
Traceback (most recent call last):
...
implan_regs.errors.InputError: --text: contiene un carácter de control (U+0001) en la posición 7
>>> printable("línea\\nsiguiente \\udcff")
'línea\\\\nsiguiente \\\\xff'
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass

from .errors import InputError, printable

# Never text: C0 controls (tab, LF and CR are handled apart), DEL, C1 controls, lone surrogates
# (undecodable command-line bytes) and the non-characters XML forbids.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("[\t\n\r]")


def _describe(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"un byte que no es UTF-8 válido (0x{code - 0xDC00:02X})"
    if 0xD800 <= code <= 0xDFFF:
        return f"un carácter que no es Unicode válido (U+{code:04X})"
    if code in (0xFFFE, 0xFFFF):
        return f"un carácter no permitido (U+{code:04X})"
    if char in "\n\r":
        return "un salto de línea"
    if char == "\t":
        return "un tabulador"
    return f"un carácter de control (U+{code:04X})"


def check_text(value: str, *, what: str, multiline: bool = True) -> str:
    """``value`` unchanged when it may be stored; InputError naming ``what`` otherwise."""
    if not isinstance(value, str):
        raise InputError("no es texto", path=what)
    bad = _FORBIDDEN.search(value) or (None if multiline else _BREAKS.search(value))
    if bad:
        raise InputError(f"contiene {_describe(bad.group())} en la posición {bad.start() + 1}", path=what)
    return value


#: Spanish names of the fields :func:`check_tree` reports.
LABELS = {"text": "texto", "title": "título", "reason": "justificación", "note": "nota", "author": "autor",
          "motivation": "motivación", "department": "dependencia", "response": "respuesta", "citation": "cita",
          "message": "mensaje", "name": "nombre", "decree": "decreto", "gazette": "medio de publicación",
          "number": "número", "source": "fuente", "transitorios": "transitorio", "by": "autor"}


def _strings(obj: object, name: str, skip: tuple[str, ...]):
    if isinstance(obj, str):
        yield name, obj
    elif is_dataclass(obj) and not isinstance(obj, type):
        for f in fields(obj):
            if f.name not in skip:
                yield from _strings(getattr(obj, f.name), f.name, skip)
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield from _strings(key, name, skip)
            yield from _strings(value, name, skip)
    elif isinstance(obj, (list, tuple)):
        for item in obj:
            yield from _strings(item, name, skip)


def check_tree(obj: object, *, where: object, skip: tuple[str, ...] = ()) -> None:
    """Every string in ``obj`` (a dataclass, list or dict, recursively, except the fields named
    in ``skip``) passes :func:`check_text`; the error names ``where`` and the field."""
    for name, value in _strings(obj, "", skip):
        if _FORBIDDEN.search(value):
            check_text(value, what=f"{printable(where)}: {LABELS.get(name, name)}")
