"""Tables compared cell by cell in proposals, on the real fines table of artículo 148 of the
Reglamento de Movilidad (read from the real PDF): a changed fine is a reformed row in the diff,
in the cuadro comparativo (old and new row, changed cells marked) and in the decree ("Se
REFORMAN las filas 3 y 15 de la tabla del artículo 148"), which still verifies by reading it back.
"""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from implan_regs.cli import main
from implan_regs.diff import diff_documents
from implan_regs.diff.tables import row_changes
from implan_regs.importers import import_path
from implan_regs.model.tree import DocumentMeta, Table
from implan_regs.reform.decree import build_decree
from implan_regs.reform.decree_reader import read_decree
from implan_regs.reform.verify import verify_text
from implan_regs.render.text import table_text

PDF = "torreon-reglamento-movilidad-urbana.pdf"
TITLE = "Reglamento de Movilidad Urbana del Municipio de Torreón"


@pytest.fixture(scope="module")
def movilidad():
    from conftest import SHARED_CORPUS

    if not SHARED_CORPUS.is_dir():
        pytest.skip("real texts not available")
    meta = DocumentMeta(work="movilidad", kind="reglamento", title=TITLE, date="2014-11-01")
    return import_path(SHARED_CORPUS / PDF, meta).document


def _fines(doc):
    """The fines table: 194 numbered rows, plus section headings and repeated headers as rows."""
    table = doc.find("art_148__para_2").table
    assert table.rows[0] == ["N°", "CONCEPTO", "MULTA"]
    assert [r[0] for r in table.rows if r[0].isdigit()] == [str(n) for n in range(1, 195)]
    return table


def _row(table, number: int) -> list[str]:
    return next(r for r in table.rows if r[0] == str(number))


def _raise_fines(doc, changes: dict[int, str]):
    """A copy of ``doc`` with the fines of the rows numbered as the keys changed."""
    new = copy.deepcopy(doc)
    table = _fines(new)
    for number, fine in changes.items():
        _row(table, number)[2] = fine
    return new


def test_a_changed_fine_is_a_reformed_row_in_the_diff(movilidad):
    new = _raise_fines(movilidad, {3: "5 A 9", 15: "8 A 12"})
    diff = diff_documents(movilidad, new)
    assert diff.summary["articles"].get("amended") == 1 and diff.summary["table_rows"] == {"amended": 2}
    change = diff.changed_articles()[0]
    rows = [c for c in change.walk() if c.is_row]
    assert [(c.type, c.old.num, c.rows, c.cells) for c in rows] == [
        ("amended", "fila 3", (3, 3), [2]), ("amended", "fila 15", (15, 15), [2])]
    assert rows[0].words == [("equal", "3 | CONDUCIR SIN LICENCIA |"), ("delete", "4 A 8"), ("insert", "5 A 9")]
    data = diff.to_json()
    assert [c["row"] for c in data["changes"] if "row" in c] == [{"old": 3, "new": 3, "cells": [2]},
                                                                 {"old": 15, "new": 15, "cells": [2]}]


def test_the_decree_names_the_rows_prints_only_them_and_verifies(movilidad):
    new = _raise_fines(movilidad, {3: "5 A 9", 15: "8 A 12", 16: "6 A 12", 96: "3 A 5"})
    text = build_decree(movilidad, new).text()
    # rows are named by their N° (the 96th row sits below two section headings and three headers)
    assert f"Se REFORMAN las filas 3, 15, 16 y 96 de la tabla del artículo 148 del {TITLE}" in text
    assert "Artículo 148.- …\n\n| N° | CONCEPTO | MULTA |\n|---|---|---|\n| … |\n| 3 | CONDUCIR SIN LICENCIA | 5 A 9 |\n" \
           "| … |\n| 15 | CIRCULAR CON PLACAS VENCIDAS | 8 A 12 |\n| 16 |" in text
    assert "| … |\n| 96 | CIRCULAR CON EL PARABRISAS ESTRELLADO" in text
    assert "PASARSE UN SEMAFORO EN ROJO" not in text  # unchanged rows are elided
    assert [str(i) for i in read_decree(text).instructions] == [
        "REFORMA artículo 148, fila 3", "REFORMA artículo 148, fila 15", "REFORMA artículo 148, fila 16",
        "REFORMA artículo 148, fila 96"]
    result = verify_text(movilidad, new, text)
    assert result.ok, ([d.describe() for d in result.differences[:3]], [str(p) for p in result.problems[:3]])


def test_a_row_reform_beside_a_reformed_paragraph_verifies(movilidad):
    new = _raise_fines(movilidad, {194: "3 A 5"})
    assert _fines(new).rows[-1] == ["194", "NO CIRCULAR POR EL CENTRO DEL CARRIL", "3 A 5"]
    lead = new.find("art_148__para_1")
    lead.text = lead.text.replace("con forme al siguiente tabulador", "conforme al siguiente tabulador")
    text = build_decree(movilidad, new).text()
    assert "Se REFORMAN el artículo 148, párrafo primero, y la fila 194 de la tabla del artículo 148" in text
    assert verify_text(movilidad, new, text).ok


def test_a_printed_row_count_that_does_not_match_the_sentence_is_a_problem(movilidad):
    new = _raise_fines(movilidad, {3: "5 A 9"})
    text = build_decree(movilidad, new).text().replace("la fila 3 de", "las filas 3 y 4 de")
    result = verify_text(movilidad, new, text)
    assert not result.ok
    assert any("la tabla del decreto muestra 1 fila y la instrucción reforma 2 (3, 4)" in str(p)
               for p in result.problems)


def test_an_added_row_reforms_the_table_whole_and_verifies(movilidad):
    new = copy.deepcopy(movilidad)
    table = _fines(new)
    table.rows.insert(10, ["9 Bis", "ESTACIONARSE EN CICLOVÍA", "6 A 10"])
    table.spans = {(r + (r >= 10), c): span for (r, c), span in table.spans.items()}  # the section headings move down
    diff = diff_documents(movilidad, new)
    assert diff.summary["table_rows"] == {"added": 1}
    text = build_decree(movilidad, new).text()
    assert "fila" not in text.split("para quedar como sigue")[0]
    assert "| 9 Bis | ESTACIONARSE EN CICLOVÍA | 6 A 10 |" in text and "PASARSE UN SEMAFORO EN ROJO" in text
    assert verify_text(movilidad, new, text).ok


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.integers(1, 194), st.integers(1, 90), min_size=1, max_size=6))
def test_any_set_of_changed_fines_verifies(movilidad, fines):
    new = _raise_fines(movilidad, {row: f"{fine} A {fine + 5}" for row, fine in fines.items()})
    changed = {row for row, fine in fines.items() if _row(_fines(movilidad), row)[2] != f"{fine} A {fine + 5}"}
    text = build_decree(movilidad, new).text()
    assert sum(1 for line in text.splitlines() if line.startswith("| ") and "…" not in line) == len(changed) + 1
    result = verify_text(movilidad, new, text)
    assert result.ok, ([d.describe() for d in result.differences[:3]], [str(p) for p in result.problems[:3]])


def test_header_or_column_changes_are_not_row_changes():
    old = Table([["Uso", "CUS"], ["H1", "0.8"], ["H2", "1.2"]])
    assert row_changes(old, Table([["Uso", "COS"], ["H1", "0.8"], ["H2", "1.2"]])) is None
    assert row_changes(old, Table([["Uso", "CUS", "COS"], ["H1", "0.8", "0.6"], ["H2", "1.2", "0.7"]])) is None
    changed = row_changes(old, Table([["Uso", "CUS"], ["H1", "1.0"], ["H2", "1.2"]]))
    assert [(c.type, c.old, c.cells) for c in changed] == [("amended", 1, [1])]


def _store_with_proposal(shared_corpus: Path, root: Path, runner: CliRunner, table: str) -> None:
    def ok(*args):
        done = runner.invoke(main, ["--root", str(root), *args])
        assert done.exit_code == 0, done.output
        return done

    ok("init")
    ok("import", str(shared_corpus / PDF), "--work", "movilidad", "--title", TITLE, "--date", "2014-11-01")
    ok("proposal", "new", "movilidad@2014-11-01", "--id", "multas", "--title", "Actualización de multas")
    source = root.parent / "art148.txt"
    source.write_text(table, encoding="utf-8")
    ok("proposal", "amend", "multas", "párrafo segundo del artículo 148", "--text-file", str(source),
       "--reason", "Actualización de la multa por conducir sin licencia")


def test_cuadro_comparativo_shows_the_reformed_rows_with_the_changed_cells_marked(shared_corpus, movilidad,
                                                                                  tmp_path):
    runner = CliRunner()
    root = tmp_path / "acervo"
    new = _raise_fines(movilidad, {3: "5 A 9"})
    _store_with_proposal(shared_corpus, root, runner, table_text(_fines(new)))
    verified = runner.invoke(main, ["--root", str(root), "proposal", "verify-decree", "multas", "--json"])
    assert verified.exit_code == 0 and json.loads(verified.output)["verificado"] is True, verified.output
    decree = runner.invoke(main, ["--root", str(root), "proposal", "decree", "multas"])
    assert "Se REFORMA la fila 3 de la tabla del artículo 148" in decree.output
    diff = runner.invoke(main, ["--root", str(root), "diff", "movilidad@2014-11-01", "multas"])
    assert "  reformado: fila 3 → fila 3\n    3 | CONDUCIR SIN LICENCIA | [-4 A 8-] {+5 A 9+}\n" in diff.output
    out = tmp_path / "cuadro.docx"
    done = runner.invoke(main, ["--root", str(root), "export", "multas", "--as", "comparative", "-o", str(out)])
    assert done.exit_code == 0, done.output
    outer = docx.Document(io.BytesIO(out.read_bytes())).tables[0]
    row = outer.rows[1]
    old_cell, new_cell, notes = row.cells
    assert "Se reforma la fila 3 de la tabla del artículo 148." in notes.text
    for cell, mark in ((old_cell, "strike"), (new_cell, "bold")):
        inner = cell.tables[0]
        texts = [[c.text for c in r.cells] for r in inner.rows]
        assert texts[0] == ["N°", "CONCEPTO", "MULTA"]
        assert texts[1][0] == "…" and texts[3][0] == "…" and len(texts) == 4
        fine = inner.rows[2].cells[2].paragraphs[0].runs[0]
        concept = inner.rows[2].cells[1].paragraphs[0].runs[0]
        assert getattr(fine.font, mark) is True and not getattr(concept.font, mark)
        assert texts[2] == (["3", "CONDUCIR SIN LICENCIA", "4 A 8"] if mark == "strike"
                            else ["3", "CONDUCIR SIN LICENCIA", "5 A 9"])
    assert "PASARSE UN SEMAFORO EN ROJO" not in old_cell.text + new_cell.text
