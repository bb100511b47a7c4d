"""Parsed documents, proposals and diffs, kept while their files are unchanged.

Every write in the store is an atomic rename, so a file whose (inode, mtime, size) did not
change has the same content: that stamp keys the cache. Cached objects are shared between
requests and threads and must never be mutated by the web layer.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import NotFoundError
from ..store import ExpressionInfo, Store

MAX_ENTRIES = 256
_lock = threading.Lock()
_cache: OrderedDict[tuple, Any] = OrderedDict()


def stamp(path: Path) -> tuple:
    try:
        st = path.stat()
    except FileNotFoundError:
        return ()
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def cached(key: tuple, compute: Callable[[], Any]) -> Any:
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    value = compute()
    with _lock:
        _cache[key] = value
        while len(_cache) > MAX_ENTRIES:
            _cache.popitem(last=False)
    return value


def clear() -> None:
    with _lock:
        _cache.clear()


def expressions(store: Store, work: str) -> list[ExpressionInfo]:
    folder = store.work_dir(work) / "expressions"
    files = tuple((p.name, stamp(p)) for p in sorted(folder.glob("spa@*.xml"))) if folder.is_dir() else ()
    return cached(("expressions", str(store.root), work, files), lambda: store.expressions(work))


def load_document(store: Store, work: str, date: str | None = None):
    if date is None:
        versions = expressions(store, work)
        if not versions:
            raise NotFoundError("la obra no tiene versiones", path=work)
        date = versions[-1].date
    path = store.expression_path(work, date)
    return cached(("doc", str(path), stamp(path)), lambda: store.load(work, date))


def load_proposal(store: Store, proposal_id: str):
    path = store.proposal_path(proposal_id)
    return cached(("proposal", str(path), stamp(path)), lambda: store.load_proposal(proposal_id))


def proposals(store: Store) -> list:
    folder = store.root / "proposals"
    return [load_proposal(store, p.stem) for p in sorted(folder.glob("*.xml"))] if folder.is_dir() else []


def _proposal_key(store: Store, proposal) -> tuple:
    base = store.expression_path(proposal.work, proposal.base) if proposal.base else None
    return (str(store.root), proposal.id, stamp(store.proposal_path(proposal.id)), stamp(base) if base else ())


def proposal_diff(store: Store, proposal):
    from ..reform.service import proposal_diff as compute

    return cached(("diff",) + _proposal_key(store, proposal), lambda: compute(store, proposal))


def decree(store: Store, proposal):
    from ..reform.consolidation import proposal_decree

    return cached(("decree",) + _proposal_key(store, proposal), lambda: proposal_decree(store, proposal))
