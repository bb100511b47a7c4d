"""The public portal in a real browser: Debian's chromium over ``site serve``'s preview server.

The site is built (with its Pagefind index) from the web tests' sample corpus with its proposal
published and another in public consultation. axe-core finds no violation on the home, work, version, change, article, consultation
and search pages; a search with and without accents finds the right article first and its link opens the
text in force scrolled to that article; an article's address scrolls to it without JavaScript.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

pytest.importorskip("axe_playwright_python", reason="axe-playwright-python (PyPI, ships axe-core) not installed")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from conftest import approve_for_publication  # noqa: E402
from playwright.sync_api import expect  # noqa: E402
from test_browser import browser  # noqa: E402,F401 - the shared browser fixture
from web_support import PID, WORK, build_root  # noqa: E402

from implan_regs.observations import observations_for, resolve  # noqa: E402
from implan_regs.publication import publish  # noqa: E402
from implan_regs.reform import service as reform  # noqa: E402
from implan_regs.site import build_site  # noqa: E402
from implan_regs.site.serve import preview_server  # noqa: E402
from implan_regs.store import Store  # noqa: E402

PAGES = ["/", f"/{WORK}/", f"/{WORK}/2015-12-20/", f"/{WORK}/cambios/2019-03-16/", f"/{WORK}/articulo/art_45/",
         "/ley-implan/", "/consulta/consulta-2022/", "/buscar/", "/buscar/?q=estacionamiento", "/no-existe/"]
AXE = Axe()


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    root = build_root(tmp_path_factory.mktemp("portal") / "acervo")
    store = Store.open(root)
    approve_for_publication(store, PID, "2021-05-28")
    for obs in observations_for(store, PID):
        resolve(store, obs.id, by="Comisión de Desarrollo Urbano", decision="no-procede", reason="Fuera de alcance.")
    publish(store, PID, "2021-05-31")  # in force on 2021-06-01
    reform.new_proposal(store, WORK, "consulta-2022", "Reforma de banquetas 2022", author="Lic. Ana Martínez")
    reform.operate(store, "consulta-2022", "reformar", citation="artículo 1",
                   text="Este Reglamento es de orden público y regula las banquetas.", reason="Peatones primero.")
    reform.set_status(store, "consulta-2022", "en revisión")
    reform.set_consultation(store, "consulta-2022", True)
    out = tmp_path_factory.mktemp("sitio") / "sitio"
    report = build_site(store, out, consultation=True)
    assert report.index_pages > 100
    server = preview_server(out, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="es-MX")
    yield context.new_page()
    context.close()


def test_pages_have_no_accessibility_violation(portal, page):
    found = []
    for url in PAGES:
        page.goto(portal + url)
        if "?q=" in url:
            expect(page.locator("#resultados li").first).to_be_visible()
        result = AXE.run(page)
        found += [f"{url}: {v['id']} ({v['impact']}) x{len(v['nodes'])}: {v['nodes'][0]['target']}"
                  for v in result.response["violations"]]
    assert found == [], "\n".join(found)


def search(page, portal: str, query: str) -> list[str]:
    page.goto(portal + "/buscar/")
    page.get_by_label("Palabras a buscar").fill(query)
    page.get_by_role("button", name="Buscar", exact=True).click()
    expect(page.locator("#estado")).to_contain_text("«" + query + "»")
    return page.locator("#resultados li > a").all_inner_texts()


@pytest.mark.parametrize("query", ["vehículos eléctricos", "vehiculos electricos", "VEHICULO ELECTRICO"])
def test_search_with_or_without_accents_finds_the_article(portal, page, query):
    titles = search(page, portal, query)
    assert titles and titles[0] == "Artículo 45 Ter", titles
    page.locator("#resultados li > a").first.click()
    expect(page).to_have_url(f"{portal}/{WORK}/#art_45ter")
    expect(page.locator("#art_45ter")).to_be_in_viewport()


def test_search_for_a_word_nowhere_says_so(portal, page):
    assert search(page, portal, "qwzx") == []
    expect(page.locator("#estado")).to_have_text("Sin resultados para «qwzx».")


def test_an_article_address_scrolls_to_it_without_javascript(browser, portal):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{portal}/{WORK}/#art_45")
    article = page.locator("#art_45")
    expect(article).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 1000
    assert "Artículo 45" in article.inner_text()
    page.goto(f"{portal}/{WORK}/2015-12-20/#art_30__para_1")
    expect(page.locator("#art_30__para_1")).to_be_in_viewport()
    assert "un año" in page.locator("#art_30__para_1").inner_text()
    context.close()


def test_keyboard_skip_link_and_phone_width(browser, portal):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="es-MX", is_mobile=True)
    page = context.new_page()
    page.goto(f"{portal}/{WORK}/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Saltar al contenido")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{portal}/{WORK}/#contenido")
    # nothing wider than the phone's screen: the text reflows instead of scrolling sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    found = []
    for url in (f"/{WORK}/", f"/{WORK}/cambios/2019-03-16/", f"/{WORK}/articulo/art_45/"):
        page.goto(portal + url)
        found += [f"{url}: {v['id']}" for v in AXE.run(page).response["violations"]]
    assert found == []
    context.close()
