"""A decree provably produces its draft: generate it, read it back, apply it to the base, compare.

Real texts of ../shared/corpus throughout: the Constitution pair, random reforms of every real
regulation (hypothesis), a decree written by hand in municipal style, and the real amending
instrument of the Reglamento Interior (arts. 38 and 48, with its dash leaders).
"""

from __future__ import annotations

import copy
import json
import random

import pytest
from click.testing import CliRunner
from conftest import SHARED_CORPUS, snapshot
from decree_ops import apply_random
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from implan_regs.cli import main
from implan_regs.importers import import_path
from implan_regs.model.tree import DocumentMeta, Provision
from implan_regs.reform.decree import build_decree
from implan_regs.reform.decree_apply import apply_decree
from implan_regs.reform.decree_reader import read_decree
from implan_regs.reform.model import Proposal
from implan_regs.reform.verify import compare_documents, verify_text
from implan_regs.store import Store

REGULATIONS = {
    "movilidad": ("torreon-reglamento-movilidad-urbana.txt", "Reglamento de Movilidad Urbana del Municipio de Torreón"),
    "interior": ("torreon-reglamento-interior-r-ayuntamiento.txt", "Reglamento Interior del R. Ayuntamiento"),
    "constancias": ("torreon-reglamento-constancias-permisos-licencias-acciones-urbanas.txt",
                    "Reglamento de Constancias, Permisos y Licencias"),
    "limpieza": ("torreon-reglamento-limpieza@vigente.txt", "Reglamento de Limpieza"),
    "implan": ("torreon-decreto-creacion-implan-iniciativa.txt", "Decreto de creación del IMPLAN"),
    "lgahotdu": ("mx-lgahotdu.md", "Ley General de Asentamientos Humanos"),
}


def _require_corpus():
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"real texts not available: {SHARED_CORPUS} is absent")


@pytest.fixture(scope="module")
def regulations():
    _require_corpus()
    out = {}
    for work, (name, title) in REGULATIONS.items():
        kind = "ley" if work == "lgahotdu" else "reglamento"
        meta = DocumentMeta(work=work, kind=kind, title=title, date="2020-01-01")
        out[work] = import_path(SHARED_CORPUS / name, meta).document
    return out


def _verified(base, draft, proposal=None):
    decree = build_decree(base, draft, proposal=proposal)
    return decree, verify_text(base, draft, decree.text())


# ------------------------------------------------------------------ the Constitution pair

def test_constitution_decree_reads_back_to_the_published_text():
    _require_corpus()
    title = "Constitución Política de los Estados Unidos Mexicanos"

    def load(name, date):
        meta = DocumentMeta(work="cpeum", kind="constitucion", title=title, date=date, jurisdiction="mx")
        return import_path(SHARED_CORPUS / name, meta).document

    old, new = load("cpeum@6e5fd21.rst", "2024-12-19"), load("cpeum@1b95a6d.rst", "2024-12-21")
    decree, result = _verified(old, new)
    assert result.ok, ([d.describe() for d in result.differences[:5]], [str(p) for p in result.problems[:5]])
    assert all(o.applied for o in result.applied.outcomes)
    text = decree.text()
    assert "Diario Oficial de la Federación" in text  # the federal gazette, never the state's
    assert "Artículo 6o. …" in text  # heading as the text writes it, ordinal kept
    assert "\n\nI. y II. …\n\n" in text or "I. a " in text


# ------------------------------------------------------------------ random reforms of every real regulation

@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(work=st.sampled_from(sorted(REGULATIONS)), seed=st.integers(0, 2 ** 32 - 1), count=st.integers(1, 7))
def test_every_random_reform_decree_verifies(regulations, work, seed, count):
    """amend / add article (Bis) / add párrafo in the middle / repeal fracción / repeal article /
    move with and without a new number / rewrite an article, in random sequences."""
    base = regulations[work]
    draft = copy.deepcopy(base)
    operations = apply_random(draft, random.Random(seed), count)
    proposal = Proposal("p", work, base.meta.date, "prueba", operations=operations)
    decree, result = _verified(base, draft, proposal)
    if decree.expide:  # a restructure is expedited whole; it must read back too
        assert result.ok
        return
    assert result.ok, ([(o.type, o.citation, o.position) for o in operations],
                       [d.describe() for d in result.differences[:5]], [str(p) for p in result.problems[:5]])


def test_sample_reform_of_the_embedded_corpus_verifies():
    from test_decree import _load

    old = _load("reglamento-desarrollo-urbano@2015-12-20.txt", "2015-12-20")
    new = _load("reglamento-desarrollo-urbano@2019-03-16.txt", "2019-03-16")
    _, result = _verified(old, new)
    assert result.ok, [d.describe() for d in result.differences[:5]]


def test_a_forgotten_provision_shows_up_as_a_difference(regulations):
    """What the generator leaves out is caught: drop one article of the body and verify fails."""
    base = regulations["movilidad"]
    draft = copy.deepcopy(base)
    article = next(a for a in draft.articles() if a.key == "5")
    article.children[0].text = "Texto reformado del artículo quinto."
    decree = build_decree(base, draft)
    text = decree.text()
    assert "Artículo 5.- Texto reformado del artículo quinto." in text
    tampered = text.replace("Artículo 5.- Texto reformado del artículo quinto.", "")
    result = verify_text(base, draft, tampered)
    assert not result.ok
    assert any(d.eid == "art_5__para_1" for d in result.differences) or result.problems


# ------------------------------------------------------------------ decrees written by hand

MUNICIPAL = """REFORMA AL REGLAMENTO DE MOVILIDAD URBANA DEL MUNICIPIO DE TORREÓN

El Republicano Ayuntamiento de Torreón, en sesión ordinaria de Cabildo, ha tenido a bien aprobar la siguiente:

ARTÍCULO ÚNICO.- Se REFORMAN el artículo 5 y la fracción II del artículo 4; se ADICIONA una fracción IX al
artículo 6; y se DEROGA la fracción VIII del artículo 6 del Reglamento de Movilidad Urbana del Municipio de
Torreón, para quedar como sigue:

Artículo 4.- - - - - - - - - - - - - - - - -
I. - - - - - - - - - -
II. La cortesía, la precaución y el respeto a los peatones en la conducción de los vehículos
motorizados y no motorizados;
III. a V. - - - - - - - - - -

Artículo 5.- Las disposiciones de este Reglamento se aplicarán en todas las vías públicas del Municipio de Torreón.

Artículo 6.- - - - - - - - - - - - - - -
I. a VII. - - - - - - - - - - - -
VIII. Se deroga.
IX. El personal de la Dirección de Movilidad Urbana en funciones de inspección.
- - - - - - - - - - - - - - -

TRANSITORIOS

PRIMERO.- La presente reforma entrará en vigor al día siguiente de su publicación en el Periódico Oficial del Estado.

SEGUNDO.- Se derogan las disposiciones que se opongan a la presente reforma.
"""


def _article(doc, key) -> Provision:
    return next(a for a in doc.articles() if a.key == key)


def test_a_municipal_decree_written_by_hand_gives_exactly_the_expected_text(regulations):
    base = regulations["movilidad"]
    applied = apply_decree(base, read_decree(MUNICIPAL))
    assert applied.ok, [str(p) for p in applied.problems]
    doc = applied.document
    expected = copy.deepcopy(base)
    art4, art5, art6 = (_article(expected, k) for k in ("4", "5", "6"))
    art4.children[2].text = ("La cortesía, la precaución y el respeto a los peatones en la conducción de los "
                             "vehículos motorizados y no motorizados;")
    art5.children = [Provision("paragraph", text="Las disposiciones de este Reglamento se aplicarán en todas las "
                                                 "vías públicas del Municipio de Torreón.")]
    viii = next(c for c in art6.children if c.key == "VIII")
    viii.text, viii.derogated = "Se deroga.", True
    index = art6.children.index(viii)
    art6.children.insert(index + 1, Provision("point", num="IX.", key="IX", level="fraccion",
                                              text="El personal de la Dirección de Movilidad Urbana en funciones "
                                                   "de inspección."))
    from implan_regs.model.eid import assign_eids

    assign_eids(expected.body)
    assert compare_documents(expected, doc) == []
    assert read_decree(MUNICIPAL).transitorios[1] == "Se derogan las disposiciones que se opongan a la presente reforma."


@pytest.mark.parametrize("source", ["txt", "pdf"])
def test_the_real_instrument_of_arts_38_and_48_consolidates_into_the_text_in_force(source):
    """The published instrument (dash leaders, 'a) al f)' renaming fracciones I–VI, new incisos g)–i))
    applied to the text as it stood before gives the consolidated text the municipality publishes."""
    _require_corpus()
    meta = DocumentMeta(work="interior", kind="reglamento", title="Reglamento Interior del R. Ayuntamiento")
    after = import_path(SHARED_CORPUS / "torreon-reglamento-interior-r-ayuntamiento.txt", meta).document
    before = copy.deepcopy(after)
    art38, art48 = _article(before, "38"), _article(before, "48")
    numeral10 = next(c for c in art38.children if c.key == "10")
    numeral10.text = "Juventud y Deporte"
    art48.children[0].text = "La Comisión de Juventud y Deporte tiene las atribuciones siguientes:"
    points = [c for c in art48.children if c.kind == "point"]
    for index, point in enumerate(points[:6]):
        roman = ["I", "II", "III", "IV", "V", "VI"][index]
        point.level, point.key, point.num = "fraccion", roman, f"{roman}."
    for point in points[6:]:
        art48.children.remove(point)
    from implan_regs.reform.consolidation import decree_source_text

    text = decree_source_text(SHARED_CORPUS / f"torreon-reforma-reglamento-interior-r-ayuntamiento-arts38-48.{source}")
    read = read_decree(text)
    assert read.title.startswith("REFORMA AL REGLAMENTO INTERIOR")
    applied = apply_decree(before, read)
    assert applied.ok, [str(p) for p in applied.problems]
    assert compare_documents(after, applied.document) == []


# ------------------------------------------------------------------ the command line

@pytest.fixture
def store(tmp_path):
    _require_corpus()
    root = tmp_path / "acervo"
    run = CliRunner().invoke
    assert run(main, ["--root", str(root), "init"]).exit_code == 0
    result = run(main, ["--root", str(root), "import", str(SHARED_CORPUS / "torreon-reglamento-movilidad-urbana.txt"),
                        "--work", "movilidad", "--kind", "reglamento", "--date", "2014-11-01",
                        "--title", "Reglamento de Movilidad Urbana del Municipio de Torreón"])
    assert result.exit_code == 0, result.output
    return root


#: The tests below go through a store (the CLI's): they run on both backends.
on_both_backends = pytest.mark.backends("files", "postgres")


def _cli(root, *args):
    return CliRunner().invoke(main, ["--root", str(root), *args])


@on_both_backends
def test_from_decree_creates_the_proposal_and_its_decree_verifies(store, tmp_path):
    source = tmp_path / "decreto.txt"
    source.write_text(MUNICIPAL, encoding="utf-8")
    result = _cli(store, "proposal", "from-decree", "movilidad@2014-11-01", str(source), "--id", "reforma-cabildo",
                  "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert [(i["verbo"], i["eId"], i["resultado"]) for i in report["instrucciones"]] == [
        ("REFORMA", "art_5", "aplicada"), ("REFORMA", "art_4__point_II", "aplicada"),
        ("ADICIONA", "art_6__point_IX", "aplicada"), ("DEROGA", "art_6__point_VIII", "aplicada")]
    shown = _cli(store, "proposal", "show", "reforma-cabildo", "--provision", "fracción IX del artículo 6")
    assert "El personal de la Dirección de Movilidad Urbana" in shown.output
    verified = _cli(store, "proposal", "verify-decree", "reforma-cabildo")
    assert verified.exit_code == 0, verified.output
    decree = _cli(store, "proposal", "decree", "reforma-cabildo").output
    assert decree.startswith("REFORMA AL REGLAMENTO DE MOVILIDAD URBANA")
    assert "SEGUNDO.- Se derogan las disposiciones que se opongan a la presente reforma." in decree


@on_both_backends
def test_a_decree_naming_a_missing_provision_is_refused_and_nothing_is_stored(store, tmp_path):
    source = tmp_path / "decreto.txt"
    source.write_text(MUNICIPAL.replace("fracción IX al\nartículo 6;", "fracción IX al\nartículo 6; se REFORMA la "
                                        "fracción XII del artículo 4;"), encoding="utf-8")
    before = snapshot(Store.open(store))
    result = _cli(store, "proposal", "from-decree", "movilidad@2014-11-01", str(source), "--id", "reforma-mala")
    assert result.exit_code == 2
    assert "línea 5" in result.output and "fracción XII" in result.output
    assert "Traceback" not in result.output
    assert snapshot(Store.open(store)) == before


@on_both_backends
def test_a_moved_article_appears_in_the_decree_and_publish_verifies(store):
    assert _cli(store, "proposal", "new", "movilidad@2014-11-01", "--id", "mueve", "--title", "Reubicación").exit_code == 0
    moved = _cli(store, "proposal", "move", "mueve", "artículo 46", "--after", "artículo 50", "--number", "50 Bis")
    assert moved.exit_code == 0, moved.output
    decree = _cli(store, "proposal", "decree", "mueve").output
    assert "se RECORRE el artículo 46 para pasar a ser el artículo 50 Bis" in decree.replace("Se RECORRE", "se RECORRE")
    assert _cli(store, "proposal", "verify-decree", "mueve").exit_code == 0
    for step in (["status", "mueve", "en revisión"],
                 ["dictamen", "mueve", "--commission", "Comisión de Movilidad", "--date", "2019-12-20"],
                 ["approve", "mueve", "--session", "Sesión ordinaria", "--date", "2019-12-27", "--acta", "8",
                  "--votes", "18-0-0"]):
        assert _cli(store, "proposal", *step).exit_code == 0, step
    published = _cli(store, "proposal", "publish", "mueve", "--date", "2020-01-01")
    assert published.exit_code == 0, published.output


@on_both_backends
def test_publish_refuses_a_decree_that_does_not_produce_the_draft(store, tmp_path):
    """A redraft that drops an article without derogating it: no decree can produce that text."""
    text = _cli(store, "show", "movilidad").output
    start = text.index("Artículo 7.-")
    end = text.index("Artículo 8.-")
    redraft = tmp_path / "redraft.txt"
    redraft.write_text(text[:start] + text[end:], encoding="utf-8")
    assert _cli(store, "proposal", "new", "movilidad@2014-11-01", "--id", "sin7", "--title", "Sin 7").exit_code == 0
    assert _cli(store, "proposal", "import", "sin7", str(redraft)).exit_code == 0
    verified = _cli(store, "proposal", "verify-decree", "sin7", "--json")
    assert verified.exit_code == 1
    assert any(d["eId"].startswith("art_7") for d in json.loads(verified.output)["diferencias"])
    for step in (["status", "sin7", "en revisión"],
                 ["dictamen", "sin7", "--commission", "Comisión de Movilidad", "--date", "2019-12-20"],
                 ["approve", "sin7", "--session", "Sesión ordinaria", "--date", "2019-12-27", "--acta", "8",
                  "--votes", "18-0-0"]):
        assert _cli(store, "proposal", *step).exit_code == 0, step
    refused = _cli(store, "proposal", "publish", "sin7", "--date", "2020-01-01")
    assert refused.exit_code == 2 and "art_7" in refused.output
    forced = _cli(store, "proposal", "publish", "sin7", "--date", "2020-01-01", "--force", "--reason",
                  "El Cabildo aprobó el texto íntegro")
    assert forced.exit_code == 0, forced.output
    history = _cli(store, "history", "--json").output
    assert "El Cabildo aprobó el texto íntegro" in history


@on_both_backends
def test_a_bis_article_is_amended_with_plain_text_or_its_own_heading(store):
    """Issue 22 item 3: 'ART. 122-BIS.-' in the source; plain text and that heading both work, and
    the decree writes the heading out ('Artículo 122 Bis.-')."""
    assert _cli(store, "proposal", "new", "movilidad@2014-11-01", "--id", "bis", "--title", "Bis").exit_code == 0
    plain = _cli(store, "proposal", "amend", "bis", "artículo 122 Bis", "--text", "Texto nuevo del artículo.")
    assert plain.exit_code == 0, plain.output
    own = _cli(store, "proposal", "amend", "bis", "artículo 122 Bis", "--text",
               "ART. 122-BIS.- Los vehículos participantes en un accidente podrán ser asegurados.")
    assert own.exit_code == 0, own.output
    other = _cli(store, "proposal", "amend", "bis", "artículo 24", "--text", "Artículo 25.- Otro texto.")
    assert other.exit_code == 2 and "corresponde al artículo 25" in other.output
    decree = _cli(store, "proposal", "decree", "bis").output
    assert "Artículo 122 Bis.- Los vehículos participantes en un accidente podrán ser asegurados." in decree
    assert "ART. 122-BIS" not in decree
    assert _cli(store, "proposal", "verify-decree", "bis").exit_code == 0


@on_both_backends
def test_correspondence_orders_additions_marks_vacant_numbers_and_filters_changes(store):
    assert _cli(store, "proposal", "new", "movilidad@2014-11-01", "--id", "tabla", "--title", "T").exit_code == 0
    assert _cli(store, "proposal", "move", "tabla", "artículo 46", "--after", "artículo 50",
                "--number", "50 Bis").exit_code == 0
    assert _cli(store, "proposal", "add", "tabla", "--after", "artículo 10", "--text",
                "Las bicicletas tienen preferencia en las ciclovías.").exit_code == 0
    rows = json.loads(_cli(store, "proposal", "correspondence", "tabla", "--json").output)
    numbers = [(r["old"], r["new"]) for r in rows]
    assert numbers.index(("10", "10")) + 1 == numbers.index((None, "10 Bis"))  # added right after art. 10
    moved = next(r for r in rows if r["old"] == "46")
    assert moved["new"] == "50 Bis" and moved["vacant"]
    changes = json.loads(_cli(store, "proposal", "correspondence", "tabla", "--changes-only", "--json").output)
    assert {(r["old"], r["new"]) for r in changes} == {("46", "50 Bis"), (None, "10 Bis")}
    text = _cli(store, "proposal", "correspondence", "tabla", "--changes-only").output
    assert "el número queda vacante" in text


@on_both_backends
def test_from_decree_reads_a_word_document(store, tmp_path):
    import docx

    document = docx.Document()
    for block in MUNICIPAL.split("\n\n"):
        document.add_paragraph(" ".join(block.split("\n")) if not block.startswith("Artículo") else block)
    source = tmp_path / "decreto.docx"
    document.save(str(source))
    result = _cli(store, "proposal", "from-decree", "movilidad@2014-11-01", str(source), "--id", "desde-word")
    assert result.exit_code == 0, result.output
    assert _cli(store, "proposal", "verify-decree", "desde-word").exit_code == 0


@pytest.mark.parametrize("pair", ["limpieza", "cpeum"])
def test_our_word_decree_reads_back_to_the_draft(regulations, tmp_path, pair):
    """The decree exported to DOCX and read back from the DOCX applies to the base and gives the
    draft: a fracción's own párrafos (Limpieza) keep their fracción through Word's styles."""
    from implan_regs.export.decree import build
    from implan_regs.reform.consolidation import decree_source_text

    _require_corpus()
    if pair == "limpieza":
        meta = DocumentMeta(work="limpieza", kind="reglamento", title="Reglamento de Limpieza", date="1991-01-01")
        old = import_path(SHARED_CORPUS / "torreon-reglamento-limpieza@abrogado-1991.txt", meta).document
        new = regulations["limpieza"]
    else:
        def load(name, date):
            meta = DocumentMeta(work="cpeum", kind="constitucion", date=date, jurisdiction="mx",
                                title="Constitución Política de los Estados Unidos Mexicanos")
            return import_path(SHARED_CORPUS / name, meta).document
        old, new = load("cpeum@6e5fd21.rst", "2024-12-19"), load("cpeum@1b95a6d.rst", "2024-12-21")
    decree = build_decree(old, new)
    source = tmp_path / "decreto.docx"
    source.write_bytes(build(decree, decree.title))
    result = verify_text(old, new, decree_source_text(source))
    assert result.ok, [d.describe() for d in result.differences[:5]]
    assert not result.problems


def test_an_added_chapter_with_its_name_is_read_inside_its_title():
    from implan_regs.reform.instructions import parse_sentence

    sentence = ("ARTÍCULO ÚNICO.- Se ADICIONAN un Capítulo III, denominado «DE LA ACCESIBILIDAD UNIVERSAL», al "
                "Título Cuarto y los artículos 52 Bis y 52 Ter del Reglamento de Desarrollo Urbano, para quedar "
                "como sigue:")
    read = [(i.verb.value, i.target.container, i.target.within, i.target.article) for i in parse_sentence(sentence)]
    assert read == [("ADICIONA", ("chapter", "3"), (("title", "4"),), None),
                    ("ADICIONA", None, (), "52bis"), ("ADICIONA", None, (), "52ter")]


@on_both_backends
def test_decree_is_written_to_a_file_like_every_export(store, tmp_path):
    assert _cli(store, "proposal", "new", "movilidad@2014-11-01", "--id", "salida", "--title", "S").exit_code == 0
    assert _cli(store, "proposal", "repeal", "salida", "fracción II del artículo 4").exit_code == 0
    target = tmp_path / "decreto.txt"
    assert _cli(store, "proposal", "decree", "salida", "-o", str(target)).exit_code == 0
    assert "se DEROGA la fracción II del artículo 4" in target.read_text("utf-8").replace("Se DEROGA", "se DEROGA")
    again = _cli(store, "proposal", "decree", "salida", "-o", str(target))
    assert again.exit_code == 2 and "ya existe" in again.output
    missing = _cli(store, "proposal", "decree", "salida", "-o", str(tmp_path / "no" / "decreto.txt"))
    assert missing.exit_code == 2 and "no existe" in missing.output and not (tmp_path / "no").exists()


def test_a_replacement_is_expedited_and_reads_back(regulations):
    """The real Reglamento de Limpieza that abrogated the 1991 one: 'se expide' the whole text, which
    reads back as it was imported (a fracción's own párrafos stay under it: they are indented)."""
    meta = DocumentMeta(work="limpieza", kind="reglamento", title="Reglamento de Limpieza", date="1991-01-01")
    old = import_path(SHARED_CORPUS / "torreon-reglamento-limpieza@abrogado-1991.txt", meta).document
    decree, result = _verified(old, regulations["limpieza"])
    assert decree.expide and "Se abroga el Reglamento de Limpieza" in decree.text()
    assert result.ok, [d.describe() for d in result.differences[:5]]
