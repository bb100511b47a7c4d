"""One validation for every text entering the store: control characters and undecodable bytes
give exit 2 in the CLI and a form error in the web, never a traceback or a 500."""

from __future__ import annotations

import hashlib

import click
import pytest
from click.testing import CliRunner
from conftest import snapshot
from hypothesis import given, settings
from hypothesis import strategies as st
from web_support import ACCOUNTS, DGOP, PID, build_root, copy_root, csrf_from

from implan_regs.cli import main
from implan_regs.errors import InputError
from implan_regs.observations import NewObservation, add, observations_for
from implan_regs.store import Store
from implan_regs.textinput import check_text, printable
from implan_regs.web import cache, create_app

CONTROL = "Texto \x01 con control"
UNDECODABLE = "T\udcff\udcfe"  # what Python makes of the bytes 0xFF 0xFE in an argument


# ------------------------------------------------------------------ the validation itself

@settings(max_examples=300)
@given(st.text())
def test_whatever_passes_the_check_can_be_stored_as_xml_and_utf8(value):
    from lxml import etree

    try:
        check_text(value, what="campo")
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc).encode("utf-8")  # one printable line
        return
    value.encode("utf-8")
    etree.Element("p").text = value  # lxml refuses what XML 1.0 cannot hold


@given(st.text())
def test_printable_is_one_encodable_line(value):
    shown = printable(value)
    assert "\n" not in shown and "\r" not in shown
    shown.encode("utf-8")


# ------------------------------------------------------------------ every CLI text option

def _commands(group: click.Group, path: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name), command


def _filler(param: click.Parameter, tmp_path) -> str:
    kind = param.type
    if isinstance(kind, click.Path):
        if not kind.file_okay:
            return str(tmp_path)
        source = tmp_path / "fuente.txt"
        source.write_text("Artículo 1.- Objeto.\n", "utf-8")
        return str(source)
    if isinstance(kind, click.Choice):
        return str(kind.choices[0])
    if isinstance(kind, (click.IntRange, click.types.IntParamType)):
        return "1"
    return "x"


def _text_params():
    for path, command in _commands(main):
        for param in command.params:
            if param.type is click.STRING and not getattr(param, "is_flag", False) and not param.is_eager:
                yield pytest.param(path, param.name, id=" ".join(path) + ":" + param.name)


def _args(command: click.Command, target: str, value: str, tmp_path) -> list[str]:
    args: list[str] = []
    positional: list[str] = []
    for param in command.params:
        chosen = value if param.name == target else (_filler(param, tmp_path) if param.required else None)
        if chosen is None:
            continue
        if isinstance(param, click.Argument):
            positional.append(chosen)
        else:
            args += [param.opts[0], chosen]
    return [*args, "--", *positional] if positional else args


@pytest.mark.parametrize(("path", "name"), list(_text_params()))
@pytest.mark.parametrize("value", [CONTROL, UNDECODABLE], ids=["control", "undecodable"])
def test_every_cli_text_option_refuses_control_and_undecodable_text(path, name, value, tmp_path):
    command = main
    for part in path:
        command = command.commands[part]
    result = CliRunner().invoke(main, ["--root", str(tmp_path / "acervo"), *path,
                                       *_args(command, name, value, tmp_path)])
    assert result.exit_code == 2, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    expected = "un carácter de control (U+0001) en la posición 7" if value == CONTROL \
        else "un byte que no es UTF-8 válido (0xFF) en la posición 2"
    assert result.output.startswith("Error: ") and expected in result.output, result.output
    assert result.output.count("\n") == 1


@pytest.mark.backends("files", "postgres")
def test_the_cli_examples_of_the_report_store_nothing(tmp_path):
    runner = CliRunner()
    root = tmp_path / "acervo"
    assert runner.invoke(main, ["--root", str(root), "init"]).exit_code == 0
    before = snapshot(Store.open(root))
    source = tmp_path / "r.txt"
    source.write_text("Artículo 1.- Objeto.\n", "utf-8")
    for args in (["import", str(source), "--work", "r", "--kind", "reglamento", "--date", "2020-01-01",
                  "--title", "T\udcff\udcfe"],
                 ["import", str(source), "--work", "r\nb", "--kind", "reglamento", "--date", "2020-01-01",
                  "--title", "R"]):
        result = runner.invoke(main, ["--root", str(root), *args])
        assert result.exit_code == 2 and result.output.count("\n") == 1, result.output
    assert "r\\nb" in result.output  # the newline of --work is shown, not printed
    assert snapshot(Store.open(root)) == before


# ------------------------------------------------------------------ the library (every caller)

def test_the_library_refuses_control_text_whoever_calls_it(tmp_path):
    root = build_root(tmp_path / "acervo")
    history = hashlib.sha256((root / "history.jsonl").read_bytes()).hexdigest()
    store = Store.open(root)
    from implan_regs.reform import service as reform

    with pytest.raises(InputError, match=r"reforma-2021: texto: contiene un carácter de control \(U\+0001\)"):
        reform.operate(store, PID, "reformar", citation="artículo 31", text="Nuevo \x01 texto")
    with pytest.raises(InputError, match="observación: dependencia: contiene un carácter de control"):
        add(store, PID, NewObservation("artículo 30", "Obras\x07", "Texto", "2021-05-04"))
    with pytest.raises(InputError, match="reforma-2021: autor: contiene un carácter de control \\(U\\+001B\\)"):
        reform.set_status(store, PID, "descartada", author="Lic.\x1b[31m Ana")
    with pytest.raises(InputError, match="historial: mensaje: contiene un carácter de control"):
        with store.locked():
            store.record("prueba", author="Ana", message="fin\x00")
    assert hashlib.sha256((root / "history.jsonl").read_bytes()).hexdigest() == history
    assert len(observations_for(store, PID)) == 2


# ------------------------------------------------------------------ every web form field

@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_root(tmp_path_factory.mktemp("texto") / "acervo")


@pytest.fixture
def web(template, tmp_path):
    cache.clear()
    root = copy_root(template, tmp_path / "acervo")
    return root, create_app(root, testing=True)


def _login(app, username):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    assert client.post("/login", data={"csrf_token": csrf_from(page), "usuario": username,
                                       "contrasena": ACCOUNTS[username][3]}).status_code == 302
    return client


def _token(client, url="/"):
    return csrf_from(client.get(url).get_data(as_text=True))


OBS = f"/propuesta/{PID}/observaciones/OBS-0001"
#: (who, url, a valid form, the fields whose text is stored: each must give the form error)
FORMS = [
    ("juridico", f"/propuesta/{PID}/observaciones/nueva",
     {"disposicion": "artículo 30", "dependencia": DGOP, "texto": "Revisar.", "tipo": "fondo", "autor": "Ing. R.",
      "recibida": "2021-06-01"}, {"dependencia", "texto", "autor"}),
    ("obras", f"{OBS}/editar", {"texto": "Otro texto.", "tipo": "forma"}, {"texto"}),
    ("juridico", f"{OBS}/responder", {"estado": "justificada", "respuesta": "Procede así.", "operacion": ""},
     {"respuesta"}),
    ("juridico", f"/propuesta/{PID}/editar/reformar",
     {"cita": "artículo 32", "texto": "Texto nuevo del artículo.", "motivo": "Claridad."}, {"texto", "motivo"}),
    ("juridico", f"/propuesta/{PID}/editar/adicionar",
     {"cita": "artículo 30", "texto": "Artículo nuevo.", "motivo": "Claridad."}, {"texto", "motivo"}),
    ("juridico", f"/propuesta/{PID}/editar/derogar", {"cita": "artículo 33", "motivo": "Obsoleto."}, {"motivo"}),
    ("juridico", f"/propuesta/{PID}/estado", {"estado": "borrador", "nota": "Vuelve a redacción."}, {"nota"}),
    ("admin", "/admin/usuarios", {"usuario": "nueva", "contrasena": "una-clave-segura", "rol": "dependencia",
                                  "nombre": "Arq. Nueva", "dependencia": "Dirección de Catastro"},
     {"nombre", "dependencia"}),
    ("admin", f"/propuesta/{PID}/compartir", {"dependencia": "Dirección de Catastro"}, {"dependencia"}),
    ("admin", f"/propuesta/{PID}/dejar-de-compartir", {"dependencia": DGOP}, set()),
]


def _cases():
    for who, url, form, stored in FORMS:
        for field in form:
            yield pytest.param(who, url, form, field, field in stored, id=f"{url}:{field}")


@pytest.mark.parametrize(("who", "url", "form", "field", "stored"), list(_cases()))
def test_every_web_form_field_gives_a_form_error_not_a_500(web, who, url, form, field, stored):
    root, app = web
    client = _login(app, who)
    before = (root / "history.jsonl").read_bytes()
    data = {**form, field: CONTROL, "csrf_token": _token(client)}
    response = client.post(url, data=data, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code in (200, 400, 404) and "Error interno" not in page, page[:2000]
    if field == "contrasena":  # a password is hashed, never stored as text: any character may be in it
        return
    assert (root / "history.jsonl").read_bytes() == before
    if stored:
        assert "contiene un carácter de control (U+0001) en la posición 7" in page


def test_the_valid_forms_are_accepted(web):
    """The baseline forms above are valid: the refusals come from the one bad field."""
    root, app = web
    for who, url, form, _ in FORMS:
        client = _login(app, who)
        before = (root / "history.jsonl").read_bytes()
        response = client.post(url, data={**form, "csrf_token": _token(client)})
        assert response.status_code == 302, (url, response.get_data(as_text=True)[:1500])
        assert (root / "history.jsonl").read_bytes() != before, url


@pytest.mark.parametrize("field", ["usuario", "contrasena"])
def test_login_and_search_fields_with_control_characters(web, field):
    _, app = web
    client = app.test_client()
    data = {"usuario": "juridico", "contrasena": "x", field: CONTROL, "csrf_token": _token(client, "/login")}
    assert client.post("/login", data=data).status_code == 401
    reader = _login(app, "lector")
    assert reader.get("/buscar", query_string={"q": CONTROL}).status_code == 200
