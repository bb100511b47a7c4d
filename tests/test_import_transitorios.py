"""Transitorios in the forms real texts print them: `Artículo Primero.-` after TRANSITORIOS (or with
no heading at all), letter-spaced headings, `PRIMERO TRANSITORIO.-`, and a consolidated text's reform
transitorios kept per decree."""

from __future__ import annotations

import pytest

from implan_regs.importers.text import import_text
from implan_regs.model.tree import DocumentMeta

BODY = """REGLAMENTO DE PRUEBA DEL MUNICIPIO DE TORREÓN

CAPÍTULO I
DISPOSICIONES GENERALES

Artículo 1.- El presente reglamento es de orden público.

Artículo 2.- Se aplica en todo el municipio.

Artículo 3.- Las autoridades son:
I. El Ayuntamiento;
II. El Presidente Municipal.

"""
ORIGINAL = """Artículo Primero.- El presente reglamento entrará en vigor al día siguiente de su publicación.

Artículo Segundo.- Se abroga el reglamento anterior.

Artículo Tercero.- Se derogan las disposiciones que se opongan.

Artículo Cuarto.- Publíquese en el Periódico Oficial del Estado.
"""
REFORMS = """
REFORMA PUBLICADA EN EL P.O. 15 DE MARZO DE 2019

TRANSITORIOS

ARTÍCULO PRIMERO.- La presente reforma entrará en vigor al día siguiente.

ARTÍCULO SEGUNDO.- Se derogan las disposiciones contrarias.

DECRETO QUE REFORMA EL ARTÍCULO 2, P.O. 10 DE ENERO DE 2021

TRANSITORIOS

ÚNICO.- Esta reforma entra en vigor el día de su publicación.
"""


def imported(text: str, *, wrapped: bool = False):
    if wrapped:  # the same text as a PDF gives it: no blank lines between paragraphs
        text = "\n".join(line for line in text.splitlines() if line.strip())
    return import_text(text, DocumentMeta(work="prueba", kind="reglamento", title="Prueba"))


def transitorios(result) -> list[list[str | None]]:
    return [[t.key for t in block.children if t.kind == "transitional"] for block in result.document.transitorios()]


HEADINGS = ["TRANSITORIOS", "T R A N S I T O R I O S", "ARTÍCULOS TRANSITORIOS:", "Transitorios", "TRANSITORIOS.-",
            "DISPOSICIONES TRANSITORIAS", ""]
STYLES = ["Artículo Primero.-", "ARTÍCULO PRIMERO.-", "ARTICULO PRIMERO TRANSITORIO.-", "PRIMERO.-"]
# Without a heading, a bare «PRIMERO.-» can only be text of artículo 3: that combination is not a form.
FORMS = [(h, s) for h in HEADINGS for s in STYLES if h or s != "PRIMERO.-"]


@pytest.mark.parametrize("wrapped", [False, True])
@pytest.mark.parametrize(("heading", "style"), FORMS)
def test_ordinal_articles_after_the_body_are_transitorios(heading: str, style: str, wrapped: bool) -> None:
    words = style.split()
    prefix = " ".join(w for w in words[:-1] if not w.upper().startswith("PRIMERO"))
    upper = style.isupper() or words[-1].isupper()
    original = ORIGINAL
    for ordinal in ("Primero", "Segundo", "Tercero", "Cuarto"):
        label = ordinal.upper() if upper else ordinal
        label = f"{label} TRANSITORIO" if "TRANSITORIO" in style else label
        original = original.replace(f"Artículo {ordinal}.-", f"{prefix} {label}.-".strip())
    result = imported(BODY + heading + "\n\n" + original, wrapped=wrapped)
    assert [a.key for a in result.document.articles()] == ["1", "2", "3"]
    assert transitorios(result) == [["1", "2", "3", "4"]]
    first = result.document.transitorios()[0].children[0]
    assert first.children[0].text == "El presente reglamento entrará en vigor al día siguiente de su publicación."
    if not heading and "TRANSITORIO" not in style:
        assert any(w.code == "guess" and "sin encabezado" in w.message for w in result.report.warnings)


@pytest.mark.parametrize("wrapped", [False, True])
def test_reform_transitorios_are_kept_per_decree(wrapped: bool) -> None:
    result = imported(BODY + "TRANSITORIOS\n\n" + ORIGINAL + REFORMS, wrapped=wrapped)
    blocks = result.document.transitorios()
    assert [(b.subheading, [t.key for t in b.children if t.kind == "transitional"]) for b in blocks] == [
        (None, ["1", "2", "3", "4"]),
        ("REFORMA PUBLICADA EN EL P.O. 15 DE MARZO DE 2019", ["1", "2"]),
        ("DECRETO QUE REFORMA EL ARTÍCULO 2, P.O. 10 DE ENERO DE 2021", ["unico"])]
    last_original = blocks[0].children[-1]
    assert [c.text for c in last_original.children] == ["Publíquese en el Periódico Oficial del Estado."]
    assert [a.key for a in result.document.articles()] == ["1", "2", "3"]
