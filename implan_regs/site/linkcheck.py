"""The build's link check: every internal link of the site leads to a file, and every anchor
to an element with that id.

Links are read from the generated files with a regular expression (the pages are ours: every
``href``/``src`` attribute is double-quoted). External links (other origins, ``mailto:``) are
not followed.

>>> import tempfile, pathlib
>>> site = pathlib.Path(tempfile.mkdtemp())
>>> _ = (site / "index.html").write_text('<a href="/a/#x">a</a> <a href="/b/">b</a> <p id="y"></p>')
>>> (site / "a").mkdir(); _ = (site / "a" / "index.html").write_text('<p id="x"></p><a href="/#z">z</a>')
>>> [(b.page, b.link) for b in broken_links(site, Urls(None))]
[('a/index.html', '/#z'), ('index.html', '/b/')]
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from ..plurals import counted
from .urls import Urls

_LINK = re.compile(r'\s(?:href|src)="([^"]*)"')
_ID = re.compile(r'\sid="([^"]*)"')


@dataclass(frozen=True)
class Broken:
    page: str  # the file (relative to the site) that holds the link
    link: str


def _internal_path(urls: Urls, link: str) -> str | None:
    """The root-relative address of an internal link (None: external or not checkable)."""
    if urls.origin and link.startswith(urls.origin + "/"):
        link = link[len(urls.origin):]
    if link.startswith("/"):
        return link
    return None


def broken_links(site: Path, urls: Urls, only: list[str] | None = None) -> list[Broken]:
    """The broken internal links of every page of ``site`` and its feed (or of the files ``only``)."""
    if only is not None:
        pages = [site / rel for rel in sorted(only)]
    else:
        pages = sorted(p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts)
        if (site / urls.file(urls.feed())).is_file():
            pages.append(site / urls.file(urls.feed()))
    ids: dict[str, set[str]] = {}

    def ids_of(file: str) -> set[str]:
        if file not in ids:
            ids[file] = set(_ID.findall((site / file).read_text("utf-8", errors="replace")))
        return ids[file]

    out = []
    for page in pages:
        rel = page.relative_to(site).as_posix()
        text = page.read_text("utf-8", errors="replace")
        ids[rel] = set(_ID.findall(text))
        for raw in dict.fromkeys(_LINK.findall(text)):
            link = html.unescape(raw)
            if link.startswith("#"):
                target, fragment = rel, link[1:]
            else:
                path = _internal_path(urls, link)
                if path is None:
                    continue
                path, _, fragment = path.partition("#")
                path = unquote(path.split("?", 1)[0])
                try:
                    target = urls.file(path)
                except ValueError:
                    out.append(Broken(rel, link))
                    continue
                if not (site / target).is_file() and (site / target / "index.html").is_file():
                    target = f"{target}/index.html"
                if not (site / target).is_file():
                    out.append(Broken(rel, link))
                    continue
            if fragment and target.endswith(".html") and unquote(fragment) not in ids_of(target):
                out.append(Broken(rel, link))
    return out


def describe(broken: list[Broken], limit: int = 20) -> str:
    """The Spanish one-line message of a failed check: how many, then each (the first ``limit``).

    >>> describe([Broken("a/index.html", "/b/")])
    'el sitio tiene 1 enlace interno roto: a/index.html → /b/'
    """
    shown = [f"{b.page} → {b.link}" for b in broken[:limit]]
    more = [f"… y {len(broken) - limit} más"] if len(broken) > limit else []
    return f"el sitio tiene {counted(len(broken), 'enlace interno roto')}: " + "; ".join(shown + more)
