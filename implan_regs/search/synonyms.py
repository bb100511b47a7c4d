"""The curated legal-Spanish synonym list, applied at query time (never at index time, so an
edit takes effect on the next search without rebuilding the index).

The list ships as ``sinonimos.txt`` beside this module; an institute edits its own copy at the
root of the corpus (``ROOT/sinonimos.txt``), which replaces the shipped one. One group a line,
expressions separated by commas, ``#`` starts a comment. Expressions are analyzed like the
text (:mod:`.analysis`), so plurals, accents and function words do not matter; an expression of
several words is matched as a phrase.

>>> table = parse("basura, residuos\\nlote baldío, predio baldío")
>>> table.alternatives(("basur",))
(('residu',),)
>>> table.longest
2
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .analysis import analyze

SHIPPED = Path(__file__).with_name("sinonimos.txt")
STORE_FILE = "sinonimos.txt"


@dataclass
class SynonymTable:
    """Analyzed expressions → the other expressions of their groups."""

    groups: list[list[str]] = field(default_factory=list)  # as written, for listing
    source: str = ""
    _by_terms: dict[tuple[str, ...], set[tuple[str, ...]]] = field(default_factory=dict)
    _terms: set[str] | None = None

    @property
    def longest(self) -> int:
        return max((len(k) for k in self._by_terms), default=0)

    def add_group(self, expressions: list[str]) -> None:
        analyzed = list(dict.fromkeys(t for t in (tuple(analyze(e)) for e in expressions) if t))
        if len(analyzed) < 2:
            return
        self.groups.append(expressions)
        self._terms = None
        for terms in analyzed:
            self._by_terms.setdefault(terms, set()).update(a for a in analyzed if a != terms)

    def mentions(self, term: str) -> bool:
        """True when ``term`` is part of some expression of the list."""
        if self._terms is None:
            self._terms = {t for key in self._by_terms for t in key}
        return term in self._terms

    def alternatives(self, terms: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
        """The other expressions (analyzed) of every group ``terms`` belongs to, sorted."""
        return tuple(sorted(self._by_terms.get(terms, ())))


def parse(text: str, source: str = "") -> SynonymTable:
    table = SynonymTable(source=source)
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        expressions = [e.strip() for e in line.split(",") if e.strip()]
        table.add_group(expressions)
    return table


_CACHE: dict[str, tuple[tuple, SynonymTable]] = {}


def load(store) -> SynonymTable:
    """The list in use for ``store`` (its own ``sinonimos.txt``, a stored file read through the
    store, else the shipped one), re-read only when the file changes; None: the shipped one."""
    path = store.root / STORE_FILE if store is not None else None
    if path is not None and store.is_file(path):
        return _cached(str(path), store.stamp(path), lambda: store.read_bytes(path), path)
    try:
        st = SHIPPED.stat()
    except OSError:
        return SynonymTable()
    return _cached(str(SHIPPED), (st.st_size, st.st_mtime_ns), SHIPPED.read_bytes, SHIPPED)


def _cached(key: str, stamp: tuple, read, path: Path) -> SynonymTable:
    cached = _CACHE.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    try:
        text = read().decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("la lista de sinónimos no está en UTF-8", path=path) from None
    except OSError as exc:
        raise InputError(f"no se puede leer la lista de sinónimos: {exc.strerror}", path=path) from None
    table = parse(text, str(path))
    _CACHE[key] = (stamp, table)
    return table
