"""The portal's URL scheme (docs/portal.md): one place that turns a page into its address and its file.

Every page is a folder with an ``index.html`` so that addresses end in ``/`` and carry no
extension; provisions are anchors named by their eId.

>>> urls = Urls("https://normatividad.torreon.gob.mx/portal/")
>>> urls.prefix, urls.work("reglamento-movilidad"), urls.provision("reglamento-movilidad", "art_45__point_III")
('/portal/', '/portal/reglamento-movilidad/', '/portal/reglamento-movilidad/#art_45__point_III')
>>> urls.file(urls.change("reglamento-movilidad", "2019-03-16"))
'reglamento-movilidad/cambios/2019-03-16/index.html'
>>> urls.absolute(urls.article("reglamento-movilidad", "art_45"))
'https://normatividad.torreon.gob.mx/portal/reglamento-movilidad/articulo/art_45/'
>>> Urls(None).absolute("/ley/")
'/ley/'
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ..errors import InputError

ASSETS = "recursos"
SEARCH = "buscar"
CONSULTATION = "consulta"
FEED = "novedades.xml"


class Urls:
    def __init__(self, base_url: str | None):
        self.base_url = base_url
        self.origin = ""
        self.prefix = "/"
        if base_url:
            parts = urlsplit(base_url)
            if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
                raise InputError("dirección base inválida: use p. ej. https://normatividad.torreon.gob.mx/",
                                 path=base_url)
            self.origin = f"{parts.scheme}://{parts.netloc}"
            self.prefix = "/" + parts.path.strip("/") + "/" if parts.path.strip("/") else "/"

    # ---------------------------------------------------------------- addresses (root-relative)
    def home(self) -> str:
        return self.prefix

    def search(self) -> str:
        return f"{self.prefix}{SEARCH}/"

    def feed(self) -> str:
        return f"{self.prefix}{FEED}"

    def asset(self, name: str) -> str:
        return f"{self.prefix}{ASSETS}/{name}"

    def work(self, work: str) -> str:
        return f"{self.prefix}{work}/"

    def version(self, work: str, date: str) -> str:
        return f"{self.prefix}{work}/{date}/"

    def provision(self, work: str, eid: str, date: str | None = None) -> str:
        return (self.version(work, date) if date else self.work(work)) + f"#{eid}"

    def change(self, work: str, date: str) -> str:
        return f"{self.prefix}{work}/cambios/{date}/"

    def article(self, work: str, eid: str) -> str:
        return f"{self.prefix}{work}/articulo/{eid}/"

    def consultation(self, proposal: str) -> str:
        return f"{self.prefix}{CONSULTATION}/{proposal}/"

    def download(self, work: str, name: str) -> str:
        return f"{self.prefix}{work}/descargas/{name}"

    # ---------------------------------------------------------------- files and absolute addresses
    def file(self, url: str) -> str:
        """The file (relative to the site folder) an address is served from."""
        path = url.split("#", 1)[0]
        if not path.startswith(self.prefix):
            raise ValueError(f"not an address of this site: {url}")
        path = path[len(self.prefix):]
        return path + "index.html" if path == "" or path.endswith("/") else path

    def absolute(self, url: str) -> str:
        """The address with the site's origin (root-relative when no base URL was given)."""
        return self.origin + url
