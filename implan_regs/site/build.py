"""Building the portal: pages, downloads, feed, search index and link check, incrementally.

The site folder holds ``.implan-sitio.json``, the build manifest: for every work the SHA-256 of
its inputs (work.json, every version's XML, the base URL and the portal's own code and
templates), the files its pages were written to, and what the home page and the feed say of
it. A build renders again only the works whose hash changed (or that were never built),
removes the files of works no longer published, and always rewrites the shared pages (home,
search, feed), re-runs the search indexer when a work changed and checks every internal link of
the pages it wrote (a page links only inside its own work and to the shared pages). Files are written
with :func:`implan_regs.fsio.atomic_write` (atomic; not fsynced one by one: the site is derived).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ImplanError, InputError
from ..fsio import atomic_write
from ..store import Store, WorkInfo
from . import feed, linkcheck, pages
from .consultation import in_consultation
from .content import WorkContent, work_content
from .searchindex import BUNDLE, build_index, index_report
from .urls import ASSETS, Urls

MANIFEST = ".implan-sitio.json"
FORMAT = 1
HERE = Path(__file__).resolve().parent
#: Files copied to recursos/: the web application's stylesheet and the portal's own assets.
ASSET_SOURCES = {"style.css": HERE.parent / "web" / "static" / "style.css",
                 "portal.css": HERE / "static" / "portal.css", "buscar.js": HERE / "static" / "buscar.js"}


class BrokenLinksError(ImplanError):
    """The build produced internal links that lead nowhere."""


@dataclass
class BuildReport:
    works: int = 0
    rebuilt: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    files: int = 0  # files written by this build
    seconds: float = 0.0
    site_bytes: int = 0
    index_bytes: int = 0
    index_pages: int = 0

    def to_json(self) -> dict:
        return dict(self.__dict__)


def _code_hash() -> str:
    """The portal's own code and templates: a change to them rebuilds every work."""
    digest = hashlib.sha256()
    web = HERE.parent / "web"
    for path in sorted([*HERE.rglob("*.py"), *HERE.rglob("*.html"), *HERE.rglob("*.css"), *HERE.rglob("*.js"),
                        web / "templates" / "_macros.html", web / "marks.py", web / "static" / "style.css"]):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def _input_hash(store: Store, work: str, salt: str) -> str:
    digest = hashlib.sha256(salt.encode())
    folder = store.work_dir(work)
    for path in [folder / "work.json", *store.glob(folder / "expressions", "spa@*.xml")]:
        digest.update(path.name.encode() + b"\0" + store.read_bytes(path))
    return digest.hexdigest()


def _read_manifest(out: Path) -> dict:
    path = out / MANIFEST
    if not path.is_file():
        if out.is_dir() and any(out.iterdir()):
            raise InputError("la carpeta no está vacía y no es un sitio generado por implan-regs; "
                             "elija otra carpeta", path=out)
        return {"format": FORMAT, "works": {}}
    try:
        data = json.loads(path.read_text("utf-8"))
    except ValueError:
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("works", {}), dict):
        raise InputError(f"el manifiesto del sitio ({MANIFEST}) está dañado; borre la carpeta y genere "
                         "el sitio de nuevo", path=out)
    return data if data.get("format") == FORMAT and "works" in data else {"format": FORMAT, "works": {}}


class _Writer:
    def __init__(self, out: Path, urls: Urls, sources: Path | None = None):
        self.out, self.urls, self.count = out, urls, 0
        self.sources = sources  # the folder of the original PDFs, when given
        self.pages: list[str] = []  # the HTML pages and the feed written: what the link check reads

    def page(self, url: str, data: bytes) -> str:
        rel = self.file(self.urls.file(url), data)
        self.pages.append(rel)
        return rel

    def file(self, rel: str, data: bytes) -> str:
        atomic_write(self.out / rel, data, durable=False)  # derived: rebuilt at will, no fsync per page
        self.count += 1
        return rel


def _downloads(writer: _Writer, store: Store, content: WorkContent) -> tuple[dict, list[str]]:
    """Each version's Akoma Ntoso XML and consolidated DOCX, written under <work>/descargas/."""
    from ..export.consolidated import build as docx

    urls, work = writer.urls, content.info.work
    links: dict[str, list[tuple[str, str]]] = {}
    written = []
    for version in content.versions:
        stem = f"{work}@{version.date}"
        written.append(writer.file(urls.file(urls.download(work, stem + ".xml")), store.read_bytes(version.info.path)))
        written.append(writer.file(urls.file(urls.download(work, stem + ".docx")), docx(version.doc, toc=True)))
        links[version.date] = [("Texto consolidado (DOCX)", urls.download(work, stem + ".docx")),
                               ("Akoma Ntoso (XML)", urls.download(work, stem + ".xml"))]
        original = _original(writer.sources, version.doc.meta.source)
        if original is not None:
            written.append(writer.file(urls.file(urls.download(work, stem + ".pdf")), original.read_bytes()))
            links[version.date].append(("Documento original (PDF)", urls.download(work, stem + ".pdf")))
    return links, written


def _original(sources: Path | None, name: str | None) -> Path | None:
    """The PDF a version was imported from, found by its file name in ``sources``."""
    if sources is None or not name or Path(name).suffix.lower() != ".pdf":
        return None
    path = sources / Path(name).name
    return path if path.is_file() else None


def _sources_fingerprint(sources: Path | None) -> str:
    """Names, sizes and times of the originals: a change there rebuilds the works (their download lists)."""
    if sources is None:
        return ""
    if not sources.is_dir():
        raise InputError("no existe la carpeta de documentos originales", path=sources)
    return "|".join(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}"
                    for p in sorted(sources.iterdir()) if p.suffix.lower() == ".pdf")


def _feed_entries(content: WorkContent) -> list[dict]:
    out = []
    labels = {a.eid: a.label for a in content.articles}
    for i, version in enumerate(content.versions):
        change = content.change_into(version.date)
        changed = [(labels.get(eid, eid), eid) for eid in (change.changed_eids if change else [])]
        out.append(feed.Entry(content.info.work, content.info.title, version.date, version.start, version.uri,
                              version.info.decree, changed, first=i == 0).to_json())
    return out


def _build_work(writer: _Writer, store: Store, work: str) -> dict:
    content = work_content(store, work)
    downloads, written = _downloads(writer, store, content)
    for url, data in pages.work_pages(writer.urls, content, downloads):
        written.append(writer.page(url, data))
    return {"files": written, "summary": pages.summary(content), "feed": _feed_entries(content)}


def _remove(out: Path, rel_files: list[str]) -> None:
    """Delete files of an earlier build, and the folders they leave empty."""
    folders: set[Path] = set()
    for rel in rel_files:
        (out / rel).unlink(missing_ok=True)
        folders.update(out / parent for parent in Path(rel).parents if str(parent) != ".")
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


def build_site(store: Store, out: Path | str, *, base_url: str | None = None, works: list[str] | None = None,
               search: bool = True, consultation: bool = False, sources: Path | str | None = None,
               progress: Callable[[str], None] | None = None) -> BuildReport:
    """Build (or update) the portal of ``store`` in ``out``; raise BrokenLinksError on a broken link.

    ``consultation``: also publish the proposals in public consultation (:mod:`.consultation`).
    ``sources``: a folder holding the PDFs versions were imported from (found by file name), offered
    for download beside the DOCX and the XML.
    """
    started = time.perf_counter()
    out = Path(out)
    urls = Urls(base_url)
    manifest = _read_manifest(out)
    infos = _published_works(store, works)
    out.mkdir(parents=True, exist_ok=True)
    writer = _Writer(out, urls, Path(sources) if sources is not None else None)
    report = BuildReport(works=len(infos))
    built = _update_works(writer, store, infos, manifest, report, progress)
    consultations = in_consultation(store, set(infos)) if consultation else []
    _shared_pages(writer, [(infos[w], built[w]) for w in sorted(infos, key=lambda w: infos[w].title)], consultations)
    proposals = [writer.page(urls.consultation(c.proposal.id), pages.consultation_page(urls, c)[1])
                 for c in consultations]
    _remove(out, sorted(set(manifest.get("consultation", [])) - set(proposals)))
    indexed = search and (bool(report.rebuilt or report.removed) or not manifest.get("search")
                          or not (out / BUNDLE).is_dir())
    if not search:
        shutil.rmtree(out / BUNDLE, ignore_errors=True)  # an index of other pages would mislead
    atomic_write(out / MANIFEST, json.dumps({"format": FORMAT, "search": search, "works": built,
                                             "consultation": proposals}, ensure_ascii=False))
    if search:
        index = build_index(out) if indexed else index_report(out)
        report.index_pages, report.index_bytes = index.pages, index.bytes
    # Pages link only inside their own work and to the shared pages: the pages of an unchanged
    # work were checked when they were written, and every shared page is written (and checked) again.
    broken = linkcheck.broken_links(out, urls, writer.pages)
    if broken:
        raise BrokenLinksError(linkcheck.describe(broken), path=out)
    report.files = writer.count
    report.site_bytes = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _published_works(store: Store, works: list[str] | None) -> dict[str, WorkInfo]:
    """The works the site shows (all, or those named), each with at least one version."""
    infos = {info.work: info for info in store.works()}
    if works:
        unknown = [w for w in works if w not in infos]
        if unknown:
            raise InputError("obra inexistente en el acervo", path=unknown[0])
        infos = {w: infos[w] for w in works}
    return {w: info for w, info in infos.items() if store.expressions(w)}


def _update_works(writer: _Writer, store: Store, infos: dict[str, WorkInfo], manifest: dict, report: BuildReport,
                  progress: Callable[[str], None] | None) -> dict[str, dict]:
    """Render the works whose inputs changed, drop the ones no longer published; the new manifest entries."""
    out = writer.out
    salt = f"{_code_hash()}|{writer.urls.base_url or ''}|{_sources_fingerprint(writer.sources)}"
    built: dict[str, dict] = {}
    for work, entry in manifest["works"].items():
        if work not in infos:
            _remove(out, entry.get("files", []))
            report.removed.append(work)
    for work in sorted(infos):
        digest = _input_hash(store, work, salt)
        previous = manifest["works"].get(work)
        if previous and previous.get("hash") == digest and all((out / f).is_file() for f in previous["files"]):
            built[work] = previous
            continue
        if progress:
            progress(work)
        entry = _build_work(writer, store, work)
        if previous:
            _remove(out, sorted(set(previous.get("files", [])) - set(entry["files"])))
        built[work] = {"hash": digest, **entry}
        report.rebuilt.append(work)
    return built


def _shared_pages(writer: _Writer, works: list[tuple[WorkInfo, dict]], consultations: list) -> None:
    urls = writer.urls
    for url, data in (pages.home_page(urls, [(info, entry["summary"]) for info, entry in works], consultations),
                      pages.search_page(urls), pages.not_found_page(urls)):
        writer.page(url, data)
    entries = [feed.Entry(**{**e, "changed": [tuple(c) for c in e["changed"]]}) for _, entry in works
               for e in entry["feed"]]
    writer.page(urls.feed(), feed.atom(urls, entries))
    for name, source in ASSET_SOURCES.items():
        writer.file(f"{ASSETS}/{name}", source.read_bytes())
