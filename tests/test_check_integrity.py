"""`check` sees content changes that keep the XML valid: file hashes and the history's hash chain."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import raw_store as raw
from click.testing import CliRunner
from conftest import sample_document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from implan_regs.cli import main
from implan_regs.observations import NewObservation, add
from implan_regs.reform import service as reform
from implan_regs.store import Store
from implan_regs.store.check import check_store
from implan_regs.store.integrity import entry_hash, verify

WORK = "reglamento-prueba"
PID = "reforma-prueba"
EXPRESSION = f"works/{WORK}/expressions/spa@2015-12-20.xml"

pytestmark = pytest.mark.backends("files", "postgres")


def build(root: Path) -> Store:
    store = Store.init(root, backend="files")  # the template every test copies onto its own backend
    store.save_expression(sample_document(), author="carga")
    reform.new_proposal(store, f"{WORK}@2015-12-20", PID, "Reforma de prueba", author="Lic. Ana")
    reform.operate(store, PID, "reformar", citation="artículo 2", text="Las autoridades municipales aplican "
                   "este Reglamento.", reason="Precisión.")
    add(store, PID, NewObservation("artículo 2", "Dirección General de Obras Públicas", "Precisar cuáles.",
                                   "2021-05-04", author="Ing. Roberto"), author="obras")
    return store


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("integridad") / "acervo").root


@pytest.fixture
def store(template, tmp_path) -> Store:
    return raw.copy_store(template, tmp_path / "acervo")


def check(store: Store):
    result = CliRunner().invoke(main, ["--root", str(store.root), "check", "--json"])
    return result.exit_code, json.loads(result.output)


def messages(store: Store) -> dict[str, str]:
    return {i.path: i.message for i in check_store(Store.open(store.root))}


def observation(store: Store) -> str:
    return next(rel for rel in recorded(store) if rel.startswith("observations/") and "/OBS-" in rel)


def recorded(store: Store) -> list[str]:
    """Every file the history vouches for, relative to the root."""
    return sorted({rel for line in raw.history(store) for rel in (json.loads(line).get("files") or {})})


def test_every_write_is_sealed_with_its_file_hashes(store):
    lines = [json.loads(line) for line in raw.history(store)]
    assert all(line["chain"] == entry_hash(line) for line in lines)
    assert all(b["prev"] == a["chain"] for a, b in zip(lines, lines[1:], strict=False))
    assert {EXPRESSION, f"proposals/{PID}.xml", "implan-regs.json", f"works/{WORK}/work.json"} <= set(recorded(store))
    assert observation(store).endswith(".xml") and store.is_file(store.root / observation(store))
    assert verify(store.backend) == []


@pytest.mark.backends("files")  # verify() given a folder reads it as a file store (callers that keep a path)
def test_verify_reads_a_folder_as_a_file_store(store):
    assert verify(store.root) == [] and verify(str(store.root)) == []
    raw.write(store, EXPRESSION, raw.read(store, EXPRESSION).replace(b"Alineamiento", b"Desalineado", 1))
    assert [f.path for f in verify(store.root)] == [EXPRESSION]


def test_a_one_word_change_in_a_stored_version_is_reported_with_its_last_good_time(store):
    data = raw.read(store, EXPRESSION)
    assert b"Alineamiento" in data
    raw.write(store, EXPRESSION, data.replace(b"Alineamiento", b"Desalineado", 1))  # still valid XML and AKN
    code, report = check(store)
    assert code == 1 and report["ok"] is False
    found = [i for i in report["issues"] if i["path"] == EXPRESSION]
    assert len(found) == 1 and found[0]["message"].startswith("su contenido cambió sin pasar por el historial")
    assert "«import» de carga (history.jsonl:2)" in found[0]["message"]


def test_an_edited_observation_is_reported(store):
    rel = observation(store)
    raw.write(store, rel, raw.read(store, rel).replace("Precisar cuáles.".encode(), b"Todo correcto."))
    code, report = check(store)
    assert code == 1
    assert any(i["path"] == rel and "su contenido cambió" in i["message"] for i in report["issues"])


def test_a_removed_history_line_is_reported(store):
    lines = raw.history(store)
    del lines[2]
    raw.set_history(store, lines)
    code, report = check(store)
    assert code == 1
    assert any(i["path"] == "history.jsonl:3" and "la cadena del historial se rompe aquí" in i["message"]
               and "entre la línea 2 y esta" in i["message"] for i in report["issues"])


def test_an_edited_history_line_is_reported(store):
    lines = raw.history(store)
    lines[1] = lines[1].replace('"author": "carga"', '"author": "otra persona"')
    raw.set_history(store, lines)
    assert messages(store)["history.jsonl:2"] == "la línea se modificó después de escribirse (su sello no coincide)"


@pytest.mark.backends("files")  # a line torn by a crash: only an append to a file can tear (a row is whole)
def test_a_torn_history_line_is_reported_and_skipped_by_readers(store):
    actions = [json.loads(line)["action"] for line in raw.history(store)]
    history = store.root / "history.jsonl"
    history.write_bytes(history.read_bytes() + b'{"time": "2021-05-0')
    assert messages(store)[f"history.jsonl:{len(actions) + 1}"] == "línea ilegible"
    assert [e.action for e in store.history()] == actions


def test_a_deleted_file_is_reported(store):
    raw.delete(store, f"proposals/{PID}.xml")
    assert messages(store)[f"proposals/{PID}.xml"].startswith("falta el archivo (última versión íntegra:")


def test_a_store_written_before_sealing_is_still_checked_by_its_expression_hashes(store):
    legacy = []
    for line in raw.history(store):
        data = json.loads(line)
        for key in ("files", "prev", "chain"):
            data.pop(key)
        legacy.append(json.dumps(data, ensure_ascii=False))
    raw.set_history(store, legacy)
    assert verify(store.backend) == []
    store = Store.open(store.root)
    store.save_expression(sample_document("2016-01-01"), author="carga")  # sealing starts here
    assert verify(store.backend) == []
    raw.write(store, EXPRESSION, raw.read(store, EXPRESSION).replace(b"Alineamiento", b"Desalineado", 1))
    assert [f.path for f in verify(store.backend)] == [EXPRESSION]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_changed_byte_of_any_recorded_file_is_detected(store, data):
    rel = data.draw(st.sampled_from(recorded(store)))
    original = raw.read(store, rel)
    changed = bytearray(original)
    at = data.draw(st.integers(0, len(changed) - 1))
    changed[at] = (changed[at] + data.draw(st.integers(1, 255))) % 256
    raw.write(store, rel, bytes(changed))
    try:
        assert rel in {f.path for f in verify(store.backend)}
    finally:
        raw.write(store, rel, original)  # the next example starts from the intact store
    assert verify(store.backend) == []


# ------------------------------------------------------------------ severities (exit status)

@pytest.mark.backends("files")  # a copy of the store's folder, index included (PostgreSQL: nothing to copy)
def test_a_healthy_copy_with_its_search_index_exits_0(store, tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, ["--root", str(store.root), "index", "rebuild"]).exit_code == 0
    copy = Store.open(shutil.copytree(store.root, tmp_path / "copia"))
    code, report = check(copy)
    assert code == 0 and report["ok"] is True and report["errors"] == 0, report
    assert all(i["severity"] == "aviso" for i in report["issues"])


def test_a_healthy_store_with_its_search_index_exits_0(store):
    assert CliRunner().invoke(main, ["--root", str(store.root), "index", "rebuild"]).exit_code == 0
    code, report = check(store)
    assert code == 0 and report["ok"] is True and report["errors"] == 0, report
    assert all(i["severity"] == "aviso" for i in report["issues"])


def test_a_stale_index_and_a_pending_reanchoring_are_warnings_with_exit_0(store, monkeypatch):
    runner = CliRunner()
    assert runner.invoke(main, ["--root", str(store.root), "index", "rebuild"]).exit_code == 0
    monkeypatch.setattr(Store, "listeners", [])  # writes the index does not follow: it goes stale
    store = Store.open(store.root)
    add(store, PID, NewObservation("artículo 3 fracción II", "Dirección General de Obras Públicas",
                                   "Definir la densidad neta.", "2021-05-05"), author="obras")
    reform.operate(store, PID, "derogar", citation="artículo 3 fracción II", reason="Se define en el PDDU.")
    code, report = check(store)
    assert code == 0 and report["ok"] is True, report
    kinds = {(i["severity"], i["message"].split(":")[0]) for i in report["issues"]}
    assert {("aviso", "requiere reanclaje"), ("aviso", "índice de búsqueda desactualizado")} <= kinds
    text = CliRunner().invoke(main, ["--root", str(store.root), "check"])
    assert text.exit_code == 0 and "[aviso] observations/" in text.output
    assert text.output.rstrip().endswith("trabajo pendiente, no daño).") and "Acervo íntegro" in text.output


def test_a_data_problem_still_exits_1_beside_warnings(store):
    add(store, PID, NewObservation("artículo 3 fracción II", "Dirección General de Obras Públicas",
                                   "Definir la densidad neta.", "2021-05-05"), author="obras")
    reform.operate(store, PID, "derogar", citation="artículo 3 fracción II", reason="Se define en el PDDU.")
    raw.write(store, EXPRESSION, raw.read(store, EXPRESSION).replace(b"Alineamiento", b"Desalineado", 1))
    code, report = check(store)
    assert code == 1 and report["errors"] == 1 and report["warnings"] >= 1
    text = CliRunner().invoke(main, ["--root", str(store.root), "check"]).output
    assert f"[ERROR] {EXPRESSION}: su contenido cambió" in text and "1 problema en los datos" in text


@pytest.mark.backends("files")  # the file store's tar archive (PostgreSQL's backup is pg_dump)
def test_a_tampered_archive_with_a_consistent_manifest_is_reported_on_restore(store, tmp_path):
    import hashlib
    import io
    import tarfile

    archive = tmp_path / "copia.tar.gz"
    assert CliRunner().invoke(main, ["--root", str(store.root), "backup", "-o", str(archive)]).exit_code == 0
    with tarfile.open(archive) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    members[EXPRESSION] = members[EXPRESSION].replace(b"Alineamiento", b"Desalineado", 1)
    manifest = json.loads(members.pop("MANIFEST.json"))
    manifest["files"][EXPRESSION] = hashlib.sha256(members[EXPRESSION]).hexdigest()
    members["MANIFEST.json"] = json.dumps(manifest).encode()
    forged = tmp_path / "alterada.tar.gz"
    with tarfile.open(forged, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    result = CliRunner().invoke(main, ["--root", str(tmp_path / "restaurado"), "restore", str(forged), "--json"])
    assert result.exit_code == 1
    issues = json.loads(result.output)["issues"]
    assert any(i["path"] == EXPRESSION and "su contenido cambió" in i["message"] for i in issues)
