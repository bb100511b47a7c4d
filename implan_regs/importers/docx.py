"""DOCX import: owns checking the ZIP container and turning Word's body into SourceLines.

The file is checked as a ZIP before python-docx opens it (not a ZIP, missing
``word/document.xml``, zip bombs, DTDs in XML parts). The body is then walked in document
order, paragraphs and tables interleaved. Each paragraph becomes one
:class:`~.lines.SourceLine` with its style name and the label of Word's automatic
numbering (``I.``, ``a)``), computed from ``numbering.xml`` as Word would display it.
Tracked changes are read as if accepted: deleted text is skipped, inserted text kept.
Tables become one line holding a :class:`~implan_regs.model.tree.Table`; a cell merged
horizontally or vertically keeps its text in its first (top-left) grid cell and the
cells it covers are empty strings, so every row keeps the table's column count.

A document laid out in our own styles (it defines every name of
:data:`implan_regs.wordstyles.OWN_STYLE_NAMES`: our consolidated export, also after a
user edits it in Word or LibreOffice) states its structure in them: a paragraph in
*Fracción*, *Inciso (nivel 1)*, *Párrafo de fracción*... gets a
:class:`~.lines.StructureHint` (point or paragraph, level, depth) and the recognizer places
it there. Paragraphs in any other style, and every paragraph of other documents, carry no
hint and are recognized as before.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import InputError
from ..model.numbers import int_to_ordinal, int_to_roman
from ..model.tree import DocumentMeta, Table
from ..xmlsafe import parse_xml
from . import ImportResult
from .lines import SourceLine, StructureHint

#: Zip-bomb guards.
MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
MAX_ENTRIES = 5_000
MAX_RATIO = 200  # uncompressed / compressed, checked for entries over RATIO_MIN_SIZE
RATIO_MIN_SIZE = 1024 * 1024

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

#: Subtrees whose text is not part of the paragraph once changes are accepted.
_SKIP = {W + t for t in ("del", "moveFrom", "pPr", "rPr", "instrText", "delText", "drawing", "pict",
                         "object", "footnoteReference", "endnoteReference", "commentReference",
                         "fldData")} | {MC + "AlternateContent"}


# --------------------------------------------------------------------- container checks

def check_container(path: Path) -> None:
    """Refuse what is not a sane DOCX before any parser touches it."""
    if not zipfile.is_zipfile(path):
        raise InputError("no es un archivo DOCX válido (no es un ZIP)", path=path)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_sizes(infos, path)
            if "word/document.xml" not in {i.filename for i in infos}:
                raise InputError("no es un archivo DOCX válido (falta word/document.xml)", path=path)
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    parse_xml(zf.read(info), source=f"{path}!{info.filename}")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise InputError(f"no es un archivo DOCX válido (ZIP dañado: {exc})", path=path) from None


def _check_sizes(infos: list[zipfile.ZipInfo], path: Path) -> None:
    if len(infos) > MAX_ENTRIES:
        raise InputError(f"el DOCX tiene demasiadas entradas ({len(infos)}; máximo {MAX_ENTRIES})", path=path)
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise InputError(f"el DOCX descomprimido ocuparía {total // 2**20} MB (máximo "
                         f"{MAX_TOTAL_UNCOMPRESSED // 2**20} MB): posible bomba ZIP", path=path)
    for info in infos:
        if info.file_size > RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(f"la entrada {info.filename} del DOCX tiene una tasa de compresión "
                             f"sospechosa ({info.file_size // max(info.compress_size, 1)}:1): posible bomba ZIP",
                             path=path)


# --------------------------------------------------------------------- automatic numbering

@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 0
    restart: int | None = None  # w:lvlRestart (1-based level after which it restarts; 0 = never)
    legal: bool = False
    caps: bool = False


@dataclass
class Numbering:
    """Word list definitions plus the running counters, as Word displays them."""

    abstract_of: dict[str, str] = field(default_factory=dict)
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # abstractNumId -> levels
    overrides: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId -> levels
    start_overrides: dict[str, dict[int, int]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    used_overrides: set[tuple[str, int]] = field(default_factory=set)

    @classmethod
    def from_part(cls, root: etree._Element | None, style_links: dict[str, str]) -> Numbering:
        num = cls()
        if root is None:
            return num
        for absn in root.iter(W + "abstractNum"):
            aid = absn.get(W + "abstractNumId")
            num.levels[aid] = {int(lvl.get(W + "ilvl", "0")): _read_level(lvl) for lvl in absn.iter(W + "lvl")}
        for n in root.iter(W + "num"):
            nid, absref = n.get(W + "numId"), n.find(W + "abstractNumId")
            num.abstract_of[nid] = absref.get(W + "val") if absref is not None else ""
            for ov in n.iter(W + "lvlOverride"):
                ilvl = int(ov.get(W + "ilvl", "0"))
                start, lvl = ov.find(W + "startOverride"), ov.find(W + "lvl")
                if start is not None:
                    num.start_overrides.setdefault(nid, {})[ilvl] = int(start.get(W + "val", "0"))
                if lvl is not None:
                    num.overrides.setdefault(nid, {})[ilvl] = _read_level(lvl)
        num._follow_style_links(root, style_links)
        return num

    def _follow_style_links(self, root: etree._Element, style_links: dict[str, str]) -> None:
        """An abstractNum with w:numStyleLink takes its levels from the list style's numbering."""
        for absn in root.iter(W + "abstractNum"):
            link = absn.find(W + "numStyleLink")
            if link is None or self.levels.get(absn.get(W + "abstractNumId")):
                continue
            target = self.abstract_of.get(style_links.get(link.get(W + "val"), ""))
            if target:
                self.levels[absn.get(W + "abstractNumId")] = self.levels.get(target, {})

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counters for one numbered paragraph and return its label."""
        aid = self.abstract_of.get(num_id)
        if aid is None:
            return None
        levels = {**self.levels.get(aid, {}), **self.overrides.get(num_id, {})}
        lvl = levels.get(ilvl)
        if lvl is None:
            return None
        counters = self.counters.setdefault(aid, {})
        override = self.start_overrides.get(num_id, {}).get(ilvl)
        if override is not None and (num_id, ilvl) not in self.used_overrides:
            self.used_overrides.add((num_id, ilvl))
            counters[ilvl] = override
        else:
            counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else lvl.start
        for deeper in [d for d in counters if d > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart and ilvl <= restart - 1):
                del counters[deeper]
        return _render(lvl, levels, counters)


def _read_level(lvl: etree._Element) -> _Level:
    def val(tag: str) -> str | None:
        el = lvl.find(W + tag)
        return el.get(W + "val") if el is not None else None

    restart = val("lvlRestart")
    caps = lvl.find(f"{W}rPr/{W}caps")
    return _Level(fmt=val("numFmt") or "decimal", text=val("lvlText") or "", start=int(val("start") or 0),
                  restart=int(restart) if restart is not None else None,
                  legal=lvl.find(W + "isLgl") is not None,
                  caps=caps is not None and caps.get(W + "val", "true") not in ("0", "false"))


def _render(lvl: _Level, levels: dict[int, _Level], counters: dict[int, int]) -> str | None:
    if lvl.fmt == "bullet":
        return None

    def sub(m: re.Match) -> str:
        i = int(m.group(1)) - 1
        other = levels.get(i, _Level())
        value = counters.get(i, other.start)
        return format_number(value, "decimal" if lvl.legal and other.fmt != "none" else other.fmt)

    text = re.sub(r"%([1-9])", sub, lvl.text).strip()
    return (text.upper() if lvl.caps else text) or None


def format_number(value: int, fmt: str) -> str:
    """A counter as Word shows it in the given w:numFmt ('upperRoman', 'lowerLetter'...)."""
    if fmt == "none":
        return ""
    if value <= 0 and fmt not in ("decimal", "decimalZero"):
        return str(value)
    if fmt in ("upperRoman", "lowerRoman"):
        roman = int_to_roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letters = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "ordinal":
        return f"{value}º"
    if fmt == "ordinalText" and 1 <= value <= 999:
        return int_to_ordinal(value).capitalize()
    return str(value)


# --------------------------------------------------------------------- body walk

def _text(el: etree._Element, out: list[str]) -> None:
    """Visible text of a paragraph (or part of one) with all tracked changes accepted."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == W + "t":
            out.append(child.text or "")
        elif tag in (W + "tab", W + "ptab"):
            out.append(" ")
        elif tag in (W + "br", W + "cr"):
            out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        else:
            _text(child, out)


def _raw_text(p: etree._Element) -> str:
    out: list[str] = []
    _text(p, out)
    return "".join(out)


def paragraph_text(p: etree._Element) -> str:
    """Accepted text of a paragraph, spaces collapsed; line breaks kept as newlines."""
    return _clean(_raw_text(p))


def _clean(text: str) -> str:
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))


def _mark_deleted(p: etree._Element) -> bool:
    """The paragraph mark itself is a tracked deletion: the paragraph joins the next one."""
    return p.find(f"{W}pPr/{W}rPr/{W}del") is not None


@dataclass
class _Styles:
    names: dict[str, str] = field(default_factory=dict)
    based_on: dict[str, str] = field(default_factory=dict)
    numpr: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)
    default_para: str | None = None

    @classmethod
    def from_part(cls, root: etree._Element | None) -> _Styles:
        st = cls()
        if root is None:
            return st
        for s in root.iter(W + "style"):
            sid = s.get(W + "styleId")
            name, based, numpr = s.find(W + "name"), s.find(W + "basedOn"), s.find(f"{W}pPr/{W}numPr")
            st.names[sid] = name.get(W + "val") if name is not None else sid
            if based is not None:
                st.based_on[sid] = based.get(W + "val")
            if numpr is not None:
                st.numpr[sid] = _numpr(numpr)
            if s.get(W + "type") == "paragraph" and s.get(W + "default") in ("1", "true"):
                st.default_para = sid
        return st

    def display_name(self, sid: str | None) -> str | None:
        sid = sid or self.default_para
        if sid is None:
            return None
        name = self.names.get(sid, sid)
        return re.sub(r"^heading (\d)$", r"Heading \1", name)  # built-in names are stored lower-case

    def inherited_numpr(self, sid: str | None) -> tuple[str | None, int | None]:
        seen: set[str] = set()
        while sid and sid not in seen:
            seen.add(sid)
            if sid in self.numpr:
                return self.numpr[sid]
            sid = self.based_on.get(sid)
        return None, None


def _numpr(el: etree._Element) -> tuple[str | None, int | None]:
    num_id, ilvl = el.find(W + "numId"), el.find(W + "ilvl")
    return (num_id.get(W + "val") if num_id is not None else None,
            int(ilvl.get(W + "val", "0")) if ilvl is not None else None)


@dataclass
class _Walker:
    styles: _Styles
    numbering: Numbering
    lines: list[SourceLine] = field(default_factory=list)
    pending: str = ""
    index: int = 0
    stated: Callable[[str | None], tuple | None] | None = None  # structure a style states; None: not our layout
    hints: dict[str | None, StructureHint | None] = field(default_factory=dict)

    def walk(self, parent: etree._Element) -> None:
        for child in parent:
            if child.tag == W + "p":
                self.index += 1
                self.paragraph(child)
            elif child.tag == W + "tbl":
                self.index += 1
                self.table(child)
            elif child.tag in (W + "sdt", W + "customXml", W + "sdtContent", W + "ins", W + "moveTo"):
                self.walk(child)

    def paragraph(self, p: etree._Element) -> None:
        sid_el = p.find(f"{W}pPr/{W}pStyle")
        sid = sid_el.get(W + "val") if sid_el is not None else None
        label = self.label(p, sid)
        text = self.pending + _raw_text(p)
        if _mark_deleted(p):
            self.pending = text
            return
        self.pending = ""
        parts = [t for t in _clean(text).split("\n") if t]
        name = self.styles.display_name(sid)
        hint = self.hint(name)
        for i, part in enumerate(parts):
            self.lines.append(SourceLine(part, lineno=self.index, style=name, label=label if i == 0 else None,
                                         blank_before=i == 0, hint=hint))

    def hint(self, name: str | None) -> StructureHint | None:
        """The structure a style of ours states (None for other styles and other documents)."""
        if self.stated is None:
            return None
        if name not in self.hints:
            stated = self.stated(name)
            self.hints[name] = StructureHint(*stated) if stated else None
        return self.hints[name]

    def label(self, p: etree._Element, sid: str | None) -> str | None:
        own = p.find(f"{W}pPr/{W}numPr")
        num_id, ilvl = _numpr(own) if own is not None else (None, None)
        style_id, style_lvl = self.styles.inherited_numpr(sid)
        num_id = num_id or style_id
        if not num_id or num_id == "0":
            return None
        return self.numbering.label(num_id, ilvl if ilvl is not None else (style_lvl or 0))

    def table(self, tbl: etree._Element) -> None:
        rows: list[list[str]] = []
        merges: list[list[_Merge]] = []
        headers = 0
        for tr in tbl.iterchildren(W + "tr"):
            if tr.find(f"{W}trPr/{W}del") is not None:
                continue
            if tr.find(f"{W}trPr/{W}tblHeader") is not None and headers == len(rows):
                headers += 1
            cells, merged = _row_cells(tr)
            rows.append(cells)
            merges.append(merged)
        if not rows:
            return
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        if headers == 0 and len(rows) > 1:
            headers = 1
        table = Table(rows, headers, _spans(merges))
        self.lines.append(SourceLine("", lineno=self.index, table=table, blank_before=True))


def _grid(el: etree._Element | None, tag: str) -> int:
    found = el.find(W + tag) if el is not None else None
    return int(found.get(W + "val", "1")) if found is not None else 0


@dataclass
class _Merge:
    """One Word cell of a row: its first grid column, the columns it spans (``gridSpan``) and its
    vertical merge (``vMerge``: "restart" starts a merged cell, "continue" is covered by it)."""

    column: int
    across: int
    vertical: str | None


def _row_cells(tr: etree._Element) -> tuple[list[str], list[_Merge]]:
    """A row's texts on the table grid (a cell spanning columns is followed by "" for each one it
    covers; a cell covered by a vertical merge is "") and where each Word cell sits."""
    trpr = tr.find(W + "trPr")
    cells = [""] * _grid(trpr, "gridBefore")
    merges = []
    for tc in tr.iter(W + "tc"):
        if tc.getparent() is not tr and tc.getparent().tag != W + "sdtContent":
            continue  # a nested table's cell: its text is already in the outer cell
        tcpr = tc.find(W + "tcPr")
        vmerge = tcpr.find(W + "vMerge") if tcpr is not None else None
        vertical = vmerge.get(W + "val", "continue") if vmerge is not None else None
        text = "" if vertical == "continue" else " ".join(
            t for t in (" ".join(paragraph_text(p).split()) for p in tc.iter(W + "p")) if t)
        across = max(_grid(tcpr, "gridSpan"), 1)
        merges.append(_Merge(len(cells), across, vertical))
        cells.append(text)
        cells.extend([""] * (across - 1))
    return cells + [""] * _grid(trpr, "gridAfter"), merges


def _spans(rows: list[list[_Merge]]) -> dict[tuple[int, int], tuple[int, int]]:
    """Merged cells of a Word table as :attr:`Table.spans`: ``gridSpan`` across, a ``vMerge``
    restart followed by continues in the same column down."""
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    open_down: dict[int, tuple[int, int]] = {}  # column -> (row of the restart, columns it spans)
    for r, merges in enumerate(rows):
        for m in merges:
            if m.vertical == "continue" and m.column in open_down:
                start, across = open_down[m.column]
                spans[(start, m.column)] = (r - start + 1, across)
                continue
            open_down.pop(m.column, None)
            if m.vertical == "restart":
                open_down[m.column] = (r, m.across)
            if m.across > 1:
                spans[(r, m.column)] = (1, m.across)
    return spans


# --------------------------------------------------------------------- entry points

def _part(document, reltype_suffix: str) -> etree._Element | None:
    for rel in document.part.rels.values():
        if rel.reltype.endswith(reltype_suffix) and not rel.is_external:
            return parse_xml(rel.target_part.blob, source=rel.target_ref)
    return None


def docx_lines(path: Path | str) -> list[SourceLine]:
    """The body of a DOCX as SourceLines, in document order (checks the file first)."""
    import docx

    path = Path(path)
    check_container(path)
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises KeyError, ValueError, PackageNotFoundError...
        raise InputError(f"no se pudo abrir el DOCX: {exc}", path=path) from None
    styles_root = _part(document, "/styles")
    styles = _Styles.from_part(styles_root)
    links = {sid: num for sid, (num, _) in styles.numpr.items() if num}
    walker = _Walker(styles, Numbering.from_part(_part(document, "/numbering"), links))
    from ..wordstyles import OWN_STYLE_NAMES, structure_of

    if OWN_STYLE_NAMES <= set(styles.names.values()):  # laid out in our styles: trust what they state
        walker.stated = structure_of
    walker.walk(document.element.body)
    return walker.lines


def import_docx(path: Path | str, meta: DocumentMeta) -> ImportResult:
    """Import a Word document: lines from the body, structure from the shared recognizer."""
    from .recognizer import recognize
    from .report import check_collapse

    lines = docx_lines(path)
    result = recognize(lines, meta)
    check_collapse(result, lines)
    return result
