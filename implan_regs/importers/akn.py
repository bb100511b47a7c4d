"""Akoma Ntoso import: owns reading AKN 3.0 files, our own (lossless) or a third party's.

* Our own format (``meta/proprietary/ir:document``) is read by :func:`model.akn.from_element`.
* A third party's AKN is converted generically. Hierarchy elements map to provision kinds
  (tome/book/part -> libro, title/subtitle -> título, chapter/subchapter -> capítulo,
  section/division -> sección, subsection/subdivision -> subsección, article/rule ->
  artículo, transitional -> transitorio, numbered point/item/paragraph -> fracción, inciso,
  numeral by the shape of its ``num``). Unknown wrappers (hcontainer, list, level...) are
  transparent.
* Broken hierarchies are repaired: when containers are empty and the articles follow them
  as siblings, the tree is rebuilt in reading order by rank (an article goes into the last
  container opened before it). When the containers are all emitted first and the articles
  after them (so reading order says nothing about which article belongs where), the
  hierarchy cannot be rebuilt: the articles are kept without containers and the report
  says so.
* Machine-made AKN that just wraps extracted PDF text (one ``<p>`` holding a whole article
  with hard wraps, page headers and the following headings) is cleaned by
  :mod:`.normalize` and re-read by the shared :mod:`.recognizer`, which finds fracciones,
  reform notes, and transitorios blocks with their decrees.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import InputError
from ..model.akn import IR_NS, from_element
from ..model.eid import assign_eids
from ..model.numbers import ROMAN_RE, SUFFIX_RE, article_key, fold, ordinal_to_int, roman_to_int, split_suffix
from ..model.tree import (
    CONTAINER_KINDS,
    ContainerKind,
    Document,
    DocumentMeta,
    Provision,
    ProvisionKind,
    Table,
)
from ..model.uri import WORK_ID_RE
from ..plurals import agree, counted
from ..xmlsafe import parse_xml_file
from . import ImportResult
from .lines import SourceLine
from .normalize import clean_lines
from .report import ImportReport

CONTAINER_OF: dict[str, ContainerKind] = {"tome": "book", "book": "book", "part": "book", "title": "title", "subtitle": "title",
                "chapter": "chapter", "subchapter": "chapter", "section": "section", "division": "section",
                "subsection": "subsection", "subdivision": "subsection"}
ARTICLE_ELEMENTS = ("article", "rule")
CONTAINER_WORD = {"book": "LIBRO", "title": "TÍTULO", "chapter": "CAPÍTULO", "section": "SECCIÓN",
                  "subsection": "SUBSECCIÓN"}
POINT_ELEMENTS = ("point", "item", "indent", "paragraph", "subparagraph", "alinea", "clause", "subclause")
BLOCK_ELEMENTS = ("p", "block", "tblock", "foreign", "blockList", "table")
RANK = {kind: i for i, kind in enumerate(CONTAINER_KINDS)}
#: More than this share of containers left empty after the repair means it cannot be trusted.
MAX_EMPTY_SHARE = 0.25

_CONTAINER_NUM = re.compile(r"(?P<word>LIBRO|T[IÍ]TULO|CAP[IÍ]TULO|SUBSECCI[OÓ]N|SECCI[OÓ]N)\s+(?P<rest>.*)$",
                            re.IGNORECASE | re.DOTALL)
_ARTICLE_NUM = re.compile(r"(?:ART[IÍ]CULO|ART\.)\s*(?P<number>.+?)[\s.:\-–—]*$", re.IGNORECASE)
#: A heading that carries the article's number ("Artículo 3 Bis.- Sanciones", "Artículo Primero"),
#: for producers that write no <num>.
_HEADING_NUM = re.compile(r"(?P<word>ART[IÍ]CULO|ART\.)\s*(?P<after>.*)$", re.IGNORECASE | re.DOTALL)
_DIGIT_NUMBER = re.compile(rf"\d+\s*(?:o|º|°)?(?:[\s\-]*{SUFFIX_RE}\b)?", re.IGNORECASE)
_PAGE_MARK = re.compile(r"\b\d{1,4}\s+de\s+\d{1,4}\b")
_ELIDED = re.compile(r"(?:ART[IÍ]CULO\s+\S+|\S+)\s*[.\-–—:]*\s*[.…]{3,}\s*$", re.IGNORECASE)
_OWN_INFO = f"{{{IR_NS}}}document"


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _child(el: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in el if _local(c) == name), None)


def _flat(el: etree._Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


# --------------------------------------------------------------------- entry point

def import_akn(path: Path | str, meta: DocumentMeta) -> ImportResult:
    """Import an Akoma Ntoso 3.0 file (ours or a third party's) into a Document."""
    path = Path(path)
    root = parse_xml_file(path)
    act = next((c for c in root if _local(c) not in ("", "components")), None)
    if _local(root) != "akomaNtoso" or act is None:
        raise InputError("no es un documento Akoma Ntoso 3.0 (falta akomaNtoso/act)", path=path)
    if any(True for _ in act.iter(_OWN_INFO)):
        doc = from_element(root, source=path)
        doc.meta = merge_meta(meta, doc.meta)
        report = ImportReport(source=str(path), format="akn")
    else:
        doc, report = Converter(path).convert(act, fill_from_frbr(meta, act))
    for eid in assign_eids(doc.body, preamble=doc.preamble):
        if not any(w.code == "duplicate" and eid in w.message for w in report.warnings):
            report.warn("duplicate", f"identificador repetido: {eid} (se le añadió un sufijo _dupN)")
    report.counts = doc.counts()
    return ImportResult(doc, report)


# --------------------------------------------------------------------- metadata

_DEFAULTS = {f.name: f.default for f in dataclasses.fields(DocumentMeta)}


def merge_meta(cli: DocumentMeta, stored: DocumentMeta) -> DocumentMeta:
    """Values given on the command line win; the file fills what the CLI left unset."""
    values = {}
    for f in dataclasses.fields(DocumentMeta):
        mine = getattr(cli, f.name)
        unset = mine in (None, "") or mine == _DEFAULTS.get(f.name)
        values[f.name] = getattr(stored, f.name) if unset else mine
    return DocumentMeta(**values)


def fill_from_frbr(meta: DocumentMeta, act: etree._Element) -> DocumentMeta:
    """Third-party file: take title and dates from FRBR only where ``meta`` has none."""
    ident = next((e for e in act.iter() if _local(e) == "identification"), None)

    def find(*names: str) -> list[etree._Element]:
        if ident is None:
            return []
        return [e for e in ident.iter() if _local(e) == names[-1] and _local(e.getparent()) == names[0]]

    title = next((e.get("value") for e in find("FRBRWork", "FRBRalias") if e.get("name") in ("title", None)), None)
    title = title or next((e.get("value") for e in find("FRBRWork", "FRBRname")), None)
    title = title or _flat(next((e for e in act.iter() if _local(e) in ("docTitle", "shortTitle")), None))
    expr_date = next((e.get("date") for e in find("FRBRExpression", "FRBRdate")), None)
    work_date = next((e.get("date") for e in find("FRBRWork", "FRBRdate")), None)
    uri = next((e.get("value") for e in find("FRBRWork", "FRBRuri")), None) or ""
    name = re.sub(r"[^0-9a-z]+", "-", fold(uri.rstrip("/").rsplit("/", 1)[-1]).lower()).strip("-")
    name = name if WORK_ID_RE.fullmatch(name) and not name.isdigit() else ""  # "/akn/mx/act/2020/1": no name
    return dataclasses.replace(meta, work=meta.work or name, title=meta.title or title or "",
                               date=meta.date or expr_date,
                               work_date=meta.work_date or work_date)


# --------------------------------------------------------------------- generic conversion

@dataclass
class _Item:
    """One hierarchy element in reading (pre-)order."""

    node: Provision
    element: etree._Element
    depth: int


@dataclass
class Converter:
    path: Path
    report: ImportReport = field(init=False)
    sections_are_articles: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        self.report = ImportReport(source=str(self.path), format="akn")

    def convert(self, act: etree._Element, meta: DocumentMeta) -> tuple[Document, ImportReport]:
        body = _child(act, "body")
        body = body if body is not None else _child(act, "mainBody")
        self.sections_are_articles = body is not None and _sections_are_articles(body)
        if self.sections_are_articles:
            self.report.warn("akn-sections", "el archivo no tiene <article>: sus <section> numeradas (estilo "
                                             "Indigo/bluebell) se importan como artículos")
        items = self._items(body, 0) if body is not None else []
        containers = [i for i in items if i.node.kind in CONTAINER_KINDS]
        collapsed = self._check_hierarchy(items, containers)
        self._warn_akn_numbering(items)
        if _is_raw_text(items):
            doc = self._recognize(items, meta, collapsed)
        else:
            doc = Document(meta, body=self._structured(items, body, collapsed))
        self._refuse_shrunk(items, doc)
        doc.preface = [_flat(p) for p in _blocks_of(_child(act, "preface"))]
        doc.conclusions = [_flat(p) for p in _blocks_of(_child(act, "conclusions"))]
        doc.preamble = [Provision("paragraph", text=_flat(p)) for p in _blocks_of(_child(act, "preamble"))]
        return doc, self.report

    def _refuse_shrunk(self, items: list[_Item], doc: Document) -> None:
        """Never store fewer articles than the file visibly has: refuse instead."""
        source = sum(1 for i in items if i.node.kind in ("article", "transitional"))
        kept = sum(1 for n in doc.walk() if n.kind in ("article", "transitional"))
        if kept < source:
            raise InputError(f"el archivo tiene {source} artículos y transitorios y la importación conservaría "
                             f"solo {kept}; no se guardó nada (¿un productor de Akoma Ntoso no reconocido?)",
                             path=self.path)

    # ----------------------------------------------------------------- reading order

    def _items(self, parent: etree._Element, depth: int) -> list[_Item]:
        out: list[_Item] = []
        for el in parent:
            name = _local(el)
            if (name == "section" and self.sections_are_articles and not _has_descendant(el, "section")) \
                    or _is_article_hcontainer(el):
                out.append(_Item(article(el, "article"), el, depth))
            elif name in CONTAINER_OF:
                out.append(_Item(container(el, CONTAINER_OF[name]), el, depth))
                out.extend(self._items(el, depth + 1))
            elif name in ARTICLE_ELEMENTS or name == "transitional":
                out.append(_Item(article(el, "article" if name != "transitional" else "transitional"), el, depth))
            elif name == "hcontainer" and _is_transitorios(el):
                node = Provision("transitorios", heading=_flat(_child(el, "heading")) or "TRANSITORIOS",
                                 subheading=_flat(_child(el, "subheading")) or None)
                out.append(_Item(node, el, depth))
                out.extend(self._items(el, depth + 1))
            elif name in ("hcontainer", "level", "list", "wrap", "componentRef", "subtitle"):
                out.extend(self._items(el, depth))
        return out

    def _check_hierarchy(self, items: list[_Item], containers: list[_Item]) -> bool:
        """Warn about empty containers; True when the hierarchy cannot be rebuilt."""
        empty = [i for i in containers if not self._holds_articles(i.element)]
        if not empty:
            return False
        rebuilt = _rebuild([i.node for i in items], dry_run=True)
        if len(rebuilt) >= 2 and len(rebuilt) > MAX_EMPTY_SHARE * len(containers):
            names = "; ".join(_describe(i.node) for i in containers[:6])
            self.report.warn("hierarchy", (
                f"la jerarquía del archivo no se puede reconstruir: {len(empty)} de "
                f"{counted(len(containers), 'título o capítulo')} {agree(len(empty), 'viene vacío', 'vienen vacíos')} y los artículos no los siguen en orden de lectura ({names}…); "
                "se importan los artículos sin títulos ni capítulos"))
            return True
        self.report.warn("hierarchy", (
            f"se reparó la jerarquía: {counted(len(empty), 'título o capítulo')} "
            f"{agree(len(empty), 'venía vacío', 'venían vacíos')}, con sus artículos "
            "como hermanos siguientes; se movieron a su contenedor"))
        for node in rebuilt:
            self.report.warn("empty", f"{_describe(node)} quedó sin artículos")
        return False

    def _holds_articles(self, el: etree._Element) -> bool:
        names = ARTICLE_ELEMENTS + (("section",) if self.sections_are_articles else ())
        return _has_descendant(el, *names) or any(_is_article_hcontainer(d) for d in el.iterdescendants())

    def _warn_akn_numbering(self, items: list[_Item]) -> None:
        seen: dict[str, int] = {}
        for item in items:
            if item.node.kind == "article":
                seen[item.node.num or ""] = seen.get(item.node.num or "", 0) + 1
        repeated = {num: n for num, n in seen.items() if n > 1}
        if repeated:
            listed = ", ".join(f"«{num}» ×{n}" for num, n in list(repeated.items())[:8])
            self.report.warn("akn-numbering", (
                f"el archivo repite números de <article> ({listed}): son transitorios numerados como "
                "artículos; se numeran por su texto (PRIMERO, SEGUNDO…)"))

    # ----------------------------------------------------------------- structured AKN

    def _structured(self, items: list[_Item], body: etree._Element, collapsed: bool) -> list[Provision]:
        for item in items:
            if item.node.kind in ("article", "transitional"):
                fill_article(item.node, item.element)
                number_from_text(item.node)
        if collapsed:
            return [i.node for i in items if i.node.kind not in CONTAINER_KINDS]
        if any(i.node.kind in CONTAINER_KINDS and not self._holds_articles(i.element) for i in items):
            return _rebuild([i.node for i in items])
        return _nest(items, body)

    # ----------------------------------------------------------------- raw-text AKN

    def _recognize(self, items: list[_Item], meta: DocumentMeta, collapsed: bool) -> Document:
        from .recognizer import recognize

        blocks: list[list[str]] = []
        for item in items:
            if item.node.kind in CONTAINER_KINDS:
                if not collapsed:
                    blocks.append([t for t in (item.node.num, item.node.heading) if t])
            elif item.node.kind == "transitorios":
                blocks.append([item.node.heading or "TRANSITORIOS"])
            else:
                blocks.extend(self._article_blocks(item))
        result = recognize(self._lines(blocks), meta, mode="wrapped")
        self.report.warnings.extend(result.report.warnings)
        _attach_notes(result.document, items)
        return result.document

    def _article_blocks(self, item: _Item) -> list[list[str]]:
        blocks = [_raw_lines(p) for p in _blocks_of(item.element) if _local(p) != "table"]
        blocks = [b for b in blocks if b]
        if not blocks:
            return [[item.node.num or ""]]
        first = blocks[0][0]
        if item.node.kind == "article" and item.node.num and not _ARTICLE_NUM.match(first) \
                and not _ordinal_lead(first):
            blocks[0][0] = f"{item.node.num} {first}"
        return blocks

    def _lines(self, blocks: list[list[str]]) -> list[SourceLine]:
        text = "\n\n".join("\n".join(b) for b in blocks)
        out = []
        for line in clean_lines(text):
            if _ELIDED.fullmatch(line.text):
                self.report.warn("omitted", f"se omitió «{line.text}»: texto elidido de un decreto", line=line.lineno)
                continue
            out.append(SourceLine(line.text, lineno=line.lineno, blank_before=line.blank_before))
        return out


# --------------------------------------------------------------------- element -> Provision

def container(el: etree._Element, kind: ContainerKind) -> Provision:
    """A container; its num may carry the heading too ("TÍTULO PRIMERO DISPOSICIONES GENERALES")."""
    num = _flat(_child(el, "num"))
    heading = _flat(_child(el, "heading")) or None
    key, split_num, rest = split_container_num(num)
    if key is None and (bare := _leading_number([num])[0]) is not None and len(num.split()) == 1:
        key, split_num = str(bare), f"{CONTAINER_WORD[kind]} {num.strip('.')}"
    if rest and not heading:
        heading = rest
    return Provision(kind, num=split_num or num or None, key=key, heading=heading,
                     subheading=_flat(_child(el, "subheading")) or None)


def split_container_num(num: str) -> tuple[str | None, str, str]:
    """'Capítulo Primero Objeto de la Ley' -> ('1', 'Capítulo Primero', 'Objeto de la Ley')."""
    m = _CONTAINER_NUM.match(num)
    if not m:
        return None, num, ""
    words = m.group("rest").split()
    if not words:
        return None, num, ""
    value, used = _leading_number(words)
    if value is None:
        return None, num, m.group("rest")
    label = f"{m.group('word')} {' '.join(words[:used])}"
    rest = _PAGE_MARK.sub("", " ".join(words[used:])).strip(" .-–—:")
    return str(value), label, rest


def _leading_number(words: list[str]) -> tuple[int | None, int]:
    first = words[0].strip(".-–—:")
    if first.isdigit():
        return int(first), 1
    if re.fullmatch(ROMAN_RE, first.upper()) and roman_to_int(first):
        return roman_to_int(first), 1
    best: tuple[int | None, int] = (None, 0)
    for used in range(1, min(3, len(words)) + 1):
        value = ordinal_to_int(" ".join(words[:used]))
        if value is None:
            break
        best = (value, used)
    return best


def article(el: etree._Element, kind: ProvisionKind) -> Provision:
    num = _flat(_child(el, "num"))
    heading = _flat(_child(el, "heading")) or None
    if not num and heading and (found := number_from_heading(heading)):
        num, heading = found[0], (found[1] or "").rstrip(" .:-–—") or None
    if _local(el) == "section" and num and not _ARTICLE_NUM.match(num):
        num = f"Artículo {num.rstrip('.')}."
    m = _ARTICLE_NUM.fullmatch(num)
    key = article_key(m.group("number")) if m else (article_key(num) if num else None)
    node = Provision(kind, num=num or None, key=key, heading=heading)
    node.notes = [_flat(n) for n in el.iter() if _local(n) in ("note", "authorialNote") and _flat(n)]
    return node


def number_from_heading(heading: str) -> tuple[str, str | None] | None:
    """'Artículo 3 Bis.- Sanciones' -> ('Artículo 3 Bis', 'Sanciones'); None when the heading
    names no article number (a plain title such as 'Sanciones')."""
    m = _HEADING_NUM.match(heading.strip())
    if not m:
        return None
    after = m.group("after")
    if digits := _DIGIT_NUMBER.match(after):
        used = digits.group(0).strip()
    else:
        words = re.findall(r"[^\s.:\-–—]+", after)
        used = next((" ".join(words[:n]) for n in (2, 1) if len(words) >= n and (
            ordinal_to_int(" ".join(words[:n])) or fold(" ".join(words[:n])) in ("unico", "unica"))), "")
        if not used or not after.startswith(used):
            return None
    rest = after[after.index(used) + len(used):].lstrip(" .:-–—").rstrip()
    return f"{m.group('word')} {used}.", rest or None


def number_from_text(node: Provision) -> None:
    """An article with neither <num> nor a numbered heading whose text opens with its number
    ("<p>Artículo 5.- El Ayuntamiento…</p>"): the number moves to ``num``."""
    first = node.children[0] if node.children else None
    if node.num or first is None or first.kind != "paragraph" or not first.text:
        return
    found = number_from_heading(first.text)
    if found is None or not found[1]:
        return
    node.num, first.text = found
    m = _ARTICLE_NUM.fullmatch(node.num)
    node.key = article_key(m.group("number")) if m else node.key


def fill_article(node: Provision, el: etree._Element) -> None:
    """Children of an article (or point) from structured AKN: paragraphs, tables, points."""
    for child in el:
        name = _local(child)
        if name in ("num", "heading", "subheading", "note", "authorialNote"):
            continue
        if name in ("content", "intro", "wrapUp", "list", "blockList") or (
                name in POINT_ELEMENTS and _child(child, "num") is None):
            fill_article(node, child)
        elif name in POINT_ELEMENTS or name == "item":
            node.children.append(point(child, node))
        elif name == "table":
            node.children.append(Provision("paragraph", table=read_table(child)))
        elif name in BLOCK_ELEMENTS:
            text = _flat(child)
            if text and node.kind == "point" and node.text is None and not node.children:
                node.text = text
            elif text:
                node.children.append(Provision("paragraph", text=text))
        elif name and name not in ("componentRef",):
            fill_article(node, child)  # any other wrapper (subsection, hcontainer...): keep its text


def point(el: etree._Element, parent: Provision) -> Provision:
    num = _flat(_child(el, "num"))
    level, key = point_level(num, parent)
    node = Provision("point", num=num, key=key, level=level)
    fill_article(node, el)
    return node


def point_level(num: str, parent: Provision) -> tuple[str, str]:
    """Mexican level and key of a numbered point, from its num and where it sits."""
    label = num.strip().lstrip("(").rstrip(".-–—:)").strip()
    base, suffix = split_suffix(label)
    parent_level = parent.level if parent.kind == "point" else None
    if base.isdigit():
        return ("numeral", base + suffix)
    if parent_level in ("inciso", "numeral") and roman_to_int(base) and base.islower():
        return ("subinciso", base + suffix)
    if parent_level == "fraccion" and len(base) == 1 and base.isalpha():
        return ("inciso", base.lower() + suffix)
    if roman_to_int(base) and (base.isupper() or parent_level is None):
        return ("fraccion", base.upper() + suffix)
    if len(base) == 1 and base.isupper() and parent_level is None:
        return ("apartado", base)
    return ("inciso", fold(base) + suffix)


def read_table(el: etree._Element) -> Table:
    rows: list[list[str]] = []
    headers = 0
    for tr in (e for e in el.iter() if _local(e) == "tr"):
        cells = [c for c in tr if _local(c) in ("th", "td")]
        if cells and all(_local(c) == "th" for c in cells) and len(rows) == headers:
            headers += 1
        rows.append([_flat(c) for c in cells])
    return Table(rows, headers)


# --------------------------------------------------------------------- helpers

def _has_descendant(el: etree._Element, *names: str) -> bool:
    return any(_local(d) in names for d in el.iterdescendants())


def _is_article_hcontainer(el: etree._Element) -> bool:
    """``<hcontainer name="articulo">``: an article written as a generic container."""
    return _local(el) == "hcontainer" and fold(el.get("name") or "") in ("article", "articulo")


def _sections_are_articles(body: etree._Element) -> bool:
    """Indigo/bluebell acts number their sections as the articles are numbered elsewhere and
    write no <article>: a body without articles whose innermost sections carry a <num>."""
    if _has_descendant(body, *ARTICLE_ELEMENTS):
        return False
    leaves = [s for s in body.iter() if _local(s) == "section" and not _has_descendant(s, "section")]
    return bool(leaves) and all(_child(s, "num") is not None for s in leaves)


def _is_transitorios(el: etree._Element) -> bool:
    name = fold(el.get("name") or "")
    return "transitori" in name or "transitori" in fold(_flat(_child(el, "heading")) or _flat(_child(el, "num")))


def _blocks_of(el: etree._Element | None) -> list[etree._Element]:
    if el is None:
        return []
    return [b for b in el.iter() if _local(b) in ("p", "table") and not any(
        _local(a) in ("note", "authorialNote", "table") for a in b.iterancestors())]


def _raw_lines(p: etree._Element) -> list[str]:
    text = "".join(p.itertext()) if _local(p) == "p" else ""
    return [line.strip() for line in text.split("\n") if line.strip()]


def _is_raw_text(items: list[_Item]) -> bool:
    """The articles wrap extracted text: most hold one or two <p> with many hard-wrapped lines."""
    arts = [i for i in items if i.node.kind in ("article", "transitional")]
    if not arts:
        return False
    multi = sum(1 for i in arts if any(len(_raw_lines(p)) > 2 for p in _blocks_of(i.element)))
    structured = any(_local(d) in ("point", "list", "item") for i in arts for d in i.element.iter())
    return not structured and multi * 2 >= len(arts)


def _ordinal_lead(text: str) -> bool:
    """The text opens with a transitorio's own number ('DÉCIMO PRIMERO.- …'), not a plain word
    that happens to be an ordinal ('Primera línea …')."""
    m = re.match(r"(\S+)(?:\s+(\S+?))?\s*[.:\-–—]", text.strip())
    if not m:
        return False
    words = [w.strip(".:-–—") for w in m.groups() if w]
    return any(ordinal_to_int(" ".join(words[:n])) for n in range(len(words), 0, -1))


def _describe(node: Provision) -> str:
    return " ".join(t for t in (node.num, node.heading) if t) or node.kind


def _rebuild(nodes: list[Provision], *, dry_run: bool = False) -> list[Provision]:
    """Nest nodes given in reading order by rank; return the body (or, dry run, the empty containers)."""
    body: list[Provision] = []
    stack: list[Provision] = []
    has_article: dict[int, bool] = {}
    for node in nodes:
        opens = node.kind in CONTAINER_KINDS + ("transitorios",)
        copy = dataclasses.replace(node, children=[]) if opens else node
        if node.kind in CONTAINER_KINDS:
            while stack and stack[-1].kind in CONTAINER_KINDS and RANK[stack[-1].kind] >= RANK[node.kind]:
                stack.pop()
        elif node.kind == "transitorios":
            stack = []
        elif node.kind == "transitional":
            stack = [s for s in stack if s.kind == "transitorios"]
        else:
            stack = [s for s in stack if s.kind != "transitorios"]
            for open_node in stack:
                has_article[id(open_node)] = True
        (stack[-1].children if stack else body).append(copy)
        if opens:
            stack.append(copy)
    if dry_run:
        return [n for n in _walk(body) if n.kind in CONTAINER_KINDS and not has_article.get(id(n))]
    return body


def _walk(nodes: list[Provision]):
    for node in nodes:
        yield node
        yield from _walk(node.children)


def _nest(items: list[_Item], body: etree._Element) -> list[Provision]:
    """Keep the file's own nesting (it is sound)."""
    by_element = {i.element: i.node for i in items}
    out: list[Provision] = []
    for item in items:
        parent = next((a for a in item.element.iterancestors() if a in by_element), None)
        (by_element[parent].children if parent is not None else out).append(item.node)
    return out


def _attach_notes(doc: Document, items: list[_Item]) -> None:
    """Headings and reform notes that the file kept in <heading> and <note> elements go to the
    recognized article with that key."""
    by_key: dict[str, list[Provision]] = {}
    for art in doc.articles():
        by_key.setdefault(art.key or "", []).append(art)
    for item in items:
        if item.node.kind == "article" and by_key.get(item.node.key or ""):
            target = by_key[item.node.key or ""].pop(0)
            target.heading = target.heading or item.node.heading
            already = Counter(target.notes)
            for note in item.node.notes:
                if already[note]:
                    already[note] -= 1
                else:
                    target.notes.append(note)

