"""`check` sees content changes that keep the XML valid: file hashes and the history's hash chain."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import sample_document
from hypothesis import given, settings
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


def build(root: Path) -> Store:
    store = Store.init(root)
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
def root(template, tmp_path) -> Path:
    return Path(shutil.copytree(template, tmp_path / "acervo", ignore=shutil.ignore_patterns(".lock", ".index*")))


def check(root: Path):
    result = CliRunner().invoke(main, ["--root", str(root), "check", "--json"])
    return result.exit_code, json.loads(result.output)


def messages(root: Path) -> dict[str, str]:
    return {i.path: i.message for i in check_store(Store.open(root))}


def observation(root: Path) -> Path:
    return next((root / "observations").rglob("OBS-*.xml"))


def test_every_write_is_sealed_with_its_file_hashes(root):
    lines = [json.loads(line) for line in (root / "history.jsonl").read_text("utf-8").splitlines()]
    assert all(line["chain"] == entry_hash(line) for line in lines)
    assert all(b["prev"] == a["chain"] for a, b in zip(lines, lines[1:], strict=False))
    recorded = {rel for line in lines for rel in (line.get("files") or {})}
    assert {EXPRESSION, f"proposals/{PID}.xml", "implan-regs.json", f"works/{WORK}/work.json"} <= recorded
    assert observation(root).relative_to(root).as_posix() in recorded
    assert verify(root) == []


def test_a_one_word_change_in_a_stored_version_is_reported_with_its_last_good_time(root):
    path = root / EXPRESSION
    data = path.read_bytes()
    assert b"Alineamiento" in data
    path.write_bytes(data.replace(b"Alineamiento", b"Desalineado", 1))  # still valid XML and AKN
    code, report = check(root)
    assert code == 1 and report["ok"] is False
    found = [i for i in report["issues"] if i["path"] == EXPRESSION]
    assert len(found) == 1 and found[0]["message"].startswith("su contenido cambió sin pasar por el historial")
    assert "«import» de carga (history.jsonl:2)" in found[0]["message"]


def test_an_edited_observation_is_reported(root):
    path = observation(root)
    path.write_bytes(path.read_bytes().replace("Precisar cuáles.".encode(), b"Todo correcto."))
    code, report = check(root)
    assert code == 1
    assert any(i["path"] == path.relative_to(root).as_posix() and "su contenido cambió" in i["message"]
               for i in report["issues"])


def test_a_removed_history_line_is_reported(root):
    history = root / "history.jsonl"
    lines = history.read_text("utf-8").splitlines(keepends=True)
    del lines[2]
    history.write_text("".join(lines), "utf-8")
    code, report = check(root)
    assert code == 1
    assert any(i["path"] == "history.jsonl:3" and "la cadena del historial se rompe aquí" in i["message"]
               and "entre la línea 2 y esta" in i["message"] for i in report["issues"])


def test_an_edited_history_line_is_reported(root):
    history = root / "history.jsonl"
    lines = history.read_text("utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace('"author": "carga"', '"author": "otra persona"')
    history.write_text("".join(lines), "utf-8")
    assert messages(root)["history.jsonl:2"] == "la línea se modificó después de escribirse (su sello no coincide)"


def test_a_deleted_file_is_reported(root):
    (root / "proposals" / f"{PID}.xml").unlink()
    assert messages(root)[f"proposals/{PID}.xml"].startswith("falta el archivo (última versión íntegra:")


def test_a_store_written_before_sealing_is_still_checked_by_its_expression_hashes(root):
    history = root / "history.jsonl"
    legacy = []
    for line in history.read_text("utf-8").splitlines():
        data = json.loads(line)
        for key in ("files", "prev", "chain"):
            data.pop(key)
        legacy.append(json.dumps(data, ensure_ascii=False))
    history.write_text("\n".join(legacy) + "\n", "utf-8")
    assert verify(root) == []
    store = Store.open(root)
    store.save_expression(sample_document("2016-01-01"), author="carga")  # sealing starts here
    assert verify(root) == []
    path = root / EXPRESSION
    path.write_bytes(path.read_bytes().replace(b"Alineamiento", b"Desalineado", 1))
    assert [f.path for f in verify(root)] == [EXPRESSION]


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_changed_byte_of_any_recorded_file_is_detected(template, tmp_path_factory, data):
    root = Path(shutil.copytree(template, tmp_path_factory.mktemp("byte") / "acervo",
                                ignore=shutil.ignore_patterns(".lock", ".index*")))
    recorded = sorted({rel for line in (root / "history.jsonl").read_text("utf-8").splitlines()
                       for rel in (json.loads(line).get("files") or {})})
    rel = data.draw(st.sampled_from(recorded))
    raw = bytearray((root / rel).read_bytes())
    at = data.draw(st.integers(0, len(raw) - 1))
    raw[at] = (raw[at] + data.draw(st.integers(1, 255))) % 256
    (root / rel).write_bytes(bytes(raw))
    assert rel in {f.path for f in verify(root)}


# ------------------------------------------------------------------ severities (exit status)

def test_a_healthy_copy_with_its_search_index_exits_0(root, tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, ["--root", str(root), "index", "rebuild"]).exit_code == 0
    copy = Path(shutil.copytree(root, tmp_path / "copia"))
    code, report = check(copy)
    assert code == 0 and report["ok"] is True and report["errors"] == 0, report
    assert all(i["severity"] == "aviso" for i in report["issues"])


def test_a_stale_index_and_a_pending_reanchoring_are_warnings_with_exit_0(root, monkeypatch):
    runner = CliRunner()
    assert runner.invoke(main, ["--root", str(root), "index", "rebuild"]).exit_code == 0
    monkeypatch.setattr(Store, "listeners", [])  # writes the index does not follow: it goes stale
    store = Store.open(root)
    add(store, PID, NewObservation("artículo 3 fracción II", "Dirección General de Obras Públicas",
                                   "Definir la densidad neta.", "2021-05-05"), author="obras")
    reform.operate(store, PID, "derogar", citation="artículo 3 fracción II", reason="Se define en el PDDU.")
    code, report = check(root)
    assert code == 0 and report["ok"] is True, report
    kinds = {(i["severity"], i["message"].split(":")[0]) for i in report["issues"]}
    assert {("aviso", "requiere reanclaje"), ("aviso", "índice de búsqueda desactualizado")} <= kinds
    text = CliRunner().invoke(main, ["--root", str(root), "check"])
    assert text.exit_code == 0 and "[aviso] observations/" in text.output
    assert text.output.rstrip().endswith("trabajo pendiente, no daño).") and "Acervo íntegro" in text.output


def test_a_data_problem_still_exits_1_beside_warnings(root):
    store = Store.open(root)
    add(store, PID, NewObservation("artículo 3 fracción II", "Dirección General de Obras Públicas",
                                   "Definir la densidad neta.", "2021-05-05"), author="obras")
    reform.operate(store, PID, "derogar", citation="artículo 3 fracción II", reason="Se define en el PDDU.")
    (root / EXPRESSION).write_bytes((root / EXPRESSION).read_bytes().replace(b"Alineamiento", b"Desalineado", 1))
    code, report = check(root)
    assert code == 1 and report["errors"] == 1 and report["warnings"] >= 1
    text = CliRunner().invoke(main, ["--root", str(root), "check"]).output
    assert f"[ERROR] {EXPRESSION}: su contenido cambió" in text and "1 problema en los datos" in text


def test_a_tampered_archive_with_a_consistent_manifest_is_reported_on_restore(root, tmp_path):
    import hashlib
    import io
    import tarfile

    archive = tmp_path / "copia.tar.gz"
    assert CliRunner().invoke(main, ["--root", str(root), "backup", "-o", str(archive)]).exit_code == 0
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
