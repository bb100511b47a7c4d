"""The one in-memory cache of parsed files: values kept while the files they came from are unchanged.

Every write in the store is an atomic rename, so a file whose stamp (inode, mtime, ctime, size,
see :func:`stamp`) did not change has the same content: callers put the stamps of the files a
value depends on into its key. The cache is a bounded LRU shared by every thread; cached objects
(documents, proposals, diffs) are shared and must never be mutated by their users.

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
>>> _ = path.write_text("uno")
>>> cached(("texto", str(path), stamp(path)), path.read_text)
'uno'
>>> stamp(path.with_name("no-existe.txt"))
()
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

MAX_ENTRIES = 256
_lock = threading.Lock()
_cache: OrderedDict[tuple, Any] = OrderedDict()


def stamp(path: Path) -> tuple:
    """What identifies one content of ``path`` (``()`` when the file does not exist)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return ()
    return (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size)


def cached(key: tuple, compute: Callable[[], Any]) -> Any:
    """The value cached under ``key``, computed (outside the lock) and kept when absent."""
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
