"""The one error class hierarchy every layer raises for bad input.

The CLI turns any :class:`ImplanError` into a one-line message (control characters and stray
bytes in the values it names are escaped) and exit status 2,
without a traceback. Messages are user-facing, so they are Spanish (es-MX) and name
the file or identifier involved.

>>> str(InputError("no es un PDF válido", path="x.pdf"))
'x.pdf: no es un PDF válido'
"""

from __future__ import annotations

import re

# What :func:`printable` escapes: C0 and C1 controls, DEL, lone surrogates, XML's non-characters.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def printable(value: object) -> str:
    """``value`` as one printable line: control characters and stray bytes escaped."""
    def escape(m: re.Match) -> str:
        code = ord(m.group())
        if 0xDC80 <= code <= 0xDCFF:
            return f"\\x{code - 0xDC00:02x}"
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(m.group()) or (
            f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")

    return _UNPRINTABLE.sub(escape, str(value))


class ImplanError(Exception):
    """Base class: a problem the user can fix (bad file, unknown id, locked store)."""

    exit_code = 2

    def __init__(self, message: str, *, path: object | None = None):
        self.message = printable(message)  # one line, whatever the user typed into the value shown
        self.path = path
        super().__init__(f"{printable(path)}: {self.message}" if path is not None else self.message)


class InputError(ImplanError):
    """A source file or argument that cannot be read or understood."""


class ImportStrictError(InputError):
    """An import that produced warnings while ``--strict`` was given."""


class StoreError(ImplanError):
    """The corpus store refuses an operation (unknown work, duplicate version...)."""


class NotFoundError(StoreError):
    """A work, expression or provision that does not exist."""


class LockTimeout(StoreError):
    """Another process holds the store's lock for too long."""
