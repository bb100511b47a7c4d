"""A local preview of a built portal: the standard library's HTTP server on the loopback.

Serves the site folder with the same addresses a static host gives it (``/obra/`` serves
``obra/index.html``; unknown paths get the portal's 404 page). Only for previewing: bound to
127.0.0.1.
"""

from __future__ import annotations

import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..errors import InputError
from .build import MANIFEST


class _Handler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript",
                      ".xml": "application/xml", ".pf_meta": "application/octet-stream"}

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)


def preview_server(site: Path | str, port: int = 8001, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    """A server for ``site`` (not started: call ``serve_forever``); port 0 picks a free one."""
    site = Path(site)
    if not (site / MANIFEST).is_file():
        raise InputError("no es un sitio generado con 'implan-regs site build'", path=site)
    handler = functools.partial(_Handler, directory=str(site.resolve()))
    return ThreadingHTTPServer((host, port), handler)
