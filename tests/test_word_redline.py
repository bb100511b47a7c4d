"""Redline out, exact both ways: "reject all" of our redline gives the base and "accept all" the
draft, paragraph by paragraph — applied by LibreOffice itself on the Constitution pair and on a
reformed real regulation, and, for every edit hypothesis draws on real text, applied the way Word
does (:mod:`test_export_redline`), with no paragraph mark LibreOffice would read differently."""

from __future__ import annotations

import copy
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SHARED_CORPUS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_export_redline import (
    W,
    accept_all,
    amend_regulation,
    assert_same_lines,
    document_xml,
    docx_lines,
    proposal_for,
    reject_all,
    rendered_lines,
)

from implan_regs.export import redline
from implan_regs.importers import import_path
from implan_regs.model.eid import assign_eids
from implan_regs.model.tree import Document, DocumentMeta, Provision

LO_SCRIPT = Path(__file__).with_name("lo_changes.py")
COVER_LINES = 3  # the redline's title, proposal line and legend


def real(name: str, date: str, kind: str = "reglamento") -> Document:
    source = SHARED_CORPUS / name
    if not source.is_file():
        pytest.skip(f"real texts not available: {source} is absent")
    return import_path(source, DocumentMeta(work="obra", kind=kind, title="Texto", date=date)).document


@pytest.fixture(scope="module")
def constitution() -> tuple[Document, Document]:
    return real("cpeum@6e5fd21.rst", "2024-10-31", "constitucion"), real("cpeum@1b95a6d.rst", "2024-12-20",
                                                                           "constitucion")


def libreoffice(mode: str, sources: list[Path], tmp_path: Path) -> list[list[list[str]]]:
    """Each DOCX after LibreOffice's "accept all" or "reject all", as lines of words (cover left out)."""
    targets = [tmp_path / f"{s.stem}-{mode}.txt" for s in sources]
    args = [str(p) for pair in zip(sources, targets, strict=True) for p in pair]
    subprocess.run(["/usr/bin/python3", str(LO_SCRIPT), str(tmp_path / "lo-profile"), mode, *args], check=True,
                   capture_output=True, timeout=600)
    return [[line.split() for line in t.read_text(encoding="utf-8-sig").splitlines() if line.strip()][COVER_LINES:]
            for t in targets]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_rejects_to_the_base_and_accepts_to_the_draft(constitution, tmp_path):
    old, new = constitution
    regulation = real("torreon-reglamento-movilidad-urbana.txt", "2014-11-01")
    amended, _ = amend_regulation(regulation)
    pairs = {"cpeum": (old, new), "movilidad": (regulation, amended)}
    files = []
    for name, (base, draft) in pairs.items():
        path = tmp_path / f"{name}.docx"
        path.write_bytes(redline.build(proposal_for(draft, base), base))
        files.append(path)
    for (base, draft), rejected, accepted in zip(pairs.values(), libreoffice("reject", files, tmp_path),
                                                 libreoffice("accept", files, tmp_path), strict=True):
        assert_same_lines(rejected, rendered_lines(base))
        assert_same_lines(accepted, rendered_lines(draft))


def test_the_constitution_redline_accepts_and_rejects_exactly_as_word_does(constitution):
    old, new = constitution
    root = document_xml(redline.build(proposal_for(new, old), old))
    assert_same_lines(docx_lines(accept_all(root)), rendered_lines(new))
    assert_same_lines(docx_lines(reject_all(root)), rendered_lines(old))
    assert not _marks_libreoffice_joins(root)


# ------------------------------------------------------------------ hypothesis over a real text

def _marks_libreoffice_joins(root) -> list[int]:
    """Wholly inserted paragraphs (content and own mark) right after a paragraph that ends with an
    insertion and keeps its mark: LibreOffice reads the insertions as one range across that mark and
    joins the paragraphs around them on "reject all"."""
    found = []
    paragraphs = list(root.iter(W + "p"))
    for index, (before, p) in enumerate(zip(paragraphs, paragraphs[1:], strict=False)):
        wholly_inserted = p.find(f"{W}pPr/{W}rPr/{W}ins") is not None and all(
            c.tag == W + "ins" for c in p if c.tag != W + "pPr")
        content = [c for c in before if c.tag != W + "pPr"]
        ends_inserted = before.find(f"{W}pPr/{W}rPr") is None and content and content[-1].tag == W + "ins"
        if wholly_inserted and ends_inserted:
            found.append(index + 1)
    return found


@pytest.fixture(scope="module")
def interior() -> Document:
    doc = real("torreon-reglamento-interior-r-ayuntamiento.txt", "2014-01-01")
    small = copy.deepcopy(doc)
    articles = [a for a in small.articles() if len(a.children) >= 3][:12]
    small.body = [copy.deepcopy(a) for a in articles]
    assign_eids(small.body)
    return small


EDITS = st.lists(st.tuples(st.sampled_from(["words", "insert", "delete", "append", "extend-and-insert", "move"]), st.integers(0, 10_000),
                           st.integers(0, 10_000)), min_size=1, max_size=6)


def _edit(doc: Document, edits) -> Document:
    new = copy.deepcopy(doc)
    for kind, a, b in edits:
        if kind == "move":  # an article placed elsewhere, its text untouched: a Word move
            article = new.body.pop(a % len(new.body))
            new.body.insert(b % (len(new.body) + 1), article)
            continue
        article = new.body[a % len(new.body)]
        children = article.children
        index = b % len(children)
        node = children[index]
        if kind == "words" and node.text:
            words = node.text.split()
            words[len(words) // 2] = "modificado"
            node.text = " ".join(words) + " y reformado"
        elif kind == "insert":
            children.insert(index + 1, Provision("paragraph", text=f"Párrafo nuevo {a} del artículo."))
        elif kind == "delete" and len(children) > 1:
            del children[index]
        elif kind == "extend-and-insert" and node.text:  # the Constitution's case: a sentence added, then a párrafo
            node.text += " Para tal efecto se expedirán los lineamientos."
            children.insert(index + 1, Provision("paragraph", text=f"Párrafo agregado {a}."))
        elif kind == "append":
            children.append(Provision("paragraph", text=f"Párrafo final {b}."))
    assign_eids(new.body)
    return new


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_any_edit_of_a_real_text_accepts_to_the_draft_and_rejects_to_the_base(interior, edits):
    new = _edit(interior, edits)
    root = document_xml(redline.build(proposal_for(new, interior), interior))
    assert_same_lines(docx_lines(accept_all(root)), rendered_lines(new))
    assert_same_lines(docx_lines(reject_all(root)), rendered_lines(interior))
    assert _marks_libreoffice_joins(root) == []
