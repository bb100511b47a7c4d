"""Article alignment and sub-provision diff on hand-built documents: every verdict, by content."""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from implan_regs.diff import (
    align_articles,
    diff_children,
    diff_documents,
    is_replacement,
)
from implan_regs.diff.model import ReplacementEvidence
from implan_regs.model.eid import assign_eids
from implan_regs.model.tree import Document, DocumentMeta, Provision

META = DocumentMeta(work="reglamento-prueba", kind="reglamento", title="Reglamento de Prueba")

# Distinct articles, as a municipal regulation words them.
TEXTS = {
    "objeto": "El presente Reglamento es de orden público e interés social y tiene por objeto regular el uso "
              "del suelo, la zonificación y las construcciones en el territorio del Municipio.",
    "autoridades": "Son autoridades competentes para la aplicación de este ordenamiento el Ayuntamiento, el "
                   "Presidente Municipal y la Dirección General de Ordenamiento Territorial y Urbanismo.",
    "licencia": "Toda obra de edificación, ampliación, remodelación o demolición requiere licencia de "
                "construcción expedida previamente por la Dirección, previo pago de los derechos.",
    "banquetas": "Los propietarios de predios deberán construir y conservar en buen estado las banquetas "
                 "frente a sus inmuebles, con rampas para personas con discapacidad en cada esquina.",
    "estacionamiento": "Las edificaciones nuevas deberán contar con los cajones de estacionamiento que "
                       "señala la tabla de requerimientos según el giro y la superficie construida.",
    "anuncios": "La colocación de anuncios publicitarios en azoteas y fachadas requiere permiso anual "
                "y dictamen estructural firmado por un perito responsable registrado.",
    "arbolado": "Queda prohibido derribar o podar árboles en la vía pública sin la autorización de la "
                "autoridad ambiental, que fijará la reposición de especies nativas.",
    "sanciones": "Las infracciones a este Reglamento se sancionarán con multa de diez a quinientas veces "
                 "la Unidad de Medida y Actualización, clausura temporal o demolición de la obra.",
    "recurso": "Contra las resoluciones dictadas con fundamento en este ordenamiento procede el recurso "
               "de revisión, que se interpondrá dentro de los quince días hábiles siguientes.",
    "peritos": "Los directores responsables de obra deberán acreditar cédula profesional de arquitecto "
               "o ingeniero civil y experiencia mínima de cinco años en la materia.",
    "fraccionamientos": "La autorización de fraccionamientos exige la donación al Municipio del diez por "
                        "ciento de la superficie vendible para equipamiento y áreas verdes.",
    "patrimonio": "Los inmuebles catalogados del Centro Histórico solo podrán intervenirse con dictamen "
                  "del Instituto Nacional de Antropología e Historia y de la Comisión de Patrimonio.",
}
OTHER = {  # a different regulation altogether: cleaning services
    "basura": "Los habitantes deberán separar los residuos sólidos en orgánicos e inorgánicos y entregarlos "
              "al camión recolector en los días y horarios que fije el servicio de limpia.",
    "tiraderos": "Se prohíbe arrojar basura en lotes baldíos, cauces de arroyos y camellones; el infractor "
                 "pagará la limpieza del sitio además de la multa correspondiente.",
    "mercados": "Los locatarios de mercados y tianguis recogerán los desperdicios de su puesto al terminar "
                "la jornada y los depositarán en los contenedores municipales.",
    "relleno": "El relleno sanitario operará conforme a la norma oficial mexicana, con celdas "
               "impermeabilizadas y control de lixiviados y biogás.",
    "barrido": "El barrido de calles principales se realizará diariamente por cuadrillas del Ayuntamiento "
               "y, en colonias, por los vecinos frente a su domicilio.",
}


def art(key: str, *paragraphs: str, children: list[Provision] | None = None) -> Provision:
    return Provision("article", num=f"Artículo {key}.-", key=key,
                     children=children if children is not None else [Provision("paragraph", text=t)
                                                                      for t in paragraphs])


def document(*chapters: list[Provision], transitorios: list[list[str]] | None = None) -> Document:
    body: list[Provision] = [Provision("chapter", num=f"CAPÍTULO {k}", key=str(k), heading=f"CAPÍTULO {k}",
                                       children=list(arts)) for k, arts in enumerate(chapters, 1)]
    for block in transitorios or []:
        body.append(Provision("transitorios", heading="TRANSITORIOS", subheading=block[0], children=[
            Provision("transitional", num="ÚNICO.-", key="1", children=[Provision("paragraph", text=block[1])])]))
    doc = Document(META, body=body)
    assign_eids(doc.body)
    return doc


def numbered(names: list[str], texts: dict[str, str] = TEXTS, start: int = 1) -> list[Provision]:
    return [art(str(k), texts[name]) for k, name in enumerate(names, start)]


def rows(alignment) -> set[tuple]:
    return set(alignment.correspondence())


NAMES = list(TEXTS)


# ----------------------------------------------------------------------------------- articles

def test_identical_documents_are_all_unchanged():
    old = document(numbered(NAMES[:6]), numbered(NAMES[6:], start=7))
    diff = diff_documents(old, document(numbered(NAMES[:6]), numbered(NAMES[6:], start=7)))
    assert diff.summary["articles"] == {"unchanged": 12}
    assert diff.to_json()["changes"] == []
    assert diff.correspondence()[:2] == [("1", "1", "unchanged"), ("2", "2", "unchanged")]


def test_amended_article_keeps_its_number_and_gets_a_word_diff():
    old = document(numbered(NAMES[:5]))
    new_arts = numbered(NAMES[:5])
    new_arts[2].children[0].text = TEXTS["licencia"].replace("previo pago de los derechos",
                                                             "previo pago de los derechos municipales")
    diff = diff_documents(old, document(new_arts))
    assert diff.summary["articles"] == {"unchanged": 4, "amended": 1}
    [change] = diff.changed_articles()
    assert (change.type, change.old.num, change.new.num) == ("amended", "Artículo 3", "Artículo 3")
    assert ("insert", "municipales") in change.words
    assert 0.9 < change.similarity < 1.0
    [para] = change.children
    assert (para.type, para.old.eid, para.new.num) == ("amended", "art_3__para_1", "párrafo primero")


def test_insertion_at_the_start_renumbers_everything_without_amending():
    old = document(numbered(NAMES[:8]))
    new = document([art("1", TEXTS["patrimonio"])] + numbered(NAMES[:8], start=2))
    alignment = align_articles(old, new)
    assert rows(alignment) == {(str(k), str(k + 1), "renumbered") for k in range(1, 9)} | {(None, "1", "added")}


def test_moved_chapter_and_moved_amended_article():
    old = document(numbered(NAMES[:4]), numbered(NAMES[4:8], start=5), numbered(NAMES[8:], start=9))
    # chapter 3 now comes first; everything is renumbered; "sanciones" (old 8) is also amended
    moved = numbered(NAMES[8:])
    first = numbered(NAMES[:4], start=5)
    second = numbered(NAMES[4:8], start=9)
    second[3].children[0].text = TEXTS["sanciones"].replace("diez a quinientas", "veinte a mil")
    alignment = align_articles(old, document(moved, first, second))
    table = rows(alignment)
    assert {("9", "1", "moved"), ("10", "2", "moved"), ("11", "3", "moved"), ("12", "4", "moved")} <= table
    assert {("1", "5", "renumbered"), ("7", "11", "renumbered"), ("8", "12", "renumbered+amended")} <= table
    assert len(table) == 12


def test_moved_amended_article():
    old = document(numbered(NAMES[:10]))
    order = NAMES[:10]
    order.insert(1, order.pop(8))  # "recurso" (old 9) moved up to second place, amended
    new_arts = numbered(order)
    new_arts[1].children[0].text = TEXTS["recurso"].replace("quince días hábiles", "treinta días naturales")
    table = rows(align_articles(old, document(new_arts)))
    assert ("9", "2", "moved+amended") in table
    assert ("1", "1", "unchanged") in table and ("10", "10", "unchanged") in table
    assert ("2", "3", "renumbered") in table and ("8", "9", "renumbered") in table


def test_derogated_in_place_and_removed():
    old = document(numbered(NAMES[:8]))
    new_arts = numbered(NAMES[:8])
    new_arts[3] = art("4", "Se deroga.")
    new_arts[3].derogated = True
    del new_arts[6]  # "arbolado" (old 7) disappears without a placeholder
    for k, a in enumerate(new_arts, 1):
        a.key, a.num = str(k), f"Artículo {k}.-"
    diff = diff_documents(old, document(new_arts))
    table = set(diff.correspondence())
    assert ("4", "4", "derogated") in table
    assert ("7", None, "removed") in table
    assert ("8", "7", "renumbered") in table
    derogated = next(c for c in diff.articles if c.type == "derogated")
    assert derogated.words[0][0] == "delete" and ("insert", "Se deroga") in derogated.words


def test_derogated_placeholder_found_by_position_after_full_renumbering():
    old = document(numbered(NAMES[:9]))
    new_arts = numbered(["patrimonio"] + NAMES[:9])  # an article added first: all renumbered
    new_arts[5] = art("6", "Se deroga.")  # old 5 ("estacionamiento") derogated, now number 6
    table = rows(align_articles(old, document(new_arts)))
    assert ("5", "6", "derogated") in table
    assert ("4", "5", "renumbered") in table and ("6", "7", "renumbered") in table


def test_split_article():
    old = document([art("1", TEXTS["objeto"]),
                    art("2", TEXTS["licencia"], TEXTS["peritos"], TEXTS["anuncios"], TEXTS["banquetas"]),
                    art("3", TEXTS["recurso"])])
    new = document([art("1", TEXTS["objeto"]), art("2", TEXTS["licencia"], TEXTS["peritos"]),
                    art("3", TEXTS["anuncios"], TEXTS["banquetas"]), art("4", TEXTS["recurso"])])
    alignment = align_articles(old, new)
    assert rows(alignment) == {("1", "1", "unchanged"), ("2", "2", "split"), ("2", "3", "split"),
                               ("3", "4", "renumbered")}


def test_merged_articles():
    old = document([art("1", TEXTS["objeto"]), art("2", TEXTS["licencia"], TEXTS["peritos"]),
                    art("3", TEXTS["anuncios"], TEXTS["banquetas"]), art("4", TEXTS["recurso"])])
    new = document([art("1", TEXTS["objeto"]),
                    art("2", TEXTS["licencia"], TEXTS["peritos"], TEXTS["anuncios"], TEXTS["banquetas"]),
                    art("3", TEXTS["recurso"])])
    alignment = align_articles(old, new)
    assert rows(alignment) == {("1", "1", "unchanged"), ("2", "2", "merged"), ("3", "2", "merged"),
                               ("4", "3", "renumbered")}


def test_replacement_reports_no_invented_correspondences():
    old = document(numbered(NAMES))
    new = document(numbered(list(OTHER), texts=OTHER))
    diff = diff_documents(old, new)
    assert diff.replacement is True
    assert diff.summary["articles"] == {"removed": 12, "added": 5}
    assert all(old_num is None or new_num is None for old_num, new_num, _ in diff.correspondence())
    assert diff.alignment.evidence.matched_high == 0


def test_replacement_keeps_an_article_copied_word_for_word():
    old = document(numbered(NAMES))
    new = document(numbered(list(OTHER), texts=OTHER) + [art("6", TEXTS["recurso"])])
    alignment = align_articles(old, new)
    assert alignment.replacement is True
    assert [row for row in alignment.correspondence() if row[0] and row[1]] == [("9", "6", "renumbered")]


def test_heavy_reform_is_not_a_replacement():
    old = document(numbered(NAMES))
    new_arts = numbered(NAMES)
    for a in new_arts:  # every article amended, none beyond recognition
        a.children[0].text += " Lo anterior, en los términos de la legislación estatal y federal aplicable."
    alignment = align_articles(old, document(new_arts))
    assert alignment.replacement is False
    assert alignment.counts() == {"amended": 12}


def test_replacement_rule_thresholds():
    assert is_replacement(ReplacementEvidence(comparable=33, matched_high=0, share_high=0.0, median_best=0.1))
    assert not is_replacement(ReplacementEvidence(33, 5, 0.15, 0.6))  # many fair partners: a reform
    assert not is_replacement(ReplacementEvidence(33, 20, 0.6, 0.3))  # most matched: a reform
    assert not is_replacement(ReplacementEvidence(2, 0, 0.0, 0.0))  # too small to tell


# --------------------------------------------------------------------------- sub-provisions

PARAGRAPHS = [TEXTS[name] for name in NAMES[:6]]


def paragraphs_article(texts: list[str]) -> Provision:
    article = art("28", *texts)
    assign_eids([article])
    return article


def test_paragraph_inserted_in_the_middle_moves_the_rest_down_unchanged():
    old = paragraphs_article(PARAGRAPHS)
    new = paragraphs_article(PARAGRAPHS[:2] + [TEXTS["patrimonio"]] + PARAGRAPHS[2:])
    changes = [(c.type, c.old and c.old.num, c.new and c.new.num) for c in diff_children(old, new)]
    assert changes == [("added", None, "párrafo tercero"),
                       ("renumbered", "párrafo tercero", "párrafo cuarto"),
                       ("renumbered", "párrafo cuarto", "párrafo quinto"),
                       ("renumbered", "párrafo quinto", "párrafo sexto"),
                       ("renumbered", "párrafo sexto", "párrafo séptimo")]


def test_paragraph_amended_added_and_derogated_placeholders():
    old = paragraphs_article(PARAGRAPHS)
    amended = PARAGRAPHS[1].replace("el Ayuntamiento", "el Cabildo")
    new = paragraphs_article([PARAGRAPHS[0], amended, "Se deroga párrafo", "Se deroga párrafo",
                              TEXTS["patrimonio"], TEXTS["peritos"]] + PARAGRAPHS[4:])
    changes = [(c.type, c.old and c.old.num, c.new and c.new.num) for c in diff_children(old, new)]
    assert changes == [("amended", "párrafo segundo", "párrafo segundo"),
                       ("derogated", "párrafo tercero", "párrafo tercero"),
                       ("derogated", "párrafo cuarto", "párrafo cuarto"),
                       ("added", None, "párrafo quinto"),
                       ("added", None, "párrafo sexto"),
                       ("renumbered", "párrafo quinto", "párrafo séptimo"),
                       ("renumbered", "párrafo sexto", "párrafo octavo")]


def fracciones(items: list[tuple[str, str]]) -> Provision:
    article = art("12", children=[Provision("paragraph", text="Son atribuciones de la Dirección:")] + [
        Provision("point", num=f"{key}.", key=key, level="fraccion", text=text) for key, text in items])
    assign_eids([article])
    return article


FRACCIONES = [("I", TEXTS["licencia"]), ("II", TEXTS["anuncios"]), ("III", TEXTS["arbolado"]),
              ("IV", TEXTS["fraccionamientos"])]


def test_fraccion_derogated_and_fraccion_amended():
    old = fracciones(FRACCIONES)
    new = fracciones([FRACCIONES[0], ("II", "Se deroga."),
                      ("III", TEXTS["arbolado"].replace("especies nativas", "especies nativas adultas")),
                      FRACCIONES[3]])
    changes = [(c.type, c.old.eid, c.new.num) for c in diff_children(old, new)]
    assert changes == [("derogated", "art_12__point_II", "fracción II"),
                       ("amended", "art_12__point_III", "fracción III")]


def test_fraccion_inserted_renumbers_the_following_ones():
    old = fracciones(FRACCIONES)
    new = fracciones([FRACCIONES[0], ("II", TEXTS["peritos"]), ("III", FRACCIONES[1][1]),
                      ("IV", FRACCIONES[2][1]), ("V", FRACCIONES[3][1])])
    changes = [(c.type, c.old and c.old.num, c.new.num) for c in diff_children(old, new)]
    assert changes == [("added", None, "fracción II"), ("renumbered", "fracción II", "fracción III"),
                       ("renumbered", "fracción III", "fracción IV"), ("renumbered", "fracción IV", "fracción V")]


def test_paragraphs_inside_a_fraccion_are_counted_as_decrees_count_them():
    def with_paragraphs(extra: list[str]) -> Provision:
        point = Provision("point", num="VIII.", key="VIII", level="fraccion", text=TEXTS["objeto"],
                          children=[Provision("paragraph", text=t) for t in extra])
        article = art("6", children=[point])
        assign_eids([article])
        return article

    old = with_paragraphs([TEXTS["licencia"], TEXTS["anuncios"]])
    new = with_paragraphs([TEXTS["licencia"], TEXTS["peritos"], TEXTS["anuncios"]])
    [added, moved] = diff_children(old, new)
    # the fracción's own text is its párrafo primero: the inserted paragraph is the tercero
    assert (added.type, added.new.eid, added.new.num) == ("added", "art_6__point_VIII__para_2", "párrafo tercero")
    assert (moved.type, moved.old.num, moved.new.num) == ("renumbered", "párrafo tercero", "párrafo cuarto")


# ------------------------------------------------------------------------ transitorios, JSON

def test_new_transitorios_block_is_added():
    old = document(numbered(NAMES[:3]), transitorios=[["Original", "Entrará en vigor al día siguiente."]])
    new = document(numbered(NAMES[:3]), transitorios=[["Original", "Entrará en vigor al día siguiente."],
                                                      ["Decreto 2024", "Se derogan las disposiciones que se opongan."]])
    diff = diff_documents(old, new)
    assert diff.summary["transitorios"] == {"unchanged": 1, "added": 1}
    [added] = [c for c in diff.to_json()["changes"]]
    assert added["type"] == "added" and added["old"] is None
    assert added["new"] == {"eId": "transitorios_2", "num": "Decreto 2024"}


def test_json_shape_and_flattened_subprovisions():
    old = document([paragraphs_article(PARAGRAPHS)])
    new = document([paragraphs_article(PARAGRAPHS[:2] + [TEXTS["patrimonio"]] + PARAGRAPHS[2:])])
    data = diff_documents(old, new).to_json()
    assert set(data) == {"summary", "changes"}
    assert data["summary"]["articles"] == {"amended": 1}
    assert data["summary"]["subprovisions"] == {"added": 1, "renumbered": 4}
    article, added = data["changes"][:2]
    assert set(article) == {"type", "old", "new", "similarity", "words"}
    assert article["old"] == {"eId": "art_28", "num": "Artículo 28"}
    assert added == {"type": "added", "old": None, "new": {"eId": "art_28__para_3", "num": "párrafo tercero"},
                     "similarity": None, "words": [["insert", TEXTS["patrimonio"]]]}
    assert [c["type"] for c in data["changes"]] == ["amended", "added"] + ["renumbered"] * 4


# ------------------------------------------------------------------------------ performance

def test_a_thousand_articles_fully_renumbered_align_quickly():
    rng = random.Random(3)
    vocabulary = sorted({w for text in TEXTS.values() for w in text.split()}) + [f"término{k}" for k in range(3000)]
    texts = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(20, 120))) for _ in range(1000)]
    old = document([art(str(k), t) for k, t in enumerate(texts, 1)])
    shuffled = list(enumerate(texts, 1))
    block = shuffled[200:400]
    rng.shuffle(block)
    shuffled[200:400] = block
    new_arts = []
    for k, (origin, text) in enumerate(shuffled, 2):  # one article added first: every number moves
        new_arts.append(art(str(k), text + (" reformado" if origin % 20 == 0 else "")))
    new = document([art("1", TEXTS["patrimonio"])] + new_arts)
    start = time.perf_counter()
    alignment = align_articles(old, new)
    elapsed = time.perf_counter() - start
    expected = {str(origin): str(k) for k, (origin, _) in enumerate(shuffled, 2)}
    got = {p.old.key: p.new.key for p in alignment.pairs if p.old is not None and p.new is not None}
    assert got == expected
    assert alignment.counts()["renumbered+amended"] + alignment.counts().get("moved+amended", 0) == 50
    assert elapsed < 2.0, f"alignment took {elapsed:.2f}s"


# ------------------------------------------------------------------ behaviours pinned against planted bugs

def test_unrelated_articles_are_removed_and_added_not_paired(shared_corpus):
    """Obligations of inhabitants (art. 13) dropped, of merchants (art. 16) moved to the end:
    they share a third of their words, which is not enough to call one a reform of the other."""
    from implan_regs.importers import import_path

    source = shared_corpus / "torreon-reglamento-limpieza@vigente.txt"
    meta = DocumentMeta(work="reglamento-limpieza", kind="reglamento", title="Reglamento de Limpieza")
    articles = import_path(source, meta).document.articles()
    inhabitants = next(a for a in articles if a.key == "13")
    merchants = next(a for a in articles if a.key == "16")
    old = document([a for a in articles if a is not merchants])
    new = document([a for a in articles if a not in (inhabitants, merchants)] + [merchants])
    table = rows(align_articles(old, new))
    assert ("13", None, "removed") in table and (None, "16", "added") in table
    assert {kind for _, _, kind in table} == {"unchanged", "removed", "added"}


def test_identical_articles_follow_their_block_when_blocks_swap():
    """Each chapter ends with the same article; when the chapters swap, each copy goes with its chapter."""
    closing = "Las infracciones a lo dispuesto en este capítulo se sancionarán conforme al Título Décimo."
    first = [TEXTS["licencia"], TEXTS["banquetas"], closing]
    second = [TEXTS["anuncios"], TEXTS["arbolado"], closing]
    old = document([art(str(k), t) for k, t in enumerate(first + second, 1)])
    new = document([art(str(k), t) for k, t in enumerate(second + first, 1)])
    pairs = {(o, n) for o, n, _ in rows(align_articles(old, new))}
    assert pairs == {("1", "4"), ("2", "5"), ("3", "6"), ("4", "1"), ("5", "2"), ("6", "3")}


def test_greedy_pairing_takes_the_best_candidates_first():
    import numpy as np

    from implan_regs.diff.match import greedy_pairs

    rows_, cols_ = np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])
    values = np.array([90.0, 80.0, 85.0, 20.0])
    assert greedy_pairs(rows_, cols_, values, minimum=50) == [(0, 0, 90.0)]
    assert greedy_pairs(rows_, cols_, values, minimum=10) == [(0, 0, 90.0), (1, 1, 20.0)]


def test_an_amended_article_keeps_its_best_partner():
    """Two new articles resemble old article 2; the closer one is its reform, the other is new."""
    reform = TEXTS["licencia"].replace("previo pago de los derechos", "previo pago de los derechos municipales")
    loose = TEXTS["licencia"].replace("Toda obra de edificación, ampliación, remodelación o demolición",
                                      "Las instalaciones de antenas y torres de telecomunicación")
    old = document(numbered(["objeto", "licencia", "sanciones"]))
    new = document([art("1", TEXTS["objeto"]), art("2", loose), art("3", reform), art("4", TEXTS["sanciones"])])
    table = rows(align_articles(old, new))
    assert ("2", "3", "renumbered+amended") in table and (None, "2", "added") in table


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(0, 100)), max_size=30,
                unique_by=lambda t: (t[0], t[1])))
def test_greedy_pairs_are_exactly_the_best_first_choice(candidates):
    """Every candidate left out lost its row or column to a pair at least as good."""
    import numpy as np

    from implan_regs.diff.match import greedy_pairs

    r, c, v = (np.array([t[k] for t in candidates], dtype=np.int64 if k < 2 else np.float32) for k in range(3))
    pairs = greedy_pairs(r, c, v, minimum=40)
    assert [value for _, _, value in pairs] == sorted((value for _, _, value in pairs), reverse=True)
    chosen_row = {row: value for row, _, value in pairs}
    chosen_col = {col: value for _, col, value in pairs}
    assert len(chosen_row) == len(chosen_col) == len(pairs)
    for row, col, value in candidates:
        if value >= 40 and (row, col, float(value)) not in pairs:
            assert chosen_row.get(row, -1) >= value or chosen_col.get(col, -1) >= value


# ------------------------------------------------------------------ behaviours pinned against surviving mutants

@pytest.mark.parametrize("order", [(2, 0, 1), (1, 2, 0)])
def test_identical_articles_follow_their_block_among_three_blocks(order):
    """Three chapters, each closing with the same article, come back in another order."""
    closing = "Las infracciones a lo dispuesto en este capítulo se sancionarán conforme al Título Décimo."
    blocks = [[TEXTS[a], TEXTS[b], TEXTS[c], closing] for a, b, c in
              (("licencia", "banquetas", "estacionamiento"), ("anuncios", "arbolado", "peritos"),
               ("fraccionamientos", "patrimonio", "recurso"))]
    old = document([art(str(k), t) for k, t in enumerate(blocks[0] + blocks[1] + blocks[2], 1)])
    new = document([art(str(k), t) for k, t in enumerate(blocks[order[0]] + blocks[order[1]] + blocks[order[2]], 1)])
    pairs = {(o, n) for o, n, _ in rows(align_articles(old, new))}
    closing_pairs = {(str(4 * (block + 1)), str(4 * (order.index(block) + 1))) for block in range(3)}
    assert closing_pairs <= pairs  # each closing article goes with its own chapter


def test_replacement_evidence_reports_how_close_each_old_article_came():
    old = document(numbered(NAMES))
    amended = numbered(NAMES)
    for a in amended:
        a.children[0].text += " Lo anterior, en los términos de la legislación estatal y federal aplicable."
    evidence = align_articles(old, document(amended)).evidence
    assert evidence.comparable == 12 and evidence.matched_high == 12 and evidence.share_high == 1.0
    assert 0.8 < evidence.median_best < 1.0  # every one amended, none beyond recognition
    other = align_articles(old, document(numbered(list(OTHER), OTHER))).evidence
    assert other.matched_high == 0 and 0.0 < other.median_best < 0.2  # some shared words, nothing more


def test_merged_articles_report_their_similarity():
    old = document([art("1", TEXTS["objeto"]), art("2", TEXTS["licencia"], TEXTS["peritos"]),
                    art("3", TEXTS["anuncios"], TEXTS["banquetas"]), art("4", TEXTS["recurso"])])
    new = document([art("1", TEXTS["objeto"]),
                    art("2", TEXTS["licencia"], TEXTS["peritos"], TEXTS["anuncios"], TEXTS["banquetas"]),
                    art("3", TEXTS["recurso"])])
    merged = [p for p in align_articles(old, new).pairs if p.type == "merged"]
    assert len(merged) == 2 and all(0.9 < p.similarity <= 1.0 for p in merged)


def test_a_transitorios_block_amended_between_unchanged_ones():
    first = ["Original", "Entrará en vigor al día siguiente de su publicación."]
    second = ["Decreto 2019", "Se derogan las disposiciones que se opongan al presente decreto."]
    third = ["Decreto 2024", "El Ayuntamiento expedirá los lineamientos dentro de noventa días."]
    amended = [second[0], second[1].replace("presente decreto", "presente decreto municipal")]
    old = document(numbered(NAMES[:3]), transitorios=[first, second, third])
    new = document(numbered(NAMES[:3]), transitorios=[first, amended, third])
    assert diff_documents(old, new).summary["transitorios"] == {"unchanged": 2, "amended": 1}


def test_a_duplicated_number_pairs_once_and_the_twin_is_added():
    """A new text that numbers two articles 2 (a drafting slip): the old 2 pairs with one of them."""
    old = document(numbered(["objeto", "licencia", "sanciones"]))
    new = document([art("1", TEXTS["objeto"]), art("2", TEXTS["licencia"] + " alfa"),
                    art("2", TEXTS["licencia"] + " beta"), art("3", TEXTS["sanciones"])])
    alignment = align_articles(old, new)
    assert alignment.counts() == {"unchanged": 2, "amended": 1, "added": 1}
    assert sorted(p.new.eid for p in alignment.pairs if p.new is not None) == sorted(
        a.eid for a in new.articles())  # every new article is listed exactly once
