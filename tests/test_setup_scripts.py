"""scripts/system-packages: apt-get waits for the dpkg lock and is skipped when nothing is missing.

The script runs for real with fake ``dpkg-query``, ``apt-get`` and ``sudo`` first on PATH: the
fakes report which packages are installed and record how apt-get was called.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "system-packages"
TEST_PACKAGES = {"poppler-utils", "postgresql", "libreoffice-writer-nogui", "pandoc", "chromium"}


def fake_bin(folder: Path) -> Path:
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    scripts = {
        "dpkg-query": 'for p in $FAKE_INSTALLED; do [ "$p" = "${@: -1}" ] && { printf "ii "; exit 0; }; done\n'
                      'exit 1\n',
        "apt-get": 'echo "$*" >> "$FAKE_APT_LOG"\n',
        "sudo": 'exec "$@"\n',
    }
    for name, body in scripts.items():
        path = bin_dir / name
        path.write_text("#!/usr/bin/env bash\n" + body)
        path.chmod(0o755)
    return bin_dir


def run(tmp_path: Path, installed: set[str], extra: str = "test") -> list[str]:
    tmp_path.mkdir(exist_ok=True)
    log = tmp_path / "apt.log"
    env = dict(os.environ, PATH=f"{fake_bin(tmp_path)}:{os.environ['PATH']}", FAKE_APT_LOG=str(log),
               FAKE_INSTALLED=" ".join(sorted(installed)), IMPLAN_APT_LOCK_TIMEOUT="321")
    subprocess.run(["bash", str(SCRIPT), extra], env=env, check=True, capture_output=True, timeout=60)
    return log.read_text().splitlines() if log.exists() else []


def test_apt_get_waits_for_the_dpkg_lock(tmp_path):
    calls = run(tmp_path, installed={"poppler-utils", "postgresql", "pandoc"})
    assert len(calls) == 2
    assert calls[0].startswith("-o DPkg::Lock::Timeout=321 update")
    assert calls[1].startswith("-o DPkg::Lock::Timeout=321 install -y")
    assert calls[1].split()[-2:] == ["libreoffice-writer-nogui", "chromium"]


def test_apt_get_is_skipped_when_every_package_is_installed(tmp_path):
    assert run(tmp_path, installed=TEST_PACKAGES) == []


def test_a_desktop_libreoffice_writer_is_kept(tmp_path):
    # libreoffice-writer-nogui conflicts with libreoffice-writer: installing it would remove it.
    installed = TEST_PACKAGES - {"libreoffice-writer-nogui"} | {"libreoffice-writer"}
    assert run(tmp_path, installed=installed) == []


def test_without_test_extra_only_poppler_and_postgresql_are_needed(tmp_path):
    assert run(tmp_path / "all", installed={"poppler-utils", "postgresql"}, extra="") == []
    calls = run(tmp_path / "no-server", installed={"poppler-utils"}, extra="")
    assert calls[-1].split()[-1] == "postgresql"


def test_setup_delegates_system_packages():
    setup = (SCRIPT.parent / "setup").read_text()
    assert 'scripts/system-packages "$extra"' in setup
    assert "apt-get" not in setup
