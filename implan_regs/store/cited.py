"""One cited provision of a stored version, parsed on its own (issue 16.4).

``show --provision`` on a 100,000-provision regulation used to parse the whole expression to
print one fracción. A citation names its article first, and an article's eId is its number
(:mod:`implan_regs.model.eid`), so the article is read alone
(:func:`implan_regs.model.akn.read_provision`) and the rest of the citation is resolved inside
it; anything else (a chapter, a transitorio, an article the fast path cannot place) falls back
to the whole document, with the same answer and the same errors.
"""

from __future__ import annotations

import mmap
from collections.abc import Callable
from pathlib import Path

from ..errors import NotFoundError
from ..model.akn import from_xml, read_meta, read_provision
from ..model.citation import EID_RE, parse_citation, resolve
from ..model.eid import PREFIX, assign_eids, clean_key
from ..model.tree import Document, DocumentMeta, Provision


def load_cited(store, work: str, date: str | None, citation: str) -> tuple[DocumentMeta, Provision]:
    """The metadata of ``work``'s version ``date`` (the latest when None) and the provision
    ``citation`` names in it; NotFoundError as :func:`~implan_regs.model.citation.resolve` raises."""
    meta, node = cited(store, work, date, citation)
    return meta(), node


def cited(store, work: str, date: str | None, citation: str) -> tuple[Callable[[], DocumentMeta], Provision]:
    """Like :func:`load_cited`, with the metadata read only if asked for (printing one provision
    as text needs none of it)."""
    path = store.expression_path(work, date) if date else _latest(store, work)
    if not store.is_file(path):
        store.load(work, date)  # the store's own "no such version" error
    data = store.read_mapped(path)
    node = _alone(data, citation, path)
    if node is not None:
        return (lambda: read_meta(data[:], source=path)), node
    doc = from_xml(data[:], source=path)
    return (lambda: doc.meta), resolve(doc, citation)


def _latest(store, work: str) -> Path:
    """The latest version's file: versions are named by date, so the last name is the latest."""
    store.work(work)  # the store's own "no such work" error
    paths = store.glob(store.work_dir(work) / "expressions", "spa@*.xml")
    if not paths:
        raise NotFoundError("la obra no tiene versiones", path=work)
    return paths[-1]


def _alone(data: bytes | mmap.mmap, citation: str, path: Path) -> Provision | None:
    text = citation.strip()
    if EID_RE.match(text):
        return read_provision(data, text, source=path)
    parts = parse_citation(text)
    if not parts or parts[0][0] != "article":
        return None
    key = parts[0][1]
    article = read_provision(data, f"{PREFIX['article']}_{clean_key(key)}", source=path)
    if article is None or article.kind != "article" or article.key != key:
        return None
    assign_eids([article])  # inside an article eIds are scoped to it: the same as in the whole document
    try:
        return resolve(Document(DocumentMeta("", "", ""), body=[article]), text)
    except NotFoundError:
        return None  # the whole document gives the real answer (or the real error)
