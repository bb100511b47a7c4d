"""Akoma Ntoso 3.0 <-> typed tree.

``to_xml`` writes the subset described in ``schemas/implan-akn.xsd`` (which is also
valid against the official OASIS XSD); ``from_xml`` reads it back. Element mapping:

libro→``book``, título→``title``, capítulo→``chapter``, sección→``section``,
artículo→``article``, párrafo→``paragraph``, fracción/inciso/numeral/apartado→``point``
(the Mexican level in ``class``), transitorios→``hcontainer name="transitorios"`` holding
``transitional`` elements. A derogated provision carries the class token ``derogado``.
Reform notes live in ``meta/notes`` as ``note`` elements whose eId is the provision's eId
plus ``__nota_N``. Project metadata that AKN has no slot for (kind, entry into force,
decree, source file) lives in ``meta/proprietary``.

>>> from implan_regs.model.tree import Document, DocumentMeta, Provision
>>> art = Provision("article", num="Artículo 1.-", key="1",
...                 children=[Provision("paragraph", text="Objeto.")])
>>> doc = Document(DocumentMeta(work="ej", kind="reglamento", title="Ej", date="2020-01-01"), body=[art])
>>> back = from_xml(to_xml(doc))
>>> back.body[0].eid, back.body[0].children[0].text
('art_1', 'Objeto.')
"""

from __future__ import annotations

import mmap
import re

from lxml import etree

from ..errors import InputError
from ..xmlsafe import iter_elements, parse_xml
from .eid import assign_eids
from .tree import KINDS, Document, DocumentMeta, Provision, ProvisionKind, Publication, Table
from .uri import check_date, expression_uri, work_uri

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
IR_NS = "urn:implan-regs:1.0"
A = f"{{{AKN_NS}}}"
IR = f"{{{IR_NS}}}"
NSMAP = {None: AKN_NS}

ELEMENT_OF_KIND: dict[ProvisionKind, str] = {k: k for k in KINDS if k != "transitorios"}
ELEMENT_OF_KIND["transitorios"] = "hcontainer"
KIND_OF_ELEMENT: dict[str, ProvisionKind] = {v: k for k, v in ELEMENT_OF_KIND.items() if k != "transitorios"}
DEROGATED = "derogado"


# --------------------------------------------------------------------- writing

def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str | None) -> etree._Element:
    el = etree.SubElement(parent, A + tag, {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        el.text = text
    return el


def _blocks(parent: etree._Element, texts: list[Provision]) -> None:
    for para in texts:
        if para.table is not None:
            _table(parent, para.table, para.eid)
        else:
            _paragraph_text(parent, para.text or "", para.term)


def _paragraph_text(parent: etree._Element, text: str, term: str | None) -> None:
    """A <p>; a glossary entry marks its defined term with <def> ("<def>Alto</def>.- Es la…")."""
    if not term or not text.startswith(term):
        _sub(parent, "p", text)
        return
    p = _sub(parent, "p", "")
    _sub(p, "def", term).tail = text[len(term):]


def _table(parent: etree._Element, table: Table, eid: str) -> None:
    rows = [row for row in table.rows if row]
    if not rows:  # AKN has no empty table; keep the paragraph's place
        _sub(parent, "p", "")
        return
    el = _sub(parent, "table", eId=f"{eid}__table_1" if eid else None)
    covered = table.covered()
    # a row every cell of which lies under merged cells from above has nothing of its own (an AKN
    # row needs a cell): it is left out and the merged cells over it are one row shorter
    hollow = {i for i, row in enumerate(table.rows) if row and all((i, j) in covered for j in range(len(row)))}
    for i, row in enumerate(table.rows):
        if not row or i in hollow:
            continue
        tr = _sub(el, "tr")
        for j, cell in enumerate(row):
            if (i, j) in covered:
                continue  # under a merged cell: AKN writes the merged cell once, with its span
            down, across = table.span(i, j)
            down -= sum(1 for k in range(i + 1, i + down) if k in hollow)
            td = _sub(tr, "th" if i < table.header_rows else "td", rowspan=str(down) if down > 1 else None,
                      colspan=str(across) if across > 1 else None)
            _sub(td, "p", cell)


def _class(node: Provision) -> str | None:
    tokens = [t for t in (node.level, DEROGATED if node.derogated else None) if t]
    return " ".join(tokens) or None


def _provision(parent: etree._Element, node: Provision, notes: list[tuple[str, str]]) -> None:
    tag = ELEMENT_OF_KIND[node.kind]
    attrs = {"eId": node.eid, "class": _class(node)}
    if node.kind == "transitorios":
        attrs["name"] = "transitorios"
    el = _sub(parent, tag, **attrs)
    if node.num:
        _sub(el, "num", node.num)
    if node.heading:
        _sub(el, "heading", node.heading)
    if node.subheading:
        _sub(el, "subheading", node.subheading)
    for i, note in enumerate(node.notes, 1):
        notes.append((f"{node.eid}__nota_{i}", note))

    if node.kind == "paragraph" and not node.children:
        _blocks(_sub(el, "content"), [node])
        return
    lead = [Provision("paragraph", text=node.text, term=node.term)] if node.text is not None else []
    structured = [c for c in node.children if c.kind != "paragraph"]
    if node.kind == "point" and not structured:
        _blocks(_sub(el, "content"), lead + node.children)
        return
    if node.kind in ("point", "paragraph"):  # a paragraph with children is a chapeau and its own list
        # Leading text is the chapeau (intro); text after the last sub-point is the wrapUp.
        last = max(i for i, c in enumerate(node.children) if c.kind != "paragraph")
        if lead:
            _blocks(_sub(el, "intro"), lead)
        for child in node.children[: last + 1]:
            _provision(el, child, notes)
        trailing = node.children[last + 1:]
        if trailing:
            _blocks(_sub(el, "wrapUp"), trailing)
        return
    if lead:  # an article's own text is its first paragraph
        _provision(el, Provision("paragraph", text=node.text, eid=f"{node.eid}__para_0"), notes)
    for child in node.children:
        _provision(el, child, notes)


def _meta(act: etree._Element, meta: DocumentMeta, notes: list[tuple[str, str]]) -> None:
    m = _sub(act, "meta")
    ident = _sub(m, "identification", source="#implan")
    for value, what in ((meta.date, "fecha de la versión"), (meta.work_date, "fecha de la obra"),
                        (meta.entry_into_force, "fecha de entrada en vigor"),
                        (meta.publication.date if meta.publication else None, "fecha de publicación")):
        if value:
            check_date(value, what=what)
    wuri, euri = work_uri(meta), expression_uri(meta)
    date = meta.date or "0001-01-01"
    work_date = meta.work_date or date
    w = _sub(ident, "FRBRWork")
    _sub(w, "FRBRthis", value=f"{wuri}/!main")
    _sub(w, "FRBRuri", value=wuri)
    _sub(w, "FRBRalias", value=meta.title, name="title")
    _sub(w, "FRBRdate", date=work_date, name="Generation")
    _sub(w, "FRBRauthor", href="#ayuntamiento")
    _sub(w, "FRBRcountry", value=meta.jurisdiction.split("-")[0])
    _sub(w, "FRBRsubtype", value=meta.kind)
    _sub(w, "FRBRnumber", value=meta.work)
    _sub(w, "FRBRname", value=meta.title)
    e = _sub(ident, "FRBRExpression")
    _sub(e, "FRBRthis", value=f"{euri}/!main")
    _sub(e, "FRBRuri", value=euri)
    _sub(e, "FRBRdate", date=date, name="Generation")
    _sub(e, "FRBRauthor", href="#implan")
    _sub(e, "FRBRlanguage", language=meta.language)
    mf = _sub(ident, "FRBRManifestation")
    _sub(mf, "FRBRthis", value=f"{euri}/!main.xml")
    _sub(mf, "FRBRuri", value=f"{euri}.akn")
    _sub(mf, "FRBRdate", date=date, name="Generation")
    _sub(mf, "FRBRauthor", href="#implan")
    pub = meta.publication
    if pub and pub.date:
        show = pub.gazette + (f" núm. {pub.number}" if pub.number else "")
        _sub(m, "publication", date=pub.date, name=pub.gazette, showAs=show, number=pub.number)
    if pub and pub.date or meta.entry_into_force:
        life = _sub(m, "lifecycle", source="#implan")
        if pub and pub.date:
            _sub(life, "eventRef", date=pub.date, eId="evt_publicacion", source="#implan", type="generation")
        if meta.entry_into_force:
            _sub(life, "eventRef", date=meta.entry_into_force, eId="evt_vigor", source="#implan",
                 type="amendment" if meta.decree else "generation")
    refs = _sub(m, "references", source="#implan")
    _sub(refs, "TLCOrganization", eId="implan", href="/ontology/organization/mx/implan",
         showAs="Instituto Municipal de Planeación")
    _sub(refs, "TLCOrganization", eId="ayuntamiento", href=f"/ontology/organization/{meta.jurisdiction}/ayuntamiento",
         showAs="Ayuntamiento")
    if notes:
        ns = _sub(m, "notes", source="#implan")
        for eid, text in notes:
            _sub(_sub(ns, "note", eId=eid, **{"class": "nota-reforma"}), "p", text)
    prop = _sub(m, "proprietary", source="#implan")
    info = etree.SubElement(prop, IR + "document", nsmap={"ir": IR_NS})
    for name, value in (("work", meta.work), ("kind", meta.kind), ("jurisdiction", meta.jurisdiction),
                        ("date", meta.date), ("workDate", meta.work_date),
                        ("entryIntoForce", meta.entry_into_force), ("decree", meta.decree),
                        ("source", meta.source), ("gazette", pub.gazette if pub else None),
                        ("gazetteNumber", pub.number if pub else None),
                        ("publicationDate", pub.date if pub else None)):
        if value:
            info.set(name, value)


def to_element(doc: Document) -> etree._Element:
    """Build the AKN tree (eIds are (re)assigned first)."""
    assign_eids(doc.body, preamble=doc.preamble)
    root = etree.Element(A + "akomaNtoso", nsmap=NSMAP)
    act = _sub(root, "act", name=doc.meta.kind, contains="singleVersion")
    notes: list[tuple[str, str]] = []
    body_holder = etree.Element(A + "body")
    for node in doc.body:
        _provision(body_holder, node, notes)
    _meta(act, doc.meta, notes)
    if doc.preface:
        pre = _sub(act, "preface")
        for i, line in enumerate(doc.preface):
            _sub(pre, "p", line, **{"class": "title" if i == 0 else None})
    if doc.preamble:
        pa = _sub(act, "preamble")
        for para in doc.preamble:
            if para.table is not None:
                _table(pa, para.table, para.eid)
            else:
                _sub(pa, "p", para.text or "", eId=para.eid)
    if not doc.body:
        _sub(body_holder, "hcontainer", name="vacio", eId="hcontainer_1")
    act.append(body_holder)
    if doc.conclusions:
        con = _sub(act, "conclusions")
        for line in doc.conclusions:
            _sub(con, "p", line)
    return root


def to_xml(doc: Document) -> bytes:
    try:
        root = to_element(doc)
    except ValueError as exc:  # lxml refuses control characters: the importer should have cleaned them
        raise InputError(f"texto con caracteres no válidos en XML: {exc}", path=doc.meta.work) from None
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --------------------------------------------------------------------- reading

def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _text(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    return " ".join("".join(el.itertext()).split())


#: A rowspan or colspan larger than this is a hostile or broken file, not a legal table.
MAX_SPAN = 1000


def _read_table(el: etree._Element) -> Table:
    """An AKN ``<table>`` as a grid: a cell with ``rowspan``/``colspan`` fills the positions it covers
    with "" (they are skipped in the rows below it) and is recorded in ``Table.spans``."""
    rows: list[list[str]] = []
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    taken: set[tuple[int, int]] = set()  # positions covered by a rowspan from a row above
    headers = 0
    for i, tr in enumerate(el.iter(A + "tr")):
        cells = [c for c in tr if _local(c) in ("th", "td")]
        if cells and all(_local(c) == "th" for c in cells) and len(rows) == headers:
            headers += 1
        row: list[str] = []
        for cell in cells:
            while (i, len(row)) in taken:
                row.append("")
            down, across = (min(max(_int(cell.get(a)), 1), MAX_SPAN) for a in ("rowspan", "colspan"))
            if down > 1 or across > 1:
                spans[(i, len(row))] = (down, across)
                taken.update((i + k, len(row) + m) for k in range(1, down) for m in range(across))
            row.extend([_text(cell) or ""] + [""] * (across - 1))
        while (i, len(row)) in taken:
            row.append("")
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    return Table([r + [""] * (width - len(r)) for r in rows], headers, spans)


def _int(value: str | None) -> int:
    return int(value) if value and value.strip().isdigit() else 1


def _read_blocks(el: etree._Element) -> list[Provision]:
    out = []
    for child in el:
        name = _local(child)
        if name == "table":
            out.append(Provision("paragraph", table=_read_table(child)))
        elif name in ("p", "block", "blockList", "tblock", "foreign"):
            term = child.find(A + "def") if name == "p" else None
            out.append(Provision("paragraph", text=_text(child) or "", term=_text(term) or None))
    return out


def _key_from_eid(eid: str) -> str | None:
    last = eid.rsplit("__", 1)[-1]
    _, _, key = last.partition("_")
    return key.split("_dup")[0] or None


def _read_provision(el: etree._Element, notes: dict[str, list[str]]) -> Provision | None:
    name = _local(el)
    kind: ProvisionKind
    if name == "hcontainer" and el.get("name") == "transitorios":
        kind = "transitorios"
    elif name in KIND_OF_ELEMENT:
        kind = KIND_OF_ELEMENT[name]
    else:
        return None
    classes = (el.get("class") or "").split()
    eid = el.get("eId") or ""
    node = Provision(kind, eid=eid, derogated=DEROGATED in classes,
                     level=next((c for c in classes if c != DEROGATED), None),
                     key=None if kind in ("paragraph", "transitorios") else _key_from_eid(eid))
    node.notes = notes.get(eid, [])
    for child in el:
        cname = _local(child)
        if cname == "num":
            node.num = _text(child)
        elif cname == "heading":
            node.heading = _text(child)
        elif cname == "subheading":
            node.subheading = _text(child)
        elif cname in ("content", "intro", "wrapUp"):
            blocks = _read_blocks(child)
            if kind == "paragraph" and cname == "content":
                if blocks:
                    node.text, node.table, node.term = blocks[0].text, blocks[0].table, blocks[0].term
                continue
            if cname != "wrapUp" and kind in ("point", "paragraph") and node.text is None and blocks \
                    and blocks[0].table is None:
                lead = blocks.pop(0)
                node.text, node.term = lead.text, lead.term
            node.children.extend(blocks)
        else:
            sub = _read_provision(child, notes)
            if sub is not None:
                node.children.append(sub)
    return node


def _meta_of(act: etree._Element) -> DocumentMeta:
    info = act.find(f"{A}meta/{A}proprietary/{IR}document")
    get = (lambda k: info.get(k)) if info is not None else (lambda k: None)
    alias = act.find(f"{A}meta/{A}identification/{A}FRBRWork/{A}FRBRname")
    pub = None
    if get("publicationDate") or get("gazette"):
        pub = Publication(gazette=get("gazette") or "Periódico Oficial del Estado",
                          date=get("publicationDate"), number=get("gazetteNumber"))
    return DocumentMeta(
        work=get("work") or "", kind=get("kind") or act.get("name") or "reglamento",
        title=alias.get("value") if alias is not None else "", jurisdiction=get("jurisdiction") or "mx-coa-torreon",
        date=get("date"), work_date=get("workDate"), publication=pub,
        entry_into_force=get("entryIntoForce"), decree=get("decree"), source=get("source"))


def _notes_by_owner(act: etree._Element, owners: set[str] | None = None) -> dict[str, list[str]]:
    """The reform notes of ``<meta><notes>`` by the eId of the provision they belong to (only
    those of ``owners``, when given)."""
    notes: dict[str, list[str]] = {}
    for note in act.iterfind(f"{A}meta/{A}notes/{A}note"):
        owner = (note.get("eId") or "").rsplit("__nota_", 1)[0]
        if owners is None or owner in owners:
            notes.setdefault(owner, []).append(_text(note) or "")
    return notes


def _eids_in(element: etree._Element) -> set[str]:
    return {eid for el in element.iter() if (eid := el.get("eId"))}


def from_element(root: etree._Element, *, source: object = "<xml>") -> Document:
    act = root.find(A + "act")
    if _local(root) != "akomaNtoso" or act is None:
        raise InputError("no es un documento Akoma Ntoso 3.0 (falta akomaNtoso/act)", path=source)
    meta = _meta_of(act)
    notes = _notes_by_owner(act)
    doc = Document(meta)
    pre = act.find(A + "preface")
    if pre is not None:
        doc.preface = [_text(p) or "" for p in pre if _local(p) == "p"]
    pa = act.find(A + "preamble")
    if pa is not None:
        doc.preamble = _read_blocks(pa)
    body = act.find(A + "body")
    if body is not None:
        for el in body:
            node = _read_provision(el, notes)
            if node is not None:
                doc.body.append(node)
    con = act.find(A + "conclusions")
    if con is not None:
        doc.conclusions = [_text(p) or "" for p in con if _local(p) == "p"]
    assign_eids(doc.body, preamble=doc.preamble)
    return doc


def from_xml(data: bytes, *, source: object = "<xml>") -> Document:
    return from_element(parse_xml(data, source=source), source=source)


def read_meta(data: bytes, *, source: object = "<xml>") -> DocumentMeta:
    """Only the metadata of a stored expression: parsing stops at the end of ``<meta>``.

    Listing the versions of a work needs dates and publications, not fifty provision trees.
    """
    for meta in iter_elements(data, tag=A + "meta", source=source):
        act = meta.getparent()
        if act is not None and _local(act) == "act":
            return _meta_of(act)
    raise InputError("no es un documento Akoma Ntoso 3.0 (falta act/meta)", path=source)


def read_provision(data: bytes | mmap.mmap, eid: str, *, source: object = "<xml>") -> Provision | None:
    """One provision of a stored expression, by eId, without parsing the whole document.

    ``data`` is the file's bytes or a mapping of them (:meth:`~implan_regs.store.Store.read_mapped`).
    Our own files are located by their bytes (``eId="…"``, then the element's balanced end tag)
    and only that element is parsed; anything unexpected falls back to a full parse.
    """
    fragment = _element_bytes(data, eid)
    if fragment is not None:
        wrapped = b'<akomaNtoso xmlns="' + AKN_NS.encode() + b'">' + fragment + b"</akomaNtoso>"
        try:
            element = parse_xml(wrapped, source=source)[0]
        except (InputError, IndexError):
            element = None
        if element is not None and element.get("eId") == eid:
            return _read_provision(element, _notes_before_body(data, _eids_in(element), source))
    root = parse_xml(bytes(data), source=source)  # rare: a copy of a mapping is fine
    found = _BY_EID(root, eid=eid)
    if not found:
        return None
    act = root.find(A + "act")
    return _read_provision(found[0], _notes_by_owner(act, _eids_in(found[0])) if act is not None else {})


def _notes_before_body(data: bytes | mmap.mmap, owners: set[str], source: object) -> dict[str, list[str]]:
    """The notes of ``owners``, parsing only what precedes ``<body>`` (the metadata)."""
    body = data.find(b"<body")
    if body < 0 or data.find(b"__nota_", 0, body) < 0:
        return {}  # no notes at all (or not our own layout, where the full parse found none either)
    for meta in iter_elements(data[:body], tag=A + "meta", source=source):
        return _notes_by_owner(meta.getparent(), owners)
    return {}


_BY_EID = etree.XPath("//*[@eId=$eid]")


def _element_bytes(data: bytes | mmap.mmap, eid: str) -> bytes | None:
    at = data.find(f' eId="{eid}"'.encode())
    start = data.rfind(b"<", 0, at) if at >= 0 else -1
    if start < 0:
        return None
    tag = re.match(rb"<([A-Za-z]+)", data[start:start + 40])
    if tag is None:
        return None
    name = tag.group(1)
    depth = 0
    for m in re.compile(rb"<(/?)" + name + rb"(?=[\s>/])").finditer(data, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            end = data.find(b">", m.end())
            return data[start:end + 1] if end >= 0 else None
    return None
