"""The single hardened lxml parser configuration for untrusted XML.

Every XML that comes from outside (imported AKN, DOCX parts, stored files read back)
goes through :func:`parse_xml`. Entities are not resolved, no DTD is loaded, no network
access is allowed and ``huge_tree`` stays off, so XXE and "billion laughs" inputs fail
with a clear :class:`~implan_regs.errors.InputError` instead of being expanded.

>>> parse_xml(b"<a><b/></a>").tag
'a'
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from .errors import InputError

#: Largest XML we accept, in bytes (a 2,000-article regulation is ~3 MB).
MAX_XML_BYTES = 64 * 1024 * 1024


#: Deepest element nesting libxml2 accepts without ``huge_tree`` (deeper input is refused).
MAX_DEPTH = 256

#: The one parser configuration (used by :func:`parse_xml` and :func:`iter_elements`).
PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "load_dtd": False, "dtd_validation": False,
                  "huge_tree": False}


def _parser() -> etree.XMLParser:
    return etree.XMLParser(remove_comments=False, **PARSER_OPTIONS)


_DECLARATIONS = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def _refuse(data: bytes, source: object) -> None:
    """Size limit, and no DTD or entity declarations at all (checked before any parsing)."""
    if len(data) > MAX_XML_BYTES:
        raise InputError(f"XML demasiado grande ({len(data)} bytes; máximo {MAX_XML_BYTES})", path=source)
    if _DECLARATIONS.search(data):
        raise InputError("XML con DTD o entidades declaradas: no se acepta por seguridad", path=source)


def iter_elements(data: bytes, *, tag: str, source: object = "<xml>"):
    """Yield each completed ``tag`` element in document order (stop early to read only a prefix)."""
    import io

    _refuse(data, source)
    try:
        for _, element in etree.iterparse(io.BytesIO(data), events=("end",), tag=tag, **PARSER_OPTIONS):
            yield element
    except etree.XMLSyntaxError as exc:
        raise InputError(f"XML mal formado: {exc.msg}", path=source) from None


def _reason(message: str) -> str:
    """libxml2's reason in Spanish where the user can act on it (too deep a tree: a hostile file)."""
    if "Excessive depth" in message:
        return f"anidamiento excesivo (más de {MAX_DEPTH} niveles)"
    return message


def parse_xml(data: bytes, *, source: object = "<xml>") -> etree._Element:
    """Parse ``data`` safely; refuse DTDs and entity declarations outright."""
    _refuse(data, source)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise InputError(f"XML mal formado: {_reason(exc.msg)}", path=source) from None
    if root is None:
        raise InputError("XML vacío", path=source)
    return root


def parse_xml_file(path: Path | str) -> etree._Element:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"no se puede leer: {exc.strerror}", path=path) from None
    return parse_xml(data, source=path)
