"""The import report is kept with the version (sealed in the history like the version), its
warnings are shown on the web document page until a jurídico marks them reviewed, and each mark
is in the history. The real Reglamento de Movilidad PDF gives the guesses (párrafos supposed from
short lines, a table row joined across a page break)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import raw_store as raw
from click.testing import CliRunner
from web_support import ACCOUNTS, csrf_from

from implan_regs.accounts.users import add_user
from implan_regs.cli import main
from implan_regs.errors import InputError
from implan_regs.importers import import_path
from implan_regs.model.tree import DocumentMeta
from implan_regs.store import Store, reports
from implan_regs.web import cache, create_app

PDF = "torreon-reglamento-movilidad-urbana.pdf"
DATE = "2014-11-01"

pytestmark = pytest.mark.backends("files", "postgres")


@pytest.fixture
def root(shared_corpus: Path, tmp_path: Path) -> Path:
    root = tmp_path / "acervo"
    runner = CliRunner()
    assert runner.invoke(main, ["--root", str(root), "init"]).exit_code == 0
    done = runner.invoke(main, ["--root", str(root), "import", str(shared_corpus / PDF), "--work", "movilidad",
                                "--title", "Reglamento de Movilidad", "--date", DATE, "--json"])
    assert done.exit_code == 0, done.output
    (root / "reporte.json").write_text(json.dumps(json.loads(done.output)["report"]), encoding="utf-8")
    return root


def _check(root: Path) -> None:
    done = CliRunner().invoke(main, ["--root", str(root), "check"])
    assert done.exit_code == 0 and "Acervo íntegro" in done.output, done.output


def test_the_report_is_stored_with_the_version_and_sealed(root: Path):
    printed = json.loads((root / "reporte.json").read_text(encoding="utf-8"))
    store = Store.open(root)
    stored = reports.load_report(store, "movilidad", DATE)
    assert [(w["code"], w["message"], w.get("page")) for w in stored["warnings"]] == \
        [(w["code"], w["message"], w.get("page")) for w in printed["warnings"]]
    assert any(w["code"] == "guess" for w in stored["warnings"]) and stored["counts"]["article"] == 179
    assert all(len(w["id"]) == 12 and w["reviewed"] is None for w in stored["warnings"])
    assert len({w["id"] for w in stored["warnings"]}) == len(stored["warnings"])
    entry = store.history("movilidad")[-1]
    assert entry.action == "import" and "works/movilidad/reports/spa@2014-11-01.json" in entry.files
    _check(root)


def test_marking_reviewed_is_recorded_and_keeps_the_store_sound(root: Path):
    store = Store.open(root)
    before = reports.pending(reports.load_report(store, "movilidad", DATE))
    first = before[0]["id"]
    assert reports.mark_reviewed(store, "movilidad", DATE, [first], author="Lic. Ana Martínez") == 1
    assert reports.mark_reviewed(store, "movilidad", DATE, [first], author="Lic. Ana Martínez") == 0  # already
    after = reports.load_report(store, "movilidad", DATE)
    assert [w["id"] for w in reports.pending(after)] == [w["id"] for w in before[1:]]
    assert next(w for w in after["warnings"] if w["id"] == first)["reviewed"]["by"] == "Lic. Ana Martínez"
    entry = store.history("movilidad")[-1]
    assert (entry.action, entry.author, entry.expression) == ("review-import", "Lic. Ana Martínez", DATE)
    assert entry.message.startswith(f"1 aviso de la importación revisado ({first}); {len(before) - 1} pendientes")
    with pytest.raises(InputError, match="no hay en el informe el aviso zzz"):
        reports.mark_reviewed(store, "movilidad", DATE, ["zzz"])
    assert reports.mark_reviewed(store, "movilidad", DATE, None, author="Lic. Ana Martínez") == len(before) - 1
    assert reports.pending(reports.load_report(store, "movilidad", DATE)) == []
    _check(root)


def test_a_version_replaced_without_a_report_keeps_no_stale_warnings(root: Path, shared_corpus: Path):
    store = Store.open(root)
    meta = DocumentMeta(work="movilidad", kind="reglamento", title="Reglamento de Movilidad", date=DATE)
    store.save_expression(import_path(shared_corpus / "torreon-reglamento-movilidad-urbana.txt", meta).document,
                          replace=True)
    assert reports.pending(reports.load_report(store, "movilidad", DATE)) == []
    _check(root)


def _login(app, username: str):
    role, name, department, password = ACCOUNTS[username]
    client = app.test_client()
    page = client.get("/login")
    response = client.post("/login", data={"csrf_token": csrf_from(page.get_data(as_text=True)), "usuario": username,
                                           "contrasena": password})
    assert response.status_code == 302
    return client


def test_the_document_page_shows_the_warnings_until_a_juridico_marks_them_reviewed(root: Path):
    store = Store.open(root)
    for username in ("juridico", "lector"):
        role, name, department, password = ACCOUNTS[username]
        add_user(store, username, password=password, role=role, name=name, department=department)
    cache.clear()
    app = create_app(root, testing=True)
    juridico, lector = _login(app, "juridico"), _login(app, "lector")
    url = f"/doc/movilidad/{DATE}"
    warnings = reports.pending(reports.load_report(store, "movilidad", DATE))
    page = juridico.get(url).get_data(as_text=True)
    assert f"Avisos de la importación por revisar ({len(warnings)})" in page
    assert html.escape(warnings[0]["message"], quote=False) in page
    assert page.count("Marcar como revisado") == len(warnings) and "Marcar todos como revisados" in page
    read_only = lector.get(url).get_data(as_text=True)
    assert f"Avisos de la importación por revisar ({len(warnings)})" in read_only and "Marcar como" not in read_only

    token = csrf_from(read_only)
    assert lector.post(f"{url}/revisado", data={"csrf_token": token, "aviso": warnings[0]["id"]}).status_code == 403
    assert juridico.post(f"{url}/revisado", data={"aviso": warnings[0]["id"]}).status_code in (400, 403)  # no token
    done = juridico.post(f"{url}/revisado", data={"csrf_token": csrf_from(page), "aviso": warnings[0]["id"]})
    assert done.status_code == 302 and done.headers["Location"].endswith("#avisos-importacion")
    page = juridico.get(url).get_data(as_text=True)
    assert "1 aviso marcado como revisado." in page
    assert f"Avisos de la importación por revisar ({len(warnings) - 1})" in page
    assert f'value="{warnings[0]["id"]}"' not in page
    entry = Store.open(root).history("movilidad")[-1]
    assert (entry.action, entry.author) == ("review-import", ACCOUNTS["juridico"][1])

    done = juridico.post(f"{url}/revisado", data={"csrf_token": csrf_from(page), "aviso": "todos"})
    page = juridico.get(done.headers["Location"]).get_data(as_text=True)
    assert re.search(rf"{len(warnings) - 1} avisos marcados como revisados\.", page)
    assert "Avisos de la importación por revisar" not in page
    _check(root)


def test_the_cli_lists_the_pending_warnings_and_marks_them_reviewed(root: Path):
    runner = CliRunner()

    def run(*args):
        return runner.invoke(main, ["--root", str(root), "import-report", *args])

    listed = run("movilidad", "--json")
    assert listed.exit_code == 0, listed.output
    data = json.loads(listed.output)
    warnings = data["warnings"]
    assert data["date"] == DATE and data["has_report"] and warnings and data["marked"] is None
    text = run(f"movilidad@{DATE}").output
    assert text.startswith(f"movilidad@{DATE}: {len(warnings)} avisos pendientes de revisar")
    assert f"  {warnings[0]['id']}  " in text
    done = run(f"movilidad@{DATE}", "--review", warnings[0]["id"], "--author", "Lic. Ana Martínez", "--json")
    assert json.loads(done.output)["marked"] == 1 and len(json.loads(done.output)["warnings"]) == len(warnings) - 1
    every = run(f"movilidad@{DATE}", "--all").output
    assert "[revisado por Lic. Ana Martínez]" in every
    assert Store.open(root).history("movilidad")[-1].action == "review-import"
    bad = run("movilidad@2099-01-01")
    assert bad.exit_code == 2 and "la obra no tiene versión del 2099-01-01" in bad.output
    unknown = run("movilidad", "--review", "nada")
    assert unknown.exit_code == 2 and "no hay en el informe el aviso nada" in unknown.output
    _check(root)


def test_a_report_edited_by_hand_into_anything_but_an_object_is_read_as_none(tmp_path: Path):
    assert CliRunner().invoke(main, ["--root", str(tmp_path), "init"]).exit_code == 0
    store = Store.open(tmp_path)
    path = reports.report_path(store, "movilidad", DATE)
    for text, expected in (("{", None), ("[]", None), ('"x"', None), ('{"warnings": []}', {"warnings": []})):
        raw.write(store, store.relative(path), text)  # edited by hand
        assert reports.load_report(store, "movilidad", DATE) == expected, text
    assert reports.pending(reports.load_report(store, "movilidad", DATE)) == []
