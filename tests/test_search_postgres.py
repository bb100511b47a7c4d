"""The ``postgres`` search engine (issue 15 item 2): the provisions table the PostgreSQL store keeps
in the same transaction as every write, Spanish analysis (unaccent + Snowball, our plural rule,
function words and legal exceptions), point in time in SQL, ranking compared with whoosh's."""

from __future__ import annotations

import json
import statistics

import pytest
from click.testing import CliRunner
from test_search import RDU, find, load_sample
from test_search_real import JUDGED, SHARED

from implan_regs.cli import main
from implan_regs.importers import import_path
from implan_regs.importers.text import import_text
from implan_regs.model.tree import DocumentMeta
from implan_regs.search import SearchOptions, search
from implan_regs.store import Store, pgindex

pytestmark = pytest.mark.backends("postgres")

TEXT = """Artículo 1.- Las construcciones en predios baldíos requieren licencia.

Artículo 2.- El programa anual se revisa cada año.

Artículo 3.- Se prohíbe exhibir el ano en la vía pública.

Artículo 4.- Son autoridades:
I. El Ayuntamiento;
II. La Dirección de Desarrollo Urbano, con un CUS de 3.2 en 1,500 metros.

Artículo 4 Bis.- Los trámites tardan tres meses; el plazo es de un mes en el Centro Histórico.

Artículo 5.- Las personas con discapacidad tienen preferencia en los cruces peatonales, conforme a la
fracción XXV del artículo 3 de la Ley."""


def _store(root) -> Store:
    store = Store.init(root)
    meta = DocumentMeta(work="rp", kind="reglamento", title="Reglamento de Prueba", date="2020-01-01")
    store.save_expression(import_text(TEXT, meta).document)
    return store


def labels(store: Store, query: str, **options) -> list[str]:
    return [r["label"] for r in search(store, query, SearchOptions(**options), engine="postgres")["results"]]


def test_the_rows_follow_the_write_with_no_index_to_build(tmp_path):
    store = _store(tmp_path / "acervo")
    status = pgindex.status(store.backend)
    assert status["exists"] and not status["stale"] and status["versions"] == 1 and status["documents"] >= 10
    assert labels(store, "predios baldíos") == ["Artículo 1"]
    assert not (store.root / ".index").exists()  # nothing built on disk: the rows came with the import


@pytest.mark.parametrize("a, b", [("construcción", "construccion"), ("construcción", "CONSTRUCCIONES"),
                                  ("predio baldío", "predios baldios"), ("año", "años"), ("mes", "meses"),
                                  ("Dirección", "direcciones")])
def test_accents_case_and_plurals_find_the_same_provisions(tmp_path, a, b):
    store = _store(tmp_path / "acervo")
    assert labels(store, a) and labels(store, a) == labels(store, b)


def test_enye_is_not_folded_nor_function_words_searched(tmp_path):
    store = _store(tmp_path / "acervo")
    assert labels(store, "año") == ["Artículo 2"]
    assert labels(store, "ano") == ["Artículo 3"]
    assert labels(store, "de la en") == []  # only function words: nothing to search


def test_legal_exceptions_roman_numerals_bis_and_numbers(tmp_path):
    store = _store(tmp_path / "acervo")
    assert labels(store, "XXV") == ["Artículo 5"]  # a Roman numeral is neither stemmed nor dropped
    assert labels(store, "bis") == []  # "Bis" is in the article's number, not in its words
    assert labels(store, "3.2") == ["Fracción II del artículo 4"] == labels(store, '"CUS 3.2"')
    assert labels(store, "1,500") == ["Fracción II del artículo 4"]
    assert labels(store, "500") == []  # a number is matched whole, not "500" of "1,500"
    found = search(store, "artículo 4 bis", SearchOptions(), engine="postgres")
    assert found["citation"] and [r["eid"] for r in found["results"]] == ["art_4bis"]
    assert labels(store, '"centro histórico" tres meses') == ["Artículo 4 Bis"]


def test_operators_prefix_and_filters(tmp_path):
    store = _store(tmp_path / "acervo")
    assert labels(store, "licencia OR preferencia") == ["Artículo 1", "Artículo 5"]
    assert labels(store, "construcciones AND discapacidad") == []
    assert labels(store, "autoridades -ayuntamiento") == ["Párrafo primero del artículo 4"]
    assert labels(store, "constru*") == ["Artículo 1"]
    assert labels(store, "autoridades", levels=["fracción"]) == ["Fracción I del artículo 4"]
    assert labels(store, "licencia", works=["otra"]) == []


def test_a_failed_write_leaves_no_index_row(tmp_path):
    store = _store(tmp_path / "acervo")
    meta = DocumentMeta(work="rp", kind="reglamento", title="Reglamento de Prueba", date="2021-01-01")
    doc = import_text(TEXT.replace("baldíos", "abandonados"), meta).document
    with pytest.raises(RuntimeError, match="a mitad"), store.locked():
        store.write_expression_locked(doc)
        raise RuntimeError("falla a mitad de la escritura")
    assert not store.is_file(store.expression_path("rp", "2021-01-01"))
    assert store.backend.query("SELECT count(*) FROM {schema}.search_provisions WHERE version = %s",
                               ("2021-01-01",)) == [(0,)]
    assert labels(store, "abandonados") == []
    store.save_expression(doc)  # the same write, committed: its rows come with it
    assert labels(store, "abandonados") == ["Artículo 1"]
    assert pgindex.status(store.backend)["versions"] == 2


def test_a_replaced_version_leaves_no_stale_row_and_rebuild_gives_the_same_rows(tmp_path):
    store = _store(tmp_path / "acervo")
    meta = DocumentMeta(work="rp", kind="reglamento", title="Reglamento de Prueba", date="2020-01-01")
    store.save_expression(import_text(TEXT.replace("baldíos", "ociosos"), meta).document, replace=True)
    assert labels(store, "baldíos") == [] and labels(store, "predios ociosos") == ["Artículo 1"]
    before = store.backend.query("SELECT eid, tsv::text FROM {schema}.search_provisions ORDER BY ord")
    out = CliRunner().invoke(main, ["--root", str(store.root), "index", "rebuild", "--engine", "postgres", "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["documents"] == len(before)
    assert store.backend.query("SELECT eid, tsv::text FROM {schema}.search_provisions ORDER BY ord") == before


def test_a_migrated_store_is_searchable_at_once(tmp_path):
    """migrate copies a file store's rows through the same commit hooks: the provisions come with them."""
    from implan_regs.store.migrate import migrate_from_files

    files = Store.init(tmp_path / "archivos", backend="files")
    meta = DocumentMeta(work="rp", kind="reglamento", title="Reglamento de Prueba", date="2020-01-01")
    files.save_expression(import_text(TEXT, meta).document)
    store = Store.init(tmp_path / "acervo")
    migrate_from_files(files.root, store.backend)
    assert labels(store, "predios baldíos") == ["Artículo 1"]
    assert pgindex.status(store.backend)["stale"] is False


def test_index_status_says_which_versions_are_behind(tmp_path):
    store = _store(tmp_path / "acervo")
    runner = CliRunner()
    status = json.loads(runner.invoke(main, ["--root", str(store.root), "index", "status", "--engine", "postgres",
                                             "--json"]).output)
    assert status["engine"] == "postgres" and status["stale"] is False and status["versions"] == 1
    store.backend.query("DELETE FROM {schema}.search_versions")  # rows lost behind the store's back
    text = runner.invoke(main, ["--root", str(store.root), "index", "status", "--engine", "postgres"]).output
    assert "DESACTUALIZADO en 1 versión" in text and "index rebuild --engine postgres" in text
    checked = runner.invoke(main, ["--root", str(store.root), "check"])
    assert checked.exit_code == 0 and "índice de búsqueda postgres desactualizado en 1 versión" in checked.output
    repaired = runner.invoke(main, ["--root", str(store.root), "check", "--repair"])
    assert repaired.exit_code == 0 and "índice de búsqueda (postgres)" in repaired.output, repaired.output
    assert pgindex.status(store.backend)["stale"] is False and labels(store, "predios") == ["Artículo 1"]


def test_the_engine_configured_for_the_process_is_the_default(tmp_path, monkeypatch):
    """The web calls search() without an engine: IMPLAN_REGS_SEARCH_ENGINE chooses it."""
    from test_web import login
    from web_support import ACCOUNTS

    from implan_regs.accounts.users import add_user
    from implan_regs.web import create_app

    store = _store(tmp_path / "acervo")
    monkeypatch.setenv("IMPLAN_REGS_SEARCH_ENGINE", "postgres")
    assert [r["label"] for r in search(store, "predios")["results"]] == ["Artículo 1"]
    role, name, department, password = ACCOUNTS["lector"]
    add_user(store, "lector", password=password, role=role, name=name, department=department, author="prueba")
    page = login(create_app(store.root, testing=True), "lector").get("/buscar?q=predios+baldios")
    assert page.status_code == 200 and "Artículo 1" in page.get_data(as_text=True)
    out = CliRunner().invoke(main, ["--root", str(store.root), "search", "predios", "--json"])
    assert json.loads(out.output)["results"][0]["label"] == "Artículo 1"
    assert not (store.root / ".index").exists()  # no whoosh index was built by any of them


@pytest.mark.backends("files")  # the engine's refusal of a store kept in files
def test_the_postgres_engine_on_a_file_store_is_a_clear_error(tmp_path):
    store = Store.init(tmp_path / "acervo")
    out = CliRunner().invoke(main, ["--root", str(store.root), "search", "licencia", "--engine", "postgres"])
    assert out.exit_code == 2
    assert out.output.strip().startswith("Error: ") and "necesita un acervo en PostgreSQL" in out.output
    assert len(out.output.strip().splitlines()) == 1


# --------------------------------------------------------------------------- against whoosh

@pytest.fixture(scope="module")
def _stores() -> dict[str, Store]:
    return {}


def _named(name: str, build) -> Store:
    """A store of its own name (schema) in the module's database, built by ``build()``."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IMPLAN_REGS_STORE", name)
        return build()


@pytest.fixture
def sample(module_backend, _stores, tmp_path_factory) -> Store:
    if "sample" not in _stores:
        _stores["sample"] = _named("muestra", lambda: load_sample(tmp_path_factory.mktemp("muestra") / "acervo"))
    return _stores["sample"]


@pytest.fixture
def real(module_backend, _stores, tmp_path_factory) -> Store:
    if not SHARED.is_dir():
        pytest.skip(f"real texts not available: {SHARED} is absent")
    if "real" not in _stores:
        store = _named("real", lambda: Store.init(tmp_path_factory.mktemp("real") / "acervo"))
        for file, work, kind, title, date in JUDGED["works"]:
            store.save_expression(import_path(SHARED / file, DocumentMeta(work=work, kind=kind, title=title,
                                                                             date=date)).document)
        _stores["real"] = store
    return _stores["real"]


def test_point_in_time_salario_minimo_became_uma(sample):
    old = find(sample, "salario mínimo", "postgres", at="2016-01-01")
    assert (RDU, "art_3__point_XXV") in [(r["work"], r["eid"]) for r in old]
    assert old[0]["version"] == "2015-12-20" and old[0]["in_force"] == ["2015-12-20", "2019-03-16"]
    today = find(sample, "salario mínimo", "postgres")
    assert all(r["eid"] != "art_3__point_XXV" for r in today)
    assert all(r["version"] == "2019-03-16" and r["in_force"] == ["2019-03-16", "9999-12-31"]
               for r in today if r["work"] == RDU)
    assert find(sample, "UMA", "postgres", at="2016-01-01") == []  # not yet in force
    assert find(sample, "salario mínimo", "postgres", at="1990-01-01") == []  # nothing in force yet


def test_point_in_time_cus_of_zone_cu(sample):
    old = find(sample, '"CUS 3.2"', "postgres", at="2017-06-01")
    assert old and old[0]["article"] == "art_20" and "3.2" in old[0]["snippet"]
    assert not [r for r in find(sample, '"CUS 3.2"', "postgres") if r["article"] == "art_20"]
    assert [r["article"] for r in find(sample, '"CUS 4.0"', "postgres")][:1] == ["art_20"]


def test_a_misspelt_word_is_corrected_as_whoosh_corrects_it(sample):
    for engine in ("whoosh", "postgres"):
        found = search(sample, "protecion civil", SearchOptions(), engine=engine)
        assert found["corrections"] == {"protecion": ["protección"]} and found["suggestion"] == "protección civil"
        assert found["results"][0]["matched"] == 2  # both words, the corrected one included
    typo = search(sample, "licensia de construccion", SearchOptions(), engine="postgres")
    assert typo["suggestion"] == "licencia de construccion" and typo["results"]


def test_top_results_equal_whoosh_on_the_sample_corpus(sample):
    """The queries the whoosh/tantivy comparison uses (and two more): the same first article and
    most of the first five, but for the two whose first articles are within a few percent of each
    other in whoosh ("predios baldíos": 5.5 and 5.0; '"uso de suelo"': 7.8, 7.9 and 5.8) and for
    "protecion civil", where ts_rank puts whoosh's second article first (whoosh's first is second)."""
    whoosh = [(r["work"], r["article"]) for r in find(sample, "protecion civil", "whoosh")[:5]]
    postgres = [(r["work"], r["article"]) for r in find(sample, "protecion civil", "postgres")[:5]]
    assert whoosh[:2] == postgres[:2][::-1] and len(set(whoosh) & set(postgres)) >= 4
    for query in ("densidad", "estacionamiento OR cajones", "junta de gobierno",
                  "patrimonio edificado", "licencia de construcción", "salario mínimo"):
        whoosh = [(r["work"], r["article"]) for r in find(sample, query, "whoosh")[:5]]
        postgres = [(r["work"], r["article"]) for r in find(sample, query, "postgres")[:5]]
        assert whoosh and whoosh[0] == postgres[0] and len(set(whoosh) & set(postgres)) >= 4, query


def test_judged_queries_recall_mrr_and_agreement_with_whoosh(real):
    recalls, rrs, same = [], [], 0
    for item in JUDGED["queries"]:
        ranked = [(r["work"], r["article"]) for r in find(real, item["query"], "postgres", per_page=10)]
        whoosh = [(r["work"], r["article"]) for r in find(real, item["query"], "whoosh", per_page=10)]
        relevant = {tuple(r) for r in item["relevant"]}
        recalls.append(sum(1 for r in ranked if r in relevant) / min(len(relevant), 10))
        rank = next((i for i, r in enumerate(ranked, 1) if r in relevant), None)
        rrs.append(1 / rank if rank else 0)
        same += ranked[:1] == whoosh[:1]
    assert statistics.mean(recalls) >= 0.75 and statistics.mean(rrs) >= 0.8
    assert same >= 0.6 * len(JUDGED["queries"])


def test_proposals_and_observations_are_refused_with_a_pointer_to_the_other_engines(tmp_path):
    store = Store.init(tmp_path / "acervo")
    runner = CliRunner()
    for flag in ("--include-proposals", "--include-observations"):
        done = runner.invoke(main, ["--root", str(store.root), "search", "estacionamiento", "--engine", "postgres", flag])
        assert done.exit_code == 2
        assert "busca solo en los textos vigentes" in done.output and "--engine whoosh" in done.output
