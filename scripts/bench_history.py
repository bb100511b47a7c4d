"""Point-in-time retrieval and per-article history over a work with 50 versions in force.

The work is built the way the staff build one: a synthetic regulation
(:func:`synthetic.generate_regulation`, 300 articles by default, about the size of
a large municipal reglamento) is imported as the original version, then 49 reform proposals are
created, each amends one paragraph (every fifth one amends the tracked article) and is
published (:func:`implan_regs.publication.publish`), which stores the next version. So
the store holds 50 expressions, each a full Akoma Ntoso file, plus 49 published proposals.
Building is untimed.

Timed, each as the median of several runs with min/max:

* ``load one expression`` — :meth:`Store.load` of one dated version: the reference;
* ``in_force`` — which version was in force on a date (:meth:`Store.in_force`);
* ``point-in-time`` — ``in_force`` then ``load`` of that version (what ``show --at`` does);
* ``history`` — :func:`implan_regs.reform.timeline.provision_history` of the tracked article
  across the 50 versions. Target: < 200 ms.

``× ref`` is each time over the time of loading one expression.

Usage (from the project root)::

    .venv/bin/python scripts/bench_history.py --quick
    .venv/bin/python scripts/bench_history.py --articles 300 1000 --runs 5 --json history.json
    .venv/bin/python scripts/bench_history.py --quick --profile     # cProfile one history call
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

from bench_common import (
    Timing,
    clear_progress,
    fmt_ratio,
    machine,
    machine_line,
    measure,
    progress,
    ratio,
    table,
    write_json,
)
from synthetic import generate_regulation

from implan_regs.importers.text import import_text
from implan_regs.model.tree import Document, DocumentMeta
from implan_regs.publication import publish
from implan_regs.reform.procedure import approve, record_dictamen
from implan_regs.reform.service import new_proposal, operate, set_status
from implan_regs.reform.timeline import provision_history
from implan_regs.store import Store

WORK = "reglamento-sintetico"
VERSIONS = 50
FIRST_DATE = dt.date(2000, 1, 3)
STEP = dt.timedelta(days=91)
TARGET_SECONDS = 0.2
TARGET_ARTICLES = 300


def _live_articles(doc: Document) -> list[str]:
    """Keys of the plainly numbered, not derogated articles."""
    return [a.key for a in doc.articles() if a.key.isdigit() and not a.derogated]


def build_work(root: Path, articles: int, versions: int = VERSIONS) -> tuple[Store, list[str], str]:
    """A store holding ``versions`` versions of one work; returns (store, dates, tracked citation)."""
    store = Store.init(root, author="bench")
    meta = DocumentMeta(work=WORK, kind="reglamento", title="Reglamento sintético",
                        date=FIRST_DATE.isoformat())
    doc = import_text(generate_regulation(articles, seed=5), meta, source="<sintético>").document
    store.save_expression(doc, author="bench")
    live = _live_articles(doc)
    tracked = live[min(4, len(live) - 1)]
    dates = [FIRST_DATE.isoformat()]
    for i in range(1, versions):
        progress(f"history {articles}: publishing version {i + 1}/{versions} …")
        target = tracked if i % 5 == 0 else live[(i * 7) % len(live)]
        dates.append(_publish_reform(store, dates[-1], i, target))
    clear_progress()
    return store, dates, f"artículo {tracked}"


def _publish_reform(store: Store, base: str, i: int, article: str) -> str:
    """One proposal amending the first paragraph of ``article``, published 91 days after ``base``."""
    proposal = f"reforma-{i:02d}"
    new_proposal(store, f"{WORK}@{base}", proposal, f"Reforma {i} al Reglamento sintético", author="bench")
    operate(store, proposal, "reformar", citation=f"párrafo primero del artículo {article}",
            text=f"Texto del párrafo según la reforma número {i}, que sustituye al anterior.", author="bench")
    date = (dt.date.fromisoformat(base) + STEP).isoformat()
    set_status(store, proposal, "en revisión", author="bench")
    record_dictamen(store, proposal, commission="Comisión de Desarrollo Urbano", date=base, author="bench")
    approve(store, proposal, session="Sesión ordinaria", date=base, acta=str(i), votes="15-0-0", author="bench")
    publish(store, proposal, date, in_force=date, author="bench")
    return date


def bench_work(articles: int, runs: int) -> dict:
    """Build one work in a temporary store and time the four operations."""
    with tempfile.TemporaryDirectory(prefix="bench-history-") as tmp:
        store, dates, citation = build_work(Path(tmp) / "acervo", articles)
        middle = dates[len(dates) // 2]
        on = (dt.date.fromisoformat(middle) + dt.timedelta(days=10)).isoformat()
        ops = {"load one expression": lambda: store.load(WORK, middle),
               "in_force": lambda: store.in_force(WORK, on),
               "point-in-time": lambda: store.load(WORK, store.in_force(WORK, on).date),
               "history": lambda: provision_history(store, WORK, citation)}
        timings = {}
        for name, func in ops.items():
            progress(f"history {articles}: {name} …")
            func()  # warm the page cache and lazy imports
            timings[name], result = measure(func, runs)
            if name == "history":
                changes = [v.change for v in result]
        clear_progress()
    return _work_result(articles, len(dates), citation, timings, changes)


def _work_result(articles: int, versions: int, citation: str, timings: dict, changes: list[str]) -> dict:
    reference = timings["load one expression"].median
    ops = {name: {**t.to_json(), "ratio_to_reference": ratio(t.median, reference)} for name, t in timings.items()}
    return {"articles": articles, "versions": versions, "citation": citation, "operations": ops,
            "history_changes": {c: changes.count(c) for c in sorted(set(changes))},
            "method": "49 proposals published through reform.service (new_proposal, operate reformar) and publication.publish"}


def run(sizes: list[int], runs: int) -> dict:
    """The whole history benchmark (what ``scripts/bench`` calls)."""
    works = [bench_work(n, runs) for n in sizes]
    return {"works": works, "runs": runs, "target_s": TARGET_SECONDS, "target_check": target_check(works)}


def target_check(works: list[dict]) -> dict | None:
    at = next((w for w in works if w["articles"] == TARGET_ARTICLES), works[0] if works else None)
    if at is None:
        return None
    seconds = at["operations"]["history"]["median_s"]
    return {"articles": at["articles"], "seconds": seconds, "met": seconds < TARGET_SECONDS,
            "times_target": seconds / TARGET_SECONDS}


HEADER = ["articles", "versions", "operation", "median (min–max)", "× load one"]
ALIGN = ">><<>"


def rows_of(result: dict) -> list[list[str]]:
    rows = []
    for w in result["works"]:
        for name, op in w["operations"].items():
            rows.append([f"{w['articles']:,}", str(w["versions"]), name, Timing(op["samples_s"]).cell(),
                         fmt_ratio(op["ratio_to_reference"])])
    return rows


def format_table(result: dict) -> str:
    return table(HEADER, rows_of(result), ALIGN)


def profile(articles: int, top: int = 15) -> None:
    import cProfile
    import pstats

    with tempfile.TemporaryDirectory(prefix="bench-history-") as tmp:
        store, _, citation = build_work(Path(tmp) / "acervo", articles)
        profiler = cProfile.Profile()
        profiler.runcall(provision_history, store, WORK, citation)
    print(f"\nProfile of provision_history over {VERSIONS} versions of {articles:,} articles (cumulative):")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Point-in-time retrieval and history over 50 versions.")
    parser.add_argument("--articles", type=int, nargs="+", default=[TARGET_ARTICLES],
                        help="size of the regulation, one work per size (default 300)")
    parser.add_argument("--runs", type=int, default=5, help="runs per operation (default 5; 3 quick)")
    parser.add_argument("--quick", action="store_true", help="3 runs per operation")
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    parser.add_argument("--profile", action="store_true", help="cProfile one history call")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    runs = min(args.runs, 3) if args.quick else args.runs
    result = run(args.articles, runs)
    print(f"Point-in-time and history over {VERSIONS} versions — {runs} run(s) each; "
          f"× load one = time / loading one expression\n")
    print(format_table(result))
    print(f"\n{machine_line(machine())}")
    if args.json:
        write_json(args.json, result)
    if args.profile:
        profile(args.articles[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
