"""Search: Spanish analysis, query syntax, both engines on the sample corpus (corpus/), point in
time, citations, grouping, incremental updates through Store.listeners, and index trust."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import approve_for_publication
from hypothesis import example, given
from hypothesis import strategies as st

from implan_regs import publication
from implan_regs.cli import main
from implan_regs.importers import import_path
from implan_regs.importers.text import import_text
from implan_regs.model.tree import DocumentMeta, Publication
from implan_regs.reform import service
from implan_regs.search import SearchOptions, attach, search
from implan_regs.search import query as search_query
from implan_regs.search.analysis import analyze
from implan_regs.search.backend import engines
from implan_regs.search.indexer import UntrustedIndex, index_dir, load_index, open_index
from implan_regs.search.query import QuerySyntaxError, parse
from implan_regs.store import Store

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
RDU = "reglamento-desarrollo-urbano"
ENGINES = [pytest.param(e, marks=pytest.mark.skipif(e not in engines(), reason=f"{e} no instalado"))
           for e in ("whoosh", "tantivy")]
pytestmark = pytest.mark.backends("files", "postgres")


def load_sample(root: Path) -> Store:
    store = Store.init(root)
    manifest = json.loads((CORPUS / "manifest.json").read_text("utf-8"))
    for entry in sorted(manifest, key=lambda e: e["date"]):
        pub = entry.get("publication")
        meta = DocumentMeta(work=entry["work"], kind=entry["kind"], title=entry["title"], date=entry["date"],
                            entry_into_force=entry.get("entry_into_force"), decree=entry.get("decree"),
                            publication=Publication(pub["gazette"], pub["date"], pub["number"]) if pub else None)
        store.save_expression(import_path(CORPUS / entry["file"], meta).document)
    return store


@pytest.fixture(scope="module")
def _samples() -> dict[str, Store]:
    return {}


@pytest.fixture
def sample(module_backend, _samples, tmp_path_factory) -> Store:
    """The sample corpus, imported once per module and backend."""
    if module_backend not in _samples:
        attach()
        _samples[module_backend] = load_sample(tmp_path_factory.mktemp("search") / "acervo")
    return _samples[module_backend]


def write_behind_the_store(store: Store, path: Path, data: str) -> None:
    """Change a stored file the way an edit that bypasses the library does: no history, no listener."""
    if store.backend.kind == "files":
        path.write_text(data, "utf-8")
    else:
        with store.backend.writing() as tx:
            tx.write(path, data)


def find(store: Store, text: str, engine: str, **options) -> list[dict]:
    options.setdefault("per_page", 50)
    return search(store, text, SearchOptions(**options), engine=engine)["results"]


def eids(results: list[dict]) -> list[tuple[str, str]]:
    return [(r["work"], r["eid"]) for r in results]


def articles(results: list[dict]) -> set[tuple[str, str]]:
    return {(r["work"], r["article"]) for r in results}


# --------------------------------------------------------------------------- analysis and syntax

@pytest.mark.parametrize("a, b", [("construcción", "construcciones"), ("construcción", "construccion"),
                                  ("fracción", "fracciones"), ("urbano", "urbanas"), ("año", "años"),
                                  ("densidad", "densidades"), ("uso", "usos"), ("ciudad", "ciudades")])
def test_variants_analyze_alike(a, b):
    assert analyze(a) == analyze(b)


def test_analysis_keeps_numbers_roman_numerals_and_enye():
    assert analyze("año") != analyze("ano")
    assert analyze("Artículo 45 Bis, fracción XXV; CUS: 3.2") == ["articul", "45", "bis", "fraccion", "xxv", "cus", "3.2"]
    assert analyze("el uso del suelo") == analyze("uso de suelo") == ["uso", "suel"]
    assert analyze("Estado") == ["estad"]  # a noun in legal texts, not a stopword


@pytest.mark.parametrize("query, message", [('"uso de suelo', "comillas sin cerrar"),
                                            ("(densidad OR cus", "paréntesis sin cerrar"),
                                            ("densidad)", "paréntesis de cierre"),
                                            ("densidad NOT", "después de NOT")])
def test_malformed_queries_say_what_is_wrong(query, message):
    with pytest.raises(QuerySyntaxError, match=message):
        parse(query)


def test_malformed_query_on_the_command_line_is_one_line_exit_2(sample):
    result = CliRunner().invoke(main, ["--root", str(sample.root), "search", '"uso de suelo'])
    assert result.exit_code == 2
    assert result.output.strip() == 'Error: comillas sin cerrar en la consulta: "uso de suelo'


# --------------------------------------------------------------------------- both engines

@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("variants", [("construcción", "construcciones", "construccion"),
                                      ("fracción", "fracciones"), ("urbano", "urbanas")])
def test_morphological_variants_find_the_same_provisions(sample, engine, variants):
    found = [set(eids(find(sample, v, engine, per_page=200))) for v in variants]
    assert found[0] and all(f == found[0] for f in found)


@pytest.mark.parametrize("engine", ENGINES)
def test_enye_is_not_folded(tmp_path, engine):
    store = Store.init(tmp_path / "a")
    meta = DocumentMeta(work="rp", kind="reglamento", title="Reglamento de Prueba", date="2020-01-01")
    text = "Artículo 1.- El programa anual se revisa cada año.\n\nArtículo 2.- Se prohíbe orinar en la vía pública o exhibir el ano."
    store.save_expression(import_text(text, meta).document)
    assert [r["eid"] for r in find(store, "año", engine)] == ["art_1"]
    assert [r["eid"] for r in find(store, "ano", engine)] == ["art_2"]
    assert [r["eid"] for r in find(store, "años", engine)] == ["art_1"]


@pytest.mark.parametrize("engine", ENGINES)
def test_matches_are_spans_so_guillemets_in_the_text_stay_text(tmp_path, engine):
    from implan_regs.cli.search import _marked
    from implan_regs.web.search import highlight

    store = Store.init(tmp_path / "a")
    meta = DocumentMeta(work="rp", kind="reglamento", title="Reglamento de Prueba", date="2020-01-01")
    text = ("Artículo 1.- Se denomina «Centro Histórico» al polígono <b>antiguo</b> del centro de la ciudad.\n\n"
            "Artículo 2.- Las calles se barren a diario.")
    store.save_expression(import_text(text, meta).document)
    found = search(store, "centro", SearchOptions(), engine=engine)
    (result,) = found["results"]
    assert result["snippet"].startswith("Se denomina «Centro Histórico» al polígono <b>antiguo</b>")
    assert [result["snippet"][a:b] for a, b in result["snippet_marks"]] == ["Centro", "centro"]
    html = str(highlight(result))
    assert "«<mark>Centro</mark> Histórico»" in html and "&lt;b&gt;antiguo&lt;/b&gt;" in html
    assert html.count("<mark>") == 2
    assert "«\x1b[1mCentro\x1b[0m Histórico»" in _marked(result, bold=True)  # on a terminal


@pytest.mark.parametrize("engine", ENGINES)
def test_point_in_time_salario_minimo_became_uma(sample, engine):
    old = find(sample, "salario mínimo", engine, at="2016-01-01")
    assert (RDU, "art_3__point_XXV") in eids(old)
    assert old[0]["version"] == "2015-12-20" and old[0]["in_force"] == ["2015-12-20", "2019-03-16"]
    today = find(sample, "salario mínimo", engine)
    assert all(r["eid"] != "art_3__point_XXV" for r in today)
    assert all(r["version"] == "2019-03-16" for r in today if r["work"] == RDU)
    assert (RDU, "art_3__point_XXV") in eids(find(sample, "UMA", engine))


@pytest.mark.parametrize("engine", ENGINES)
def test_point_in_time_cus_of_zone_cu(sample, engine):
    old = find(sample, '"CUS 3.2"', engine, at="2017-06-01")
    assert old and old[0]["article"] == "art_20" and "3.2" in old[0]["snippet"]
    assert not [r for r in find(sample, '"CUS 3.2"', engine) if r["article"] == "art_20"]
    assert [r["article"] for r in find(sample, '"CUS 4.0"', engine)][:1] == ["art_20"]


@pytest.mark.parametrize("engine", ENGINES)
def test_typo_still_finds_proteccion_civil(sample, engine):
    found = search(sample, "protecion civil", SearchOptions(), engine=engine)
    assert found["corrections"] == {"protecion": ["protección"]}  # the word as the texts write it
    assert found["suggestion"] == "protección civil"
    assert found["results"] and all("Protección Civil".lower() in (r["snippet"] + r["path"]).lower()
                                    .replace("»", "") for r in found["results"][:3])


@pytest.mark.parametrize("engine", ENGINES)
def test_boolean_phrase_prefix_and_filters(sample, engine):
    both = articles(find(sample, '"uso de suelo" AND densidad', engine, per_page=200))
    phrase = articles(find(sample, '"uso de suelo"', engine, per_page=200))
    assert both and both < phrase
    without = articles(find(sample, '"uso de suelo" NOT densidad', engine, per_page=200))
    assert without and without <= phrase and len(without | both) >= len(phrase) - 1
    either = articles(find(sample, "densidad OR estacionamiento", engine, per_page=200))
    assert articles(find(sample, "densidad", engine, per_page=200)) <= either
    assert find(sample, "estacionam*", engine) and eids(find(sample, "estacionam*", engine))[:3] == \
        eids(find(sample, "estacionamiento", engine))[:3]
    ley = find(sample, "instituto", engine, works=["ley-implan"])
    assert ley and {r["work"] for r in ley} == {"ley-implan"}
    assert eids(find(sample, "instituto obra:ley-implan", engine)) == eids(ley)
    fr = find(sample, "zona", engine, levels=["fracción"])
    assert fr and {r["level"] for r in fr} == {"fraccion"}
    assert {r["kind"] for r in find(sample, "centro histórico", engine, kinds=["programa"])} == {"programa"}


@pytest.mark.parametrize("engine", ENGINES)
def test_results_grouped_by_article_with_heading_path_and_pages(sample, engine):
    results = find(sample, "licencia de construcción", engine, per_page=200)
    keys = [(r["work"], r["version"], r["article"]) for r in results]
    assert len(keys) == len(set(keys)) > 10
    art = next(r for r in results if r["article_label"].startswith("Artículo"))
    assert art["path"].startswith("TÍTULO") and art["snippet_marks"]
    assert {art["snippet"][a:b].lower() for a, b in art["snippet_marks"]} <= {"licencia", "licencias", "construcción",
                                                                              "construcciones"}
    page1 = find(sample, "licencia de construcción", engine, per_page=5, page=1)
    page2 = find(sample, "licencia de construcción", engine, per_page=5, page=2)
    assert eids(page1) + eids(page2) == eids(results[:10])


@pytest.mark.parametrize("engine", ENGINES)
def test_citation_queries_resolve_to_the_provision(sample, engine):
    found = search(sample, "art. 20 reglamento de desarrollo urbano", SearchOptions(), engine=engine)
    assert found["citation"] and [(r["work"], r["eid"]) for r in found["results"]] == [(RDU, "art_20")]
    old = find(sample, "artículo 3 fracción XXV del reglamento de desarrollo urbano", engine, at="2016-01-01")
    assert [r["eid"] for r in old] == ["art_3__point_XXV"] and "Salario mínimo" in old[0]["snippet"]
    assert "UMA" in find(sample, "artículo 3 fracción XXV desarrollo urbano", engine)[0]["snippet"]


def test_both_engines_return_the_same_top_results(sample):
    if "tantivy" not in engines():
        pytest.skip("tantivy no instalado")
    for query in ("predios baldíos", "densidad", '"uso de suelo"', "protecion civil",
                  "estacionamiento OR cajones", "junta de gobierno", "patrimonio edificado"):
        whoosh = [(r["work"], r["article"]) for r in find(sample, query, "whoosh")[:5]]
        tantivy = [(r["work"], r["article"]) for r in find(sample, query, "tantivy")[:5]]
        # Same analysis and BM25; only near-ties may swap (the engines encode field lengths differently).
        assert whoosh and whoosh[0] == tantivy[0] and len(set(whoosh) & set(tantivy)) >= min(4, len(whoosh)), query


# --------------------------------------------------------------------------- incremental updates

REG = """Artículo 1.- Las construcciones en predios baldíos requieren licencia.

Artículo 2.- Los cajones de estacionamiento se calculan por vivienda.

Artículo 3.- Son autoridades:
I. El Ayuntamiento;
II. La Dirección de Desarrollo Urbano."""


@pytest.fixture
def small(tmp_path) -> Store:
    attach()
    store = Store.init(tmp_path / "acervo")
    meta = DocumentMeta(work="rp", kind="reglamento", title="Reglamento de Prueba", date="2015-01-01")
    store.save_expression(import_text(REG, meta).document)
    return store


def same_as_whoosh_matchers(index, text: str, options: SearchOptions, *, relax: bool = False) -> list:
    """The vectorized whoosh search (numpy over whoosh's postings) against whoosh's own
    matchers scoring every match: same hits in the same order, same scores."""
    node, fields = parse(text)
    compiled = search_query.compile_query(index, node, relax=relax)
    filters, excludes = search_query._filters(index, search_query._with_fields(options, fields))
    fast = index.backend.search(compiled.query, filters=filters, excludes=excludes, limit=60)
    native = index.backend.search_native(compiled.query, filters=filters, excludes=excludes, limit=60)
    assert [h.id for h in fast] == [h.id for h in native], text
    assert [h.score for h in fast] == pytest.approx([h.score for h in native], rel=1e-9, abs=1e-12), text
    return fast


@pytest.mark.parametrize("text, at", [("densidad", None), ('"uso de suelo"', None), ("licencia de construcción", None),
                                      ('"uso de suelo" NOT densidad', None), ("estacionam*", None),
                                      ("protecion civil", None), ("licencia~2 OR vivienda", None),
                                      ("densidad OR estacionamiento", "2017-06-01"), ("NOT densidad obra:ley-implan", None),
                                      ('"salario mínimo" nivel:fraccion', "2016-01-01"), ("zona -(centro OR histórico)", None)])
def test_whoosh_vectorized_search_equals_whoosh_matchers(sample, text, at):
    assert same_as_whoosh_matchers(open_index(sample, "whoosh"), text, SearchOptions(at=at))


@pytest.mark.parametrize("text", ["licencia de construcción en predios baldíos", "protecion civil zona centro",
                                  '"uso de suelo" densidad habitacional -comercial', "cabildo basura multa"])
def test_relaxed_queries_equal_whoosh_matchers(sample, text):
    """Minimum-should-match (AtLeast) and coordination bonuses (Const) score alike in both paths."""
    assert same_as_whoosh_matchers(open_index(sample, "whoosh"), text, SearchOptions(), relax=True)


def test_whoosh_vectorized_search_after_incremental_updates(small):
    find(small, "licencia", "whoosh")
    meta = DocumentMeta(work="rp", kind="reglamento", title="Reglamento de Prueba", date="2015-01-01")
    small.save_expression(import_text(REG.replace("baldíos", "abandonados"), meta).document, replace=True)
    service.new_proposal(small, "rp", "reforma", "Reforma de cajones")
    service.operate(small, "reforma", "reformar", citation="artículo 2", text="Los cajones para bicicletas.")
    index = load_index(small.root, "whoosh")
    searcher = index.backend._get_searcher()
    assert len(searcher.leaf_searchers()) > 1 or searcher.reader().has_deletions()
    for text in ("predios", "cajones", "licencia OR autoridades", '"desarrollo urbano"', "NOT cajones"):
        same_as_whoosh_matchers(index, text, SearchOptions(include_proposals=True))
    assert [h.id for h in same_as_whoosh_matchers(index, "baldíos", SearchOptions())] == []


@pytest.mark.parametrize("engine", ENGINES)
def test_proposal_edits_and_publish_reach_the_next_search(small, engine):
    assert find(small, "bicicletas", engine, include_proposals=True) == []  # builds the index
    service.new_proposal(small, "rp", "reforma", "Reforma de cajones")
    service.operate(small, "reforma", "reformar", citation="artículo 2",
                    text="Los cajones para bicicletas se calculan por vivienda.")
    draft = find(small, "bicicletas", engine, include_proposals=True)
    assert [(r["doctype"], r["eid"], r["proposal"]) for r in draft] == [("propuesta", "art_2", "reforma")]
    assert find(small, "bicicletas", engine) == []  # proposals only on request
    assert not load_index(small.root, engine).is_stale(small)
    approve_for_publication(small, "reforma", "2020-01-01")
    publication.publish(small, "reforma", "2020-01-01", in_force="2020-01-01")
    now = find(small, "bicicletas", engine, include_proposals=True)
    assert [(r["doctype"], r["version"], r["eid"]) for r in now] == [("vigente", "2020-01-01", "art_2")]
    assert find(small, "bicicletas", engine, at="2019-06-01") == []
    assert [r["version"] for r in find(small, "cajones", engine, at="2019-06-01")] == ["2015-01-01"]


@pytest.mark.parametrize("engine", ENGINES)
def test_import_replace_never_leaves_a_stale_provision(small, engine):
    assert find(small, "baldíos", engine)
    meta = DocumentMeta(work="rp", kind="reglamento", title="Reglamento de Prueba", date="2015-01-01")
    small.save_expression(import_text(REG.replace("baldíos", "abandonados"), meta).document, replace=True)
    index = load_index(small.root, engine)
    assert not index.is_stale(small)
    assert find(small, "baldíos", engine) == []
    assert [r["eid"] for r in find(small, "predios abandonados", engine)] == ["art_1"]


@pytest.mark.parametrize("engine", ENGINES)
def test_changes_behind_our_back_are_noticed_and_synced(small, engine):
    find(small, "licencia", engine)
    path = small.expression_path("rp", "2015-01-01")
    data = small.read_bytes(path).decode("utf-8").replace("baldíos", "ociosos")
    write_behind_the_store(small, path, data)  # an edit that bypassed the store (no listener ran)
    assert load_index(small.root, engine).status(small)["stale"]
    assert [r["eid"] for r in find(small, "predios ociosos", engine)] == ["art_1"]
    assert not load_index(small.root, engine).status(small)["stale"]


def test_observation_answers_are_searchable(small):
    from implan_regs import observations

    service.new_proposal(small, "rp", "reforma", "Reforma")
    obs = observations.add(small, "reforma", observations.NewObservation(
        "artículo 3 fracción II", "Dirección General de Obras Públicas", "Precisar la denominación de la dependencia.",
        "2021-05-03"))
    found = find(small, "denominación dependencia", "whoosh", include_observations=True)
    assert [(r["doctype"], r["id"], r["article"]) for r in found] == [("observacion", obs.id, "art_3")]
    assert find(small, "denominación dependencia", "whoosh") == []
    observations.answer(small, obs.id, "justificada", response="La Ley Orgánica usa esa denominación vigente.")
    answered = find(small, "ley orgánica", "whoosh", include_observations=True)
    assert [(r["id"], r["status"]) for r in answered] == [(obs.id, "justificada")]


# --------------------------------------------------------------------------- trust and status

def test_a_foreign_index_folder_is_never_opened(small, tmp_path):
    find(small, "licencia", "whoosh")
    folder = index_dir(small.root, "whoosh")
    marker = tmp_path / "pwned"
    evil = b"cos\nsystem\n(S'touch " + str(marker).encode() + b"'\ntR."
    for toc in folder.glob("data/*.toc"):
        toc.write_bytes(evil)
    with pytest.raises(UntrustedIndex):
        load_index(small.root, "whoosh")
    assert [r["eid"] for r in find(small, "licencia", "whoosh")] == ["art_1"]  # rebuilt, not opened
    assert not marker.exists()
    elsewhere = tmp_path / "otro"
    shutil.copytree(folder, elsewhere / ".index" / "whoosh")
    other = Store.init(elsewhere)
    with pytest.raises(UntrustedIndex, match="firma"):
        load_index(other.root, "whoosh")


def test_index_commands(small):
    runner = CliRunner()
    root = ["--root", str(small.root)]
    assert "no existe" in runner.invoke(main, root + ["index", "status"]).output
    rebuilt = runner.invoke(main, root + ["index", "rebuild", "--json"])
    assert rebuilt.exit_code == 0 and json.loads(rebuilt.output)["documents"] == 8
    status = json.loads(runner.invoke(main, root + ["index", "status", "--engine", "whoosh", "--json"]).output)
    assert status["stale"] is False and status["units"]["vigente"] == 1
    out = runner.invoke(main, root + ["search", "cajones", "--json"])
    assert json.loads(out.output)["results"][0]["eid"] == "art_2"
    text = runner.invoke(main, root + ["search", "dirección de desarrollo urbano"]).output
    assert "rp @2015-01-01 — Fracción II del artículo 3" in text  # citable, as decrees write it


def test_first_search_builds_the_index(small):
    assert not (index_dir(small.root, "whoosh") / "manifest.json").exists()
    index = open_index(small, "whoosh")
    assert index.doc_count() == 8 and not index.is_stale(small)


def test_first_search_after_one_large_import_shows_progress_inside_it(tmp_path):
    """Issue 22 item 8: one regulation is one unit; the build reports progress while indexing it
    (in bytes of source), not only 0 % and then 100 %."""
    from synthetic import generate_regulation

    store = _one_article_store(tmp_path / "a", generate_regulation(400, seed=5))
    seen: list[tuple[int, int]] = []
    open_index(store, "whoosh", progress=lambda done, total: seen.append((done, total)))
    totals = {total for _, total in seen}
    assert len(totals) == 1 and seen[-1][0] == seen[-1][1]
    assert any(0 < done < total for done, total in seen)  # moved while indexing the one unit
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_a_torn_or_garbled_key_file_is_replaced_not_a_traceback(tmp_path):
    from implan_regs.search.indexer import KEY_FILE, corpus_key

    (tmp_path / KEY_FILE).write_text("")  # torn by a crash between create and write
    key = corpus_key(tmp_path)
    assert len(key) == 32 and corpus_key(tmp_path) == key
    (tmp_path / KEY_FILE).write_text("no es hexadecimal\n")
    assert len(corpus_key(tmp_path)) == 32
    assert (tmp_path / KEY_FILE).stat().st_mode & 0o077 == 0  # readable by its owner only


# --------------------------------------------------------------------------- issue 16 and 22

def _one_article_store(root: Path, text: str) -> Store:
    attach()
    store = Store.init(root)
    meta = DocumentMeta(work="rp", kind="reglamento", title="Reglamento de Prueba", date="2020-01-01")
    store.save_expression(import_text(text, meta).document)
    return store


@pytest.mark.parametrize("engine", ENGINES)
def test_relaxed_query_ranks_the_article_matching_more_words_first(tmp_path, engine):
    store = _one_article_store(tmp_path / "a", (
        "Artículo 1.- Los propietarios de predios baldíos deberán bardearlos.\n"
        "Artículo 2.- Los propietarios de vehículos deberán verificarlos.\n"
        "Artículo 3.- El Ayuntamiento fijará las cuotas.\n"))
    found = search(store, "obligaciones de los propietarios de lotes baldíos", SearchOptions(), engine=engine)
    assert [r["article"] for r in found["results"]] == ["art_1", "art_2"]  # no strict AND: art_1 still first
    assert found["results"][0]["matched"] > found["results"][1]["matched"]
    strict = search(store, "propietarios AND lotes AND obligaciones", SearchOptions(), engine=engine)
    assert strict["results"] == []  # an explicit AND stays strict


@pytest.mark.parametrize("engine", ENGINES)
def test_synonyms_apply_at_query_time_and_the_corpus_list_replaces_the_shipped_one(tmp_path, engine):
    store = _one_article_store(tmp_path / "a", (
        "Artículo 1.- Se prohíbe arrojar residuos en la vía pública.\n"
        "Artículo 2.- El Cabildo sesionará cada mes.\n"))
    assert [r["article"] for r in find(store, "basura", engine)] == ["art_1"]
    assert [r["article"] for r in find(store, "ayuntamiento", engine)] == ["art_2"]
    with store.locked():
        store.stage(store.root / "sinonimos.txt", "# propia del Instituto\nbasura, desperdicio\n")
    assert find(store, "basura", engine) == []  # the institute's list replaces the shipped one
    with store.locked():
        store.stage(store.root / "sinonimos.txt", "basura, residuos\n")
    assert [r["article"] for r in find(store, "basura", engine)] == ["art_1"]


@pytest.mark.parametrize("engine", ENGINES)
def test_fraccion_matches_through_its_chapeau_and_is_labelled_as_cited(tmp_path, engine):
    store = _one_article_store(tmp_path / "a", (
        "Artículo 22.- Son atribuciones del Instituto:\n"
        "I. Elaborar el programa anual;\n"
        "II. Proponer la zonificación secundaria.\n"
        "Artículo 23.- La zonificación se publicará.\n"))
    found = find(store, "atribuciones del instituto sobre zonificación", engine)
    assert found[0]["article"] == "art_22" and found[0]["label"] == "Fracción II del artículo 22"
    assert found[0]["article_label"] == "Artículo 22"


@pytest.mark.parametrize("engine", ENGINES)
def test_every_unknown_word_is_corrected_by_edit_distance(sample, engine):
    found = search(sample, "estacionamento", SearchOptions(), engine=engine)  # one letter missing
    assert found["corrections"] == {"estacionamento": ["estacionamiento"]}
    assert found["suggestion"] == "estacionamiento" and found["results"]
    licencia = search(sample, "licensia de construccion", SearchOptions(), engine=engine)
    assert licencia["suggestion"] == "licencia de construccion" and licencia["results"]


def test_cli_and_web_say_quiso_decir(sample):
    out = CliRunner().invoke(main, ["--root", str(sample.root), "search", "estacionamento"])
    assert out.exit_code == 0 and out.output.startswith("¿Quiso decir «estacionamiento»?")


@pytest.mark.parametrize("engine", ENGINES)
def test_when_half_the_words_find_nothing_any_of_them_do(sample, engine):
    """No two of "multas", "tirar", "basura" and "predios baldíos" meet in one provision of the
    sample corpus: the query still finds the provisions with any of them."""
    assert find(sample, "multas AND tirar AND basura AND baldíos", engine) == []
    found = find(sample, "multas por tirar basura en predios baldíos", engine)
    assert any("baldío" in r["snippet"].lower() for r in found)
    assert any("multa" in r["snippet"].lower() or "sanci" in r["snippet"].lower() for r in found)


_WORDS = st.sampled_from(["centro", "Centro", "histórico", "«zona»", "<b>", "&amp;", "uso_mixto", "año", "\ue000",
                          "licencia", "construcción", "—", "“cita”", "3.5", "»", "«"])


@given(st.lists(_WORDS, min_size=1, max_size=60), st.sets(st.sampled_from(["centr", "licenci", "histor", "zon"])))
def test_snippet_spans_mark_only_query_words_and_keep_the_text(words, terms):
    from implan_regs.search.analysis import normalize_word

    source = " ".join(words)
    text, marks = search_query.snippet(source, terms, width=12)
    body = text.removeprefix("… ").removesuffix(" …")
    assert body in " ".join(source.replace("\ue000", "").split())
    assert all(0 <= a < b <= len(text) for a, b in marks) and marks == sorted(marks)
    assert all(normalize_word(text[a:b]) in terms for a, b in marks)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_query_of_known_words_reads_no_word_list(sample, engine, monkeypatch):
    """Whether a word is in the texts is asked to the engine's term dictionary: the term list
    and the word list are read only to correct a word the texts do not have (issue 16)."""
    from implan_regs.search import indexer

    open_index(sample, engine)  # built or updated beforehand
    read = []
    original = indexer._SortedList.items
    monkeypatch.setattr(indexer._SortedList, "items", lambda self: read.append(self.path.name) or original(self))
    index = load_index(sample.root, engine)
    found = search_query.search(sample, index, "licencia de construcción en predios baldíos")
    assert found["results"] and not found["suggestion"] and read == []
    typo = search_query.search(sample, index, "estacionamento")
    assert typo["suggestion"] and set(read) <= {"words.txt"}  # the word list (maybe cached already)


def _whoosh_folded_stemmer():
    """The stemmer indexes were built with before search.stemmer: whoosh's Snowball Spanish with
    its suffix lists folded (through whoosh's private class attributes: test code only)."""
    from whoosh.lang.snowball.spanish import SpanishStemmer

    from implan_regs.model.numbers import fold

    class Folded(SpanishStemmer):
        pass

    for name in ("step0", "step1", "step2a", "step2b", "step3"):
        attr = f"_SpanishStemmer__{name}_suffixes"
        setattr(Folded, attr, tuple(dict.fromkeys(fold(s) for s in getattr(SpanishStemmer, attr))))
    return Folded()


_REFERENCE_STEMMER = _whoosh_folded_stemmer()


def test_our_stemmer_stems_every_word_of_the_real_texts_as_before():
    """search.stemmer replaces whoosh's (reached through its private attributes): the same stem
    for every word of the real texts, folded or not, singular or plural."""
    import re

    from conftest import SHARED_CORPUS

    from implan_regs.model.numbers import fold
    from implan_regs.search.analysis import singular
    from implan_regs.search.stemmer import stem

    if not SHARED_CORPUS.is_dir():
        pytest.skip("real texts not available")
    words = set()
    for path in [*SHARED_CORPUS.glob("*.txt"), *SHARED_CORPUS.glob("*.rst")]:
        words.update(re.findall(r"[^\W\d_]+", path.read_text("utf-8", errors="replace")))
    forms = {f for w in words for f in (w.lower(), fold(w), singular(fold(w)))}
    assert len(forms) > 10_000
    assert [w for w in sorted(forms) if stem(w) != _REFERENCE_STEMMER.stem(w)] == []


@given(st.text(alphabet="aeiouáéíóúüñbcdgjlmnrstvyz", min_size=1, max_size=14))
@example("euóo")  # two vowels that are not a substring of the vowel list: Snowball's RV quirk kept
def test_our_stemmer_equals_the_reference_on_any_word(word):
    from implan_regs.search.stemmer import stem

    assert stem(word) == _REFERENCE_STEMMER.stem(word)


@pytest.mark.parametrize("engine", ENGINES)
def test_threads_of_one_process_search_one_open_index_safely(sample, engine):
    # The web serves from several threads sharing the index a process opened: whoosh reads stored
    # documents through one file handle per searcher (zlib errors, HTTP 500, when two threads used it).
    from concurrent.futures import ThreadPoolExecutor

    queries = ["estacionamiento para bicicletas", "salario mínimo", "protección civil", "uso de suelo",
               "licencia de construcción", "multas por tirar basura"]
    expected = {q: eids(find(sample, q, engine)) for q in queries}
    with ThreadPoolExecutor(max_workers=8) as pool:
        seen = list(pool.map(lambda q: (q, eids(find(sample, q, engine))), queries * 25))
    assert all(found == expected[q] for q, found in seen)
