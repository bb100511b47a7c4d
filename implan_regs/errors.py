"""The one error class hierarchy every layer raises for bad input.

The CLI turns any :class:`ImplanError` into a one-line message (control characters and stray
bytes in the values it names are escaped) and exit status 2,
without a traceback. Messages are user-facing, so they are Spanish (es-MX) and name
the file or identifier involved.

>>> str(InputError("no es un PDF válido", path="x.pdf"))
'x.pdf: no es un PDF válido'
"""

from __future__ import annotations


class ImplanError(Exception):
    """Base class: a problem the user can fix (bad file, unknown id, locked store)."""

    exit_code = 2

    def __init__(self, message: str, *, path: object | None = None):
        from .textinput import printable  # one line, whatever the user typed into the value shown

        self.message = printable(message)
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
