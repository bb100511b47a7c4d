"""What the tree-building stage carries from line to line: the document being built, the open
containers, article, points and transitorios block, the paragraph mode, and the report."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...model.tree import Document, Provision
from ..lines import SourceLine
from ..report import ImportReport


@dataclass
class Label:
    """A point label found at the start of a line, with every reading it allows."""

    readings: list[tuple[str, str, int]]  # (level, key, value) candidates, most likely first
    num: str
    rest: str


@dataclass
class _Open:
    node: Provision
    level: str
    value: int
    indent: int


@dataclass
class _State:
    report: ImportReport
    mode: str
    width: int
    doc: Document
    containers: list[Provision] = field(default_factory=list)
    article: Provision | None = None
    points: list[_Open] = field(default_factory=list)
    block: Provision | None = None  # current transitorios block
    target: Provision | None = None  # node whose text the next continuation line extends
    target_para: Provision | None = None
    prev_text: str = ""
    phase: str = "front"  # front | body | transitorios | conclusions
    lines: list[SourceLine] = field(default_factory=list)
    index: int = 0
    indented: bool = False  # indentation tells which fracción a paragraph belongs to
    decree_intro: bool = False  # between a reform decree's title and its TRANSITORIOS heading
    signature: bool = False  # inside a signature block ("Dado en…", names, offices)
    signature_paras: list[Provision] = field(default_factory=list)
    pending_heading: Provision | None = None
    pending_lines: int = 0
    last_article_value: dict[str, tuple[int, int]] = field(default_factory=dict)
