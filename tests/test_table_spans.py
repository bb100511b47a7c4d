"""Merged cells: ``Table.spans`` read from Word (gridSpan, vMerge) and from the rulings of the real
Movilidad PDF, kept in Akoma Ntoso (``rowspan``/``colspan``, valid against the OASIS schema), and
rendered merged in ``show`` (``<``/``^`` cells that the text readers read back), the web page and
the consolidated DOCX (which our DOCX importer reads back to the same spans); a decree that changes
a merged cell still verifies.
"""

from __future__ import annotations

import copy
import json
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from implan_regs.cli import main
from implan_regs.importers import import_path
from implan_regs.importers.docx import docx_lines
from implan_regs.importers.text import import_text
from implan_regs.model.akn import from_xml, to_xml
from implan_regs.model.tree import Document, DocumentMeta, Provision, Table
from implan_regs.reform.decree import build_decree
from implan_regs.reform.decree_reader import pipe_table
from implan_regs.reform.verify import verify_text
from implan_regs.render.text import render_text, table_text
from implan_regs.schemas import oasis_schema

PDF = "torreon-reglamento-movilidad-urbana.pdf"
ZONING = Table([["Zona", "Densidad", ""], ["", "mínima", "máxima"], ["Centro", "H1", "H2"], ["", "H3", "H4"]],
               header_rows=2, spans={(0, 0): (2, 1), (0, 1): (1, 2), (2, 0): (2, 1)})


def _meta(work: str = "zonas") -> DocumentMeta:
    return DocumentMeta(work=work, kind="reglamento", title="Reglamento de Zonificación", date="2020-01-01")


def _document(table: Table) -> Document:
    article = Provision("article", num="Artículo 1.-", key="1", children=[
        Provision("paragraph", text="Las densidades por zona son las siguientes:"), Provision("paragraph", table=table)])
    return Document(_meta(), body=[article])


@st.composite
def spanned_tables(draw):
    """A grid with non-overlapping merged cells; covered cells empty, others any text but a marker."""
    height, width = draw(st.integers(1, 6)), draw(st.integers(1, 5))
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    taken: set[tuple[int, int]] = set()
    for _ in range(draw(st.integers(0, 4))):
        r, c = draw(st.integers(0, height - 1)), draw(st.integers(0, width - 1))
        down, across = draw(st.integers(1, height - r)), draw(st.integers(1, width - c))
        cells = {(r + i, c + j) for i in range(down) for j in range(across)}
        if (down, across) != (1, 1) and not cells & taken:
            spans[(r, c)] = (down, across)
            taken |= cells
    covered = {p for (r, c), (d, a) in spans.items() for p in ((r + i, c + j) for i in range(d) for j in range(a))
               if p != (r, c)}
    text = st.text(st.characters(categories=("L", "N", "P", "Zs"), exclude_characters="|"), max_size=8).map(
        lambda t: " ".join(t.split())).filter(lambda t: t not in ("<", "^"))
    rows = [["" if (r, c) in covered else draw(text) for c in range(width)] for r in range(height)]
    return Table(rows, draw(st.integers(0, height)), spans)


def _hollow(table: Table) -> bool:
    """Some row lies wholly under merged cells from above (AKN cannot write it: see the next test)."""
    return any(all((r, c) in table.covered() for c in range(len(row))) for r, row in enumerate(table.rows))


@settings(max_examples=200, deadline=None)
@given(spanned_tables())
def test_marked_rows_read_back_to_the_same_spans(table):
    back = Table.from_marked(table.marked_rows(), table.header_rows)
    assert back == table


@settings(max_examples=100, deadline=None)
@given(spanned_tables())
def test_akn_keeps_every_merged_cell_and_validates(table):
    if not any(any(row) for row in table.rows) or _hollow(table):
        return  # an empty table is written as an empty párrafo
    xml = to_xml(_document(table))
    assert oasis_schema().validate(etree.fromstring(xml)), oasis_schema().error_log.last_error
    back = from_xml(xml).body[0].children[1].table
    assert back.rows == table.rows and back.spans == table.spans


def test_a_row_wholly_under_merged_cells_is_left_out_of_akn_and_the_merge_shortened():
    table = Table([["Zona", "H1"], ["", ""], ["", "H2"]], 0, {(0, 0): (3, 1), (0, 1): (2, 1)})
    xml = to_xml(_document(table))
    assert oasis_schema().validate(etree.fromstring(xml)), oasis_schema().error_log.last_error
    back = from_xml(xml).body[0].children[1].table
    assert back == Table([["Zona", "H1"], ["", "H2"]], 0, {(0, 0): (2, 1)})


def test_akn_writes_rowspan_and_colspan_once_per_merged_cell():
    root = etree.fromstring(to_xml(_document(ZONING)))
    ns = {"a": root.nsmap[None]}
    rows = root.findall(".//a:table/a:tr", ns)
    assert [[(c.get("rowspan"), c.get("colspan"), "".join(c.itertext()).strip()) for c in tr] for tr in rows] == [
        [("2", None, "Zona"), (None, "2", "Densidad")],
        [(None, None, "mínima"), (None, None, "máxima")],
        [("2", None, "Centro"), (None, None, "H1"), (None, None, "H2")],
        [(None, None, "H3"), (None, None, "H4")]]


def test_word_grid_span_and_vertical_merge_become_spans(tmp_path: Path):
    d = docx.Document()
    t = d.add_table(rows=4, cols=3)
    t.cell(0, 0).merge(t.cell(1, 0)).text = "Zona"
    t.cell(0, 1).merge(t.cell(0, 2)).text = "Densidad"
    t.cell(1, 1).text, t.cell(1, 2).text = "mínima", "máxima"
    t.cell(2, 0).merge(t.cell(3, 0)).text = "Centro"
    for r, values in ((2, ("H1", "H2")), (3, ("H3", "H4"))):
        t.cell(r, 1).text, t.cell(r, 2).text = values
    d.save(tmp_path / "z.docx")
    (line,) = docx_lines(tmp_path / "z.docx")
    assert line.table.rows == ZONING.rows
    assert line.table.spans == ZONING.spans


def test_text_shows_merged_cells_and_reads_them_back():
    text = render_text(_document(ZONING))
    assert table_text(ZONING) in text
    assert "| Zona | Densidad | < |\n| ^ | mínima | máxima |\n|---|---|---|\n| Centro | H1 | H2 |\n| ^ | H3 | H4 |" in text
    back = import_text(text, _meta()).document
    assert back.body[0].children[1].table == ZONING
    assert pipe_table(table_text(ZONING)) == ZONING


@pytest.fixture(scope="module")
def movilidad():
    from conftest import SHARED_CORPUS

    if not SHARED_CORPUS.is_dir():
        pytest.skip("real texts not available")
    return import_path(SHARED_CORPUS / PDF, _meta("movilidad")).document


def test_the_real_fines_table_merges_its_section_headings_across_its_columns(movilidad):
    table = movilidad.find("art_148__para_2").table
    merged = {table.rows[r][c]: span for (r, c), span in table.spans.items()}
    assert merged == {"NORMAS GENERALES DE CIRCULACION PARA BICICLETAS O CICLISTAS": (1, 3),
                      "NORMAS GENERALES DE CIRCULACION PARA MOTOCICLISTAS": (1, 3)}
    assert all(c == 0 and table.rows[r][1:] == ["", ""] for r, c in table.spans)


def test_show_web_and_consolidated_docx_render_the_merged_cells(shared_corpus, tmp_path, movilidad):
    from web_support import ACCOUNTS, csrf_from

    from implan_regs.web import create_app

    root = tmp_path / "acervo"
    runner = CliRunner()

    def ok(*args):
        done = runner.invoke(main, ["--root", str(root), *args])
        assert done.exit_code == 0, done.output
        return done.output

    ok("init")
    ok("import", str(shared_corpus / PDF), "--work", "movilidad", "--title", "Movilidad", "--date", "2014-11-01")
    shown = ok("show", "movilidad", "--provision", "artículo 148")
    assert "| NORMAS GENERALES DE CIRCULACION PARA MOTOCICLISTAS | < | < |" in shown
    as_json = json.loads(ok("show", "movilidad", "--provision", "párrafo segundo del artículo 148", "--format", "json"))
    assert [67, 0, 1, 3] in as_json["provision"]["table"]["spans"]

    out = tmp_path / "vigente.docx"
    ok("export", "movilidad", "--as", "consolidated", "-o", str(out))
    with zipfile.ZipFile(out) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    spans = [tc for tc in body.iter(f"{w}tc") if tc.find(f"{w}tcPr/{w}gridSpan") is not None]
    assert [tc.find(f"{w}tcPr/{w}gridSpan").get(f"{w}val") for tc in spans] == ["3", "3"]
    assert ["".join(t.text for t in tc.iter(f"{w}t")) for tc in spans] == ["NORMAS GENERALES DE CIRCULACION PARA BICICLETAS O CICLISTAS",
                                                         "NORMAS GENERALES DE CIRCULACION PARA MOTOCICLISTAS"]
    reread = next(line.table for line in docx_lines(out) if line.table is not None and len(line.table.rows) > 100)
    original = movilidad.find("art_148__para_2").table
    assert reread.rows == original.rows and reread.spans == original.spans

    from implan_regs.accounts.users import add_user
    from implan_regs.store import Store

    add_user(Store.open(root), "lector", password=ACCOUNTS["lector"][3], role="lector")
    client = create_app(root, testing=True).test_client()
    page = client.get("/login")
    client.post("/login", data={"csrf_token": csrf_from(page.get_data(as_text=True)), "usuario": "lector",
                                "contrasena": ACCOUNTS["lector"][3]})
    html = client.get("/doc/movilidad/2014-11-01/p/art_148").get_data(as_text=True)
    assert '<td colspan="3">NORMAS GENERALES DE CIRCULACION PARA MOTOCICLISTAS</td></tr>' in html
    assert html.count("<td") == sum(len(r) for r in original.rows[original.header_rows:]) - 4


def test_a_decree_that_changes_a_merged_cell_verifies():
    old = _document(ZONING)
    new = copy.deepcopy(old)
    table = new.body[0].children[1].table
    table.spans = {(0, 0): (2, 1), (0, 1): (1, 2)}  # "Centro" no longer covers two rows
    table.rows[3][0] = "Norte"
    for doc in (old, new):
        from implan_regs.model.eid import assign_eids

        assign_eids(doc.body)
    text = build_decree(old, new).text()
    assert "| Centro | H1 | H2 |\n| Norte | H3 | H4 |" in text and "| ^ | mínima | máxima |" in text
    result = verify_text(old, new, text)
    assert result.ok, ([d.describe() for d in result.differences], [str(p) for p in result.problems])
    assert not verify_text(old, new, text.replace("| Norte |", "| ^ |")).ok


def test_the_redline_keeps_merged_cells_of_an_added_table(tmp_path):
    from implan_regs.export import redline
    from implan_regs.model.eid import assign_eids
    from implan_regs.reform.model import Proposal

    old = _document(ZONING)
    new = copy.deepcopy(old)
    new.body[0].children.append(Provision("paragraph", table=copy.deepcopy(ZONING)))
    for doc in (old, new):
        assign_eids(doc.body)
    proposal = Proposal(id="zonas", work="zonas", base="2020-01-01", title="Zonas", draft=new)
    out = tmp_path / "redline.docx"
    out.write_bytes(redline.build(proposal, old))
    with zipfile.ZipFile(out) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    inserted = [t for t in body.iter(f"{w}tbl") if t.find(f"{w}tr/{w}trPr/{w}ins") is not None]
    assert len(inserted) == 1
    spans = [tc.find(f"{w}tcPr/{w}gridSpan").get(f"{w}val") for tc in inserted[0].iter(f"{w}tc")
             if tc.find(f"{w}tcPr/{w}gridSpan") is not None]
    merges = [tc.find(f"{w}tcPr/{w}vMerge").get(f"{w}val") for tc in inserted[0].iter(f"{w}tc")
              if tc.find(f"{w}tcPr/{w}vMerge") is not None]
    assert spans == ["2"] and merges == ["restart", None, "restart", None]
    reread = [line.table for line in docx_lines(out) if line.table is not None]
    assert reread[-1].spans == ZONING.spans and reread[-1].rows == ZONING.rows
