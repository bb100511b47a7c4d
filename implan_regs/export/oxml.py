"""Low-level WordprocessingML for what python-docx has no API for.

The exports build the document body as XML text (one string per paragraph or table) and
insert it in one parse: that is what keeps a 1,000-article export fast, and it gives full
control over the markup python-docx does not model: tracked changes (``w:ins`` / ``w:del``
with ``w:author`` and ``w:date``, ``w:delText`` inside deletions, inserted or deleted
paragraph marks and table rows), complex fields (``PAGE``, ``NUMPAGES``, ``TOC``),
repeating header rows and landscape sections.

Every builder returns a string of WordprocessingML using the ``w:`` prefix without
declaring it; :func:`parse_fragment` wraps the strings in one element that declares it.

>>> run("a < b", bold=True)
'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">a &lt; b</w:t></w:r>'
>>> ids = Revisions("Lic. Ana", "2021-03-01T10:00:00Z")
>>> ids.deleted(run("vieja", deleted=True))[:40]
'<w:del w:id="1" w:author="Lic. Ana" w:da'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dc_field
from xml.sax.saxutils import escape, quoteattr

from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.oxml.ns import qn

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_INVALID_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def text_xml(text: str) -> str:
    """Text safe inside an XML element (control characters Word refuses are dropped)."""
    return escape(_INVALID_XML.sub("", text))


def attr(value: str) -> str:
    return quoteattr(_INVALID_XML.sub("", value))


# ------------------------------------------------------------------ runs and paragraphs

def run_props(*, bold: bool = False, italic: bool = False, strike: bool = False, size: float | None = None,
              underline: bool = False) -> str:
    """A ``w:rPr`` in schema order (empty string when nothing is set)."""
    parts = []
    if bold:
        parts.append("<w:b/>")
    if italic:
        parts.append("<w:i/>")
    if strike:
        parts.append("<w:strike/>")
    if size:
        half_points = int(round(size * 2))
        parts.append(f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')
    if underline:
        parts.append('<w:u w:val="single"/>')
    props = "".join(parts)
    return f"<w:rPr>{props}</w:rPr>" if props else ""


def run(text: str, *, deleted: bool = False, **props) -> str:
    """One run; ``deleted`` writes ``w:delText`` (the run must then sit inside ``w:del``)."""
    tag = "w:delText" if deleted else "w:t"
    return f'<w:r>{run_props(**props)}<{tag} xml:space="preserve">{text_xml(text)}</{tag}></w:r>'


def line_break() -> str:
    return "<w:r><w:br/></w:r>"


def tab() -> str:
    return "<w:r><w:tab/></w:r>"


def paragraph(content: str, style: str | None = None, *, align: str | None = None, mark: str = "",
              keep_next: bool = False, page_break_before: bool = False) -> str:
    """A ``w:p``; ``mark`` is a tracked change of the paragraph mark (see :class:`Revisions`)."""
    ppr = []
    if style:
        ppr.append(f'<w:pStyle w:val="{style}"/>')
    if keep_next:
        ppr.append("<w:keepNext/>")
    if page_break_before:
        ppr.append("<w:pageBreakBefore/>")
    if align:
        ppr.append(f'<w:jc w:val="{align}"/>')
    if mark:
        ppr.append(f"<w:rPr>{mark}</w:rPr>")
    props = f"<w:pPr>{''.join(ppr)}</w:pPr>" if ppr else ""
    return f"<w:p>{props}{content}</w:p>"


def with_mark(paragraph_xml: str, mark: str) -> str:
    """A paragraph (from :func:`paragraph`, its mark not tracked yet) with ``mark`` as its paragraph
    mark's tracked change."""
    if paragraph_xml.startswith("<w:p><w:pPr>"):
        end = paragraph_xml.index("</w:pPr>")
        return f"{paragraph_xml[:end]}<w:rPr>{mark}</w:rPr>{paragraph_xml[end:]}"
    return f"<w:p><w:pPr><w:rPr>{mark}</w:rPr></w:pPr>{paragraph_xml[len('<w:p>'):]}"


def page_break() -> str:
    return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


# ------------------------------------------------------------------ fields

def field(instruction: str, placeholder: str = "", *, dirty: bool = False, **props) -> str:
    """A complex field (``PAGE``, ``NUMPAGES``, ``TOC …``) with a cached result to show until updated;
    ``dirty`` asks the word processor to recompute it on opening."""
    rpr = run_props(**props)
    flag = ' w:dirty="true"' if dirty else ""
    return (f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"{flag}/></w:r>'
            f'<w:r>{rpr}<w:instrText xml:space="preserve"> {text_xml(instruction)} </w:instrText></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
            f'{run(placeholder, **props) if placeholder else ""}'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>')


def toc(levels: str = "1-3", placeholder: str = "") -> str:
    """A table of contents field over heading levels ``levels`` (Word and LibreOffice fill it)."""
    return paragraph(field(f'TOC \\o "{levels}" \\h \\z \\u', placeholder, dirty=True))


# ------------------------------------------------------------------ tracked changes

@dataclass
class Revisions:
    """Author, date and the running ``w:id`` of every tracked change of one document."""

    author: str
    date: str
    next_id: int = 1
    count: dict[str, int] = dc_field(default_factory=dict)

    def _attrs(self, kind: str) -> str:
        ident, self.next_id = self.next_id, self.next_id + 1
        self.count[kind] = self.count.get(kind, 0) + 1
        return f'w:id="{ident}" w:author={attr(self.author)} w:date="{self.date}"'

    def inserted(self, runs: str) -> str:
        return f"<w:ins {self._attrs('ins')}>{runs}</w:ins>" if runs else ""

    def deleted(self, runs: str) -> str:
        return f"<w:del {self._attrs('del')}>{runs}</w:del>" if runs else ""

    def inserted_mark(self) -> str:
        """Content of a paragraph mark's ``w:rPr``: the paragraph itself was inserted."""
        return f"<w:ins {self._attrs('ins-mark')}/>"

    def deleted_mark(self) -> str:
        return f"<w:del {self._attrs('del-mark')}/>"

    def moved(self, runs: str, side: str) -> str:
        """Runs moved away (``side`` "moveFrom": text stays in ``w:t``) or moved here ("moveTo")."""
        return f"<w:{side} {self._attrs(side)}>{runs}</w:{side}>" if runs else ""

    def moved_mark(self, side: str) -> str:
        return f"<w:{side} {self._attrs(side + '-mark')}/>"

    def move_range(self, side: str, name: str) -> tuple[str, str]:
        """The named range Word pairs a move's source and destination with (start, end markup)."""
        ident, self.next_id = self.next_id, self.next_id + 1
        return (f'<w:{side}RangeStart w:id="{ident}" w:author={attr(self.author)} w:date="{self.date}" '
                f'w:name="{name}"/>', f'<w:{side}RangeEnd w:id="{ident}"/>')

    def row_mark(self, kind: str) -> str:
        """``w:trPr`` content for an inserted (``ins``) or deleted (``del``) table row."""
        return f"<w:{kind} {self._attrs(kind + '-row')}/>"


# ------------------------------------------------------------------ tables

@dataclass
class Cell:
    content: str  # one or more w:p
    shade: str | None = None  # fill colour, e.g. "D9D9D9"
    across: int = 1  # grid columns this cell spans (w:gridSpan)
    merge: str | None = None  # vertical merge: "restart" (first cell) or "continue" (covered below it)


def header_cells(headers: Iterable[str], shade: str = "BFBFBF") -> list[Cell]:
    """A table's header row: each heading in the header cell style, shaded."""
    return [Cell(paragraph(run(h), "CeldaEncabezado"), shade) for h in headers]


def table(rows: list[list[Cell]], widths: list[int], *, header_rows: int = 0, style: str = "TableGrid",
          row_marks: list[str] | None = None) -> str:
    """A ``w:tbl`` with fixed column widths (twips); the first ``header_rows`` repeat on every page.

    ``row_marks`` gives, per row, ``w:trPr`` content such as a tracked insertion.
    """
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    total = sum(widths)
    out = [f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:w="{total}" w:type="dxa"/>'
           '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
           'w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
           f"<w:tblGrid>{grid}</w:tblGrid>"]
    for index, row in enumerate(rows):
        trpr = "<w:cantSplit/>" if index < header_rows else ""
        if index < header_rows:
            trpr += "<w:tblHeader/>"
        if row_marks:
            trpr += row_marks[index]
        out.append(f"<w:tr>{f'<w:trPr>{trpr}</w:trPr>' if trpr else ''}")
        column = 0
        for cell in row:
            if column >= len(widths):
                break
            width = sum(widths[column:column + cell.across])
            span = f'<w:gridSpan w:val="{cell.across}"/>' if cell.across > 1 else ""
            merge = {"restart": '<w:vMerge w:val="restart"/>', "continue": "<w:vMerge/>"}.get(cell.merge or "", "")
            shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{cell.shade}"/>' if cell.shade else ""
            content = cell.content or paragraph("")
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{merge}{shade}</w:tcPr>'
                       f'{content}</w:tc>')
            column += cell.across
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


# ------------------------------------------------------------------ into a python-docx document

def parse_fragment(parts: list[str]):
    """Parse body XML strings into python-docx elements (one parse for the whole body)."""
    root = parse_xml(f'<w:body xmlns:w="{W_NS}">{"".join(parts)}</w:body>')
    return list(root)


def append_body(document, parts: list[str]) -> None:
    """Insert the elements before the body's final ``w:sectPr``."""
    body = document.element.body
    sect = body.find(qn("w:sectPr"))
    for element in parse_fragment(parts):
        if sect is not None:
            sect.addprevious(element)
        else:
            body.append(element)


def set_paragraph_xml(paragraph_obj, content: str) -> None:
    """Replace a python-docx paragraph's runs with ``content`` (header and footer paragraphs)."""
    p = paragraph_obj._p
    for child in list(p):
        if child.tag != qn("w:pPr"):
            p.remove(child)
    for element in parse_fragment([f"<w:p>{content}</w:p>"])[0]:
        p.append(element)


def set_landscape(section) -> None:
    """Turn a section to landscape (swap the page size; python-docx only flags the orientation)."""
    if section.orientation != WD_ORIENT.LANDSCAPE:
        width, height = section.page_width, section.page_height
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = max(width, height), min(width, height)


def set_language(styles_element, lang: str = "es-MX") -> None:
    """Default proofing language of the document (``w:docDefaults/w:rPrDefault``)."""
    defaults = styles_element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
    if rpr is None:
        return
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    rpr.append(parse_xml(f'<w:lang xmlns:w="{W_NS}" w:val="{lang}" w:eastAsia="{lang}" w:bidi="ar-SA"/>'))


# ------------------------------------------------------------------ bookmarks

def bookmark_start(ident: int, name: str) -> str:
    return f'<w:bookmarkStart w:id="{ident}" w:name={attr(name)}/>'


def bookmark_end(ident: int) -> str:
    return f'<w:bookmarkEnd w:id="{ident}"/>'


def around_content(xml: str, opening: str, closing: str) -> str:
    """``xml`` (a paragraph or a table) with ``opening`` placed before the content of its first
    paragraph and ``closing`` after the content of its last one."""
    if opening:
        start = xml.index("<w:p>") + len("<w:p>")
        if xml.startswith("<w:pPr>", start):
            start = xml.index("</w:pPr>", start) + len("</w:pPr>")
        xml = xml[:start] + opening + xml[start:]
    if closing:
        end = xml.rindex("</w:p>")
        xml = xml[:end] + closing + xml[end:]
    return xml
