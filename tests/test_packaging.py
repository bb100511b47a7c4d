"""The project as a user gets it: a wheel built from the checkout, installed in a fresh venv
outside the checkout, runs the first commands on a real PDF (schemas travel as package data).

Slow (builds a wheel, creates a venv and installs the dependencies from the machine's pip
configuration: cache, local wheel folders and indexes); it runs in CI with the rest of the suite.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import PROJECT

PDF = "torreon-reglamento-limpieza@vigente.pdf"
SCHEMAS = ("implan-akn.xsd", "implan-meta.xsd", "implan-observations.xsd", "implan-proposal.xsd")


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"{args} -> {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    # Built from a copy: setuptools builds in the source tree, and a stale build/ could leak into it.
    source = tmp_path_factory.mktemp("fuente") / "implan-regs"
    shutil.copytree(PROJECT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", "demo-root", ".bench"))
    dist = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(source)], cwd=dist)
    (built,) = dist.glob("implan_regs-*.whl")
    return built


def test_the_wheel_carries_the_schemas_as_package_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"implan_regs/xsd/{name}" for name in SCHEMAS} <= names
    assert "implan_regs/web/templates/base.html" in names
    assert not any(name.startswith(("tests/", "schemas/")) for name in names)


def test_installed_wheel_imports_validates_and_checks_a_real_pdf(wheel, shared_corpus, tmp_path):
    home = tmp_path / "fuera-del-repositorio"
    home.mkdir()
    venv = home / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=home)
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], cwd=home)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "IMPLAN_REGS_ROOT", "VIRTUAL_ENV")}
    cli = str(venv / "bin" / "implan-regs")

    located = _run([str(venv / "bin" / "python"), "-c",
                    "from implan_regs import schemas; print(schemas.schemas_dir())"], cwd=home, env=env)
    assert Path(located.stdout.strip()).is_relative_to(venv)  # not the checkout's schemas/
    _run([cli, "--root", "acervo", "init"], cwd=home, env=env)
    imported = _run([cli, "--root", "acervo", "import", str(shared_corpus / PDF), "--work", "reglamento-limpieza",
                     "--kind", "reglamento", "--title", "Reglamento de Limpieza del Municipio de Torreón",
                     "--date", "2019-01-01"], cwd=home, env=env)
    assert "reglamento-limpieza" in imported.stdout
    validated = _run([cli, "--root", "acervo", "validate"], cwd=home, env=env)
    assert "esquema" not in validated.stderr
    _run([cli, "--root", "acervo", "check"], cwd=home, env=env)


def test_no_test_skips_when_a_module_of_ours_fails_to_import():
    """An import error in our own code must fail the suite, never turn into a skip."""
    offenders = [path.name for path in (PROJECT / "tests").rglob("*.py")
                 if re.search(r"importorskip\(\s*[\"']implan_regs", path.read_text("utf-8"))]
    assert offenders == []
