"""Honest decoding: per file, stray bytes reported with their line, never silent mojibake."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import snapshot
from hypothesis import given, settings
from hypothesis import strategies as st

from implan_regs.cli import main
from implan_regs.errors import InputError
from implan_regs.importers import import_path
from implan_regs.importers.normalize import decode_source
from implan_regs.model.tree import DocumentMeta
from implan_regs.observations.csvimport import parse_csv

MOVILIDAD = "torreon-reglamento-movilidad-urbana.txt"


def _with_stray_byte(data: bytes) -> tuple[bytes, int]:
    """The real text with one cp1252 apostrophe (0x92) inserted mid-file; and that line's number."""
    cut = data.index(b"\n", len(data) // 2)
    return data[:cut] + b" l\x92 " + data[cut:], data[:cut].count(b"\n") + 1


def _meta() -> DocumentMeta:
    return DocumentMeta(work="movilidad", kind="reglamento", title="Movilidad", date="2014-11-01")


def test_one_stray_byte_keeps_utf8_and_every_article(shared_corpus, tmp_path):
    clean = shared_corpus / MOVILIDAD
    data, line = _with_stray_byte(clean.read_bytes())
    dirty = tmp_path / "movilidad.txt"
    dirty.write_bytes(data)
    expected = [a.key for a in import_path(clean, _meta()).document.articles()]
    result = import_path(dirty, _meta())
    assert [a.key for a in result.document.articles()] == expected and len(expected) == 179
    assert result.report.encoding == "UTF-8"
    warnings = [w for w in result.report.warnings if w.code == "encoding"]
    assert [(w.line, w.message) for w in warnings] == [
        (line, "byte 0x92 no válido en UTF-8; se leyó como «’» (Windows-1252)")]
    assert "Artículo 1.-" in result.document.articles()[0].num


def test_cli_reports_the_stray_byte_and_strict_refuses(shared_corpus, tmp_path):
    data, line = _with_stray_byte((shared_corpus / MOVILIDAD).read_bytes())
    dirty = tmp_path / "movilidad.txt"
    dirty.write_bytes(data)
    root = tmp_path / "acervo"
    runner = CliRunner()
    assert runner.invoke(main, ["--root", str(root), "init"]).exit_code == 0
    before = snapshot(root)
    args = ["--root", str(root), "import", str(dirty), "--work", "movilidad", "--kind", "reglamento",
            "--title", "Movilidad", "--date", "2014-11-01"]
    strict = runner.invoke(main, [*args, "--strict"])
    assert strict.exit_code == 2, strict.output
    assert f"línea {line}: byte 0x92 no válido en UTF-8" in strict.output and "Traceback" not in strict.output
    assert snapshot(root) == before
    done = runner.invoke(main, [*args, "--json"])
    assert done.exit_code == 0, done.output
    report = json.loads(done.output)["report"]
    assert report["encoding"] == "UTF-8" and report["counts"]["article"] == 179
    assert [(w["line"], w["message"]) for w in report["warnings"] if w["code"] == "encoding"] == [
        (line, "byte 0x92 no válido en UTF-8; se leyó como «’» (Windows-1252)")]
    text = runner.invoke(main, [*args, "--dry-run"]).output
    assert "Codificación: UTF-8" in text and f"línea {line}: byte 0x92" in text


def test_a_windows_1252_file_is_read_as_such_and_says_so(shared_corpus, tmp_path):
    text = (shared_corpus / MOVILIDAD).read_text(encoding="utf-8")
    legacy = tmp_path / "movilidad.txt"
    legacy.write_bytes(text.encode("cp1252"))
    result = import_path(legacy, _meta())
    assert result.report.encoding == "Windows-1252"
    assert not [w for w in result.report.warnings if w.code in ("encoding", "collapse")]
    assert len(result.document.articles()) == 179


def test_article_count_collapsing_against_visible_headings_refuses_or_warns_first(shared_corpus, tmp_path):
    text = (shared_corpus / MOVILIDAD).read_text(encoding="utf-8")
    head, rest = text.split("Artículo 4.", 1)
    garbled = tmp_path / "garbled.txt"  # a file some earlier tool already garbled (valid UTF-8)
    garbled.write_text(head + "Artículo 4." + rest.replace("Artículo", "Art\ufffdculo"), encoding="utf-8")
    with pytest.raises(InputError, match=r"garbled\.txt: el texto muestra \d+ encabezados de artículo"):
        import_path(garbled, _meta())
    result = import_path(garbled, _meta(), partial=True)
    first = result.report.warnings[0]
    assert first.code == "collapse" and first.message.startswith("¡ATENCIÓN! el texto muestra")
    assert f"solo se reconocieron {len(result.document.articles())} artículos" in first.message
    assert len(result.document.articles()) < 20
    healthy = import_path(shared_corpus / MOVILIDAD, _meta())
    assert not [w for w in healthy.report.warnings if w.code == "collapse"]


def test_csv_with_a_stray_byte_is_refused_naming_its_line():
    data = "departamento,provisión,texto,recibida\n".encode() + \
        "Obras,artículo 1,Revisar la acción,2020-01-02\n".encode() + b"Obras,art\xedculo 2,Texto,2020-01-02\n"
    with pytest.raises(InputError, match=r"obs\.csv: línea 3: byte 0xED no válido en UTF-8"):
        parse_csv(data, path="obs.csv")


SPANISH = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABCXYZ.,;:-\náéíóúñü", min_size=1, max_size=300)


@settings(max_examples=200, deadline=None)
@given(before=SPANISH, after=SPANISH, stray=st.sampled_from([0x80, 0x92, 0x93, 0xA0, 0xBF, 0xE9, 0xF1]))
def test_a_stray_byte_in_utf8_is_reported_on_its_line_and_the_rest_is_intact(before, after, stray):
    if before.isascii() and after.isascii():  # no UTF-8 evidence: Windows-1252 reads it the same way
        assert decode_source(before.encode() + bytes([stray])).encoding == "Windows-1252"
        return
    data = before.encode() + bytes([stray]) + b" " + after.encode()
    decoded = decode_source(data)
    assert decoded.encoding == "UTF-8"
    assert [(s.line, s.raw) for s in decoded.stray] == [(before.count("\n") + 1, bytes([stray]))]
    assert decoded.text == before + bytes([stray]).decode("cp1252") + " " + after


@settings(max_examples=200, deadline=None)
@given(text=SPANISH.filter(lambda t: any(ord(c) > 127 for c in t)))
def test_windows_1252_text_round_trips_and_utf8_is_never_mistaken(text):
    legacy = decode_source(text.encode("cp1252"))
    assert (legacy.text, legacy.encoding, legacy.stray) == (text, "Windows-1252", [])
    modern = decode_source(text.encode("utf-8"))
    assert (modern.text, modern.encoding, modern.stray) == (text, "UTF-8", [])
