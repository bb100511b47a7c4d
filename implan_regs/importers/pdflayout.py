"""Reading a PDF's page, not only its text stream: positioned lines and ruled tables (pypdfium2).

Owns turning a PDF into :class:`~.lines.SourceLine` objects the recognizer can trust:

* lines come from PDFium's own text layout (its reading order puts the column-split fracciones
  of the IMPLAN initiative in order); lines sharing a baseline are merged left to right;
* running headers, footers and page numbers are removed **by position**: a line in the top or
  bottom band of its page that is a page number, or whose words (digits aside) recur in that
  band on many pages;
* párrafo breaks come from the page: a vertical gap clearly larger than the usual line pitch,
  or a first-line indent after a line that ends a sentence, sets ``blank_before``;
* tables drawn with ruling lines become one ``SourceLine`` holding a :class:`~..model.tree.Table`
  (rows x columns from the rulings, each character placed in its cell), at the table's place
  in the reading order; a table continued on the next page is joined to it, its repeated
  header row dropped.

Why pypdfium2 (measured on the 7 real PDFs of the shared corpus, 235 pages): reading every
character's box costs 1.5–4× ``pdftotext`` with PDFium and 30–90× with pdfplumber (pdfminer in
pure Python: 12.9 s against 0.4 s for the Reglamento de Movilidad), over the 5× budget before any
layout work. PDFium also gives its lines already in reading order (the IMPLAN initiative's
fracciones, split into two columns, come out as "I. Vigilar …"), so only the first and last
character of each line are measured, and every character only inside tables.

Line-end hyphenation is undone where wrapped lines are joined (:func:`.normalize.join_wrapped`).
"""

from __future__ import annotations

import ctypes
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..model.tree import Table
from ..plurals import counted
from .lines import SourceLine
from .normalize import clean_inline

#: Share of the page height, at the top and at the bottom, where running headers and footers live.
MARGIN_BAND = 0.13
#: A header/footer repeats on at least this share of the pages (and on at least 3 pages).
REPEAT_SHARE = 0.3
#: A gap between lines this many line heights larger than the usual leading starts a new párrafo.
GAP_LINES = 0.6
#: Ruling lines are at most this thick (points); tolerance when matching coordinates.
RULE_THICKNESS = 2.5
SNAP = 2.0
#: Above this many (horizontal x vertical) ruling pairs a page is a drawing (a plan, a map), not a table.
MAX_RULING_PAIRS = 250_000

_PAGE_NUMBER = re.compile(r"(?:p[áa]g(?:ina|\.)?\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:de|/)\s*\d{1,4})?",
                          re.IGNORECASE)
_SENTENCE_END = (".", ":", ";")


@dataclass
class PdfLine:
    """One line of a page; coordinates in points from the page's top-left corner."""

    text: str
    page: int  # 1-based
    top: float
    bottom: float
    left: float
    right: float
    size: float
    start: int = 0  # index of its first character in the page's text (for table cells)
    end: int = 0
    blank_before: bool = False
    table: Table | None = None

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class PdfPage:
    number: int
    width: float
    height: float
    lines: list[PdfLine] = field(default_factory=list)
    guesses: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class PdfText:
    """What the positioned reader found: lines in reading order (tables as lines with a table)."""

    lines: list[PdfLine]
    pages: int
    removed_furniture: int = 0
    guesses: list[tuple[int, str]] = field(default_factory=list)  # (page, Spanish message)

    def source_lines(self) -> list[SourceLine]:
        out = []
        for lineno, line in enumerate(self.lines, 1):
            out.append(SourceLine(line.text, lineno, table=line.table, blank_before=line.blank_before,
                                  page=line.page))
        return out


# --------------------------------------------------------------------- entry point

def read_pdf(path: Path) -> PdfText:
    """Positioned lines of every page (raises pypdfium2's ``PdfiumError`` on a broken file)."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = [_read_page(pdf[i], i + 1) for i in range(len(pdf))]
    finally:
        pdf.close()
    removed = _drop_furniture(pages)
    lines: list[PdfLine] = []
    guesses = [guess for page in pages for guess in page.guesses]
    for page in pages:
        _mark_breaks(page.lines)
        lines.extend(page.lines)
    guesses += _join_continued_tables(lines)
    return PdfText([line for line in lines if line.text or line.table], len(pages), removed, sorted(guesses))


# --------------------------------------------------------------------- one page

def _read_page(page, number: int) -> PdfPage:
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range()
        if len(text) != count:  # a character PDFium could not map 1:1: rebuild the text char by char
            text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i) or 32) for i in range(count))
        text = _undo_hyphenation(text)
        boxes = _Boxes(textpage.raw, height)
        lines = _lines_of(text, boxes, number)
        out = PdfPage(number, width, height, _merge_same_baseline(lines))
        tables = _tables(page, boxes, text, out)
        if tables:
            out.lines = _place_tables(out.lines, tables)
    finally:
        textpage.close()
    return out


def _undo_hyphenation(text: str) -> str:
    """PDFium joins a word hyphenated at the end of a line and marks the hyphen U+FFFE: before a
    lower-case letter it was hyphenation ("planea-" + "ción" -> "planeación"), elsewhere a real
    hyphen ("SEMARNAT-" + "2006"). A same-length substitution keeps character indexes valid."""
    return _LINE_END_HYPHEN.sub("\u200b", text).replace("\ufffe", "-").replace("\uffff", " ")


_LINE_END_HYPHEN = re.compile("\ufffe(?=[a-záéíóúüñ])")


class _Boxes:
    """Character boxes through PDFium's C API (the Python wrapper costs 5× more per call)."""

    def __init__(self, textpage, height: float) -> None:
        self.textpage, self.height = textpage, height
        self._l, self._r, self._b, self._t = (ctypes.c_double() for _ in range(4))

    def box(self, index: int) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) from the page's top."""
        pdfium_c.FPDFText_GetCharBox(self.textpage, index, self._l, self._r, self._b, self._t)
        return self._l.value, self.height - self._t.value, self._r.value, self.height - self._b.value

    def size(self, index: int) -> float:
        return float(pdfium_c.FPDFText_GetFontSize(self.textpage, index))


def _lines_of(text: str, boxes: _Boxes, page: int) -> list[PdfLine]:
    out: list[PdfLine] = []
    pos = 0
    for chunk in text.split("\r\n"):
        start, pos = pos, pos + len(chunk) + 2
        stripped = chunk.strip(" \t\r\n\u00a0")
        if not stripped:
            continue
        first = start + chunk.index(stripped[0])
        last = start + len(chunk.rstrip(" \t\r\n\u00a0")) - 1
        left, top, _, bottom = boxes.box(first)
        _, top2, right, bottom2 = boxes.box(last)
        size = boxes.size(first) or (bottom - top)
        chunk = _spaced_label(chunk, start, boxes, max(bottom - top, 1.0))
        out.append(PdfLine(chunk, page, min(top, top2), max(bottom, bottom2), left, right, size, start,
                           start + len(chunk)))
    return out


_LABEL_END = re.compile(r"^\s*\S{1,7}?[.)\-](?=\S)")


def _spaced_label(chunk: str, start: int, boxes: _Boxes, height: float) -> str:
    """A label printed apart from its text with no space character ("VII.A la vigilancia", the gap
    made by a tab stop) gets its space, so that "VII." is read as a fracción."""
    m = _LABEL_END.match(chunk)
    if not m:
        return chunk
    end = m.end()
    _, _, right, _ = boxes.box(start + end - 1)
    left, _, _, _ = boxes.box(start + end)
    return f"{chunk[:end]} {chunk[end:]}" if left - right > 0.2 * height else chunk


def _merge_same_baseline(lines: list[PdfLine]) -> list[PdfLine]:
    """Consecutive pieces of one printed line ("I." then its text in the next column) -> one line."""
    out: list[PdfLine] = []
    for line in lines:
        prev = out[-1] if out else None
        if prev is not None and _overlap(prev, line) > 0.6 and line.left >= prev.right - SNAP:
            prev.text = f"{prev.text.rstrip()} {line.text.lstrip()}"
            prev.right, prev.end = line.right, line.end
            prev.top, prev.bottom = min(prev.top, line.top), max(prev.bottom, line.bottom)
            continue
        out.append(line)
    return out


def _overlap(a: PdfLine, b: PdfLine) -> float:
    inter = min(a.bottom, b.bottom) - max(a.top, b.top)
    return inter / max(min(a.bottom - a.top, b.bottom - b.top), 0.1)


# --------------------------------------------------------------------- headers, footers, page numbers

def _furniture_key(line: PdfLine) -> str:
    return re.sub(r"\d+", "#", " ".join(clean_inline(line.text).split()).lower())


def _in_band(line: PdfLine, page: PdfPage) -> bool:
    return line.bottom <= page.height * MARGIN_BAND or line.top >= page.height * (1 - MARGIN_BAND)


def _drop_furniture(pages: list[PdfPage]) -> int:
    """Remove page numbers and running headers/footers found in the top and bottom bands."""
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({_furniture_key(line) for line in page.lines if _in_band(line, page)})
    repeated = {key for key, n in seen.items() if n >= max(3, REPEAT_SHARE * len(pages))}
    removed = 0
    for page in pages:
        kept = []
        for line in page.lines:
            cleaned = clean_inline(line.text)
            furniture = line.table is None and _in_band(line, page) and (
                _PAGE_NUMBER.fullmatch(cleaned) or _furniture_key(line) in repeated)
            if furniture or not cleaned and line.table is None:
                removed += bool(furniture)
                continue
            line.text = cleaned if line.table is None else ""
            kept.append(line)
        page.lines = kept
    return removed


# --------------------------------------------------------------------- párrafo breaks

def _mark_breaks(lines: list[PdfLine]) -> None:
    """A gap between lines clearly larger than the page's usual leading, or a first-line indent
    after a line that ends a sentence, starts a new párrafo."""
    text_lines = [line for line in lines if line.table is None]
    gaps = sorted(b.top - a.bottom for a, b in zip(text_lines, text_lines[1:], strict=False)
                  if -SNAP < b.top - a.bottom < 2 * a.height)
    if not gaps:
        return
    leading = gaps[len(gaps) * 3 // 10]  # the usual space between wrapped lines (low percentile)
    left = statistics.median(line.left for line in text_lines)
    for i in range(1, len(lines)):
        prev, line = lines[i - 1], lines[i]
        if line.table is not None or prev.table is not None:
            line.blank_before = True
            continue
        gap = line.top - prev.bottom
        if gap > leading + GAP_LINES * min(line.height, prev.height):
            line.blank_before = True
        elif gap > -SNAP and prev.text.rstrip().endswith(_SENTENCE_END) and _first_line_indent(lines, i, left):
            line.blank_before = True


def _first_line_indent(lines: list[PdfLine], i: int, left: float) -> bool:
    line = lines[i]
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    indent, em = line.left - left, line.height
    return 1.5 * em < indent < 12 * em and nxt is not None and nxt.table is None \
        and abs(nxt.left - left) < em and line.text[:1].isupper()


# --------------------------------------------------------------------- tables

@dataclass
class _Grid:
    """A ruled table: its row boundaries and, for each row, its own column boundaries (a title
    row spanning the table has none inside; tables stacked on one page may differ)."""

    ys: list[float]  # row boundaries, top to bottom
    verticals: list[tuple[float, float, float]]
    columns: list[list[float]] = field(default_factory=list)  # per row: boundaries left to right

    def __post_init__(self) -> None:
        self.columns = [self._row_columns(r) for r in range(len(self.ys) - 1)]

    def _row_columns(self, row: int) -> list[float]:
        mid = (self.ys[row] + self.ys[row + 1]) / 2
        return _cluster([v[2] for v in self.verticals if v[0] - SNAP <= mid <= v[1] + SNAP])

    @property
    def top(self) -> float:
        return self.ys[0]

    @property
    def bottom(self) -> float:
        return self.ys[-1]

    @property
    def left(self) -> float:
        return min(c[0] for c in self.columns if c)

    @property
    def right(self) -> float:
        return max(c[-1] for c in self.columns if c)

    def contains(self, line: PdfLine) -> bool:
        return self.top - SNAP < line.middle < self.bottom + SNAP \
            and line.left > self.left - SNAP and line.right < self.right + SNAP

    def row(self, y: float) -> int | None:
        return next((i for i in range(len(self.ys) - 1) if self.ys[i] - SNAP <= y <= self.ys[i + 1] + SNAP), None)


def _visible(path) -> bool:
    """A path that paints something other than white (white boxes behind text are no rulings)."""
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(path, fill_mode, stroke)
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    painted = []
    if fill_mode.value:
        pdfium_c.FPDFPageObj_GetFillColor(path, r, g, b, a)
        painted.append((r.value, g.value, b.value, a.value))
    if stroke.value:
        pdfium_c.FPDFPageObj_GetStrokeColor(path, r, g, b, a)
        painted.append((r.value, g.value, b.value, a.value))
    return any(alpha > 0 and min(red, green, blue) < 230 for red, green, blue, alpha in painted)


def _rulings(page, height: float) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Horizontal (x0, x1, y) and vertical (y0, y1, x) segments painted on the page (from the top)."""
    hs, vs = [], []
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=3):
        if not _visible(obj.raw):
            continue
        left, bottom, right, top = obj.get_bounds()
        top, bottom = height - top, height - bottom
        w, h = right - left, bottom - top
        if h <= RULE_THICKNESS and w > 3 * RULE_THICKNESS:
            hs.append((left, right, (top + bottom) / 2))
        elif w <= RULE_THICKNESS and h > 3 * RULE_THICKNESS:
            vs.append((top, bottom, (left + right) / 2))
        elif w > 3 * RULE_THICKNESS and h > 3 * RULE_THICKNESS:  # a framed or filled cell: its four edges
            hs += [(left, right, top), (left, right, bottom)]
            vs += [(top, bottom, left), (top, bottom, right)]
    return hs, vs


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > SNAP:
            out.append(v)
    return out


def _merge_collinear(segments: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Segments on one line (same third coordinate) that touch -> one segment."""
    out: list[list[float]] = []
    for a, b, at in sorted(segments, key=lambda s: (round(s[2] / SNAP), s[0])):
        last = out[-1] if out else None
        if last is not None and abs(last[2] - at) <= SNAP and a <= last[1] + 2 * SNAP:
            last[1] = max(last[1], b)
        else:
            out.append([a, b, at])
    return [(a, b, at) for a, b, at in out]


def _grids(hs: list[tuple[float, float, float]], vs: list[tuple[float, float, float]]) -> list[_Grid]:
    """Connected sets of crossing rulings with at least two rows of at least two cells."""
    hs, vs = _merge_collinear(hs), _merge_collinear(vs)
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (x0, x1, y) in enumerate(hs):
        for j, (y0, y1, x) in enumerate(vs):
            if x0 - SNAP <= x <= x1 + SNAP and y0 - SNAP <= y <= y1 + SNAP:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list, list]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    grids = []
    for group_h, group_v in groups.values():
        # a table whose outer ruling is missing still has its verticals: they bound its first/last row
        ys = _cluster([h[2] for h in group_h] + [min(v[0] for v in group_v), max(v[1] for v in group_v)]
                      if group_v else [h[2] for h in group_h])
        if len(ys) < 2:
            continue
        grid = _Grid(ys, group_v)
        if any(len(c) >= 3 for c in grid.columns):  # at least one row of two cells
            grids.append(grid)
    return sorted(grids, key=lambda g: g.top)


def _tables(page, boxes: _Boxes, text: str, out: PdfPage) -> list[tuple[_Grid, Table]]:
    hs, vs = _rulings(page, out.height)
    if len(hs) < 3 or len(vs) < 3:
        return []
    if len(hs) * len(vs) > MAX_RULING_PAIRS:  # a drawing, not a table: its text stays text
        out.guesses.append((out.number, f"la página tiene {counted(len(hs) + len(vs), 'trazo')}: se leyó como texto, sin "
                                        "buscar tablas"))
        return []
    found = []
    for grid in _grids(hs, vs):
        members = [line for line in out.lines if grid.contains(line)]
        if not members:
            continue
        placed = _place_chars(grid, members, text, boxes)
        for row in _implicit_columns(grid, placed):
            sample = "".join(c[4] for c in placed.get(row, []))[:50].strip()
            out.guesses.append((out.number, f"tabla: la fila «{sample}» no tiene todas las líneas de columna; "
                                            "se supusieron las de las filas vecinas"))
        cells: dict[tuple[int, int], list[tuple[int, str]]] = {}
        for row, chars in placed.items():
            xs = grid.columns[row]
            for line_no, x, _, _, ch in chars:
                col = next((j for j in range(len(xs) - 1) if x <= xs[j + 1] + SNAP), len(xs) - 2)
                cells.setdefault((row, max(col, 0)), []).append((line_no, ch))
        rows, spans = _rows(grid, cells)
        if rows and max(len([c for c in r if c]) for r in rows) >= 2:
            found.append((grid, Table(rows, 1 if _looks_like_header(rows) else 0, spans)))
            for line in members:
                line.text = ""  # its characters now live in the table's cells
    return found


def _place_chars(grid: _Grid, members: list[PdfLine], text: str,
                 boxes: _Boxes) -> dict[int, list[tuple[int, float, float, float, str]]]:
    """Each character of the table's lines in its row: (line, centre x, left, right, char), in
    reading order; a space goes with the character before it."""
    placed: dict[int, list[tuple[int, float, float, float, str]]] = {}
    for n, line in enumerate(members):
        row: int | None = None
        x = left = right = 0.0
        for index in range(line.start, line.end):
            ch = text[index]
            if ch.strip():
                left, top, right, bottom = boxes.box(index)
                x = (left + right) / 2
                row = grid.row((top + bottom) / 2)
            if row is not None:
                placed.setdefault(row, []).append((n, x, left, right, ch))
    return placed


def _implicit_columns(grid: _Grid, placed: dict[int, list[tuple[int, float, float, float, str]]]) -> list[int]:
    """A row drawn without some inner rulings (merged cells, or a careless table) takes the
    boundaries of the rows around it wherever its text leaves a clear gap there: a fine printed
    in the concept's cell goes back to its column, a centred title across the table stays whole."""
    full = max(len(c) for c in grid.columns)
    changed = []
    for r, xs in enumerate(grid.columns):
        if len(xs) >= full or len(xs) < 2:
            continue
        model = next((grid.columns[k] for k in sorted(range(len(grid.columns)), key=lambda k: abs(k - r))
                      if len(grid.columns[k]) == full), None)
        chars = [c for c in placed.get(r, []) if c[4].strip()]
        if model is None or not chars:
            continue
        added = [x for x in model[1:-1] if all(abs(x - b) > 3 * SNAP for b in xs)
                 and not any(c[2] - SNAP < x < c[3] + SNAP for c in chars)
                 and any(c[1] < x for c in chars) and any(c[1] > x for c in chars)]
        if added:
            grid.columns[r] = sorted(xs + added)
            changed.append(r)
    return changed


def _rows(grid: _Grid, cells: dict[tuple[int, int], list[tuple[int, str]]]
          ) -> tuple[list[list[str]], dict[tuple[int, int], tuple[int, int]]]:
    """Cell texts row by row, as many columns as most rows have, and the merged cells: a row with
    fewer cells whose rulings fall on the table's column lines has cells merged across columns
    (a title row across the table, a cell over two columns); another row with fewer cells is
    padded on the right; in a row with more, empty cells are dropped first, then the last ones
    joined."""
    width = Counter(len(c) - 1 for c in grid.columns if len(c) >= 2).most_common(1)[0][0]
    model = next(xs for xs in grid.columns if len(xs) - 1 == width)
    rows: list[list[str]] = []
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for r, xs in enumerate(grid.columns):
        row = [_cell_text(cells.get((r, c), [])) for c in range(max(len(xs) - 1, 1))]
        starts = _on_columns(xs, model) if 2 <= len(xs) <= width else None
        if starts is not None:
            spread = [""] * width
            for c, text in enumerate(row):
                spread[starts[c]] = text
                if starts[c + 1] - starts[c] > 1:
                    spans[(len(rows), starts[c])] = (1, starts[c + 1] - starts[c])
            row = spread
        while len(row) > width and "" in row[1:]:
            del row[row.index("", 1)]
        if len(row) > width:
            row[width - 1:] = [" ".join(row[width - 1:])]
        row += [""] * (width - len(row))
        if any(row):
            rows.append(row)
        else:
            spans = {k: v for k, v in spans.items() if k[0] != len(rows)}
    return rows, spans


def _on_columns(xs: list[float], model: list[float]) -> list[int] | None:
    """The model column index of each of a row's boundaries, when every one falls on a column line
    of the table (within a few points) and the row covers the table's width; None otherwise."""
    starts = []
    for x in xs:
        k = min(range(len(model)), key=lambda i: abs(model[i] - x))
        if abs(model[k] - x) > 3 * SNAP:
            return None
        starts.append(k)
    ok = starts[0] == 0 and starts[-1] == len(model) - 1 and all(a < b for a, b in zip(starts, starts[1:], strict=False))
    return starts if ok else None


def _cell_text(chars: list[tuple[int, str]]) -> str:
    """A cell's characters in the page's reading order; its printed lines joined by a space."""
    parts: list[str] = []
    current = None
    for line, ch in chars:
        if current is not None and line != current:
            parts.append(" ")
        parts.append(ch)
        current = line
    return " ".join(clean_inline("".join(parts)).split())


def _looks_like_header(rows: list[list[str]]) -> bool:
    """A first row of column names: no numbers over rows that start with one (N° | CONCEPTO |
    MULTA), or short labels over long cells (Causas de Sanción | Monto de la Sanción)."""
    first, rest = rows[0], rows[1:]
    if not rest or any(c[:1].isdigit() for c in first):
        return False
    starts_numeric = sum(1 for r in rest if r[0][:1].isdigit())
    short = all(len(c.split()) <= 4 for c in first)
    mean_rest = sum(len(c) for r in rest for c in r) / max(1, sum(len(r) for r in rest))
    mean_first = sum(len(c) for c in first) / max(1, len(first))
    return starts_numeric * 2 >= len(rest) or all(c == c.upper() for c in first) or (
        short and mean_rest > 2 * mean_first)


def _place_tables(lines: list[PdfLine], tables: list[tuple[_Grid, Table]]) -> list[PdfLine]:
    """Drop the lines a table swallowed and put the table right after the line printed just
    above it (the reading order of the stream is not always top to bottom)."""
    out = [line for line in lines if line.text]
    for grid, table in sorted(tables, key=lambda t: t[0].top):
        page = lines[0].page if lines else 0
        node = PdfLine("", page, grid.top, grid.bottom, grid.left, grid.right, 0, table=table)
        above = [i for i, line in enumerate(out) if line.bottom <= grid.top + SNAP]
        at = max(above, key=lambda i: (out[i].top, i)) + 1 if above else 0
        out.insert(at, node)
    return out


def _join_continued_tables(lines: list[PdfLine]) -> list[tuple[int, str]]:
    """Tables that follow each other with no text between them (a table going on over the next
    pages) are one table: a repeated header row is dropped, a row the page break cut in two is
    joined again, and a continuation whose number column lost its ruling ("181 CONDUCIR…" in
    one cell) gets the number back in its own column."""
    last: Table | None = None  # the table of the last table line, while no text line follows
    last_page = 0
    guesses: list[tuple[int, str]] = []
    for line in lines:
        if line.table is None:
            if line.text:
                last = None
            continue
        rows = None
        if last is not None:
            notes: list[str] = []
            rows = _fit_columns(line.table.rows, last.rows, line.page > last_page, notes)
            guesses += [(line.page, note) for note in notes] if rows is not None else []
        if last is None or rows is None or line.page > last_page + 1:
            last, last_page = line.table, line.page
            continue
        if last.header_rows and rows and rows[0] == last.rows[0]:
            rows = rows[1:]
        _carry_spans(line.table, last, len(line.table.rows) - len(rows))
        last.rows.extend(rows)
        last_page = line.page
        line.table = None
    return guesses


def _carry_spans(part: Table, whole: Table, dropped: int) -> None:
    """The merged cells of a continuation joined to ``whole`` (its first ``dropped`` rows gone),
    moved to their rows there; a number column split off shifts them one column right."""
    if not part.spans or dropped >= len(part.rows):
        return
    shift = len(whole.rows[0]) - len(part.rows[dropped]) if whole.rows else 0
    for (r, c), span in part.spans.items():
        if r >= dropped:
            whole.spans[(len(whole.rows) + r - dropped, c + shift)] = span


def _fit_columns(rows: list[list[str]], before: list[list[str]], new_page: bool,
                 notes: list[str]) -> list[list[str]] | None:
    """``rows`` shaped as a continuation of ``before`` (same columns), or None when they are not;
    what had to be supposed goes to ``notes``."""
    width = len(before[0])
    numbered = sum(1 for r in before if r[0].isdigit()) * 2 > len(before)
    rows = [list(r) for r in rows]
    if len(rows[0]) == width - 1 and numbered:
        split = [re.match(r"(\d+)\s+(.*)$", r[0]) for r in rows]
        rows = [[m.group(1), m.group(2), *r[1:]] if m else ["", *r] for m, r in zip(split, rows, strict=True)]
        notes.append(f"tabla: la columna de números no tiene línea divisoria en esta página; se separó el número "
                     f"de cada fila («{next((r[0] for r in rows if r[0]), '')}»…)")
    if len(rows[0]) != width:
        return None
    if new_page and numbered and not rows[0][0] and before[-1][0]:  # the rest of a row cut by the page break
        before[-1][:] = [" ".join(t for t in (a, b) if t) for a, b in zip(before[-1], rows.pop(0), strict=True)]
        notes.append(f"tabla: la fila «{before[-1][0]}» continúa tras el salto de página; se unió en una sola fila")
    return rows
