"""Does a decree produce the draft? Apply it to the base with the decree reader and compare.

The decree a proposal generates is read back by the same reader that reads published decrees
(:mod:`.decree_reader`, :mod:`.decree_apply`), applied to the proposal's base, and the result is
compared with the draft provision by provision (number, heading, text, table, derogation, order).
Anything the generator forgets therefore shows up as a difference, and ``publish`` refuses it.

>>> from implan_regs.model.tree import Document, DocumentMeta, Provision
>>> from implan_regs.model.eid import assign_eids
>>> def doc(text):
...     d = Document(DocumentMeta("w", "reglamento", "Reglamento X"), body=[Provision("article",
...          num="Artículo 1.-", key="1", children=[Provision("paragraph", text=text)])])
...     assign_eids(d.body)
...     return d
>>> compare_documents(doc("Uno."), doc("Dos."))[0].eid
'art_1__para_1'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.tree import Document, Provision
from .decree_apply import Applied, Problem, apply_decree
from .decree_reader import read_decree


@dataclass
class Difference:
    eid: str
    expected: str | None  # what the draft has
    actual: str | None  # what the decree produces

    def describe(self) -> str:
        if self.expected is None:
            return f"{self.eid}: el decreto produce una disposición que el borrador no tiene"
        if self.actual is None:
            return f"{self.eid}: el decreto no produce esta disposición del borrador"
        return f"{self.eid}: el decreto produce un texto distinto del borrador"

    def to_json(self) -> dict:
        return {"eId": self.eid, "borrador": self.expected, "decreto": self.actual}


@dataclass
class Verification:
    differences: list[Difference] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    applied: Applied | None = None
    transitorios_ok: bool = True

    @property
    def ok(self) -> bool:
        return not self.differences and not self.problems and self.transitorios_ok

    def to_json(self) -> dict:
        return {"verificado": self.ok, "diferencias": [d.to_json() for d in self.differences],
                "problemas": [str(p) for p in self.problems], "transitorios_coinciden": self.transitorios_ok,
                "instrucciones": [o.to_json() for o in self.applied.outcomes] if self.applied else []}


def _signature(node: Provision) -> str:
    parts = [node.kind, node.level or "", node.key or "", " ".join((node.heading or "").split()),
             " ".join((node.text or "").split())]
    if node.table is not None:
        parts.append(repr(node.table.rows) + (repr(sorted(node.table.spans.items())) if node.table.spans else ""))
    if node.derogated:
        parts.append("derogado")
    return " | ".join(parts)


def _flatten(doc: Document) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []

    def visit(nodes: list[Provision]) -> None:
        for node in nodes:
            if node.kind == "transitorios":
                continue
            out.append((node.eid, _signature(node)))
            visit(node.children)

    visit(doc.body)
    return out


def compare_documents(expected: Document, actual: Document) -> list[Difference]:
    """Provision-by-provision differences of two bodies (transitorios blocks aside)."""
    exp, act = _flatten(expected), _flatten(actual)
    if exp == act:
        return []
    exp_map, act_map = dict(exp), dict(act)
    out = []
    for eid, sig in exp:
        if act_map.get(eid) != sig:
            out.append(Difference(eid, sig, act_map.get(eid)))
    for eid, sig in act:
        if eid not in exp_map:
            out.append(Difference(eid, None, sig))
    if not out:  # same provisions, other order
        out.append(Difference(next(e for (e, _), (a, _) in zip(exp, act, strict=False) if e != a), "orden", "orden"))
    return out


def verify_text(base: Document, draft: Document, decree_text: str, transitorios: list[str] | None = None
                ) -> Verification:
    """Apply ``decree_text`` to ``base`` and compare with ``draft``."""
    read = read_decree(decree_text)
    applied = apply_decree(base, read)
    result = Verification(compare_documents(draft, applied.document), list(applied.problems), applied)
    if transitorios is not None:
        result.transitorios_ok = [" ".join(t.split()) for t in read.transitorios] == \
            [" ".join(t.split()) for t in transitorios]
    return result
