"""The Atom feed of the reforms published (RFC 4287): one entry per version in force.

Each entry names the version, the decree that produced it, when it entered into force and the
provisions it changed, with links to "qué cambió" and to each changed article. Entry ids are the
pages' absolute addresses when the site has a base URL, otherwise stable ``urn:uuid:`` names
derived from the version's FRBR expression URI (an Atom id must be an absolute IRI).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from lxml import etree

from ..model.dates import spanish_date
from .urls import Urls

ATOM = "http://www.w3.org/2005/Atom"


@dataclass
class Entry:
    """One version in force as the feed tells it (kept in the build manifest between builds)."""

    work: str
    title: str  # the work's title
    date: str
    start: str
    uri: str  # FRBR expression URI
    decree: str | None
    changed: list[tuple[str, str]]  # (label, eId) of the provisions the version changed
    first: bool  # the work's first version (no "qué cambió" page)

    def to_json(self) -> dict:
        return dict(self.__dict__)


def _stamp(date: str) -> str:
    return f"{date}T00:00:00Z"


def _id(urls: Urls, page: str, uri: str) -> str:
    return urls.absolute(page) if urls.origin else f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, uri)}"


def _el(parent, tag: str, text: str | None = None, **attrs: str):
    el = etree.SubElement(parent, f"{{{ATOM}}}{tag}", {k: v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def atom(urls: Urls, entries: list[Entry]) -> bytes:
    """The feed, newest entry first."""
    entries = sorted(entries, key=lambda e: (e.start, e.work), reverse=True)
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    feed.set("{http://www.w3.org/XML/1998/namespace}lang", "es-MX")
    _el(feed, "id", _id(urls, urls.feed(), "implan-regs:" + urls.feed()))
    _el(feed, "title", "Normatividad municipal: reformas publicadas")
    _el(feed, "updated", _stamp(entries[0].start) if entries else "1970-01-01T00:00:00Z")
    _el(_el(feed, "author"), "name", "Instituto Municipal de Planeación")
    _el(feed, "link", rel="self", type="application/atom+xml", href=urls.absolute(urls.feed()))
    _el(feed, "link", rel="alternate", type="text/html", href=urls.absolute(urls.home()))
    for entry in entries:
        feed.append(_entry(urls, entry))
    return etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _entry(urls: Urls, entry: Entry):
    el = etree.Element(f"{{{ATOM}}}entry")
    page = urls.version(entry.work, entry.date) if entry.first else urls.change(entry.work, entry.date)
    _el(el, "id", _id(urls, page, entry.uri))
    what = "texto original" if entry.first else "reforma"
    _el(el, "title", f"{entry.title}: {what} vigente desde el {spanish_date(entry.start)}")
    _el(el, "updated", _stamp(entry.start))
    _el(el, "link", rel="alternate", type="text/html", href=urls.absolute(page))
    _el(el, "summary", entry.decree or f"Texto vigente desde el {spanish_date(entry.start)}.")
    content = _el(el, "content", type="xhtml")
    div = etree.SubElement(content, "{http://www.w3.org/1999/xhtml}div", nsmap={None: "http://www.w3.org/1999/xhtml"})
    p = etree.SubElement(div, "{http://www.w3.org/1999/xhtml}p")
    p.text = (f"{entry.decree}. " if entry.decree else "") + f"Identificador: {entry.uri}."
    if entry.changed:
        p2 = etree.SubElement(div, "{http://www.w3.org/1999/xhtml}p")
        p2.text = "Disposiciones que cambiaron:"
        ul = etree.SubElement(div, "{http://www.w3.org/1999/xhtml}ul")
        for label, eid in entry.changed:
            a = etree.SubElement(etree.SubElement(ul, "{http://www.w3.org/1999/xhtml}li"),
                                 "{http://www.w3.org/1999/xhtml}a", href=urls.absolute(urls.article(entry.work, eid)))
            a.text = label
    return el
