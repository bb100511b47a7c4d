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


def test_running_header_words_inside_the_page_are_kept():
    # The header line also occurs as the last line of a wrapped decree title, mid-page: only the
    # copies that sit at page boundaries are furniture.
    header = "Asentamientos Humanos, Ordenamiento Territorial y Desarrollo Urbano."
    pages = []
    for n in range(1, 7):
        pages.append(f"{header}\nDECRETO {n} por el que se reforma la Ley General de\n{header}\n"
                     f"Texto de la página {n}.\n{n} de 6\n")
    out = [c.text for c in clean_lines("".join(pages))]
    assert out.count(header) == 6  # the mid-page copies
    assert out[0] == "DECRETO 1 por el que se reforma la Ley General de"
    assert len(out) == 18  # 6 pages x (decree line, title end, text)


def test_running_header_in_lgahotdu_keeps_decree_titles(shared_corpus):
    text = (shared_corpus / "mx-lgahotdu.txt").read_text(encoding="utf-8")
    out = [c.text for c in clean_lines(text)]
    assert "Secretaría de Servicios Parlamentarios" not in out
    assert not any(t.startswith("CÁMARA DE DIPUTADOS DEL H. CONGRESO") for t in out)
    assert out.count("Asentamientos Humanos, Ordenamiento Territorial y Desarrollo Urbano.") == 4
