"""Redline: "accept all" gives the proposal's text and "reject all" the base's, word by word.

The helpers here apply Word's two commands to ``word/document.xml`` the way Word does (a
paragraph whose mark is deleted joins the next one; table rows carry their own marks), and
read the result back as lines comparable with :func:`implan_regs.render.text.render_text`.
The other export tests import them.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile

import pytest
from conftest import sample_document
from lxml import etree

from implan_regs.diff import diff_documents
from implan_regs.export import redline
from implan_regs.importers import import_path
from implan_regs.model.eid import assign_eids
from implan_regs.model.tree import CONTAINER_KINDS, Document, DocumentMeta, Provision
from implan_regs.reform.model import Proposal
from implan_regs.render.text import render_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Styles of the redline's cover, which is not part of either text.
COVER_STYLES = {"DecretoTitulo", "Portada", "Leyenda"}
_TABLE_RULE = re.compile(r"\|(\s*-+\s*\|)+")


# ------------------------------------------------------------------ Word's accept all / reject all

def document_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read("word/document.xml"))


def _unwrap(el: etree._Element) -> None:
    parent = el.getparent()
    index = parent.index(el)
    for child in reversed(list(el)):
        parent.insert(index, child)
    parent.remove(el)


def _resolve(root: etree._Element, keep: str) -> etree._Element:
    """Apply every change: ``keep='ins'`` is accept all, ``keep='del'`` reject all. A move's source
    (``w:moveFrom``) goes as a deletion does, its destination (``w:moveTo``) as an insertion."""
    root = copy.deepcopy(root)
    for marker in ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd"):
        for el in list(root.iter(W + marker)):
            el.getparent().remove(el)
    for side, like in (("moveFrom", "del"), ("moveTo", "ins")):
        for el in list(root.iter(W + side)):
            el.tag = W + like
    drop = "del" if keep == "ins" else "ins"
    for tr in list(root.iter(W + "tr")):
        if tr.find(f"{W}trPr/{W}{drop}") is not None:
            tr.getparent().remove(tr)
    for p in list(root.iter(W + "p")):
        if p.find(f"{W}pPr/{W}rPr/{W}{drop}") is not None:
            _join_next(p)
    for el in list(root.iter(W + drop)):
        if el.getparent() is not None and el.getparent().tag not in (W + "rPr", W + "trPr"):
            el.getparent().remove(el)
    for el in list(root.iter(W + keep)):
        if el.getparent().tag in (W + "rPr", W + "trPr"):
            el.getparent().remove(el)
        else:
            _unwrap(el)
    for el in root.iter(W + "delText"):
        el.tag = W + "t"
    return root


def _join_next(p: etree._Element) -> None:
    """A paragraph whose mark is gone: its content moves to the start of the next paragraph."""
    following = p.getnext()
    content = [c for c in p if c.tag != W + "pPr"]
    if following is not None and following.tag == W + "p":
        anchor = following.find(W + "pPr")
        for child in reversed(content):
            if anchor is not None:
                anchor.addnext(child)
            else:
                following.insert(0, child)
    p.getparent().remove(p)


def accept_all(root: etree._Element) -> etree._Element:
    return _resolve(root, "ins")


def reject_all(root: etree._Element) -> etree._Element:
    return _resolve(root, "del")


def _paragraph_text(p: etree._Element) -> str:
    out = []
    for el in p.iter():
        if el.tag in (W + "t", W + "delText"):
            out.append(el.text or "")
        elif el.tag in (W + "br",):
            out.append("\n")
        elif el.tag == W + "tab":
            out.append(" ")
    return "".join(out)


def docx_lines(root: etree._Element, *, skip_styles: set[str] = COVER_STYLES) -> list[list[str]]:
    """The body as lines of words: paragraphs (split at line breaks), table rows as one line."""
    lines: list[list[str]] = []
    for el in root.find(W + "body"):
        if el.tag == W + "p":
            style = el.find(f"{W}pPr/{W}pStyle")
            if style is not None and style.get(W + "val") in skip_styles:
                continue
            lines.extend(line.split() for line in _paragraph_text(el).split("\n"))
        elif el.tag == W + "tbl":
            for tr in el.iter(W + "tr"):
                lines.append(" ".join(_paragraph_text(p) for p in tr.iter(W + "p")).split())
    return [line for line in lines if line]


def rendered_lines(doc: Document) -> list[list[str]]:
    """render_text's lines as words (table rows as their cells' words)."""
    lines = []
    for line in render_text(doc).splitlines():
        line = line.strip()
        if not line or _TABLE_RULE.fullmatch(line):
            continue
        if line.startswith("|"):
            line = " ".join(cell.strip() for cell in line.strip("|").split("|"))
        lines.append(line.split())
    return lines


def assert_same_lines(got: list[list[str]], expected: list[list[str]]) -> None:
    for i, (a, b) in enumerate(zip(got, expected, strict=False)):
        assert a == b, f"line {i}: {' '.join(a)!r} != {' '.join(b)!r}"
    assert len(got) == len(expected)


# ------------------------------------------------------------------ a reform of a real regulation

def _siblings(doc: Document, target: Provision) -> list[Provision]:
    def search(nodes: list[Provision]) -> list[Provision] | None:
        if any(n is target for n in nodes):
            return nodes
        for n in nodes:
            if n.kind in CONTAINER_KINDS:
                found = search(n.children)
                if found is not None:
                    return found
        return None

    return search(doc.body) or []


def _texts(article: Provision) -> list[Provision]:
    return [n for n in article.walk() if n.text and n.kind in ("paragraph", "point") and len(n.text.split()) > 4]


def _edit_words(node: Provision, k: int) -> None:
    words = node.text.split()
    words[1] = words[1] + " municipal"
    del words[-2]
    if k % 3 == 0:
        words[2] = words[2].upper()
    node.text = " ".join(words)


def amend_regulation(base: Document) -> tuple[Document, dict[str, int]]:
    """50+ changed articles: word edits, fracción edits, derogations, additions and one move."""
    new = copy.deepcopy(base)
    articles = [a for a in new.articles() if _texts(a)]
    counts = {"words": 0, "points": 0, "derogated": 0, "added": 0, "moved": 0}
    for k, article in enumerate(articles[1::2][:45]):
        _edit_words(_texts(article)[0], k)
        counts["words"] += 1
    for article in [a for a in articles[::2] if any(n.kind == "point" for n in _texts(a))][:6]:
        point = next(n for n in _texts(article) if n.kind == "point")
        point.text = point.text.replace(point.text.split()[0], "Las autoridades competentes,", 1)
        counts["points"] += 1
    for article in articles[4::20][:5]:
        article.children = [Provision("paragraph", text="Se deroga.")]
        article.derogated = True
        counts["derogated"] += 1
    for article in articles[10::25][:5]:
        siblings = _siblings(new, article)
        added = Provision("article", num=f"Artículo {article.key} Bis.-", key=f"{article.key}bis", children=[
            Provision("paragraph", text="Las disposiciones de este artículo se aplicarán conforme a los "
                                        "lineamientos que expida la autoridad competente."),
            Provision("point", num="I.", key="I", level="fraccion", text="En materia de movilidad activa;"),
            Provision("point", num="II.", key="II", level="fraccion", text="En materia de transporte público.")])
        siblings.insert(siblings.index(article) + 1, added)
        counts["added"] += 1
    moved = articles[-3]
    siblings = _siblings(new, moved)
    siblings.remove(moved)
    first = _siblings(new, articles[2])
    first.insert(first.index(articles[2]) + 1, moved)
    counts["moved"] += 1
    assign_eids(new.body, preamble=new.preamble)
    return new, counts


def proposal_for(new: Document, base: Document) -> Proposal:
    return Proposal(id="reforma-prueba", work=new.meta.work, base=base.meta.date, title="Reforma de prueba",
                    author="Lic. Ana Martínez", created="2021-03-01T10:00:00-06:00", draft=new)


@pytest.fixture(scope="module")
def movilidad(request):
    from conftest import SHARED_CORPUS

    source = SHARED_CORPUS / "torreon-reglamento-movilidad-urbana.txt"
    if not source.is_file():
        pytest.skip(f"real texts not available: {source} is absent")
    meta = DocumentMeta(work="reglamento-movilidad-urbana", kind="reglamento",
                        title="Reglamento de Movilidad Urbana del Municipio de Torreón", date="2014-11-01")
    return import_path(source, meta).document


def test_redline_of_a_real_regulation_accepts_to_the_proposal_and_rejects_to_the_base(movilidad):
    new, counts = amend_regulation(movilidad)
    diff = diff_documents(movilidad, new)
    changed = [c for c in diff.articles if c.type != "unchanged"]
    assert len(changed) >= 50 and counts["words"] >= 40 and counts["derogated"] == 5 and counts["added"] == 5
    root = document_xml(redline.build(proposal_for(new, movilidad), movilidad, diff))
    assert_same_lines(docx_lines(accept_all(root)), rendered_lines(new))
    assert_same_lines(docx_lines(reject_all(root)), rendered_lines(movilidad))


def test_redline_marks_are_native_word_revisions_with_author_and_date(movilidad):
    new, _ = amend_regulation(movilidad)
    root = document_xml(redline.build(proposal_for(new, movilidad), movilidad))
    inserted, deleted = list(root.iter(W + "ins")), list(root.iter(W + "del"))
    assert len(inserted) > 60 and len(deleted) > 40
    for change in inserted + deleted:
        assert change.get(W + "author") == "Lic. Ana Martínez"
        assert change.get(W + "date") == "2021-03-01T16:00:00Z"
    ids = [c.get(W + "id") for c in inserted + deleted]
    assert len(ids) == len(set(ids))
    run_deletions = [d for d in deleted if d.getparent().tag == W + "p"]
    assert all(d.find(f"{W}r/{W}t") is None and d.find(f"{W}r/{W}delText") is not None for d in run_deletions)


def test_a_moved_article_is_a_word_move_from_where_it_was_to_where_it_goes(movilidad):
    new, _ = amend_regulation(movilidad)
    moved = [a for a in movilidad.articles() if _texts(a)][-3]
    root = document_xml(redline.build(proposal_for(new, movilidad), movilidad))
    label = moved.num
    sources = [d for d in root.iter(W + "moveFrom") if "".join(d.itertext()).startswith(label)]
    targets = [i for i in root.iter(W + "moveTo") if "".join(i.itertext()).startswith(label)]
    assert len(sources) == len(targets) == 1
    assert not [d for d in root.iter(W + "del", W + "ins") if "".join(d.itertext()).startswith(label)]
    names = {side: [r.get(W + "name") for r in root.iter(W + f"{side}RangeStart")] for side in ("moveFrom", "moveTo")}
    assert names["moveFrom"] == names["moveTo"] == ["implanMove1"]
    # the source comes first in the base, the destination far earlier in the proposal
    paragraphs = list(root.iter(W + "p"))
    source_at = next(i for i, p in enumerate(paragraphs) if p.find(f".//{W}moveFrom") is not None)
    target_at = next(i for i, p in enumerate(paragraphs) if p.find(f".//{W}moveTo") is not None)
    assert target_at < source_at


def test_redline_of_the_sample_document_with_tables_notes_and_a_changed_fraccion():
    base = sample_document()
    assign_eids(base.body)
    new = copy.deepcopy(base)
    art3 = next(a for a in new.articles() if a.key == "3")
    art3.children[1].text = "Alineamiento: la traza oficial sobre el terreno;"
    art3.children.insert(3, Provision("point", num="III.", key="III", level="fraccion", text="Lote: el predio."))
    art3.children[4].num, art3.children[4].key = "IV.", "IV"
    art4 = next(a for a in new.articles() if a.key == "4")
    art4.children[1].table.rows.append(["Comercio", "1 por 40 m²"])
    assign_eids(new.body)
    root = document_xml(redline.build(proposal_for(new, base), base))
    assert_same_lines(docx_lines(accept_all(root)), rendered_lines(new))
    assert_same_lines(docx_lines(reject_all(root)), rendered_lines(base))
    assert any(tr.find(f"{W}trPr/{W}ins") is not None for tr in root.iter(W + "tr"))
