from __future__ import annotations

import pytest

from implan_regs.errors import InputError
from implan_regs.importers.normalize import clean_lines, decode_bytes, join_wrapped


def test_decode_utf8_bom_and_cp1252():
    assert decode_bytes("acción".encode("utf-8-sig")) == "acción"
    assert decode_bytes("acción".encode("cp1252")) == "acción"


def test_mojibake_is_repaired():
    bad = "La acción pública y la planeación urbana del municipio".encode().decode("cp1252")
    assert decode_bytes(bad.encode("utf-8")) == "La acción pública y la planeación urbana del municipio"


def test_binary_refused_with_file_name():
    with pytest.raises(InputError, match="x.bin"):
        decode_bytes(b"\x00\x01\x02abc", path="x.bin")


def test_word_separators_and_hyphens():
    raw = "Art\u00edculo\t\r \u00a0 15.-\u00ad\u2010\t\r El\u00a0proceso\x01\n"
    assert [c.text for c in clean_lines(raw)] == ["Artículo 15.- El proceso"]


def test_page_numbers_and_form_feeds_dropped():
    lines = clean_lines("uno\n\n12\n\n\fdos\n1 de 58\ntres")
    assert [c.text for c in lines] == ["uno", "dos", "tres"]
    assert lines[1].blank_before


def test_running_header_dropped():
    page = "Texto del artículo {n} que sigue.\n{n} de 9\nLEY GENERAL DE PRUEBA\nSecretaría General\n"
    text = "".join(page.format(n=n) for n in range(1, 9))
    out = [c.text for c in clean_lines(text)]
    assert "LEY GENERAL DE PRUEBA" not in out and "Secretaría General" not in out
    assert len(out) == 8


def test_join_wrapped_hyphenation():
    assert join_wrapped("planea-", "ción") == "planeación"
    assert join_wrapped("físico-", "Mecánico") == "físico- Mecánico"
    assert join_wrapped("de la", "ciudad") == "de la ciudad"
