"""Real Word styles for the exports: what a Mexican legal department's documents use.

Every paragraph of an export carries one of these styles, so a lawyer can restyle the whole
document in Word at once, Word's navigation pane and table of contents see the structure
(títulos, capítulos and secciones are the built-in *Heading 1–3*), and the DOCX importer gets
the same text back. Styles are defined by their ``w:pPr``/``w:rPr`` XML (python-docx's default
template gives the built-in headings theme fonts and a blue colour, which are replaced).

Indentation (twips; 567 = 1 cm): a fracción hangs its number 0.9 cm left of its text, an inciso
sits one step deeper, a numeral two; paragraphs inside a fracción align with its text.

The styles of points and paragraphs also state the structure, so that the DOCX importer reads
a consolidated export back to the same tree without guessing (the vocabulary lives in
:mod:`implan_regs.wordstyles`, shared with the importer). A point
style names the level (*Fracción*, *Apartado*, *Inciso*, *Numeral*, *Subinciso*) and, by
default, the depth its indentation shows (a fracción in the article, an inciso in a fracción,
a numeral in an inciso...); a párrafo style names how many points enclose it (*Párrafo*, *Párrafo
de fracción*, *de inciso*, *de numeral*). A point or párrafo at another depth gets a variant
that only adds the depth to the name and inherits everything else, so it looks the same:
*Inciso (nivel 1)* is an inciso directly in the article, *Párrafo (nivel 5)* a párrafo inside
four points. Only the variants a document uses are defined in it (:func:`install_variants`).

>>> from implan_regs.wordstyles import structure_of, structure_style
>>> structure_style("Inciso", "point", 0), structure_style("Inciso", "point", 1)
('IncisoNivel1', 'Inciso')
>>> structure_of("Inciso (nivel 1)"), structure_of("Párrafo de fracción"), structure_of("Normal")
(('point', 0, 'inciso'), ('paragraph', 1, None), None)
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from ..wordstyles import PARAGRAPH_STYLES, STYLE_NAMES, VARIANT_ID, variant_name
from .oxml import W_NS, set_language

FONT = "Arial"
STEP = 567  # one indentation step (1 cm)
HANG = 510  # hanging indent of a numbered point's label


@dataclass(frozen=True)
class StyleSpec:
    style_id: str
    name: str
    ppr: str
    rpr: str = ""
    based_on: str = "Normal"
    builtin: bool = False
    quick: bool = True  # shown in Word's style gallery (w:qFormat)


def _ind(left: int, hanging: int = 0) -> str:
    return f'<w:ind w:left="{left}" w:hanging="{hanging}"/>' if hanging else f'<w:ind w:left="{left}"/>'


def _tabs(pos: int) -> str:
    return f'<w:tabs><w:tab w:val="left" w:pos="{pos}"/></w:tabs>'


def _point(depth: int) -> str:
    left = STEP * depth + HANG
    return _tabs(left) + '<w:spacing w:after="100"/>' + _ind(left, HANG) + '<w:jc w:val="both"/>'




def _heading_rpr(half_points: int, *, italic: bool = False) -> str:
    """Run properties of a heading, in schema order (fonts, bold, italic, colour, size)."""
    return (f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/><w:b/>'
            + ("<w:i/>" if italic else "") + '<w:color w:val="000000"/>'
            + f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')

_CENTER_KEEP = '<w:keepNext/><w:keepLines/>'

#: Paragraph styles (ids are ASCII; names are what Word shows).
SPECS: tuple[StyleSpec, ...] = (
    StyleSpec("Normal", "Normal", '<w:spacing w:after="120" w:line="264" w:lineRule="auto"/><w:jc w:val="both"/>',
              f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
              '<w:sz w:val="22"/><w:szCs w:val="22"/>', based_on="", builtin=True),
    StyleSpec("Heading1", "heading 1", _CENTER_KEEP + '<w:spacing w:before="360" w:after="120"/>'
              '<w:jc w:val="center"/><w:outlineLvl w:val="0"/>',
              _heading_rpr(24), builtin=True),
    StyleSpec("Heading2", "heading 2", _CENTER_KEEP + '<w:spacing w:before="280" w:after="120"/>'
              '<w:jc w:val="center"/><w:outlineLvl w:val="1"/>',
              _heading_rpr(22), builtin=True),
    StyleSpec("Heading3", "heading 3", _CENTER_KEEP + '<w:spacing w:before="240" w:after="120"/>'
              '<w:jc w:val="center"/><w:outlineLvl w:val="2"/>',
              _heading_rpr(22, italic=True), builtin=True),
    StyleSpec("Heading4", "heading 4", _CENTER_KEEP + '<w:spacing w:before="240" w:after="120"/>'
              '<w:jc w:val="center"/><w:outlineLvl w:val="3"/>',
              _heading_rpr(22), builtin=True),
    StyleSpec("Title", "Title", '<w:spacing w:before="0" w:after="240"/><w:jc w:val="center"/>',
              _heading_rpr(28), builtin=True),
    StyleSpec("Subtitle", "Subtitle", '<w:spacing w:after="120"/><w:jc w:val="center"/>',
              f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/><w:color w:val="000000"/>'
              '<w:sz w:val="22"/><w:szCs w:val="22"/>', builtin=True),
    StyleSpec("Portada", "Portada", '<w:spacing w:after="60"/><w:jc w:val="center"/>',
              '<w:sz w:val="20"/><w:szCs w:val="20"/>'),
    StyleSpec("Preambulo", "Preámbulo", '<w:spacing w:after="120"/><w:jc w:val="both"/>'),
    StyleSpec("Articulo", STYLE_NAMES["Articulo"], '<w:spacing w:before="120" w:after="120"/><w:jc w:val="both"/>'),
    StyleSpec("Parrafo", STYLE_NAMES["Parrafo"], '<w:spacing w:after="120"/><w:jc w:val="both"/>'),
    StyleSpec("Parrafo1", STYLE_NAMES["Parrafo1"], '<w:spacing w:after="100"/>' + _ind(STEP + HANG)),
    StyleSpec("Parrafo2", STYLE_NAMES["Parrafo2"], '<w:spacing w:after="100"/>' + _ind(2 * STEP + HANG)),
    StyleSpec("Parrafo3", STYLE_NAMES["Parrafo3"], '<w:spacing w:after="100"/>' + _ind(3 * STEP + HANG)),
    StyleSpec("Fraccion", STYLE_NAMES["Fraccion"], _point(1)),
    StyleSpec("Apartado", STYLE_NAMES["Apartado"], _point(1)),
    StyleSpec("Inciso", STYLE_NAMES["Inciso"], _point(2)),
    StyleSpec("Numeral", STYLE_NAMES["Numeral"], _point(3)),
    StyleSpec("Subinciso", STYLE_NAMES["Subinciso"], _point(4)),
    StyleSpec("NotaReforma", STYLE_NAMES["NotaReforma"], '<w:spacing w:after="120"/><w:jc w:val="right"/>',
              '<w:i/><w:color w:val="404040"/><w:sz w:val="16"/><w:szCs w:val="16"/>'),
    StyleSpec("Transitorios", "Transitorios", _CENTER_KEEP + '<w:spacing w:before="360" w:after="120"/>'
              '<w:jc w:val="center"/><w:outlineLvl w:val="0"/>',
              '<w:b/><w:sz w:val="24"/><w:szCs w:val="24"/>'),
    StyleSpec("TransitoriosDecreto", "Decreto de los transitorios", _CENTER_KEEP +
              '<w:spacing w:before="120" w:after="120"/><w:jc w:val="center"/><w:outlineLvl w:val="1"/>',
              '<w:b/><w:sz w:val="18"/><w:szCs w:val="18"/>'),
    StyleSpec("Conclusiones", "Firmas", '<w:spacing w:after="60"/><w:jc w:val="center"/>'),
    StyleSpec("Celda", "Texto de tabla", '<w:spacing w:after="60" w:line="240" w:lineRule="auto"/>'
              '<w:jc w:val="left"/>', '<w:sz w:val="18"/><w:szCs w:val="18"/>'),
    StyleSpec("CeldaPunto1", "Texto de tabla: fracción", '<w:spacing w:after="60" w:line="240" w:lineRule="auto"/>'
              + _ind(340 + 340, 340) + '<w:jc w:val="left"/>', '<w:sz w:val="18"/><w:szCs w:val="18"/>'),
    StyleSpec("CeldaPunto2", "Texto de tabla: inciso", '<w:spacing w:after="60" w:line="240" w:lineRule="auto"/>'
              + _ind(2 * 340 + 340, 340) + '<w:jc w:val="left"/>', '<w:sz w:val="18"/><w:szCs w:val="18"/>'),
    StyleSpec("CeldaPunto3", "Texto de tabla: numeral", '<w:spacing w:after="60" w:line="240" w:lineRule="auto"/>'
              + _ind(3 * 340 + 340, 340) + '<w:jc w:val="left"/>', '<w:sz w:val="18"/><w:szCs w:val="18"/>'),
    StyleSpec("CeldaEncabezado", "Encabezado de tabla", '<w:keepNext/><w:spacing w:after="0"/><w:jc w:val="center"/>',
              '<w:b/><w:sz w:val="18"/><w:szCs w:val="18"/>'),
    StyleSpec("Leyenda", "Leyenda", '<w:spacing w:after="120"/><w:jc w:val="left"/>',
              '<w:i/><w:sz w:val="18"/><w:szCs w:val="18"/>'),
    StyleSpec("DecretoTitulo", "Título del decreto", '<w:spacing w:before="240" w:after="240"/><w:jc w:val="center"/>',
              '<w:b/><w:caps/><w:sz w:val="22"/><w:szCs w:val="22"/>'),
    StyleSpec("Elision", "Elisión", '<w:spacing w:after="120"/><w:jc w:val="left"/>'),
    StyleSpec("Header", "header", '<w:tabs><w:tab w:val="center" w:pos="4680"/><w:tab w:val="right" w:pos="9360"/>'
              '</w:tabs><w:spacing w:after="0"/><w:jc w:val="center"/>',
              '<w:i/><w:sz w:val="16"/><w:szCs w:val="16"/>', builtin=True),
    StyleSpec("Footer", "footer", '<w:spacing w:after="0"/><w:jc w:val="center"/>',
              '<w:sz w:val="16"/><w:szCs w:val="16"/>', builtin=True),
)

#: Style of a point by its Mexican level.
POINT_STYLES = {"fraccion": "Fraccion", "apartado": "Apartado", "inciso": "Inciso", "numeral": "Numeral",
                "subinciso": "Subinciso", "estrategia": "Fraccion", "objetivo": "Fraccion", "linea": "Inciso"}
#: Style of a container heading by its kind.
HEADING_STYLES = {"book": "Heading1", "title": "Heading1", "chapter": "Heading2", "section": "Heading3",
                  "subsection": "Heading4"}


def paragraph_style(depth: int) -> str:
    return "Parrafo" if depth <= 0 else f"Parrafo{min(depth, 3)}"


# ------------------------------------------------------------------ structure in the styles

_BY_ID = {spec.style_id: spec for spec in SPECS}


def variant_spec(style_id: str) -> StyleSpec | None:
    """The spec of a depth variant (``IncisoNivel1``, ``ParrafoNivel5``): the base style's look."""
    m = VARIANT_ID.fullmatch(style_id)
    name = variant_name(style_id)
    if not m or name is None:
        return None
    base = m.group("base")
    if base == "Parrafo":
        base = PARAGRAPH_STYLES[-1]  # deeper párrafos look like the deepest one
    return StyleSpec(style_id, name, "", based_on=base, quick=False)


def install_variants(document, style_ids) -> None:
    """Define the depth variants among ``style_ids`` (after :func:`install`)."""
    styles = document.styles
    defined = {s.style_id for s in styles if s.type == WD_STYLE_TYPE.PARAGRAPH}
    for sid in sorted(set(style_ids) - defined):
        spec = variant_spec(sid)
        if spec is not None:
            style = styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
            style.style_id = spec.style_id
            _define(style.element, spec)


def install(document) -> None:
    """Define (or redefine) every style of :data:`SPECS` in ``document`` and set Spanish (México)."""
    styles = document.styles
    by_id = {s.style_id: s for s in styles if s.type == WD_STYLE_TYPE.PARAGRAPH}
    for spec in SPECS:
        style = by_id.get(spec.style_id)
        if style is None:
            style = styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
            style.style_id = spec.style_id
        _define(style.element, spec)
    set_language(styles.element)


def _define(element, spec: StyleSpec) -> None:
    """Replace the style's base, paragraph and run properties with the spec's."""
    for tag in ("w:basedOn", "w:pPr", "w:rPr", "w:link"):
        for old in element.findall(qn(tag)):
            element.remove(old)
    fragment = parse_xml(f'<w:style xmlns:w="{W_NS}">'
                         + (f'<w:basedOn w:val="{spec.based_on}"/>' if spec.based_on else "")
                         + (f"<w:pPr>{spec.ppr}</w:pPr>" if spec.ppr else "")
                         + (f"<w:rPr>{spec.rpr}</w:rPr>" if spec.rpr else "")
                         + "</w:style>")
    name = element.find(qn("w:name"))
    anchor = name
    for child in list(fragment):
        if child.tag == qn("w:basedOn"):
            anchor.addnext(child)
            anchor = child
        else:
            element.append(child)
    if element.find(qn("w:qFormat")) is None and not spec.builtin and spec.quick:
        anchor.addnext(parse_xml(f'<w:qFormat xmlns:w="{W_NS}"/>'))
