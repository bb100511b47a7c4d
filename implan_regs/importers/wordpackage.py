"""The XML parts of a Word file that the review round trip reads, through the one hardened path.

:func:`open_package` checks the container first (:func:`.docx.check_container`: ZIP sanity,
zip-bomb limits, no DTDs), then parses the parts it needs with
:func:`implan_regs.xmlsafe.parse_xml`: the body, the comments and their threads
(``comments.xml``, ``commentsExtended.xml``) and our table of bookmark names
(:mod:`implan_regs.wordanchors`, found in any ``customXml/*.xml`` part, whatever name an office
suite gave it on saving).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import InputError
from ..wordanchors import is_table, read_table
from ..xmlsafe import parse_xml
from .docx import check_container


@dataclass
class Package:
    path: Path
    document: etree._Element
    comments: etree._Element | None = None
    comments_extended: etree._Element | None = None
    anchors: dict[str, str] = field(default_factory=dict)  # bookmark name -> eId


def open_package(path: Path | str) -> Package:
    """The parsed parts of the DOCX at ``path`` (refused with a one-line error when unsafe)."""
    path = Path(path)
    if not path.is_file():
        raise InputError("no existe el archivo", path=path)
    check_container(path)
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())

            def part(name: str) -> etree._Element | None:
                return parse_xml(zf.read(name), source=f"{path}!{name}") if name in names else None

            package = Package(path, part("word/document.xml"), part("word/comments.xml"),
                              part("word/commentsExtended.xml"))
            for name in sorted(n for n in names if n.startswith("customXml/") and n.endswith(".xml")):
                root = part(name)
                if root is not None and is_table(root):
                    package.anchors.update(read_table(root))
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"no es un archivo DOCX válido ({exc})", path=path) from None
    return package
