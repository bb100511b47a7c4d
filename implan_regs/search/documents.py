"""What gets indexed: one document per provision per version, per proposal draft, per observation.

The corpus is cut into *units*, each re-indexed as a whole when its files change:

* ``vigente:<work>@<date>``: one version in force; one document for each article (its whole
  text) and each sub-provision (párrafo, fracción, inciso… with its own descendants), plus
  the paragraphs of plans that sit directly in a chapter; transitorios too;
* ``propuesta:<id>``: the draft of an open proposal (borrador, en revisión, aprobada), only the
  articles it changes or adds with respect to its base version (all of them for a new work);
* ``observacion:<id>``: an observation and its answer (see :func:`observation_documents`).

A unit's *stamp* (file sizes and times) says when it must be re-indexed.

>>> from implan_regs.model.tree import Document, DocumentMeta, Provision
>>> art = Provision("article", num="Artículo 1.-", key="1", eid="art_1",
...                 children=[Provision("paragraph", text="Objeto.", eid="art_1__para_1")])
>>> doc = Document(DocumentMeta("w", "reglamento", "Reglamento", date="2020-01-01"), body=[art])
>>> [(d.eid, d.level, d.label) for d in expression_documents(doc, "2020-01-01", "")]
[('art_1', 'articulo', 'Artículo 1'), ('art_1__para_1', 'parrafo', 'Párrafo primero del artículo 1')]
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..model.numbers import display_article_number, fold, int_to_ordinal
from ..model.tree import ARTICLE_KINDS, CONTAINER_KINDS, Document, Provision

DOCTYPES = ("vigente", "propuesta", "observacion")
OPEN_PROPOSAL = ("borrador", "en revisión", "aprobada")
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


def _own_text(node: Provision) -> str:
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
                    text=_own_text(node), path=PATH_SEPARATOR.join(p for p in path if p), context=context,
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


# --------------------------------------------------------------------------- proposals

def proposal_documents(proposal, base_doc: Document | None, *, title: str = "") -> list[IndexDoc]:
    """The articles an open proposal changes or adds (its whole draft for a new work)."""
    if proposal.status not in OPEN_PROPOSAL or proposal.draft is None:
        return []
    unchanged = _article_texts(base_doc) if base_doc is not None else {}
    info = {"unit": f"propuesta:{proposal.id}", "doctype": "propuesta", "work": proposal.work,
            "kind": proposal.draft.meta.kind, "version": proposal.base or "", "title": title or proposal.title,
            "extra": {"proposal": proposal.id, "proposal_title": proposal.title, "status": proposal.status}}
    docs = list(provision_documents(proposal.draft.body, info))
    changed_groups = {d.article for d in docs if d.eid == d.article and unchanged.get(d.eid) != d.text}
    return [d for d in docs if d.article in changed_groups]


def _article_texts(doc: Document) -> dict[str, str]:
    return {n.eid: _own_text(n) for n in doc.walk() if n.kind in ARTICLE_KINDS}


# --------------------------------------------------------------------------- observations

def observations_available() -> bool:
    """True once the observations package (issue 4) exists in this installation."""
    return importlib.util.find_spec("implan_regs.observations") is not None


def observation_document(obs: dict, *, kind: str = "", title: str = "") -> IndexDoc:
    """One observation as a searchable document.

    ``obs`` is a plain mapping so that this module does not depend on the observations
    package's classes (:mod:`.observations_adapter` builds it): ``id``, ``work``, ``subject``,
    ``proposal``, ``target`` (eId), ``label``
    (the provision as cited), ``text``, ``answer`` (its reply, if any), ``status``
    (pendiente, atendida, justificada…), ``author`` (the Dirección General).
    """
    target = obs.get("target") or ""
    text = "\n".join(t for t in (obs.get("text"), obs.get("answer")) if t)
    group = target.split("__", 1)[0] if target.startswith("art_") else target
    return IndexDoc(unit=f"observacion:{obs['id']}", doctype="observacion", work=obs.get("work") or "",
                    kind=kind, eid=target or obs["id"], article=group or obs["id"], level="observacion",
                    label=obs.get("label") or target or obs["id"], text=text, title=title,
                    extra={k: obs.get(k) for k in ("id", "subject", "proposal", "status", "author") if obs.get(k)})


# --------------------------------------------------------------------------- units

def file_stamp(path: Path) -> str:
    st = os.stat(path)
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


def scan_units(store) -> dict[str, str]:
    """Every unit of the corpus with its stamp (cheap: file metadata only)."""
    units: dict[str, str] = {}
    works = store.root / "works"
    for work_json in sorted(works.glob("*/work.json")) if works.is_dir() else []:
        work_stamp = file_stamp(work_json)
        for path in sorted((work_json.parent / "expressions").glob("spa@*.xml")):
            units[f"vigente:{work_json.parent.name}@{path.stem.split('@', 1)[1]}"] = \
                f"{file_stamp(path)}|{work_stamp}"
    proposals = store.root / "proposals"
    for path in sorted(proposals.glob("*.xml")) if proposals.is_dir() else []:
        units[f"propuesta:{path.stem}"] = file_stamp(path)
    if observations_available():
        from .observations_adapter import observation_units

        units.update(observation_units(store))
    return units


def parse_unit(unit: str) -> tuple[str, str, str]:
    """'vigente:w@2020-01-01' → ('vigente', 'w', '2020-01-01'); 'propuesta:p' → ('propuesta', 'p', '')."""
    doctype, _, rest = unit.partition(":")
    name, _, date = rest.partition("@")
    return doctype, name, date
