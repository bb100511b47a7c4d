"""DOCX exports: content of each document, the DOCX round trip, the CLI and its errors."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess

import docx
import pytest
from click.testing import CliRunner
from conftest import PROJECT, SHARED_CORPUS, P, sample_document, snapshot
from docx.enum.section import WD_ORIENT
from test_export_redline import (
    W,
    accept_all,
    assert_same_lines,
    document_xml,
    docx_lines,
    reject_all,
    rendered_lines,
)

from implan_regs import wordstyles
from implan_regs.cli import main
from implan_regs.diff import diff_documents
from implan_regs.export import comparative, consolidated, export, render
from implan_regs.importers import import_path
from implan_regs.model.eid import assign_eids
from implan_regs.model.tree import Document, DocumentMeta
from implan_regs.reform import service
from implan_regs.reform.storage import load_proposal
from implan_regs.store import Store

WORK = "reglamento-prueba"
PID = "reforma-2021"


def sample(**kw):
    """The conftest sample as the importers store it: notes without parentheses, placeholders marked."""
    doc = sample_document(**kw)
    for node in doc.walk():
        node.notes = [note.strip("()") for note in node.notes]
        node.derogated = node.derogated or node.text == "Se deroga."
    assign_eids(doc.body)
    return doc


@pytest.fixture
def store(tmp_path) -> Store:
    """The sample regulation in force and a proposal that amends, adds and derogates."""
    s = Store.init(tmp_path / "acervo")
    s.save_expression(sample(work=WORK), author="ana")
    service.new_proposal(s, f"{WORK}@2015-12-20", PID, "Reforma 2021", author="Lic. Ana Martínez")
    service.operate(s, PID, "reformar", citation="artículo 2",
                    text="Las autoridades municipales aplican este Reglamento.", reason="Precisar la autoridad.")
    service.operate(s, PID, "adicionar", after="artículo 4 Bis", text="Cajones para motocicletas.",
                    reason="Movilidad de bajas emisiones.")
    service.operate(s, PID, "derogar", citation="artículo 3 fracción I", reason="Se regula en el Plan Director.")
    service.set_transitorios(s, PID, ["Entra en vigor al día siguiente de su publicación."])
    return s


def body_texts(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def styled(data: bytes, style: str) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.style.name == style]


# ------------------------------------------------------------------ consolidated

def _same_structure(a, b) -> None:
    def view(doc):
        return [(n.eid, n.kind, n.level, n.num, n.text, n.derogated, n.notes,
                 n.table.rows if n.table else None) for n in doc.walk()]

    assert view(a) == view(b)


def test_consolidated_reads_back_to_the_same_document(tmp_path):
    doc = sample()
    path = tmp_path / "vigente.docx"
    path.write_bytes(consolidated.build(doc))
    back = import_path(path, DocumentMeta(work=doc.meta.work, kind="reglamento", title="x")).document
    _same_structure(doc, back)


def _round_trip(doc, path):
    """Export ``doc`` as the consolidated text, import the DOCX back."""
    path.write_bytes(consolidated.build(doc))
    return import_path(path, DocumentMeta(work=doc.meta.work, kind=doc.meta.kind, title="x")).document


def _mismatches(doc, back) -> list[str]:
    """eIds whose node differs after the round trip (or is missing from it)."""
    def fields(n):
        return (n.kind, n.level, n.num, n.text, n.derogated, n.notes, n.table.rows if n.table else None)

    got = {n.eid: fields(n) for n in back.walk()}
    return [n.eid for n in doc.walk() if got.get(n.eid) != fields(n)]


def _real_round_trip(shared_corpus, tmp_path):
    meta = DocumentMeta(work="movilidad", kind="reglamento", title="Reglamento de Movilidad Urbana", date="2014-11-01")
    doc = import_path(shared_corpus / "torreon-reglamento-movilidad-urbana.txt", meta).document
    return doc, _round_trip(doc, tmp_path / "movilidad.docx")


def test_consolidated_of_a_real_regulation_reads_back_to_the_same_articles(shared_corpus, tmp_path):
    doc, back = _real_round_trip(shared_corpus, tmp_path)
    assert len(back.articles()) == len(doc.articles()) > 100
    assert [(a.eid, a.num, a.plain_text(), a.derogated) for a in back.articles()] == \
        [(a.eid, a.num, a.plain_text(), a.derogated) for a in doc.articles()]
    points = [n for n in doc.walk() if n.kind in ("point", "transitional")]
    got = [n for n in back.walk() if n.kind in ("point", "transitional")]
    assert [(n.level, n.num, n.text) for n in got] == [(n.level, n.num, n.text) for n in points]
    assert len(points) > 300
    nested = re.compile(r"__point_[^_]+__(?:.*__)?para_")
    assert sum(1 for n in doc.walk() if nested.search(n.eid)) > 10  # párrafos inside fracciones and incisos


#: Every article-structured real text: Torreón regulations, the LGAHOTDU (Markdown and PDF text)
#: and the Constitution before and after the 2024-12-20 decree.
REAL_TEXTS = sorted(p.name for pattern in ("torreon-*.txt", "mx-lgahotdu.md", "mx-lgahotdu.txt", "cpeum@*.rst")
                    for p in SHARED_CORPUS.glob(pattern)) if SHARED_CORPUS.is_dir() else ["(shared corpus absent)"]


@pytest.mark.parametrize("name", REAL_TEXTS)
def test_consolidated_of_every_real_text_reads_back_exactly(shared_corpus, tmp_path, name):
    """Same eIds, nums, texts, levels, derogations, notes and tables: párrafos inside fracciones
    and incisos, incisos and numerales directly in the article, apartados that read like roman
    numbers come back where they were, because the styles state the structure."""
    meta = DocumentMeta(work="prueba", kind="reglamento", title="Prueba", date="2020-01-01")
    doc = import_path(shared_corpus / name, meta).document
    back = _round_trip(doc, tmp_path / "texto.docx")
    assert _mismatches(doc, back) == []
    _same_structure(doc, back)


def _manifest() -> list[dict]:
    return json.loads((PROJECT / "corpus" / "manifest.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("entry", _manifest(), ids=lambda e: e["file"])
def test_consolidated_of_every_sample_text_reads_back_exactly(tmp_path, entry):
    meta = DocumentMeta(work=entry["work"], kind=entry["kind"], title=entry["title"], date=entry.get("date"))
    doc = import_path(PROJECT / "corpus" / entry["file"], meta).document
    back = _round_trip(doc, tmp_path / "texto.docx")
    assert _mismatches(doc, back) == []
    _same_structure(doc, back)


def _stated_structure_document():
    """What guessing gets wrong: a párrafo inside an inciso and one inside its fracción after the
    incisos, numerales directly in the article right after a fracción, a párrafo that starts like
    an inciso, an apartado "C." (also a roman 100), a fracción whose only text is a párrafo, and
    a párrafo inside four points."""
    art1 = P("article", num="Artículo 1.-", key="1", children=[
        P("paragraph", text="Son autoridades:", children=[
            P("point", num="I.", key="I", level="fraccion", text="El Cabildo, que tiene:", children=[
                P("point", num="a)", key="a", level="inciso", text="comisiones;"),
                P("point", num="b)", key="b", level="inciso", text="regidores:", children=[
                    P("paragraph", text="Los regidores sesionan en pleno.")]),
                P("paragraph", text="Las comisiones informan al Cabildo.")]),
            P("point", num="II.", key="II", level="fraccion", text="El Presidente.")]),
        P("paragraph", children=[
            P("point", num="1.", key="1", level="numeral", text="Uno."),
            P("point", num="2.", key="2", level="numeral", text="Dos.")]),
        P("paragraph", text="a) Este párrafo no es un inciso."),
    ])
    art2 = P("article", num="Artículo 2.-", key="2", children=[
        P("paragraph", text="Se integra por:"),
        P("point", num="C.", key="C", level="apartado", text="El apartado C."),
    ])
    art3 = P("article", num="Artículo 3.-", key="3", children=[
        P("point", num="I.", key="I", level="fraccion", children=[P("paragraph", text="Texto de la fracción.")]),
    ])
    art4 = P("article", num="Artículo 4.-", key="4", children=[
        P("point", num="I.", key="I", level="fraccion", text="Uno:", children=[
            P("point", num="a)", key="a", level="inciso", text="dos:", children=[
                P("point", num="1.", key="1", level="numeral", text="tres:", children=[
                    P("point", num="i)", key="i", level="subinciso", text="cuatro:", children=[
                        P("paragraph", text="Cinco niveles.")])])])]),
    ])
    doc = Document(DocumentMeta("estructura", "reglamento", "Estructura"),
                   body=[P("chapter", num="CAPÍTULO I", key="1", heading="ÚNICO", children=[art1, art2, art3, art4])])
    assign_eids(doc.body)
    return doc


def test_consolidated_states_the_structure_guessing_gets_wrong(tmp_path):
    doc = _stated_structure_document()
    back = _round_trip(doc, tmp_path / "estructura.docx")
    _same_structure(doc, back)
    # the same paragraphs without our styles are guessed differently: the hints are what makes it exact
    plain = tmp_path / "sin-estilos.docx"
    d = docx.Document(str(tmp_path / "estructura.docx"))
    for para in d.paragraphs:
        para.style = d.styles["Normal"]
    d.save(str(plain))
    guessed = import_path(plain, DocumentMeta(work="estructura", kind="reglamento", title="x")).document
    assert _mismatches(doc, guessed)


def test_depth_variants_look_like_their_level_and_are_defined_only_when_used(tmp_path):
    data = consolidated.build(_stated_structure_document())
    d = docx.Document(io.BytesIO(data))
    used = {p.style.name for p in d.paragraphs}
    assert {"Numeral (nivel 1)", "Numeral", "Subinciso", "Párrafo (nivel 5)", "Apartado",
            "Párrafo de inciso", "Párrafo de fracción", "Fracción", "Inciso"} <= used
    variants = {s.name: s for s in d.styles if "(nivel" in (s.name or "")}
    assert set(variants) == {n for n in used if "(nivel" in n}
    for style in variants.values():
        assert style.element.find(f"{W}pPr") is None and style.element.find(f"{W}rPr") is None
    assert variants["Numeral (nivel 1)"].base_style.name == "Numeral"
    assert variants["Párrafo (nivel 5)"].base_style.name == "Párrafo de numeral"
    apartado = d.styles["Apartado"].element.find(f"{W}pPr").xml
    assert apartado == d.styles["Fracción"].element.find(f"{W}pPr").xml
    assert wordstyles.structure_of("Inciso (nivel 1)") == ("point", 0, "inciso")
    assert wordstyles.structure_of("Párrafo (nivel 5)") == ("paragraph", 4, None)
    assert wordstyles.structure_of("Heading 1") is None and wordstyles.structure_of(None) is None
    assert [wordstyles.structure_style("Inciso", "point", d) for d in (0, 1, 2)] == \
        ["IncisoNivel1", "Inciso", "IncisoNivel3"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_consolidated_re_saved_by_libreoffice_still_reads_back_exactly(tmp_path):
    """The structure lives in style names, which an office suite keeps when it saves the file."""
    doc = _stated_structure_document()
    src = tmp_path / "estructura.docx"
    src.write_bytes(consolidated.build(doc))
    outdir = tmp_path / "lo"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--norestore",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(outdir), str(src)],
                   check=True, capture_output=True, timeout=300)
    resaved = outdir / "estructura.docx"
    assert resaved.read_bytes() != src.read_bytes()
    back = import_path(resaved, DocumentMeta(work="estructura", kind="reglamento", title="x")).document
    _same_structure(doc, back)


@pytest.mark.backends("files", "postgres")
def test_consolidated_has_cover_styles_header_footer_fields_and_tables(store):
    data = render(store, WORK, "consolidated", toc=True)
    d = docx.Document(io.BytesIO(data))
    texts = [p.text for p in d.paragraphs]
    assert texts[0] == "Reglamento de Prueba"
    assert "Texto vigente: versión del 20 de diciembre de 2015" in texts
    assert "Entrada en vigor: 20 de diciembre de 2015" in texts
    assert styled(data, "Heading 1") == ["TÍTULO PRIMERO\nDISPOSICIONES GENERALES"]
    assert styled(data, "Heading 2") == ["CAPÍTULO I\nOBJETO", "CAPÍTULO II\nESTACIONAMIENTOS"]
    articles = [p for p in d.paragraphs if p.style.name == "Artículo"]
    assert articles[0].runs[0].text == "Artículo 1.-" and articles[0].runs[0].bold
    assert "Artículo 5.- Se deroga." in texts
    assert styled(data, "Fracción")[:2] == ["I.\tAlineamiento: la traza sobre el terreno;",
                                            "II.\tDensidad: número de viviendas por hectárea:"]
    assert styled(data, "Inciso") == ["a)\tbruta;", "b)\tneta."]
    note = styled(data, "Nota de reforma")
    assert note == ["(REFORMADO, P.O. 15 DE MARZO DE 2019)"]
    assert styled(data, "Transitorios") == ["TRANSITORIOS"]
    table = d.tables[0]
    assert [c.text for c in table.rows[1].cells] == ["Vivienda", "1 por vivienda"]
    assert table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None
    section = d.sections[0]
    assert section.header.paragraphs[0].text == "Reglamento de Prueba"
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer and "Página" in footer
    assert "TOC \\o" in d.element.body.xml


@pytest.mark.backends("files", "postgres")
def test_consolidated_of_a_proposal_shows_its_draft(store):
    data = render(store, PID, "consolidated")
    texts = body_texts(data)
    assert "Proyecto: Reforma 2021 (estado: borrador)" in texts
    assert "Artículo 2.- Las autoridades municipales aplican este Reglamento." in texts
    assert "Artículo 4 Ter.- Cajones para motocicletas." in texts


# ------------------------------------------------------------------ cuadro comparativo

def _cell_runs(cell) -> list[tuple[str, bool, bool]]:
    return [(r.text, bool(r.bold), bool(r.font.strike)) for p in cell.paragraphs for r in p.runs]


@pytest.mark.backends("files", "postgres")
def test_cuadro_comparativo_has_one_row_per_changed_provision_in_legal_order(store):
    data = render(store, PID, "comparative")
    proposal = load_proposal(store, PID)
    diff = diff_documents(store.load(WORK), proposal.draft)
    changed = [c for c in diff.articles + diff.transitorios if c.type != "unchanged"]
    d = docx.Document(io.BytesIO(data))
    table = d.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Texto vigente", "Texto propuesto",
                                                     "Justificación / Observaciones"]
    assert table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None
    assert len(table.rows) - 1 == len(changed) == 3
    firsts = [row.cells[1].paragraphs[0].text.split(" ", 2)[:2] for row in table.rows[1:]]
    assert firsts == [["Artículo", "2.-"], ["Artículo", "3.-"], ["Artículo", "4"]]
    assert d.sections[0].orientation == WD_ORIENT.LANDSCAPE
    assert d.sections[0].page_width > d.sections[0].page_height


@pytest.mark.backends("files", "postgres")
def test_cuadro_comparativo_strikes_deleted_words_and_bolds_added_ones(store):
    d = docx.Document(io.BytesIO(render(store, PID, "comparative")))
    amended, derogated, added = d.tables[0].rows[1:]
    assert ("municipales", True, False) in [(t.strip(), b, s) for t, b, s in _cell_runs(amended.cells[1])]
    assert not any(s for _, _, s in _cell_runs(amended.cells[1]))
    old_fraccion = [(t.strip(), s) for t, _, s in _cell_runs(derogated.cells[0]) if s]
    assert old_fraccion and "Alineamiento" in old_fraccion[0][0]
    assert any("Se deroga" in t and b for t, b, _ in _cell_runs(derogated.cells[1]))
    assert added.cells[0].text == "(Sin correlativo)"
    assert all(b for t, b, _ in _cell_runs(added.cells[1]) if t.strip() and not t.startswith("Artículo"))
    # the verb comes from what the decree says of the provision, not from the article's diff verdict
    assert [p.text for p in amended.cells[2].paragraphs] == ["Se reforma el artículo 2.", "Precisar la autoridad."]
    assert [p.text for p in derogated.cells[2].paragraphs] == ["Se deroga la fracción I del artículo 3.",
                                                               "Se regula en el Plan Director."]
    assert [p.text for p in added.cells[2].paragraphs] == ["Se adiciona el artículo 4 Ter.",
                                                           "Movilidad de bajas emisiones."]
    # unchanged fracciones of the changed article are elided in both columns, as the decree elides them
    assert "II. …" in [p.text for p in derogated.cells[0].paragraphs]
    assert "II. …" in [p.text for p in derogated.cells[1].paragraphs]


@pytest.mark.backends("files", "postgres")
def test_cuadro_comparativo_with_observations_adds_them_to_their_row(store):
    from implan_regs.observations import NewObservation, add

    add(store, PID, NewObservation("artículo 2", "Dirección General Jurídica", "Precisar qué autoridades.",
                                   "2021-05-03", kind="forma"))
    d = docx.Document(io.BytesIO(render(store, PID, "comparative", with_observations=True)))
    third = [p.text for p in d.tables[0].rows[1].cells[2].paragraphs]
    assert third[-1] == "Dirección General Jurídica (pendiente): Precisar qué autoridades."
    assert len(d.tables[0].rows[2].cells[2].paragraphs) == 2


def test_comparative_marks_fall_back_to_the_printed_text_when_tokens_differ():
    base = sample()
    new = sample(art2_text="Las autoridades municipales aplican este Reglamento.")
    diff = diff_documents(base, new)
    diff.articles[1].words = [("insert", "texto que no coincide")]
    rows = comparative.changed_rows(base, new, diff)
    old_cell, new_cell = comparative._text_cells(rows[0])
    assert "<w:b/></w:rPr><w:t xml:space=\"preserve\"> municipales" in new_cell
    assert "<w:strike/>" not in old_cell


# ------------------------------------------------------------------ correspondence, decree, observations

@pytest.mark.backends("files", "postgres")
def test_tabla_de_correspondencia_names_old_and_new_numbers(store):
    d = docx.Document(io.BytesIO(render(store, PID, "correspondence")))
    rows = [[c.text for c in row.cells] for row in d.tables[0].rows]
    assert rows[0] == ["Texto vigente", "Texto propuesto", "Cambio"]
    assert ["Artículo 2", "Artículo 2", "reformado"] in rows
    assert ["Artículo 1", "Artículo 1", "sin cambios"] in rows
    # an added article stands where the proposal puts it: right after art. 4 Bis, not at the end
    added = rows.index(["—", "Artículo 4 Ter", "adicionado"])
    assert rows[added - 1][1] == "Artículo 4 Bis"


@pytest.mark.backends("files", "postgres")
def test_decree_prints_the_reform_modules_blocks_as_published(store):
    from implan_regs.reform.consolidation import proposal_decree

    decree = proposal_decree(store, load_proposal(store, PID))
    data = render(store, PID, "decree")
    d = docx.Document(io.BytesIO(data))
    texts = [p.text.replace("\t", " ") for p in d.paragraphs]
    expected = [f"{b.num} {b.text}".strip() if b.num else b.text for b in decree.blocks]
    assert texts == expected
    title = d.paragraphs[0]
    assert title.style.name == "Título del decreto" and title.alignment is None
    assert d.paragraphs[1].text.startswith("El Republicano Ayuntamiento")  # the municipal preamble
    unico = d.paragraphs[2]
    assert unico.runs[0].text == "ARTÍCULO ÚNICO.-" and unico.runs[0].bold
    assert styled(data, "Transitorios") == ["TRANSITORIOS"]
    assert "II. y III. …" in styled(data, "Fracción") and "…" in styled(data, "Elisión")


def test_decree_indents_a_fraccions_own_parrafos_under_it():
    """A párrafo inside a fracción (depth 1 in the decree's blocks) is indented as the text decree
    and the consolidated text indent it, so Word shows it belongs to the fracción."""
    from implan_regs.export.decree import build
    from implan_regs.export.styles import STYLE_NAMES
    from implan_regs.reform.decree import Block, Decree

    blocks = [Block("titulo", "DECRETO"), Block("articulo", "Las autoridades son:", "Artículo 5.-"),
              Block("fraccion", "El Presidente Municipal;", "I."),
              Block("paragraph", "Quien podrá delegar sus facultades.", depth=1),
              Block("paragraph", "Párrafo del artículo.")]
    data = build(Decree("DECRETO", False, [], blocks), "DECRETO")
    styles = {p.text: p.style.name for p in docx.Document(io.BytesIO(data)).paragraphs}
    assert styles["Quien podrá delegar sus facultades."] == STYLE_NAMES["Parrafo1"]
    assert styles["Párrafo del artículo."] == STYLE_NAMES["Parrafo"]
    assert styles["Artículo 5.- Las autoridades son:"] == STYLE_NAMES["Articulo"]


@pytest.mark.backends("files", "postgres")
def test_observations_matrix_groups_by_department(store):
    from implan_regs.observations import NewObservation, add, answer

    add(store, PID, NewObservation("artículo 2", "Dirección General Jurídica", "Precisar qué autoridades.",
                                   "2021-05-03"))
    add(store, PID, NewObservation("artículo 4 Ter", "Dirección General de Movilidad", "Incluir bicicletas.",
                                   "2021-05-04"))
    answer(store, "OBS-0002", "justificada", response="Las bicicletas ya se regulan en el artículo 4 Bis.")
    data = render(store, PID, "observations")
    d = docx.Document(io.BytesIO(data))
    assert styled(data, "Heading 2") == ["Dirección General de Movilidad (1)", "Dirección General Jurídica (1)"]
    rows = [[c.text for c in t.rows[1].cells] for t in d.tables]
    assert rows[0] == ["1", "artículo 4 Ter", "Incluir bicicletas.", "justificada",
                       "Las bicicletas ya se regulan en el artículo 4 Bis."]
    assert rows[1][1:4] == ["artículo 2", "Precisar qué autoridades.", "pendiente"]


@pytest.mark.backends("files", "postgres")
def test_redline_of_the_stored_proposal(store):
    root = document_xml(render(store, PID, "redline"))
    proposal = load_proposal(store, PID)
    assert_same_lines(docx_lines(accept_all(root)), rendered_lines(proposal.draft))
    assert_same_lines(docx_lines(reject_all(root)), rendered_lines(store.load(WORK)))
    assert {e.get(W + "author") for e in root.iter(W + "ins")} == {"Lic. Ana Martínez"}


# ------------------------------------------------------------------ writing and the CLI

@pytest.mark.backends("files", "postgres")
def test_export_writes_atomically_and_refuses_to_overwrite(store, tmp_path):
    path = tmp_path / "vigente.docx"
    export(store, WORK, "consolidated", path)
    first = path.read_bytes()
    with pytest.raises(Exception, match="ya existe"):
        export(store, PID, "consolidated", path)
    assert path.read_bytes() == first
    export(store, PID, "consolidated", path, force=True)
    assert path.read_bytes() != first
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def _cli(store, *args):
    return CliRunner().invoke(main, ["--root", str(store.root), *args])


@pytest.mark.backends("files", "postgres")
def test_cli_exports_every_document(store, tmp_path):
    for kind in ("consolidated", "comparative", "correspondence", "decree", "redline"):
        out = tmp_path / f"{kind}.docx"
        result = _cli(store, "export", PID, "--as", kind, "-o", str(out))
        assert result.exit_code == 0, result.output
        assert docx.Document(str(out)).paragraphs
    result = _cli(store, "export", f"{WORK}@2015-12-20", "--as", "consolidated", "-o", str(tmp_path / "v.docx"),
                  "--toc")
    assert result.exit_code == 0 and "Exportado" in result.output


@pytest.mark.parametrize("args, message", [
    (["reglamento-prueba@2001-01-01", "--as", "consolidated"], "no hay versión del 2001-01-01"),
    (["no-existe", "--as", "consolidated"], "no existe una propuesta ni una obra"),
    (["reglamento-prueba", "--as", "comparative"], "se exporta de una propuesta"),
])
@pytest.mark.backends("files", "postgres")
def test_cli_bad_references_fail_cleanly(store, tmp_path, args, message):
    before = snapshot(tmp_path)
    result = _cli(store, "export", *args, "-o", str(tmp_path / "out.docx"))
    assert result.exit_code == 2 and message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert snapshot(tmp_path) == before


@pytest.mark.backends("files", "postgres")
def test_cli_existing_file_without_force_fails_and_keeps_it(store, tmp_path):
    out = tmp_path / "cuadro.docx"
    out.write_bytes(b"mine")
    result = _cli(store, "export", PID, "--as", "comparative", "-o", str(out))
    assert result.exit_code == 2 and "--force" in result.output
    assert out.read_bytes() == b"mine"
    assert _cli(store, "export", PID, "--as", "comparative", "-o", str(out), "--force").exit_code == 0
    assert out.read_bytes() != b"mine"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into read-only folders")
@pytest.mark.backends("files", "postgres")
def test_cli_unwritable_folder_fails_cleanly(store, tmp_path):
    folder = tmp_path / "solo-lectura"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = _cli(store, "export", PID, "--as", "decree", "-o", str(folder / "d.docx"))
        assert result.exit_code == 2 and "no se puede escribir" in result.output
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


@pytest.mark.parametrize("name, message", [("falta/d.docx", "la carpeta de destino no existe"),
                                            ("d.pdf", "extensión .docx")])
@pytest.mark.backends("files", "postgres")
def test_cli_bad_destinations_fail_cleanly(store, tmp_path, name, message):
    before = snapshot(tmp_path)
    result = _cli(store, "export", PID, "--as", "decree", "-o", str(tmp_path / name))
    assert result.exit_code == 2 and message in result.output
    assert snapshot(tmp_path) == before


@pytest.mark.backends("files", "postgres")
def test_a_failed_write_leaves_nothing_behind(store, tmp_path, monkeypatch):
    import implan_regs.fsio as fsio

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fsio.os, "fsync", broken_fsync)
    before = snapshot(tmp_path)
    result = _cli(store, "export", PID, "--as", "redline", "-o", str(tmp_path / "r.docx"))
    assert result.exit_code == 2 and "disco lleno" in result.output
    assert snapshot(tmp_path) == before
