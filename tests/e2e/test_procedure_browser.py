"""The reform's procedure in a real browser (issue 13): a department cannot approve, publish or
resolve, and the commission's secretary cannot edit the draft but records the commission's acts.
Fixtures (chromium under Playwright, the real server on the sample corpus) are test_browser's."""
# ruff: noqa: F811 - the fixtures imported from test_browser are the tests' parameters

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

pytest.importorskip("playwright")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from playwright.sync_api import expect  # noqa: E402
from test_browser import browser, server, session, shots  # noqa: E402,F401 - fixtures

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from web_support import PID  # noqa: E402


def _post_as_page(page, url: str, form: dict) -> int:
    """What a hand-made request from this signed-in page gets (the CSRF token is the page's own)."""
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    return page.request.post(url, form={"csrf_token": token, **form}, max_redirects=0).status


def test_a_department_cannot_approve_publish_or_resolve(browser, server, shots):
    context, page = session(browser, server, "obras")
    page.goto(f"{server}/propuesta/{PID}")
    expect(page.get_by_role("heading", name="Procedimiento")).to_be_visible()
    expect(page.get_by_role("button", name="Registrar dictamen")).to_have_count(0)
    expect(page.get_by_role("button", name="Registrar aprobación")).to_have_count(0)
    expect(page.get_by_role("button", name="Publicar")).to_have_count(0)
    expect(page.get_by_role("link", name="Expediente")).to_have_count(0)
    page.screenshot(path=shots / "20-dependencia-propuesta.png")
    page.get_by_role("navigation", name="Propuesta").get_by_role("link", name="Observaciones").click()
    page.locator("table a", has_text="OBS-").first.click()
    expect(page.get_by_role("heading", name=re.compile(r"OBS-\d{4}"))).to_be_visible()
    expect(page.get_by_role("button", name="Registrar resolución")).to_have_count(0)
    for url, form in ((f"/propuesta/{PID}/aprobar", {"sesion": "S", "fecha": "2021-06-10", "acta": "1",
                                                     "votacion": "16-2-0"}),
                      (f"/propuesta/{PID}/publicar", {"fecha": "2021-06-14"}),
                      (f"/propuesta/{PID}/observaciones/OBS-0001/resolver",
                       {"comision": "C", "decision": "procede", "motivo": "x"})):
        assert _post_as_page(page, server + url, form) == 403, url
    page.goto(f"{server}/propuesta/{PID}/expediente")
    expect(page.get_by_role("heading", name="No encontrado")).to_be_visible()
    context.close()


def test_the_commission_cannot_edit_the_draft_but_resolves_and_dictaminates(browser, server, shots):
    context, page = session(browser, server, "comision")
    page.goto(f"{server}/propuesta/{PID}")
    expect(page.get_by_role("link", name="Editar", exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name="Cambiar estado")).to_have_count(0)
    page.goto(f"{server}/propuesta/{PID}/editar")
    expect(page.get_by_role("heading", name="Acceso no permitido")).to_be_visible()
    page.screenshot(path=shots / "21-comision-no-edita.png")
    assert _post_as_page(page, f"{server}/propuesta/{PID}/editar/reformar",
                         {"cita": "artículo 1", "texto": "Otro texto.", "motivo": "x"}) == 403

    page.goto(f"{server}/propuesta/{PID}/observaciones/OBS-0001")
    page.get_by_label("Comisión").fill("Comisión de Desarrollo Urbano")
    page.get_by_label("Decisión").select_option("no-procede")
    page.get_by_label("Motivo").fill("La Comisión lo estima fuera del alcance de la reforma.")
    page.get_by_role("button", name="Registrar resolución").click()
    expect(page.locator(".obs-resolution")).to_contain_text("no procede")
    expect(page.locator(".obs-resolution")).to_contain_text("fuera del alcance")
    page.screenshot(path=shots / "22-resolucion.png")

    page.goto(f"{server}/propuesta/{PID}")
    page.get_by_label("Comisión", exact=True).fill("Comisión de Desarrollo Urbano")
    page.get_by_label("Fecha del dictamen").fill("2021-06-01")
    page.get_by_label("Dictamen firmado").set_input_files(
        {"name": "dictamen.pdf", "mimeType": "application/pdf",
         "buffer": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"})
    page.get_by_role("button", name="Registrar dictamen").click()
    expect(page.locator("h1 .badge")).to_have_text("dictaminada")
    expect(page.get_by_role("button", name="Registrar aprobación")).to_be_visible()
    page.get_by_role("link", name="Expediente").click()
    expect(page.locator("table.timeline")).to_contain_text(re.compile("en revisión → dictaminada"))
    expect(page.get_by_role("link", name="dictamen.pdf")).to_be_visible()
    page.screenshot(path=shots / "23-expediente.png")
    context.close()
