"""DOCX import: container checks, automatic numbering labels, tables, tracked changes, end to end."""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml as docx_parse_xml
from docx.oxml.ns import qn

from implan_regs.errors import InputError
from implan_regs.importers import import_path
from implan_regs.importers.docx import MAX_ENTRIES, MAX_TOTAL_UNCOMPRESSED, docx_lines, format_number
from implan_regs.importers.lines import SourceLine, StructureHint
from implan_regs.model.tree import DocumentMeta

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

ABSTRACT = f"""<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>"""


def _num(num_id: int, restart: bool) -> str:
    override = ('<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if restart else "")
    return (f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}"><w:abstractNumId w:val="90"/>{override}</w:num>')


def _add_numbering(document: docx.Document) -> None:
    """Fracciones (upperRoman) > incisos (lowerLetter) > numerales; numId 90, and 91 restarting."""
    numbering = document.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    first_num.addprevious(docx_parse_xml(ABSTRACT))
    numbering.append(docx_parse_xml(_num(90, restart=False)))
    numbering.append(docx_parse_xml(_num(91, restart=True)))


def _numbered(document: docx.Document, text: str, num_id: int, ilvl: int = 0):
    para = document.add_paragraph(text)
    ppr = para._p.get_or_add_pPr()
    ppr.append(docx_parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{ilvl}"/>'
                              f'<w:numId w:val="{num_id}"/></w:numPr>'))
    return para


def _tracked(document: docx.Document) -> None:
    """'Se deroga la licencia anterior. Se expide la nueva.' with one deletion and one insertion."""
    para = document.add_paragraph("Artículo 4.- Se ")
    para._p.append(docx_parse_xml(
        f'<w:del xmlns:w="{W_NS}" w:id="1" w:author="x"><w:r><w:delText>abroga </w:delText></w:r></w:del>'))
    para._p.append(docx_parse_xml(
        f'<w:ins xmlns:w="{W_NS}" w:id="2" w:author="x"><w:r><w:t xml:space="preserve">deroga </w:t></w:r></w:ins>'))
    para.add_run("la licencia anterior.")


def build_regulation(path: Path) -> Path:
    d = docx.Document()
    _add_numbering(d)
    d.add_paragraph("TÍTULO PRIMERO", style="Heading 1")
    d.add_paragraph("DISPOSICIONES GENERALES", style="Heading 1")
    d.add_paragraph("")
    d.add_paragraph("CAPÍTULO I", style="Heading 2")
    d.add_paragraph("DEL OBJETO", style="Heading 2")
    d.add_paragraph("Artículo 1.- Este Reglamento tiene por objeto:")
    _numbered(d, "Regular el uso del suelo;", 90)
    _numbered(d, "Establecer las normas técnicas de:", 90)
    _numbered(d, "construcción, y", 90, 1)
    _numbered(d, "imagen urbana;", 90, 1)
    _numbered(d, "Las demás que señalen otras disposiciones.", 90)
    d.add_paragraph("Artículo 2.- Para efectos de este Reglamento se entenderá por:")
    _numbered(d, "Instituto: el Instituto Municipal de Planeación;", 91)
    _numbered(d, "Reglamento: el presente ordenamiento.", 91)
    d.add_paragraph("CAPÍTULO II", style="Heading 2")
    d.add_paragraph("DEL ESTACIONAMIENTO", style="Heading 2")
    d.add_paragraph("Artículo 2 Bis.- Los cajones se calculan conforme a la tabla siguiente:")
    table = d.add_table(rows=4, cols=3)
    for r, row in enumerate([["Uso", "Unidad", "Cajones"], ["Habitacional", "vivienda", "1"],
                             ["Comercio", "40 m²", "1"], ["Nota", "", ""]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(3, 0).merge(table.cell(3, 2)).text = "Se redondea hacia arriba."
    d.add_paragraph("Artículo 3.- Las licencias se otorgan por un año.")
    _tracked(d)
    d.add_paragraph("TRANSITORIOS")
    d.add_paragraph("PRIMERO.- El presente Reglamento entrará en vigor al día siguiente de su publicación.")
    d.save(path)
    return path


@pytest.fixture
def regulation(tmp_path: Path) -> Path:
    return build_regulation(tmp_path / "reglamento.docx")


def meta() -> DocumentMeta:
    return DocumentMeta(work="prueba", kind="reglamento", title="Reglamento de prueba")


# --------------------------------------------------------------------- lines

def test_lines_in_document_order_with_styles(regulation: Path) -> None:
    lines = docx_lines(regulation)
    texts = [ln.text for ln in lines if ln.table is None]
    assert texts[:2] == ["TÍTULO PRIMERO", "DISPOSICIONES GENERALES"]
    assert "" not in texts  # empty paragraphs are ignored
    assert lines[0].style == "Heading 1" and lines[2].style == "Heading 2"
    assert all(ln.blank_before for ln in lines)
    table_at = next(i for i, ln in enumerate(lines) if ln.table is not None)
    assert lines[table_at - 1].text.startswith("Artículo 2 Bis.-")
    assert lines[table_at + 1].text.startswith("Artículo 3.-")


def test_automatic_numbering_labels(regulation: Path) -> None:
    labels = [(ln.label, ln.text) for ln in docx_lines(regulation) if ln.label]
    assert labels == [
        ("I.", "Regular el uso del suelo;"),
        ("II.", "Establecer las normas técnicas de:"),
        ("a)", "construcción, y"),
        ("b)", "imagen urbana;"),
        ("III.", "Las demás que señalen otras disposiciones."),
        ("I.", "Instituto: el Instituto Municipal de Planeación;"),  # numId 91 restarts the list
        ("II.", "Reglamento: el presente ordenamiento."),
    ]


def test_incisos_restart_under_each_fraccion(tmp_path: Path) -> None:
    d = docx.Document()
    _add_numbering(d)
    for text, ilvl in [("uno", 0), ("a1", 1), ("a2", 1), ("dos", 0), ("b1", 1), ("n1", 2), ("b2", 1)]:
        _numbered(d, text, 90, ilvl)
    d.save(tmp_path / "n.docx")
    assert [ln.label for ln in docx_lines(tmp_path / "n.docx")] == ["I.", "a)", "b)", "II.", "a)", "1.", "b)"]


def test_table_with_merged_cells(regulation: Path) -> None:
    table = next(ln.table for ln in docx_lines(regulation) if ln.table is not None)
    assert table.header_rows == 1
    assert table.rows[:3] == [["Uso", "Unidad", "Cajones"], ["Habitacional", "vivienda", "1"],
                              ["Comercio", "40 m²", "1"]]
    assert table.rows[3] == ["Se redondea hacia arriba.", "", ""]


def test_vertical_merge_keeps_text_in_top_cell(tmp_path: Path) -> None:
    d = docx.Document()
    t = d.add_table(rows=3, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "Zona", "Densidad"
    t.cell(1, 1).text, t.cell(2, 1).text = "H1", "H2"
    t.cell(1, 0).merge(t.cell(2, 0)).text = "Centro"
    d.save(tmp_path / "v.docx")
    (line,) = docx_lines(tmp_path / "v.docx")
    assert line.table.rows == [["Zona", "Densidad"], ["Centro", "H1"], ["", "H2"]]


def test_tracked_changes_read_as_accepted(regulation: Path) -> None:
    texts = [ln.text for ln in docx_lines(regulation)]
    assert "Artículo 4.- Se deroga la licencia anterior." in texts
    assert not any("abroga" in t for t in texts)


def test_deleted_paragraph_mark_joins_paragraphs(tmp_path: Path) -> None:
    d = docx.Document()
    first = d.add_paragraph("Artículo 5.- Texto ")
    rpr = first._p.get_or_add_pPr()
    rpr.append(docx_parse_xml(f'<w:rPr xmlns:w="{W_NS}"><w:del w:id="3" w:author="x"/></w:rPr>'))
    d.add_paragraph("continuado.")
    d.save(tmp_path / "j.docx")
    assert [ln.text for ln in docx_lines(tmp_path / "j.docx")] == ["Artículo 5.- Texto continuado."]


def test_line_break_inside_paragraph_splits_lines(tmp_path: Path) -> None:
    d = docx.Document()
    para = d.add_paragraph("CAPÍTULO ÚNICO")
    para.add_run().add_break()
    para.add_run("DE LAS LICENCIAS")
    d.save(tmp_path / "b.docx")
    lines = docx_lines(tmp_path / "b.docx")
    assert [(ln.text, ln.blank_before) for ln in lines] == [("CAPÍTULO ÚNICO", True), ("DE LAS LICENCIAS", False)]


def test_content_controls_are_read(tmp_path: Path) -> None:
    d = docx.Document()
    para = d.add_paragraph("Artículo 9.- Dentro de un control de contenido.")
    sdt = docx_parse_xml(f'<w:sdt xmlns:w="{W_NS}"><w:sdtContent/></w:sdt>')
    para._p.addprevious(sdt)
    sdt[0].append(copy.deepcopy(para._p))
    para._p.getparent().remove(para._p)
    d.save(tmp_path / "s.docx")
    assert [ln.text for ln in docx_lines(tmp_path / "s.docx")] == ["Artículo 9.- Dentro de un control de contenido."]


@pytest.mark.parametrize(("value", "fmt", "shown"), [
    (14, "upperRoman", "XIV"), (4, "lowerRoman", "iv"), (1, "lowerLetter", "a"), (27, "lowerLetter", "aa"),
    (3, "upperLetter", "C"), (7, "decimalZero", "07"), (12, "ordinalText", "Décimo segundo"), (5, "decimal", "5"),
])
def test_format_number(value: int, fmt: str, shown: str) -> None:
    assert format_number(value, fmt) == shown


# --------------------------------------------------------------------- hostile or broken files

def _assert_input_error(path: Path, fragment: str) -> None:
    with pytest.raises(InputError) as info:
        docx_lines(path)
    assert fragment in info.value.message
    assert path.name in str(info.value)


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "texto.docx"
    path.write_text("Artículo 1.- Esto no es un DOCX.", encoding="utf-8")
    _assert_input_error(path, "no es un archivo DOCX válido (no es un ZIP)")


def test_binary_junk(tmp_path: Path) -> None:
    path = tmp_path / "basura.docx"
    path.write_bytes(bytes(range(256)) * 64)
    _assert_input_error(path, "no es un ZIP")


def test_zip_without_document_xml(tmp_path: Path) -> None:
    path = tmp_path / "vacio.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    _assert_input_error(path, "falta word/document.xml")


def test_zip_bomb_total_size(tmp_path: Path) -> None:
    path = tmp_path / "bomba.docx"
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", "<w:document/>")
        with zf.open("word/media/relleno.bin", "w") as entry:
            for _ in range(MAX_TOTAL_UNCOMPRESSED // len(chunk) + 1):
                entry.write(chunk)
    assert path.stat().st_size < 2 * 1024 * 1024
    _assert_input_error(path, "posible bomba ZIP")


def test_zip_bomb_ratio(tmp_path: Path) -> None:
    path = tmp_path / "tasa.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"<w:document/>" + b" " * (20 * 1024 * 1024))
    _assert_input_error(path, "tasa de compresión")


def test_too_many_entries(tmp_path: Path) -> None:
    path = tmp_path / "muchas.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
        for i in range(MAX_ENTRIES):
            zf.writestr(f"word/media/{i}.txt", "")
    _assert_input_error(path, "demasiadas entradas")


def test_dtd_in_document_xml_is_refused(tmp_path: Path, regulation: Path) -> None:
    path = tmp_path / "xxe.docx"
    with zipfile.ZipFile(regulation) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1)
            dst.writestr(info, data)
    _assert_input_error(path, "DTD")


def test_zip_that_is_not_word(tmp_path: Path) -> None:
    path = tmp_path / "otro.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", f'<w:document xmlns:w="{W_NS}"/>')
    _assert_input_error(path, "no se pudo abrir el DOCX")


# --------------------------------------------------------------------- end to end

@pytest.fixture
def recognized(regulation: Path):
    return import_path(regulation, meta())


def test_end_to_end_articles(recognized) -> None:
    doc = recognized.document
    assert [a.key for a in doc.articles()] == ["1", "2", "2bis", "3", "4"]
    assert recognized.report.format == "docx"
    title = doc.body[0]
    assert title.kind == "title" and title.key == "1"
    chapters = [c for c in title.children if c.kind == "chapter"]
    assert [c.key for c in chapters] == ["1", "2"]
    assert [a.key for a in chapters[0].children if a.kind == "article"] == ["1", "2"]


def test_end_to_end_fracciones_and_incisos(recognized) -> None:
    art1 = recognized.document.articles()[0]
    points = [c for c in art1.children if c.kind == "point"]
    assert [(p.level, p.key) for p in points] == [("fraccion", "I"), ("fraccion", "II"), ("fraccion", "III")]
    assert points[0].text == "Regular el uso del suelo;"
    incisos = [c for c in points[1].children if c.kind == "point"]
    assert [(i.level, i.key, i.text) for i in incisos] == [("inciso", "a", "construcción, y"),
                                                          ("inciso", "b", "imagen urbana;")]
    art2 = recognized.document.articles()[1]
    assert [p.key for p in art2.children if p.kind == "point"] == ["I", "II"]


def test_end_to_end_table_and_transitorios(recognized) -> None:
    doc = recognized.document
    bis = next(a for a in doc.articles() if a.key == "2bis")
    table = next(c.table for c in bis.walk() if c.table is not None)
    assert table.rows[1] == ["Habitacional", "vivienda", "1"]
    (block,) = doc.transitorios()
    assert [t.key for t in block.children if t.kind == "transitional"] == ["1"]


def test_numbering_inherited_from_list_style(tmp_path: Path) -> None:
    d = docx.Document()
    for text in ["uno", "dos"]:
        d.add_paragraph(text, style="List Number")
    d.add_paragraph("viñeta", style="List Bullet")
    d.save(tmp_path / "l.docx")
    assert [(ln.label, ln.style) for ln in docx_lines(tmp_path / "l.docx")] == [
        ("1.", "List Number"), ("2.", "List Number"), (None, "List Bullet")]


# --------------------------------------------------------------------- structure stated by our styles

def _consolidated_sample(path: Path) -> Path:
    from conftest import sample_document

    from implan_regs.export import consolidated

    path.write_bytes(consolidated.build(sample_document()))
    return path


def test_our_styles_state_role_level_and_depth(tmp_path: Path) -> None:
    lines = {ln.text: ln for ln in docx_lines(_consolidated_sample(tmp_path / "vigente.docx"))}
    assert lines["II. Densidad: número de viviendas por hectárea:"].hint == StructureHint("point", 0, "fraccion")
    assert lines["a) bruta;"].hint == StructureHint("point", 1, "inciso")
    assert lines["Las definiciones se aplican en singular o plural."].hint == StructureHint("paragraph", 0)
    assert lines["Artículo 1.- Este Reglamento es de orden público."].hint is None  # recognized as always
    assert lines["TRANSITORIOS"].hint is None


def test_other_documents_get_no_hints_even_with_a_style_named_like_ours(tmp_path: Path, regulation: Path) -> None:
    assert all(ln.hint is None for ln in docx_lines(regulation))
    d = docx.Document()
    d.styles.add_style("Fracción", 1)
    d.styles.add_style("Párrafo de fracción", 1)
    d.add_paragraph("Artículo 1.- Son autoridades:")
    d.add_paragraph("I. El Cabildo.", style="Fracción")
    d.add_paragraph("Texto.", style="Párrafo de fracción")
    d.save(tmp_path / "ajeno.docx")
    assert [ln.hint for ln in docx_lines(tmp_path / "ajeno.docx")] == [None, None, None]


def test_a_paragraph_added_in_word_without_our_styles_is_recognized_as_before(tmp_path: Path) -> None:
    path = _consolidated_sample(tmp_path / "vigente.docx")
    d = docx.Document(str(path))
    neta = next(p for p in d.paragraphs if p.text == "b)\tneta.")
    added = copy.deepcopy(neta._p)
    neta._p.addnext(added)
    para = docx.text.paragraph.Paragraph(added, neta._parent)
    para.style = d.styles["Normal"]
    for run in para.runs[1:]:
        run._r.getparent().remove(run._r)
    para.runs[0].text = "c) mixta."
    d.save(str(path))
    line = next(ln for ln in docx_lines(path) if ln.text == "c) mixta.")
    assert line.hint is None and line.style == "Normal"
    doc = import_path(path, meta()).document
    fraccion = doc.find("art_3__point_II")
    assert [(c.key, c.text) for c in fraccion.children] == [("a", "bruta;"), ("b", "neta."), ("c", "mixta.")]


def test_recognizer_places_hinted_lines_where_stated() -> None:
    """The recognizer hook: hinted lines go where the hint says; the same lines without hints are guessed."""
    from implan_regs.importers.recognizer import recognize

    rows = [("Artículo 1.- Son autoridades:", None), ("I. El Cabildo:", StructureHint("point", 0, "fraccion")),
            ("a) las comisiones.", StructureHint("point", 1, "inciso")),
            ("Párrafo del inciso.", StructureHint("paragraph", 2)),
            ("Párrafo de la fracción.", StructureHint("paragraph", 1)),
            ("1. Numeral del artículo.", StructureHint("point", 0, "numeral")),
            ("b) Párrafo que parece inciso.", StructureHint("paragraph", 0))]

    def tree(hinted: bool):
        lines = [SourceLine(text, i, blank_before=True, hint=hint if hinted else None)
                 for i, (text, hint) in enumerate(rows, 1)]
        doc = recognize(lines, meta()).document
        return [(n.eid, n.text) for n in doc.articles()[0].walk()][1:]

    assert tree(True) == [
        ("art_1__para_1", "Son autoridades:"),
        ("art_1__para_1__point_I", "El Cabildo:"),
        ("art_1__para_1__point_I__point_a", "las comisiones."),
        ("art_1__para_1__point_I__point_a__para_1", "Párrafo del inciso."),
        ("art_1__para_1__point_I__para_1", "Párrafo de la fracción."),
        ("art_1__para_2", None),
        ("art_1__para_2__point_1", "Numeral del artículo."),
        ("art_1__para_3", "b) Párrafo que parece inciso."),
    ]
    assert tree(False) != tree(True)
