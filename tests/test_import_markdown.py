"""Markdown import reads CommonMark: underscores inside words, escapes, lists and tables."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from implan_regs.importers.markdown import import_markdown, markdown_to_lines
from implan_regs.model.tree import DocumentMeta


def texts(markdown: str) -> list[str]:
    return [line.text for line in markdown_to_lines(markdown)]


def test_underscores_inside_words_and_escapes_are_text():
    assert texts("Zona uso_de_suelo_mixto y clave __CU__ o CS_2.") == ["Zona uso_de_suelo_mixto y clave CU o CS_2."]
    assert texts(r"Factor 2 \* 3, \_x\_, \# no es título, a \\ b") == [r"Factor 2 * 3, _x_, # no es título, a \ b"]
    assert texts("*Énfasis*, **negrita**, [enlace](https://x.mx) y `código_1` &amp; más") == \
        ["Énfasis, negrita, enlace y código_1 & más"]


def test_headings_lists_and_paragraph_lines():
    lines = markdown_to_lines("# TÍTULO PRIMERO\n\n### Artículo 1\n. Objeto.\n\n1. Primero;\n2) Segundo.\n- Viñeta")
    assert [(line.text, line.style, line.blank_before) for line in lines] == [
        ("TÍTULO PRIMERO", "h1", True), ("Artículo 1. Objeto.", None, True),
        ("1. Primero;", None, True), ("2) Segundo.", None, False), ("- Viñeta", None, False)]
    assert [line.lineno for line in lines] == [1, 3, 6, 7, 8]


def test_pipe_tables_keep_escaped_pipes_and_underscores():
    (line,) = markdown_to_lines("| Uso | Clave |\n|---|---|\n| Mixto \\| alto | uso_mixto |")
    assert line.table.rows == [["Uso", "Clave"], ["Mixto | alto", "uso_mixto"]] and line.table.header_rows == 1


@given(st.lists(st.from_regex(r"[a-zñ]{1,6}(_[a-zñ0-9]{1,6}){1,3}", fullmatch=True), min_size=1, max_size=6))
def test_snake_case_words_survive(words):
    line = "Clave " + " ".join(words) + "."
    assert texts(line) == [line]


def test_imported_provision_keeps_the_underscores(tmp_path):
    source = tmp_path / "r.md"
    source.write_text("## Artículo 1\n. El uso_de_suelo_mixto se rige por la tabla \\*A\\*.\n", "utf-8")
    meta = DocumentMeta(work="rp", kind="reglamento", title="Reglamento de Prueba", date="2020-01-01")
    (article,) = import_markdown(source, meta).document.body
    assert "El uso_de_suelo_mixto se rige por la tabla *A*." in article.plain_text()
