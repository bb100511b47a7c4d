"""The public portal: ``site build`` (a static website of the corpus) and ``site serve`` (a preview).

    implan-regs site build -o sitio/ [--base-url https://normatividad.torreon.gob.mx/] [--work …]
        [--include-proposals-in-consultation] [--sources PDFS/] [--no-search] [--json]
    implan-regs site serve sitio/ [--port 8001]
"""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError
from ..plurals import counted
from . import echo_json, main, open_store, show_progress


@main.group()
def site() -> None:
    """Portal público: el acervo como sitio web estático (leer, citar y buscar)."""


@site.command(name="build")
@click.option("-o", "--output", "output", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Carpeta del sitio (se crea; una reconstrucción solo rehace las obras que cambiaron).")
@click.option("--base-url", help="Dirección pública del sitio, p. ej. https://normatividad.torreon.gob.mx/ "
                                 "(enlaces canónicos y el canal Atom).")
@click.option("--work", "works", multiple=True, help="Publica solo esta obra (se puede repetir).")
@click.option("--include-proposals-in-consultation", "consultation", is_flag=True,
              help="Publica también las propuestas abiertas a consulta pública ('proposal consultation') con su cuadro "
                   "comparativo y su proyecto de decreto.")
@click.option("--sources", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Carpeta con los PDF originales de los que se importaron las versiones (se buscan por nombre) "
                   "para ofrecerlos como descarga.")
@click.option("--no-search", is_flag=True, help="No construye el índice de búsqueda (Pagefind).")
@click.option("--json", "as_json", is_flag=True, help="Salida en JSON.")
@click.pass_context
def site_build(ctx, output, base_url, works, consultation, sources, no_search, as_json):
    """Genera el portal público en la carpeta indicada y comprueba sus enlaces."""
    from ..site import build_site

    progress = (lambda work: click.echo(f"  {work}", err=True)) if show_progress(as_json) else None
    report = build_site(open_store(ctx), output, base_url=base_url, works=list(works) or None,
                        search=not no_search, consultation=consultation, sources=sources,
                        progress=progress)
    if as_json:
        echo_json(report.to_json())
        return
    click.echo(f"Sitio generado en {output}: {counted(report.works, 'obra')}, "
               f"{counted(len(report.rebuilt), 'reconstruida')} ({counted(report.files, 'archivo escrito')}, "
               f"{report.site_bytes / 1e6:.1f} MB, {report.seconds:.1f} s); enlaces internos verificados.")
    if not no_search:
        click.echo(f"Índice de búsqueda: {counted(report.index_pages, 'página')}, {report.index_bytes / 1e6:.1f} MB.")


@site.command(name="serve")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--port", default=8001, show_default=True, type=click.IntRange(0, 65535), help="Puerto (0: uno libre).")
def site_serve(folder, port):
    """Sirve un sitio generado en http://127.0.0.1 para revisarlo."""
    from ..site.serve import preview_server

    try:
        server = preview_server(folder, port)
    except OSError as exc:
        raise InputError(f"no se puede escuchar en 127.0.0.1:{port}: {exc.strerror}") from None
    click.echo(f"Sirviendo {folder} en http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C para detener)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Servidor detenido.")
    finally:
        server.server_close()
