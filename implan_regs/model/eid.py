"""The provision-addressing scheme: one stable, unique ``eId`` per provision.

Rules (the only place they are written down; docs/eids.md repeats them for users):

=================  ===========================  =====================================
provision          eId                          note
=================  ===========================  =====================================
libro / título     ``book_1`` / ``title_2``     ordinal words and Roman numerals → 1, 2…
capítulo/sección   ``title_2__chp_3__sec_1``    nested, numbering restarts per parent
artículo           ``art_45``, ``art_5bis``     flat: stable when chapters move
párrafo            ``art_45__para_2``           counts text paragraphs only
fracción           ``art_12__point_III``        Roman numeral as written (upper case)
inciso / numeral   ``art_12__point_III__point_a``, ``…__point_1``
apartado           ``art_123__point_B``
transitorios       ``transitorios_1``           one block per decree, in order
transitorio        ``transitorios_2__trans_1``  ``PRIMERO`` → 1; numbers repeat per block
preámbulo          ``preamble__para_3``
=================  ===========================  =====================================

An unnumbered container is numbered by position among its siblings of the same kind
(``chp_4``). A repeated number gets ``_dup2``, ``_dup3``… and the importer warns.

>>> from implan_regs.model.tree import Provision
>>> arts = [Provision("article", key="5bis", children=[Provision("paragraph", text="x"),
...         Provision("point", key="III", level="fraccion")])]
>>> assign_eids(arts)
[]
>>> [n.eid for n in arts[0].walk()]
['art_5bis', 'art_5bis__para_1', 'art_5bis__point_III']
"""

from __future__ import annotations

import re

from .tree import Provision

PREFIX = {"book": "book", "title": "title", "chapter": "chp", "section": "sec", "subsection": "subsec",
          "article": "art", "paragraph": "para", "point": "point", "transitional": "trans",
          "transitorios": "transitorios"}


def clean_key(key: str) -> str:
    """Keep eId-safe characters only ('XXIX-Y' stays, spaces go, '1.1' becomes '1-1')."""
    return re.sub(r"[^0-9A-Za-z\-]+", "", key.replace(".", "-")).strip("-") or "x"


def _unique(eid: str, used: set[str]) -> str:
    if eid not in used:
        used.add(eid)
        return eid
    n = 2
    while f"{eid}_dup{n}" in used:
        n += 1
    used.add(f"{eid}_dup{n}")
    return f"{eid}_dup{n}"


def assign_eids(body: list[Provision], *, preamble: list[Provision] | None = None) -> list[str]:
    """Assign eIds to the whole tree in place; return the duplicated ones (for warnings)."""
    used: set[str] = set()
    duplicates: list[str] = []

    def number(node: Provision, counters: dict[str, int]) -> str:
        counters[node.kind] = counters.get(node.kind, 0) + 1
        if node.kind == "paragraph" or not node.key:
            return str(counters[node.kind])
        return clean_key(node.key)

    def visit(nodes: list[Provision], container: str, owner: str) -> None:
        counters: dict[str, int] = {}
        for node in nodes:
            prefix = PREFIX[node.kind]
            if node.kind == "article":
                base = f"{prefix}_{number(node, counters)}"
            elif node.kind in ("paragraph", "point", "transitional"):
                scope = owner or container
                base = f"{scope}__{prefix}_{number(node, counters)}" if scope else f"{prefix}_{number(node, counters)}"
            else:  # containers and transitorios blocks nest under their container
                base = f"{container}__{prefix}_{number(node, counters)}" if container else f"{prefix}_{number(node, counters)}"
            eid = _unique(base, used)
            if eid != base:
                duplicates.append(base)
            node.eid = eid
            if node.kind in ("article", "transitional", "paragraph", "point"):
                visit(node.children, container, eid)
            else:
                visit(node.children, eid, "")

    if preamble:
        for i, node in enumerate(preamble, 1):
            node.eid = f"preamble__para_{i}"
    visit(body, "", "")
    return duplicates


def article_eid(eid: str) -> str:
    """The eId of the article (or transitorio) holding ``eid``; ``eid`` itself for containers.

    >>> article_eid("art_45__point_III__point_a"), article_eid("title_4__chp_3__art_7"), article_eid("title_4")
    ('art_45', 'title_4__chp_3__art_7', 'title_4')
    """
    parts = eid.split("__")
    for i, part in enumerate(parts):
        if part.startswith(("art_", "trans_")):
            return "__".join(parts[: i + 1])
    return eid
