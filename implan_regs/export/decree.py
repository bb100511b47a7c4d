"""The decree as published: the blocks of :func:`implan_regs.reform.decree.build_decree`, styled.

Centered bold title; the ARTÍCULO ÚNICO paragraph with its label in bold; the changed
provisions with bold article numbers, hanging fracciones, a fracción's own párrafos indented
under it (the block's depth, as the text decree writes them) and the elisions ("I. a III. …")
as their own paragraphs; the decree's TRANSITORIOS with bold ordinal labels. Nothing is
recomputed here: the text is the reform module's.
"""

from __future__ import annotations

import re

from ..model.numbers import ROMAN_NUMERAL_RE
from ..reform.decree import Block as DecreeBlock
from ..reform.decree import Decree
from ..reform.decree_reader import pipe_table
from . import oxml
from .base import Builder, table_xml
from .styles import POINT_STYLES, paragraph_style

_ROMAN_ELISION = re.compile(rf"^{ROMAN_NUMERAL_RE}\.")
_LETTER_ELISION = re.compile(r"^[a-zñ]\)")
_LABEL = re.compile(r"^(ARTÍCULO ÚNICO\.-|ART[IÍ]CULO [A-ZÁÉÍÓÚ]+\.-)\s*")


def build(decree: Decree, title: str) -> bytes:
    builder = Builder(title)
    for block in decree.blocks:
        builder.add(block_xml(block, builder.width))
    return builder.to_bytes()


def block_xml(block: DecreeBlock, width: int) -> str:
    style = block.style
    if style == "titulo":
        return oxml.paragraph(oxml.run(block.text), "DecretoTitulo")
    if style == "articulo-unico":
        return _labelled(block.text)
    if style == "contenedor":
        return oxml.paragraph(oxml.run(block.text), "Heading2")
    if style == "transitorios":
        return oxml.paragraph(oxml.run(block.text), "Transitorios")
    if style == "tabla":
        table = pipe_table(block.text)
        return table_xml(table, width)
    if style == "elision":
        return oxml.paragraph(oxml.run(block.text), _elision_style(block.text))
    if style in POINT_STYLES:
        num = (oxml.run(block.num) + oxml.tab()) if block.num else ""
        return oxml.paragraph(num + oxml.run(block.text), POINT_STYLES[style])
    if block.num:
        return oxml.paragraph(oxml.run(block.num, bold=True) + oxml.run(" " + block.text), "Articulo")
    return oxml.paragraph(oxml.run(block.text), paragraph_style(block.depth))


def _elision_style(text: str) -> str:
    """'I. a III. …' sits where fracciones sit, 'a) …' where incisos do; a bare '…' at the margin."""
    if _ROMAN_ELISION.match(text):
        return "Fraccion"
    if _LETTER_ELISION.match(text):
        return "Inciso"
    return "Elision"


def _labelled(text: str) -> str:
    m = _LABEL.match(text)
    if not m:
        return oxml.paragraph(oxml.run(text), "Articulo")
    return oxml.paragraph(oxml.run(m.group(1), bold=True) + oxml.run(" " + text[m.end():]), "Articulo")
