"""Reform notes printed in a consolidated text are AKN notes on their provision, never its text,
and `history` shows them as the provision's changes before it was imported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from implan_regs.cli import main
from implan_regs.importers.text import import_text
from implan_regs.model.akn import from_xml, to_xml
from implan_regs.model.tree import DocumentMeta

TEXT = """REGLAMENTO DE PARQUES

Aprobado en Sesión de Cabildo el día 3 de marzo de 2010.

Artículo 1.- Objeto del reglamento.

Artículo 2.- Los parques se abren a las 6 horas.
(Reformado, P.O. 12-05-2016)

Artículo 3.- Las autoridades son:
I. El Ayuntamiento;
II. La Dirección de Parques.
Fracción adicionada DOF 01-02-2018

Artículo 4.- Se deroga.
Artículo derogado DOF 06-01-2020

Artículo 5.- Las cuotas las fija la Tesorería.
(Reformas aprobadas en sesión ordinaria del Ayuntamiento de fecha 20 de junio de 2019)
"""


@pytest.mark.parametrize("wrapped", [False, True])
def test_notes_attach_to_their_provision_not_to_its_text(wrapped: bool) -> None:
    text = "\n".join(line for line in TEXT.splitlines() if line.strip()) if wrapped else TEXT
    doc = import_text(text, DocumentMeta(work="parques", kind="reglamento", title="Parques")).document
    assert doc.find("art_2").notes == ["Reformado, P.O. 12-05-2016"]
    assert doc.find("art_3__point_II").notes == ["Fracción adicionada DOF 01-02-2018"]
    assert doc.find("art_4").notes == ["Artículo derogado DOF 06-01-2020"] and doc.find("art_4").derogated
    assert doc.find("art_5").notes == [
        "Reformas aprobadas en sesión ordinaria del Ayuntamiento de fecha 20 de junio de 2019"]
    for node in doc.walk():
        assert "P.O." not in (node.text or "") and "DOF" not in (node.text or "") and "sesión" not in (node.text or "")
    back = from_xml(to_xml(doc))
    assert back.find("art_3__point_II").notes == ["Fracción adicionada DOF 01-02-2018"]


def test_history_shows_the_changes_the_notes_record(tmp_path: Path) -> None:
    source = tmp_path / "parques.txt"
    source.write_text(TEXT, encoding="utf-8")
    root = tmp_path / "acervo"
    runner = CliRunner()
    assert runner.invoke(main, ["--root", str(root), "init"]).exit_code == 0
    imported = runner.invoke(main, ["--root", str(root), "import", str(source)])
    assert imported.exit_code == 0, imported.output
    # the version is the latest change the text records, not its 2010 approval
    assert "fecha 2020-01-06 (última reforma anotada en el texto)" in imported.output
    shown = runner.invoke(main, ["--root", str(root), "history", "reglamento-parques", "artículo 3"])
    assert shown.exit_code == 0, shown.output
    first = shown.output.splitlines()[0]
    assert first == "@2018-02-01  adicionado antes de la importación  (Fracción adicionada DOF 01-02-2018)"
    as_json = json.loads(runner.invoke(main, ["--root", str(root), "history", "reglamento-parques", "artículo 5",
                                              "--json"]).output)
    assert as_json[0]["date"] == "2019-06-20" and as_json[0]["change"] == "reformado antes de la importación"
    assert as_json[-1]["change"] == "texto original"
