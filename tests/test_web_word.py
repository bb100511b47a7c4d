"""The observations page takes a Word file commented by a department: each comment becomes an
observation of the user's own department, and the page shows what was created."""

from __future__ import annotations

import io

from test_web import app, juridico, login, medio, obras, post, root, template, text  # noqa: F401 - fixtures
from web_support import DGMA, DGOP, PID
from word_edit import WordFile

from implan_regs.export import render
from implan_regs.observations import observations_for
from implan_regs.store import Store


def commented(root) -> bytes:  # noqa: F811
    word = WordFile(render(Store.open(root), PID, "review"))
    word.comment(word.paragraph("Artículo 30"), "Precisar qué autoridad expide la constancia.",
                 author="Ing. Roberto Castañeda", date="2025-03-04T10:15:00Z")
    return word.to_bytes()


def upload(client, data: bytes, name: str = "respuesta.docx", **fields):
    return post(client, f"/propuesta/{PID}/observaciones/word", {"archivo": (io.BytesIO(data), name), **fields},
                content_type="multipart/form-data")


def test_a_department_uploads_its_commented_copy_and_sees_what_was_created(root, obras):  # noqa: F811
    data = commented(root)
    preview = upload(obras, data, vista_previa="1", dependencia=DGMA)
    assert preview.status_code == 200 and "Vista previa: se registraría 1 observación." in text(preview)
    assert not [o for o in observations_for(Store.open(root), PID) if o.source]
    page = text(upload(obras, data, dependencia=DGMA))  # a department files in its own name only
    created = [o for o in observations_for(Store.open(root), PID) if o.source]
    assert len(created) == 1 and created[0].department == DGOP and created[0].target.eid == "art_30__para_1"
    assert "Se registró 1 observación." in page and created[0].id in page and "artículo 30 párrafo primero" in page
    again = text(upload(obras, data))
    assert "Se registraron 0 observaciones; 1 ya estaba importada" in again
    assert len([o for o in observations_for(Store.open(root), PID) if o.source]) == 1


def test_a_bad_file_is_refused_with_its_name_and_nothing_is_stored(root, juridico):  # noqa: F811
    before = len(observations_for(Store.open(root), PID))
    response = upload(juridico, b"esto no es un docx", name="oficio.docx", dependencia=DGOP)
    assert response.status_code == 302
    page = text(juridico.get(response.headers["Location"]))
    assert "oficio.docx: no es un archivo DOCX válido" in page
    assert len(observations_for(Store.open(root), PID)) == before
