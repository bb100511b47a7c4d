"""Full-text search over every provision, version, proposal draft and observation (issue 5).

Modules: :mod:`.analysis` (the Spanish analyzer), :mod:`.backend` (the engine interface and
query tree), :mod:`.whoosh_backend` (default) and :mod:`.tantivy_backend` (optional extra),
:mod:`.documents` (what is indexed), :mod:`.indexer` (build, incremental sync, fingerprint,
trust), :mod:`.query` (parsing, citations, ``--at``, grouping, snippets).

The index follows the corpus by itself: :func:`attach` subscribes :func:`.indexer.on_store_change`
to ``Store.listeners`` (the CLI calls it when it loads), so imports, publications, proposal edits
and observation answers update every existing index right after they commit, outside the store
lock and under the index's own lock (:func:`.indexer.index_lock`): a long index update never
holds up another writer, and a search never waits for one.

>>> import tempfile
>>> from implan_regs.store import Store
>>> from implan_regs.importers.text import import_text
>>> from implan_regs.model.tree import DocumentMeta
>>> attach()
>>> store = Store.init(tempfile.mkdtemp())
>>> meta = DocumentMeta(work="rp", kind="reglamento", title="Reglamento de Prueba", date="2020-01-01")
>>> _ = store.save_expression(import_text("Artículo 1.- Las construcciones en predios baldíos.", meta).document)
>>> [r["label"] for r in search(store, "construcción")["results"]]
['Artículo 1']
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["ENGINES", "QuerySyntaxError", "SearchOptions", "attach", "default_engine", "on_store_change", "open_index",
           "search"]

#: Where indexes live under a corpus root (see :data:`.indexer.INDEX_DIR`).
_INDEX_DIR = ".index"


def __getattr__(name: str):
    """The engines (whoosh, tantivy) load on first use, not when the CLI starts."""
    if name in ("QuerySyntaxError", "SearchOptions"):
        from . import query

        return getattr(query, name)
    if name == "open_index":
        from .indexer import open_index

        return open_index
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Changes larger than this (bytes of source files) are indexed in the background; None: always
#: in the process that made them (see :func:`defer_index_updates`).
_DEFER_BYTES: int | None = None


def on_store_change(store, entry) -> None:
    """``Store.listeners`` hook: update every existing index (nothing to load when there is none)."""
    if not (Path(store.root) / _INDEX_DIR).is_dir():
        return
    from .indexer import on_store_change as update

    update(store, entry, defer_bytes=_DEFER_BYTES)


def attach() -> None:
    """Keep every search index of a store current on each recorded change (idempotent)."""
    from ..store import Store

    if on_store_change not in Store.listeners:
        Store.listeners.append(on_store_change)


def defer_index_updates(limit: int | None) -> None:
    """From now on, index a change larger than ``limit`` bytes of source in a background
    process, so that the command that made it returns at once (None: always in this process).
    Searches meanwhile answer from the last committed index and say it is catching up. The
    command line sets it for each invocation; the library and the web index in process."""
    global _DEFER_BYTES
    _DEFER_BYTES = limit


#: The environment variable naming the engine a search uses when none is asked for (the web's).
ENGINE_VAR = "IMPLAN_REGS_SEARCH_ENGINE"
#: Every engine by name; "postgres" answers from the store's own tables (:mod:`.pgengine`).
ENGINES = ("whoosh", "tantivy", "postgres")


def default_engine() -> str:
    """The engine configured for this process (:data:`ENGINE_VAR`), else whoosh."""
    import os

    from ..errors import InputError

    name = (os.environ.get(ENGINE_VAR) or "whoosh").strip()
    if name not in ENGINES:
        raise InputError(f"motor de búsqueda desconocido en {ENGINE_VAR}: {name} (use {', '.join(ENGINES)})")
    return name


def search(store, text: str, options=None, *, engine: str | None = None,
           progress=None, on_rebuild=None) -> dict:
    """Search the corpus of ``store`` (building or updating the index first when needed) with
    ``engine`` (default: :func:`default_engine`)."""
    from .query import check

    engine = engine or default_engine()
    check(text)  # a malformed query fails before any (long) index build
    if engine == "postgres":
        from ..errors import InputError
        from .pgengine import search as run_sql

        if options is not None and (options.include_proposals or options.include_observations):
            # the database indexes the texts in force only (the store does not read proposal files)
            raise InputError("el motor postgres busca solo en los textos vigentes; para propuestas u "
                             "observaciones use --engine whoosh o tantivy", path="--engine postgres")

        return {**run_sql(store, text, options), "index_behind": False}  # kept in the same transaction
    from .indexer import open_index
    from .query import search as run

    index = open_index(store, engine, progress=progress, on_rebuild=on_rebuild)
    found = run(store, index, text, options)
    found["index_behind"] = index.is_stale(store)  # another process is still indexing recent changes
    return found


def register_checks() -> None:
    """Add the index to ``implan-regs check`` (stale or untrusted) and to ``--repair`` (rebuild)."""
    from ..store.check import CHECKERS, REPAIRERS

    if check_indexes not in CHECKERS:
        CHECKERS.append(check_indexes)
    if repair_indexes not in REPAIRERS:
        REPAIRERS.append(repair_indexes)


def check_indexes(store) -> list:
    from ..store.check import CheckIssue
    from .indexer import UntrustedIndex, existing_engines, index_dir, load_index

    issues = []
    if store.backend.kind == "postgres":
        from ..plurals import counted
        from ..store import pgindex

        behind = pgindex.status(store.backend)["behind"]
        if behind:
            issues.append(CheckIssue(f"{store.backend.schema}.search_provisions", "índice de búsqueda postgres "
                                     f"desactualizado en {counted(len(behind), 'versión')}", derived=True))
    for engine in existing_engines(store.root):
        where = str(index_dir(store.root, engine).relative_to(store.root))
        try:
            if load_index(store.root, engine).is_stale(store):
                issues.append(CheckIssue(where, "índice de búsqueda desactualizado", derived=True))
        except (UntrustedIndex, FileNotFoundError) as exc:
            issues.append(CheckIssue(where, f"índice de búsqueda no verificable: {exc}", derived=True))
    return issues


def repair_indexes(store) -> list[str]:
    from .indexer import existing_engines, index_lock, rebuild

    repaired = []
    if store.backend.kind == "postgres":
        from ..store import pgindex

        if pgindex.status(store.backend)["stale"]:
            pgindex.rebuild(store.backend)
            repaired.append("índice de búsqueda (postgres)")
    for engine in existing_engines(store.root):
        with index_lock(store.root, engine, wait=True):
            rebuild(store, engine)
        repaired.append(f"índice de búsqueda ({engine})")
    return repaired
