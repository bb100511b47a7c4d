"""Hostile and broken inputs: one clear line, exit status 2, nothing written, no traceback."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import snapshot

from implan_regs.cli import main

HOSTILE = Path(__file__).parent / "hostile"


@pytest.fixture
def root(tmp_path) -> Path:
    r = tmp_path / "acervo"
    assert CliRunner().invoke(main, ["--root", str(r), "init"]).exit_code == 0
    return r


def _zip_bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + b" " * (300 * 1024**2) + b"</w:document>")
    return path


def _deep_xml(path: Path) -> Path:
    path.write_text("<akomaNtoso>" + "<a>" * 5000 + "</a>" * 5000 + "</akomaNtoso>")
    return path


def _big_text(path: Path) -> Path:
    line = "Artículo 1.- Texto de relleno para un archivo de cincuenta megabytes.\n"
    with path.open("w", encoding="utf-8") as fh:
        for _ in range(50 * 1024**2 // len(line.encode()) + 1):
            fh.write(line)
    return path


CASES = {
    "xxe": (lambda tmp: HOSTILE / "xxe.akn.xml", "DTD o entidades"),
    "billion laughs": (lambda tmp: HOSTILE / "billion-laughs.xml", "DTD o entidades"),
    "external dtd": (lambda tmp: HOSTILE / "external-dtd.xml", "DTD o entidades"),
    "deeply nested xml": (lambda tmp: _deep_xml(tmp / "profundo.xml"), "XML mal formado"),
    "truncated pdf": (lambda tmp: HOSTILE / "truncated.pdf", "truncated.pdf"),
    "binary junk as text": (lambda tmp: HOSTILE / "junk.txt", "parece binario"),
    "unknown format": (lambda tmp: HOSTILE / "junk.bin", "formato no reconocido"),
    "docx that is not a zip": (lambda tmp: HOSTILE / "not-a-zip.docx", "no es un archivo DOCX válido"),
    "docx without document.xml": (lambda tmp: HOSTILE / "no-document.docx", "word/document.xml"),
    "zip bomb": (lambda tmp: _zip_bomb(tmp / "bomba.docx"), "bomba"),
    "50 MB text": (lambda tmp: _big_text(tmp / "enorme.txt"), "demasiado grande"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_input_is_refused_cleanly(root, tmp_path, case):
    make, expected = CASES[case]
    path = make(tmp_path)
    before = snapshot(root)
    result = CliRunner().invoke(main, ["--root", str(root), "import", str(path), "--work", "hostil",
                                       "--title", "Hostil", "--date", "2020-01-01"])
    assert result.exit_code == 2, (case, result.output, result.exception)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:"), result.output
    assert path.name in lines[0] and expected in lines[0], lines[0]
    assert snapshot(root) == before


@pytest.mark.parametrize("work", ["../fuera", "/etc/passwd", "a/../../b", ".oculto"])
def test_path_traversal_ids_are_refused(root, work):
    before = snapshot(root)
    result = CliRunner().invoke(main, ["--root", str(root), "import", str(HOSTILE / "windows-1252.txt"),
                                       "--work", work, "--title", "X", "--date", "2020-01-01"])
    assert result.exit_code == 2 and "identificador de obra inválido" in result.output
    assert snapshot(root) == before
    assert not (root.parent / "fuera").exists()


def test_windows_1252_text_imports_with_its_accents(root):
    result = CliRunner().invoke(main, ["--root", str(root), "import", str(HOSTILE / "windows-1252.txt"),
                                       "--work", "prueba-1252", "--title", "Prueba", "--date", "2020-01-01"])
    assert result.exit_code == 0, result.output
    shown = CliRunner().invoke(main, ["--root", str(root), "show", "prueba-1252", "-p", "artículo 2 fracción I"])
    assert "Año fiscal" in shown.output and "Ã" not in shown.output
    text = CliRunner().invoke(main, ["--root", str(root), "show", "prueba-1252", "-p", "artículo 1"]).output
    assert "construcción y el diseño de señalización en la vía pública" in text
