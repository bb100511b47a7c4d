"""render_text -> import_text must give back the same Akoma Ntoso for every real text."""

from __future__ import annotations

from pathlib import Path

import pytest

from implan_regs.importers import import_path
from implan_regs.importers.text import import_text
from implan_regs.model.akn import to_xml
from implan_regs.model.tree import DocumentMeta
from implan_regs.render.text import render_text

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
NAMES = ["torreon-reglamento-movilidad-urbana.txt",
         "torreon-reglamento-constancias-permisos-licencias-acciones-urbanas.txt",
         "torreon-reglamento-interior-r-ayuntamiento.txt", "torreon-decreto-creacion-implan-iniciativa.txt",
         "torreon-reglamento-limpieza@abrogado-1991.txt", "torreon-reglamento-limpieza@vigente.txt",
         "mx-lgahotdu.txt", "mx-lgahotdu.md", "cpeum@6e5fd21.rst", "cpeum@1b95a6d.rst"]


def _meta() -> DocumentMeta:
    return DocumentMeta(work="prueba", kind="reglamento", title="Prueba", date="2020-01-01", source="x")


@pytest.mark.parametrize("name", NAMES)
def test_roundtrip(name):
    if not CORPUS.is_dir():
        pytest.skip(f"el corpus compartido no está en {CORPUS}")
    doc = import_path(CORPUS / name, _meta()).document
    again = import_text(render_text(doc), _meta()).document
    assert to_xml(again) == to_xml(doc)


def test_roundtrip_snippet_with_table_and_nested_paragraphs():
    text = ("Artículo 1.- Son:\nI. Uno:\na) alfa;\nSegundo párrafo del inciso.\nII. Dos.\n"
            "Párrafo final del artículo.\n")
    doc = import_text(text, _meta()).document
    again = import_text(render_text(doc), _meta()).document
    assert to_xml(again) == to_xml(doc)
