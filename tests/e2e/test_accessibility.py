"""Accessibility (WCAG 2.1 AA) in a real browser: axe-core on every page, for every role, with zero violations.

axe-core (Deque's rules engine, ``axe.min.js`` shipped by the PyPI package axe-playwright-python) runs
inside Debian's chromium on each page of the sample corpus as each role sees it (administrador,
jurídico, a Dirección General, lector; the login page anonymously), then on every form in its error
state: the error must be written beside its field, tied to it (``aria-invalid``,
``aria-describedby``), and the focus must be on that field. Links must be told apart by more than
color, and the 300-odd "Observar" links must each name their provision.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("axe_playwright_python", reason="axe-playwright-python (PyPI, ships axe-core) not installed")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from test_browser import browser, server, session  # noqa: E402,F401 - the shared browser and server fixtures
from web_support import ACCOUNTS, PID, WORK  # noqa: E402

DATE = "2019-03-16"
PAGES = ["/", f"/doc/{WORK}", f"/doc/{WORK}/{DATE}", f"/doc/{WORK}/{DATE}/p/art_45", f"/doc/{WORK}/historia",
         f"/doc/{WORK}/historia?cita=art_45", "/doc/ley-implan", "/buscar", "/buscar?q=protecion+civil",
         "/buscar?q=art%C3%ADculo+45", "/propuestas", f"/propuesta/{PID}", f"/propuesta/{PID}/texto",
         f"/propuesta/{PID}/p/art_45ter", f"/propuesta/{PID}/comparar", f"/propuesta/{PID}/comparar?ver=adicionados",
         f"/propuesta/{PID}/correspondencia", f"/propuesta/{PID}/decreto", f"/propuesta/{PID}/editar",
         f"/propuesta/{PID}/editar?op=adicionar", f"/propuesta/{PID}/observaciones",
         f"/propuesta/{PID}/observaciones/nueva?eid=art_45ter", f"/propuesta/{PID}/observaciones/OBS-0001",
         "/observaciones", "/admin/usuarios", "/no-existe"]
AXE = Axe()


def violations(page) -> list[str]:
    """axe-core's violations on the page as it is now, one readable line each."""
    result = AXE.run(page)
    return [f"{page.url}: {v['id']} ({v['impact']}) x{len(v['nodes'])}: {v['nodes'][0]['target']} — "
            f"{v['nodes'][0]['failureSummary'].splitlines()[-1].strip()}" for v in result.response["violations"]]


def test_login_page_has_no_violation(browser, server):  # noqa: F811
    context = browser.new_context(locale="es-MX")
    page = context.new_page()
    page.goto(server + "/login")
    assert violations(page) == []
    context.close()


@pytest.mark.parametrize("username", ["admin", "juridico", "obras", "lector"])
def test_every_page_has_no_violation_for_every_role(browser, server, username):  # noqa: F811
    context, page = session(browser, server, username)
    found = []
    for url in PAGES:
        page.goto(server + url)
        found += violations(page)
    context.close()
    assert found == [], "\n".join(found)


def test_links_are_underlined_and_observe_links_name_their_provision(browser, server):  # noqa: F811
    context, page = session(browser, server, "obras")
    page.goto(f"{server}/propuesta/{PID}/texto")
    decoration = page.eval_on_selector(".legal-text p a, .kicker a, .toc-arts a",
                                       "a => getComputedStyle(a).textDecorationLine")
    assert decoration == "underline"
    names = page.eval_on_selector_all("a.observe", "links => links.map(a => a.textContent.replace(/\\s+/g, ' ').trim())")
    assert len(names) > 300
    assert len(set(names)) == len(names), [n for n in names if names.count(n) > 1][:5]
    assert "Observar artículo 45 Ter" in names and "Observar artículo 50 fracción II" in names
    page.get_by_role("link", name="Observar artículo 45 Ter", exact=True).click()
    assert page.url.endswith("/observaciones/nueva?eid=art_45ter")
    context.close()


def assert_error_on_field(page, name: str, message: str) -> None:
    """The error is beside field ``name``, tied to it, and the focus is on it; the page has no violation."""
    field = page.locator(f'[name="{name}"]:not([type="hidden"])').first
    assert field.get_attribute("aria-invalid") == "true"
    described = field.get_attribute("aria-describedby")
    assert message in page.locator(f"#{described}").inner_text()
    assert page.evaluate("document.activeElement.name") == name
    assert page.locator(".flash.error").count() == 0  # not a banner at the top
    assert violations(page) == []


def test_form_errors_are_tied_to_their_field_and_focused(browser, server):  # noqa: F811
    context = browser.new_context(locale="es-MX")
    page = context.new_page()
    page.goto(server + "/login")
    page.get_by_label("Usuario").fill("juridico")
    page.get_by_label("Contraseña").fill("equivocada")
    page.get_by_role("button", name="Entrar").click()
    assert_error_on_field(page, "usuario", "Usuario o contraseña incorrectos.")
    context.close()

    context, page = session(browser, server, "obras")
    page.goto(f"{server}/propuesta/{PID}/observaciones/nueva")
    page.get_by_label("Disposición observada").fill("artículo 460")
    page.get_by_label("Observación", exact=True).fill("Revisar.")
    page.get_by_role("button", name="Enviar observación").click()
    assert_error_on_field(page, "disposicion", "no existe: artículo 460")
    context.close()

    context, page = session(browser, server, "juridico")
    page.goto(f"{server}/propuesta/{PID}/editar")
    page.get_by_label("Disposición a reformar").fill("artículo 460")
    page.get_by_label("Nuevo texto").fill("Texto nuevo.")
    page.get_by_role("button", name="Reformar").click()
    assert_error_on_field(page, "cita", "no existe: artículo 460")
    page.goto(f"{server}/propuesta/{PID}/observaciones/OBS-0002")
    page.get_by_label("Nuevo estado").select_option("justificada")
    page.get_by_role("button", name="Guardar respuesta").click()
    assert_error_on_field(page, "respuesta", "exige una respuesta que la justifique")
    assert "--response" not in page.locator("#error-respuesta").inner_text()
    context.close()

    context, page = session(browser, server, "admin")
    page.goto(f"{server}/admin/usuarios")
    page.get_by_label("Usuario", exact=True).fill("nueva")
    page.get_by_label("Contraseña").fill("corta")
    page.locator('[name="contrasena"]').evaluate("el => el.removeAttribute('minlength')")  # the server checks too
    page.get_by_role("button", name="Crear").click()
    assert_error_on_field(page, "contrasena", "al menos 10 caracteres")
    context.close()
    assert ACCOUNTS["admin"]  # the accounts of tests/web_support.py
