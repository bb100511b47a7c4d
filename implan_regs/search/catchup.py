"""The background catch-up of the search indexes: ``python -m implan_regs.search.catchup ROOT``.

Started by :func:`.indexer.start_catch_up` after a large change, detached from the command that
made it: it waits for each index's lock and syncs it until the corpus stops changing.
"""

from __future__ import annotations

import sys

from ..store import Store
from .indexer import existing_engines, index_lock, load_index, rebuild


def main(root: str) -> int:
    store = Store.open(root)
    for engine in existing_engines(store.root):
        with index_lock(store.root, engine, wait=True):
            try:
                load_index(store.root, engine).catch_up(store)
            except Exception as exc:  # noqa: BLE001 - an unusable index is rebuilt, not left broken
                print(f"índice {engine}: {exc}; se reconstruye", file=sys.stderr)
                rebuild(store, engine)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
