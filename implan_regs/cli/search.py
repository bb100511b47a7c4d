"""Search commands: search, index rebuild/status.

The command group (``cli.main``) subscribes the search index to every change of the store
(:func:`implan_regs.search.attach`), so imports, publications, proposal edits and observation
answers update the index in the same operation.
"""

from __future__ import annotations

import sys

import click

from ..plurals import counted
from . import KINDS, date_option, echo_json, main, open_store, show_progress

ENGINES = ["whoosh", "tantivy", "postgres"]
ENGINE_HELP = ("Motor de búsqueda (por omisión, el de IMPLAN_REGS_SEARCH_ENGINE, o whoosh); postgres: el índice que "
               "el acervo en PostgreSQL mantiene en la misma transacción que cada cambio.")


def _progress_bar(as_json: bool, label: str):
    """A progress callback (and the bar to close) for long index builds on a terminal."""
    if not show_progress(as_json):
        return None, None
    state: dict = {}

    def progress(done: int, total: int) -> None:
        if "bar" not in state:
            state["bar"] = click.progressbar(length=total, label=label, file=sys.stderr)
            state["bar"].__enter__()
        state["bar"].update(done - state["bar"].pos)

    def close() -> None:
        if "bar" in state:
            state["bar"].__exit__(None, None, None)

    return progress, close


@main.command(name="search")
@click.argument("query")
@click.option("--at", "at", help="Texto vigente en esa fecha (AAAA-MM-DD); por omisión, hoy.")
@click.option("--work", "works", multiple=True, help="Solo en esta obra (repetible).")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS), help="Solo este tipo de documento.")
@click.option("--level", "levels", multiple=True,
              help="Solo este nivel: articulo, fraccion, inciso, parrafo, transitorio…")
@click.option("--include-proposals", is_flag=True, help="Incluye los borradores de propuestas abiertas.")
@click.option("--include-observations", is_flag=True, help="Incluye las observaciones.")
@click.option("--page", default=1, show_default=True, type=click.IntRange(1), help="Página de resultados.")
@click.option("--per-page", default=10, show_default=True, type=click.IntRange(1, 200), help="Resultados por página.")
@click.option("--engine", type=click.Choice(ENGINES), help=ENGINE_HELP)
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def search_(ctx: click.Context, query: str, at: str | None, works: tuple[str, ...], kinds: tuple[str, ...],
            levels: tuple[str, ...], include_proposals: bool, include_observations: bool, page: int,
            per_page: int, engine: str | None, as_json: bool) -> None:
    """Busca CONSULTA en todas las disposiciones (palabras, "frases", AND/OR/NOT, prefijo*, cita).

    \b
    implan-regs search "construcciones en predios baldíos"
    implan-regs search '"uso de suelo" AND densidad' --work reglamento-du --at 2017-06-01
    implan-regs search "art. 45 reglamento de movilidad"
    """
    from ..search import SearchOptions, search

    store = open_store(ctx)
    options = SearchOptions(at=date_option(at, "fecha"), works=list(works), kinds=list(kinds),
                            levels=list(levels), include_proposals=include_proposals,
                            include_observations=include_observations, page=page, per_page=per_page)
    progress, close = _progress_bar(as_json, "Indexando")
    try:
        found = search(store, query, options, engine=engine, progress=progress,
                       on_rebuild=None if as_json else lambda why: click.echo(why.capitalize(), err=True))
    finally:
        if close:
            close()
    if as_json:
        echo_json(found)
    else:
        _print_results(found, bold=sys.stdout.isatty())


def _print_results(found: dict, *, bold: bool) -> None:
    if found.get("index_behind"):
        click.echo("Aviso: el índice de búsqueda se está poniendo al día con cambios recientes; "
                   "vuelva a buscar en unos momentos para verlos.", err=True)
    if found.get("suggestion"):
        click.echo(f"¿Quiso decir «{found['suggestion']}»?")
    for typo, fixes in found["corrections"].items():
        click.echo(f"(«{typo}» no aparece en los textos; se buscó: {', '.join(fixes)})")
    if not found["results"]:
        click.echo(f"Sin resultados para «{found['query']}» (texto vigente al {found['at']}).")
        return
    first = (found["page"] - 1) * found["per_page"] + 1
    for n, r in enumerate(found["results"], first):
        where = {"vigente": f"@{r['version']}", "propuesta": f"propuesta {r.get('proposal', '')}",
                 "observacion": f"observación {r.get('id', '')} ({r.get('status', '')})"}[r["doctype"]]
        click.echo(f"{n}. {r['work']} {where} — {r['label']}")
        if r["path"]:
            click.echo(f"   {r['path']}")
        click.echo(f"   {_marked(r, bold)}")
    last = first + len(found["results"]) - 1
    more = f"; más con --page {found['page'] + 1}" if found["total"] > last else ""
    click.echo(f"Resultados {first}–{last} de {found['total']} (texto vigente al {found['at']}{more}).")


def _marked(result: dict, bold: bool) -> str:
    from ..search.query import segments

    if not bold:
        return result["snippet"]
    return "".join(f"\x1b[1m{piece}\x1b[0m" if match else piece for piece, match in segments(result))


@main.group(name="index")
def index_group() -> None:
    """Índice de búsqueda: reconstruir o ver su estado."""


@index_group.command(name="rebuild")
@click.option("--engine", type=click.Choice(ENGINES), help=ENGINE_HELP)
@click.option("--json", "as_json", is_flag=True, help="Informe en JSON.")
@click.pass_context
def index_rebuild(ctx: click.Context, engine: str | None, as_json: bool) -> None:
    """Reconstruye el índice desde cero (es un dato derivado: siempre se puede rehacer)."""
    import time

    from ..search import default_engine
    from ..search.indexer import index_lock, rebuild

    store = open_store(ctx)
    engine = engine or default_engine()
    if engine == "postgres":
        _rebuild_postgres(store, as_json)
        return
    progress, close = _progress_bar(as_json, "Indexando")
    started = time.perf_counter()
    try:
        with index_lock(store.root, engine, wait=True):
            index, report = rebuild(store, engine, progress=progress)
    finally:
        if close:
            close()
    seconds = round(time.perf_counter() - started, 2)
    if as_json:
        echo_json({"engine": engine, "documents": index.doc_count(), "units": report.added, "seconds": seconds})
    else:
        click.echo(f"Índice {engine} reconstruido: {counted(index.doc_count(), 'disposición')} de "
                   f"{counted(report.added, 'unidad')} (versiones, propuestas y observaciones) en {seconds} s.")


def _rebuild_postgres(store, as_json: bool) -> None:
    import time

    from ..search.pgengine import pg_backend
    from ..store import pgindex

    started = time.perf_counter()
    documents = pgindex.rebuild(pg_backend(store))
    versions = pgindex.status(store.backend)["versions"]
    seconds = round(time.perf_counter() - started, 2)
    if as_json:
        echo_json({"engine": "postgres", "documents": documents, "units": versions, "seconds": seconds})
    else:
        click.echo(f"Índice postgres reconstruido: {counted(documents, 'disposición')} de "
                   f"{counted(versions, 'versión indexada')} en {seconds} s.")


@index_group.command(name="status")
@click.option("--engine", type=click.Choice(ENGINES),
              help="Solo este motor; por omisión, whoosh y cada motor con un índice construido.")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON (una lista sin --engine).")
@click.pass_context
def index_status(ctx: click.Context, engine: str | None, as_json: bool) -> None:
    """Dice si cada índice existe y si está al día con el acervo (huella del acervo)."""
    from ..search.indexer import index_dir

    store = open_store(ctx)
    engines = [engine] if engine else [e for e in ENGINES if e == "whoosh" or index_dir(store.root, e).exists()
                                       or (e == "postgres" and store.backend.kind == "postgres")]
    statuses = [_engine_status(store, e) for e in engines]
    if as_json:
        echo_json(statuses[0] if engine else statuses)
        return
    for status in statuses:
        click.echo(_status_line(status))


def _engine_status(store, engine: str) -> dict:
    from ..search.indexer import UntrustedIndex, engine_class, index_dir, load_index

    if engine == "postgres":
        from ..search.pgengine import pg_backend
        from ..store import pgindex

        return {"engine": engine, **pgindex.status(pg_backend(store))}
    engine_class(engine)
    try:
        return load_index(store.root, engine).status(store)
    except FileNotFoundError:
        return {"engine": engine, "path": str(index_dir(store.root, engine)), "exists": False, "stale": True}
    except UntrustedIndex as exc:
        return {"engine": engine, "path": str(index_dir(store.root, engine)), "exists": True,
                "trusted": False, "stale": True, "problem": str(exc)}


def _status_line(status: dict) -> str:
    engine = status["engine"]
    if not status["exists"]:
        return f"Índice {engine}: no existe; la primera búsqueda lo construye (o 'implan-regs index rebuild')."
    if status.get("trusted") is False:
        return f"Índice {engine}: no verificado ({status['problem']}); la próxima búsqueda lo reconstruye."
    if engine == "postgres":
        state = "al día" if not status["stale"] else f"DESACTUALIZADO en {counted(len(status['behind']), 'versión')} " \
            "(ejecute 'implan-regs index rebuild --engine postgres')"
        return (f"Índice {engine}: {state}; {counted(status['documents'], 'disposición')} de "
                f"{counted(status['versions'], 'versión indexada')}, en la base de datos.")
    units = status["units"]
    state = "DESACTUALIZADO (la próxima búsqueda lo actualiza)" if status["stale"] else "al día"
    return (f"Índice {engine}: {state}; {counted(status['documents'], 'disposición')} de "
            f"{counted(units['vigente'], 'versión')}, {counted(units['propuesta'], 'propuesta')} y "
            f"{counted(units['observacion'], 'grupo de observaciones')}; "
            f"huella {status['fingerprint']}; actualizado {status['updated']}.")
