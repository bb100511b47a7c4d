"""The small interface every search engine implements, and the engine-neutral query tree.

The Spanish analysis happens in Python (:mod:`.analysis`): an engine receives each
analyzed field as space-separated terms and queries as trees of analyzed terms, so whoosh
and tantivy see exactly the same tokens. Both score with BM25 (k1=1.2, b=0.75, Lucene idf).

Fields of an indexed document (:class:`~.documents.IndexDoc`):

* analyzed, with positions: ``text`` (the provision's words), ``path`` (its headings) and
  ``context`` (the article heading and the chapeau above a sub-provision);
* keywords (exact terms): ``id`` (``unit#eId``), ``group`` (``unit#eId of the article``), ``unit``,
  ``doctype``, ``work``, ``kind``, ``level``, ``number``;
* ``data``: every stored value as one JSON string (shown in results, never searched).
"""

from __future__ import annotations

import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

KEYWORD_FIELDS = ("id", "group", "unit", "doctype", "work", "kind", "level", "number")
TEXT_FIELDS = ("text", "path", "context")


@dataclass(frozen=True)
class TermQ:
    field: str
    term: str
    boost: float = 1.0


@dataclass(frozen=True)
class PhraseQ:
    field: str
    terms: tuple[str, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class AnyOf:
    """Matches when any child matches; scores add up."""

    children: tuple = ()


@dataclass(frozen=True)
class AllOf:
    """Matches when every child matches and no excluded one does."""

    children: tuple = ()
    exclude: tuple = ()


@dataclass(frozen=True)
class AtLeast:
    """Matches when at least ``minimum`` children match; the scores of the matching children add
    up (a minimum-should-match disjunction)."""

    children: tuple = ()
    minimum: int = 1


@dataclass(frozen=True)
class Const:
    """Matches like ``child`` with the constant score ``score`` (coordination bonuses)."""

    child: object
    score: float = 1.0


@dataclass(frozen=True)
class Everything:
    pass


@dataclass(frozen=True)
class Nothing:
    pass


def digest(text: str) -> int:
    """A 63-bit digest of a document's ``id`` or ``group``: what a :class:`Hit` carries, the
    same in every engine (ties in ranking are broken by it alike)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big") >> 1


class Hit:
    """One matching document: the digests (:func:`digest`) of its ``id`` and ``group`` at once,
    the stored ``data`` on first use (an engine may read stored documents lazily; only the hits
    shown are read)."""

    __slots__ = ("score", "id", "group", "_data", "_load")

    def __init__(self, score: float, id: str, group: str, data: dict | None = None, load=None):
        self.score, self.id, self.group, self._data, self._load = score, id, group, data, load

    @property
    def data(self) -> dict:
        if self._data is None:
            self._data = self._load()
        return self._data

    @property
    def is_group_head(self) -> bool:
        return self.id == self.group


class Writer(ABC):
    """Adds and deletes documents; nothing is visible until :meth:`commit`."""

    @abstractmethod
    def add(self, fields: dict[str, str]) -> None: ...

    @abstractmethod
    def delete_unit(self, unit: str) -> None: ...

    @abstractmethod
    def commit(self) -> None: ...

    @abstractmethod
    def cancel(self) -> None: ...


class Backend(ABC):
    """One engine's index in one folder."""

    name: str = ""

    def __init__(self, path: Path):
        self.path = path

    @classmethod
    @abstractmethod
    def create(cls, path: Path) -> Backend: ...

    @classmethod
    @abstractmethod
    def open(cls, path: Path) -> Backend: ...

    @abstractmethod
    def writer(self, *, bulk: bool = False) -> Writer: ...

    @abstractmethod
    def search(self, query, *, filters: Iterable = (), excludes: Iterable = (), limit: int = 10) -> list[Hit]:
        """Top ``limit`` hits of ``query`` among documents matching every filter and no exclude
        (filters and excludes do not change scores)."""

    @abstractmethod
    def doc_count(self) -> int: ...

    @abstractmethod
    def has_term(self, field: str, term: str) -> bool:
        """Whether some document has ``term`` in ``field`` (a look-up in the term dictionary)."""

    def close(self) -> None:  # noqa: B027 - optional hook
        pass


def encode_data(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def decode_data(raw: str | bytes) -> dict:
    return json.loads(raw)


#: Every engine this project knows, by name: its module and class (tantivy is an optional extra).
ENGINE_NAMES = {"whoosh": (".whoosh_backend", "WhooshBackend"), "tantivy": (".tantivy_backend", "TantivyBackend")}


def engine(name: str) -> type[Backend] | None:
    """One engine's class, importing only that engine (None when it is not installed)."""
    from importlib import import_module

    module, cls = ENGINE_NAMES[name]
    try:
        return getattr(import_module(module, __package__), cls)
    except ImportError:
        return None


def engines() -> dict[str, type[Backend]]:
    """The engines available in this installation (tantivy is an optional extra)."""
    return {name: cls for name in ENGINE_NAMES if (cls := engine(name)) is not None}
