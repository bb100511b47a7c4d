"""Who issues a decree and where it is published: title, preamble, gazette and default transitorio.

Mexican practice depends on the order of government (see ../shared/DOMAIN.md):

* federal texts (the Constitution, federal laws; jurisdiction ``mx``) are decrees of the
  Congreso de la Unión published in the Diario Oficial de la Federación;
* state laws (``mx-coa``, or a ``ley`` of any state jurisdiction) are decrees of the state
  congress published in the Periódico Oficial del Estado;
* municipal instruments (``mx-coa-torreon``: reglamentos, planes) are approved by the Cabildo,
  titled as the municipality titles them ("REFORMA AL REGLAMENTO …"), open with the
  Ayuntamiento's preamble (session, legal basis) and are published in the Periódico Oficial
  del Estado.

The municipal preamble is a template the institute can edit: ``ROOT/plantillas/preambulo-<jurisdicción>.txt``
(placeholders ``{titulo}``, ``{municipio}``, ``{sesion}``); without it the default below is used.

>>> from implan_regs.model.tree import DocumentMeta
>>> order(DocumentMeta("cpeum", "constitucion", "Constitución Política", jurisdiction="mx"))
'federal'
>>> gazette(DocumentMeta("du", "reglamento", "Reglamento de Desarrollo Urbano"))
'Periódico Oficial del Estado'
>>> reform_title(DocumentMeta("ri", "reglamento", "Reglamento Interior del R. Ayuntamiento"), "reforman")
'REFORMA AL REGLAMENTO INTERIOR DEL R. AYUNTAMIENTO'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model.tree import DocumentMeta

if TYPE_CHECKING:
    from ..store import Store

DOF = "Diario Oficial de la Federación"
POE = "Periódico Oficial del Estado"
FEDERAL_KINDS = ("constitucion",)
MUNICIPAL_KINDS = ("reglamento", "plan", "programa", "bando", "lineamientos", "acuerdo", "norma")
MUNICIPALITIES = {"torreon": "Torreón, Coahuila de Zaragoza"}

DEFAULT_MUNICIPAL_PREAMBLE = (
    "El Republicano Ayuntamiento del Municipio de {municipio}, en {sesion}, con fundamento en los "
    "artículos 115, fracción II, de la Constitución Política de los Estados Unidos Mexicanos; 158-U, "
    "fracción I, numeral 1, de la Constitución Política del Estado de Coahuila de Zaragoza; y 102, "
    "fracción I, numeral 1, del Código Municipal para el Estado de Coahuila de Zaragoza, ha tenido a bien "
    "aprobar la siguiente:")
DEFAULT_SESSION = "sesión de Cabildo celebrada el ___ de ________ de ____"


def order(meta: DocumentMeta) -> str:
    """'federal', 'estatal' or 'municipal'."""
    parts = (meta.jurisdiction or "").split("-")
    if meta.kind in FEDERAL_KINDS or parts == ["mx"]:
        return "federal"
    if len(parts) >= 3 and meta.kind in MUNICIPAL_KINDS:
        return "municipal"
    return "estatal"


def gazette(meta: DocumentMeta) -> str:
    return DOF if order(meta) == "federal" else POE


def default_transitorios(meta: DocumentMeta) -> list[str]:
    return [f"El presente decreto entrará en vigor al día siguiente de su publicación en el {gazette(meta)}."]


def of_title(title: str) -> str:
    """'del Reglamento …' / 'de la Ley …'."""
    first = title.split()[0].lower() if title else ""
    return f"{'de la' if first in ('ley', 'constitución', 'norma', 'declaratoria') else 'del'} {title}"


def reform_title(meta: DocumentMeta, verbs: str) -> str:
    """The instrument's title: 'REFORMA AL REGLAMENTO …' (municipal) or 'DECRETO por el que se …'."""
    if order(meta) == "municipal":
        article = "A LA" if of_title(meta.title).startswith("de la") else "AL"
        return f"REFORMA {article} {meta.title.upper()}"
    return f"DECRETO por el que se {verbs} diversas disposiciones {of_title(meta.title)}"


def preamble(meta: DocumentMeta, store: Store | None = None, *, session: str | None = None) -> list[str]:
    """The Ayuntamiento's preamble of a municipal instrument (none for state and federal decrees);
    the store's own template (``ROOT/plantillas/preambulo-<jurisdicción>.txt``) when it has one."""
    if order(meta) != "municipal":
        return []
    template = DEFAULT_MUNICIPAL_PREAMBLE
    if store is not None:
        custom = store.root / "plantillas" / f"preambulo-{meta.jurisdiction}.txt"
        if store.is_file(custom):
            # universal newlines, as reading it in text mode did: paragraphs are split on blank lines
            template = store.read_bytes(custom).decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    municipality = meta.jurisdiction.split("-")[-1]
    values = {"titulo": meta.title, "municipio": MUNICIPALITIES.get(municipality, municipality.capitalize()),
              "sesion": session or DEFAULT_SESSION}
    text = template.format_map(_Default(values))
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


class _Default(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
