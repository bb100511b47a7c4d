"""Mutation testing of the diff, the recognizer and the decree: how many planted bugs the tests catch.

For each target, cosmic-ray (the ``mutation`` extra: ``pip install -e '.[mutation]'``) plants
one small bug at a time (an operator swapped, a constant changed, a condition negated, a loop
skipped…) and runs the target's own test files; a mutant is *killed* when a test fails (or the
run errors or times out) and *survives* when every test still passes. The kill rate is
killed / (killed + survived); the goal is ≥ 90 % on these modules (issue 20). Survivors are
listed (file, line, operator) so that each can be read and either pinned by a test or judged
equivalent (a mutation that cannot change behaviour).

Mutants are planted in a copy of the checkout in a temporary folder (``../shared`` linked beside
it for the real texts), never in the working tree. A full run takes hours on a small machine:
``--sample N`` runs N mutants per target chosen at random (``--seed``), which estimates the
rate (the report gives the 95 % interval). Mutants inside type annotations are skipped: with
``from __future__ import annotations`` they are never evaluated, so they cannot be killed.
Not part of CI.

    scripts/bench-mutation [--sample 40] [--targets diff,recognizer,decree] [--json FILE]
"""

from __future__ import annotations

import argparse
import ast
import json
import math
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench_common import ROOT, table, write_json

#: What is mutated and which tests judge it (test files, and a package path for its docstring examples).
TARGETS = {
    "diff": ("implan_regs/diff", ["tests/test_diff_forms.py", "implan_regs/diff", "tests/test_align.py",
                                  "tests/test_words.py", "tests/test_diff_real.py"]),
    "recognizer": ("implan_regs/importers/recognizer",
                   ["tests/test_recognizer.py", "tests/test_import_transitorios.py", "tests/test_import_real.py"]),
    "decree": ("implan_regs/reform/decree.py",
               ["tests/test_decree_forms.py", "tests/test_decree.py", "tests/test_decree_constitution.py"]),
}
COPY_IGNORE = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache",
                                     "demo-root", ".bench", ".index", "mutants")


@dataclass
class Survivor:
    file: str
    line: int
    operator: str
    diff: str


@dataclass
class TargetResult:
    target: str
    mutants: int  # all the mutants cosmic-ray generated for the target
    run: int
    killed: int
    survived: int
    seconds: float
    survivors: list[Survivor] = field(default_factory=list)

    @property
    def kill_rate(self) -> float | None:
        return self.killed / self.run if self.run else None

    def interval(self) -> tuple[float, float]:
        """95 % Wilson interval of the kill rate (the sample's estimate of the whole target's)."""
        if not self.run:
            return 0.0, 1.0
        z, n, p = 1.96, self.run, self.killed / self.run
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        return max(0.0, centre - half), min(1.0, centre + half)


def _copy_checkout(work: Path) -> Path:
    """The checkout copied to ``work/implan-regs``, with ``work/shared`` pointing at the real texts."""
    copy = work / "implan-regs"
    shutil.copytree(ROOT, copy, ignore=COPY_IGNORE)
    shared = ROOT.parent / "shared"
    if shared.is_dir():
        (work / "shared").symlink_to(shared)
    return copy


def _config(copy: Path, name: str, module: str, tests: list[str], timeout: float) -> Path:
    command = f"{sys.executable} -m pytest -x -q -p no:cacheprovider {' '.join(tests)}"
    path = copy / f"cosmic-ray-{name}.toml"
    path.write_text("\n".join([
        "[cosmic-ray]",
        f'module-path = "{module}"',
        f"timeout = {timeout:.0f}",
        "excluded-modules = []",
        f"test-command = {json.dumps(command)}",
        "",
        "[cosmic-ray.distributor]",
        'name = "local"',
        "",
    ]), "utf-8")
    return path


def _baseline(copy: Path, tests: list[str]) -> float:
    """Seconds of one clean run of the target's tests (they must pass, and from the copy)."""
    start = time.monotonic()
    probe = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
                           cwd=copy, capture_output=True, text=True)
    if probe.returncode != 0:
        sys.exit(f"the tests fail before any mutation:\n{probe.stdout[-3000:]}")
    where = subprocess.run([sys.executable, "-c", "import implan_regs; print(implan_regs.__file__)"],
                           cwd=copy, capture_output=True, text=True).stdout.strip()
    if not Path(where).is_relative_to(copy):
        sys.exit(f"the tests would import implan_regs from {where}, not from the mutated copy")
    return time.monotonic() - start


def _annotation_spans(path: Path) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(start, end) positions of every type annotation in a module (never evaluated here:
    every module has ``from __future__ import annotations``, so a mutant there is equivalent)."""
    source = path.read_text("utf-8")
    lines = source.splitlines()

    def chars(line: int, byte_offset: int) -> int:  # ast counts UTF-8 bytes, cosmic-ray characters
        return len(lines[line - 1].encode("utf-8")[:byte_offset].decode("utf-8", "ignore"))

    spans = []
    for node in ast.walk(ast.parse(source)):
        found = []
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found.append(node.returns)
        elif isinstance(node, ast.arg):
            found.append(node.annotation)
        elif isinstance(node, ast.AnnAssign):
            found.append(node.annotation)
        spans += [((a.lineno, chars(a.lineno, a.col_offset)),
                   (a.end_lineno or a.lineno, chars(a.end_lineno or a.lineno, a.end_col_offset or 0)))
                  for a in found if a]
    return spans


def _in_annotation(spec, copy: Path, cache: dict) -> bool:
    path = copy / spec.module_path
    if path not in cache:
        cache[path] = _annotation_spans(path)
    start, end = tuple(spec.start_pos), tuple(spec.end_pos)
    return any(low <= start and end <= high for low, high in cache[path])


def _select(session: Path, copy: Path, size: int | None, seed: int) -> tuple[int, int]:
    """Skip the mutants inside type annotations, then all but ``size`` random others.

    Returns (mutants outside annotations, mutants inside annotations).
    """
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult

    spans: dict = {}
    with use_db(str(session), WorkDB.Mode.open) as db:
        items = sorted(db.pending_work_items, key=lambda item: item.job_id)
        annotations = [i.job_id for i in items if _in_annotation(i.mutations[0], copy, spans)]
        for job_id in annotations:
            db.set_result(job_id, WorkResult(output="type annotation", worker_outcome=WorkerOutcome.SKIPPED))
        others = [i.job_id for i in items if i.job_id not in set(annotations)]
        if size is not None and size < len(others):
            keep = set(random.Random(seed).sample(others, size))
            for job_id in others:
                if job_id not in keep:
                    db.set_result(job_id, WorkResult(output="not sampled", worker_outcome=WorkerOutcome.SKIPPED))
        return len(others), len(annotations)


def _results(session: Path, name: str, total: int, seconds: float) -> TargetResult:
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome

    result = TargetResult(name, total, 0, 0, 0, seconds)
    with use_db(str(session), WorkDB.Mode.open) as db:
        mutations = {item.job_id: item.mutations[0] for item in db.work_items}
        for job_id, outcome in db.results:
            if outcome.worker_outcome == WorkerOutcome.SKIPPED:
                continue
            result.run += 1
            if outcome.is_killed:
                result.killed += 1
                continue
            result.survived += 1
            spec = mutations[job_id]
            result.survivors.append(Survivor(str(spec.module_path), spec.start_pos[0], spec.operator_name,
                                             outcome.diff or ""))
    result.survivors.sort(key=lambda s: (s.file, s.line))
    return result


def _cosmic_ray(command: str, config: Path, session: Path, *, cwd: Path) -> None:
    """Run ``cosmic-ray COMMAND CONFIG SESSION`` with the cosmic-ray installed beside this Python."""
    executable = Path(sys.executable).parent / "cosmic-ray"
    subprocess.run([str(executable), command, str(config), str(session)], cwd=cwd, check=True)


def run_target(copy: Path, name: str, sample: int | None, seed: int) -> TargetResult:
    module, tests = TARGETS[name]
    print(f"[{name}] baseline run of {', '.join(tests)} …", file=sys.stderr)
    baseline = _baseline(copy, tests)
    config = _config(copy, name, module, tests, timeout=max(60.0, 4 * baseline))
    session = copy / f"mutation-{name}.sqlite"
    _cosmic_ray("init", config, session, cwd=copy)
    total, in_annotations = _select(session, copy, sample, seed)
    runs = min(total, sample) if sample else total
    print(f"[{name}] {total} mutants ({in_annotations} more in type annotations, skipped as equivalent), "
          f"running {runs} (≈ {runs * baseline / 60:.0f} min at most) …", file=sys.stderr)
    start = time.monotonic()
    _cosmic_ray("exec", config, session, cwd=copy)
    return _results(session, name, total, time.monotonic() - start)


def _rate(result: TargetResult) -> str:
    if result.kill_rate is None:
        return "–"
    low, high = result.interval()
    return f"{100 * result.kill_rate:.0f} % ({100 * low:.0f}–{100 * high:.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--targets", default=",".join(TARGETS), help="comma-separated: " + ", ".join(TARGETS))
    parser.add_argument("--sample", type=int, default=40, help="mutants per target (0: all of them)")
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--json", type=Path, help="write the results (survivors included) to this file")
    args = parser.parse_args()
    try:
        import cosmic_ray  # noqa: F401
    except ImportError:
        sys.exit("cosmic-ray is not installed: .venv/bin/pip install -e '.[mutation]'")
    names = [n.strip() for n in args.targets.split(",") if n.strip()]
    unknown = [n for n in names if n not in TARGETS]
    if unknown:
        sys.exit(f"unknown targets: {', '.join(unknown)} (use {', '.join(TARGETS)})")
    with tempfile.TemporaryDirectory(prefix="implan-mutation-") as tmp:
        copy = _copy_checkout(Path(tmp))
        results = [run_target(copy, name, args.sample or None, args.seed) for name in names]
    rows = [[r.target, str(r.mutants), str(r.run), str(r.killed), str(r.survived),
             _rate(r),
             f"{r.seconds / 60:.0f} min"] for r in results]
    print(table(["target", "mutants", "run", "killed", "survived", "kill rate", "time"], rows, align="<>>>>>>"))
    for r in results:
        for s in r.survivors:
            print(f"survivor {r.target}: {s.file}:{s.line} {s.operator}")
    if args.json:
        write_json(args.json, [{**asdict(r), "kill_rate": r.kill_rate, "interval": r.interval()} for r in results])


if __name__ == "__main__":
    main()
