"""The consolidated text (texto vigente, or a proposal's draft) as a Word document.

A cover block (title, kind, version date, publication, entry into force, last decree), an
optional table of contents field, then the whole text in the styles of :mod:`.styles`:
títulos/capítulos/secciones as headings, article numbers in bold, hanging fracciones,
tables as tables, derogated placeholders, reform notes in small italics and the transitorios
of each decree under their own heading and subheading. Header: the title; footer: "Página X
de Y". The DOCX importer reads it back to the same document: the styles of points and
párrafos state their level and depth (:func:`.layout.exact_styles`).
"""

from __future__ import annotations

from ..model.dates import spanish_date
from ..model.tree import Document
from ..reform.model import Proposal
from . import oxml, styles
from .base import KIND_NAMES, Builder
from .layout import exact_styles, layout

TOC_PLACEHOLDER = "Índice: actualice este campo (clic derecho › Actualizar campo) para generarlo."


def cover_lines(doc: Document, proposal: Proposal | None = None) -> list[str]:
    """The lines under the title on the cover."""
    meta = doc.meta
    lines = [KIND_NAMES.get(meta.kind, meta.kind.capitalize())]
    if proposal is not None:
        lines.append(f"Proyecto: {proposal.title} (estado: {proposal.status})")
        if proposal.base:
            lines.append(f"Sobre el texto vigente del {spanish_date(proposal.base)}")
        return lines
    if meta.date:
        lines.append(f"Texto vigente: versión del {spanish_date(meta.date)}")
    pub = meta.publication
    if pub and pub.date:
        number = f", número {pub.number}" if pub.number else ""
        lines.append(f"Publicación: {pub.gazette}{number}, {spanish_date(pub.date)}")
    if meta.entry_into_force:
        lines.append(f"Entrada en vigor: {spanish_date(meta.entry_into_force)}")
    if meta.decree:
        lines.append(f"Última reforma: {meta.decree}")
    return lines


def build(doc: Document, *, proposal: Proposal | None = None, toc: bool = False) -> bytes:
    """The DOCX bytes of ``doc`` (a version in force, or ``proposal``'s draft)."""
    title = doc.meta.title
    builder = Builder(title)
    builder.para(title, "Title")
    for line in cover_lines(doc, proposal):
        builder.para(line, "Portada")
    if toc:
        builder.add(oxml.page_break(), oxml.paragraph(oxml.run("ÍNDICE"), "DecretoTitulo"),
                    oxml.toc("1-3", TOC_PLACEHOLDER))
    builder.add(oxml.page_break())
    blocks = exact_styles(layout(doc))
    styles.install_variants(builder.document, {b.style for b in blocks})
    builder.blocks(blocks)
    return builder.to_bytes()
