"""The review copy: every provision of a real regulation is a bookmark named after its eId,
spanning exactly its paragraphs, and the copy still reads back as the same text."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_export import PID, WORK, _same_structure, sample, store  # noqa: F401 - the store fixture

from implan_regs.cli import main
from implan_regs.export import review
from implan_regs.importers import import_path
from implan_regs.importers.wordbody import read_path
from implan_regs.model.tree import DocumentMeta
from implan_regs.wordanchors import bookmark_name, eid_of, read_table

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def real(name: str, work: str = "rmu"):
    source = SHARED / name
    if not source.is_file():
        pytest.skip(f"real texts not available: {source} is absent")
    return import_path(source, DocumentMeta(work=work, kind="reglamento", title="Reglamento")).document


@pytest.fixture(scope="module")
def movilidad():
    return real("torreon-reglamento-movilidad-urbana.txt")


@pytest.fixture(scope="module")
def movilidad_copy(movilidad, tmp_path_factory):
    path = tmp_path_factory.mktemp("review") / "revision.docx"
    path.write_bytes(review.build(movilidad))
    return path


def test_every_provision_of_a_real_regulation_is_a_bookmark_over_its_own_paragraphs(movilidad, movilidad_copy):
    body = read_path(movilidad_copy, {n.eid for n in movilidad.walk()})
    assert body.bookmarked
    provisions = [n for n in movilidad.walk() if n.eid and (n.text or n.num or n.heading or n.table)]
    opened = {eid for p in body.paragraphs for eid in p.eids}
    assert {n.eid for n in provisions} <= opened
    by_eid = {n.eid: n for n in movilidad.walk()}
    # each paragraph's innermost bookmark is the provision it prints: its text is in that paragraph
    checked = 0
    for paragraph in body.paragraphs:
        node = by_eid.get(paragraph.eid or "")
        if node is None or node.kind not in ("point", "paragraph") or not node.text:
            continue
        assert " ".join(node.text.split()) in paragraph.text, (paragraph.eid, paragraph.text)
        checked += 1
    assert checked > 1000


def test_long_eids_are_hashed_and_listed_in_the_custom_xml_part(movilidad, movilidad_copy):
    long = [n.eid for n in movilidad.walk() if n.eid and len(n.eid) > 40]
    assert long, "the real regulation has eIds longer than Word's 40 characters"
    with zipfile.ZipFile(movilidad_copy) as zf:
        table = read_table(zf.read("customXml/implanAnchors.xml"))
        names = {el for el in zf.read("word/document.xml").decode().split('w:name="')[1:]}
    names = {n.split('"')[0] for n in names}
    for eid in long:
        name = bookmark_name(eid)
        assert len(name) <= 40 and name[0].isalpha() and name in names
        assert eid_of(name, table) == eid
    assert all(len(n) <= 40 and n[0].isalpha() for n in names)


def test_the_review_copy_reads_back_to_the_same_document(movilidad, movilidad_copy):
    back = import_path(movilidad_copy, DocumentMeta(work="rmu", kind="reglamento", title="x")).document
    _same_structure(movilidad, back)


def test_cli_exports_the_review_copy_of_a_proposal_and_of_a_version(store, tmp_path):  # noqa: F811
    for ref in (PID, f"{WORK}@2015-12-20"):
        out = tmp_path / f"{ref.replace('@', '_')}.docx"
        result = CliRunner().invoke(main, ["--root", str(store.root), "export", ref, "--as", "review", "-o", str(out)])
        assert result.exit_code == 0, result.output
        body = read_path(out)
        assert "art_4__para_1" in {eid for p in body.paragraphs for eid in p.eids}
    # the draft's added article is in the copy, under its own bookmark
    paragraphs = read_path(tmp_path / f"{PID}.docx").paragraphs
    assert [p.text for p in paragraphs if (p.eid or "").startswith("art_4ter")] == \
        ["Artículo 4 Ter.- Cajones para motocicletas."]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_bookmarks_survive_a_libreoffice_save(tmp_path):
    doc = sample()
    src = tmp_path / "revision.docx"
    src.write_bytes(review.build(doc))
    outdir = tmp_path / "lo"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--norestore",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(outdir), str(src)],
                   check=True, capture_output=True, timeout=300)
    known = {n.eid for n in doc.walk() if n.eid}
    before, after = read_path(src, known), read_path(outdir / "revision.docx", known)
    assert (outdir / "revision.docx").read_bytes() != src.read_bytes()
    assert [(p.eid, p.text) for p in after.paragraphs if p.eid] == [(p.eid, p.text) for p in before.paragraphs if p.eid]
    assert len([p for p in after.paragraphs if p.eid]) > 15
