"""The main job on the sample corpus, run as a newcomer would type it.

Creates a fresh corpus root, imports every document of ``corpus/manifest.json`` (in date
order, so a work gets its versions in force in order), then lists, shows and validates.
Each command is printed before it runs.
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
CLI = [str(PROJECT / ".venv" / "bin" / "implan-regs")]


def run(*args: str, root: Path, show_lines: int | None = None) -> None:
    cmd = CLI + ["--root", str(root), *args]
    print(f"\n$ implan-regs --root {shlex.quote(str(root))} {shlex.join(args)}", flush=True)
    out = subprocess.run(cmd, capture_output=True, text=True)
    lines = (out.stdout + out.stderr).splitlines()
    if show_lines is not None and len(lines) > show_lines:
        lines = lines[:show_lines] + [f"… ({len(lines) - show_lines} líneas más)"]
    print("\n".join(lines))
    if out.returncode != 0:
        sys.exit(f"demo: el comando falló con estado {out.returncode}")


def import_args(entry: dict) -> list[str]:
    args = ["import", str(PROJECT / "corpus" / entry["file"]), "--work", entry["work"], "--kind", entry["kind"],
            "--title", entry["title"], "--date", entry["date"], "--message", "corpus de muestra"]
    if entry.get("work_date"):
        args += ["--work-date", entry["work_date"]]
    pub = entry.get("publication") or {}
    if pub.get("date"):
        args += ["--published", pub["date"], "--gazette", pub.get("gazette", "Periódico Oficial del Estado")]
        if pub.get("number"):
            args += ["--gazette-number", str(pub["number"])]
    if entry.get("entry_into_force"):
        args += ["--in-force", entry["entry_into_force"]]
    if entry.get("decree"):
        args += ["--decree", entry["decree"]]
    return args


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else PROJECT / "demo-root").resolve()
    if root.exists():
        shutil.rmtree(root)
    manifest = json.loads((PROJECT / "corpus" / "manifest.json").read_text("utf-8"))
    run("init", root=root)
    for entry in sorted(manifest, key=lambda e: e["date"]):
        run(*import_args(entry), root=root, show_lines=14)
    run("list", root=root)
    first = manifest[0]["work"]
    run("show", first, "--provision", "artículo 45 Bis", root=root)
    run("show", first, "--provision", "artículo 3 fracción II", root=root)
    run("show", first, "--at", "2016-01-01", "--provision", "artículo 1", root=root)
    run("show", first, "--provision", "artículo 45 Bis fracción II", "--format", "xml", root=root)
    run("history", root=root)
    run("validate", root=root)
    print(f"\nListo. El acervo de muestra quedó en {root}")


if __name__ == "__main__":
    main()
