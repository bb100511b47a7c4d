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


def test_mypy_refuses_a_misspelt_kind(tmp_path):
    """Provision kinds, change types and observation statuses are Literal types: comparing with one
    that does not exist fails."""
    probe = tmp_path / "probe.py"
    probe.write_text("from implan_regs.model.tree import Provision\n"
                     "from implan_regs.diff.model import Change\n"
                     "from implan_regs.observations.model import Observation\n\n\n"
                     "def f(node: Provision, change: Change, obs: Observation) -> bool:\n"
                     "    return node.kind == \"paragrap\" or change.type == \"ammended\" or obs.status == \"pendente\"\n",
                     "utf-8")
    result = _run("mypy", "--no-error-summary", str(probe))
    assert result.stdout.count("[comparison-overlap]") == 3, result.stdout + result.stderr


def test_ruff_finds_nothing():
    result = _run("ruff", "check", "--quiet", "implan_regs", "tests", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr
