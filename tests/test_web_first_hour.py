"""The web side of a new user's first hour (issue 22): sentences, plurals and Spanish form errors.

Flask's test client over the sample corpus (tests/web_support.py).
"""

from __future__ import annotations

import re

import pytest
from web_support import ACCOUNTS, PID, build_root, copy_root, csrf_from

from implan_regs.web import cache, create_app


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_root(tmp_path_factory.mktemp("web-primera-hora") / "acervo")


@pytest.fixture
def app(template, tmp_path):
    cache.clear()
    return create_app(copy_root(template, tmp_path / "acervo"), testing=True)


def login(app, username: str):
    client = app.test_client()
    page = client.get("/login")
    response = client.post("/login", data={"csrf_token": csrf_from(page.get_data(as_text=True)), "usuario": username,
                                           "contrasena": ACCOUNTS[username][3]})
    assert response.status_code == 302
    return client


def visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_search_sentences_are_separated(app):
    client = login(app, "juridico")
    html = client.get("/buscar?q=protecion+civil").get_data(as_text=True)
    text = visible_text(html)
    assert re.search(r"textos vigentes al [^.]+\. ¿Quiso decir «[^»]+»\? Se buscó: protecion → ", text), text
    assert not re.search(r"[a-záéíóú0-9][.?][A-ZÁÉÍÓÚ¿]", text)


def test_form_error_is_spanish_and_tied_to_its_field(app):
    from implan_regs.reform.service import operate
    from implan_regs.store import Store

    operate(Store.open(app.config["IMPLAN_ROOT"]), PID, "mover", citation="artículo 46", after="artículo 50",
            number="50 Bis")
    client = login(app, "obras")
    page = client.get(f"/propuesta/{PID}/observaciones/nueva")
    token = csrf_from(page.get_data(as_text=True))
    response = client.post(f"/propuesta/{PID}/observaciones/nueva",
                           data={"csrf_token": token, "disposicion": "artículo 46", "texto": "Revisar."})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    field = re.search(r'<input name="disposicion"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field and 'aria-describedby="error-disposicion"' in field and "autofocus" in field
    message = re.search(r'<p class="field-error" id="error-disposicion">([^<]*)</p>', html).group(1)
    assert message == "el artículo 46 pasó a ser el 50 Bis en esta propuesta"
    assert 'class="flash error"' not in html
