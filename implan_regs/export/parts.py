"""Package parts python-docx has no API for: a custom XML part related from the document.

>>> import docx
>>> document = docx.Document()
>>> part = add_custom_xml(document, b'<a xmlns="urn:x"/>')
>>> str(part.partname), part.blob
('/customXml/implanAnchors.xml', b'<a xmlns="urn:x"/>')
"""

from __future__ import annotations

from docx.opc.packuri import PackURI
from docx.opc.part import Part

from ..wordanchors import PART_NAME, RELTYPE


def add_custom_xml(document, blob: bytes, partname: str = PART_NAME) -> Part:
    """Store ``blob`` as a custom XML part of ``document``'s package (kept by Word and LibreOffice)."""
    part = Part(PackURI(partname), "application/xml", blob, document.part.package)
    document.part.relate_to(part, RELTYPE)
    return part
