"""The web application with Flask's test client: every page and form action, roles and security.

Corpus and accounts: tests/web_support.py (sample regulation, ``reforma-2021`` shared with Obras
Públicas, a draft shared with nobody, observations from two departments).
"""

from __future__ import annotations

import io
import json
import os
import re
import stat
import zipfile

import pytest
from web_support import ACCOUNTS, DGMA, DGOP, HIDDEN, PID, WORK, build_root, copy_root, csrf_from

from implan_regs.accounts import shares
from implan_regs.accounts.users import load_users, verify_password
from implan_regs.observations import observations_for
from implan_regs.reform.storage import load_proposal
from implan_regs.store import Store
from implan_regs.web import cache, create_app

DOC = f"/doc/{WORK}/2019-03-16"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_root(tmp_path_factory.mktemp("web") / "acervo")


@pytest.fixture
def root(template, tmp_path):
    cache.clear()
    return copy_root(template, tmp_path / "acervo")


@pytest.fixture
def app(root):
    return create_app(root, testing=True)


@pytest.mark.parametrize("package", ["implan_regs.observations", "implan_regs.export", "implan_regs.search"])
def test_a_broken_package_of_ours_stops_the_app_instead_of_hiding_pages(root, monkeypatch, package):
    import sys

    import implan_regs
    import implan_regs.web

    for name in ("observe", "export", "search"):  # the web modules import them afresh
        monkeypatch.delitem(sys.modules, f"implan_regs.web.{name}", raising=False)
        monkeypatch.delattr(implan_regs.web, name, raising=False)
    monkeypatch.setitem(sys.modules, package, None)  # importing it now raises ImportError
    monkeypatch.delattr(implan_regs, package.split(".")[1], raising=False)
    with pytest.raises(ImportError, match=package):
        create_app(root, testing=True)


def test_every_page_family_is_served(lector):
    page = lector.get("/").get_data(as_text=True)
    assert "/buscar" in page and "Descargar" in lector.get(DOC).get_data(as_text=True)


def login(app, username: str, password: str | None = None):
    client = app.test_client()
    page = client.get("/login")
    response = client.post("/login", data={"csrf_token": csrf_from(page.get_data(as_text=True)), "usuario": username,
                                           "contrasena": password or ACCOUNTS[username][3]})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def token(client) -> str:
    with client.session_transaction() as session:
        return session.setdefault("csrf", "prueba-token-csrf")


def post(client, url: str, data: dict | None = None, **kw):
    return client.post(url, data={"csrf_token": token(client), **(data or {})}, **kw)


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def juridico(app):
    return login(app, "juridico")


@pytest.fixture
def obras(app):
    return login(app, "obras")


@pytest.fixture
def medio(app):
    return login(app, "medio")


@pytest.fixture
def lector(app):
    return login(app, "lector")


@pytest.fixture
def admin(app):
    return login(app, "admin")


def obs_id(root, department: str) -> str:
    return next(o.id for o in observations_for(Store.open(root), PID) if o.department == department)


# ------------------------------------------------------------------ authentication and security

PAGES = ["/", f"/doc/{WORK}", DOC, f"{DOC}/p/art_45", f"/doc/{WORK}/historia?cita=artículo 46", "/buscar?q=cajones",
         "/propuestas", f"/propuesta/{PID}", f"/propuesta/{PID}/texto", f"/propuesta/{PID}/p/art_45ter",
         f"/propuesta/{PID}/comparar", f"/propuesta/{PID}/correspondencia", f"/propuesta/{PID}/decreto",
         "/observaciones", f"/propuesta/{PID}/observaciones", f"/propuesta/{PID}/observaciones/OBS-0001",
         f"/propuesta/{PID}/observaciones/nueva", f"/propuesta/{PID}/editar", "/admin/usuarios",
         f"/descargar/doc/{WORK}/2019-03-16.docx", f"/descargar/propuesta/{PID}/decree.docx", "/no-existe",
         "/doc/../../etc/passwd"]


@pytest.mark.parametrize("url", PAGES)
def test_unauthenticated_requests_reach_only_the_login_page(app, url):
    response = app.test_client().get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("url", [f"/propuesta/{PID}/editar/reformar", f"/propuesta/{PID}/estado", "/logout",
                                 "/admin/usuarios", f"/propuesta/{PID}/observaciones/nueva"])
def test_unauthenticated_posts_are_refused(app, url):
    response = app.test_client().post(url, data={"cita": "artículo 1", "texto": "x"})
    assert response.status_code in (302, 400)
    assert "Location" not in response.headers or response.headers["Location"].startswith("/login")


def test_login_page_and_static_assets_are_public(app):
    client = app.test_client()
    page = client.get("/login")
    assert page.status_code == 200 and "Contraseña" in text(page) and 'lang="es-MX"' in text(page)
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/static/app.js").status_code == 200


def test_login_sets_a_secure_httponly_samesite_cookie_and_logout_ends_it(app):
    client = app.test_client()
    page = client.get("/login")
    response = client.post("/login", data={"csrf_token": csrf_from(text(page)), "usuario": "juridico",
                                           "contrasena": ACCOUNTS["juridico"][3], "next": f"/propuesta/{PID}"})
    assert response.status_code == 302 and response.headers["Location"] == f"/propuesta/{PID}"
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get("/").status_code == 200
    assert post(client, "/logout").status_code == 302
    assert client.get("/").status_code == 302


def test_wrong_password_is_refused_with_a_spanish_message(app):
    client = app.test_client()
    page = client.get("/login")
    response = client.post("/login", data={"csrf_token": csrf_from(text(page)), "usuario": "juridico",
                                           "contrasena": "incorrecta"})
    assert response.status_code == 401 and "Usuario o contraseña incorrectos" in text(response)
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:x"])
def test_login_never_redirects_to_another_site(app, target):
    client = app.test_client()
    page = client.get("/login")
    response = client.post("/login", data={"csrf_token": csrf_from(text(page)), "usuario": "lector",
                                           "contrasena": ACCOUNTS["lector"][3], "next": target})
    assert response.headers["Location"] == "/"


def _guard_with_clock(monkeypatch):
    from types import SimpleNamespace

    from implan_regs.web import security

    clock = SimpleNamespace(now=1000.0)
    monkeypatch.setattr(security, "time", SimpleNamespace(monotonic=lambda: clock.now))
    return security.LoginGuard(), clock


def test_login_guard_memory_stays_bounded_over_100000_failed_lookups(monkeypatch):
    import tracemalloc

    guard, clock = _guard_with_clock(monkeypatch)
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        sizes = {}
        for i in range(100_000):
            clock.now += 0.001  # 100 s in all: every failure is still inside the 15-minute window
            assert guard.wait(f"usuario{i}", f"10.0.{i // 256 % 256}.{i % 256}") == 0.0
            guard.failed(f"usuario{i}", f"10.0.{i // 256 % 256}.{i % 256}")
            if i + 1 in (20_000, 100_000):
                sizes[i + 1] = tracemalloc.get_traced_memory()[0] - base
    finally:
        tracemalloc.stop()
    assert len(guard.users) == guard.users.max_keys and len(guard.ips) <= guard.ips.max_keys
    assert sizes[100_000] < 1.2 * sizes[20_000], sizes  # flat once the key cap is reached


def test_login_guard_forgets_keys_whose_window_has_passed(monkeypatch):
    guard, clock = _guard_with_clock(monkeypatch)
    for i in range(1000):
        assert guard.wait(f"curioso{i}", "10.0.0.1") == 0.0  # a lookup alone keeps nothing
    assert len(guard.users) == 0 and len(guard.ips) == 0
    for _ in range(5):
        guard.failed("obras", "10.0.0.2")
    for i in range(300):
        guard.failed(f"nadie{i}", f"10.0.1.{i % 250}")
    assert guard.wait("obras", "10.0.0.9") == 2.0  # slowed: the 5th failure doubled the wait
    clock.now += guard.users.window + 1
    assert guard.wait("obras", "10.0.0.9") == 0.0
    guard.failed("otra", "10.0.0.3")
    assert (len(guard.users), len(guard.ips)) == (1, 1)  # every expired key was dropped


@pytest.mark.parametrize("forged", [None, "", "token-falso", "x" * 43])
def test_forged_csrf_tokens_are_rejected(juridico, root, forged):
    data = {"cita": "artículo 1", "texto": "Texto forjado.", "motivo": "ataque"}
    if forged is not None:
        data["csrf_token"] = forged
    response = juridico.post(f"/propuesta/{PID}/editar/reformar", data=data)
    assert response.status_code == 400 and "token de seguridad" in text(response)
    assert len(load_proposal(Store.open(root), PID).operations) == 4


def test_login_form_needs_its_csrf_token(app):
    response = app.test_client().post("/login", data={"usuario": "juridico", "contrasena": ACCOUNTS["juridico"][3]})
    assert response.status_code == 400


@pytest.mark.parametrize("url", ["/doc/../../etc/passwd", "/doc/..%2F..%2Fetc%2Fpasswd", "/doc/%2e%2e/%2e%2e/etc/passwd",
                                 f"/doc/{WORK}/..%2F..%2Fimplan-regs.json", f"/doc/{WORK}/2019-03-16/p/..%2F..",
                                 "/static/../users.json", "/static/..%2F..%2Fweb%2Fusers.json",
                                 f"/propuesta/..%2F{PID}", "/descargar/doc/..%2F..%2Fetc/passwd.docx",
                                 f"/propuesta/{PID}/observaciones/..%2F..%2Fusers.json"])
def test_path_traversal_is_a_404(lector, juridico, url):
    assert lector.get(url).status_code == 404
    assert juridico.get(url).status_code == 404


def test_security_headers(lector):
    response = lector.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"


def test_secret_key_is_generated_once_with_0600(root):
    first = create_app(root).config["SECRET_KEY"]
    path = root / "web" / "secret-key"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert create_app(root).config["SECRET_KEY"] == first and len(first) >= 32


def test_passwords_are_stored_hashed_and_writes_are_in_the_history(root):
    raw = (root / "web" / "users.json").read_text("utf-8")
    assert all(acc[3] not in raw for acc in ACCOUNTS.values())
    user = load_users(root)["juridico"]
    assert user.password.startswith("scrypt$") and verify_password(ACCOUNTS["juridico"][3], user.password)
    salts = {u.password.split("$")[4] for u in load_users(root).values()}
    assert len(salts) == len(ACCOUNTS)  # one salt per user
    actions = [e.action for e in Store.open(root).history()]
    assert actions.count("user-add") == len(ACCOUNTS) and "proposal-share" in actions


def test_removed_user_loses_the_session(app, root):
    client = login(app, "lector")
    from implan_regs.accounts.users import remove_user

    remove_user(Store.open(root), "lector", author="prueba")
    assert client.get("/").status_code == 302


def test_user_input_is_escaped(obras, juridico):
    evil = "<script>alert('x')</script>"
    post(obras, f"/propuesta/{PID}/observaciones/nueva", {"disposicion": "art_45", "texto": evil, "tipo": "forma"})
    page = text(juridico.get(f"/propuesta/{PID}/observaciones"))
    assert evil not in page and "&lt;script&gt;" in page
    page = text(juridico.get("/buscar", query_string={"q": evil}))
    assert "<script>alert" not in page
    page = text(juridico.get(f"/doc/{WORK}/historia", query_string={"cita": evil}))
    assert "<script>alert" not in page


# ------------------------------------------------------------------ reading

def test_index_lists_documents_and_roles_see_their_proposals(lector, obras, juridico):
    page = text(lector.get("/"))
    assert "Reglamento de Desarrollo Urbano de Torreón" in page and "Ley que crea el Instituto" in page
    assert "Propuestas" not in page and PID not in page
    page = text(obras.get("/"))
    assert PID in page and HIDDEN not in page
    page = text(juridico.get("/"))
    assert PID in page and HIDDEN in page


def test_work_redirects_to_latest_and_date_to_the_version_in_force(lector):
    assert lector.get(f"/doc/{WORK}").headers["Location"] == DOC
    response = lector.get(f"/doc/{WORK}?al=2017-06-01")
    assert response.headers["Location"] == f"/doc/{WORK}/2015-12-20?al=2017-06-01"
    page = text(lector.get(response.headers["Location"]))
    assert "Versión vigente al 1 de junio de 2017" in page and "Hay una versión posterior" in page
    missing = lector.get(f"/doc/{WORK}?al=2001-01-01")
    assert missing.status_code == 404 and "No había versión vigente" in text(missing)
    assert lector.get(f"/doc/{WORK}?al=2017-13-45").status_code == 404


def test_document_page_has_toc_timeline_permalinks_and_download(lector):
    page = text(lector.get(DOC))
    assert 'id="art_45"' in page and 'href="#art_45"' in page  # provision anchors and the table of contents
    assert "TÍTULO PRIMERO" in page and 'class="toc"' in page
    assert f"/doc/{WORK}/2015-12-20" in page and "Decreto de reforma 2019" in page  # timeline
    assert f"{DOC}/p/art_45" in page  # permalink
    assert f"/descargar/doc/{WORK}/2019-03-16.docx" in page
    assert "<table" in page  # the table of article 45


def test_provision_permalink(lector):
    page = text(lector.get(f"{DOC}/p/art_45bis"))
    assert "Artículo 45 Bis" in page and "art_45bis" in page and "Historia de esta disposición" in page
    assert lector.get(f"{DOC}/p/art_999").status_code == 404
    assert lector.get(f"/doc/{WORK}/2001-01-01").status_code == 404
    assert lector.get("/doc/no-existe/2019-03-16").status_code == 404
    assert lector.get("/doc/no-existe").status_code == 404


def test_history_of_one_article(lector):
    page = text(lector.get(f"/doc/{WORK}/historia", query_string={"cita": "artículo 45"}))
    assert "texto original" in page and "20 de diciembre de 2015" in page and "16 de marzo de 2019" in page
    page = text(lector.get(f"/doc/{WORK}/historia", query_string={"cita": "artículo 999"}))
    assert "no existe" in page


# ------------------------------------------------------------------ search

def test_search_highlights_and_links_in_context(lector):
    page = text(lector.get("/buscar", query_string={"q": "bicicletas"}))
    assert "<mark>" in page and f"/doc/{WORK}/2019-03-16#art_45bis" in page


def test_search_suggests_a_correction_and_labels_hits_as_citations(lector):
    """Issue 22 items 5 and 7: "¿Quiso decir …?" with a link that searches the corrected words,
    and a hit named as it is cited, its link landing on that very provision."""
    page = text(lector.get("/buscar", query_string={"q": "estacionamento para bicicletas"}))
    assert "¿Quiso decir" in page and "estacionamiento para bicicletas" in page
    assert "/buscar?q=estacionamiento+para+bicicletas" in page
    assert re.search(r'href="/doc/[^"#]+#art_45bis__point_III">Fracción III del artículo 45 Bis<', page)


def test_search_a_citation_and_filters(lector):
    page = text(lector.get("/buscar", query_string={"q": "artículo 45", "obra": WORK}))
    assert "#art_45" in page
    page = text(lector.get("/buscar", query_string={"q": "Instituto", "tipo": "ley"}))
    assert "/doc/ley-implan/" in page and f"/doc/{WORK}/" not in page
    page = text(lector.get("/buscar", query_string={"q": "estacionamiento", "al": "2016-01-01"}))
    assert f"/doc/{WORK}/2015-12-20#" in page and f"/doc/{WORK}/2019-03-16#" not in page
    page = text(lector.get("/buscar", query_string={"q": '"sin cerrar'}))
    assert "comillas sin cerrar" in page


def test_search_proposals_respect_roles(lector, obras, medio, juridico):
    query = {"q": "recarga vehículos eléctricos", "propuestas": "1"}
    assert f"/propuesta/{PID}/texto" not in text(lector.get("/buscar", query_string=query))
    assert f"/propuesta/{PID}/texto" in text(obras.get("/buscar", query_string=query))
    assert f"/propuesta/{PID}/texto" not in text(medio.get("/buscar", query_string=query))
    confidential = {"q": "confidencial", "propuestas": "1"}
    assert HIDDEN not in text(obras.get("/buscar", query_string=confidential))
    assert HIDDEN in text(juridico.get("/buscar", query_string=confidential))
    reserved = {"q": "reservada", "observaciones": "1"}
    assert "OBS-" not in text(obras.get("/buscar", query_string=reserved))
    assert "OBS-" in text(juridico.get("/buscar", query_string=reserved))


# ------------------------------------------------------------------ compare

def test_proposal_pages(obras):
    page = text(obras.get(f"/propuesta/{PID}"))
    assert "Reforma de movilidad 2021" in page and "Simplificación administrativa." in page
    assert "Compartida con" not in page and "Cambiar estado" not in page  # dependencia: no sharing, no status
    page = text(obras.get(f"/propuesta/{PID}/texto"))
    assert 'id="art_45ter"' in page and f"/propuesta/{PID}/observaciones/nueva?eid=art_45ter" in page
    assert "Artículo 45 Ter" in text(obras.get(f"/propuesta/{PID}/p/art_45ter"))
    assert obras.get(f"/propuesta/{PID}/p/art_999").status_code == 404


def test_comparison_side_by_side_with_word_marks_and_filters(obras):
    page = text(obras.get(f"/propuesta/{PID}/comparar"))
    assert "<del>" in page and "<ins>" in page and "(Sin correlativo)" in page
    assert "Texto vigente" in page and "Texto propuesto" in page and "Atlas de Riesgos." in page
    assert page.count('<tr class="ch-') == 5  # art. 30, 45 Ter, 50, 52 Bis, 52 Ter
    added = text(obras.get(f"/propuesta/{PID}/comparar?ver=adicionados"))
    assert added.count('<tr class="ch-added"') == 3 and "ch-amended" not in added.split("<tbody>")[1]
    everything = text(obras.get(f"/propuesta/{PID}/comparar?ver=todos"))
    assert everything.count('<tr class="ch-unchanged"') > 50
    assert obras.get(f"/propuesta/{PID}/comparar?ver=<x>").status_code == 200


def test_correspondence_and_decree(obras):
    page = text(obras.get(f"/propuesta/{PID}/correspondencia"))
    assert "Artículo 45 Ter" in page and "Adicionado" in page
    page = text(obras.get(f"/propuesta/{PID}/decreto"))
    assert "ARTÍCULO ÚNICO" in page and "Se REFORMA" in page
    assert "Verificado: este decreto, aplicado al texto vigente, produce exactamente el borrador." in page


@pytest.mark.parametrize("kind", ["consolidated", "comparative", "correspondence", "decree", "redline", "observations",
                                  "review-report"])
def test_every_docx_export_downloads(juridico, kind):
    response = juridico.get(f"/descargar/propuesta/{PID}/{kind}.docx")
    assert response.status_code == 200, text(response)
    assert response.mimetype.endswith("wordprocessingml.document")
    assert "attachment" in response.headers["Content-Disposition"]
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(response.data)).namelist()


def test_exports_respect_roles(obras, lector):
    assert obras.get(f"/descargar/propuesta/{PID}/comparative.docx").status_code == 200
    assert obras.get(f"/descargar/propuesta/{PID}/observations.docx").status_code == 404
    assert obras.get(f"/descargar/propuesta/{HIDDEN}/decree.docx").status_code == 404
    assert lector.get(f"/descargar/propuesta/{PID}/decree.docx").status_code == 404
    assert lector.get(f"/descargar/doc/{WORK}/2019-03-16.docx").status_code == 200
    assert lector.get(f"/descargar/doc/{WORK}/2001-01-01.docx").status_code == 404
    assert obras.get(f"/descargar/propuesta/{PID}/otro.docx").status_code == 404
    with_obs = obras.get(f"/descargar/propuesta/{PID}/comparative.docx?observaciones=1")
    assert b"reservada" not in zipfile.ZipFile(io.BytesIO(with_obs.data)).read("word/document.xml")


# ------------------------------------------------------------------ role boundaries

PROPOSAL_PAGES = ["", "/texto", "/comparar", "/correspondencia", "/decreto", "/observaciones",
                  "/observaciones/nueva", "/observaciones/OBS-0001", "/p/art_1"]


@pytest.mark.parametrize("suffix", PROPOSAL_PAGES)
def test_a_department_cannot_reach_a_draft_not_shared_with_it(obras, medio, lector, suffix):
    assert obras.get(f"/propuesta/{HIDDEN}{suffix}").status_code == 404
    assert medio.get(f"/propuesta/{PID}{suffix}").status_code == 404
    assert lector.get(f"/propuesta/{PID}{suffix}").status_code == 404
    assert obras.get(f"/propuesta/no-existe{suffix}").status_code == 404


def test_lector_sees_no_proposals_nor_observations(lector):
    assert lector.get("/propuestas").status_code == 404
    assert lector.get("/observaciones").status_code == 404
    assert "Propuestas" not in text(lector.get(DOC)).split("</nav>")[0]


def test_a_department_cannot_read_another_departments_observations(root, obras):
    other = obs_id(root, DGMA)
    page = text(obras.get(f"/propuesta/{PID}/observaciones"))
    assert "Aplicar también a edificios públicos." in page and "reservada" not in page and DGMA not in page
    assert obras.get(f"/propuesta/{PID}/observaciones/{other}").status_code == 404
    assert "reservada" not in text(obras.get("/observaciones"))


@pytest.mark.parametrize("op", ["reformar", "adicionar", "derogar"])
def test_only_legal_staff_edit(root, obras, lector, admin, op):
    data = {"cita": "artículo 1", "texto": "Texto nuevo.", "motivo": "x"}
    for client in (obras, lector, admin):
        assert client.get(f"/propuesta/{PID}/editar").status_code == 403
        assert post(client, f"/propuesta/{PID}/editar/{op}", data).status_code == 403
        assert post(client, f"/propuesta/{PID}/estado", {"estado": "aprobada"}).status_code == 403
    proposal = load_proposal(Store.open(root), PID)
    assert len(proposal.operations) == 4 and proposal.status == "en revisión"


def test_a_department_cannot_answer_nor_share(root, obras):
    mine = obs_id(root, DGOP)
    response = post(obras, f"/propuesta/{PID}/observaciones/{mine}/responder", {"estado": "justificada",
                                                                                "respuesta": "x"})
    assert response.status_code == 403
    assert post(obras, f"/propuesta/{PID}/compartir", {"dependencia": DGMA}).status_code == 403
    assert shares.departments_for(root, PID) == [DGOP]


# ------------------------------------------------------------------ observations

def test_department_files_an_observation_on_a_selected_provision(root, obras):
    form = text(obras.get(f"/propuesta/{PID}/observaciones/nueva?eid=art_50__point_II"))
    assert "Se deroga." in form and DGOP in form and 'value="art_50__point_II"' in form
    response = post(obras, f"/propuesta/{PID}/observaciones/nueva",
                    {"disposicion": "art_50__point_II", "texto": "No derogar la fracción II.", "tipo": "fondo",
                     "dependencia": DGMA})  # a department cannot file in another's name
    assert response.status_code == 302
    created = [o for o in observations_for(Store.open(root), PID) if o.text == "No derogar la fracción II."]
    assert len(created) == 1 and created[0].department == DGOP and created[0].target.eid == "art_50__point_II"
    assert created[0].created_by == ACCOUNTS["obras"][1]
    page = text(obras.get(response.headers["Location"]))
    assert "No derogar la fracción II." in page and "fracción II" in page


def test_filing_errors_are_shown(obras):
    response = post(obras, f"/propuesta/{PID}/observaciones/nueva", {"disposicion": "artículo 999", "texto": "x"})
    assert response.status_code == 400 and "no existe" in text(response)


def test_legal_staff_see_all_observations_by_department_and_status_and_answer(root, juridico):
    page = text(juridico.get(f"/propuesta/{PID}/observaciones"))
    assert DGOP in page and DGMA in page
    filtered = text(juridico.get(f"/propuesta/{PID}/observaciones", query_string={"dependencia": DGMA}))
    assert "reservada" in filtered and "edificios públicos" not in filtered
    target = obs_id(root, DGOP)
    response = post(juridico, f"/propuesta/{PID}/observaciones/{target}/responder",
                    {"estado": "atendida", "respuesta": "Se amplía a edificios públicos.", "operacion": "op-0002"})
    assert response.status_code == 302
    answered = next(o for o in observations_for(Store.open(root), PID) if o.id == target)
    assert answered.status == "atendida" and answered.responder == ACCOUNTS["juridico"][1]
    assert answered.change == "op-0002"
    assert "atendida" in text(juridico.get(f"/propuesta/{PID}/observaciones", query_string={"estado": "atendida"}))
    bad = post(juridico, f"/propuesta/{PID}/observaciones/{obs_id(root, DGMA)}/responder", {"estado": "justificada"})
    assert bad.status_code == 400  # the page again, the error beside its field (tests/test_web_first_hour.py)
    assert "exige una respuesta" in text(bad)


def test_dashboard_counts_open_items_per_department(juridico, obras):
    page = text(juridico.get("/observaciones"))
    assert DGOP in page and DGMA in page and "Abiertas" in page
    page = text(obras.get("/observaciones"))
    assert DGOP in page and DGMA not in page


def test_legal_staff_register_an_observation_received_by_mail(root, juridico):
    response = post(juridico, f"/propuesta/{PID}/observaciones/nueva",
                    {"disposicion": "artículo 30", "texto": "Recibida por oficio.", "dependencia": DGMA,
                     "recibida": "2021-05-10", "tipo": "forma"})
    assert response.status_code == 302
    created = next(o for o in observations_for(Store.open(root), PID) if o.text == "Recibida por oficio.")
    assert created.department == DGMA and created.received == "2021-05-10" and created.kind == "forma"


# ------------------------------------------------------------------ editing

def test_legal_staff_amend_add_and_repeal_through_forms(root, juridico):
    assert "Reformar" in text(juridico.get(f"/propuesta/{PID}/editar?op=reformar&cita=art_1"))
    steps = [("reformar", {"cita": "artículo 1", "texto": "Texto reformado del artículo primero.",
                           "motivo": "Claridad."}),
             ("adicionar", {"cita": "artículo 2", "texto": "Artículo adicionado por la web.", "motivo": "Nuevo."}),
             ("derogar", {"cita": "artículo 3 fracción II", "motivo": "Obsoleta."})]
    for op, data in steps:
        response = post(juridico, f"/propuesta/{PID}/editar/{op}", data)
        assert response.status_code == 302, text(response)
    store = Store.open(root)
    proposal = load_proposal(store, PID)
    assert [op.type for op in proposal.operations[-3:]] == ["reformar", "adicionar", "derogar"]
    assert all(op.author == ACCOUNTS["juridico"][1] for op in proposal.operations[-3:])
    assert [op.reason for op in proposal.operations[-3:]] == ["Claridad.", "Nuevo.", "Obsoleta."]
    entries = [e for e in store.history() if e.proposal == PID][-3:]
    assert [e.action for e in entries] == ["proposal-reformar", "proposal-adicionar", "proposal-derogar"]
    assert {e.author for e in entries} == {ACCOUNTS["juridico"][1]}
    compared = re.sub(r"<[^>]+>", "", text(juridico.get(f"/propuesta/{PID}/comparar")))
    assert "Texto reformado del artículo primero." in compared


def test_edit_errors_are_shown_and_write_nothing(root, juridico):
    response = post(juridico, f"/propuesta/{PID}/editar/reformar", {"cita": "artículo 999", "texto": "x"})
    assert response.status_code == 400 and "no existe" in text(response)
    assert post(juridico, f"/propuesta/{PID}/editar/mover", {"cita": "artículo 1"}).status_code == 404
    assert len(load_proposal(Store.open(root), PID).operations) == 4


def test_status_change(root, juridico):
    refused = post(juridico, f"/propuesta/{PID}/estado", {"estado": "borrador"})  # going back needs a reason
    assert "exige un motivo" in text(juridico.get(refused.headers["Location"]))
    assert post(juridico, f"/propuesta/{PID}/estado", {"estado": "borrador", "nota": "Se corrige"}).status_code == 302
    assert load_proposal(Store.open(root), PID).status == "borrador"
    response = post(juridico, f"/propuesta/{PID}/estado", {"estado": "publicada"})
    assert "se puede pasar a: en revisión, descartada" in text(juridico.get(response.headers["Location"]))


# ------------------------------------------------------------------ accounts and sharing

def test_admin_manages_accounts(root, admin, juridico):
    page = text(admin.get("/admin/usuarios"))
    assert "juridico" in page and "scrypt" not in page
    response = post(admin, "/admin/usuarios", {"usuario": "nuevo", "nombre": "Persona Nueva", "rol": "dependencia",
                                              "dependencia": DGMA, "contrasena": "una-clave-larga"})
    assert response.status_code == 302 and load_users(root)["nuevo"].department == DGMA
    bad = post(admin, "/admin/usuarios", {"usuario": "corta", "rol": "lector", "contrasena": "corta"})
    assert bad.status_code == 400 and "al menos 10 caracteres" in text(bad)
    assert post(admin, "/admin/usuarios/nuevo/eliminar").status_code == 302
    assert "nuevo" not in load_users(root)
    assert post(admin, "/admin/usuarios/admin/eliminar").status_code == 302 and "admin" in load_users(root)
    assert juridico.get("/admin/usuarios").status_code == 403
    assert post(juridico, "/admin/usuarios", {"usuario": "x", "rol": "administrador",
                                              "contrasena": "una-clave-larga"}).status_code == 403


def test_sharing_a_proposal_opens_it_to_the_department(root, juridico, medio):
    assert medio.get(f"/propuesta/{PID}").status_code == 404
    assert post(juridico, f"/propuesta/{PID}/compartir", {"dependencia": DGMA}).status_code == 302
    assert medio.get(f"/propuesta/{PID}").status_code == 200
    page = text(medio.get(f"/propuesta/{PID}/observaciones"))
    assert "reservada" in page and "edificios públicos" not in page  # its own observations only
    assert post(juridico, f"/propuesta/{PID}/dejar-de-compartir", {"dependencia": DGMA}).status_code == 302
    assert medio.get(f"/propuesta/{PID}").status_code == 404
    history = [e for e in Store.open(root).history() if e.action in ("proposal-share", "proposal-unshare")]
    assert history[-1].author == ACCOUNTS["juridico"][1]


# ------------------------------------------------------------------ command line

def test_cli_user_add_list_remove(root):
    from click.testing import CliRunner

    from implan_regs.cli import main
    from implan_regs.cli import web as _web  # noqa: F401 - registers the commands until cli/__init__ imports it

    runner = CliRunner()
    result = runner.invoke(main, ["--root", str(root), "user", "add", "maria", "--role", "juridico", "--name",
                                  "Lic. María", "--password-stdin"], input="una-clave-muy-larga\n")
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["--root", str(root), "user", "list", "--json"])
    users = {u["username"]: u for u in json.loads(result.output)}
    assert users["maria"]["role"] == "jurídico" and "password" not in users["maria"]
    result = runner.invoke(main, ["--root", str(root), "user", "add", "sin-dep", "--role", "dependencia",
                                  "--password-stdin"], input="una-clave-muy-larga\n")
    assert result.exit_code == 2 and "dependencia" in result.output
    result = runner.invoke(main, ["--root", str(root), "user", "add", "maria", "--role", "lector",
                                  "--password-stdin"], input="una-clave-muy-larga\n")
    assert result.exit_code == 2 and "ya existe" in result.output
    assert runner.invoke(main, ["--root", str(root), "user", "remove", "maria"]).exit_code == 0
    result = runner.invoke(main, ["--root", str(root), "user", "remove", "maria"])
    assert result.exit_code == 2 and "usuario inexistente" in result.output
    assert "maria" not in runner.invoke(main, ["--root", str(root), "user", "list"]).output


def test_demo_accounts_one_per_role(root):
    from implan_regs.accounts.users import authenticate
    from implan_regs.cli.web import create_demo_accounts

    store = Store.open(root)
    accounts = create_demo_accounts(store)
    assert {a[2].split(" ·")[0] for a in accounts} == {"administrador", "jurídico", "dependencia", "lector"}
    for username, password, _ in accounts:
        assert authenticate(store, username, password) is not None


def test_department_edits_only_its_own_pending_observations(root, obras, medio, juridico):
    from implan_regs import observations as obs_lib

    mine, other = obs_id(root, DGOP), obs_id(root, DGMA)
    url = f"/propuesta/{PID}/observaciones/{{}}/editar"
    data = {"texto": "Texto corregido por la dependencia.", "tipo": "forma"}
    assert post(obras, url.format(other), data).status_code == 404  # another department's: invisible
    assert post(juridico, url.format(mine), data).status_code == 403  # legal staff answer, they do not edit
    if not hasattr(obs_lib, "edit"):
        assert post(obras, url.format(mine), data).status_code == 403
        assert "Corregir mi observación" not in text(obras.get(f"/propuesta/{PID}/observaciones/{mine}"))
        pytest.skip("implan_regs.observations.edit is not in the library yet: editing is not offered")
    assert "Corregir mi observación" in text(obras.get(f"/propuesta/{PID}/observaciones/{mine}"))
    assert post(obras, url.format(mine), data).status_code == 302
    edited = next(o for o in observations_for(Store.open(root), PID) if o.id == mine)
    assert edited.text == data["texto"] and edited.kind == "forma"
    post(juridico, f"/propuesta/{PID}/observaciones/{mine}/responder", {"estado": "en análisis"})
    assert post(obras, url.format(mine), data).status_code == 403  # no longer pending
