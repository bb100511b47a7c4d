"""How a provision's eId travels inside a Word file: written by the review export, read back by
the Word imports (tracked changes, comments). Both sides share this vocabulary, so neither
depends on the other.

Every provision of a review copy is a bookmark (``w:bookmarkStart``/``w:bookmarkEnd``) spanning
its paragraphs. Word wants bookmark names of at most 40 characters, starting with a letter,
made of letters, digits and ``_``. An eId that already fits is its own name (so the mapping
survives even if the table below is lost); any other gets ``h`` + 16 hex digits of its SHA-1,
and the table of those names is stored in a custom XML part of the package
(``customXml/implanAnchors.xml``, namespace :data:`NS`), which Word and LibreOffice keep.

>>> bookmark_name("art_45__para_2__point_III")
'art_45__para_2__point_III'
>>> name = bookmark_name("art_22__para_1__point_III__point_a__point_1")
>>> len(name), name[0]
(17, 'h')
>>> table = anchor_table(["art_22__para_1__point_III__point_a__point_1", "art_1"])
>>> read_table(table)[name]
'art_22__para_1__point_III__point_a__point_1'
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from lxml import etree

NS = "urn:implan-regs:word-anchors:1.0"
#: Where the table of long names lives in the package, and how the document part relates to it.
PART_NAME = "/customXml/implanAnchors.xml"
RELTYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
MAX_NAME = 40
_LITERAL = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}")


def bookmark_name(eid: str) -> str:
    """The bookmark name of ``eid`` (the eId itself when Word accepts it, else a short hash)."""
    if _LITERAL.fullmatch(eid):
        return eid
    return "h" + hashlib.sha1(eid.encode("utf-8")).hexdigest()[:16]


def anchor_table(eids: Iterable[str]) -> bytes:
    """The custom XML part naming every hashed bookmark (literal names need no entry)."""
    root = etree.Element(f"{{{NS}}}anchors", nsmap={None: NS})
    for eid in eids:
        name = bookmark_name(eid)
        if name != eid:
            etree.SubElement(root, f"{{{NS}}}anchor", name=name, eId=eid)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def read_table(data: bytes | etree._Element) -> dict[str, str]:
    """Bookmark name -> eId from a table part (already parsed, or bytes of a trusted export)."""
    root = data if isinstance(data, etree._Element) else etree.fromstring(data)
    if root.tag != f"{{{NS}}}anchors":
        return {}
    return {el.get("name"): el.get("eId") for el in root.iter(f"{{{NS}}}anchor") if el.get("name") and el.get("eId")}


def is_table(root: etree._Element) -> bool:
    return root.tag == f"{{{NS}}}anchors"


def eid_of(name: str, table: dict[str, str], known: set[str] | None = None) -> str | None:
    """The eId a bookmark name stands for: from the table, else the name itself when it is an eId
    of the text (``known``; None accepts any literal-looking name)."""
    if name in table:
        return table[name]
    if not _LITERAL.fullmatch(name) or "_" not in name:
        return None
    return name if known is None or name in known else None
