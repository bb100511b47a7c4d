"""Import throughput: articles per second for the shared corpus and a synthetic regulation.

Every real text in ``../shared/corpus/`` (``.txt``, ``.pdf``, ``.md``, ``.rst``, ``.akn.xml``) is
imported through :func:`implan_regs.importers.import_path`, and a synthetic regulation
(:mod:`synthetic` (scripts/synthetic.py), 2,000 articles by default) through
:func:`implan_regs.importers.text.import_text`. Each run of each case happens in a fresh
Python process, so the memory figures belong to that case alone:

* time: the import is repeated inside the process until ``--min-time`` has elapsed and the
  mean per import is that run's figure; the table shows the median of ``--runs`` runs with
  their min and max;
* ``× base``: import time divided by the time of a trivial baseline pass over the same
  text in the same process (read the file, decode, NFC-normalize, split into lines; for a
  PDF, running ``pdftotext`` on it and splitting its output: so a PDF's ``× base`` is the
  import's cost as a ratio to ``pdftotext``). It is what makes figures comparable across
  machines: an importer that gets slower shows a bigger ``× base`` wherever it runs;
* ``py peak``: ``tracemalloc`` peak of Python allocations during one (traced) import;
* ``rss``: peak resident set (``VmHWM``; ``ru_maxrss`` elsewhere) of the worker process after
  the first import (interpreter, libraries and the import itself).

Usage (from the project root)::

    scripts/bench-import --quick                   # one run per case, under two minutes
    scripts/bench-import --runs 5 --json bench.json
    scripts/bench-import --only synthetic --synthetic 2000 20000
    scripts/bench-import --quick --large --only large   # 100,000 articles; 19 MB in one párrafo
    scripts/bench-import --quick --profile synthetic-2000   # cProfile, top functions
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
import unicodedata
from dataclasses import asdict, dataclass
from importlib.util import find_spec
from pathlib import Path

from bench_common import ROOT, clear_progress, machine, machine_line, progress, run_script, table, write_json

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
SUFFIXES = (".txt", ".pdf", ".md", ".rst", ".akn.xml")
FORMAT_MODULES = {"text": "text", "pdf": "pdf", "markdown": "markdown", "rst": "rst", "akn": "akn",
                  "docx": "docx"}
WORKER_TIMEOUT = 600


@dataclass
class Case:
    name: str
    fmt: str
    path: str | None = None  # a corpus file
    n_articles: int | None = None  # a synthetic regulation
    seed: int = 0
    shape: str | None = None  # a large legal input of an extreme shape (see LARGE_SHAPES)


# --------------------------------------------------------------------------- cases


#: Large but legal inputs (under the size limits) of the shapes that once took minutes:
#: 100,000 one-line articles, and 19 MB of wrapped lines in one article (one huge párrafo).
LARGE_SHAPES = {
    "large-100000-articles": lambda: "".join(f"Artículo {i}. Texto del artículo {i} sobre la materia.\n"
                                             for i in range(1, 100_001)),
    "large-19mb-wrapped": lambda: "Artículo 1.- Objeto.\n" + "texto de una línea corta más\n" * 650_000,
}


def discover(corpus: Path, synthetic: list[int], only: str | None,
             large: bool = False) -> tuple[list[Case], list[tuple[str, str]]]:
    """The cases to run and the (name, reason) of those skipped."""
    cases: list[Case] = []
    skipped: list[tuple[str, str]] = []
    if corpus.is_dir():
        for path in sorted(corpus.iterdir()):
            if path.name.lower().startswith("readme") or not path.name.endswith(SUFFIXES):
                continue
            cases.append(Case(path.name, _format_of(path), path=str(path)))
    else:
        skipped.append((str(corpus), "shared corpus not found"))
    cases.extend(Case(f"synthetic-{n}", "text", n_articles=n) for n in synthetic)
    if large:
        cases.extend(Case(name, "text", shape=name) for name in LARGE_SHAPES)
    if only:
        cases = [c for c in cases if only in c.name]
    runnable = []
    for case in cases:
        reason = _missing_importer(case.fmt)
        if reason:
            skipped.append((case.name, reason))
        else:
            runnable.append(case)
    return runnable, skipped


def _format_of(path: Path) -> str:
    from implan_regs.importers import detect_format

    return detect_format(path)


def _missing_importer(fmt: str) -> str | None:
    module = f"implan_regs.importers.{FORMAT_MODULES.get(fmt, fmt)}"
    try:
        found = find_spec(module) is not None
    except ImportError:
        found = False
    return None if found else f"importer {module} not available"


# --------------------------------------------------------------------------- worker (child process)


def _meta(case: Case):
    from implan_regs.model.tree import DocumentMeta

    stem = case.name.split(".")[0]
    kind = "ley" if stem.startswith(("mx-", "cpeum")) else "reglamento"
    return DocumentMeta(work=stem.replace("@", "-"), kind=kind, title=stem)


def _prepare(case: Case):
    """Return (import function, baseline function), with all setup done untimed."""
    if case.shape is not None:
        from implan_regs.importers.text import import_text

        text = LARGE_SHAPES[case.shape]()
        return (lambda: import_text(text, _meta(case), source=case.name),
                lambda: len(unicodedata.normalize("NFC", text).splitlines()))
    if case.n_articles is not None:
        from synthetic import generate_regulation

        from implan_regs.importers.text import import_text

        text = generate_regulation(case.n_articles, seed=case.seed)
        return (lambda: import_text(text, _meta(case), source=case.name),
                lambda: len(unicodedata.normalize("NFC", text).splitlines()))
    import importlib

    from implan_regs.importers import import_path

    importlib.import_module(f"implan_regs.importers.{FORMAT_MODULES[case.fmt]}")  # untimed module import
    path = Path(case.path)
    if case.fmt == "pdf":
        from implan_regs.importers.pdf import pdf_to_text

        def baseline() -> int:  # the reference for PDFs: running pdftotext on the same file
            return len(unicodedata.normalize("NFC", pdf_to_text(path)).splitlines())
    else:
        def baseline() -> int:
            text = path.read_bytes().decode("utf-8", "replace")
            return len(unicodedata.normalize("NFC", text).splitlines())
    return (lambda: import_path(path, _meta(case), fmt=case.fmt)), baseline


def _repeat(func, min_time: float, max_calls: int = 1000) -> tuple[float, int, object]:
    """Mean seconds per call over as many calls as fit in ``min_time`` (at least one)."""
    calls, start, result = 0, time.perf_counter(), None
    while True:
        result = func()
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_time or calls >= max_calls:
            return elapsed / calls, calls, result


def _maxrss_bytes() -> int:
    """Peak resident set of this process.

    On Linux ``VmHWM`` of ``/proc/self/status``: ``ru_maxrss`` survives ``exec`` there, so a worker
    started by a big parent (``scripts/bench`` after the alignment part) would report the parent's peak.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024


def measure(case: Case, *, min_time: float, trace: bool) -> dict:
    """One run of one case, in this process."""
    run, baseline = _prepare(case)
    rss_before = _maxrss_bytes()
    start = time.perf_counter()
    result = run()
    total, calls = time.perf_counter() - start, 1
    rss_after = _maxrss_bytes()
    if total < min_time:  # small input: average over more imports for a stable figure
        more, extra, _ = _repeat(run, min_time - total)
        total, calls = total + more * extra, calls + extra
    per_call = total / calls
    base, base_calls, _ = _repeat(baseline, max(0.05, min_time / 4), max_calls=100_000)
    out = {"seconds": per_call, "calls": calls, "baseline_seconds": base, "baseline_calls": base_calls,
           "maxrss_bytes": rss_after, "maxrss_before_bytes": rss_before,
           "articles": len(result.document.articles()), "warnings": len(result.report.warnings),
           "counts": result.document.counts()}
    if trace:
        out["tracemalloc_peak_bytes"] = _traced_peak(run)
    return out


def _traced_peak(run) -> int:
    import gc
    import tracemalloc

    gc.collect()
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def worker_main(spec: str) -> int:
    args = json.loads(spec)
    case = Case(**args["case"])
    try:
        out = measure(case, min_time=args["min_time"], trace=args["trace"])
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which keeps going
        out = {"error": f"{type(exc).__name__}: {exc}"}
    print(json.dumps(out))
    return 0


# --------------------------------------------------------------------------- parent


def run_case(case: Case, runs: int, min_time: float) -> dict:
    """All runs of one case, each in a fresh interpreter; summary figures."""
    results = []
    for i in range(runs):
        spec = json.dumps({"case": asdict(case), "min_time": min_time, "trace": i == 0})
        results.append(_spawn(spec))
        if "error" in results[-1]:
            return {"case": asdict(case), "error": results[-1]["error"]}
    return summarize(case, results)


def _spawn(spec: str) -> dict:
    code, out, err = run_script([sys.executable, str(Path(__file__).resolve()), "--worker", spec], WORKER_TIMEOUT)
    lines = out.strip().splitlines()
    if code != 0 or not lines:
        tail = (err.strip().splitlines() or ["no output"])[-1]
        return {"error": f"worker failed ({code}): {tail}"}
    return json.loads(lines[-1])


def run_cases(cases: list[Case], runs: int, min_time: float) -> list[dict]:
    """Every case in turn (fresh processes), with a progress line on a terminal."""
    summaries = []
    for case in cases:
        progress(f"import {case.name} …")
        summaries.append(run_case(case, runs, min_time))
    clear_progress()
    return summaries


def by_format(summaries: list[dict]) -> list[dict]:
    """Real texts grouped by source format: total articles / total median time, worst memory."""
    groups: dict[str, list[dict]] = {}
    for s in summaries:
        if "error" not in s and s["case"]["path"]:
            groups.setdefault(s["case"]["fmt"], []).append(s)
    out = []
    for fmt, group in sorted(groups.items()):
        seconds = sum(s["median_seconds"] for s in group)
        base = sum(s["baseline_seconds"] for s in group)
        articles = sum(s["articles"] for s in group)
        out.append({"format": fmt, "files": len(group), "articles": articles, "seconds": seconds,
                    "min_seconds": sum(s["min_seconds"] for s in group),
                    "max_seconds": sum(s["max_seconds"] for s in group),
                    "articles_per_second": articles / seconds if seconds else None,
                    "baseline_seconds": base, "times_baseline": seconds / base if base else None,
                    "tracemalloc_peak_bytes": max(s["tracemalloc_peak_bytes"] or 0 for s in group),
                    "maxrss_bytes": max(s["maxrss_bytes"] for s in group)})
    return out


def summarize(case: Case, results: list[dict]) -> dict:
    seconds = [r["seconds"] for r in results]
    median = statistics.median(seconds)
    baseline = statistics.median(r["baseline_seconds"] for r in results)
    articles = results[0]["articles"]
    return {
        "case": asdict(case), "articles": articles, "warnings": results[0]["warnings"],
        "counts": results[0]["counts"], "runs": len(results), "seconds": seconds,
        "median_seconds": median, "min_seconds": min(seconds), "max_seconds": max(seconds),
        "articles_per_second": articles / median if median else None,
        "baseline_seconds": baseline,
        "baseline_articles_per_second": articles / baseline if baseline else None,
        # throughput relative to the baseline pass, and its inverse (what the table shows)
        "throughput_ratio": baseline / median if median else None,
        "times_baseline": median / baseline if baseline else None,
        "tracemalloc_peak_bytes": results[0].get("tracemalloc_peak_bytes"),
        "maxrss_bytes": int(statistics.median(r["maxrss_bytes"] for r in results)),
        "maxrss_before_bytes": int(statistics.median(r["maxrss_before_bytes"] for r in results)),
    }


# --------------------------------------------------------------------------- output

COLUMNS = [("case", "<"), ("fmt", "<"), ("arts", ">"), ("warn", ">"), ("median ms", ">"), ("min–max ms", ">"),
           ("art/s", ">"), ("× base", ">"), ("py peak MiB", ">"), ("rss MiB", ">")]


def _row(s: dict) -> list[str]:
    case = s["case"]
    if "error" in s:
        return [case["name"], case["fmt"], "", "", "ERROR", s["error"][:60], "", "", "", ""]
    mib = 1024 * 1024
    peak = s["tracemalloc_peak_bytes"]
    return [case["name"], case["fmt"], str(s["articles"]), str(s["warnings"]),
            f"{s['median_seconds'] * 1000:.1f}",
            f"{s['min_seconds'] * 1000:.1f}–{s['max_seconds'] * 1000:.1f}",
            f"{s['articles_per_second']:,.0f}" if s["articles_per_second"] else "-",
            f"{s['times_baseline']:,.1f}" if s["times_baseline"] else "-",
            f"{peak / mib:.1f}" if peak is not None else "-", f"{s['maxrss_bytes'] / mib:.0f}"]


def format_table(summaries: list[dict]) -> str:
    return table([name for name, _ in COLUMNS], [_row(s) for s in summaries], "".join(a for _, a in COLUMNS))


def profile(case: Case, top: int = 25) -> None:
    """cProfile one import of ``case`` in this process and print the top functions."""
    import cProfile
    import pstats

    run, _ = _prepare(case)
    profiler = cProfile.Profile()
    profiler.enable()
    run()
    profiler.disable()
    print(f"\nProfile of {case.name} (sorted by own time):")
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Import throughput benchmark (articles per second).")
    parser.add_argument("--runs", type=int, default=3, help="fresh-process runs per case (default 3)")
    parser.add_argument("--quick", action="store_true", help="one run per case and a shorter minimum time")
    parser.add_argument("--min-time", type=float, default=None,
                        help="repeat the import in a run until this many seconds elapse (default 0.3; 0.1 quick)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="real texts (default ../shared/corpus)")
    parser.add_argument("--synthetic", type=int, nargs="*", default=[2000],
                        help="sizes of synthetic regulations, in articles (default 2000)")
    parser.add_argument("--only", help="run only the cases whose name contains this text")
    parser.add_argument("--large", action="store_true",
                        help="also the large legal inputs of extreme shapes (100,000 articles; 19 MB in one párrafo)")
    parser.add_argument("--json", type=Path, help="write all figures to this JSON file")
    parser.add_argument("--profile", metavar="NAME", help="also cProfile the first case whose name contains NAME")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        return worker_main(args.worker)
    runs = 1 if args.quick else max(1, args.runs)
    min_time = args.min_time if args.min_time is not None else (0.1 if args.quick else 0.3)
    cases, skipped = discover(args.corpus, args.synthetic, args.only, args.large)
    started = time.perf_counter()
    summaries = run_cases(cases, runs, min_time)
    print(f"Import throughput — {runs} run(s) per case, fresh process each; "
          f"× base = import time / baseline pass (read + NFC + split lines)\n")
    print(format_table(summaries))
    for name, reason in skipped:
        print(f"skipped {name}: {reason}")
    elapsed = time.perf_counter() - started
    info = machine()
    print(f"\n{len(summaries)} cases in {elapsed:.1f} s · {machine_line(info)}")
    if args.json:
        payload = {"environment": info, "runs": runs, "min_time": min_time, "elapsed_seconds": elapsed,
                   "cases": summaries, "by_format": by_format(summaries),
                   "skipped": [{"name": n, "reason": r} for n, r in skipped]}
        write_json(args.json, payload)
        print(f"figures written to {args.json}")
    if args.profile:
        chosen = next((c for c in cases if args.profile in c.name), None)
        if chosen is None:
            print(f"no case matches --profile {args.profile!r}")
        else:
            profile(chosen)
    return 1 if any("error" in s for s in summaries) else 0


if __name__ == "__main__":
    sys.exit(main())
