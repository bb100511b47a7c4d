"""Revisión de técnica jurídica (issue 17): planted defects in copies of real regulations are
found at the right provision; the unmodified real texts give few errors; ``review --fix`` makes a
proposal whose decree verifies and whose cuadro comparativo carries the rule as justification."""

from __future__ import annotations

import copy
import io
import json
import zipfile

import pytest
import raw_store as raw
from click.testing import CliRunner
from conftest import SHARED_CORPUS
from hypothesis import given
from hypothesis import strategies as st

from implan_regs.cli import main
from implan_regs.errors import InputError
from implan_regs.export import render
from implan_regs.importers import import_path
from implan_regs.model.eid import assign_eids
from implan_regs.model.tree import Document, DocumentMeta, Provision
from implan_regs.reform.consolidation import verify_proposal
from implan_regs.reform.storage import load_proposal
from implan_regs.review import FAMILIES, Severity, parse_families, review, review_document
from implan_regs.review.amounts import words_to_int
from implan_regs.review.fix import corrected
from implan_regs.review.model import Finding, Replacement
from implan_regs.review.numbering import point_runs
from implan_regs.store import Store

#: Real texts and the date of the version each one is.
REAL = {"torreon-reglamento-movilidad-urbana.txt": "2014-11-01",
        "torreon-reglamento-constancias-permisos-licencias-acciones-urbanas.txt": "2004-06-01",
        "torreon-reglamento-interior-r-ayuntamiento.txt": "2014-01-01",
        "torreon-decreto-creacion-implan-iniciativa.txt": "2013-10-01",
        "torreon-reglamento-limpieza@vigente.txt": "2007-01-01",
        "mx-lgahotdu.md": "2024-04-01"}
#: Error-severity findings per 100 articles allowed on an unmodified real text.
ERRORS_PER_100_ARTICLES = 5.0
PLANTED = ("torreon-reglamento-movilidad-urbana.txt", "torreon-reglamento-interior-r-ayuntamiento.txt",
           "torreon-reglamento-constancias-permisos-licencias-acciones-urbanas.txt", "torreon-reglamento-limpieza@vigente.txt")


def _corpus():
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"real texts not available: {SHARED_CORPUS} is absent")
    return SHARED_CORPUS


def real(name: str, date: str | None = None) -> Document:
    meta = DocumentMeta(work="real", kind="reglamento", title=name, date=date or REAL[name])
    return import_path(_corpus() / name, meta).document


# ------------------------------------------------------------------ planting defects

def _own_texts(article: Provision) -> list[Provision]:
    return [n for n in article.walk() if n.text and n.kind in ("paragraph", "point") and len(n.text) > 30
            and not n.term]


def _article_at(doc: Document, share: float, used: set[str]) -> Provision:
    """A body article near ``share`` of the text with some text of its own, not used before."""
    articles = doc.articles()
    start = int(len(articles) * share)
    for article in articles[start:] + articles[:start]:
        if article.key not in used and not article.derogated and _own_texts(article) and article.key.isdigit():
            used.add(article.key)
            return article
    raise AssertionError("no article to plant in")


def _append(doc: Document, share: float, used: set[str], sentence: str) -> str:
    node = _own_texts(_article_at(doc, share, used))[0]
    node.text = node.text.rstrip() + " " + sentence
    return node.eid


def _semicolon_list(doc: Document) -> Provision:
    """The second item of a list of fracciones (or incisos) written with «;», at least four items."""
    for node in doc.walk():
        for run in point_runs(node):
            texts = [p.text or "" for p in run]
            if run[0].level in ("fraccion", "inciso") and len(run) >= 4 and not any(p.children for p in run) \
                    and all(t.rstrip().endswith(";") for t in texts[:-2]):
                return run[1]
    raise AssertionError("no «;» list in this text")


def plant(doc: Document) -> tuple[Document, list[tuple[str, str]]]:
    """A copy of ``doc`` with ten defects; returns it and the (rule prefix, eId) each must give."""
    doc = copy.deepcopy(doc)
    doc.meta.date = "2020-06-01"
    used: set[str] = set()
    expected = [
        ("referencias.inexistente",
         _append(doc, 0.15, used, "Lo anterior, conforme al artículo 950 de este Reglamento.")),
        ("desindexacion.salario-minimo",
         _append(doc, 0.25, used, "La infracción se sancionará con multa de 20 a 50 salarios mínimos.")),
        ("desindexacion.distrito-federal",
         _append(doc, 0.35, used, "Se aplicarán supletoriamente las normas del Distrito Federal.")),
        ("definiciones.no-definido",
         _append(doc, 0.45, used, "El dictamen lo emitirá la Comisión Revisora de Vialidad.")),
        ("desindexacion.ley-general-de-asentamientos-humanos",
         _append(doc, 0.55, used, "Lo anterior en términos de la Ley General de Asentamientos Humanos.")),
    ]
    doubled = _own_texts(_article_at(doc, 0.65, used))[0]
    doubled.text = doubled.text.replace(" ", " la la ", 1) if " " in doubled.text else doubled.text
    expected.append(("forma.palabra-duplicada", doubled.eid))
    unaccented = _article_at(doc, 0.75, used)
    unaccented.num = f"ARTICULO {unaccented.key}.-"
    expected.append(("forma.acentos", unaccented.eid))
    fraction = _semicolon_list(doc)
    fraction.text = fraction.text.rstrip()[:-1] + "."
    expected.append(("puntuacion.enumeracion", fraction.eid))
    glossary_entry = next(n for n in doc.walk() if n.term)
    unused = copy.deepcopy(glossary_entry)
    unused.term, unused.text, unused.children = "Zona de amortiguamiento acústico", \
        "Zona de amortiguamiento acústico: el área que separa una vialidad primaria de un uso habitacional;", []
    holder = next(n for n in doc.walk() if glossary_entry in n.children)
    holder.children.insert(holder.children.index(glossary_entry) + 1, unused)
    duplicated = _article_at(doc, 0.85, used)
    articles = doc.articles()
    previous = articles[articles.index(duplicated) - 1]
    duplicated.key, duplicated.num = previous.key, previous.num
    assign_eids(doc.body, preamble=doc.preamble)
    expected.append(("definiciones.sin-uso", unused.eid))
    expected.append(("numeracion.duplicado", duplicated.eid))
    return doc, expected


@pytest.mark.parametrize("name", PLANTED)
def test_planted_defects_are_found_at_their_provision(name):
    doc, expected = plant(real(name))
    findings = review_document(doc).findings
    found = [(rule, eid) for rule, eid in expected
             if any(f.rule.startswith(rule) and f.eid == eid for f in findings)]
    missed = [item for item in expected if item not in found]
    print(f"{name}: recall {len(found)}/{len(expected)}; missed {missed}")
    assert len(expected) == 10
    assert len(found) >= 9, missed


@pytest.mark.parametrize("name", sorted(REAL))
def test_unmodified_real_texts_give_few_errors(name):
    doc = real(name)
    result = review_document(doc)
    per_100 = result.per_hundred_articles(Severity.ERROR)
    print(f"{name}: {result.articles} artículos, {result.counts()}, errores por 100 artículos {per_100:.1f}")
    assert result.articles > 20
    assert per_100 <= ERRORS_PER_100_ARTICLES, [f.to_json() for f in result.findings if f.severity is Severity.ERROR]


def test_desindexacion_is_judged_at_the_version_date():
    doc = real("torreon-reglamento-interior-r-ayuntamiento.txt")
    before = [f for f in review_document(doc).findings if f.rule.startswith("desindexacion")]
    after = [f for f in review_document(doc, date="2020-01-01").findings if f.rule == "desindexacion.salario-minimo"]
    assert before == []
    assert after and all(f.severity is Severity.ERROR and "salario" in f.quote.lower() for f in after)
    assert all(f.eid.startswith("art_") for f in after)


def test_real_unaccented_headings_and_reference_to_missing_fraction():
    doc = real("torreon-reglamento-movilidad-urbana.txt")
    findings = review_document(doc).findings
    chapters = [f for f in findings if f.rule == "forma.acentos" and f.quote == "CAPITULO"]
    assert chapters and chapters[0].replacement.new == "CAPÍTULO" and chapters[0].replacement.field == "num"
    article = next(a for a in doc.articles() if a.key == "20")
    paragraph = next(n for n in article.walk() if n.kind == "paragraph")
    paragraph.text += " Conforme a la fracción XC del artículo 7, al artículo 2 fracción XL y al artículo anterior."
    findings = review_document(doc, families=("referencias",)).findings
    assert any(f.eid == paragraph.eid and "fracción XC del artículo 7" in f.explanation for f in findings)
    assert any(f.eid == paragraph.eid and "fracción XL del artículo 2" in f.explanation for f in findings)
    assert not any("fracción II " in f.explanation for f in findings)  # the real «artículo 2 fracción II» exists


def test_relative_fraccion_siguiente_at_the_last_one():
    last = Provision("point", num="III.", key="III", level="fraccion", text="Las demás que señale la fracción siguiente.")
    art = Provision("article", num="Artículo 1.-", key="1", children=[
        Provision("paragraph", text="Son atribuciones:"),
        Provision("point", num="I.", key="I", level="fraccion", text="Planear;"),
        Provision("point", num="II.", key="II", level="fraccion", text="Dictaminar conforme a la fracción siguiente, y"),
        last])
    doc = Document(DocumentMeta("w", "reglamento", "T", date="2020-01-01"), body=[art])
    assign_eids(doc.body)
    findings = review_document(doc, families=("referencias",)).findings
    assert [(f.rule, f.eid) for f in findings] == [("referencias.relativa", "art_1__point_III")]


@given(st.text(alphabet="ab ;.,", max_size=30),
       st.lists(st.tuples(st.integers(0, 30), st.integers(0, 5), st.text(alphabet="xyz", max_size=3)), max_size=6))
def test_corrections_never_overlap_and_apply_from_the_right(text, spans):
    findings = [Finding("forma.x", Severity.SUGERENCIA, "e", "c", "q", "x",
                        Replacement("text", min(s, len(text)), min(s + n, len(text)), new)) for s, n, new in spans]
    value, applied = corrected(text, findings)
    chosen = sorted((f.replacement.start, f.replacement.end) for f in applied)
    assert all(a[1] <= b[0] for a, b in zip(chosen, chosen[1:], strict=False))
    rebuilt, cursor = "", 0
    for f in sorted(applied, key=lambda f: f.replacement.start):
        rebuilt += text[cursor:f.replacement.start] + f.replacement.new
        cursor = f.replacement.end
    assert value == rebuilt + text[cursor:]


def test_amounts_in_words():
    assert words_to_int("mil quinientos") == 1500
    assert words_to_int("dos mil trescientos cuarenta y cinco") == 2345
    doc = Document(DocumentMeta("w", "reglamento", "T", date="2020-01-01"), body=[
        Provision("article", num="Artículo 1.-", key="1", children=[
            Provision("paragraph", text="Pagará $1,500.00 (mil doscientos pesos 00/100 M.N.) por licencia.")])])
    assign_eids(doc.body)
    findings = review_document(doc, families=("forma",)).findings
    assert [f.rule for f in findings] == ["forma.cantidades"]


def test_families_are_parsed_in_spanish():
    assert parse_families("Referencias, desindexación") == ("referencias", "desindexacion")
    assert "lenguaje" not in parse_families(None) and "lenguaje" in FAMILIES
    with pytest.raises(Exception, match="familia desconocida"):
        parse_families("ortografia")


# ------------------------------------------------------------------ store, CLI, --fix

#: Tests of the review of a stored text (CLI, --fix, report) run on both store backends.
on_both_backends = pytest.mark.backends("files", "postgres")


@pytest.fixture(scope="module")
def _stores() -> dict:
    return {}


@pytest.fixture
def store(module_backend, _stores, tmp_path_factory):
    """The planted regulation in a store, built once per module and backend."""
    if module_backend not in _stores:
        _stores[module_backend] = _planted_store(tmp_path_factory.mktemp("review") / "acervo")
    return _stores[module_backend]


def _planted_store(root):
    store = Store.init(root)
    doc = real("torreon-reglamento-limpieza@vigente.txt", "2018-01-01")
    doc.meta.work, doc.meta.title = "reglamento-limpieza", "Reglamento de Limpieza"
    first = next(n for a in doc.articles()[3:] for n in a.walk() if n.kind == "paragraph" and n.text
                 and len(n.text) > 40 and not n.term and n.text.endswith("."))
    first.text = first.text.replace(" ", " de de ", 1) + " Se aplicarán las normas del Distrito Federal."
    store.save_expression(doc)
    store.planted = first.eid
    return store


def cli(store: Store, *args: str):
    return CliRunner().invoke(main, ["--root", str(store.root), *args])


@on_both_backends
def test_review_command_json_and_only(store):
    result = cli(store, "review", "reglamento-limpieza", "--json", "--only", "forma,desindexacion")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data["familias"]) == {"forma", "desindexacion"}
    rules = {h["regla"] for h in data["hallazgos"]}
    assert {"forma.palabra-duplicada", "desindexacion.distrito-federal"} <= rules
    assert all(h["familia"] in ("forma", "desindexacion") for h in data["hallazgos"])
    text = cli(store, "review", "reglamento-limpieza@2018-01-01", "--only", "desindexacion")
    assert "Distrito Federal" in text.output and "hallazgo" in text.output


@on_both_backends
def test_review_at_an_earlier_date_drops_desindexacion(store):
    result = cli(store, "review", "reglamento-limpieza", "--json", "--only", "desindexacion", "--at", "2015-01-01")
    assert result.exit_code == 2 and "no había versión vigente" in result.output  # no version in force then


@on_both_backends
def test_review_bad_input_is_one_spanish_line(store):
    for args, message in ((["review", "no-existe"], "no existe"),
                          (["review", "reglamento-limpieza", "--only", "ortografia"], "familia desconocida"),
                          (["review", "reglamento-limpieza", "--fix"], "--fix exige --id"),
                          (["review", "reglamento-limpieza", "--at", "2020-02-30"], "inexistente en el calendario"),
                          (["review", "reglamento-limpieza", "--id", "x"], "--id solo se usa con --fix")):
        result = cli(store, *args)
        assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


@on_both_backends
def test_fix_creates_a_proposal_whose_decree_verifies(store):
    result = cli(store, "review", "reglamento-limpieza", "--fix", "--id", "correccion-tecnica", "--author", "ana")
    assert result.exit_code == 0, result.output
    proposal = load_proposal(store, "correccion-tecnica")
    assert proposal.operations and all(op.type == "corregir" and op.author == "ana" for op in proposal.operations)
    assert verify_proposal(store, proposal).ok
    planted = proposal.draft.find(store.planted)
    assert " de de " not in planted.text and planted.text.endswith("normas de la Ciudad de México.")
    assert any("forma.palabra-duplicada" in op.reason for op in proposal.operations)
    cuadro = render(store, "correccion-tecnica", "comparative")
    with zipfile.ZipFile(io.BytesIO(cuadro)) as zf:
        body = zf.read("word/document.xml").decode("utf-8")
    assert "Corrección de técnica jurídica (forma.palabra-duplicada" in body
    assert "desindexacion.distrito-federal" in body
    refused = cli(store, "review", "correccion-tecnica", "--fix", "--id", "otra")
    assert refused.exit_code == 2 and "sobre una versión vigente" in refused.output
    again = cli(store, "review", "correccion-tecnica", "--json", "--only", "forma,desindexacion")
    rules = {h["regla"] for h in json.loads(again.output)["hallazgos"]}
    assert "forma.palabra-duplicada" not in rules and "desindexacion.distrito-federal" not in rules


@on_both_backends
def test_review_report_lists_findings_by_article(store, tmp_path):
    import docx

    out = tmp_path / "revision.docx"
    result = cli(store, "export", "reglamento-limpieza", "--as", "review-report", "-o", str(out))
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "REVISIÓN DE TÉCNICA JURÍDICA" and "Reglamento de Limpieza" in paragraphs
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    summary = next(row for row in cells if row[0] == "forma.palabra-duplicada")
    assert summary[1:] == ["forma", "advertencia", "1"]
    doubled = [row for row in cells if len(row) == 6 and "[forma.palabra-duplicada]" in row[4]]
    assert doubled and doubled[0][1].startswith("párrafo") and doubled[0][2] == "advertencia"
    assert "«de de»" in doubled[0][3] and doubled[0][5] == "(se suprime)"
    article = store.planted.split("__")[0].split("_")[1]
    assert f"Artículo {article} (" in " ".join(paragraphs)
    again = cli(store, "export", "reglamento-limpieza", "--as", "review-report", "-o", str(out))
    assert again.exit_code == 2 and "ya existe" in again.output


@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice (soffice) is not installed: "
                    "run scripts/setup test")
@on_both_backends
def test_review_report_renders_in_libreoffice(store, tmp_path):
    from test_export_office import convert, pdf_text

    out = tmp_path / "revision.docx"
    assert cli(store, "export", "reglamento-limpieza", "--as", "review-report", "-o", str(out)).exit_code == 0
    text = " ".join(pdf_text(convert([out], "pdf", tmp_path / "pdf")[0]).split())
    assert "REVISIÓN DE TÉCNICA JURÍDICA" in text and "La palabra «de» está repetida." in text


_WORDS = st.sampled_from(["de", "la", "el", "artículo", "12", "Distrito", "Federal", "salarios", "mínimos",
                          "multa", "ARTICULO", "fracción", "siguiente", "III", "Comisión", "Técnica", "Vía",
                          "pública", "$1,500.00", "(mil", "pesos)", "Se", "deroga.", ";", "y", ".", ":", "Ã³"])
_TEXTS = st.lists(_WORDS, min_size=0, max_size=12).map(" ".join)


@st.composite
def documents(draw):
    """Small regulations of any shape: articles with párrafos, fracciones and incisos, odd numbers."""
    articles = []
    for _ in range(draw(st.integers(1, 5))):
        key = draw(st.sampled_from(["1", "2", "3", "3bis", "7", "unico"]))
        children = []
        for _ in range(draw(st.integers(0, 4))):
            if draw(st.booleans()):
                children.append(Provision("paragraph", text=draw(_TEXTS) or None))
            else:
                number = draw(st.sampled_from(["I", "II", "III", "V"]))
                incisos = [Provision("point", num=f"{c})", key=c, level="inciso", text=draw(_TEXTS))
                           for c in draw(st.lists(st.sampled_from("abcdo"), max_size=3))]
                term = draw(st.sampled_from([None, "Vía pública", "Comisión"]))
                children.append(Provision("point", num=f"{number}.", key=number, level="fraccion",
                                          text=(f"{term}: " if term else "") + draw(_TEXTS), term=term,
                                          children=incisos))
        articles.append(Provision("article", num=draw(st.sampled_from(["Artículo {}.-", "ARTICULO {}.", "Art. {}"]))
                                  .format(key), key=key, children=children, derogated=draw(st.booleans())))
    chapter = Provision("chapter", num="CAPITULO I", key="1", heading="DISPOSICIONES GENERALES", children=articles)
    doc = Document(DocumentMeta("w", "reglamento", "T", date=draw(st.sampled_from(["2010-01-01", "2020-01-01"]))),
                   body=[chapter])
    assign_eids(doc.body)
    return doc


@given(documents())
def test_every_finding_names_a_provision_and_a_span_inside_it(doc):
    result = review_document(doc, families=FAMILIES)
    for finding in result.findings:
        node = doc.find(finding.eid)
        assert node is not None and finding.citation and finding.explanation
        if finding.replacement is not None:
            value = getattr(node, finding.replacement.field)
            assert value is not None and 0 <= finding.replacement.start <= finding.replacement.end <= len(value)
    assert result.to_json()["totales"] == result.counts()


def _small(*articles: Provision, transitorios: list[Provision] | None = None) -> Document:
    body = [Provision("chapter", num="CAPÍTULO I", key="1", heading="DE LAS LICENCIAS", children=list(articles))]
    if transitorios:
        body.append(Provision("transitorios", heading="TRANSITORIOS", children=transitorios))
    doc = Document(DocumentMeta("w", "reglamento", "T", date="2020-01-01"), body=body)
    assign_eids(doc.body)
    return doc


def _article(key: str, text: str) -> Provision:
    return Provision("article", num=f"Artículo {key}.-", key=key, children=[Provision("paragraph", text=text)])


def test_dates_written_two_ways_and_container_names_and_transitorios():
    doc = _small(_article("1", "Entró en vigor el 15 de marzo de 2019 conforme al Capítulo I «De las sanciones»."),
                 _article("2", "La solicitud presentada el 3/04/2019 se resuelve según el Capítulo I «De las licencias»."),
                 transitorios=[Provision("transitional", num="PRIMERO.-", key="1",
                                         children=[Provision("paragraph", text="Entra en vigor.")]),
                               Provision("transitional", num="TERCERO.-", key="3",
                                         children=[Provision("paragraph", text="Se abroga el anterior.")])])
    found = {(f.rule, f.eid): f for f in review_document(doc).findings}
    date = found[("forma.fechas", "art_2__para_1")]
    assert date.quote == "3/04/2019" and date.replacement.new == "3 de abril de 2019"
    assert ("referencias.nombre", "art_1__para_1") in found and ("referencias.nombre", "art_2__para_1") not in found
    assert found[("numeracion.hueco", "transitorios_1__trans_3")].severity is Severity.ADVERTENCIA


def test_the_institute_edits_its_own_external_table(tmp_path):
    doc = _small(_article("1", "Conforme al Reglamento de Tránsito de 1990 y al Distrito Federal."))
    (tmp_path / "referencias_externas.txt").write_text(
        "# propia\nReglamento de Tránsito | Reglamento de Movilidad Urbana | 2014-11-01 | error | sí | Abrogado.\n",
        "utf-8")
    findings = review_document(doc, root=str(tmp_path), families=("desindexacion",)).findings
    assert [(f.rule, f.severity, f.replacement.new) for f in findings] == [
        ("desindexacion.reglamento-de-transito", Severity.ERROR, "Reglamento de Movilidad Urbana")]
    (tmp_path / "referencias_externas.txt").write_text("Distrito Federal | Ciudad de México | 2016 | error\n", "utf-8")
    with pytest.raises(Exception, match=r"referencias_externas.txt.*línea 1"):
        review_document(doc, root=str(tmp_path), families=("desindexacion",))
    # an expression field of separators only would match the empty string at every word
    (tmp_path / "referencias_externas.txt").write_text(" ; | Nada | 2016-01-01 | error | no | Vacía.\n", "utf-8")
    with pytest.raises(InputError, match=r"línea 1: se esperan"):
        review_document(doc, root=str(tmp_path), families=("desindexacion",))


@on_both_backends
def test_a_store_keeps_its_own_external_table_read_through_it(tmp_path):
    store = Store.init(tmp_path / "acervo")
    doc = _small(_article("1", "Conforme al Reglamento de Tránsito de 1990 y al Distrito Federal."))
    doc.meta.work, doc.meta.date = "reglamento-transito", "2018-01-01"
    store.save_expression(doc)
    shipped = {f.rule for f in review(store, "reglamento-transito", only="desindexacion").findings}
    assert shipped == {"desindexacion.distrito-federal"}
    raw.write(store, "referencias_externas.txt", "Reglamento de Tránsito | Reglamento de Movilidad Urbana | "
                                                 "2014-11-01 | error | sí | Abrogado.\n")  # the institute's own
    own = review(store, "reglamento-transito", only="desindexacion").findings
    assert [(f.rule, f.replacement.new) for f in own] == [("desindexacion.reglamento-de-transito",
                                                           "Reglamento de Movilidad Urbana")]


def test_defects_planted_in_the_source_text_are_found(tmp_path):
    """Planted in the published text itself, then imported as a user would."""
    text = (_corpus() / "torreon-reglamento-movilidad-urbana.txt").read_text("utf-8")
    edits = [("Artículo 80.- Los peatones", "ARTICULO 80.- Los peatones"),
             ("Artículo 91.- Los ciclistas", "Artículo 90.- Los ciclistas"),
             ("Artículo 100.- Los vehículos de tracción animal deberán conducirse por la vía",
              "Artículo 100.- Los vehículos de tracción animal deberán deberán conducirse por la vía"),
             ("Artículo 81.- Los peatones se abstendrán de jugar en las calles y en las banquetas.",
              "Artículo 81.- Los peatones se abstendrán de jugar en las calles y en las banquetas, so pena de "
              "multa de 5 a 10 salarios mínimos, conforme al artículo 990 de este Reglamento.")]
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    source = tmp_path / "movilidad-con-defectos.txt"
    source.write_text(text, "utf-8")
    doc = import_path(source, DocumentMeta(work="m", kind="reglamento", title="M", date="2021-01-01")).document
    found = {(f.rule, f.eid.split("__")[0]) for f in review_document(doc).findings}
    assert {("forma.acentos", "art_80"), ("numeracion.duplicado", "art_90_dup2"),
            ("forma.palabra-duplicada", "art_100"), ("desindexacion.salario-minimo", "art_81"),
            ("referencias.inexistente", "art_81")} <= found


def test_numbering_and_structure_rules():
    derogated = _article("4", "Se deroga. Las licencias vigentes seguirán surtiendo sus efectos hasta su vencimiento.")
    empty = Provision("article", num="Artículo 6.-", key="6", children=[])
    fracciones = Provision("article", num="Artículo 7.-", key="7", children=[
        Provision("paragraph", text="Son requisitos:"),
        *[Provision("point", num=f"{n}.", key=n, level="fraccion", text=f"Requisito {n};") for n in ("I", "II", "IV")],
        Provision("point", num="III.", key="III", level="fraccion", text="Requisito final.")])
    doc = _small(_article("1", "Uno."), _article("2bis", "Dos Bis."), _article("3", "Tres."), derogated,
                 _article("3", "Tres otra vez."), empty, fracciones, _article("9", "Nueve."))
    found = {(f.rule, f.eid) for f in review_document(doc, families=("numeracion",)).findings}
    assert {("numeracion.bis-sin-base", "art_2bis"), ("numeracion.derogada-con-texto", "art_4__para_1"),
            ("numeracion.duplicado", "art_3_dup2"), ("numeracion.vacia", "art_6"),
            ("numeracion.hueco", "art_7__point_IV"), ("numeracion.desorden", "art_7__point_III"),
            ("numeracion.hueco", "art_9")} <= found
    plain_derogation = _small(_article("1", "Se deroga. (P.O. 15 de marzo de 2019)"))
    assert review_document(plain_derogation, families=("numeracion",)).findings == []


@on_both_backends
def test_a_draft_is_judged_as_of_today(tmp_path):
    from implan_regs.reform.service import new_proposal

    store = Store.init(tmp_path / "acervo")
    doc = _small(_article("1", "La infracción se sanciona con multa de 10 a 20 salarios mínimos."))
    doc.meta.work, doc.meta.date = "reglamento-viejo", "2014-05-01"
    store.save_expression(doc)
    assert review(store, "reglamento-viejo", only="desindexacion").findings == []
    new_proposal(store, "reglamento-viejo", "reforma-nueva", "Reforma")
    findings = review(store, "reforma-nueva", only="desindexacion").findings
    assert [(f.rule, f.eid) for f in findings] == [("desindexacion.salario-minimo", "art_1__para_1")]
    assert review(store, "reforma-nueva", only="desindexacion", at="2015-01-01").findings == []


def test_bodies_and_instruments_of_other_orders_are_not_taken_for_undefined_terms():
    """The real Movilidad text names the Ministerio Público, a Norma Oficial Mexicana and a Comisión
    Nacional without defining them, as every municipal text does: no finding; its own undefined
    capitalised bodies are still suggested."""
    doc = real("torreon-reglamento-movilidad-urbana.txt")
    undefined = {f.quote for f in review_document(doc).findings if f.rule == "definiciones.no-definido"}
    assert not {q for q in undefined if "Ministerio Público" in q or "Nacional" in q or "Norma Oficial" in q}
    assert "Autoridad Reguladora del Transporte" in undefined
