"""The portal's search without a server: Pagefind's static index, built over the generated site.

Pagefind (PyPI ``pagefind[bin]``, the Rust indexer shipped as a binary inside the wheel: no
download at build time) indexes the pages that carry ``data-pagefind-body`` — each article's page
in the portal, its text in force — with Spanish stemming (``--force-language es``) and
diacritics folded (``construccion`` finds ``construcción``; since Pagefind 1.5). The browser
loads only the index chunks a query needs (``recursos/buscar.js``).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import ImplanError

BUNDLE = "pagefind"


class SearchIndexError(ImplanError):
    """The search index could not be built."""


@dataclass
class IndexReport:
    pages: int
    bytes: int


def _executable() -> Path:
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise SearchIndexError("falta el paquete pagefind[bin] para el índice de búsqueda; "
                               "instálelo (scripts/setup) o genere el sitio con --no-search") from None
    return get_executable()


def build_index(site: Path) -> IndexReport:
    """(Re)build ``site/pagefind/`` over the whole site; the previous bundle is replaced."""
    out = subprocess.run([str(_executable()), "--site", str(site), "--output-subdir", BUNDLE,
                          "--force-language", "es", "--exclude-selectors", ".tools", "--quiet"], capture_output=True, text=True)
    if out.returncode != 0:
        detail = (out.stderr or out.stdout).strip().splitlines()
        raise SearchIndexError("Pagefind no pudo construir el índice de búsqueda"
                               + (f": {detail[-1]}" if detail else ""), path=site)
    return index_report(site)


def index_report(site: Path) -> IndexReport:
    """How many pages the site's index holds and its size on disk."""
    bundle = site / BUNDLE
    pages = len(list((bundle / "fragment").glob("*"))) if (bundle / "fragment").is_dir() else 0
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    return IndexReport(pages, size)
