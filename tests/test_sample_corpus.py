"""The project's own sample corpus (corpus/, see corpus/README.md): every document imports with
no warnings, with the counts the README states, validates against both schemas and round-trips
through the text renderer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from implan_regs.importers import import_path
from implan_regs.importers.text import import_text
from implan_regs.model.akn import to_xml
from implan_regs.model.tree import DocumentMeta, Publication
from implan_regs.render.text import render_text
from implan_regs.schemas import validate_document

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
ENTRIES = {entry["file"]: entry for entry in MANIFEST}
REFORM_NOTE = "P.O. 15 DE MARZO DE 2019"


def _meta(entry: dict) -> DocumentMeta:
    pub = entry.get("publication") or {}
    return DocumentMeta(work=entry["work"], kind=entry["kind"], title=entry["title"], date=entry["date"],
                        work_date=entry.get("work_date"), entry_into_force=entry.get("entry_into_force"),
                        decree=entry.get("decree"),
                        publication=Publication(gazette=pub.get("gazette", ""), date=pub.get("date"),
                                                number=pub.get("number")) if pub else None)


def _import(name: str):
    return import_path(CORPUS / name, _meta(ENTRIES[name]))


@pytest.fixture(scope="module")
def imported():
    return {name: _import(name) for name in ENTRIES}


def test_manifest_lists_every_sample_file():
    on_disk = {p.name for p in CORPUS.iterdir() if p.suffix == ".txt"}
    assert set(ENTRIES) == on_disk


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_imports_without_warnings(imported, name):
    report = imported[name].report
    assert [w.message for w in report.warnings] == []


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_validates_against_both_schemas(imported, name):
    assert validate_document(imported[name].document) == []


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_text_round_trip(imported, name):
    doc = imported[name].document
    again = import_text(render_text(doc), doc.meta).document
    assert to_xml(again) == to_xml(doc)


def _article_keys(n: int, extra: dict[int, str] | None = None) -> list[str]:
    keys = []
    for i in range(1, n + 1):
        keys.append(str(i))
        if extra and i in extra:
            keys.append(extra[i])
    return keys


def test_reglamento_2015(imported):
    doc = imported["reglamento-desarrollo-urbano@2015-12-20.txt"].document
    assert [a.key for a in doc.articles()] == _article_keys(61)
    assert [t.key for t in doc.body if t.kind == "title"] == ["1", "2", "3", "4", "5"]
    art3 = doc.find("art_3")
    assert art3.children[0].text == "Para los efectos de este Reglamento se entenderá por:"
    assert [p.key for p in art3.children if p.kind == "point"][-1] == "XXXI"
    assert len([p for p in art3.children if p.kind == "point"]) == 31
    # the parking table sits between the first and second paragraphs of art. 45
    art45 = doc.find("art_45")
    assert [c.table is not None for c in art45.children][:3] == [False, True, False]
    [block] = doc.transitorios()
    assert [t.key for t in block.children] == ["1", "2", "3", "4"]
    assert doc.conclusions[0].startswith("Dado en el Salón de Cabildo")
    assert "PRESIDENTE MUNICIPAL" in doc.conclusions
    assert not any("Dado en" in (n.text or "") for n in block.walk())


def test_reglamento_2019_consolidated(imported):
    doc = imported["reglamento-desarrollo-urbano@2019-03-16.txt"].document
    assert [a.key for a in doc.articles()] == _article_keys(61, {45: "45bis"})
    # reform notes belong to the provision they annotate, not to its text
    notes = {n.eid: n.notes for n in doc.walk() if n.notes}
    assert notes == {
        "art_3__point_XVII": [f"REFORMADA, {REFORM_NOTE}"], "art_3__point_XXV": [f"REFORMADA, {REFORM_NOTE}"],
        "art_9": [f"REFORMADO, {REFORM_NOTE}"], "art_12": [f"DEROGADO, {REFORM_NOTE}"],
        "art_20": [f"REFORMADO, {REFORM_NOTE}"], "art_33__point_IV": [f"DEROGADA, {REFORM_NOTE}"],
        "art_45": [f"REFORMADO, {REFORM_NOTE}"], "art_45bis": [f"ADICIONADO, {REFORM_NOTE}"],
        "art_58": [f"REFORMADO, {REFORM_NOTE}"]}
    assert not any(REFORM_NOTE in (n.text or "") for n in doc.walk())
    assert doc.find("art_12").derogated and doc.find("art_33__point_IV").derogated
    assert doc.find("art_45bis").num == "Artículo 45 Bis.-"
    # both transitorios blocks; the original signatures close the first one, outside its transitorios
    original, decree = doc.transitorios()
    assert [t.key for t in original.children if t.kind == "transitional"] == ["1", "2", "3", "4"]
    trailing = [c.text for c in original.children[4:]]
    assert trailing[0].startswith("Dado en el Salón de Cabildo") and "SECRETARIA DEL R. AYUNTAMIENTO" in trailing
    assert all(c.kind == "paragraph" for c in original.children[4:])
    assert not any("Dado en" in (n.text or "") for t in original.children[:4] for n in t.walk())
    assert decree.heading == "TRANSITORIOS"
    assert decree.subheading.startswith("DECRETO POR EL QUE SE REFORMAN, ADICIONAN Y DEROGAN")
    assert decree.subheading.endswith("PUBLICADO EN EL PERIÓDICO OFICIAL DEL ESTADO EL 15 DE MARZO DE 2019")
    assert [t.key for t in decree.children] == ["1", "2", "3", "4", "5"]
    assert doc.conclusions == []


def test_ley_implan(imported):
    doc = imported["ley-implan.txt"].document
    assert [a.key for a in doc.articles()] == _article_keys(33)
    assert [c.key for c in doc.body if c.kind == "chapter"] == [str(n) for n in range(1, 11)]
    assert doc.find("art_6__point_II__point_a") is not None
    [block] = doc.transitorios()
    assert [t.key for t in block.children] == ["1", "2", "3", "4", "5", "6"]
    assert doc.conclusions[0].startswith("DADO en el Salón de Sesiones")


def test_programa_objectives_strategies_lines_tables(imported):
    doc = imported["plan-director-centro.txt"].document
    assert doc.articles() == []
    chapters = [c for c in doc.body if c.kind == "chapter"]
    assert [c.key for c in chapters] == ["1", "2", "3", "4", "5", "6"]
    objetivos = [n for n in doc.walk() if n.level == "objetivo"]
    assert [o.eid for o in objetivos] == [f"chp_4__point_{n}" for n in range(1, 6)]
    assert objetivos[0].num == "Objetivo 1." and objetivos[0].text.startswith("Revertir el despoblamiento")
    estrategias = [n for n in doc.walk() if n.level == "estrategia"]
    assert [e.key for e in estrategias] == ["1", "2", "3", "4", "5"]
    lineas = {e.key: [c.key for c in e.children] for e in estrategias}
    assert lineas == {"1": ["1.1", "1.2", "1.3", "1.4"], "2": ["2.1", "2.2", "2.3", "2.4"],
                      "3": ["3.1", "3.2", "3.3", "3.4", "3.5"], "4": ["4.1", "4.2", "4.3", "4.4"],
                      "5": ["5.1", "5.2", "5.3"]}
    linea = doc.find("chp_5__point_1__point_1-1")
    assert linea.num == "Línea de acción 1.1." and linea.text.startswith("Aplicar en las zonas CC y CU")
    tables = [n for n in doc.walk() if n.table is not None]
    assert len(tables) == 2
    assert tables[0].table.rows[0][0] == "Año" and tables[1].table.rows[0][0] == "Uso de suelo"
    chp5 = chapters[4]
    texts = [c.text or "" for c in chp5.children if c.kind == "paragraph"]
    assert texts[0].startswith("La estrategia del Programa Parcial")
    assert any(t.startswith("Simbología:") for t in texts)
    # prose stays prose: no paragraph hangs from a strategy or a line of action
    assert all(c.kind == "point" for e in estrategias for c in e.children)
    [block] = doc.transitorios()
    assert [t.key for t in block.children] == ["1", "2", "3"]
