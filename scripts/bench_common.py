"""Shared helpers of the benchmark scripts: timing, ratios, tables, JSON, machine description.

Every figure of the suite is a :class:`Timing` (the samples of several runs, reported as
median with min and max) and, where it has one, a ratio to a reference measured in the same
run (``ratio(value, reference)``: how many times the reference's cost). Tables are printed
as aligned plain text on stdout (:func:`table`) and as GitHub Markdown in
``docs/benchmarks.md`` (:func:`markdown_table`).

>>> t = Timing([0.2, 0.1, 0.3])
>>> (t.median, t.min, t.max), t.cell()
((0.2, 0.1, 0.3), '200 ms (100–300)')
>>> fmt_ratio(ratio(3.0, 1.5)), round(fit_exponent([10, 100, 1000], [1, 10, 100]), 2)
('×2.0', 1.0)
>>> print(table(["a", "bb"], [["x", "1"], ["yy", "22"]], align="<>"))
a   bb
--  --
x    1
yy  22
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- timing


@dataclass
class Timing:
    """Seconds per operation, one sample per run."""

    samples: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def min(self) -> float:
        return min(self.samples)

    @property
    def max(self) -> float:
        return max(self.samples)

    def cell(self) -> str:
        """'12.3 ms (11.9–13.0)': median, then min–max in the median's unit."""
        unit, scale = _unit(self.median)
        if len(self.samples) == 1:
            return f"{_num(self.median * scale)} {unit}"
        return f"{_num(self.median * scale)} {unit} ({_num(self.min * scale)}–{_num(self.max * scale)})"

    def to_json(self) -> dict:
        return {"median_s": self.median, "min_s": self.min, "max_s": self.max, "runs": len(self.samples),
                "samples_s": self.samples}


def measure(func: Callable[[], Any], runs: int, *, min_time: float = 0.0) -> tuple[Timing, Any]:
    """Time ``func`` over ``runs`` runs; a run repeats it until ``min_time`` and keeps the mean.

    Returns the timing and the result of the last call.
    """
    samples, result = [], None
    for _ in range(max(1, runs)):
        calls, start = 0, time.perf_counter()
        while True:
            result = func()
            calls += 1
            elapsed = time.perf_counter() - start
            if elapsed >= min_time:
                break
        samples.append(elapsed / calls)
    return Timing(samples), result


def ratio(value: float | None, reference: float | None) -> float | None:
    """``value / reference``, or None when either is missing or the reference is zero."""
    if value is None or not reference:
        return None
    return value / reference


def fit_exponent(sizes: Sequence[float], seconds: Sequence[float]) -> float | None:
    """Least-squares slope of log(seconds) on log(size): cost ∝ size^exponent."""
    points = [(math.log(n), math.log(s)) for n, s in zip(sizes, seconds, strict=True) if n > 0 and s > 0]
    if len(points) < 2:
        return None
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in points)
    return sxy / sxx if sxx else None


# --------------------------------------------------------------------------- formatting


def _unit(seconds: float) -> tuple[str, float]:
    if seconds >= 1:
        return "s", 1.0
    if seconds >= 1e-3:
        return "ms", 1e3
    return "µs", 1e6


def _num(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def fmt_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    unit, scale = _unit(seconds)
    return f"{_num(seconds * scale)} {unit}"


def fmt_ratio(value: float | None) -> str:
    if value is None:
        return "-"
    return f"×{value:,.0f}" if value >= 100 else f"×{value:.1f}" if value >= 1 else f"×{value:.2f}"


def fmt_percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def fmt_int(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def table(header: Sequence[str], rows: Sequence[Sequence[str]], align: str | None = None) -> str:
    """Aligned plain-text table; ``align`` is one '<' or '>' per column (default: text left)."""
    align = align or "<" * len(header)
    cells = [list(header)] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(f"{c:{a}{w}}" for c, a, w in zip(row, align, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]], align: str | None = None) -> str:
    """GitHub Markdown table with the same column alignment convention as :func:`table`."""
    align = align or "<" * len(header)
    rule = ["---:" if a == ">" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(lines)


# --------------------------------------------------------------------------- files and processes


def write_json(path: Path, payload: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")


def progress(message: str) -> None:
    """A transient status line on stderr (only on a terminal)."""
    if sys.stderr.isatty():
        print(f"\r\x1b[K  {message}", end="", file=sys.stderr, flush=True)


def clear_progress() -> None:
    if sys.stderr.isatty():
        print("\r\x1b[K", end="", file=sys.stderr, flush=True)


def run_script(cmd: list[str], timeout: float) -> tuple[int | None, str, str]:
    """Run a command from the project root: (return code or None on timeout, stdout, stderr)."""
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT, check=False)
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        return None, out, f"timed out after {timeout:.0f} s"
    return done.returncode, done.stdout, done.stderr


# --------------------------------------------------------------------------- machine


def machine() -> dict:
    """CPU model, cores, RAM, Python and OS of this machine, and the date of the run."""
    return {"cpu": _cpu_model(), "logical_cores": os.cpu_count(), "ram_gib": _ram_gib(),
            "python": platform.python_version(), "implementation": platform.python_implementation(),
            "platform": platform.platform(), "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "load_average": _load_average()}


def machine_line(info: dict) -> str:
    ram = f"{info['ram_gib']:.1f} GiB RAM" if info.get("ram_gib") else "RAM unknown"
    load = f" · load {info['load_average']:.1f} at start" if info.get("load_average") is not None else ""
    return (f"{info['cpu']} · {info['logical_cores']} cores · {ram} · "
            f"{info['implementation']} {info['python']} · {info['platform']}{load}")


def _load_average() -> float | None:
    """1-minute load average: other work on the machine inflates every absolute time."""
    try:
        return os.getloadavg()[0]
    except (OSError, AttributeError):
        return None


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown CPU"


def _ram_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except (OSError, ValueError):
        pass
    return None
