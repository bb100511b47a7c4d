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
    """A table that is part of the legal text (rows of cell texts; the first ``header_rows`` are headers).

    Merged cells: ``spans`` maps a merged cell's first (top-left) position ``(row, column)`` to the
    ``(rows, columns)`` it covers; the cells it covers stay in ``rows`` as ``""``, so every row
    keeps every column and readers that ignore spans still see a grid.

    >>> t = Table([["Zona", "Densidad", ""], ["Centro", "H1", "H2"]], spans={(0, 1): (1, 2)})
    >>> t.span(0, 1), sorted(t.covered())
    ((1, 2), [(0, 2)])
    """

    rows: list[list[str]]
    header_rows: int = 1
    spans: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)

    def span(self, row: int, column: int) -> tuple[int, int]:
        """(rows, columns) the cell at this position covers: (1, 1) unless it starts a merged cell."""
        return self.spans.get((row, column), (1, 1))

    def covered(self) -> set[tuple[int, int]]:
        """Positions hidden under a merged cell (not its first one)."""
        return set(self._origins())

    def _origins(self) -> dict[tuple[int, int], tuple[int, int]]:
        return {(row + i, column + j): (row, column) for (row, column), (down, across) in self.spans.items()
                for i in range(down) for j in range(across) if i or j}

    def marked_rows(self) -> list[list[str]]:
        """The rows as text writes them: a position covered by a merged cell reads ``<`` in the
        merged cell's first row (merged with the cell on its left) and ``^`` below it (merged with
        the cell above). :meth:`from_marked` reads them back.

        >>> Table([["Zona", "Uso", ""], ["Centro", "H1", "H2"], ["", "H3", "H4"]],
        ...       spans={(0, 1): (1, 2), (1, 0): (2, 1)}).marked_rows()
        [['Zona', 'Uso', '<'], ['Centro', 'H1', 'H2'], ['^', 'H3', 'H4']]
        """
        out = [list(r) for r in self.rows]
        for (r, c), (row, _) in self._origins().items():
            if r < len(out) and c < len(out[r]):
                out[r][c] = SPAN_LEFT if r == row else SPAN_UP
        return out

    @classmethod
    def from_marked(cls, rows: list[list[str]], header_rows: int = 1) -> Table:
        """A table from rows whose ``<`` and ``^`` cells mark merged cells (see :meth:`marked_rows`);
        a marker with no cell to merge into stays text.

        >>> Table.from_marked([["Zona", "Uso", "<"], ["Centro", "H1", "H2"], ["^", "H3", "H4"]]).spans
        {(0, 1): (1, 2), (1, 0): (2, 1)}
        """
        grid = [list(r) for r in rows]
        extent: dict[tuple[int, int], tuple[int, int]] = {}
        for r, row in enumerate(grid):
            for c, cell in enumerate(row):
                if cell not in (SPAN_LEFT, SPAN_UP):
                    continue
                origin = _merge_origin(rows, r, c)
                if origin is None:
                    continue
                down, across = extent.get(origin, (1, 1))
                extent[origin] = (max(down, r - origin[0] + 1), max(across, c - origin[1] + 1))
                grid[r][c] = ""
        return cls(grid, header_rows, extent)


SPAN_LEFT, SPAN_UP = "<", "^"


def _merge_origin(rows: list[list[str]], r: int, c: int) -> tuple[int, int] | None:
    """The first cell of the merged cell a ``<``/``^`` marker at (r, c) belongs to."""
    while r >= 0 and c < len(rows[r]) and rows[r][c] == SPAN_UP:
        r -= 1
    while c >= 0 and r >= 0 and c < len(rows[r]) and rows[r][c] == SPAN_LEFT:
        c -= 1
    if r < 0 or c < 0 or rows[r][c] in (SPAN_LEFT, SPAN_UP):
        return None
    return r, c


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
            if self.table.spans:
                data["table"]["spans"] = [[r, c, down, across] for (r, c), (down, across)
                                          in sorted(self.table.spans.items())]
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
