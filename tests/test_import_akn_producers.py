"""AKN written by other producers: flat acts numbered only in headings, Indigo/bluebell sections,
and the refusal to store fewer articles than the file visibly has."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from implan_regs.cli import main
from implan_regs.errors import InputError
from implan_regs.importers import import_path
from implan_regs.importers.akn import number_from_heading
from implan_regs.model.tree import DocumentMeta

NS = 'xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"'
IDENT = """<meta><identification source="#x">
  <FRBRWork><FRBRthis value="/akn/mx/act/2020/1/!main"/><FRBRuri value="/akn/mx/act/2020/1"/>
    <FRBRalias value="Reglamento de Prueba" name="title"/><FRBRdate date="2020-01-01" name="Generation"/>
    <FRBRauthor href="#x"/><FRBRcountry value="mx"/></FRBRWork>
  <FRBRExpression><FRBRthis value="/x"/><FRBRuri value="/x"/><FRBRdate date="2021-03-01" name="x"/>
    <FRBRauthor href="#x"/><FRBRlanguage language="spa"/></FRBRExpression>
  <FRBRManifestation><FRBRthis value="/x"/><FRBRuri value="/x"/><FRBRdate date="2021-03-01" name="x"/>
    <FRBRauthor href="#x"/></FRBRManifestation></identification></meta>"""


def act(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<akomaNtoso {NS}><act name="act">{IDENT}<body>{body}</body></act></akomaNtoso>'


def imported(tmp_path: Path, body: str):
    path = tmp_path / "ajeno.akn.xml"
    path.write_text(act(body), encoding="utf-8")
    return import_path(path, DocumentMeta(work="prueba", kind="reglamento", title=""))


FLAT = """
<article eId="a1"><heading>Artículo 1</heading><content><p>El presente reglamento es de orden público.
Apartado A. Su objeto es regular
la movilidad. Apartado B. Se aplica en el municipio.</p></content></article>
<article eId="a2"><heading>Artículo 2</heading><content><p>Para efectos de este reglamento
se aplican las leyes
de la materia.</p><p>Segundo párrafo
del artículo 2
que sigue.</p></content></article>
<article eId="a3"><heading>Artículo 3 Bis</heading><content><p>Texto del tres bis
en dos
líneas.</p></content></article>
<article eId="a4"><heading>Artículo 4.- Sanciones</heading><content><p>Texto del cuatro.</p></content></article>
"""


@pytest.mark.parametrize("hard_wrapped", [True, False])
def test_flat_act_numbered_only_in_headings_keeps_every_article(tmp_path: Path, hard_wrapped: bool) -> None:
    body = FLAT if hard_wrapped else " ".join(FLAT.split())
    result = imported(tmp_path, body)
    doc = result.document
    assert [(a.key, a.heading) for a in doc.articles()] == [("1", None), ("2", None), ("3bis", None),
                                                            ("4", "Sanciones")]
    art1, art2 = doc.articles()[:2]
    assert "Apartado B. Se aplica en el municipio." in art1.plain_text()  # inline apartados stay as text
    assert [c.text for c in art2.children] == ["Para efectos de este reglamento se aplican las leyes de la materia.",
                                               "Segundo párrafo del artículo 2 que sigue."]
    assert not [w for w in result.report.warnings if w.code == "akn-numbering"]


BLUEBELL = """
<chapter eId="chp_I"><num>I</num><heading>Disposiciones generales</heading>
 <section eId="sec_1"><num>1</num><heading>Objeto</heading>
  <subsection eId="sec_1__subsec_1"><content><p>El objeto de este reglamento es regular la movilidad.</p></content></subsection>
  <subsection eId="sec_1__subsec_2"><content><p>Es de orden público.</p></content></subsection>
 </section>
 <section eId="sec_2"><num>2</num><heading>Definiciones</heading>
  <intro><p>Para efectos de este reglamento se entiende por:</p></intro>
  <paragraph eId="sec_2__para_a"><num>(a)</num><content><p>Acera: la parte de la vía.</p></content></paragraph>
  <paragraph eId="sec_2__para_b"><num>(b)</num><content><p>Vía: el espacio público.</p></content></paragraph>
 </section>
</chapter>
<chapter eId="chp_II"><num>II</num><heading>Sanciones</heading>
 <section eId="sec_3"><num>3</num><heading>Multas</heading><content><p>Las multas se fijan en UMA.</p></content></section>
</chapter>
"""


def test_indigo_sections_are_articles_inside_their_chapters(tmp_path: Path) -> None:
    result = imported(tmp_path, BLUEBELL)
    doc = result.document
    chapters = [n for n in doc.body if n.kind == "chapter"]
    assert [(c.num, c.key, c.heading) for c in chapters] == [("CAPÍTULO I", "1", "Disposiciones generales"),
                                                             ("CAPÍTULO II", "2", "Sanciones")]
    assert [[(a.key, a.heading) for a in c.children] for c in chapters] == [
        [("1", "Objeto"), ("2", "Definiciones")], [("3", "Multas")]]
    art1, art2, _ = doc.articles()
    assert [c.text for c in art1.children] == ["El objeto de este reglamento es regular la movilidad.",
                                               "Es de orden público."]
    assert [(p.level, p.key, p.text) for p in art2.children if p.kind == "point"] == [
        ("inciso", "a", "Acera: la parte de la vía."), ("inciso", "b", "Vía: el espacio público.")]
    assert not [w for w in result.report.warnings if w.code in ("hierarchy", "empty")]
    assert (doc.meta.title, doc.meta.date) == ("Reglamento de Prueba", "2021-03-01")


def test_import_that_would_lose_articles_is_refused(tmp_path: Path) -> None:
    """The second <article> has neither <num> nor a numbered heading: read as text, it would merge
    into the first one. Storing one article from a file with two is refused."""
    body = """<article><heading>Artículo 1</heading><content><p>Primera línea
segunda línea
tercera línea.</p></content></article>
<article><content><p>Otro texto
sin número
en tres líneas.</p></content></article>"""
    with pytest.raises(InputError, match="tiene 2 artículos .* solo 1"):
        imported(tmp_path, body)


def test_empty_body_from_a_non_empty_file_is_refused_by_the_cli(tmp_path: Path) -> None:
    root = tmp_path / "acervo"
    runner = CliRunner()
    assert runner.invoke(main, ["--root", str(root), "init"]).exit_code == 0
    path = tmp_path / "vacio.akn.xml"
    path.write_text(act("<hcontainer name='nada'><p>   </p></hcontainer>"), encoding="utf-8")
    result = runner.invoke(main, ["--root", str(root), "import", str(path), "--work", "vacio",
                                  "--title", "Vacío", "--date", "2020-01-01"])
    assert result.exit_code == 2, result.output
    assert "no se encontró ningún texto" in result.output and "Traceback" not in result.output
    assert not list((root).rglob("*.akn.xml"))


@pytest.mark.parametrize(("heading", "num", "rest"), [
    ("Artículo 1", "Artículo 1.", None), ("Artículo 4.- Sanciones", "Artículo 4.", "Sanciones"),
    ("ARTÍCULO PRIMERO.- Vigencia", "ARTÍCULO PRIMERO.", "Vigencia"), ("Artículo 5o. Objeto", "Artículo 5o.", "Objeto"),
    ("Artículo Décimo Primero", "Artículo Décimo Primero.", None)])
def test_number_from_heading(heading: str, num: str, rest: str | None) -> None:
    assert number_from_heading(heading) == (num, rest)


def test_plain_heading_is_not_a_number() -> None:
    assert number_from_heading("Sanciones") is None and number_from_heading("Artículos diversos") is None


def test_number_at_the_start_of_the_text_and_hcontainer_articles(tmp_path: Path) -> None:
    """A producer that writes the number only inside the text, and one that uses generic
    <hcontainer name="article"> elements inside a chapter."""
    body = """<chapter><num>CAPÍTULO I</num><heading>Generalidades</heading>
<article><content><p>Artículo 1.- El Ayuntamiento aplica este reglamento.</p></content></article>
<hcontainer name="article"><heading>Artículo 2.- Ámbito</heading><content><p>Todo el municipio.</p></content></hcontainer>
<article><content><p>ARTÍCULO 3 BIS. Texto del tres bis.</p><p>Segundo párrafo.</p></content></article>
</chapter>"""
    doc = imported(tmp_path, body).document
    (chapter,) = doc.body
    assert [(a.num, a.key, a.heading) for a in chapter.children] == [
        ("Artículo 1.", "1", None), ("Artículo 2.", "2", "Ámbito"), ("ARTÍCULO 3 BIS.", "3bis", None)]
    assert [c.text for c in doc.find("art_1").children] == ["El Ayuntamiento aplica este reglamento."]
    assert [c.text for c in doc.find("art_3bis").children] == ["Texto del tres bis.", "Segundo párrafo."]


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(1, 300), min_size=1, max_size=12, unique=True).map(sorted),
       st.lists(st.booleans(), min_size=12, max_size=12), st.booleans())
def test_flat_acts_keep_every_article(tmp_path: Path, numbers, wrapped, with_heading_text) -> None:
    """Whatever the numbers and however the text is wrapped, a flat act numbered only in its
    headings imports every article, in order, with its number."""
    articles = []
    for n, hard in zip(numbers, wrapped, strict=False):
        text = f"Texto del artículo {n}\nen varias\nlíneas." if hard else f"Texto del artículo {n}."
        heading = f"Artículo {n}.- Materia {n}" if with_heading_text else f"Artículo {n}"
        articles.append(f"<article><heading>{heading}</heading><content><p>{text}</p></content></article>")
    doc = imported(tmp_path, "".join(articles)).document
    assert [a.key for a in doc.articles()] == [str(n) for n in numbers]
    assert all(f"Texto del artículo {a.key}" in a.plain_text() for a in doc.articles())


def test_work_id_from_the_frbr_uri_and_a_clear_request_for_the_title(tmp_path: Path) -> None:
    """A third-party act without a title: the work id comes from its FRBR URI, the error asks for
    --title, and with it the import goes through with the file's own date."""
    path = tmp_path / "ajeno.akn.xml"
    path.write_text(act(BLUEBELL).replace('<FRBRalias value="Reglamento de Prueba" name="title"/>', "")
                    .replace("/akn/mx/act/2020/1", "/akn/mx-coa/act/2019/movilidad-urbana"), encoding="utf-8")
    root = tmp_path / "acervo"
    runner = CliRunner()
    assert runner.invoke(main, ["--root", str(root), "init"]).exit_code == 0
    refused = runner.invoke(main, ["--root", str(root), "import", str(path)])
    assert refused.exit_code == 2 and "obra nueva «movilidad-urbana»" in refused.output and "--title" in refused.output
    ok = runner.invoke(main, ["--root", str(root), "import", str(path), "--title", "Reglamento de Movilidad"])
    assert ok.exit_code == 0, ok.output
    assert "fecha 2021-03-01 (fecha de la expresión que declara el archivo)" in ok.output
