"""The package's static safety nets run with the suite: ``mypy`` over ``implan_regs`` reports no
error (configuration in pyproject.toml, ``[tool.mypy]``), and ``ruff`` finds nothing in the package,
the tests and the scripts. Both run as subprocesses so their configuration is the one a developer gets.
"""

from __future__ import annotations

import subprocess
import sys

from conftest import PROJECT


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=PROJECT, capture_output=True, text=True, timeout=900)


def test_mypy_reports_no_error_over_the_package():
    result = _run("mypy", "--no-error-summary")
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert errors == [] and result.returncode == 0, result.stdout + result.stderr


def test_ruff_finds_nothing():
    result = _run("ruff", "check", "--quiet", "implan_regs", "tests", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr
