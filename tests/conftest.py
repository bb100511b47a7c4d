"""Shared fixtures: the real texts in ../shared/corpus and small hand-built documents."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

from implan_regs.model.tree import Document, DocumentMeta, Provision, Publication, Table

PROJECT = Path(__file__).resolve().parents[1]
SHARED_CORPUS = PROJECT.parent / "shared" / "corpus"
# Test and benchmark data that is no part of the package (scripts/synthetic.py: generated regulations).
sys.path.insert(0, str(PROJECT / "scripts"))


def pytest_configure(config):
    config.addinivalue_line("markers", "backends(*names): run each test once per store backend named "
                                       "('files', 'postgres'); see tests/pg_support.py")


def pytest_generate_tests(metafunc):
    marker = metafunc.definition.get_closest_marker("backends")
    if marker is not None and "store_backend" in metafunc.fixturenames:
        metafunc.parametrize("store_backend", list(marker.args), indirect=True)


@pytest.fixture(scope="session")
def pg_cluster():
    """The session's throwaway PostgreSQL server (started on first use, stopped at the end)."""
    from pg_support import Cluster

    cluster = Cluster()
    yield cluster
    from implan_regs.store.postgres import close_all

    close_all()
    cluster.stop()


@pytest.fixture(autouse=True)
def store_backend(request, monkeypatch):
    """The store backend of this test: 'files' unless its module runs on both (see pg_support).
    For 'postgres', every store the test creates or opens (in process or in a CLI subprocess)
    lives in a fresh database of the session's cluster."""
    name = getattr(request, "param", "files")
    if name == "files":
        monkeypatch.delenv("IMPLAN_REGS_DATABASE_URL", raising=False)
        yield name
        return
    cluster = request.getfixturevalue("pg_cluster")
    url = cluster.new_database()
    monkeypatch.setenv("IMPLAN_REGS_DATABASE_URL", url)
    monkeypatch.delenv("IMPLAN_REGS_STORE", raising=False)
    yield name
    from implan_regs.store.postgres import close_all

    close_all()
    cluster.drop_database(url)


@pytest.fixture(scope="module")
def _module_databases():
    """The databases of one module's shared stores (see :func:`module_backend`), dropped at its end."""
    urls: dict = {}  # module_backend adds "url" and "cluster" (the session's, to drop it)
    yield urls
    if urls:
        from implan_regs.store.postgres import close_all

        close_all()
        urls["cluster"].drop_database(urls["url"])


@pytest.fixture
def module_backend(request, store_backend, monkeypatch, _module_databases) -> str:
    """This test's backend, for a store a module builds once per backend (a module-scoped dict
    keyed by this name): on 'postgres' the test then works in one database that lives as long as
    the module, so that the shared store, and every CLI run on its root, find their rows."""
    if store_backend == "postgres":
        if "url" not in _module_databases:
            cluster = request.getfixturevalue("pg_cluster")
            _module_databases.update(url=cluster.new_database(), cluster=cluster)
        monkeypatch.setenv("IMPLAN_REGS_DATABASE_URL", _module_databases["url"])
    return store_backend


@pytest.fixture
def shared_corpus() -> Path:
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"real texts not available: {SHARED_CORPUS} is absent")
    return SHARED_CORPUS


def snapshot(where) -> dict[str, str]:
    """Every file under the folder ``where`` with its hash: compare before/after to prove nothing
    was written. Given a Store, what it stores on its backend: on PostgreSQL every row of its
    files and its history (``history.jsonl``: the hash of its lines)."""
    backend = getattr(where, "backend", None)
    if backend is not None and backend.kind != "files":
        rows = backend.query("SELECT path, encode(sha256(data), 'hex') FROM {schema}.files ORDER BY path")
        history = hashlib.sha256("\n".join(backend.history_lines()).encode("utf-8")).hexdigest()
        return {**dict(rows), "history.jsonl": history}
    root = Path(where.root if backend is not None else where)
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != ".lock"}


def P(kind: str, **kw) -> Provision:  # noqa: N802 - short builder for readable fixtures
    return Provision(kind, **kw)


def sample_document(date: str = "2015-12-20", *, art2_text: str = "Las autoridades aplican este Reglamento.",
                    work: str = "reglamento-prueba") -> Document:
    """A small regulation with every shape: títulos, capítulos, fracciones, incisos, Bis, table."""
    definitions = P("article", num="Artículo 3.-", key="3", children=[
        P("paragraph", text="Para los efectos de este Reglamento se entenderá por:"),
        P("point", num="I.", key="I", level="fraccion", text="Alineamiento: la traza sobre el terreno;"),
        P("point", num="II.", key="II", level="fraccion", text="Densidad: número de viviendas por hectárea:",
          children=[P("point", num="a)", key="a", level="inciso", text="bruta;"),
                    P("point", num="b)", key="b", level="inciso", text="neta.")]),
        P("point", num="III.", key="III", level="fraccion", text="Se deroga.", derogated=True),
        P("paragraph", text="Las definiciones se aplican en singular o plural."),
    ])
    chapter1 = P("chapter", num="CAPÍTULO I", key="1", heading="OBJETO", children=[
        P("article", num="Artículo 1.-", key="1", children=[P("paragraph", text="Este Reglamento es de orden público.")]),
        P("article", num="Artículo 2.-", key="2", children=[P("paragraph", text=art2_text)]),
        definitions,
    ])
    chapter2 = P("chapter", num="CAPÍTULO II", key="2", heading="ESTACIONAMIENTOS", children=[
        P("article", num="Artículo 4.-", key="4", notes=["(REFORMADO, P.O. 15 DE MARZO DE 2019)"], children=[
            P("paragraph", text="Los cajones de estacionamiento se calculan conforme a la tabla siguiente:"),
            P("paragraph", table=Table([["Uso", "Cajones"], ["Vivienda", "1 por vivienda"]])),
        ]),
        P("article", num="Artículo 4 Bis.-", key="4bis", children=[P("paragraph", text="Cajones para bicicletas.")]),
        P("article", num="Artículo 5.-", key="5", derogated=True, children=[P("paragraph", text="Se deroga.")]),
    ])
    title = P("title", num="TÍTULO PRIMERO", key="1", heading="DISPOSICIONES GENERALES",
              children=[chapter1, chapter2])
    transitorios = P("transitorios", heading="TRANSITORIOS", children=[
        P("transitional", num="PRIMERO.-", key="1",
          children=[P("paragraph", text="Entra en vigor al día siguiente de su publicación.")]),
        P("transitional", num="SEGUNDO.-", key="2", children=[P("paragraph", text="Se abroga el anterior.")]),
    ])
    meta = DocumentMeta(work=work, kind="reglamento", title="Reglamento de Prueba", date=date,
                        publication=Publication(date=date, number="12"), entry_into_force=date)
    return Document(meta, preface=["REGLAMENTO DE PRUEBA"], body=[title, transitorios])


def approve_for_publication(store, proposal_id: str, on: str) -> None:
    """Carry a proposal through the procedure up to the Cabildo's approval on ``on`` (en revisión,
    the commission's dictamen, the vote), as `proposal status/dictamen/approve` do."""
    from implan_regs.reform import procedure, service
    from implan_regs.reform.storage import load_proposal

    if load_proposal(store, proposal_id).status == "borrador":
        service.set_status(store, proposal_id, "en revisión", author="prueba")
    procedure.record_dictamen(store, proposal_id, commission="Comisión de Desarrollo Urbano", date=on,
                              author="prueba")
    procedure.approve(store, proposal_id, session="Sesión ordinaria de Cabildo", date=on, acta="1",
                      votes="15-0-0", author="prueba")
