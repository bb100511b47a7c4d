"""The decree's wording, form by form, on small hand-built reforms: the ARTÍCULO ÚNICO sentence
(verbs, how provisions are named, ranges, gender and number, "recorriéndose"), the body printed
after "para quedar como sigue" (elisions) and the transitorios. Each decree is also read back and
applied to its base, which must give the draft (so a wording the reader does not know fails too).

Fast on purpose: ``scripts/bench-mutation`` runs these against every planted bug in the decree.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest
from conftest import P

from implan_regs.diff import diff_documents
from implan_regs.model.eid import assign_eids
from implan_regs.model.tree import Document, DocumentMeta, Provision, Publication, Table
from implan_regs.reform.decree import article_verbs, build_decree
from implan_regs.reform.model import Operation, Proposal
from implan_regs.reform.verify import verify_text
from implan_regs.render.text import INDENT

TITLE = "Reglamento de Prueba del Municipio"
ROMAN = ["I", "II", "III", "IV", "V", "VI"]
IN_FORCE = "Entra en vigor al día siguiente."


def par(text: str, **kw) -> Provision:
    return P("paragraph", text=text, **kw)


def fraccion(key: str, text: str, **kw) -> Provision:
    return P("point", num=f"{key}.", key=key, level="fraccion", text=text, **kw)


def inciso(key: str, text: str) -> Provision:
    return P("point", num=f"{key})", key=key, level="inciso", text=text)


def article(key: str, *children: Provision, num: str | None = None, **kw) -> Provision:
    return P("article", num=num or f"Artículo {key}.-", key=key, children=list(children), **kw)


def document(*articles: Provision, date: str = "2020-01-01") -> Document:
    meta = DocumentMeta(work="reglamento-prueba", kind="reglamento", title=TITLE, date=date,
                        publication=Publication(date=date, gazette="Periódico Oficial del Estado"))
    doc = Document(meta, body=[P("chapter", num="CAPÍTULO I", key="1", heading="GENERALES", children=list(articles))])
    assign_eids(doc.body)
    return doc


@pytest.fixture(scope="module")
def base() -> Document:
    return document(
        article("1", par("Objeto del reglamento.")),
        article("2", *[par(f"Párrafo {i} original del artículo dos.") for i in range(1, 8)]),
        article("3", par("Se entiende por:"), *[fraccion(r, f"Definición {r} original;") for r in ROMAN]),
        article("4", par("Requisitos:"), fraccion("I", "Solicitud;"),
                fraccion("II", "Planos:", children=[inciso("a", "arquitectónicos;"), inciso("b", "estructurales.")])),
        article("5", *[par(f"Párrafo {i} del cinco.") for i in range(1, 5)], fraccion("I", "Uno;"), fraccion("II", "Dos.")),
        article("6", par("Texto del sexto."), num="Artículo 6o.-"),
    )


def reformed(base: Document, edit: Callable[[list[Provision]], None]) -> Document:
    new = copy.deepcopy(base)
    edit(new.body[0].children)
    assign_eids(new.body)
    new.meta.date = "2021-01-01"
    return new


def decree_of(base: Document, new: Document, transitorios: list[str] | None = None):
    decree = build_decree(base, new, transitorios=transitorios or [IN_FORCE])
    assert verify_text(base, new, decree.text()).differences == []  # the reader applies it back exactly
    return decree


def sentence(decree) -> str:
    return next(b.text for b in decree.blocks if b.style == "articulo-unico")


def body(decree) -> list[str]:
    """The lines between the sentence and the transitorios."""
    lines = decree.text().split("\n\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("ARTÍCULO ÚNICO")) + 1
    return lines[start:lines.index("TRANSITORIOS")]


def test_parrafos_reformed_in_a_run_of_three_become_a_range_and_an_inserted_one_shifts_the_rest(base):
    def edit(arts):
        for i in (1, 2, 3, 5):
            arts[1].children[i].text = f"Párrafo {i + 1} reformado del artículo dos."
        arts[1].children.insert(6, par("Párrafo nuevo antes del último."))

    decree = decree_of(base, reformed(base, edit))
    assert sentence(decree) == (
        "ARTÍCULO ÚNICO.- Se REFORMAN el artículo 2, párrafos segundo a cuarto y sexto; y se ADICIONA un "
        "párrafo séptimo al artículo 2, recorriéndose en su orden los subsecuentes del " + TITLE
        + ", para quedar como sigue:")
    assert body(decree) == ["Artículo 2.- …", "Párrafo 2 reformado del artículo dos.",
                            "Párrafo 3 reformado del artículo dos.", "Párrafo 4 reformado del artículo dos.", "…",
                            "Párrafo 6 reformado del artículo dos.", "Párrafo nuevo antes del último.", "…"]
    assert decree.title == "REFORMA AL REGLAMENTO DE PRUEBA DEL MUNICIPIO"
    assert decree.verbs() == {"REFORMA": ["artículo 2, párrafo segundo", "artículo 2, párrafo tercero",
                                          "artículo 2, párrafo cuarto", "artículo 2, párrafo sexto"],
                              "ADICIONA": ["artículo 2, párrafo séptimo"]}


def test_fracciones_reformed_added_at_the_end_and_derogated(base):
    def edit(arts):
        for i in (2, 3, 4, 5):
            arts[2].children[i].text = f"Definición {ROMAN[i - 1]} reformada;"
        arts[2].children[6] = fraccion("VI", "Se deroga.", derogated=True)
        arts[2].children.append(fraccion("VII", "Definición nueva."))

    decree = decree_of(base, reformed(base, edit))
    assert sentence(decree) == (
        "ARTÍCULO ÚNICO.- Se REFORMAN el artículo 3, fracciones II a V; se ADICIONA una fracción VII al "
        "artículo 3; y se DEROGA la fracción VI del artículo 3 del " + TITLE + ", para quedar como sigue:")
    assert body(decree) == ["Artículo 3.- …", "I. …", "II. Definición II reformada;", "III. Definición III reformada;",
                            "IV. Definición IV reformada;", "V. Definición V reformada;", "VI. Se deroga.",
                            "VII. Definición nueva."]


def test_fracciones_appended_together_shift_nothing_and_an_inciso_is_added_to_a_fraccion(base):
    def edit(arts):
        arts[2].children.extend([fraccion("VII", "Siete nueva;"), fraccion("VIII", "Ocho nueva.")])
        arts[3].children[2].children.append(inciso("c", "de instalaciones."))

    new = reformed(base, edit)
    decree = decree_of(base, new)
    assert sentence(decree) == (
        "ARTÍCULO ÚNICO.- Se ADICIONAN las fracciones VII y VIII al artículo 3, y un inciso c) a la fracción II "
        "del artículo 4 del " + TITLE + ", para quedar como sigue:")
    assert body(decree) == ["Artículo 3.- …", "I. a VI. …", "VII. Siete nueva;", "VIII. Ocho nueva.",
                            "Artículo 4.- …", "I. …", "II. …", "a) y b) …", "c) de instalaciones."]
    assert article_verbs(base, new, diff_documents(base, new)) == {
        "art_3": ["Se adicionan las fracciones VII y VIII al artículo 3."],
        "art_4": ["Se adiciona un inciso c) a la fracción II del artículo 4."]}


def test_an_inciso_a_fraccion_after_four_parrafos_and_an_ordinal_article_are_named_as_the_dof_does(base):
    def edit(arts):
        arts[3].children[2].children[1].text = "estructurales y de instalaciones."
        arts[4].children[5].text = "Dos reformada."
        arts[5].children[0].text = "Texto del sexto reformado."

    decree = decree_of(base, reformed(base, edit))
    assert sentence(decree) == (
        "ARTÍCULO ÚNICO.- Se REFORMAN los artículos 4, fracción II, inciso b); 5, párrafo cuarto, fracción II; "
        "y 6o. del " + TITLE + ", para quedar como sigue:")
    assert body(decree) == ["Artículo 4.- …", "I. …", "II. …", "a) …", "b) estructurales y de instalaciones.",
                            "Artículo 5.- …", "…", "…", "…", "I. …", "II. Dos reformada.",
                            "Artículo 6o.- Texto del sexto reformado."]


def test_parrafos_and_fracciones_derogated_and_a_fraccion_inserted_in_the_middle(base):
    def edit(arts):
        for i in (2, 3):
            arts[1].children[i] = par("Se deroga.", derogated=True)
        for point, key in zip(arts[2].children[3:], ROMAN[3:] + ["VII"], strict=True):
            point.key, point.num = key, f"{key}."  # III to VI move down: IV to VII
        arts[2].children.insert(3, fraccion("III", "Definición intercalada;"))

    new = reformed(base, edit)
    decree = decree_of(base, new)
    assert sentence(decree) == (
        "ARTÍCULO ÚNICO.- Se ADICIONA una fracción III al artículo 3, recorriéndose en su orden los "
        "subsecuentes; y se DEROGAN los párrafos tercero y cuarto del artículo 2 del " + TITLE
        + ", para quedar como sigue:")
    assert article_verbs(base, new, diff_documents(base, new))["art_2"] == [
        "Se derogan los párrafos tercero y cuarto del artículo 2."]


def test_whole_articles_added_and_derogated():
    old = document(*[article(str(i), par(f"Texto propio número {i} sobre la materia {'abcdefghij'[i]}."))
                     for i in range(1, 8)])

    def edit(arts):
        for a in arts[:2]:
            a.children, a.derogated = [par("Se deroga.", derogated=True)], True
        arts.insert(2, article("2bis", par("Artículo adicionado después del dos."), num="Artículo 2 Bis.-"))
        arts[4].children[0].text = "Texto reformado del cuarto."
        arts[6].children[0].text = "Texto reformado del sexto."

    decree = decree_of(old, reformed(old, edit))
    assert sentence(decree) == (
        "ARTÍCULO ÚNICO.- Se REFORMAN los artículos 4 y 6; se ADICIONA el artículo 2 Bis; y se DEROGAN los "
        "artículos 1 y 2 del " + TITLE + ", para quedar como sigue:")
    assert body(decree) == ["Artículo 1.- Se deroga.", "Artículo 2.- Se deroga.",
                            "Artículo 2 Bis.- Artículo adicionado después del dos.",
                            "Artículo 4.- Texto reformado del cuarto.", "Artículo 6.- Texto reformado del sexto."]
    assert decree.title == "REFORMA AL REGLAMENTO DE PRUEBA DEL MUNICIPIO"


def test_added_chapter_and_section_are_named_with_their_gender_and_printed_before_their_articles():
    old = document(*[article(str(i), par(f"Texto propio número {i} sobre la materia {'abcdefghij'[i]}."))
                     for i in range(1, 4)])
    new = copy.deepcopy(old)
    new.body.append(P("chapter", num="CAPÍTULO II", key="2", heading="SANCIONES", children=[
        P("section", num="SECCIÓN PRIMERA", key="1", heading="MULTAS",
          children=[article("4", par("Las multas se fijan en UMA."))])]))
    assign_eids(new.body)
    decree = decree_of(old, new, ["Uno.", "Dos."])
    assert sentence(decree) == (
        "ARTÍCULO ÚNICO.- Se ADICIONAN un Capítulo II, denominado «SANCIONES», una Sección Primera, "
        "denominada «MULTAS», al Capítulo II y el artículo 4 del " + TITLE + ", para quedar como sigue:")
    assert decree.text().split("\n\n")[2:] == [
        "CAPÍTULO II SANCIONES", "SECCIÓN PRIMERA MULTAS", "Artículo 4.- Las multas se fijan en UMA.",
        "TRANSITORIOS", "PRIMERO.- Uno.", "SEGUNDO.- Dos.\n"]
    assert decree.verbs() == {"ADICIONA": ["Capítulo II", "Sección Primera", "artículo 4"]}


def test_a_moved_article_is_relocated_after_the_one_it_now_follows():
    old = document(*[article(str(i), par(f"Texto propio número {i} sobre la materia {'abcdefghijk'[i]}."))
                     for i in range(1, 11)])

    def edit(arts):
        arts.insert(7, arts.pop(2))

    decree = decree_of(old, reformed(old, edit))
    assert sentence(decree) == ("ARTÍCULO ÚNICO.- Se REUBICA el artículo 3 para quedar a continuación del "
                                "artículo 8 del " + TITLE + ", para quedar como sigue:")
    assert decree.verbs() == {"REUBICA": ["artículo 3"]}


def test_reformed_rows_of_a_table_are_named_and_printed_alone():
    rows = [["N°", "Concepto", "UMA"]] + [[str(i), f"Concepto {i}", str(i * 10)] for i in range(1, 8)]
    old = document(article("1", par("Cuotas:"), P("paragraph", table=Table(rows))))
    new = copy.deepcopy(old)
    table = new.body[0].children[0].children[1].table
    table.rows[3][2], table.rows[6][2] = "35", "65"
    decree = decree_of(old, new)
    assert sentence(decree) == ("ARTÍCULO ÚNICO.- Se REFORMAN las filas 3 y 6 de la tabla del artículo 1 del "
                                + TITLE + ", para quedar como sigue:")
    assert body(decree) == ["Artículo 1.- …", "| N° | Concepto | UMA |\n|---|---|---|\n| … |\n| 3 | Concepto 3 | 35 |"
                            "\n| … |\n| 6 | Concepto 6 | 65 |\n| … |"]
    assert decree.verbs() == {"REFORMA": ["artículo 1, tabla, fila 3", "artículo 1, tabla, fila 6"]}


def test_no_change_says_so():
    old = document(article("1", par("Objeto.")))
    decree = build_decree(old, copy.deepcopy(old), transitorios=[IN_FORCE])
    assert sentence(decree) == "ARTÍCULO ÚNICO.- No se modifica disposición alguna del " + TITLE + "."
    assert body(decree) == []


def test_a_new_work_is_expedited_whole_and_a_restructure_abrogates_the_text_in_force(base):
    decree = build_decree(None, base, transitorios=[IN_FORCE])
    assert decree.expide and decree.title == "DECRETO por el que se expide el " + TITLE
    assert sentence(decree) == "ARTÍCULO ÚNICO.- Se expide el " + TITLE + ", para quedar como sigue:"
    lines = decree.text().split("\n\n")
    assert lines[2:5] == ["CAPÍTULO I GENERALES", "Artículo 1.- Objeto del reglamento.",
                          "Artículo 2.- Párrafo 1 original del artículo dos."]
    assert "II. Planos:" in lines and lines[lines.index("II. Planos:") + 1] == INDENT + "a) arquitectónicos;"
    assert lines[-2:] == ["TRANSITORIOS", f"ÚNICO.- {IN_FORCE}\n"]

    def renumber_all(arts):
        for a in arts:
            a.key = str(int(a.key) + 10)
            a.num = f"Artículo {a.key}.-"

    restructured = build_decree(base, reformed(base, renumber_all), transitorios=[IN_FORCE])
    assert restructured.expide and restructured.items == []
    assert restructured.text().split("\n\n")[-3:] == [
        "TRANSITORIOS", f"PRIMERO.- {IN_FORCE}",
        "SEGUNDO.- Se abroga el " + TITLE + ", publicado en el Periódico Oficial del Estado el 1 de enero de 2020.\n"]


def test_an_abrogation_already_in_the_transitorios_is_not_repeated(base):
    def renumber_all(arts):
        for a in arts:
            a.key = str(int(a.key) + 10)
            a.num = f"Artículo {a.key}.-"

    own = ["Entra en vigor al día siguiente.", "Se abroga el reglamento anterior."]
    restructured = build_decree(base, reformed(base, renumber_all), transitorios=own)
    assert restructured.text().split("\n\n")[-3:] == ["TRANSITORIOS", f"PRIMERO.- {own[0]}", f"SEGUNDO.- {own[1]}\n"]


def two_chapters(split: int = 4) -> Document:
    subjects = "vialidades banquetas ciclovías alumbrado drenaje parques mercados panteones".split()
    arts = [article(str(i), par(f"Las {subjects[i - 1]} se rigen por las normas técnicas número {i} del municipio."))
            for i in range(1, 9)]
    doc = document()
    doc.body = [P("chapter", num="CAPÍTULO I", key="1", heading="PRIMERO", children=arts[:split]),
                P("chapter", num="CAPÍTULO II", key="2", heading="SEGUNDO", children=arts[split:])]
    assign_eids(doc.body)
    return doc


def rearranged(base: Document, edit: Callable[[list[Provision]], None]) -> Document:
    new = copy.deepcopy(base)
    edit(new.body)
    assign_eids(new.body)
    new.meta.date = "2021-01-01"
    return new


@pytest.mark.parametrize(("split", "edit", "expected"), [
    (4, lambda chapters: chapters[1].children.insert(0, chapters[0].children.pop(1)),
     "Se REUBICA el artículo 2 para quedar antes del artículo 5"),  # first of its new chapter
    (4, lambda chapters: chapters[0].children.insert(1, chapters[1].children.pop(0)),
     "Se REUBICA el artículo 5 para quedar a continuación del artículo 1"),
    (4, lambda chapters: chapters[1].children.insert(1, article("2bis", par("Los anuncios requieren licencia."),
                                                              num="Artículo 2 Bis.-")),
     "Se ADICIONA el artículo 2 Bis, a continuación del artículo 5"),  # not where its number says
    (4, lambda chapters: chapters[1].children.insert(0, article("4bis", par("Los anuncios requieren licencia."),
                                                              num="Artículo 4 Bis.-")),
     "Se ADICIONA el artículo 4 Bis, antes del artículo 5"),  # opens chapter II
    (4, lambda chapters: chapters[0].children.insert(1, article("1bis", par("Los anuncios requieren licencia."),
                                                              num="Artículo 1 Bis.-")),
     "Se ADICIONA el artículo 1 Bis"),  # where its number says: nothing to add
    (3, lambda chapters: chapters[1].children.insert(0, article("3bis", par("Los anuncios requieren licencia."),
                                                              num="Artículo 3 Bis.-")),
     "Se ADICIONA el artículo 3 Bis, antes del artículo 4"),  # opens chapter II (of 4 to 8 here)
], ids=["relocated-first-of-chapter", "relocated-second", "added-out-of-number-order", "added-first-of-chapter",
        "added-in-number-order", "added-first-of-a-chapter-of-4-to-8"])
def test_where_an_article_now_stands_is_said_when_its_number_does_not_say_it(split, edit, expected):
    base = two_chapters(split)
    decree = decree_of(base, rearranged(base, edit))
    assert sentence(decree) == f"ARTÍCULO ÚNICO.- {expected} del {TITLE}, para quedar como sigue:"


def test_a_reformed_first_parrafo_prints_in_the_article_line_and_the_rest_is_elided():
    base = document(article("3", par("Se entiende por:"), *[fraccion(r, f"Definición {r} original;") for r in ROMAN]))

    def edit(arts):
        arts[0].children[0].text = "Para efectos de este reglamento se entiende por:"
        arts[0].children[2].text = "Definición II reformada;"

    decree = decree_of(base, reformed(base, edit))
    assert sentence(decree) == ("ARTÍCULO ÚNICO.- Se REFORMAN el artículo 3, párrafo primero; fracción II del "
                                + TITLE + ", para quedar como sigue:")
    assert body(decree) == ["Artículo 3.- Para efectos de este reglamento se entiende por:", "I. …",
                            "II. Definición II reformada;", "III. a VI. …"]


def _proposal(*operations: tuple[str, str, str | None, str | None]) -> Proposal:
    """Recorded operations: (type, citation, position, result)."""
    return Proposal(id="propuesta", work="reglamento-prueba", base="2020-01-01", title="Propuesta", operations=[
        Operation(id=f"op-{n}", type=kind, author="prueba", time="2021-01-01T00:00:00", citation=citation,
                  position=position, result=result) for n, (kind, citation, position, result) in enumerate(operations, 1)])


def test_what_the_proposal_recorded_wins_over_what_the_texts_suggest():
    # a whole article reformed with "proposal amend": named whole, printed whole
    base = document(article("1", par("Objeto.")), article("2", par("Primer párrafo del dos."), par("Segundo párrafo.")))
    new = reformed(base, lambda arts: setattr(arts[1].children[0], "text", "Primer párrafo del dos, reformado."))
    assert sentence(decree_of(base, new)).startswith("ARTÍCULO ÚNICO.- Se REFORMA el artículo 2, párrafo primero del")
    rewrite = build_decree(base, new, transitorios=[IN_FORCE], proposal=_proposal(("reformar", "artículo 2", None, "art_2")))
    assert sentence(rewrite).startswith("ARTÍCULO ÚNICO.- Se REFORMA el artículo 2 del")
    assert body(rewrite) == ["Artículo 2.- Primer párrafo del dos, reformado.", "Segundo párrafo."]

    # two neighbours swapped: the texts cannot tell which one moved, the recorded move can
    chapters = two_chapters()
    swapped = rearranged(chapters, lambda body: body[0].children.insert(3, body[0].children.pop(2)))
    assert sentence(decree_of(chapters, swapped)).startswith(
        "ARTÍCULO ÚNICO.- Se REUBICA el artículo 4 para quedar a continuación del artículo 2 del")
    recorded = build_decree(chapters, swapped, transitorios=[IN_FORCE], proposal=_proposal(("mover", "artículo 3", None, None)))
    assert sentence(recorded).startswith("ARTÍCULO ÚNICO.- Se REUBICA el artículo 3 para quedar a continuación del artículo 4 del")

    # an article moved, renumbered and rewritten: only the recorded move follows it
    def move_and_rewrite(body):
        moved = body[0].children.pop(1)
        moved.key, moved.num = "4bis", "Artículo 4 Bis.-"
        moved.children[0].text = "Un texto enteramente distinto sobre anuncios."
        body[1].children.insert(0, moved)

    rewritten = rearranged(chapters, move_and_rewrite)
    guessed = build_decree(chapters, rewritten, transitorios=[IN_FORCE])
    assert sentence(guessed).startswith("ARTÍCULO ÚNICO.- Se ADICIONA el artículo 4 Bis, antes del artículo 5; y se "
                                        "DEROGA el artículo 2 del")
    followed = build_decree(chapters, rewritten, transitorios=[IN_FORCE],
                            proposal=_proposal(("mover", "artículo 2", "4 Bis|after", None)))
    assert sentence(followed).startswith("ARTÍCULO ÚNICO.- Se REFORMA el artículo 4 Bis; y se RECORRE el artículo 2 "
                                         "para pasar a ser el artículo 4 Bis, antes del artículo 5 del")
    assert verify_text(chapters, rewritten, followed.text()).differences == []


def test_a_table_that_lost_a_row_is_reformed_whole():
    """Rows are named only when each reformed row keeps its place; a deleted row shifts the rest."""
    rows = [["N°", "Concepto", "UMA"]] + [[str(i), f"Concepto {i}", str(i * 10)] for i in range(1, 8)]
    old = document(article("1", par("Cuotas:"), P("paragraph", table=Table(rows))))
    new = copy.deepcopy(old)
    table = new.body[0].children[0].children[1].table
    del table.rows[1]
    table.rows[4][2] = "55"
    decree = decree_of(old, new)
    assert sentence(decree) == ("ARTÍCULO ÚNICO.- Se REFORMA el artículo 1, párrafo segundo del " + TITLE
                                + ", para quedar como sigue:")
    assert body(decree)[1].splitlines()[2:] == [f"| {i} | Concepto {i} | {55 if i == 5 else i * 10} |"
                                                for i in range(2, 8)]


def test_an_article_added_alone_in_a_section_is_placed_in_it():
    base = two_chapters()
    base.body.append(P("chapter", num="CAPÍTULO III", key="3", heading="TERCERO", children=[
        P("section", num="SECCIÓN PRIMERA", key="1", heading="ÚNICA", children=[])]))
    assign_eids(base.body)
    new = rearranged(base, lambda body: body[2].children[0].children.append(
        article("9", par("Las sanciones se aplican conforme a la ley."))))
    assert sentence(decree_of(base, new)) == ("ARTÍCULO ÚNICO.- Se ADICIONA el artículo 9, en la Sección Primera del "
                                              "Capítulo III del " + TITLE + ", para quedar como sigue:")


def test_an_article_moved_to_the_very_end_follows_the_last_one():
    base = two_chapters()
    new = rearranged(base, lambda body: body[1].children.append(body[0].children.pop(0)))
    assert sentence(decree_of(base, new)).startswith(
        "ARTÍCULO ÚNICO.- Se REUBICA el artículo 1 para quedar a continuación del artículo 8 del")


def _ten_articles() -> Document:
    subjects = "vialidades banquetas ciclovías alumbrado drenaje parques mercados panteones rastros tránsito".split()
    return document(*[article(str(i), par(f"Las {subjects[i - 1]} se rigen por las normas técnicas número {i}."))
                      for i in range(1, 11)])


def _insert_renumbering_the_rest(at: int) -> Callable[[list[Provision]], None]:
    def edit(arts):
        for moved_down in arts[at:]:
            moved_down.key = str(int(moved_down.key) + 1)
            moved_down.num = f"Artículo {moved_down.key}.-"
        arts.insert(at, article(str(at + 1), par("Un artículo nuevo y diferente sobre anuncios publicitarios.")))
    return edit


def test_a_reform_that_renumbers_more_than_three_in_ten_articles_expedites_a_new_text():
    base = _ten_articles()
    four_of_ten = decree_of(base, reformed(base, _insert_renumbering_the_rest(6)))
    assert four_of_ten.expide and four_of_ten.title == "DECRETO por el que se expide el " + TITLE
    two_of_ten = decree_of(base, reformed(base, _insert_renumbering_the_rest(8)))
    assert not two_of_ten.expide
    assert sentence(two_of_ten) == ("ARTÍCULO ÚNICO.- Se REFORMAN los artículos 9 y 10; y se ADICIONA el artículo 11 "
                                    "del " + TITLE + ", para quedar como sigue:")


def test_every_parrafo_reformed_names_the_article_but_every_inciso_of_a_fraccion_does_not():
    parrafos = document(article("2", *[par(f"Párrafo {i} del dos.") for i in range(1, 4)]))

    def all_parrafos(arts):
        for p in arts[0].children:
            p.text = (p.text or "").replace("del dos", "reformado del dos")

    whole = decree_of(parrafos, reformed(parrafos, all_parrafos))
    assert sentence(whole) == "ARTÍCULO ÚNICO.- Se REFORMA el artículo 2 del " + TITLE + ", para quedar como sigue:"
    assert body(whole) == ["Artículo 2.- Párrafo 1 reformado del dos.", "Párrafo 2 reformado del dos.",
                           "Párrafo 3 reformado del dos."]

    incisos = document(article("4", fraccion("I", "Planos:", children=[inciso("a", "arquitectónicos;"),
                                                                       inciso("b", "estructurales.")])))

    def all_incisos(arts):
        for point in arts[0].children[0].children:
            point.text = (point.text or "").rstrip(".;") + " revisados;"

    named = decree_of(incisos, reformed(incisos, all_incisos))
    assert sentence(named) == ("ARTÍCULO ÚNICO.- Se REFORMAN el artículo 4, fracción I, incisos a) y b) del " + TITLE
                               + ", para quedar como sigue:")


def test_a_reformed_parrafo_and_reformed_rows_share_one_clause():
    rows = [["Zona", "Cajones"]] + [[f"Zona {i}", str(i)] for i in range(1, 6)]
    old = document(article("1", par("Cuotas:"), P("paragraph", table=Table(rows))))
    new = copy.deepcopy(old)
    new.body[0].children[0].children[0].text = "Cuotas vigentes:"
    new.body[0].children[0].children[1].table.rows[2][1] = "7"
    decree = decree_of(old, new)
    assert sentence(decree) == ("ARTÍCULO ÚNICO.- Se REFORMAN el artículo 1, párrafo primero, y la fila 2 de la tabla "
                                "del artículo 1 del " + TITLE + ", para quedar como sigue:")


def test_a_section_added_after_the_articles_of_a_chapter_is_named():
    """Read back, the section lands at the end of the chapter the sentence names, not after it."""
    base = two_chapters()
    new = rearranged(base, lambda body: body[0].children.append(P(
        "section", num="SECCIÓN ÚNICA", key="unico", heading="ANUNCIOS",  # the key the importer gives
        children=[article("4bis", par("Los anuncios requieren licencia."), num="Artículo 4 Bis.-")])))
    decree = decree_of(base, new)
    assert sentence(decree) == ("ARTÍCULO ÚNICO.- Se ADICIONAN una Sección Única, denominada «ANUNCIOS», al Capítulo I y "
                                "el artículo 4 Bis del " + TITLE + ", para quedar como sigue:")
    assert body(decree) == ["SECCIÓN ÚNICA ANUNCIOS", "Artículo 4 Bis.- Los anuncios requieren licencia."]


def test_an_article_given_a_lower_number_is_recorrido():
    base = two_chapters()

    def renumber_down(body):
        third = body[0].children[2]
        third.key, third.num = "2bis", "Artículo 2 Bis.-"

    decree = decree_of(base, rearranged(base, renumber_down))
    assert sentence(decree) == ("ARTÍCULO ÚNICO.- Se RECORRE el artículo 3 para pasar a ser el artículo 2 Bis del "
                                + TITLE + ", para quedar como sigue:")


def test_reformed_rows_of_a_table_inside_a_fraccion_are_named_through_it():
    """The fracción's own text is its párrafo primero, so the table is its párrafo tercero, and the
    elided rows read back into it."""
    rows = [["Zona", "Cajones"]] + [[f"Zona {i}", str(i)] for i in range(1, 6)]
    old = document(article("5", par("Son requisitos:"), fraccion("I", "Los cajones:", children=[
        par("Conforme a la tabla:"), P("paragraph", table=Table(rows))])))
    new = copy.deepcopy(old)
    new.body[0].children[0].children[1].children[1].table.rows[3][1] = "9"
    decree = decree_of(old, new)
    assert sentence(decree) == ("ARTÍCULO ÚNICO.- Se REFORMA la fila 3 de la tabla de la fracción I del artículo 5 del "
                                + TITLE + ", para quedar como sigue:")


def test_a_law_is_reformed_by_a_decree_titled_with_its_verbs():
    law = document(article("1", par("Objeto.")), article("2", par("Texto del dos.")))
    law.meta.kind, law.meta.jurisdiction, law.meta.title = "ley", "mx", "Ley de Prueba"

    def add_only(arts):
        arts.append(article("3", par("Nuevo artículo tres.")))

    def all_three(arts):
        add_only(arts)
        arts[1].children[0].text = "Texto reformado del dos."
        arts[0].children, arts[0].derogated = [par("Se deroga.", derogated=True)], True

    assert decree_of(law, reformed(law, add_only)).title == \
        "DECRETO por el que se adicionan diversas disposiciones de la Ley de Prueba"
    assert decree_of(law, reformed(law, all_three)).title == \
        "DECRETO por el que se reforman, adicionan y derogan diversas disposiciones de la Ley de Prueba"


def test_an_inciso_inserted_before_another_shifts_it():
    base = document(article("4", par("Requisitos:"), fraccion("II", "Planos:", children=[
        inciso("a", "arquitectónicos;"), inciso("b", "estructurales.")])))

    def insert_b(arts):
        planos = arts[0].children[1]
        planos.children[1].key, planos.children[1].num = "c", "c)"
        planos.children.insert(1, inciso("b", "de instalaciones;"))

    assert sentence(decree_of(base, reformed(base, insert_b))) == (
        "ARTÍCULO ÚNICO.- Se ADICIONA un inciso b) a la fracción II del artículo 4, recorriéndose en su orden los "
        "subsecuentes del " + TITLE + ", para quedar como sigue:")


def test_a_label_a_reader_could_not_take_for_one_is_written_out():
    """"b," (a comma where the text should have a parenthesis) is printed "b)", as an inciso."""
    base = document(article("4", par("Requisitos:"), fraccion("II", "Planos:", children=[
        inciso("a", "arquitectónicos;"), P("point", num="b,", key="b", level="inciso", text="estructurales.")])))
    new = reformed(base, lambda arts: setattr(arts[0].children[1].children[1], "text", "estructurales y de instalaciones."))
    assert body(decree_of(base, new)) == ["Artículo 4.- …", "II. …", "a) …", "b) estructurales y de instalaciones."]


def _into_new_chapter(body):
    """Articles 3 and 4 leave Capítulo I for a new Capítulo I Bis: their order is unchanged."""
    b, a = body[0].children.pop(3), body[0].children.pop(2)
    body.insert(1, P("chapter", num="CAPÍTULO I Bis", key="1bis", heading="INTERMEDIO", children=[a, b]))


def _into_new_last_chapter(body):
    """Article 8 goes to a new last chapter, before an article added there."""
    moved = body[1].children.pop(3)
    body.append(P("chapter", num="CAPÍTULO III", key="3", heading="TERCERO",
                  children=[moved, article("9", par("Los tianguis requieren permiso."))]))


def test_articles_moved_into_an_added_chapter_are_relocated_into_it_even_in_the_same_order():
    base = two_chapters()
    decree = decree_of(base, rearranged(base, _into_new_chapter))
    assert sentence(decree) == ("ARTÍCULO ÚNICO.- Se ADICIONA un Capítulo I Bis, denominado «INTERMEDIO»; y se "
                                "REUBICAN el artículo 3 para quedar en el Capítulo I Bis y el artículo 4 para quedar "
                                "en el Capítulo I Bis del " + TITLE + ", para quedar como sigue:")
    decree = decree_of(base, rearranged(base, _into_new_last_chapter))
    assert "se REUBICA el artículo 8 para quedar en el Capítulo III" in sentence(decree)
