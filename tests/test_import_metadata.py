"""`implan-regs import` without --work/--title/--date: metadata read from the document; a folder
(or several files) imported in one command with a summary table; --manifest; one bad file does
not stop the others."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from implan_regs.cli import main
from implan_regs.importers import import_path
from implan_regs.importers.metadata import infer_metadata, spanish_dates, title_case, work_id_from_title
from implan_regs.model.tree import DocumentMeta
from implan_regs.store import Store

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
PDFS = sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else []


def need_corpus() -> None:
    if not PDFS:
        pytest.skip(f"no está el corpus compartido ({CORPUS})")


def cli(root: Path, *args: str):
    return CliRunner().invoke(main, ["--root", str(root), *args])


@pytest.fixture
def root(tmp_path: Path) -> Path:
    path = tmp_path / "acervo"
    assert cli(path, "init").exit_code == 0
    return path


def inferred(name: str):
    path = CORPUS / name
    doc = import_path(path, DocumentMeta(work="x", kind="reglamento", title="")).document
    return infer_metadata(doc, path)


# --------------------------------------------------------------------- what the documents say

@pytest.mark.parametrize(("name", "work", "title", "date", "work_date"), [
    ("torreon-reglamento-movilidad-urbana.pdf", "reglamento-movilidad-urbana", "Reglamento de Movilidad Urbana",
     "2014-11-01", "2014-11-01"),  # «entrará en vigor el 1 de noviembre del año 2014»
    ("torreon-reglamento-limpieza@abrogado-1991.txt", "reglamento-limpieza", "Reglamento de Limpieza",
     "1991-07-31", "1991-07-31"),  # «Aprobado en Sesión de Cabildo el día 31 de Julio de 1991»
    ("torreon-decreto-creacion-implan-iniciativa.txt", None, None, "2014-01-01", "2014-01-01"),  # «primero de Enero»
    ("torreon-reglamento-interior-r-ayuntamiento.txt", "reglamento-interior-republicano-ayuntamiento",
     "Reglamento Interior del Republicano Ayuntamiento", "2014-01-01", "2014-01-01"),  # title from the preamble
    ("mx-lgahotdu.txt", None, None, "2024-04-01", "2016-11-28"),  # «Última reforma publicada DOF 01-04-2024»
])
def test_metadata_read_from_real_texts(name, work, title, date, work_date) -> None:
    need_corpus()
    found = inferred(name)
    assert (found.date, found.work_date) == (date, work_date)
    if work:
        assert (found.work, found.title) == (work, title)
    assert not found.guesses


def test_a_pdf_that_states_no_date_takes_its_creation_date_as_a_guess() -> None:
    need_corpus()
    found = inferred("torreon-reglamento-limpieza@vigente.pdf")
    assert found.title == "Reglamento de Limpieza para el Municipio de Torreón"
    assert found.date == "2016-10-06" and found.date_source == "fecha de creación del PDF"
    assert found.guesses and "--date" in found.guesses[0]


def test_spanish_dates_titles_and_ids() -> None:
    assert spanish_dates("el día 27 de abril de 2004 y el 1o. de julio del año 2010; P.O. 12-05-2016") == [
        "2004-04-27", "2010-07-01", "2016-05-12"]
    assert spanish_dates("el 31 de febrero de 2020") == []
    assert title_case("REGLAMENTO DE LIMPIEZA PARA EL MUNICIPIO DE TORREÓN") == \
        "Reglamento de Limpieza para el Municipio de Torreón"
    assert title_case("Reglamento de Tránsito") == "Reglamento de Tránsito"
    assert work_id_from_title("Ley General de Asentamientos Humanos, Ordenamiento Territorial y Desarrollo "
                              "Urbano") == "ley-general-asentamientos-humanos-ordenamiento-territorial-desarrollo"


# --------------------------------------------------------------------- the command

def test_a_folder_of_real_pdfs_imports_in_one_command(tmp_path: Path, root: Path) -> None:
    need_corpus()
    folder = tmp_path / "pdfs"
    folder.mkdir()
    for pdf in PDFS:
        os.symlink(pdf, folder / pdf.name)
    result = cli(root, "import", str(folder), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["failed"] == 0 and report["imported"] == len(PDFS)
    store = Store.open(root)
    titles = {info.work: info.title for info in store.works()}
    assert titles["reglamento-movilidad-urbana"] == "Reglamento de Movilidad Urbana"
    assert titles["reglamento-limpieza"] == "Reglamento de Limpieza"
    assert titles["reglamento-limpieza-municipio-torreon"] == "Reglamento de Limpieza para el Municipio de Torreón"
    rows = {Path(o["file"]).name: o for o in report["files"]}
    assert rows["torreon-reglamento-movilidad-urbana.pdf"]["articles"] == 179
    assert rows["torreon-reglamento-movilidad-urbana.pdf"]["date"] == "2014-11-01"
    assert [e.date for e in store.expressions("reglamento-movilidad-urbana")] == ["2014-11-01"]


def test_summary_table_and_one_bad_file_does_not_stop_the_others(tmp_path: Path, root: Path) -> None:
    folder = tmp_path / "mezcla"
    folder.mkdir()
    (folder / "roto.pdf").write_bytes(b"%PDF-1.4 esto no es un PDF")
    (folder / "bueno.txt").write_text("REGLAMENTO DE PARQUES\n\nAprobado en Sesión de Cabildo el día 3 de marzo de "
                                      "2020.\n\nArtículo 1.- Objeto.\n\nArtículo 2.- Ámbito.\n", encoding="utf-8")
    (folder / "notas.csv").write_text("no se importa\n", encoding="utf-8")
    result = cli(root, "import", str(folder))
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["archivo", "obra", "fecha", "artículos", "advertencias", "resultado"]
    good = next(line for line in lines if line.startswith("bueno.txt"))
    assert good.split()[:5] == ["bueno.txt", "reglamento-parques", "2020-03-03", "2", "0"]
    bad = next(line for line in lines if line.startswith("roto.pdf"))
    assert "error: el PDF está dañado" in bad
    assert "1 archivo importado, 1 con error." in result.output
    assert Store.open(root).work("reglamento-parques").title == "Reglamento de Parques"


def test_manifest_gives_metadata_per_file(tmp_path: Path, root: Path) -> None:
    folder = tmp_path / "con-manifiesto"
    folder.mkdir()
    (folder / "a.txt").write_text("Artículo 1.- Objeto.\n\nArtículo 2.- Ámbito.\n", encoding="utf-8")
    (folder / "b.txt").write_text("REGLAMENTO DE MERCADOS\n\nArtículo 1.- Texto.\n", encoding="utf-8")
    manifest = tmp_path / "manifiesto.csv"
    manifest.write_text("archivo,obra,titulo,fecha\na.txt,reglamento-a,Reglamento A,2019-01-02\n"
                        "b.txt,,,2018-05-06\n", encoding="utf-8")
    result = cli(root, "import", str(folder), "--manifest", str(manifest), "--json")
    assert result.exit_code == 0, result.output
    store = Store.open(root)
    assert store.work("reglamento-a").title == "Reglamento A"
    assert [e.date for e in store.expressions("reglamento-a")] == ["2019-01-02"]
    assert store.work("reglamento-mercados").title == "Reglamento de Mercados"  # the rest from the document
    assert [e.date for e in store.expressions("reglamento-mercados")] == ["2018-05-06"]


def test_manifest_refuses_an_unknown_kind(tmp_path: Path, root: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("REGLAMENTO DE MERCADOS\n\nArtículo 1.- Texto.\n", encoding="utf-8")
    manifest = tmp_path / "manifiesto.csv"
    manifest.write_text("archivo,tipo,fecha\na.txt,foo,2018-05-06\n", encoding="utf-8")
    result = cli(root, "import", str(path), "--manifest", str(manifest))
    assert result.exit_code == 2 and "tipo de documento desconocido «foo»" in result.output, result.output
    assert "Traceback" not in result.output and not Store.open(root).works()


def test_a_manifest_not_in_utf8_is_refused_in_spanish(tmp_path: Path, root: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("REGLAMENTO DE MERCADOS\n\nArtículo 1.- Texto.\n", encoding="utf-8")
    manifest = tmp_path / "manifiesto.csv"
    manifest.write_bytes("archivo,titulo\na.txt,Reglamento de Señales\n".encode("cp1252"))
    result = cli(root, "import", str(path), "--manifest", str(manifest))
    assert result.exit_code == 2 and "el manifiesto no está en UTF-8" in result.output, result.output
    assert "codec" not in result.output and not Store.open(root).works()


def test_a_folder_holding_the_acervo_does_not_import_its_stored_files(tmp_path: Path) -> None:
    folder = tmp_path / "proyecto"
    folder.mkdir()
    (folder / "a.txt").write_text("REGLAMENTO DE MERCADOS\n\nArtículo 1.- Texto.\n", encoding="utf-8")
    acervo = folder / "acervo"
    assert cli(acervo, "init", "--jurisdiction", "mx").exit_code == 0
    assert cli(acervo, "import", str(folder), "--date", "2020-01-01").exit_code == 0
    again = cli(acervo, "import", str(folder), "--date", "2020-01-02", "--json")
    assert again.exit_code == 0, again.output
    assert [Path(f["file"]).name for f in json.loads(again.output)["files"]] == ["a.txt"]


def test_single_file_without_title_or_date(tmp_path: Path, root: Path) -> None:
    need_corpus()
    result = cli(root, "import", str(CORPUS / "torreon-reglamento-movilidad-urbana.txt"))
    assert result.exit_code == 0, result.output
    assert "Tomado del documento: título «Reglamento de Movilidad Urbana»" in result.output
    assert "fecha 2014-11-01 (entrada en vigor que fija el primer transitorio)" in result.output
    assert Store.open(root).work("reglamento-movilidad-urbana").title == "Reglamento de Movilidad Urbana"


def test_without_a_date_the_error_says_how_to_give_it(tmp_path: Path, root: Path) -> None:
    path = tmp_path / "sin-fecha.txt"
    path.write_text("REGLAMENTO DE PANTEONES\n\nArtículo 1.- Objeto.\n", encoding="utf-8")
    result = cli(root, "import", str(path))
    assert result.exit_code == 2
    assert "indíquela con --date AAAA-MM-DD" in result.output and "Traceback" not in result.output
    assert not Store.open(root).works()
    ok = cli(root, "import", str(path), "--date", "2021-02-03")
    assert ok.exit_code == 0, ok.output
    assert Store.open(root).work("reglamento-panteones").title == "Reglamento de Panteones"


def test_without_a_heading_the_error_asks_for_the_title(tmp_path: Path, root: Path) -> None:
    path = tmp_path / "sin-titulo.txt"
    path.write_text("Artículo 1.- Objeto.\n", encoding="utf-8")
    result = cli(root, "import", str(path), "--work", "reglamento-x", "--date", "2020-01-01")
    assert result.exit_code == 2 and "indíquelo con --title" in result.output


def test_work_and_title_are_for_one_file(tmp_path: Path, root: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    for p in (a, b):
        p.write_text("Artículo 1.- Objeto.\n", encoding="utf-8")
    result = cli(root, "import", str(a), str(b), "--work", "x")
    assert result.exit_code == 2 and "--manifest" in result.output


def test_our_own_akn_keeps_its_work_title_and_date(tmp_path: Path, root: Path) -> None:
    """Re-importing an exported version with no option: the file names its work, title and date."""
    source = tmp_path / "parques.txt"
    source.write_text("REGLAMENTO DE PARQUES\n\nArtículo 1.- Objeto.\n", encoding="utf-8")
    assert cli(root, "import", str(source), "--work", "parques-torreon", "--date", "2020-01-01").exit_code == 0
    exported = cli(root, "show", "parques-torreon", "--format", "xml")
    xml = tmp_path / "parques.akn.xml"
    xml.write_text(exported.output, encoding="utf-8")
    other = tmp_path / "otro-acervo"
    assert cli(other, "init").exit_code == 0
    result = cli(other, "import", str(xml))
    assert result.exit_code == 0, result.output
    store = Store.open(other)
    assert store.work("parques-torreon").title == "Reglamento de Parques"
    assert [e.date for e in store.expressions("parques-torreon")] == ["2020-01-01"]


# --------------------------------------------------------------------- properties

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from implan_regs.model.dates import MONTHS  # noqa: E402

MONTH_NAMES = dict(enumerate(MONTHS, 1))


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=__import__("datetime").date(1900, 1, 1)), st.sampled_from(["de", "del", "del año"]),
       st.booleans())
def test_every_written_date_reads_back(day, joiner, capital) -> None:
    month = MONTH_NAMES[day.month].capitalize() if capital else MONTH_NAMES[day.month]
    written = f"entrará en vigor el {day.day} de {month} {joiner} {day.year}."
    assert spanish_dates(written) == [day.isoformat()]
    assert spanish_dates(f"P.O. {day.day:02d}-{day.month:02d}-{day.year}") == [day.isoformat()]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["REGLAMENTO", "DE", "LA", "MOVILIDAD", "URBANA", "PARA", "EL", "MUNICIPIO",
                                 "TORREÓN", "(IMPLAN)", "DESARROLLO"]), min_size=1, max_size=12))
def test_title_case_is_stable_and_the_id_is_a_valid_slug(words) -> None:
    from implan_regs.model.uri import check_work_id

    title = title_case(" ".join(words))
    assert title_case(title) == title
    check_work_id(work_id_from_title(title))
