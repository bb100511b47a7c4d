"""The web side of a new user's first hour (issue 22): sentences, plurals and Spanish form errors.

Flask's test client over the sample corpus (tests/web_support.py).
"""

from __future__ import annotations

import re

import pytest
from web_support import ACCOUNTS, build_root, copy_root, csrf_from

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
    assert "También se buscó: protecion → " in text
    assert re.search(r"textos vigentes al [^.]+\. También se buscó", text), text
    assert not re.search(r"[a-záéíóú0-9]\.[A-ZÁÉÍÓÚ]", text)
