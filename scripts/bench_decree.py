"""The decree of a proposal, and its verification, against the time of the diff alone.

Two proposals on the same synthetic regulation (600 articles by default, the size of Torreón's
Reglamento de Desarrollo Urbano), built as a lawyer builds them:

* ``reform``: ~50 articles amended (whole or one fracción), 5 articles added (Bis), 5 fracciones
  and 3 articles derogated, 3 articles moved to a new number — an ARTÍCULO ÚNICO decree;
* ``restructure``: every chapter block moved and everything renumbered (:mod:`bench_diff`'s
  restructure) — the decree "expide" the whole text.

Timed in one process on the same pair: ``diff`` (:func:`diff_documents`, the reference),
``decree`` (:func:`build_decree`), ``verify`` (read the decree back, apply it to the base,
compare provision by provision) and ``decree+verify``; each as a ratio to ``diff``.

Usage (from the project root)::

    .venv/bin/python scripts/bench_decree.py [--sizes 600 2000] [--runs 3] [--json decree.json]
"""

from __future__ import annotations

import argparse
import copy
import random
import sys
from pathlib import Path

from bench_common import (
    Timing,
    clear_progress,
    fmt_ratio,
    fmt_seconds,
    machine,
    machine_line,
    measure,
    progress,
    ratio,
    table,
    write_json,
)
from bench_diff import import_pair, make_pair

from implan_regs.diff import diff_documents
from implan_regs.model.numbers import display_article_number
from implan_regs.reform.decree import build_decree
from implan_regs.reform.model import Operation, Proposal
from implan_regs.reform.service import apply_operation
from implan_regs.reform.verify import verify_text


def reform_of(base, seed: int = 0) -> tuple[object, Proposal]:
    """A realistic reform of ``base`` through the recorded operations."""
    rng = random.Random(seed)
    draft = copy.deepcopy(base)
    ops: list[Operation] = []
    keys = [a.key for a in base.articles() if a.key and a.key.isdigit()]

    def apply(kind: str, **kw) -> None:
        op = Operation(f"op-{len(ops) + 1:04d}", kind, "bench", "", **kw)
        try:
            apply_operation(draft, op)
        except Exception:  # noqa: BLE001 - a random choice that does not apply is skipped
            return
        ops.append(op)

    for key in rng.sample(keys, 50):
        article = next(a for a in draft.articles() if a.key == key)
        points = [c for c in article.children if c.kind == "point" and c.level == "fraccion"]
        if points and rng.random() < 0.5:
            point = rng.choice(points)
            apply("reformar", citation=f"fracción {point.key} del artículo {key}", text=f"{point.num} Texto reformado.")
        else:
            apply("reformar", citation=f"artículo {key}", text=f"Texto reformado del artículo {key}.")
    for key in rng.sample(keys, 5):
        apply("adicionar", citation=f"artículo {key}", text="Disposición adicionada por la reforma.")
    for key in rng.sample(keys, 8):
        article = next(a for a in draft.articles() if a.key == key)
        points = [c for c in article.children if c.kind == "point" and not c.derogated]
        apply("derogar", citation=f"fracción {points[0].key} del artículo {key}" if points else f"artículo {key}")
    for key in rng.sample(keys, 3):
        apply("mover", citation=f"artículo {key}", position=f"{key} Ter|artículo {display_article_number(key)}")
    return draft, Proposal("bench", base.meta.work, base.meta.date, "Reforma de prueba", operations=ops)


def bench_case(name: str, base, draft, proposal: Proposal | None, runs: int) -> dict:
    timings: dict[str, Timing] = {}
    progress(f"{name}: diff")
    timings["diff"], _ = measure(lambda: diff_documents(base, draft), runs)
    progress(f"{name}: decree")
    timings["decree"], decree = measure(lambda: build_decree(base, draft, proposal=proposal), runs)
    text = decree.text()
    progress(f"{name}: verify")
    timings["verify"], verified = measure(lambda: verify_text(base, draft, text), runs)
    timings["decree+verify"], _ = measure(
        lambda: verify_text(base, draft, build_decree(base, draft, proposal=proposal).text()), runs)
    clear_progress()
    reference = timings["diff"].median
    return {"case": name, "articles": len(base.articles()), "verified": verified.ok,
            "expide": decree.expide, "decree_chars": len(text),
            "timings": {k: {**t.to_json(), "ratio_to_diff": ratio(t.median, reference)} for k, t in timings.items()}}


def run(sizes: list[int], runs: int) -> list[dict]:
    out = []
    for size in sizes:
        pair = make_pair(size)
        base, restructured = import_pair(pair)
        draft, proposal = reform_of(base)
        out.append(bench_case(f"reform {size}", base, draft, proposal, runs))
        out.append(bench_case(f"restructure {size}", base, restructured, None, runs))
    return out


def report(results: list[dict]) -> str:
    rows = []
    for r in results:
        t = r["timings"]
        rows.append([r["case"] + (" (expide)" if r["expide"] else ""), str(r["articles"]),
                     "sí" if r["verified"] else "NO", fmt_seconds(t["diff"]["median_s"]),
                     *(f"{fmt_seconds(t[k]['median_s'])} ({fmt_ratio(t[k]['ratio_to_diff'])})"
                       for k in ("decree", "verify", "decree+verify"))])
    return table(["case", "articles", "verified", "diff (ref)", "decree", "verify", "decree+verify"], rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[600])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one run per figure")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results = run(args.sizes, 1 if args.quick else args.runs)
    print(machine_line(machine()))
    print(report(results))
    if args.json:
        write_json(args.json, {"decree": results})
    return 0 if all(r["verified"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
