"""PDF read from the page (pypdfium2): párrafos from vertical gaps, page furniture removed by
position, hyphenation undone, ruled tables kept as tables (and rendered as tables in `show` and
the consolidated DOCX), on the real Reglamento de Movilidad and on PDFs made here with known layout."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from pdf_maker import Page, write_pdf

from implan_regs.export.consolidated import build
from implan_regs.importers import import_path
from implan_regs.importers.pdflayout import read_pdf
from implan_regs.model.tree import DocumentMeta
from implan_regs.render.text import render_provision

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
MOVILIDAD = CORPUS / "torreon-reglamento-movilidad-urbana.pdf"
INICIATIVA = CORPUS / "torreon-decreto-creacion-implan-iniciativa.pdf"


def meta() -> DocumentMeta:
    return DocumentMeta(work="prueba", kind="reglamento", title="Prueba", date="2020-01-01")


@pytest.fixture(scope="module")
def movilidad():
    if not MOVILIDAD.is_file():
        pytest.skip(f"no está el corpus compartido ({MOVILIDAD})")
    return import_path(MOVILIDAD, meta())


# --------------------------------------------------------------------- the real Reglamento de Movilidad

def test_article_1_has_its_two_parrafos(movilidad) -> None:
    art1 = movilidad.document.find("art_1")
    assert [c.kind for c in art1.children] == ["paragraph", "paragraph"]
    assert art1.children[0].text.startswith("Se declaran de utilidad pública")
    assert art1.children[0].text.endswith("infracciones al presente Reglamento.")
    assert art1.children[1].text.startswith("Las disposiciones de este reglamento se entenderán")


def test_article_148_holds_one_table_of_fines(movilidad) -> None:
    art148 = movilidad.document.find("art_148")
    tables = [c.table for c in art148.walk() if c.table is not None]
    assert len(tables) == 1 and len(art148.children) == 2  # the chapeau, then the table
    table = tables[0]
    assert table.header_rows == 1 and table.rows[0] == ["N°", "CONCEPTO", "MULTA"]
    numbered = [row for row in table.rows if row[0].isdigit()]
    assert [int(row[0]) for row in numbered] == list(range(1, 195))  # every row keeps its number
    assert all(len(row) == 3 and row[1] and row[2] for row in numbered)  # ...its concept and its fine
    by_number = {row[0]: row for row in numbered}
    assert by_number["1"] == ["1", "PASARSE UN SEMAFORO EN ROJO", "10 A 15"]
    # a row cut by a page break is one row again; a row whose number lost its ruling gets it back
    assert by_number["157"][1] == "NO HACER ALTO CINCO METROS ANTES DE CRUZAR LA VIA DEL FERROCARRIL"
    assert by_number["181"][1].startswith("CONDUCIR ACOMPAÑADO DE MENOR") and by_number["181"][2] == "5 A 10"
    assert by_number["191"][2] == "50 A 70"


def test_no_parrafo_holds_a_table_row(movilidad) -> None:
    """Before, the table became hundreds of one-line párrafos ("Artículo 148, párrafo 496")."""
    for node in movilidad.document.walk():
        assert not (node.text or "").startswith("PASARSE UN SEMAFORO")
        assert (node.text or "").strip() not in ("10 A 15", "N°", "CONCEPTO")


def test_show_and_docx_render_the_table_as_a_table(movilidad) -> None:
    shown = render_provision(movilidad.document.find("art_148"))
    assert "1 | PASARSE UN SEMAFORO EN ROJO | 10 A 15" in shown
    docx = DocxDocument(io.BytesIO(build(movilidad.document)))
    fines = [t for t in docx.tables if t.rows[0].cells[1].text == "CONCEPTO"]
    assert len(fines) == 1
    assert [c.text for c in fines[0].rows[1].cells] == ["1", "PASARSE UN SEMAFORO EN ROJO", "10 A 15"]


def test_page_numbers_are_gone_and_headings_are_whole() -> None:
    if not INICIATIVA.is_file():
        pytest.skip(f"no está el corpus compartido ({INICIATIVA})")
    doc = import_path(INICIATIVA, meta()).document
    for node in doc.walk():
        assert not (node.text or "").strip().isdigit()
    sexto = next(n for n in doc.walk() if n.kind == "chapter" and n.num == "CAPITULO SEXTO")
    assert sexto.heading == "Del presupuesto y la procuración de fondos"  # not "… fondos 21"
    sections = [n.heading for n in doc.walk() if n.kind == "section"]
    assert "Del Cuerpo Técnico del Instituto" in sections  # its page number no longer hides it


# --------------------------------------------------------------------- PDFs with a known layout

def page_with_furniture(number: int) -> Page:
    page = Page()
    page.text(72, 40, "PERIÓDICO OFICIAL DEL ESTADO DE COAHUILA")
    page.text(300, 770, f"- {number} -")
    return page


def test_gap_hyphenation_furniture_and_a_table_over_two_pages(tmp_path: Path) -> None:
    first, second, third = page_with_furniture(1), page_with_furniture(2), page_with_furniture(3)
    first.text(72, 90, "Artículo 1.- El presente reglamento es de orden público y de observancia general en el")
    first.text(72, 104, "municipio de Torreón, y regula la planea-")
    first.text(72, 118, "ción urbana del territorio.")
    first.text(72, 146, "Las disposiciones de este reglamento se aplican en todo el territorio municipal.")
    first.text(72, 174, "Artículo 2.- Las multas son las siguientes:")
    first.grid([72, 110, 400, 500], [190, 210, 230, 250],
               [["N°", "CONCEPTO", "MULTA"], ["1", "PASARSE UN SEMÁFORO EN ROJO", "10 A 15"],
                ["2", "CONDUCIR SIN LICENCIA", "4 A 8"]])
    second.grid([72, 110, 400, 500], [80, 100, 120, 140],
                [["N°", "CONCEPTO", "MULTA"], ["3", "CIRCULAR A EXCESO DE VELOCIDAD", "6 A 10"],
                 ["4", "ESTACIONARSE EN DOBLE FILA", "4 A 6"]])
    second.text(72, 170, "Artículo 3.- Las multas se pagan en la Tesorería Municipal.")
    third.text(72, 90, "Artículo 4.- Este artículo está en la tercera página.")
    path = tmp_path / "prueba.pdf"
    path.write_bytes(write_pdf([first, second, third]))
    result = import_path(path, meta())
    doc = result.document
    assert [a.key for a in doc.articles()] == ["1", "2", "3", "4"]
    art1 = doc.find("art_1")
    assert [c.text for c in art1.children] == [
        "El presente reglamento es de orden público y de observancia general en el municipio de Torreón, "
        "y regula la planeación urbana del territorio.",
        "Las disposiciones de este reglamento se aplican en todo el territorio municipal."]
    table = doc.find("art_2").children[1].table
    assert table.rows == [["N°", "CONCEPTO", "MULTA"], ["1", "PASARSE UN SEMÁFORO EN ROJO", "10 A 15"],
                          ["2", "CONDUCIR SIN LICENCIA", "4 A 8"], ["3", "CIRCULAR A EXCESO DE VELOCIDAD", "6 A 10"],
                          ["4", "ESTACIONARSE EN DOBLE FILA", "4 A 6"]]
    everything = "\n".join(n.plain_text() for n in doc.body)
    assert "PERIÓDICO OFICIAL" not in everything and "- 2 -" not in everything
    assert doc.find("art_3").children[0].text == "Las multas se pagan en la Tesorería Municipal."


def test_a_text_box_is_not_a_table(tmp_path: Path) -> None:
    """One framed paragraph (one cell) stays text."""
    page = Page()
    page.text(72, 90, "Artículo 1.- Texto del artículo.")
    page.hline(72, 500, 100)
    page.hline(72, 500, 130)
    page.vline(72, 100, 130)
    page.vline(500, 100, 130)
    page.text(80, 118, "Nota enmarcada del artículo uno.")
    path = tmp_path / "caja.pdf"
    path.write_bytes(write_pdf([page]))
    lines = read_pdf(path).lines
    assert not [line for line in lines if line.table is not None]
    assert "Nota enmarcada del artículo uno." in [line.text for line in lines]


def test_warnings_name_their_page(tmp_path: Path) -> None:
    first, second = Page(), Page()
    first.text(72, 90, "Artículo 1.- Primero.")
    second.text(72, 90, "Artículo 3.- Tercero, sin el segundo.")
    path = tmp_path / "salto.pdf"
    path.write_bytes(write_pdf([first, second]))
    report = import_path(path, meta()).report
    (gap,) = [w for w in report.warnings if w.code == "gap"]
    assert gap.page == 2 and "página 2" in report.format_text()


# --------------------------------------------------------------------- what was guessed

def test_guesses_are_listed_with_their_page(movilidad) -> None:
    guesses = [w for w in movilidad.report.warnings if w.code == "guess"]
    assert all(w.page for w in guesses)
    tables = [(w.page, w.message) for w in guesses if w.message.startswith("tabla:")]
    assert (65, "tabla: la fila «157» continúa tras el salto de página; se unió en una sola fila") in tables
    assert any(page == 61 and "«74 CIRCULAR CON OBJETOS" in msg for page, msg in tables)
    assert any(page == 66 and "columna de números" in msg and "«181»" in msg for page, msg in tables)
    text = movilidad.report.format_text()
    assert "página 65, tabla: la fila «157»" in text


def test_a_parrafo_break_the_page_does_not_show_is_a_guess_and_strict_refuses_it(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from implan_regs.cli import main

    first, second = Page(), Page()
    first.text(72, 90, "Artículo 1.- El presente reglamento es de orden público y de observancia general en")
    first.text(72, 104, "todo el municipio.")
    second.text(72, 90, "Las disposiciones de este reglamento se aplican en todo el territorio municipal.")
    path = tmp_path / "salto.pdf"
    path.write_bytes(write_pdf([first, second]))
    result = import_path(path, meta())
    assert len(result.document.find("art_1").children) == 2
    (guess,) = [w for w in result.report.warnings if w.code == "guess"]
    assert guess.page == 2 and "párrafo nuevo supuesto" in guess.message
    root = tmp_path / "acervo"
    runner = CliRunner()
    assert runner.invoke(main, ["--root", str(root), "init"]).exit_code == 0
    refused = runner.invoke(main, ["--root", str(root), "import", str(path), "--work", "prueba", "--title", "Prueba",
                                   "--date", "2020-01-01", "--strict"])
    assert refused.exit_code == 2 and "con --strict" in refused.output and "página 2" in refused.output


def test_column_split_fracciones_are_read_in_order() -> None:
    """The IMPLAN initiative prints the numbers of artículo 69's fracciones in one column and their
    texts in another: pdftotext gives «II.» and «III.» with no text; the page gives each its own."""
    if not INICIATIVA.is_file():
        pytest.skip(f"no está el corpus compartido ({INICIATIVA})")
    art69 = import_path(INICIATIVA, meta()).document.find("art_69")
    points = [(c.num, c.text.split()[0]) for c in art69.children if c.kind == "point"]
    assert points == [("I.", "Vigilar"), ("II.", "Practicar"), ("III.", "Informar")]


def test_a_page_full_of_strokes_is_read_as_text(tmp_path: Path) -> None:
    """A drawing (a zoning plan of thousands of strokes) is not searched for tables."""
    page = Page()
    page.text(72, 60, "Artículo 1.- El plano anexo forma parte de este reglamento.")
    for i in range(700):
        page.hline(72, 540, 100 + i)
        page.vline(72 + i * 0.6, 100, 800 - 30)
    path = tmp_path / "plano.pdf"
    path.write_bytes(write_pdf([page]))
    result = import_path(path, meta())
    assert [a.key for a in result.document.articles()] == ["1"]
    assert any(w.code == "guess" and "trazos" in w.message and w.page == 1 for w in result.report.warnings)
