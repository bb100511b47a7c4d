"""The portal's pages as HTML: one Jinja environment over the portal's templates and the web
application's (the provision tree, the table of contents, tables and word marks are the web
app's macros in ``web/templates/_macros.html``, shared, not copied).

Each ``*_pages`` function returns ``(address, bytes)`` pairs; :mod:`.build` writes them.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..model.dates import spanish_date
from ..plurals import counted
from ..reform.drafting import of_title
from ..store import WorkInfo
from ..web.marks import CHANGE_NAMES
from .content import Article, WorkContent
from .urls import Urls

HERE = Path(__file__).resolve().parent
WEB_TEMPLATES = HERE.parent / "web" / "templates"

#: The home page's groups: heading -> the kinds listed under it (in this order).
KIND_GROUPS = {
    "Reglamentos": ("reglamento",),
    "Leyes y códigos": ("ley", "codigo", "constitucion"),
    "Planes y programas": ("plan", "programa"),
    "Otros instrumentos": ("decreto", "acuerdo", "lineamientos", "norma"),
}

Page = tuple[str, bytes]


@cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader([str(HERE / "templates"), str(WEB_TEMPLATES)]),
                      autoescape=select_autoescape(["html", "xml"]), trim_blocks=True, lstrip_blocks=True)
    env.filters["fecha"] = spanish_date
    env.filters["cuenta"] = counted
    env.filters["inicial"] = _upper_first  # "artículo 45 Bis" -> "Artículo 45 Bis" (capitalize would lower "Bis")
    return env


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _render(template: str, **context) -> bytes:
    return environment().get_template(template).render(**context).encode("utf-8")


def _links(urls: Urls, work: str) -> dict:
    """The provision macros' links: "Enlace" opens the article's own page (text, history, citation)."""
    return {"permalink": urls.article(work, "EID"), "history": None, "observe": None}


def home_page(urls: Urls, works: list[tuple[WorkInfo, dict]], consultations: list | None = None) -> Page:
    groups = []
    for heading, kinds in KIND_GROUPS.items():
        members = [(info, summary) for info, summary in works if info.kind in kinds]
        if members:
            groups.append((heading, members))
    listed = {k for kinds in KIND_GROUPS.values() for k in kinds}
    rest = [(info, summary) for info, summary in works if info.kind not in listed]
    if rest:
        groups.append(("Otros instrumentos", rest))
    return urls.home(), _render("home.html", urls=urls, groups=groups, consultations=consultations or [],
                                page_url=urls.home())


def consultation_page(urls: Urls, consultation) -> Page:
    page = urls.consultation(consultation.proposal.id)
    return page, _render("consultation.html", urls=urls, k=consultation, change_names=CHANGE_NAMES, page_url=page)


def search_page(urls: Urls) -> Page:
    return urls.search(), _render("search.html", urls=urls, page_url=urls.search())


def not_found_page(urls: Urls) -> Page:
    return urls.prefix + "404.html", _render("404.html", urls=urls, page_url=urls.prefix + "404.html")


def summary(content: WorkContent) -> dict:
    """What the home page and the feed say of a work without loading it again."""
    current = content.current
    return {"date": current.date, "start": current.start, "versions": len(content.versions),
            "decree": current.info.decree}


def work_pages(urls: Urls, content: WorkContent, downloads: dict[str, list[tuple[str, str]]]) -> Iterator[Page]:
    """The text in force, each version, each change and each article's history."""
    work = content.info.work
    links = _links(urls, work)
    common = {"urls": urls, "c": content, "links": links, "downloads": downloads}
    yield urls.work(work), _render("text.html", v=content.current, in_force=True, page_url=urls.work(work),
                                   **common)
    for version in content.versions:
        yield urls.version(work, version.date), _render("text.html", v=version, in_force=False,
                                                        page_url=urls.version(work, version.date), **common)
    for change in content.changes:
        page = urls.change(work, change.new.date)
        yield page, _render("change.html", ch=change, change_names=CHANGE_NAMES, page_url=page, **common)
    for article in content.articles:
        yield article_page(urls, content, article, links)


def article_page(urls: Urls, content: WorkContent, article: Article, links: dict) -> Page:
    page = urls.article(content.info.work, article.eid)
    return page, _render("article.html", urls=urls, c=content, a=article, links=links, page_url=page,
                         citation=citation(urls, content, article))


def citation(urls: Urls, content: WorkContent, article: Article) -> str:
    """"Cite this provision": the provision, the work, the version in force and the address."""
    version = content.current if article.current is not None else \
        next(v.version for v in reversed(article.versions) if v.node is not None)
    label = _upper_first(article.label)
    where = urls.absolute(urls.provision(content.info.work, article.eid,
                                         None if version is content.current else version.date))
    pub = version.info.publication
    published = f", {pub.gazette}" + (f" núm. {pub.number}" if pub.number else "") + \
        (f", {spanish_date(pub.date)}" if pub.date else "") if pub else ""
    return (f"{label} {of_title(content.info.title)} (texto vigente desde el {spanish_date(version.start)}"
            f"{published}). {where}")
