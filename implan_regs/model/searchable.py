"""Every provision of a document as a flat, citable record (:class:`IndexDoc`): its own text, the
headings above it, the chapeau it depends on, and its label as decrees cite it.

What the search engines index (:mod:`implan_regs.search.documents` adds proposals and observations)
and what the PostgreSQL store keeps in its provisions table (:mod:`implan_regs.store.pgindex`), so
both cut a text the same way.

>>> from implan_regs.model.tree import Document, DocumentMeta, Provision
>>> art = Provision("article", num="Artículo 1.-", key="1", eid="art_1",
...                 children=[Provision("paragraph", text="Objeto.", eid="art_1__para_1")])
>>> doc = Document(DocumentMeta("w", "reglamento", "Reglamento", date="2020-01-01"), body=[art])
>>> [(d.eid, d.level, d.label) for d in expression_documents(doc, "2020-01-01", "")]
[('art_1', 'articulo', 'Artículo 1'), ('art_1__para_1', 'parrafo', 'Párrafo primero del artículo 1')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .numbers import display_article_number, fold, int_to_ordinal
from .tree import ARTICLE_KINDS, CONTAINER_KINDS, Document, Provision

FOREVER = "9999-12-31"
PATH_SEPARATOR = " › "


@dataclass
class IndexDoc:
    """One searchable provision (or observation); ``text`` and ``path`` are raw, analyzed later."""

    unit: str
    doctype: str
    work: str
    kind: str
    eid: str
    article: str  # eId of the result group: the article, transitorio or chapter it belongs to
    level: str  # folded Mexican level: articulo, fraccion, inciso, parrafo, transitorio...
    label: str  # "Artículo 45, fracción III"
    text: str
    path: str = ""  # "TÍTULO PRIMERO DISPOSICIONES GENERALES › CAPÍTULO I OBJETO"
    context: str = ""  # the article heading and the lead-ins above a sub-provision (its chapeau)
    group_label: str = ""  # the label of the result group ("Artículo 22")
    number: str = ""  # article key, e.g. "45bis"
    version: str = ""  # expression date (vigente) or base date (propuesta)
    valid_from: str = ""
    valid_to: str = ""
    title: str = ""  # the work's title
    extra: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.unit}#{self.eid}"


# --------------------------------------------------------------------------- provisions

def _clean_num(num: str | None) -> str:
    return re.sub(r"[\s.\-–—:]+$", "", (num or "").strip())


def _level(node: Provision) -> str:
    if node.kind == "point":
        return fold(node.level or "fraccion")
    return {"article": "articulo", "transitional": "transitorio", "paragraph": "parrafo"}.get(
        node.kind, fold(node.kind))


#: Levels cited with a feminine article ("de la fracción II"); every other level takes "del".
_FEMININE = ("fracción", "línea de acción", "sección", "subsección")


def _step_label(node: Provision, paragraph_ordinal: int) -> str:
    """How one step of a citation names ``node``: 'artículo 122 Bis', 'párrafo segundo',
    'fracción V', 'inciso a)' (the forms :func:`implan_regs.model.citation.parse_citation` reads)."""
    if node.kind == "article":
        return f"artículo {display_article_number(node.key)}" if node.key else _clean_num(node.num)
    if node.kind == "transitional":
        return f"transitorio {_clean_num(node.num).lower()}"
    if node.kind == "paragraph":
        return f"párrafo {int_to_ordinal(paragraph_ordinal)}"
    name = node.level_name
    if name in ("inciso", "subinciso"):
        key = node.key or _clean_num(node.num).rstrip(")")
        return f"{name} {key})"
    if name == "apartado":
        return f"Apartado {node.key or _clean_num(node.num)}"
    return f"{name} {_clean_num(node.num)}".strip()


def citable_label(steps: list[str]) -> str:
    """Steps outermost first → the citation as decrees write it, innermost first:
    ['artículo 22', 'párrafo primero', 'fracción V'] → 'Fracción V del párrafo primero del artículo 22'.

    >>> citable_label(["artículo 116", "fracción II", "párrafo segundo"])
    'Párrafo segundo de la fracción II del artículo 116'
    """
    inner_first = list(reversed(steps))
    out = inner_first[0]
    for step in inner_first[1:]:
        out += (" de la " if step.startswith(_FEMININE) else " del ") + step
    return out[:1].upper() + out[1:]


def _heading(node: Provision) -> str:
    return " ".join(p for p in (_clean_num(node.num) if node.num else "", node.heading or "") if p)


def own_text(node: Provision) -> str:
    head = node.heading if node.kind in ARTICLE_KINDS and node.heading else ""
    body = node.plain_text()
    return f"{head}\n{body}" if head else body


def provision_documents(nodes: list[Provision], base: dict, *, path: tuple[str, ...] = ()) -> Iterator[IndexDoc]:
    """Documents for the provisions under ``nodes`` (a body, or a container's children)."""
    paragraphs = 0
    for node in nodes:
        if node.kind in CONTAINER_KINDS or node.kind == "transitorios":
            heading = _heading(node) if node.kind != "transitorios" else \
                " ".join(p for p in (node.heading, node.subheading) if p)
            yield from provision_documents(node.children, base, path=path + (heading,))
        elif node.kind in ARTICLE_KINDS:
            yield from _article_documents(node, base, path)
        elif node.kind == "paragraph":  # text directly in a chapter (plans and programs)
            paragraphs += 1
            group = base.get("_container_eid", "")
            yield _doc(node, base, path, eid_group=_group_of(node.eid) or group,
                       label=f"{path[-1] if path else 'Texto'}, párrafo {paragraphs}", number="",
                       group_label=path[-1] if path else "Texto")


def _group_of(eid: str) -> str:
    """The container eId of a paragraph that sits directly in a chapter: 'chp_3__para_2' → 'chp_3'."""
    return eid.rsplit("__", 1)[0] if "__" in eid else eid


def _article_documents(article: Provision, base: dict, path: tuple[str, ...]) -> Iterator[IndexDoc]:
    step = _step_label(article, 0)
    number = article.key or ""
    heading = article.heading or ""
    yield _doc(article, base, path, eid_group=article.eid, label=citable_label([step]), number=number,
               context=heading)
    yield from _sub_documents(article, base, path, article.eid, [step], number, heading)


def _sub_documents(parent: Provision, base: dict, path: tuple[str, ...], group: str, steps: list[str],
                   number: str, context: str) -> Iterator[IndexDoc]:
    """The descendants of ``parent``; each carries as ``context`` the article heading and the
    lead-ins above it (the chapeau "Son atribuciones del Instituto:" of a list of fracciones, a
    fracción's own words above its incisos), since a fracción means what its chapeau says."""
    paragraphs = 1 if parent.kind == "point" and parent.text else 0  # a fracción's text is its párrafo primero
    lead_in = parent.text if parent.kind == "point" and parent.text else ""
    chapeau = ""
    for child in parent.children:
        if child.kind == "paragraph":
            paragraphs += 1
        child_steps = steps + [_step_label(child, paragraphs)]
        child_context = "\n".join(p for p in (context, lead_in, chapeau if child.kind == "point" else "") if p)
        yield _doc(child, base, path, eid_group=group, label=citable_label(child_steps), number=number,
                   context=child_context, group_label=citable_label(steps[:1]))
        yield from _sub_documents(child, base, path, group, child_steps, number, child_context)
        if child.kind == "paragraph":
            chapeau = child.text or ""


def _doc(node: Provision, base: dict, path: tuple[str, ...], *, eid_group: str, label: str,
         number: str, context: str = "", group_label: str = "") -> IndexDoc:
    fields = {k: v for k, v in base.items() if not k.startswith("_")}
    return IndexDoc(eid=node.eid, article=eid_group, level=_level(node), label=label, number=number,
                    text=own_text(node), path=PATH_SEPARATOR.join(p for p in path if p), context=context,
                    group_label=group_label or label, **fields)


def expression_documents(doc: Document, valid_from: str, valid_to: str, *, unit: str | None = None,
                         title: str | None = None) -> list[IndexDoc]:
    """Every provision of one version in force."""
    return list(iter_expression_documents(doc, valid_from, valid_to, unit=unit, title=title))


def iter_expression_documents(doc: Document, valid_from: str, valid_to: str, *, unit: str | None = None,
                              title: str | None = None) -> Iterator[IndexDoc]:
    """The same, one at a time (an index build never holds 100,000 of them at once)."""
    meta = doc.meta
    base = {"unit": unit or f"vigente:{meta.work}@{meta.date}", "doctype": "vigente", "work": meta.work,
            "kind": meta.kind, "version": meta.date or "", "valid_from": valid_from, "valid_to": valid_to,
            "title": title or meta.title}
    return provision_documents(doc.body, base)
