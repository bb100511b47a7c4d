"""The typed provision tree: what every stage after import works with.

A :class:`Document` holds metadata, optional preface/preamble, the ``body`` (containers,
articles, transitorios blocks) and conclusions. Every node of the body is a
:class:`Provision`. The rest of the code never walks raw XML: :mod:`.akn` converts
between this tree and Akoma Ntoso.

Shape rules (documented once, relied on everywhere):

* containers (``book``, ``title``, ``chapter``, ``section``, ``subsection``) have ``num``
  (``"CAPÍTULO II"``), ``key`` (``"2"``), ``heading`` and children;
* an ``article`` (or a ``transitional``, one transitorio) has ``num`` (``"Artículo 45 Bis.-"``),
  ``key`` (``"45bis"``), an optional ``heading`` and children that are ``paragraph``
  (unnumbered text, counted as párrafos) and ``point`` (fracción, inciso, numeral, apartado:
  the Mexican name is in ``level``);
* a ``point`` has its own leading ``text`` and, optionally, children (more paragraphs and
  sub-points);
* a ``paragraph`` has ``text`` or a ``table``;
* a ``transitorios`` block has a ``heading`` (``"TRANSITORIOS"``), an optional
  ``subheading`` (the decree it belongs to) and ``transitional`` children.

>>> art = Provision("article", num="Artículo 1.-", key="1",
...                 children=[Provision("paragraph", text="Objeto del reglamento.")])
>>> doc = Document(DocumentMeta(work="ejemplo", kind="reglamento", title="Ejemplo"), body=[art])
>>> [p.kind for p in doc.walk()]
['article', 'paragraph']
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal, get_args

#: What a node of the body is (see the shape rules above); mypy checks every comparison with it.
ProvisionKind = Literal["book", "title", "chapter", "section", "subsection", "article", "transitional",
                        "paragraph", "point", "transitorios"]
ContainerKind = Literal["book", "title", "chapter", "section", "subsection"]

CONTAINER_KINDS: tuple[ContainerKind, ...] = get_args(ContainerKind)
ARTICLE_KINDS: tuple[ProvisionKind, ...] = ("article", "transitional")
KINDS: tuple[ProvisionKind, ...] = get_args(ProvisionKind)

#: Spanish names of the levels, for reports and citations.
LEVEL_NAMES = {
    "book": "libro", "title": "título", "chapter": "capítulo", "section": "sección",
    "subsection": "subsección", "article": "artículo", "transitional": "transitorio",
    "paragraph": "párrafo", "transitorios": "transitorios", "apartado": "apartado",
    "fraccion": "fracción", "inciso": "inciso", "numeral": "numeral", "subinciso": "subinciso",
    "estrategia": "estrategia", "linea": "línea de acción", "objetivo": "objetivo",
}


@dataclass
class Table:
    """A table that is part of the legal text (rows of cell texts; the first ``header_rows`` are headers)."""

    rows: list[list[str]]
    header_rows: int = 1


@dataclass
class Provision:
    kind: ProvisionKind
    num: str | None = None
    key: str | None = None
    heading: str | None = None
    subheading: str | None = None
    text: str | None = None
    table: Table | None = None
    level: str | None = None
    children: list[Provision] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    derogated: bool = False
    eid: str = ""
    term: str | None = None  # a glossary entry: the term its text defines (AKN <def>), at the start of ``text``

    def walk(self) -> Iterator[Provision]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES.get(self.level or self.kind, self.level or self.kind)

    def to_json(self) -> dict:
        """A JSON-ready view of this provision and its descendants (for ``--json`` outputs)."""
        data: dict = {"eId": self.eid, "kind": self.kind}
        for name in ("level", "num", "heading", "subheading", "term", "text"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        if self.table is not None:
            data["table"] = {"rows": self.table.rows, "header_rows": self.table.header_rows}
        if self.notes:
            data["notes"] = list(self.notes)
        if self.derogated:
            data["derogated"] = True
        if self.children:
            data["children"] = [child.to_json() for child in self.children]
        return data

    def plain_text(self) -> str:
        """All the text of this provision and its descendants, one paragraph a line."""
        parts: list[str] = []
        for node in self.walk():
            if node.num and node.kind in ("point",):
                parts.append(f"{node.num} {node.text or ''}".strip())
            elif node.text:
                parts.append(node.text)
            elif node.table:
                parts.extend(" | ".join(row) for row in node.table.rows)
        return "\n".join(parts)


@dataclass
class Publication:
    """Where and when a version was published (Periódico Oficial, DOF...)."""

    gazette: str = "Periódico Oficial del Estado"
    date: str | None = None
    number: str | None = None


@dataclass
class DocumentMeta:
    work: str
    kind: str
    title: str
    jurisdiction: str = "mx-coa-torreon"
    language: str = "spa"
    date: str | None = None  # the expression (version) date: entry into force of this text
    work_date: str | None = None  # date of the work (first publication); defaults to ``date``
    publication: Publication | None = None
    entry_into_force: str | None = None
    decree: str | None = None  # the decree that produced this version
    source: str | None = None  # original file name


@dataclass
class Document:
    meta: DocumentMeta
    preface: list[str] = field(default_factory=list)
    preamble: list[Provision] = field(default_factory=list)
    body: list[Provision] = field(default_factory=list)
    conclusions: list[str] = field(default_factory=list)
    #: In a proposal's draft: article keys the proposal renumbered, old key -> new key ('46' -> '50bis'),
    #: so that a citation of the old number says where the article went. Not part of the XML.
    moved: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def walk(self) -> Iterator[Provision]:
        for node in self.body:
            yield from node.walk()

    def articles(self) -> list[Provision]:
        """Body articles in order (transitorios excluded)."""
        out: list[Provision] = []

        def visit(nodes: list[Provision]) -> None:
            for node in nodes:
                if node.kind == "article":
                    out.append(node)
                elif node.kind in CONTAINER_KINDS:
                    visit(node.children)

        visit(self.body)
        return out

    def transitorios(self) -> list[Provision]:
        return [n for n in self.walk() if n.kind == "transitorios"]

    def find(self, eid: str) -> Provision | None:
        for node in self.walk():
            if node.eid == eid:
                return node
        return None

    def counts(self) -> dict[str, int]:
        """Provisions per level, e.g. {'article': 178, 'fraccion': 412, ...}."""
        counts: dict[str, int] = {}
        for node in self.walk():
            name = node.level if node.kind == "point" and node.level else node.kind
            counts[name] = counts.get(name, 0) + 1
        return counts
