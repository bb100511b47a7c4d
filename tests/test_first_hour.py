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
    return CliRunner().invoke(main, ["--root", str(root), *args], prog_name="implan-regs")


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
    assert "otra" not in cli(root, "proposal", "list").output


# --- item 4: every message Spanish, click's own included ------------------------------------

def _click_msgids() -> tuple[set[str], set[tuple[str, str]]]:
    """Every message click marks for translation (gettext ``_`` and ``ngettext``), read from its source."""
    import ast

    import click

    singles: set[str] = set()
    plurals: set[tuple[str, str]] = set()
    for path in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if node.func.id == "_" and args:
                singles.add(args[0])
            elif node.func.id == "ngettext" and len(args) == 2:
                plurals.add((args[0], args[1]))
    return singles, plurals


def test_every_click_message_has_a_spanish_translation():
    from implan_regs.cli.spanish import MESSAGES, PLURALS

    singles, plurals = _click_msgids()
    assert len(singles) > 50 and len(plurals) > 5  # the extraction works
    assert sorted(singles - MESSAGES.keys()) == []
    assert sorted(plurals - PLURALS.keys()) == []
    placeholders = re.compile(r"\{\w+[^}]*\}|%\(\w+\)s")
    for msgid, spanish in MESSAGES.items():  # no placeholder click does not fill
        assert set(placeholders.findall(spanish)) <= set(placeholders.findall(msgid)), msgid


ENGLISH = re.compile(r"\b(Usage|Options|Commands|Show this|Missing|Invalid value|Try '|TEXT|INTEGER|PATH|FILE|"
                     r"DIRECTORY|FILENAME|OPTIONS|COMMAND|ARGS|default:|required|PROPOSAL_ID|SUBJECT|SOURCE|"
                     r"CITATION|USERNAME|OBS_ID|QUERY|PROVISION|TARGET|ARCHIVE)\b")


def _commands(group, path=()):
    import click

    for name, command in sorted(group.commands.items()):
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


def test_every_help_page_is_spanish(root):
    pages = {(): cli(root, "--help").output}
    for path, command in _commands(main):
        pages[path] = cli(root, *path, "--help").output
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"{' '.join(path)} {param.opts[0]}: option without help"
    assert len(pages) > 40
    for path, page in pages.items():
        assert page.startswith("Uso: implan-regs"), (path, page)
        assert "Opciones:" in page and "Muestra esta ayuda y termina." in page
        assert not ENGLISH.search(page), (path, ENGLISH.search(page).group(0), page)
    assert "Órdenes:" in pages[()]
    assert "Uso: implan-regs proposal amend [OPCIONES] PROPUESTA CITA" in pages[("proposal", "amend")]
    assert "[por omisión: reglamento]" in " ".join(pages[("proposal", "new")].split())


@pytest.mark.parametrize("args, message", [
    (["export", PID, "-o", "cuadro.docx"], "Error: Falta la opción '--as'. Elija entre:"),
    (["observe", "list", PID, "--status", "abierta"],
     "Error: Valor no válido para '--status': 'abierta' no es uno de 'pendiente', 'en análisis', 'atendida', "
     "'atendida parcialmente', 'justificada'."),
    (["search", "densidad", "--page", "0"], "Error: Valor no válido para '--page': 0 no está en el intervalo x>=1."),
    (["proposal", "amend", PID], "Error: Falta el argumento 'CITA'."),
    (["proposal", "nada"], "Error: No existe la orden 'nada'."),
    (["list", "--jsn"], "Error: No existe la opción '--jsn'. ¿Quiso decir '--json'?"),
    (["list", "sobra"], "Error: Sobra un argumento (sobra)"),
])
def test_click_usage_errors_are_spanish(root, args, message):
    result = cli(root, *args)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("Uso: implan-regs ")
    assert lines[1].startswith("Consulte 'implan-regs ") and lines[1].endswith(" --help' para ver la ayuda.")
    assert next(line for line in lines if line.startswith("Error: ")) == message


def test_version_is_spanish(root):
    assert re.fullmatch(r"implan-regs, versión \S+\n", cli(root, "--version").output)


def test_a_missing_provision_is_named_in_spanish(root):
    result = cli(root, "show", "reglamento-desarrollo-urbano", "--provision", "fracción IX del artículo 460")
    assert result.exit_code == 2
    assert result.output == ("Error: fracción IX del artículo 460: no existe: fracción IX del artículo 460\n")
    result = cli(root, "show", "reglamento-desarrollo-urbano", "--provision", "capítulo IX del título cuarto")
    assert result.output.endswith("no existe: capítulo IX del título cuarto\n")


def test_a_citation_of_a_moved_article_says_where_it_went(root):
    moved = cli(root, "proposal", "move", PID, "artículo 46", "--after", "artículo 50", "--number", "50 Bis")
    assert moved.exit_code == 0, moved.output
    for args in (["proposal", "amend", PID, "artículo 46", "--text", "Nuevo texto."],
                 ["proposal", "show", PID, "--provision", "fracción I del artículo 46"],
                 ["observe", "add", PID, "artículo 46", "--department", "Dirección General de Obras Públicas",
                  "--text", "Revisar.", "--received", "2021-05-10"]):
        result = cli(root, *args)
        assert result.exit_code == 2, result.output
        assert result.output.endswith(": el artículo 46 pasó a ser el 50 Bis en esta propuesta\n"), result.output
    again = cli(root, "proposal", "move", PID, "artículo 50 Bis", "--after", "artículo 51", "--number", "51 Bis")
    assert again.exit_code == 0, again.output
    result = cli(root, "proposal", "amend", PID, "artículo 46", "--text", "Nuevo texto.")
    assert result.output.endswith(": el artículo 46 pasó a ser el 51 Bis en esta propuesta\n"), result.output
    assert cli(root, "show", "reglamento-desarrollo-urbano", "--provision", "artículo 46").exit_code == 0


# --- item 14: the cuadro comparativo with observations leaves none out -----------------------

def _cuadro(root: Path, tmp_path: Path):
    import docx

    out = tmp_path / "cuadro.docx"
    result = cli(root, "export", PID, "--as", "comparative", "--with-observations", "-o", str(out))
    assert result.exit_code == 0, result.output
    return result.output, docx.Document(str(out))


def test_every_observation_appears_in_the_cuadro_comparativo(root, tmp_path):
    from implan_regs.observations import NewObservation, add
    from implan_regs.store import Store

    store = Store.open(root)
    dgop = "Dirección General de Obras Públicas"
    add(store, PID, NewObservation("artículo 16", dgop, "Regular también las banquetas.", "2021-05-06"))
    add(store, PID, NewObservation("fracción I del artículo 16", dgop, "Definir el plazo.", "2021-05-06"))
    add(store, PID, NewObservation("título cuarto", dgop, "Cambiar el nombre del título.", "2021-05-07"))
    output, document = _cuadro(root, tmp_path)
    table = document.tables[0]
    texts = [[cell.text for cell in row.cells] for row in table.rows]
    unchanged = [row for row in texts if row[2].startswith("Sin modificación en la propuesta.")]
    assert len(unchanged) == 1
    old, new, third = unchanged[0]
    assert old.startswith("Artículo 16") and old == new
    assert "Dirección General de Obras Públicas (pendiente): Regular también las banquetas." in third
    assert "Dirección General de Obras Públicas (pendiente): Definir el plazo." in third
    numbers = [row[1].split(".-")[0] for row in texts[1:] if row[1].startswith("Artículo")]
    assert numbers.index("Artículo 16") < numbers.index("Artículo 30")  # in legal order among the changes
    paragraphs = [p.text for p in document.paragraphs]
    assert "Anexo. Observaciones sin disposición en el cuadro" in paragraphs
    assert any(p.startswith("OBS-0005 · ") and p.endswith("Cambiar el nombre del título.") for p in paragraphs)
    every = ("Aplicar también a edificios públicos.", "Observación reservada de Medio Ambiente.",
             "Regular también las banquetas.", "Definir el plazo.", "Cambiar el nombre del título.")
    whole = "\n".join(paragraphs + [c for row in texts for c in row])
    assert all(text in whole for text in every)
    sentence = ("De las 5 observaciones, 3 recaen fuera de las disposiciones que la propuesta modifica: "
                "2 en filas marcadas «Sin modificación en la propuesta» y 1 en el anexo, sin disposición en el cuadro.")
    assert sentence in paragraphs
    assert output.splitlines()[1] == sentence


def test_without_observations_outside_no_annex_and_no_sentence(root, tmp_path):
    output, document = _cuadro(root, tmp_path)
    assert len(output.splitlines()) == 1
    assert not any("Sin modificación" in c.text for row in document.tables[0].rows for c in row.cells)
    assert "Anexo. Observaciones sin disposición en el cuadro" not in [p.text for p in document.paragraphs]


def test_a_text_with_two_articles_names_the_level_in_spanish(root):
    result = cli(root, "proposal", "amend", PID, "artículo 24", "--text", "Artículo 24.- Uno.\n\nArtículo 25.- Dos.")
    assert result.exit_code == 2
    assert result.output == ("Error: artículo 24: el texto debe contener exactamente una disposición de nivel "
                             "artículo\n")
