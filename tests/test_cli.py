"""The command line end to end: init, import, list, show, history, validate, and bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import snapshot

from implan_regs.cli import main

# Every command on both store backends (the same CLI over files and over PostgreSQL).
pytestmark = pytest.mark.backends("files", "postgres")

REGULATION = """REGLAMENTO DE PRUEBA DEL MUNICIPIO DE TORREÓN

TÍTULO PRIMERO
DISPOSICIONES GENERALES

CAPÍTULO I
DEL OBJETO

Artículo 1.- Este Reglamento es de orden público e interés social.

Artículo 2.- Para los efectos de este Reglamento se entenderá por:

I. Alineamiento: la traza sobre el terreno que limita el predio con la vía pública;

II. Densidad: el número de viviendas por hectárea, que puede ser:

a) bruta, y

b) neta.

III. Predio: el terreno sin construcción.

Artículo 2 Bis.- Las licencias se otorgan conforme al artículo 2 de este Reglamento.

CAPÍTULO II
DE LAS SANCIONES

Artículo 3.- Se deroga.

Artículo 4.- Las sanciones se aplican conforme a la Ley.

TRANSITORIOS

PRIMERO.- Este Reglamento entrará en vigor al día siguiente de su publicación.

SEGUNDO.- Se abroga el reglamento anterior.
"""


@pytest.fixture
def root(tmp_path) -> Path:
    r = tmp_path / "acervo"
    result = CliRunner().invoke(main, ["--root", str(r), "init"])
    assert result.exit_code == 0, result.output
    return r


@pytest.fixture
def source(tmp_path) -> Path:
    path = tmp_path / "reglamento.txt"
    path.write_text(REGULATION, "utf-8")
    return path


def cli(root: Path, *args: str):
    return CliRunner().invoke(main, ["--root", str(root), *args])


def do_import(root: Path, source: Path, *extra: str):
    return cli(root, "import", str(source), "--work", "reglamento-prueba", "--kind", "reglamento",
               "--title", "Reglamento de Prueba", "--date", "2015-12-20", *extra)


def test_import_then_list_show_history_validate(root, source):
    result = do_import(root, source, "--json", "--author", "ana", "--message", "carga inicial")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["report"]["counts"]["article"] == 5
    assert report["report"]["counts"]["fraccion"] == 3
    assert report["report"]["counts"]["inciso"] == 2

    listing = json.loads(cli(root, "list", "--json").output)
    assert [(w["work"], [e["date"] for e in w["expressions"]]) for w in listing] == [
        ("reglamento-prueba", ["2015-12-20"])]

    shown = cli(root, "show", "reglamento-prueba", "--provision", "artículo 2 Bis")
    assert shown.exit_code == 0, shown.output
    assert "Artículo 2 Bis" in shown.output and "licencias se otorgan" in shown.output
    assert "Artículo 1" not in shown.output

    inciso = cli(root, "show", "reglamento-prueba", "-p", "inciso b) de la fracción II del artículo 2",
                 "--format", "json")
    assert json.loads(inciso.output)["provision"]["eId"] == "art_2__point_II__point_b"

    xml = cli(root, "show", "reglamento-prueba@2015-12-20", "--format", "xml").output
    assert 'eId="art_2bis"' in xml and 'eId="transitorios_1__trans_2"' in xml

    history = json.loads(cli(root, "history", "--json").output)
    assert [(h["action"], h["author"], h["message"]) for h in history][-1] == ("import", "ana", "carga inicial")

    validation = cli(root, "validate", "--json")
    assert validation.exit_code == 0, validation.output
    assert json.loads(validation.output)["valid"] is True


def test_show_text_round_trips_through_import(root, source, tmp_path):
    assert do_import(root, source).exit_code == 0
    text = cli(root, "show", "reglamento-prueba").output
    again = tmp_path / "again.txt"
    again.write_text(text, "utf-8")
    assert do_import(root, again, "--date", "2016-01-01").exit_code == 0
    first = cli(root, "show", "reglamento-prueba@2015-12-20", "--format", "json").output
    second = cli(root, "show", "reglamento-prueba@2016-01-01", "--format", "json").output
    assert json.loads(first)["body"] == json.loads(second)["body"]


def test_second_import_same_date_needs_replace(root, source):
    assert do_import(root, source).exit_code == 0
    before = snapshot(root)
    again = do_import(root, source)
    assert again.exit_code == 2 and "--replace" in again.output
    assert snapshot(root) == before
    assert do_import(root, source, "--replace", "--message", "corrección").exit_code == 0
    assert [h["action"] for h in json.loads(cli(root, "history", "--json").output)][-1] == "replace"


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, list[str], str]]:
    junk = tmp_path / "basura.txt"
    junk.write_bytes(bytes(range(256)) * 64)
    pdf = tmp_path / "roto.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")
    notpdf = tmp_path / "falso.pdf"
    notpdf.write_bytes(b"esto no es un pdf")
    docx = tmp_path / "falso.docx"
    docx.write_bytes(b"PK no realmente")
    nodoc = tmp_path / "sin-documento.docx"
    with zipfile.ZipFile(nodoc, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    xxe = tmp_path / "xxe.xml"
    xxe.write_text('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>')
    laughs = tmp_path / "risas.xml"
    laughs.write_text('<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><l>&b;</l>')
    good = tmp_path / "bueno.txt"
    good.write_text(REGULATION, "utf-8")
    return {
        "binary junk": (junk, [], "basura.txt"),
        "truncated pdf": (pdf, [], "roto.pdf"),
        "not a pdf": (notpdf, [], "falso.pdf"),
        "docx not a zip": (docx, [], "falso.docx"),
        "docx without document.xml": (nodoc, [], "sin-documento.docx"),
        "xml external entity": (xxe, [], "xxe.xml"),
        "billion laughs": (laughs, [], "risas.xml"),
        "missing file": (tmp_path / "no-existe.txt", [], "no-existe.txt"),
        "work with ../": (good, ["--work", "../fuera"], "../fuera"),
        "date not a date": (good, ["--date", "2019-02-30"], "2019-02-30"),
        "date badly written": (good, ["--date", "15/03/2019"], "15/03/2019"),
    }


@pytest.mark.parametrize("case", list(_bad_inputs(Path("/tmp")).keys()))
def test_bad_input_is_one_line_exit_2_and_nothing_written(root, tmp_path, case):
    path, extra, named = _bad_inputs(tmp_path)[case]
    before = snapshot(root)
    args = ["import", str(path), "--work", "reglamento-prueba", "--title", "X", "--date", "2015-12-20", *extra]
    result = cli(root, *args)
    assert result.exit_code == 2, (case, result.output)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:"), result.output
    assert named in lines[0]
    assert "Traceback" not in result.output
    assert snapshot(root) == before
    assert not list(root.rglob("*.tmp"))


def test_strict_refuses_an_import_with_warnings(root, tmp_path):
    gap = tmp_path / "hueco.txt"
    gap.write_text(REGULATION.replace("Artículo 4.-", "Artículo 9.-"), "utf-8")
    before = snapshot(root)
    result = do_import(root, gap, "--strict")
    assert result.exit_code == 2 and "--strict" in result.output
    assert snapshot(root) == before


def test_unknown_work_and_provision_are_clear_errors(root, source):
    assert do_import(root, source).exit_code == 0
    missing = cli(root, "show", "no-existe")
    assert missing.exit_code == 2 and "no-existe" in missing.output
    bad_prov = cli(root, "show", "reglamento-prueba", "-p", "artículo 99")
    assert bad_prov.exit_code == 2 and "artículo 99" in bad_prov.output


def test_real_process_exit_status_and_no_traceback(tmp_path):
    env = {**os.environ, "IMPLAN_REGS_ROOT": str(tmp_path / "no-es-acervo")}
    proc = subprocess.run([sys.executable, "-m", "implan_regs", "list"], capture_output=True, text=True, env=env)
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("Error:") and "implan-regs init" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_proposal_commands_refuse_bad_input_with_exit_2(root, source):
    assert do_import(root, source).exit_code == 0
    assert cli(root, "proposal", "new", "reglamento-prueba@2015-12-20", "--id", "r1", "--title", "R").exit_code == 0
    cases = [
        (["proposal", "amend", "r1", "artículo 99", "--text", "x"], "artículo 99"),
        (["proposal", "repeal", "r1", "artículo 3"], "derogada"),
        (["proposal", "new", "otra-obra@2015-12-20", "--id", "r2", "--title", "R"], "otra-obra"),
        (["proposal", "rebase", "r1", "--onto", "otra-obra@2015-12-20"], "otra obra"),
        (["proposal", "amend", "no-existe", "artículo 1", "--text", "x"], "no-existe"),
        (["proposal", "amend", "r1", "artículo 1", "--text-file", "/no/existe.txt"], "/no/existe.txt"),
    ]
    before = snapshot(root)
    for args, named in cases:
        result = cli(root, *args)
        assert result.exit_code == 2, (args, result.output)
        assert result.output.startswith("Error:") and named in result.output, (args, result.output)
    assert snapshot(root) == before
    assert cli(root, "proposal", "amend", "r1", "artículo 1", "--text", "Objeto nuevo.").exit_code == 0
    for step in (["status", "r1", "en revisión"],
                 ["dictamen", "r1", "--commission", "Comisión de Desarrollo Urbano", "--date", "2015-12-28"],
                 ["approve", "r1", "--session", "Sesión ordinaria", "--date", "2015-12-30", "--acta", "3",
                  "--votes", "16-2-0"]):
        assert cli(root, "proposal", *step).exit_code == 0, step
    assert cli(root, "proposal", "publish", "r1", "--date", "2016-01-01").exit_code == 0
    again = cli(root, "proposal", "publish", "r1", "--date", "2016-02-01")
    assert again.exit_code == 2 and "ya fue publicada" in again.output
    decree = cli(root, "proposal", "decree", "r1")
    assert "Se REFORMA el artículo 1" in decree.output


def test_account_commands_do_not_load_the_web_application(tmp_path):
    """Accounts are library code (implan_regs.accounts): 'user add' and 'user list' never import Flask."""
    root = tmp_path / "acervo"
    script = (
        "import sys\n"
        "from implan_regs.cli import main\n"
        "for args in (['init'], ['user', 'add', 'ana', '--role', 'lector', '--password-stdin'], ['user', 'list']):\n"
        "    try:\n"
        f"        main(['--root', {str(root)!r}, *args])\n"
        "    except SystemExit as done:\n"
        "        assert not done.code, done.code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'werkzeug', 'jinja2')))\n"
        "print(sorted(m for m in sys.modules if m.startswith('implan_regs.web')))\n")
    result = subprocess.run([sys.executable, "-c", script], input="contraseña-de-prueba\n", capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == ["[]", "[]"]
    assert "ana" in result.stdout


def _fresh_process(script: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_a_command_loads_only_its_own_module(root, source):
    """Start-up pays for the command that runs: 'show' imports cli.corpus, no other command
    module, no search engine, no web framework, no DOCX library, nothing of reform (issue 16)."""
    assert do_import(root, source).exit_code == 0
    lines = _fresh_process(
        "import sys\n"
        "from implan_regs.cli import main\n"
        "try:\n"
        f"    main(['--root', {str(root)!r}, 'show', 'reglamento-prueba', '--provision', 'artículo 2 fracción II'])\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        "print(sorted(m for m in sys.modules if m.startswith('implan_regs.cli.')))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('whoosh', 'tantivy', 'flask', 'docx')))\n"
        "print(sorted(m for m in sys.modules if m.startswith(('implan_regs.reform', 'implan_regs.search.'))))\n")
    assert lines[0].startswith("II. Densidad: el número de viviendas por hectárea")
    assert lines[-3:] == ["['implan_regs.cli.corpus', 'implan_regs.cli.spanish']", "[]", "[]"]


def test_every_command_a_module_declares_is_in_the_lazy_table():
    """A command declared with @main.command() in a module but missing from cli.COMMANDS would
    exist only when that module happened to be loaded."""
    import importlib
    import pkgutil

    from implan_regs import cli

    for module in pkgutil.iter_modules(cli.__path__):
        importlib.import_module(f"implan_regs.cli.{module.name}")
    assert set(main.loaded) == set(cli.COMMANDS)
    for name in cli.COMMANDS:
        assert main.get_command(None, name).name == name
    # A group loaded on its own has every subcommand (some modules add to another module's group).
    everything = {name: sorted(getattr(command, "commands", {})) for name, command in main.loaded.items()}
    alone = _fresh_process(
        "import json\n"
        "from implan_regs.cli import COMMANDS, main\n"
        "print(json.dumps({name: sorted(getattr(main.get_command(None, name), 'commands', {})) for name in COMMANDS}))\n")
    assert json.loads(alone[-1]) == everything


def test_help_lists_every_command_with_its_summary(root):
    page = cli(root, "--help").output
    for name in ("import", "show", "history", "search", "index", "proposal", "observe", "user", "serve"):
        assert f"\n  {name} " in page
    assert "Busca CONSULTA en todas las disposiciones" in page


def test_an_import_from_the_command_line_updates_an_existing_index(root, source):
    """The command group subscribes the index to every write, whichever command module loads:
    right after 'import' the index is current, before any search could catch it up."""
    lines = _fresh_process(
        "from implan_regs.cli import main\n"
        "from implan_regs.search.indexer import load_index\n"
        "from implan_regs.store import Store\n"
        f"for args in (['search', 'alineamiento'], ['import', {str(source)!r}, '--work', 'rp', '--title', 'R',\n"
        "              '--date', '2015-12-20']):\n"
        "    try:\n"
        f"        main(['--root', {str(root)!r}, *args])\n"
        "    except SystemExit as done:\n"
        "        assert not done.code, done.code\n"
        f"print(load_index({str(root)!r}, 'whoosh').is_stale(Store.open({str(root)!r})))\n")
    assert lines[-1] == "False"


def test_a_group_is_complete_whichever_module_was_imported_first():
    """'proposal' is defined in cli/reform.py and completed by cli/procedure.py: importing the
    former first (as any library user or test may) must not lose the procedure's subcommands."""
    script = ("import implan_regs.cli.reform\n"
              "from click.testing import CliRunner\n"
              "from implan_regs.cli import main\n"
              "result = CliRunner().invoke(main, ['proposal', 'status', '--help'])\n"
              "print(result.exit_code, result.output.splitlines()[0])\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.stdout.startswith("0 Uso: main proposal status"), proc.stdout + proc.stderr
