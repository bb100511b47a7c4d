"""The Word styles that carry our structure: written by the DOCX export, read by the DOCX import.

A consolidated export lays every point and párrafo out in a style that states its level and
depth (how many points enclose it); the importer trusts those styles only when a document
defines all of :data:`OWN_STYLE_NAMES`, so Word files from elsewhere are read as before. Both
sides share this vocabulary, so neither depends on the other.

>>> structure_of("Inciso (nivel 1)"), structure_of("Párrafo de fracción"), structure_of("Heading 1")
(('point', 0, 'inciso'), ('paragraph', 1, None), None)
>>> structure_style("Inciso", "point", 0)
'IncisoNivel1'
"""

from __future__ import annotations

import re

#: Style id -> the name Word shows, for the styles that state structure.
STYLE_NAMES = {"Articulo": "Artículo", "Parrafo": "Párrafo", "Parrafo1": "Párrafo de fracción",
               "Parrafo2": "Párrafo de inciso", "Parrafo3": "Párrafo de numeral", "Fraccion": "Fracción",
               "Apartado": "Apartado", "Inciso": "Inciso", "Numeral": "Numeral", "Subinciso": "Subinciso",
               "NotaReforma": "Nota de reforma"}
#: Point styles: the level each states and its default depth (the points enclosing it).
POINT_STYLE_LEVELS = {"Fraccion": ("fraccion", 0), "Apartado": ("apartado", 0), "Inciso": ("inciso", 1),
                      "Numeral": ("numeral", 2), "Subinciso": ("subinciso", 3)}
#: Párrafo styles by the number of points enclosing the paragraph.
PARAGRAPH_STYLES = ("Parrafo", "Parrafo1", "Parrafo2", "Parrafo3")
#: Names only a document laid out in our styles has (the importer's test of trust).
OWN_STYLE_NAMES = frozenset(STYLE_NAMES[sid] for sid in ("Articulo", "Parrafo", "Parrafo1", "Parrafo2", "Parrafo3",
                                                         "Fraccion", "Inciso", "Numeral", "NotaReforma"))
VARIANT_ID = re.compile(r"(?P<base>Parrafo|Fraccion|Apartado|Inciso|Numeral|Subinciso)Nivel(?P<level>[1-9]\d?)")
_VARIANT_NAME = re.compile(r"(?P<base>.+) \(nivel (?P<level>[1-9]\d?)\)")
_ID_BY_NAME = {name: sid for sid, name in STYLE_NAMES.items()}


def structure_style(style: str, role: str, depth: int) -> str:
    """The style that states a point's or a paragraph's place exactly: ``style`` itself when its
    default depth is ``depth``, else its depth variant (same look)."""
    if role == "paragraph":
        return PARAGRAPH_STYLES[depth] if depth < len(PARAGRAPH_STYLES) else f"ParrafoNivel{depth + 1}"
    if role == "point" and style in POINT_STYLE_LEVELS and POINT_STYLE_LEVELS[style][1] != depth:
        return f"{style}Nivel{depth + 1}"
    return style


def variant_name(style_id: str) -> str | None:
    """'IncisoNivel1' -> 'Inciso (nivel 1)'; None when ``style_id`` is not a depth variant."""
    m = VARIANT_ID.fullmatch(style_id)
    return f"{STYLE_NAMES[m.group('base')]} (nivel {m.group('level')})" if m else None


def structure_of(name: str | None) -> tuple[str, int, str | None] | None:
    """What a style (by the name Word shows) states: ``(kind, depth, level)`` for a point or
    paragraph style of ours, None for any other style."""
    if not name:
        return None
    m = _VARIANT_NAME.fullmatch(name)
    sid = _ID_BY_NAME.get(m.group("base") if m else name)
    depth = int(m.group("level")) - 1 if m else None
    if sid in PARAGRAPH_STYLES:
        return "paragraph", PARAGRAPH_STYLES.index(sid) if depth is None else depth, None
    if sid in POINT_STYLE_LEVELS:
        level, default = POINT_STYLE_LEVELS[sid]
        return "point", default if depth is None else depth, level
    return None
