"""A new user's first hour (issue 22): the rough edges of the command line, each pinned by a test.

The corpus is the sample regulation with the demo's proposal (tests/web_support.py): real texts,
real commands through click's test runner.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from web_support import HIDDEN, PID, build_root, copy_root

from implan_regs.cli import main
from implan_regs.plurals import agree, counted, plural
from implan_regs.web import cache

PACKAGE = Path(__file__).resolve().parents[1] / "implan_regs"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_root(tmp_path_factory.mktemp("primera-hora") / "acervo")


@pytest.fixture
def root(template, tmp_path):
    cache.clear()
    return copy_root(template, tmp_path / "acervo")


def cli(root: Path, *args: str):
    return CliRunner().invoke(main, ["--root", str(root), *args])


# --- item 6: one item is singular, everywhere -------------------------------------------------

NOUNS = ["operación", "grupo de observaciones", "disposición corregida", "versión", "archivo válido",
         "observación reanclada", "problema", "advertencia", "resultado", "abierta", "transitorio"]


@given(st.integers(min_value=-5, max_value=10_000), st.sampled_from(NOUNS))
def test_counted_agrees_for_every_number(n, noun):
    text = counted(n, noun)
    assert text.startswith(f"{n} ")
    assert (text == f"{n} {noun}") == (abs(n) == 1)
    assert agree(n, noun) == text.split(" ", 1)[1]


def test_plural_rules():
    assert [plural(w) for w in ("operación", "grupo de observaciones", "disposición corregida", "versión",
                                "renumerado y reformado", "artículo sin cambios", "luz", "análisis")] == [
        "operaciones", "grupos de observaciones", "disposiciones corregidas", "versiones",
        "renumerados y reformados", "artículos sin cambios", "luces", "análisis"]


def test_proposal_list_says_one_operation(root):
    out = cli(root, "proposal", "list").output
    assert re.search(rf"^{HIDDEN} .*\(1 operación\)$", out, re.M), out
    assert re.search(rf"^{PID} .*\(4 operaciones\)$", out, re.M), out


def test_index_status_says_one_group(root):
    assert cli(root, "index", "rebuild").exit_code == 0
    out = cli(root, "index", "status").output
    assert "3 versiones, 2 propuestas y 1 grupo de observaciones;" in out, out


def test_no_count_is_glued_to_a_fixed_plural():
    """A count is never written before a plural noun by hand: it goes through plurals.counted."""
    glued = re.compile(r"\{len\([^{}]*\)\} (?!bytes)[a-záéíóúñ]+s\b|\{[^{}]*\['\w+'\]\} [a-záéíóúñ]+(?:es|s)\b")
    hand_made = re.compile(r"'s' if|'es' if")
    offenders = []
    for path in [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.html")]:
        if path.name == "synthetic.py":  # generates legal prose for benchmarks, not messages
            continue
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if glued.search(line) or hand_made.search(line):
                offenders.append(f"{path.relative_to(PACKAGE)}:{n}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


# --- item 9: the note given with 'en análisis' reaches the Respuesta column ------------------

def test_note_in_analysis_is_in_the_matrix_response_column(root, tmp_path):
    note = "Se consulta a la Dirección de Protección Civil antes de responder."
    answered = cli(root, "observe", "answer", "OBS-0001", "--status", "en análisis", "--response", note)
    assert answered.exit_code == 0, answered.output
    out = tmp_path / "matriz.docx"
    exported = cli(root, "export", PID, "--as", "observations", "-o", str(out))
    assert exported.exit_code == 0, exported.output
    import docx

    rows = [[c.text for c in row.cells] for table in docx.Document(str(out)).tables for row in table.rows]
    header = rows[0]
    row = next(r for r in rows if r[2] == "Aplicar también a edificios públicos.")
    assert row[header.index("Estado")] == "en análisis"
    assert row[header.index("Respuesta")] == note


def test_back_to_pending_shows_no_stale_note(root):
    from implan_regs.observations import observations_for
    from implan_regs.observations.service import answer
    from implan_regs.store import Store

    store = Store.open(root)
    answer(store, "OBS-0001", "en análisis", response="Se revisa.")
    assert observations_for(store, PID)[0].status_note == "Se revisa."
    answer(store, "OBS-0001", "justificada", response="El PDDU ya lo prevé.")
    assert observations_for(store, PID)[0].status_note == "El PDDU ya lo prevé."


# --- item 12: index status reports every engine that has an index -----------------------------

def test_index_status_reports_every_built_engine(root):
    import json

    pytest.importorskip("tantivy")
    assert cli(root, "index", "rebuild", "--engine", "tantivy").exit_code == 0
    lines = cli(root, "index", "status").output.splitlines()
    assert [line.split(":")[0] for line in lines] == ["Índice whoosh", "Índice tantivy"]
    assert "no existe" in lines[0] and "al día" in lines[1]
    statuses = json.loads(cli(root, "index", "status", "--json").output)
    assert [(s["engine"], s["exists"]) for s in statuses] == [("whoosh", False), ("tantivy", True)]
    only = json.loads(cli(root, "index", "status", "--engine", "tantivy", "--json").output)
    assert only["engine"] == "tantivy" and only["stale"] is False


# --- item 13: a proposal on a version that does not exist names the versions that exist ------

def test_proposal_on_a_missing_version_names_the_existing_ones(root):
    result = cli(root, "proposal", "new", "reglamento-desarrollo-urbano@2016-01-01", "--id", "otra", "--title", "Otra")
    assert result.exit_code == 2
    assert result.output.strip() == ("Error: reglamento-desarrollo-urbano: no hay versión del 2016-01-01; "
                                     "versiones existentes: 2015-12-20 y 2019-03-16")
    assert not (root / "proposals" / "otra.xml").exists()
