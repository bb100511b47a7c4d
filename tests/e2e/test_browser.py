"""End to end in a real browser: Debian's chromium driven by Playwright for Python.

A newcomer's path through the sample corpus: log in, find "artículo 45", compare the proposal,
file an observation as a department, answer it as legal staff, download a DOCX. The server is
the real one (waitress, in a thread, on a free loopback port). Screenshots go to
``$IMPLAN_E2E_SHOTS`` (default: the test's temporary folder).
"""

from __future__ import annotations

import importlib.util
import io
import os
import sys
import threading
import zipfile
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)", allow_module_level=True)
if importlib.util.find_spec("playwright") is None:
    pytest.skip("playwright (PyPI) not installed", allow_module_level=True)

from playwright.sync_api import expect, sync_playwright  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from web_support import ACCOUNTS, DGOP, PID, build_root  # noqa: E402

from implan_regs.web import create_app  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from waitress import create_server

    root = build_root(tmp_path_factory.mktemp("e2e") / "acervo")
    srv = create_server(create_app(root), host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.effective_port}"
    srv.close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("IMPLAN_E2E_SHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def session(browser, server, username: str):
    context = browser.new_context(viewport={"width": 1366, "height": 850}, locale="es-MX", accept_downloads=True)
    page = context.new_page()
    page.goto(server + "/")
    expect(page).to_have_url(server + "/login?next=/")
    page.get_by_label("Usuario").fill(username)
    page.get_by_label("Contraseña").fill(ACCOUNTS[username][3])
    page.get_by_role("button", name="Entrar").click()
    expect(page.get_by_role("heading", name="Documentos vigentes")).to_be_visible()
    return context, page


def test_login_refuses_a_wrong_password(browser, server, shots):
    context = browser.new_context(locale="es-MX")
    page = context.new_page()
    page.goto(server + "/doc/reglamento-desarrollo-urbano")
    page.get_by_label("Usuario").fill("juridico")
    page.get_by_label("Contraseña").fill("equivocada")
    page.get_by_role("button", name="Entrar").click()
    expect(page.get_by_text("Usuario o contraseña incorrectos.")).to_be_visible()
    page.screenshot(path=shots / "01-login-error.png")
    context.close()


def test_find_article_45_and_compare_the_proposal(browser, server, shots):
    context, page = session(browser, server, "obras")
    page.screenshot(path=shots / "02-inicio.png")
    page.get_by_placeholder("Buscar… (p. ej. artículo 45)").fill("artículo 45")
    page.keyboard.press("Enter")
    result = page.locator("ol.results a").first
    expect(result).to_contain_text("Artículo 45")
    page.screenshot(path=shots / "03-busqueda.png")
    result.click()
    expect(page.locator("#art_45")).to_be_visible()
    expect(page.locator("#art_45 .art-num")).to_have_text("Artículo 45.-")
    page.screenshot(path=shots / "04-articulo-45.png")

    page.get_by_role("link", name="Propuestas", exact=True).click()
    page.get_by_role("link", name="Reforma de movilidad 2021").click()
    page.get_by_role("link", name="Comparar", exact=True).click()
    expect(page.locator("table.cmp del").first).to_be_visible()
    expect(page.locator("table.cmp ins").first).to_be_visible()
    page.screenshot(path=shots / "05-comparar.png")
    page.get_by_label("Mostrar").select_option("adicionados")  # the filter applies on change (app.js)
    expect(page).to_have_url(f"{server}/propuesta/{PID}/comparar?ver=adicionados")
    expect(page.locator("table.cmp tbody tr")).to_have_count(3)
    context.close()


def test_file_an_observation_then_answer_it(browser, server, shots):
    context, page = session(browser, server, "obras")
    page.goto(f"{server}/propuesta/{PID}/texto#art_45ter")
    page.locator("#art_45ter .tools a.observe").click()
    expect(page.get_by_role("heading", name="Nueva observación")).to_be_visible()
    page.get_by_label("Observación").fill("Incluir los estacionamientos de los mercados municipales.")
    page.screenshot(path=shots / "06-nueva-observacion.png")
    page.get_by_role("button", name="Enviar observación").click()
    expect(page.get_by_text("registrada sobre")).to_be_visible()
    page.screenshot(path=shots / "07-observacion-registrada.png")
    obs_url = page.url
    context.close()

    context, page = session(browser, server, "juridico")
    page.get_by_role("link", name="Observaciones", exact=True).click()
    expect(page.locator("table.counters").first).to_contain_text(DGOP)
    page.screenshot(path=shots / "08-tablero.png")
    page.goto(obs_url)
    page.get_by_label("Nuevo estado").select_option("atendida")
    page.get_by_label("Respuesta / justificación").fill("Se incorporan los mercados municipales.")
    page.get_by_role("button", name="Guardar respuesta").click()
    expect(page.locator("blockquote.obs-answer")).to_have_text("Se incorporan los mercados municipales.")
    expect(page.locator("h2 .badge")).to_have_text("atendida")
    page.screenshot(path=shots / "09-respondida.png")
    context.close()


def test_download_a_docx(browser, server, shots):
    context, page = session(browser, server, "juridico")
    page.goto(f"{server}/propuesta/{PID}")
    page.screenshot(path=shots / "10-propuesta.png")
    with page.expect_download() as info:
        page.get_by_role("link", name="Cuadro comparativo").click()
    download = info.value
    assert download.suggested_filename == f"{PID}-cuadro-comparativo.docx"
    data = Path(download.path()).read_bytes()
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    context.close()


def test_print_layout_hides_the_interface(browser, server, shots):
    context, page = session(browser, server, "lector")
    page.goto(f"{server}/doc/reglamento-desarrollo-urbano/2019-03-16")
    page.emulate_media(media="print")
    expect(page.locator("header.top")).to_be_hidden()
    expect(page.locator("aside.sidebar")).to_be_hidden()
    expect(page.locator("#art_1")).to_be_visible()
    page.screenshot(path=shots / "11-impresion.png")
    context.close()
