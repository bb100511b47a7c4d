"""The diff's verdicts and words, case by case, on small hand-built texts: what each article and
sub-provision became (amended, added, renumbered, derogated, removed, moved down by an insertion),
how it is named ("párrafo tercero", "fracción II", "inciso a)", "fila 2"), which words changed,
the summary counts and the tabla de correspondencia.

Fast on purpose: ``scripts/bench-mutation`` runs these against every planted bug in ``diff/``.
"""

from __future__ import annotations

import copy

from conftest import P
from test_decree_forms import ROMAN, article, document, fraccion, inciso, par, reformed

from implan_regs.diff import diff_documents
from implan_regs.diff.match import candidate_pairs, candidate_scores
from implan_regs.diff.tables import row_key, row_position
from implan_regs.model.eid import assign_eids
from implan_regs.model.tree import Table

SUBJECTS = "vialidades banquetas ciclovías alumbrado drenaje parques mercados panteones".split()


def rows(diff) -> list[tuple]:
    """(type, old eId, old name, new eId, new name, words) of every change the JSON lists."""
    def side(ref):
        return (ref["eId"], ref["num"]) if ref else (None, None)

    return [(c["type"], *side(c["old"]), *side(c["new"]), c["words"]) for c in diff.to_json()["changes"]]


def numbered_articles():
    return [article(str(i), par(f"Las {SUBJECTS[i - 1]} se rigen por las normas técnicas número {i} del municipio."))
            for i in range(1, 9)]


def test_subprovisions_amended_added_moved_down_derogated_and_removed():
    base = document(
        article("1", par("Objeto del reglamento.")),
        article("2", *[par(f"Párrafo {i} original del artículo dos.") for i in range(1, 5)]),
        article("3", par("Se entiende por:"), *[fraccion(r, f"Definición {r} original;") for r in ROMAN[:4]]),
        article("4", par("Requisitos:"), fraccion("I", "Solicitud;"),
                fraccion("II", "Planos:", children=[inciso("a", "arquitectónicos;"), inciso("b", "estructurales.")])),
    )

    def edit(arts):
        arts[0].children[0].text = "Objeto y ámbito del reglamento."
        arts[1].children[1].text = "Párrafo 2 con otras palabras del artículo dos."
        arts[1].children.insert(3, par("Párrafo intercalado nuevo."))
        arts[2].children[2] = fraccion("II", "Se deroga.", derogated=True)
        del arts[2].children[4]
        arts[3].children[2].children[0].text = "arquitectónicos y de conjunto;"

    diff = diff_documents(base, reformed(base, edit))
    changes = rows(diff)
    subprovisions = [c for c in changes if "__" in (c[1] or c[3])]
    assert subprovisions == [
        ("amended", "art_1__para_1", "párrafo primero", "art_1__para_1", "párrafo primero",
         [["equal", "Objeto"], ["insert", "y ámbito"], ["equal", "del reglamento."]]),
        ("amended", "art_2__para_2", "párrafo segundo", "art_2__para_2", "párrafo segundo",
         [["equal", "Párrafo 2"], ["delete", "original"], ["insert", "con otras palabras"],
          ["equal", "del artículo dos."]]),
        ("added", None, None, "art_2__para_4", "párrafo cuarto", [["insert", "Párrafo intercalado nuevo."]]),
        ("renumbered", "art_2__para_4", "párrafo cuarto", "art_2__para_5", "párrafo quinto", []),
        ("derogated", "art_3__point_II", "fracción II", "art_3__point_II", "fracción II",
         [["delete", "Definición II original;"], ["insert", "Se deroga."]]),
        ("removed", "art_3__point_IV", "fracción IV", None, None, [["delete", "Definición IV original;"]]),
        ("amended", "art_4__point_II__point_a", "inciso a)", "art_4__point_II__point_a", "inciso a)",
         [["equal", "arquitectónicos"], ["insert", "y de conjunto"], ["equal", ";"]]),
    ]
    articles = [c for c in changes if "__" not in (c[1] or c[3])]
    assert [(c[0], c[2], c[4]) for c in articles] == [("amended", f"Artículo {n}", f"Artículo {n}") for n in "1234"]
    assert articles[3][5] == [["equal", "Requisitos: I. Solicitud; II. Planos: a) arquitectónicos"],
                              ["insert", "y de conjunto"], ["equal", "; b) estructurales."]]
    assert diff.summary == {"replacement": False, "articles": {"amended": 4},
                            "subprovisions": {"amended": 3, "added": 1, "renumbered": 1, "derogated": 1, "removed": 1},
                            "transitorios": {}}
    assert [c["similarity"] for c in diff.to_json()["changes"]][:2] == [0.8, 0.8]


def test_articles_derogated_removed_renumbered_amended_and_added_and_a_new_transitorios_block():
    base = document(*numbered_articles())
    base.body.append(P("transitorios", heading="TRANSITORIOS", children=[
        P("transitional", num="PRIMERO.-", key="1", children=[par("Entra en vigor.")])]))
    assign_eids(base.body)

    def edit(arts):
        arts[1].children, arts[1].derogated = [par("Se deroga.", derogated=True)], True
        del arts[3]
        for moved_up in arts[3:]:
            moved_up.key = str(int(moved_up.key) - 1)
            moved_up.num = f"Artículo {moved_up.key}.-"
        arts[4].children[0].text = arts[4].children[0].text.replace("técnicas", "técnicas y ambientales")
        arts.append(article("8", par("Los anuncios requieren licencia municipal vigente.")))

    new = reformed(base, edit)
    new.body.append(P("transitorios", heading="TRANSITORIOS", subheading="DECRETO 2021", children=[
        P("transitional", num="ÚNICO.-", key="1", children=[par("La reforma entra en vigor.")])]))
    assign_eids(new.body)
    diff = diff_documents(base, new)
    assert rows(diff) == [
        ("derogated", "art_2", "Artículo 2", "art_2", "Artículo 2",
         [["delete", "Las banquetas se rigen por las normas técnicas número 2 del municipio"],
          ["insert", "Se deroga"], ["equal", "."]]),
        ("removed", "art_4", "Artículo 4", None, None,
         [["delete", "Las alumbrado se rigen por las normas técnicas número 4 del municipio."]]),
        ("renumbered", "art_5", "Artículo 5", "art_4", "Artículo 4", []),
        ("renumbered+amended", "art_6", "Artículo 6", "art_5", "Artículo 5",
         [["equal", "Las parques se rigen por las normas técnicas"], ["insert", "y ambientales"],
          ["equal", "número 6 del municipio."]]),
        ("amended", "art_6__para_1", "párrafo primero", "art_5__para_1", "párrafo primero",
         [["equal", "Las parques se rigen por las normas técnicas"], ["insert", "y ambientales"],
          ["equal", "número 6 del municipio."]]),
        ("renumbered", "art_7", "Artículo 7", "art_6", "Artículo 6", []),
        ("renumbered", "art_8", "Artículo 8", "art_7", "Artículo 7", []),
        ("added", None, None, "art_8", "Artículo 8", [["insert", "Los anuncios requieren licencia municipal vigente."]]),
        ("added", None, None, "transitorios_2", "DECRETO 2021", [["insert", "TRANSITORIOS La reforma entra en vigor."]]),
    ]
    assert diff.correspondence() == [("1", "1", "unchanged"), ("2", "2", "derogated"), ("3", "3", "unchanged"),
                                     ("4", None, "removed"), ("5", "4", "renumbered"),
                                     ("6", "5", "renumbered+amended"), ("7", "6", "renumbered"),
                                     ("8", "7", "renumbered"), (None, "8", "added")]
    assert diff.summary == {"replacement": False,
                            "articles": {"unchanged": 2, "derogated": 1, "removed": 1, "renumbered": 3,
                                         "renumbered+amended": 1, "added": 1},
                            "subprovisions": {"amended": 1}, "transitorios": {"unchanged": 1, "added": 1}}
    assert [c.type for c in diff.changed_articles()] == ["derogated", "removed", "renumbered", "renumbered+amended",
                                                         "renumbered", "renumbered", "added"]
    with_unchanged = diff.to_json(include_unchanged=True)["changes"]
    assert [c["type"] for c in with_unchanged][:3] == ["unchanged", "derogated", "unchanged"]
    assert len(with_unchanged) == len(diff.to_json()["changes"]) + 3  # articles 1 and 3, the old transitorios


def test_an_article_keeps_its_number_when_it_moves_and_an_added_one_follows_its_predecessor():
    base = document(*numbered_articles())

    def edit(arts):
        arts.insert(6, arts.pop(1))
        arts.insert(3, article("3bis", par("Los anuncios requieren licencia municipal vigente."), num="Artículo 3 Bis.-"))

    diff = diff_documents(base, reformed(base, edit))
    assert [(c.type, c.new.num if c.new else None) for c in diff.articles] == [
        ("unchanged", "Artículo 1"), ("unchanged", "Artículo 3"), ("unchanged", "Artículo 4"),
        ("added", "Artículo 3 Bis"), ("unchanged", "Artículo 5"), ("unchanged", "Artículo 6"),
        ("unchanged", "Artículo 7"), ("unchanged", "Artículo 2"), ("unchanged", "Artículo 8")]
    assert diff.correspondence() == [("1", "1", "unchanged"), ("3", "3", "unchanged"), ("4", "4", "unchanged"),
                                     (None, "3 Bis", "added"), ("5", "5", "unchanged"), ("6", "6", "unchanged"),
                                     ("7", "7", "unchanged"), ("2", "2", "unchanged"), ("8", "8", "unchanged")]
    assert diff.alignment.vacant_numbers() == set()


def test_a_fraccion_counts_its_own_text_as_parrafo_primero_and_a_table_changes_row_by_row():
    base = document(article(
        "1", par("Son atribuciones:"),
        fraccion("I", "Vigilar:", children=[par("En horario diurno."), par("En horario nocturno.")]),
        fraccion("II", "Sancionar."),
        P("paragraph", table=Table([["Zona", "Cajones"], ["Centro", "1"], ["Norte", "2"], ["Sur", "3"]]))))

    def edit(arts):
        arts[0].children[1].children[1].text = "En horario nocturno y festivo."
        table = arts[0].children[3].table
        table.rows[2][1] = "4"
        table.rows.append(["Oriente", "5"])

    diff = diff_documents(base, reformed(base, edit))
    assert rows(diff)[1:] == [
        ("amended", "art_1__point_I__para_2", "párrafo tercero", "art_1__point_I__para_2", "párrafo tercero",
         [["equal", "En horario nocturno"], ["insert", "y festivo"], ["equal", "."]]),
        ("amended", "art_1__para_2", "párrafo segundo", "art_1__para_2", "párrafo segundo",
         [["equal", "Zona | Cajones Centro | 1 Norte |"], ["delete", "2"], ["insert", "4"], ["equal", "Sur | 3"],
          ["insert", "Oriente | 5"]]),
        ("amended", "art_1__para_2", "fila 2", "art_1__para_2", "fila 2", [["equal", "Norte |"], ["delete", "2"],
                                                                           ["insert", "4"]]),
        ("added", None, None, "art_1__para_2", "fila 4", [["insert", "Oriente | 5"]]),
    ]
    json_rows = [c.get("row") for c in diff.to_json()["changes"]]
    assert json_rows[-2:] == [{"old": 2, "new": 2, "cells": [1]}, {"old": None, "new": 4, "cells": []}]
    assert diff.summary["table_rows"] == {"amended": 1, "added": 1}
    assert diff.summary["subprovisions"] == {"amended": 2}


def test_identical_texts_have_no_change():
    base = document(*numbered_articles())
    diff = diff_documents(base, copy.deepcopy(base))
    assert diff.changed_articles() == [] and diff.to_json()["changes"] == []
    assert diff.summary["articles"] == {"unchanged": 8}


def test_large_inputs_pair_texts_through_their_rarest_shared_word():
    """Above the full-matrix size, candidates come from the rarest words each text shares: here every
    text holds the same twelve common words and one word only it and its partner hold, so only the
    word frequencies single the partner out (ignoring them, every text would tie with every other)."""
    common = "abcdefghijkl"
    old = [common + chr(0x100 + i) for i in range(20)]
    new = list(reversed(old))
    rows, cols = candidate_pairs(old, new)
    pairs = set(zip(rows.tolist(), cols.tolist(), strict=True))
    assert all((i, 19 - i) in pairs for i in range(20))
    assert len(pairs) < 20 * 20  # a shortlist, not every pair


def test_rows_of_a_numbered_table_are_named_by_their_number():
    """A table that numbers its rows in its first column: a changed row is "fila 30", not by position."""
    numbered_rows = [["N°", "Concepto", "UMA"], ["10", "Banqueta", "5"], ["20", "Poste", "8"], ["30", "Bache", "12"],
                     ["40", "Grafiti", "3"]]
    base = document(article("1", par("Multas:"), P("paragraph", table=Table(numbered_rows))))
    new = copy.deepcopy(base)
    new.body[0].children[0].children[1].table.rows[3][2] = "15"
    row = rows(diff_documents(base, new))[-1]
    assert row == ("amended", "art_1__para_2", "fila 30", "art_1__para_2", "fila 30",
                   [["equal", "30 | Bache |"], ["delete", "12"], ["insert", "15"]])
    table = Table(numbered_rows)
    assert [row_key(table, p) for p in (1, 3, 4)] == ["10", "30", "40"]
    assert (row_position(table, "20"), row_position(table, "50")) == (2, None)
    plain = Table([["Zona", "Cajones"], ["Centro", "1"], ["Norte", "2"]])
    assert (row_key(plain, 2), row_position(plain, "2"), row_position(plain, "3")) == ("2", 2, None)


def test_a_transitorios_block_inserted_before_two_unchanged_ones_leaves_them_unchanged():
    def block(name: str, text: str):
        return P("transitorios", heading="TRANSITORIOS", subheading=name,
                 children=[P("transitional", num="ÚNICO.-", key="1", children=[par(text)])])

    base = document(article("1", par("Objeto.")))
    base.body += [block("DECRETO 100", "Entra en vigor en 2016."), block("DECRETO 200", "Entra en vigor en 2018."),
                  block("DECRETO 300", "Entra en vigor en 2020.")]
    assign_eids(base.body)
    new = copy.deepcopy(base)
    new.body.insert(2, block("DECRETO 150", "Entra en vigor en 2017, salvo el artículo 1."))
    assign_eids(new.body)
    diff = diff_documents(base, new)
    assert [(c.type, c.old.num if c.old else None, c.new.num if c.new else None) for c in diff.transitorios] == [
        ("unchanged", "DECRETO 100", "DECRETO 100"), ("added", None, "DECRETO 150"),
        ("unchanged", "DECRETO 200", "DECRETO 200"), ("unchanged", "DECRETO 300", "DECRETO 300")]


def test_small_inputs_score_every_pair_and_large_ones_only_their_candidates():
    old = [f"abcdefgh{chr(0x100 + i)}" for i in range(12)]
    new = [f"abcdefgh{chr(0x200 + i)}" for i in range(12)]
    dense = candidate_scores(old, new, full_matrix_cells=12 * 12)
    sparse = candidate_scores(old, new, full_matrix_cells=12 * 12 - 1)
    assert (dense > 0).all()  # every pair shares eight words
    assert (sparse > 0).sum() < 12 * 12 and (sparse[sparse > 0] == dense[sparse > 0]).all()


def test_a_replacement_pairs_nothing_below_the_high_threshold():
    """Two unrelated texts of ten articles where one new article keeps two thirds of an old one's
    words: a replacement, and 67 % is below ``high`` (70), so that pair is not reported either."""
    words = iter(f"palabra{i}" for i in range(1000))

    def text() -> str:
        return " ".join(next(words) for _ in range(12)) + "."

    old_texts, new_texts = [text() for _ in range(10)], [text() for _ in range(10)]
    new_texts[2] = " ".join(old_texts[2].rstrip(".").split()[:8] + ["otra", "cosa", "distinta", "aquí"]) + "."
    old = document(*[article(str(i), par(t)) for i, t in enumerate(old_texts, 1)])
    new = document(*[article(str(i), par(t)) for i, t in enumerate(new_texts, 1)])
    diff = diff_documents(old, new)
    assert diff.replacement is True
    assert diff.summary["articles"] == {"removed": 10, "added": 10}
