"""Search benchmark on the PostgreSQL store (issue 15): whoosh, tantivy and the ``postgres`` engine
on one store of about 100k provisions, as ratios against whoosh in the same run.

The store lives in a throwaway cluster (``scripts/postgres``, as the tests start it): the works of
the judged queries (``tests/fixtures/search/judged_queries.json``, from ``../shared/corpus``) plus
synthetic regulations (:func:`synthetic.generate_regulation`) up to the size asked. Reported:

* on the judged queries: recall@10, MRR, the queries with no relevant article in the first 10, the
  share whose first article is whoosh's, and the latency p50/p95 of a full search (parse, query,
  grouping by article, snippets) over the judged queries, each engine warmed up first;
* building: whoosh's and tantivy's index build (they are derived files beside the store) against
  the cost the ``postgres`` engine pays instead, the rows written in each import's transaction
  (import time with the index hooks against without them, same data, same run).

Usage (from the project root)::

    scripts/bench-pgsearch                      # 100k provisions
    scripts/bench-pgsearch --provisions 10000 --json pgsearch.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_search import CORPUS, JUDGED, PROVISIONS_PER_ARTICLE, WORKS, judge_queries, percentile  # noqa: E402
from synthetic import generate_regulation  # noqa: E402

from implan_regs.importers import import_path  # noqa: E402
from implan_regs.importers.text import import_text  # noqa: E402
from implan_regs.model.tree import DocumentMeta  # noqa: E402
from implan_regs.search import SearchOptions, search  # noqa: E402
from implan_regs.search.backend import engines  # noqa: E402
from implan_regs.store import Store  # noqa: E402
from implan_regs.store.postgres import PgBackend  # noqa: E402

ARTICLES_PER_SYNTHETIC = 2000  # one synthetic regulation: about 10k provisions


class Cluster:
    """A throwaway PostgreSQL server (scripts/postgres), stopped on exit."""

    def __enter__(self) -> str:
        self.folder = Path(tempfile.mkdtemp(prefix="implan-bench-pg-"))
        done = subprocess.run(["bash", str(ROOT / "scripts" / "postgres"), "start", str(self.folder)],
                              capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"scripts/postgres start: {done.stderr.strip()}")
        return done.stdout.strip().splitlines()[-1]

    def __exit__(self, *exc) -> None:
        from implan_regs.store.postgres import close_all

        close_all()
        subprocess.run(["bash", str(ROOT / "scripts" / "postgres"), "stop", str(self.folder)], capture_output=True)
        subprocess.run(["rm", "-rf", str(self.folder)], check=False)


def documents(provisions: int) -> list:
    """The judged works, then synthetic regulations until about ``provisions`` provisions."""
    docs = [import_path(CORPUS / f, DocumentMeta(work=w, kind=k, title=t, date=d)).document
            for f, w, k, t, d in WORKS]
    have = sum(1 for doc in docs for _ in doc.walk())
    seed = 0
    while have < provisions:
        articles = min(ARTICLES_PER_SYNTHETIC, max(10, int((provisions - have) / PROVISIONS_PER_ARTICLE)))
        seed += 1
        meta = DocumentMeta(work=f"sintetico-{seed}", kind="reglamento", date="2020-01-01",
                            title=f"Reglamento Sintético {seed}")
        doc = import_text(generate_regulation(articles, seed=seed, title=f"REGLAMENTO SINTÉTICO {seed}"), meta).document
        docs.append(doc)
        have += sum(1 for _ in doc.walk())
    return docs


def load(root: Path, store_name: str, docs: list, *, index: bool) -> tuple[Store, float]:
    """A new store of ``docs`` and the seconds its imports took (``index``: with the search rows
    written in each import's transaction, as always; False: with the hook left out, the reference)."""
    os.environ["IMPLAN_REGS_STORE"] = store_name
    from implan_regs.store import pgindex

    saved = list(PgBackend.commit_hooks)
    if not index:
        PgBackend.commit_hooks[:] = [h for h in saved if h is not pgindex.index_written]
    try:
        store = Store.init(root)
        started = time.perf_counter()
        for doc in docs:
            store.save_expression(doc)
        return store, time.perf_counter() - started
    finally:
        PgBackend.commit_hooks[:] = saved


def judge(store: Store, engine: str, judged: list[dict], repeat: int) -> dict:
    """Relevance and latency of ``engine`` on the judged queries."""
    started = time.perf_counter()
    search(store, "licencia", SearchOptions(), engine=engine)  # builds whoosh's / tantivy's index
    build = time.perf_counter() - started
    quality = judge_queries(judged, lambda query: [(r["work"], r["article"]) for r in search(
        store, query, SearchOptions(per_page=10), engine=engine)["results"]])
    times = []
    for _ in range(repeat):
        for item in judged:
            started = time.perf_counter()
            search(store, item["query"], SearchOptions(per_page=10), engine=engine)
            times.append((time.perf_counter() - started) * 1000)
    return {"first_search_s": round(build, 2), **quality,
            "p50_ms": round(percentile(times, 0.5), 2), "p95_ms": round(percentile(times, 0.95), 2)}


def run(provisions: int, repeat: int) -> dict:
    judged = json.loads(JUDGED.read_text("utf-8"))["queries"]
    docs = documents(provisions)
    names = [n for n in ("whoosh", "tantivy") if n in engines()] + ["postgres"]
    with Cluster() as url, tempfile.TemporaryDirectory() as tmp:
        os.environ["IMPLAN_REGS_DATABASE_URL"] = url
        _, import_plain = load(Path(tmp) / "sin-indice", "sin_indice", docs, index=False)
        store, import_indexed = load(Path(tmp) / "acervo", "acervo", docs, index=True)
        rows = store.backend.query("SELECT count(*), pg_total_relation_size('{schema}.search_provisions') "
                                   "FROM {schema}.search_provisions")
        runs = {name: judge(store, name, judged, repeat) for name in names}
    tops = {name: runs[name].pop("top") for name in runs}
    whoosh = runs["whoosh"]
    for name, r in runs.items():
        r["same_top1_as_whoosh"] = round(sum(1 for a, b in zip(tops[name], tops["whoosh"], strict=True)
                                             if a[:1] == b[:1]) / len(judged), 3)
        r["p95_vs_whoosh"] = round(r["p95_ms"] / whoosh["p95_ms"], 2)
        r["recall_vs_whoosh"] = round(r["recall@10"] / whoosh["recall@10"], 3)
    return {"machine": {"python": platform.python_version(), "platform": platform.platform()},
            "provisions": rows[0][0], "works": len(docs), "queries": len(judged),
            "import_s": round(import_plain, 1), "import_with_pg_index_s": round(import_indexed, 1),
            "import_ratio": round(import_indexed / import_plain, 2),
            "pg_index_mb": round(rows[0][1] / 2**20, 1), "engines": runs}


def print_report(report: dict) -> None:
    print(f"{report['provisions']} provisions in force ({report['works']} works), {report['queries']} judged queries")
    print(f"imports: {report['import_s']} s without the postgres index, {report['import_with_pg_index_s']} s with it "
          f"(× {report['import_ratio']}); its table and indexes: {report['pg_index_mb']} MB")
    print(f"{'engine':9} {'recall@10':>9} {'× whoosh':>8} {'MRR':>6} {'zero':>5} {'top1=whoosh':>11} "
          f"{'p50 ms':>8} {'p95 ms':>8} {'× whoosh':>8} {'1st search s':>12}")
    for name, r in report["engines"].items():
        print(f"{name:9} {r['recall@10']:>9.3f} {r['recall_vs_whoosh']:>8.3f} {r['mrr']:>6.3f} {r['zero_hit']:>5} "
              f"{r['same_top1_as_whoosh']:>11.0%} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['p95_vs_whoosh']:>8.2f} "
              f"{r['first_search_s']:>12.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--provisions", type=int, default=100_000, help="size of the store (default 100000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the judged queries")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        raise SystemExit(f"shared corpus not found: {CORPUS}")
    report = run(args.provisions, args.repeat)
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main()
