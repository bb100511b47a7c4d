"""The whole benchmark suite in one command (``scripts/bench``), with its report.

Parts, each with its reference measured in the same run:

* ``import`` — :mod:`bench_import`: every real text of ``../shared/corpus`` and synthetic
  regulations of growing size, each case in a fresh process; throughput per source format
  against a trivial read + normalize + split pass, and peak memory;
* ``alignment`` — :mod:`bench_diff`: two versions with full renumbering at 100 to 10,000
  articles, against numbering and difflib, with correspondence accuracy;
* ``history`` — :mod:`bench_history`: point-in-time retrieval and per-article history over
  50 versions, against loading one expression;
* ``search`` and ``export`` — ``scripts/bench_search.py`` and ``scripts/bench_export.py``
  (run as they are, with ``--json``; "skipped: not available" when they are absent);
* ``scaling`` — cost against corpus size for import and alignment, with the exponent of a
  least-squares fit on log-log (≥ 1.15 is flagged as superlinear).

Output: the tables on stdout; with ``--write-docs`` (the default for a full run)
``docs/benchmarks.md``, ``docs/bench/results.json`` and, when matplotlib is installed (the
``bench`` extra), ``docs/bench/scaling.png``.

Usage (from the project root)::

    scripts/bench --quick                 # every part, small sizes: a few minutes
    scripts/bench                         # the full run that docs/benchmarks.md records
    scripts/bench --only alignment history --json /tmp/figures.json
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import bench_diff
import bench_history
import bench_import
from bench_common import (
    ROOT,
    Timing,
    fit_exponent,
    fmt_int,
    fmt_ratio,
    fmt_seconds,
    machine,
    machine_line,
    markdown_table,
    run_script,
    table,
    write_json,
)

PARTS = ["import", "alignment", "history", "search", "export", "decree", "review"]
DOCS = ROOT / "docs"
SUPERLINEAR = 1.15
EXTERNAL = {"search": "bench_search.py", "export": "bench_export.py", "decree": "bench_decree.py",
            "review": "bench_review.py"}


@dataclass
class Plan:
    """What one mode runs."""

    import_runs: int
    import_min_time: float
    import_sizes: list[int]
    diff_sizes: list[int]
    diff_runs: int
    difflib_budget: float
    history_sizes: list[int]
    history_runs: int
    external_args: list[str] = field(default_factory=list)
    external_timeout: float = 3600


QUICK = Plan(1, 0.1, [100, 1000, 10000], [100, 1000, 10000], 3, 10.0, [300], 3, ["--quick"], 240)
FULL = Plan(3, 0.3, [100, 300, 1000, 3000, 10000, 30000, 100000], [100, 300, 1000, 3000, 10000], 5, 60.0,
            [300, 1000], 5)


# --------------------------------------------------------------------------- parts


def run_import(plan: Plan, corpus: Path) -> dict:
    cases, skipped = bench_import.discover(corpus, plan.import_sizes, None)
    summaries = bench_import.run_cases(cases, plan.import_runs, plan.import_min_time)
    return {"runs": plan.import_runs, "min_time": plan.import_min_time, "cases": summaries,
            "by_format": bench_import.by_format(summaries),
            "skipped": [{"name": n, "reason": r} for n, r in skipped]}


def run_external(part: str, plan: Plan) -> dict:
    """Run another engineer's script with ``--json``; its stdout is kept as its table."""
    script = ROOT / "scripts" / EXTERNAL[part]
    if not script.is_file():
        return {"status": "skipped: not available", "script": f"scripts/{EXTERNAL[part]}"}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        out_json = Path(tmp) / f"{part}.json"
        cmd = [sys.executable, str(script), *plan.external_args, "--json", str(out_json)]
        started = time.perf_counter()
        code, stdout, stderr = run_script(cmd, plan.external_timeout)
        figures = json.loads(out_json.read_text(encoding="utf-8")) if out_json.is_file() else None
    shown = ["python", f"scripts/{EXTERNAL[part]}", *plan.external_args, "--json", f"{part}.json"]
    result = {"script": f"scripts/{EXTERNAL[part]}", "command": " ".join(shown),
              "returncode": code, "seconds": time.perf_counter() - started, "stdout": stdout.rstrip()}
    if code != 0:
        tail = (stderr.strip().splitlines() or ["no output"])[-1]
        result["status"] = f"failed ({'timeout' if code is None else code}): {tail}"
    else:
        result["status"] = "ok"
    if figures is not None:
        result["figures"] = figures
    return result


def scaling(results: dict) -> dict:
    """Cost vs size for import (synthetic cases) and alignment, with fitted exponents."""
    out = {}
    cases = [c for c in results.get("import", {}).get("cases", []) if "error" not in c and c["case"]["n_articles"]]
    if cases:
        sizes = [c["case"]["n_articles"] for c in cases]
        out["import_text"] = _curve(sizes, [c["median_seconds"] for c in cases],
                                    extra={"recognized_articles": [c["articles"] for c in cases]})
    for r_name in ("align_articles", "diff_documents", "difflib-seq"):
        points = [(s["size"], s["methods"][r_name]["median_s"]) for s in results.get("alignment", {}).get("sizes", [])]
        if points:
            out[r_name] = _curve([p[0] for p in points], [p[1] for p in points])
    return out


def _curve(sizes: list[int], seconds: list[float], extra: dict | None = None) -> dict:
    exponent = fit_exponent(sizes, seconds)
    large = [(n, s) for n, s in zip(sizes, seconds, strict=True) if n >= 1000]
    tail = fit_exponent([n for n, _ in large], [s for _, s in large]) if len(large) >= 2 else None
    flagged = any(e is not None and e >= SUPERLINEAR for e in (exponent, tail))
    return {"sizes": sizes, "seconds": seconds, "exponent": exponent, "exponent_from_1000": tail,
            "superlinear": flagged, **(extra or {})}


# --------------------------------------------------------------------------- plot


def plot(results: dict, path: Path) -> str | None:
    """Log-log cost vs size; returns None, or why no plot was drawn."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return "matplotlib not installed (pip install -e '.[bench]')"
    curves = results.get("scaling", {})
    if not curves:
        return "no scaling figures"
    fig, ax = plt.subplots(figsize=(7.5, 5))
    for name, curve in curves.items():
        ax.loglog(curve["sizes"], curve["seconds"], marker="o",
                  label=f"{name} (exponent {curve['exponent']:.2f})" if curve["exponent"] else name)
    _slope_guide(ax, curves)
    ax.set_xlabel("articles")
    ax.set_ylabel("seconds (median)")
    ax.set_title("Cost vs corpus size (log-log); dotted: linear growth")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return None


def _slope_guide(ax, curves: dict) -> None:
    first = next(iter(curves.values()))
    n0, s0 = first["sizes"][0], first["seconds"][0]
    n1 = max(max(c["sizes"]) for c in curves.values())
    ax.loglog([n0, n1], [s0, s0 * n1 / n0], linestyle=":", color="grey")




# --------------------------------------------------------------------------- targets

IMPORT_TARGET = 2000  # articles per second from text
MIB = 2**20


def targets(results: dict) -> list[dict]:
    """Every target of the issue with the measured figure, met or not, and by how much."""
    out = []
    if "import" in results:
        out.append(_import_target(results["import"]))
    if "alignment" in results:
        out.extend(_alignment_targets(results["alignment"]))
    if "history" in results and results["history"].get("target_check"):
        check = results["history"]["target_check"]
        out.append(_target(f"history of one article over 50 versions ({check['articles']} articles) < 200 ms",
                           fmt_seconds(check["seconds"]), check["met"], _margin(check["seconds"], 0.2, lower=True)))
    for part in ("search", "export", "decree", "review"):
        if part in results:
            out.extend(_external_targets(part, results[part]))
    for name, curve in results.get("scaling", {}).items():
        if name != "difflib-seq":
            out.append(_target(f"{name}: cost grows linearly or better", _exponent_cell(curve),
                               not curve["superlinear"], "" if not curve["superlinear"] else "superlinear: a bug"))
    return out


def _target(name: str, measured: str, met: bool | None, margin: str) -> dict:
    return {"target": name, "measured": measured, "met": met, "margin": margin}


def _margin(value: float, target: float, *, lower: bool) -> str:
    """'×4.2 headroom' when met, '×3.1 over' (or 'short by …') when missed."""
    if lower:
        return f"{fmt_ratio(target / value)} headroom" if value < target else f"{fmt_ratio(value / target)} over"
    return f"{fmt_ratio(value / target)} the target" if value >= target else f"short by {fmt_ratio(target / value)}"


def _import_target(part: dict) -> dict:
    text = next((f for f in part["by_format"] if f["format"] == "text"), None)
    if text is None or not text["articles_per_second"]:
        return _target("import ≥ 2,000 articles/s from text", "no text files", None, "")
    rate = text["articles_per_second"]
    return _target(f"import ≥ 2,000 articles/s from text ({text['files']} real .txt files together)",
                   f"{fmt_int(rate)} art/s", rate >= IMPORT_TARGET, _margin(rate, IMPORT_TARGET, lower=False))


def _alignment_targets(part: dict) -> list[dict]:
    check = part.get("target_check")
    if not check:
        return []
    return [_target("alignment 1,000 vs 1,000 renumbered articles < 2 s", fmt_seconds(check["seconds"]),
                    check["time_met"], _margin(check["seconds"], 2.0, lower=True)),
            _target("… with ≥ 99 % correct correspondences", f"{check['accuracy'] * 100:.1f}%",
                    check["accuracy_met"], "")]


def _external_targets(part: str, result: dict) -> list[dict]:
    """The targets of the other scripts, read from their JSON (tolerant: they own its shape)."""
    figures = result.get("figures")
    try:
        found = {"search": _search_targets, "export": _export_targets, "decree": _decree_targets,
                 "review": _review_targets}[part](figures)
    except (KeyError, TypeError, IndexError, AttributeError):
        found = []
    if found:
        return found
    name = {"search": "search: whoosh p95 < 100 ms, tantivy p95 < 5 ms at 100k provisions",
            "export": "DOCX export of 1,000 articles faster than pandoc",
            "decree": "decree + verification of a 600-article reform, as a ratio to the diff",
            "review": "review of a 600-article regulation, as a ratio to its import"}[part]
    return [_target(name, result["status"] if result["status"] != "ok" else "see its table", None, "")]


def _decree_targets(figures: dict) -> list[dict]:
    """Every generated decree verifies; decree + verification stays within ×10 the diff alone."""
    out = []
    for case in figures["decree"]:
        ratio_ = case["timings"]["decree+verify"]["ratio_to_diff"]
        out.append(_target(f"decree + verify, {case['case']} ({case['articles']} articles): verifies, ≤ ×10 the diff",
                           f"{'verified' if case['verified'] else 'NOT verified'}, {fmt_ratio(ratio_)}",
                           case["verified"] and ratio_ <= 10, _margin(ratio_, 10, lower=True)))
    return out


def _review_targets(figures: dict) -> list[dict]:
    """The review of a synthetic regulation, as a ratio to its import (reported; no target set)."""
    return [_target(f"review, {case['case']} ({case['articles']} articles), as a ratio to its import",
                    fmt_ratio(case["ratio_to_import"]), None, "reported")
            for case in figures["review"] if case["case"].startswith("synthetic")]


def _search_targets(figures: dict) -> list[dict]:
    out = _relevance_targets(figures.get("relevance") or {}) + _store_targets(figures.get("store") or [])
    if not figures.get("scale"):
        return out
    largest = max(figures["scale"], key=lambda s: s["provisions"])
    for engine, limit in (("whoosh", 100.0), ("tantivy", 5.0)):
        p95 = largest["engines"][engine]["p95_ms"]
        at_size = largest["provisions"] >= 90_000
        where = "" if at_size else f" (largest size run: {largest['provisions']:,}; 100k only in the full run)"
        out.append(_target(f"search: {engine} query p95 < {limit:g} ms at 100k provisions",
                           f"{p95:g} ms at {largest['provisions']:,}", (p95 < limit) if at_size else None,
                           _margin(p95 / 1000, limit / 1000, lower=True) + where))
    return out


def _relevance_targets(relevance: dict) -> list[dict]:
    """Issue 16: recall@10 ≥ 0.75 and above FTS5-OR, MRR ≥ 0.8, no query without a relevant hit."""
    runs = relevance.get("engines") or {}
    baseline = runs.get("fts5-or", {}).get("recall@10")
    out = []
    for engine in ("whoosh", "tantivy"):
        if engine not in runs or baseline is None:
            continue
        r = runs[engine]
        met = r["recall@10"] >= 0.75 and r["recall@10"] > baseline and r["mrr"] >= 0.8 and r["zero_hit"] == 0
        out.append(_target(f"search relevance ({engine}): recall@10 ≥ 0.75 and above FTS5-OR, MRR ≥ 0.8, "
                           f"every query with a relevant hit ({relevance['queries']} judged queries)",
                           f"recall {r['recall@10']:.3f} (FTS5-OR {baseline:.3f}), MRR {r['mrr']:.3f}, "
                           f"{r['zero_hit']} without", met, ""))
    return out


def _store_targets(rows: list[dict]) -> list[dict]:
    """Issue 16: at 100k provisions, import with an index ≤ 1.5× without, show --provision < 5×
    the interpreter's start-up, whoosh rebuild peak < 500 MB (smaller runs reported, not judged)."""
    if not rows:
        return []
    r = max(rows, key=lambda row: row["provisions_target"])
    judged = r["provisions_target"] >= 100_000
    where = f" at {r['provisions_target']:,}" + ("" if judged else " (100k only in the full run)")
    return [
        _target("import with a search index ≤ 1.5× without, at 100k provisions",
                f"{r['import_ratio']:.2f}×{where}", (r["import_ratio"] <= 1.5) if judged else None, ""),
        _target("show --provision < 5× the interpreter's start-up, at 100k provisions",
                f"{r['show_ratio']:.1f}× ({fmt_seconds(r['show_provision_s'])}){where}",
                (r["show_ratio"] < 5) if judged else None, ""),
        _target("CLI search vs the interpreter's start-up (reported)",
                f"{r['search_ratio']:.1f}× ({fmt_seconds(r['search_s'])}){where}", None, ""),
        _target("whoosh rebuild peak memory < 500 MB, at 100k provisions",
                f"{r['rebuild_peak_mb']:,} MB{where}", (r["rebuild_peak_mb"] < 500) if judged else None, ""),
    ]


def _export_targets(figures: list) -> list[dict]:
    out = []
    for row in figures:
        ours, pandoc = row["implan-regs"]["median"], row["pandoc"]["median"]
        out.append(_target(f"DOCX export of {row['articles']:,} articles faster than pandoc",
                           f"{fmt_seconds(ours)} vs pandoc {fmt_seconds(pandoc)}", ours < pandoc,
                           _margin(ours, pandoc, lower=True)))
    return out


def _exponent_cell(curve: dict) -> str:
    tail = curve.get("exponent_from_1000")
    exponent = f"{curve['exponent']:.2f}" if curve["exponent"] is not None else "-"
    return f"exponent {exponent}" + (f" ({tail:.2f} from 1,000 up)" if tail is not None else "")


# --------------------------------------------------------------------------- report


@dataclass
class Section:
    title: str
    intro: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    align: str = ""
    verbatim: str = ""  # another script's own output, shown as is


def sections(results: dict) -> list[Section]:
    out = [_targets_section(results)]
    if "import" in results:
        out.extend(_import_sections(results["import"]))
    if "alignment" in results:
        out.append(Section("Alignment and diff of renumbered versions", bench_diff_intro(results["alignment"]),
                           bench_diff.HEADER, bench_diff.rows_of(results["alignment"]), bench_diff.ALIGN))
    if "history" in results:
        out.append(Section("Point-in-time retrieval and article history over 50 versions", HISTORY_INTRO,
                           bench_history.HEADER, bench_history.rows_of(results["history"]), bench_history.ALIGN))
    for part, title in (("search", "Search"), ("export", "DOCX export"), ("decree", "Decree and its verification"),
                        ("review", "Review of legal technique")):
        if part in results:
            out.append(_external_section(title, results[part]))
    if results.get("scaling"):
        out.append(_scaling_section(results["scaling"]))
    return out


def bench_diff_intro(part: dict) -> str:
    return ("Synthetic regulation vs a restructured version of it (a block of chapters moved, ~5 % of the "
            "articles amended, a few removed and added, everything renumbered); ground truth by article "
            f"identity. Reference: difflib over the article sequence. difflib-close budget: "
            f"{part['difflib_budget_s']:.0f} s per size.")


HISTORY_INTRO = ("One work, 50 versions in force created by publishing 49 reform proposals "
                 "(new_proposal → operate reformar → publish). Reference: loading one expression.")


def _targets_section(results: dict) -> Section:
    mark = {True: "met", False: "MISSED", None: "n/a"}
    rows = [[t["target"], t["measured"], mark[t["met"]], t["margin"]] for t in results["targets"]]
    return Section("Targets", "", ["target", "measured", "status", "margin"], rows, "<><<")


def _import_sections(part: dict) -> list[Section]:
    header = ["format", "files", "articles", "time (sum of medians)", "art/s", "× base", "py peak MiB", "rss MiB"]
    rows = [[f["format"], str(f["files"]), fmt_int(f["articles"]),
             Timing([f["seconds"], f["min_seconds"], f["max_seconds"]]).cell(), fmt_int(f["articles_per_second"]),
             fmt_ratio(f["times_baseline"]), f"{f['tracemalloc_peak_bytes'] / MIB:.1f}", f"{f['maxrss_bytes'] / MIB:.0f}"]
            for f in part["by_format"]]
    intro = (f"Real texts of ../shared/corpus grouped by source format; {part['runs']} fresh-process run(s) "
             "per file. × base = import time / a read + NFC + split-lines pass over the same text "
             "(PDF: running pdftotext on the same file, so a PDF's × base is its import time as a ratio "
             "to pdftotext; the budget is ×5).")
    skipped = "; ".join(f"skipped {s['name']}: {s['reason']}" for s in part["skipped"])
    per_file = Section("Import per file (real texts and synthetic sizes)", skipped,
                       [name for name, _ in bench_import.COLUMNS], [bench_import._row(s) for s in part["cases"]],
                       "".join(a for _, a in bench_import.COLUMNS))
    return [Section("Import throughput by source format", intro, header, rows, "<>>>>>>>"), per_file]


def _external_section(title: str, result: dict) -> Section:
    intro = f"`{result.get('command', result['script'])}`: {result['status']}"
    if result["status"].startswith("skipped"):
        intro = f"{result['script']}: {result['status']}"
    return Section(title, intro, verbatim=result.get("stdout", ""))


def _scaling_section(curves: dict) -> Section:
    rows = []
    for name, curve in curves.items():
        points = ", ".join(f"{n:,}: {fmt_seconds(s)}" for n, s in zip(curve["sizes"], curve["seconds"], strict=True))
        rows.append([name, points, _exponent_cell(curve), "SUPERLINEAR" if curve["superlinear"] else "ok"])
    intro = (f"Median seconds per size and the slope of a least-squares fit of log(time) on log(size) "
             f"(1 = linear); {SUPERLINEAR} or more, over all sizes or from 1,000 articles up, is flagged.")
    return Section("Scaling: cost vs corpus size", intro, ["operation", "articles: median time", "growth", "flag"],
                   rows, "<<<<")


def render_text(results: dict) -> str:
    parts = []
    for s in sections(results):
        parts.append(f"\n== {s.title} ==")
        if s.intro:
            parts.append(s.intro)
        if s.rows:
            parts.append(table(s.header, s.rows, s.align))
        if s.verbatim:
            parts.append(s.verbatim)
    return "\n".join(parts)


def render_markdown(results: dict) -> str:
    info = results["machine"]
    head = [MD_INTRO, "## This run", "",
            f"- command: `{results['command']}` (from the project root, after `scripts/setup bench`)",
            f"- date: {info['date']}; took {results['elapsed_s'] / 60:.1f} min",
            f"- machine: {machine_line(info)}", ""]
    body = []
    for s in sections(results):
        body += [f"## {s.title}", ""]
        if s.intro:
            body += [s.intro, ""]
        if s.rows:
            body += [markdown_table(s.header, s.rows, s.align), ""]
        if s.verbatim:
            body += ["```", s.verbatim, "```", ""]
        if s.title.startswith("Scaling") and results.get("plot", "").endswith(".png"):
            body += ["![cost vs corpus size, log-log](bench/scaling.png)", ""]
    return "\n".join(head + body + [MD_FINDINGS]) + "\n"


MD_INTRO = """# Benchmarks

This page is generated by `scripts/bench` (`scripts/bench_all.py`); only the two prose blocks
(this introduction and *Findings* at the end) are written by hand, in that script. Every figure is
the median of several runs with min–max in brackets, and every comparison is a ratio to a
reference measured in the same run on the same machine, so ratios carry across machines where
absolute times do not. All figures are in `docs/bench/results.json`.

`scripts/bench --quick` runs every part at small sizes in a few minutes and prints the same
tables without touching this page; `scripts/bench` (full) rewrites it.
"""

MD_FINDINGS = """## Findings

- **Alignment is linear in practice** (see *Scaling*): candidates come from an inverted index
  of each article's rarest words (`diff/match.py` `candidate_pairs`) instead of a dense cosine
  matrix; they stay sparse (row, column, score arrays) through the number and text pairing; split
  and merge containment (`fuzz.partial_ratio`, costly) is scored on candidates only. The fitted
  exponent also carries small-size overheads (below ~500 × 500 unpaired articles every pair is
  scored, which is cheaper than building an index). Profile:
  `.venv/bin/python scripts/bench_diff.py --sizes 10000 --quick --profile`.
- **Identical articles (twins)** are paired by where their nearest paired neighbour went, not by
  order, so a moved block of chapters no longer crosses them: 99.9 % correct at 3,000 and 10,000
  articles (it was 97.4 % at 10,000).
- **Fixed after the first run of this suite** (all figures on this page are after the fixes):
  article history over 50 versions went from 2.77 s to well under the 200 ms target
  (`Store.expressions()` reads only `<meta>`, and `provision_history()` locates the cited
  provision by its eId in each version's bytes and parses only that element); whoosh p95 at
  ~100k provisions went from 203 ms to under 100 ms (queries evaluated with numpy over whoosh's
  posting blocks, same scores, see `docs/search.md`); the text importer reads article numbers of
  up to six digits (it stopped at 9,999, so the 30k and 100k synthetic imports now find all their
  articles); alignment at 10,000 articles went from 2.7 s to under 2 s.
- **difflib-seq is flagged too**: `SequenceMatcher(autojunk=False)` is worst-case quadratic, and
  its small absolute times are the noisiest of the run. It is only the reference.
- **Absolute times depend on the load** of this shared 2-core machine (the load average at the
  start is in the machine line); ratios within one size are more stable than times across runs.
"""


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="The implan-regs benchmark suite.")
    parser.add_argument("--quick", action="store_true", help="every part at small sizes, a few minutes")
    parser.add_argument("--only", nargs="+", choices=PARTS, help="run only these parts")
    parser.add_argument("--corpus", type=Path, default=bench_import.DEFAULT_CORPUS, help="real texts")
    parser.add_argument("--json", type=Path, help="also write all figures to this JSON file")
    docs = parser.add_mutually_exclusive_group()
    docs.add_argument("--write-docs", action="store_true", default=None,
                      help="rewrite docs/benchmarks.md, docs/bench/results.json and the plot (default: full run)")
    docs.add_argument("--no-docs", dest="write_docs", action="store_false", help="do not touch docs/")
    return parser.parse_args(argv)


def run_parts(parts: list[str], plan: Plan, corpus: Path) -> dict:
    results: dict = {}
    for part in parts:
        started = time.perf_counter()
        print(f"· {part} …", file=sys.stderr, flush=True)
        if part == "import":
            results[part] = run_import(plan, corpus)
        elif part == "alignment":
            results[part] = bench_diff.run(plan.diff_sizes, plan.diff_runs, plan.difflib_budget)
        elif part == "history":
            results[part] = bench_history.run(plan.history_sizes, plan.history_runs)
        else:
            results[part] = run_external(part, plan)
        results[part]["elapsed_s"] = time.perf_counter() - started
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    plan = QUICK if args.quick else FULL
    parts = args.only or PARTS
    command = "scripts/bench" + (" --quick" if args.quick else "") + (f" --only {' '.join(parts)}" if args.only else "")
    started = time.perf_counter()
    results = {"command": command, "mode": "quick" if args.quick else "full", "machine": machine(),
               **run_parts(parts, plan, args.corpus)}
    results["scaling"] = scaling(results)
    results["elapsed_s"] = time.perf_counter() - started
    results["targets"] = targets(results)
    print(render_text(results))
    write_docs = (not args.quick and not args.only) if args.write_docs is None else args.write_docs
    if write_docs:
        _write_docs(results)
    else:
        print("\ndocs/ not rewritten (quick or partial run; --write-docs to force)")
    if args.json:
        write_json(args.json, results)
        print(f"figures written to {args.json}")
    print(f"\n{machine_line(results['machine'])} · {results['elapsed_s']:.0f} s in all")
    return 0


def _write_docs(results: dict) -> None:
    png = DOCS / "bench" / "scaling.png"
    results["plot"] = plot(results, png) or "docs/bench/scaling.png"
    write_json(DOCS / "bench" / "results.json", results)
    (DOCS / "benchmarks.md").write_text(render_markdown(results), encoding="utf-8")
    print(f"\nwritten: docs/benchmarks.md, docs/bench/results.json, {results['plot']}")


if __name__ == "__main__":
    sys.exit(main())
