"""`settings`: the texts an institute keeps in its store, checked before they are stored, read by
the modules that use them, on both backends (on PostgreSQL this is the only way to put them there)."""

from __future__ import annotations

import hashlib
import json

import pytest
from click.testing import CliRunner
from conftest import sample_document, snapshot

from implan_regs.business_days import store_calendar
from implan_regs.cli import main
from implan_regs.reform.drafting import preamble
from implan_regs.review.external import load as external_rules
from implan_regs.store import Store

pytestmark = pytest.mark.backends("files", "postgres")


@pytest.fixture
def root(tmp_path):
    store = Store.init(tmp_path / "acervo")
    store.save_expression(sample_document(), author="prueba")
    return tmp_path / "acervo"


def cli(root, *args):
    return CliRunner().invoke(main, ["--root", str(root), *args])


def test_the_municipal_calendar_is_stored_checked_and_used(root, tmp_path):
    store = Store.open(root)
    # 2025-03-14 (Friday) + 1 día hábil: Monday 17 March is a federal rest day (LFT art. 74) -> 18
    assert store_calendar(store).add("2025-03-14", 1) == "2025-03-18"
    days = tmp_path / "dias.txt"
    days.write_text("# elecciones\n2025-03-18\n", encoding="utf-8")
    done = cli(root, "settings", "set", "dias-inhabiles", str(days), "--author", "ana", "-m", "jornada electoral")
    assert done.exit_code == 0, done.output
    assert "dias-inhabiles.txt" in done.output
    store = Store.open(root)
    assert store_calendar(store).add("2025-03-14", 1) == "2025-03-19"
    entry = store.history()[-1]
    assert (entry.action, entry.author, entry.message) == ("settings", "ana", "jornada electoral")
    assert entry.sha256 == hashlib.sha256(days.read_bytes()).hexdigest()
    assert cli(root, "settings", "show", "dias-inhabiles").output == days.read_text("utf-8")
    assert cli(root, "check").exit_code == 0


def test_a_bad_text_is_refused_naming_its_file_and_nothing_is_written(root, tmp_path):
    before = snapshot(Store.open(root))
    bad = tmp_path / "dias.txt"
    bad.write_text("2025-03-18\n18/03/2025\n", encoding="utf-8")
    refused = cli(root, "settings", "set", "dias-inhabiles", str(bad))
    assert refused.exit_code == 2
    assert f"{bad}: línea 2: '18/03/2025' no es una fecha AAAA-MM-DD" in refused.output
    assert "Traceback" not in refused.output
    template = tmp_path / "preambulo.txt"
    template.write_text("El Ayuntamiento de {municipio} {fecha_sesion", encoding="utf-8")
    assert cli(root, "settings", "set", "preambulo", str(template)).exit_code == 2
    unknown = cli(root, "settings", "set", "colores", str(template))
    assert unknown.exit_code == 2 and "ajuste desconocido" in unknown.output
    assert snapshot(Store.open(root)) == before


def test_the_preamble_template_and_external_references_replace_the_shipped_ones(root, tmp_path):
    store = Store.open(root)
    meta = store.load("reglamento-prueba").meta
    shipped_rules = external_rules(store)
    template = tmp_path / "preambulo.txt"
    template.write_text("El Cabildo de {municipio} aprobó {titulo}.\n", encoding="utf-8")
    assert cli(root, "settings", "set", "preambulo", str(template)).exit_code == 0
    table = tmp_path / "referencias.txt"
    own = "\n".join(line for line in cli(root, "settings", "show", "referencias-externas").output.splitlines()
                    if line.startswith("#") or not line.strip()) + "\n"
    table.write_text(own, encoding="utf-8")  # only its comments: no rule
    assert cli(root, "settings", "set", "referencias-externas", str(table)).exit_code == 0
    store = Store.open(root)
    assert preamble(meta, store) == ["El Cabildo de Torreón, Coahuila de Zaragoza aprobó Reglamento de Prueba."]
    assert shipped_rules and external_rules(store) == []
    rows = json.loads(cli(root, "settings", "list", "--json").output)
    assert {r["name"]: r["stored"] for r in rows} == {"dias-inhabiles": False, "preambulo": True,
                                                     "referencias-externas": True}
