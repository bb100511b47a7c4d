"""The public portal: the whole corpus as a static website citizens can read, cite and search.

``implan-regs site build -o sitio/`` writes plain files any web host serves: the text in force of
every work with its table of contents, each version as it stood ("vigente del … al …"), what
changed between consecutive versions (the diff with word marks and the decree), each article's
history and "cómo citar", downloads (consolidated DOCX, Akoma Ntoso XML), an Atom feed of the
reforms published and a search index in Spanish that runs in the browser (Pagefind). No page
needs JavaScript to be read. The URL scheme is in docs/portal.md (:mod:`.urls`).

The portal only reads the store through the library (:mod:`implan_regs.store`, the diff, the
decree generator, the exports) and writes through :func:`implan_regs.fsio.atomic_write`:

===============  ==================================================================================
content          what a work's pages show: versions and their periods, changes, article histories
pages            the HTML pages (Jinja; the web application's provision macros are reused)
urls             the URL scheme: addresses, files, absolute addresses
feed             the Atom feed
searchindex      Pagefind over the built site
linkcheck        every internal link and anchor of the built site leads somewhere
build            the incremental build (a manifest of input hashes per work)
serve            a local preview server (127.0.0.1)
===============  ==================================================================================
"""

from __future__ import annotations

from .build import BrokenLinksError, BuildReport, build_site

__all__ = ["BrokenLinksError", "BuildReport", "build_site"]
