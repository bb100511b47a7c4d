"""The package's layering, read from the source: data flows one way,
importers → model → store → (diff, reform, search, export), and cli / web only call the library.

Every ``import`` of the package (module level or inside a function, so lazy imports count) is
an edge between two top-level parts of ``implan_regs``; an edge may only point to a part of the
same layer or a lower one, and the graph between parts has no cycle.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from conftest import PROJECT

PACKAGE = PROJECT / "implan_regs"

#: Layer of each top-level module or package of implan_regs, lowest first.
LAYERS: dict[str, int] = {
    # shared helpers every layer may use
    "implan_regs": 0,  # the package's own __init__
    "errors": 0, "textinput": 0, "xmlsafe": 0, "fsio": 0, "plurals": 0, "cache": 0, "wordstyles": 0,
    "wordanchors": 0, "business_days": 0,
    "model": 1,  # the document model and its Akoma Ntoso form
    "importers": 2, "schemas": 2, "render": 2, "diff": 2,  # read into the model, check, print, compare it
    "store": 3,  # versions, proposals' files and history on disk
    "reform": 4, "accounts": 4,  # proposals, decrees; who may see them
    "observations": 5, "review": 5,  # made on proposals' drafts and versions in force
    "search": 6, "export": 6, "publication": 6,
    "settings": 6,  # the texts an institute keeps in its store, checked by the modules that read them  # publishing is guarded by proposals and observations
    "web": 7, "site": 7, "cli": 7,  # front ends (the web app, the static portal, the CLI): they only call the library
    "__main__": 8,
}

#: Edges that break the layering today, each with where and why; the tests skip only these.
#: Publishing refuses a proposal with pending observations, while observations anchor to drafts.
KNOWN_EXCEPTIONS: dict[tuple[str, str], str] = {
}


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _module_name(path: Path) -> tuple[str, bool]:
    rel = path.relative_to(PROJECT).with_suffix("")
    is_package = rel.name == "__init__"
    return ".".join(rel.parts[:-1] if is_package else rel.parts), is_package


def _imported(node: ast.AST, module: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level == 0:
        base = node.module or ""
    else:
        here = module.split(".") if is_package else module.split(".")[:-1]
        here = here[:len(here) - (node.level - 1)]
        base = ".".join(here + ([node.module] if node.module else []))
    return [base] if node.module else [f"{base}.{alias.name}" for alias in node.names]


def import_edges() -> dict[tuple[str, str], list[str]]:
    """(from part, to part) -> where ("file:line") for every import between two parts."""
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted(PACKAGE.rglob("*.py")):
        module, is_package = _module_name(path)
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            for target in _imported(node, module, is_package):
                if target.startswith("implan_regs.") and _part(target) != _part(module):
                    where = f"{path.relative_to(PROJECT)}:{node.lineno}"
                    edges[(_part(module), _part(target))].append(where)
    return edges


def layered_edges() -> dict[tuple[str, str], list[str]]:
    return {edge: where for edge, where in import_edges().items() if edge not in KNOWN_EXCEPTIONS}


def test_every_part_of_the_package_has_a_layer():
    parts = {p.stem if p.suffix == ".py" else p.name for p in PACKAGE.iterdir()
             if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").is_file()}
    assert parts - set(LAYERS) == set(), "new part of implan_regs: give it a layer in LAYERS"


def test_imports_never_point_to_a_higher_layer():
    def layer(part: str) -> int:
        return LAYERS.get(part, -1)  # a part without a layer fails the test above

    upward = {edge: where for edge, where in layered_edges().items() if layer(edge[1]) > layer(edge[0])}
    assert upward == {}


def test_no_import_cycle_between_parts():
    graph: dict[str, set[str]] = defaultdict(set)
    for source, target in layered_edges():
        graph[source].add(target)

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(n == goal or (n not in seen and reaches(n, goal, seen | {n})) for n in graph[start])

    cycles = sorted(part for part in list(graph) if reaches(part, part, {part}))
    assert cycles == []


def test_the_store_does_not_know_reforms():
    """Proposal files' content is reform's: the store keeps only their ids and paths."""
    assert not [edge for edge in import_edges() if edge == ("store", "reform")]


def test_every_known_exception_still_exists():
    """An exception that was fixed leaves the list (so it cannot come back unnoticed)."""
    assert set(KNOWN_EXCEPTIONS) <= set(import_edges())


def test_the_edges_are_read_with_lazy_imports_too():
    """The checker sees imports inside functions (the CLI's commands import lazily)."""
    edges = import_edges()
    assert ("cli", "reform") in edges and ("store", "model") in edges and ("__main__", "cli") in edges
