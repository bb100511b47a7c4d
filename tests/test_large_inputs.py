"""Large legal inputs stay linear: no párrafo grows without bound, no check rescans a whole text.

Speed itself is measured by ``scripts/bench-import --large`` (ratios, not wall-clock asserts)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from implan_regs.importers.definitions import _INTRO, is_glossary_intro
from implan_regs.importers.recognizer import MAX_PARAGRAPH
from implan_regs.importers.text import import_text
from implan_regs.model.tree import DocumentMeta

LINE = "texto de una línea corta más"


def test_a_huge_run_of_wrapped_lines_is_split_with_a_warning_and_nothing_lost():
    count = 2 * MAX_PARAGRAPH // len(LINE) + 50
    result = import_text("Artículo 1.- Objeto.\n" + (LINE + "\n") * count,
                         DocumentMeta(work="x", kind="reglamento", title="X", date="2020-01-01"))
    article = result.document.articles()[0]
    texts = [c.text for c in article.children if c.kind == "paragraph"]
    assert len(texts) == 3 and all(len(t) <= MAX_PARAGRAPH + len(LINE) + 1 for t in texts)
    assert " ".join([article.text or "", *texts]).split() == ("Objeto. " + (LINE + " ") * count).split()
    long = [w for w in result.report.warnings if w.code == "long"]
    assert len(long) == 2 and long[0].message == "párrafo de más de 50 000 caracteres: continúa en un párrafo nuevo"


WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzáéíóú ,.;:", max_size=2000)
CHAPEAUX = st.sampled_from(["Para los efectos de este Reglamento se entenderá por:",
                            "Se consideran zonas de riesgo las siguientes:", "Definiciones:",
                            "se entiende por:  ", "Para efectos de esta Ley, se define como sigue: algo",
                            ""])


@settings(max_examples=300)
@given(prefix=WORDS, chapeau=CHAPEAUX)
def test_the_glossary_chapeau_check_reads_only_the_tail_and_agrees_with_a_full_search(prefix, chapeau):
    text = prefix + " " + chapeau
    assert is_glossary_intro(text) == bool(_INTRO.search(text))


# ------------------------------------------------------------------ text lost or left unstructured

def test_a_3000_level_nested_markdown_list_warns_that_text_was_lost(tmp_path):
    from click.testing import CliRunner

    from implan_regs.cli import main

    source = tmp_path / "anidada.md"
    source.write_text("".join("  " * i + f"- nivel {i}\n" for i in range(3000)), "utf-8")
    runner = CliRunner()
    root = tmp_path / "acervo"
    assert runner.invoke(main, ["--root", str(root), "init"]).exit_code == 0
    args = ["--root", str(root), "import", str(source), "--work", "anidada", "--kind", "reglamento",
            "--title", "Anidada", "--date", "2020-01-01"]
    report = runner.invoke(main, [*args, "--dry-run"]).output
    assert "Sin advertencias" not in report
    assert "¡ATENCIÓN! el documento conserva" in report and "de las 15 000 letras del archivo" in report
    assert "no se reconoció ninguna disposición" in report
    assert runner.invoke(main, [*args, "--strict"]).exit_code == 2


def test_text_without_any_provision_says_so():
    text = "Este documento no tiene artículos.\n\nSolo párrafos de exposición de motivos.\n"
    result = import_text(text, DocumentMeta(work="x", kind="reglamento", title="X", date="2020-01-01"))
    assert [w.code for w in result.report.warnings] == ["structure"]
    assert result.report.warnings[0].message.endswith("todo el texto (73 caracteres) quedó en el preámbulo")


def test_real_texts_keep_their_text_and_structure(shared_corpus):
    from implan_regs.importers import import_path

    for name in ("mx-lgahotdu.md", "torreon-reglamento-movilidad-urbana.txt"):
        report = import_path(shared_corpus / name, DocumentMeta(work="x", kind="ley", title="X",
                                                                 date="2020-01-01")).report
        assert not [w for w in report.warnings if w.code in ("lost", "structure", "collapse")], name
