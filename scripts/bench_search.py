"""Search benchmark: relevance on the judged query set, build time and query latency by size.

Two parts, both run for whoosh, tantivy and a SQLite FTS5 baseline (``unicode61
remove_diacritics 2``, no stemming, implicit AND, bm25) in one run, on the same data:

* relevance: the Torreón regulations, the IMPLAN decree, the LGAHOTDU and the Constitution from
  ``../shared/corpus`` are imported into a temporary store and every query of
  ``tests/fixtures/search/judged_queries.json`` is run; recall@10 (relevant articles in the
  first 10 result articles, over min(relevant, 10)) and MRR are averaged, the queries without a
  relevant article in their first 10 counted, beside FTS5 with AND and with OR between the
  words, and the share of queries where whoosh and tantivy agree on the top 5;
* scale: synthetic regulations (:func:`synthetic.generate_regulation`) of about
  1k, 10k and 100k provisions: index build time and query latency p50/p95 of a full search
  (parse, engine query, grouping by article, snippets) over a fixed query list;
* writes and reads at the same sizes, on the command line (fresh processes, issue 16): import
  into a store with a whoosh index against one without, ``show --provision`` and a search
  against the interpreter's start-up (``python -c pass``), and the peak memory of a whoosh
  rebuild.

Usage (from the project root)::

    scripts/bench-search --relevance          # the judged queries only, about a minute
    scripts/bench-search --store-ops --sizes 100000   # the command-line ratios only
    scripts/bench-search --quick              # 1k and 10k provisions, about two minutes
    scripts/bench-search                      # 1k, 10k, 100k
    scripts/bench-search --json bench-search.json --sizes 1000 10000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from synthetic import generate_regulation  # noqa: E402

from implan_regs.importers import import_path  # noqa: E402
from implan_regs.importers.text import import_text  # noqa: E402
from implan_regs.model.tree import DocumentMeta  # noqa: E402
from implan_regs.search.backend import engines  # noqa: E402
from implan_regs.search.documents import expression_documents  # noqa: E402
from implan_regs.search.indexer import rebuild  # noqa: E402
from implan_regs.search.query import SearchOptions, search  # noqa: E402
from implan_regs.store import Store  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
JUDGED = ROOT / "tests" / "fixtures" / "search" / "judged_queries.json"
#: (file, work, kind, title, date): the works the judged queries are about.
WORKS = [tuple(w) for w in json.loads(JUDGED.read_text("utf-8"))["works"]]
LATENCY_QUERIES = ["licencia de construcción", "densidad", "estacionamiento", "protecion civil", '"uso de suelo"',
                   "predios baldíos", "Director Responsable de Obra", "sanciones", "vía pública", "zonificación",
                   "constancia", "alineamiento y número oficial", "cajones de estacionamiento", "riesgo",
                   "vivienda", "superficie construida", "Ayuntamiento", "impacto urbano", "multa", "banqueta"]
PROVISIONS_PER_ARTICLE = 5.2  # what generate_regulation produces on average


# --------------------------------------------------------------------------- FTS5 baseline

class Fts5:
    """One row per provision, grouped by article at query time like the real engines; words
    joined by AND (FTS5's implicit operator) or by OR."""

    def __init__(self, operator: str = "AND"):
        self.operator = operator
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE p USING fts5(work UNINDEXED, article UNINDEXED, eid UNINDEXED, "
                        "text, tokenize = 'unicode61 remove_diacritics 2')")

    def add(self, docs) -> None:
        self.db.executemany("INSERT INTO p VALUES (?, ?, ?, ?)",
                            [(d.work, d.article, d.eid, d.path + "\n" + d.text) for d in docs])
        self.db.commit()

    def search(self, query: str, limit: int = 10) -> list[tuple[str, str]]:
        match = to_fts5(query, self.operator)
        if not match:
            return []
        rows = self.db.execute("SELECT work, article FROM p WHERE p MATCH ? ORDER BY bm25(p) LIMIT 200", (match,))
        out: list[tuple[str, str]] = []
        for row in rows:
            if row not in out:
                out.append(row)
            if len(out) == limit:
                break
        return out


def to_fts5(query: str, operator: str = "AND") -> str:
    """Words as quoted FTS5 strings joined by ``operator``; a quoted phrase stays a phrase."""
    parts = re.findall(r'"[^"]*"|[^\s"]+', query)
    out = []
    for part in parts:
        words = re.findall(r"\w+", part)
        if words:
            out.append('"' + " ".join(words) + '"')
    return f" {operator} ".join(out)


# --------------------------------------------------------------------------- helpers

def load_store(root: Path, docs) -> Store:
    store = Store.init(root)
    for doc in docs:
        store.save_expression(doc)
    return store


def engine_top(store: Store, index, query: str) -> list[tuple[str, str]]:
    results = search(store, index, query, SearchOptions(per_page=10))["results"]
    return [(r["work"], r["article"]) for r in results]


def score(ranked: list[tuple[str, str]], relevant: set[tuple[str, str]]) -> tuple[float, float]:
    found = sum(1 for r in ranked[:10] if r in relevant)
    recall = found / min(len(relevant), 10) if relevant else 0.0
    rank = next((i for i, r in enumerate(ranked, 1) if r in relevant), None)
    return recall, (1.0 / rank if rank else 0.0)


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


# --------------------------------------------------------------------------- relevance

def relevance(names: list[str]) -> dict:
    if not CORPUS.is_dir():
        return {"skipped": f"shared corpus not found: {CORPUS}"}
    judged = json.loads(JUDGED.read_text("utf-8"))["queries"]
    docs = [import_path(CORPUS / f, DocumentMeta(work=w, kind=k, title=t, date=d)).document
            for f, w, k, t, d in WORKS]
    with tempfile.TemporaryDirectory() as tmp:
        store = load_store(Path(tmp) / "acervo", docs)
        runs = {name: _judge_engine(store, name, judged) for name in names}
    for operator in ("AND", "OR"):
        fts = Fts5(operator)
        for doc in docs:
            fts.add(expression_documents(doc, doc.meta.date or "", "9999-12-31"))
        runs[f"fts5-{operator.lower()}"] = judge_queries(judged, fts.search)
    tops = {n: runs[n].pop("top") for n in runs}
    out = {"queries": len(judged), "engines": runs}
    if "whoosh" in tops and "tantivy" in tops:
        pairs = list(zip(tops["whoosh"], tops["tantivy"], strict=True))
        out["whoosh_tantivy_same_top1"] = round(sum(1 for a, b in pairs if a[:1] == b[:1]) / len(judged), 3)
        out["whoosh_tantivy_top5_overlap"] = round(statistics.mean(
            len(set(a[:5]) & set(b[:5])) / max(1, min(5, len(a), len(b))) for a, b in pairs), 3)
    return out


def _judge_engine(store: Store, name: str, judged: list[dict]) -> dict:
    index, _ = rebuild(store, name)
    return judge_queries(judged, lambda q: engine_top(store, index, q))


def judge_queries(judged: list[dict], run) -> dict:
    """recall@10, MRR and the queries with no relevant hit, ``run(query)`` giving (work, article) pairs."""
    recalls, rrs, tops, missed = [], [], [], []
    for item in judged:
        ranked = run(item["query"])
        tops.append(ranked)
        recall, rr = score(ranked, {tuple(r) for r in item["relevant"]})
        recalls.append(recall)
        rrs.append(rr)
        if rr == 0:
            missed.append(item["query"])
    return {"recall@10": round(statistics.mean(recalls), 3), "mrr": round(statistics.mean(rrs), 3),
            "zero_hit": len(missed), "zero_hit_queries": missed, "top": tops}


# --------------------------------------------------------------------------- scale

def scale(size: int, names: list[str], repeat: int) -> dict:
    n_articles = max(10, int(size / PROVISIONS_PER_ARTICLE))
    meta = DocumentMeta(work="sintetico", kind="reglamento", title="Reglamento Sintético", date="2020-01-01")
    doc = import_text(generate_regulation(n_articles, seed=7), meta).document
    docs = expression_documents(doc, "2020-01-01", "9999-12-31")
    out = {"target_provisions": size, "provisions": len(docs), "engines": {}}
    with tempfile.TemporaryDirectory() as tmp:
        store = load_store(Path(tmp) / "acervo", [doc])
        for name in names:
            started = time.perf_counter()
            index, _ = rebuild(store, name)
            build = time.perf_counter() - started
            out["engines"][name] = {"build_s": round(build, 2),
                                    **_latency(lambda q, s=store, i=index: search(s, i, q), repeat)}
            index.close()
    fts = Fts5()
    started = time.perf_counter()
    fts.add(docs)
    out["engines"]["fts5"] = {"build_s": round(time.perf_counter() - started, 2), **_latency(fts.search, repeat)}
    return out


def _latency(run, repeat: int) -> dict:
    for query in LATENCY_QUERIES:  # warm-up (caches, vocabulary)
        run(query)
    times = []
    for _ in range(repeat):
        for query in LATENCY_QUERIES:
            started = time.perf_counter()
            run(query)
            times.append((time.perf_counter() - started) * 1000)
    return {"p50_ms": round(percentile(times, 0.5), 2), "p95_ms": round(percentile(times, 0.95), 2)}


# --------------------------------------------------------------------------- writes and reads at scale

PYTHON = sys.executable
#: The command-line processes run from compiled bytecode, as an installed package does: a checkout
#: run with PYTHONDONTWRITEBYTECODE would compile every module on every call (~0.1 s), which a
#: user never pays. The cache lives under .bench/, not beside the sources.
CLI_ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
           "PYTHONPYCACHEPREFIX": str(ROOT / ".bench" / "pycache")}


def _cli(root: Path, *args: str) -> float:
    """Seconds one command-line call takes, start-up included (a fresh process)."""
    started = time.perf_counter()
    done = subprocess.run([PYTHON, "-m", "implan_regs", "--root", str(root), *args], capture_output=True,
                          text=True, cwd=ROOT, env=CLI_ENV)
    if done.returncode:
        raise RuntimeError(f"{' '.join(args)}: {done.stderr.strip()[-300:]}")
    return time.perf_counter() - started


def _best(run, repeat: int = 3) -> float:
    return min(run() for _ in range(repeat))


def _pass() -> float:
    started = time.perf_counter()
    subprocess.run([PYTHON, "-c", "pass"], check=True, env=CLI_ENV)
    return time.perf_counter() - started


def _startup() -> float:
    """The interpreter's own start-up (python -c pass): the reference of the command-line ratios."""
    return _best(_pass, 5)


def _against_startup(run, repeat: int = 5) -> tuple[float, float]:
    """(start-up, run): the best of ``repeat`` alternating calls of each, so that both see the
    same load of a shared machine."""
    pairs = [(_pass(), run()) for _ in range(repeat)]
    return min(p[0] for p in pairs), min(p[1] for p in pairs)


def _wait_for_index(root: Path) -> None:
    """Until the background update the import started has run (it may not have started yet)."""
    from implan_regs.search.indexer import index_busy, load_index

    store = Store.open(root)
    while index_busy(root, "whoosh") or load_index(root, "whoosh").is_stale(store):
        time.sleep(0.2)


_REBUILD = """
import os, resource, sys
from implan_regs.store import Store
from implan_regs.search.indexer import index_lock, rebuild
store = Store.open(sys.argv[1])
with index_lock(store.root, "whoosh", wait=True):
    rebuild(store, "whoosh")
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _rebuild_peak_mb(root: Path) -> tuple[float, float]:
    """(seconds, peak resident MB) of a whoosh rebuild in a fresh process."""
    started = time.perf_counter()
    done = subprocess.run([PYTHON, "-c", _REBUILD, str(root)], capture_output=True, text=True, cwd=ROOT,
                          env=CLI_ENV)
    if done.returncode:
        raise RuntimeError(f"whoosh rebuild: {done.stderr.strip()[-500:]}")
    return time.perf_counter() - started, int(done.stdout.split()[-1]) / 1024


def store_ops(size: int) -> dict:
    """Issue 16's ratios for one document of ``size`` provisions, each against its reference in the
    same run: CLI import into a store with a whoosh index vs one without; ``show --provision``
    and a CLI search vs the interpreter's start-up; peak memory of a whoosh rebuild."""
    n_articles = max(10, int(size / PROVISIONS_PER_ARTICLE))
    startup = _startup()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "reglamento.txt"
        source.write_text(generate_regulation(n_articles, seed=7), "utf-8")
        args = ("import", str(source), "--work", "sintetico", "--title", "Reglamento Sintético", "--date", "2020-01-01")
        plain, indexed = Path(tmp) / "sin-indice", Path(tmp) / "con-indice"
        for root in (plain, indexed):
            Store.init(root)
        _cli(indexed, "search", "prueba")  # an (empty) index exists: every write must update it
        import_plain = _cli(plain, *args)
        import_indexed = _cli(indexed, *args)
        _wait_for_index(indexed)  # the background update finishes before anything else is timed
        middle = f"artículo {n_articles // 2}"
        show_startup, show = _against_startup(lambda: _cli(indexed, "show", "sintetico", "--provision", middle))
        search_startup, query = _against_startup(lambda: _cli(indexed, "search", "licencia de construcción"))
        rebuild_s, peak_mb = _rebuild_peak_mb(indexed)
    return {"provisions_target": size, "articles": n_articles, "startup_s": round(startup, 3),
            "import_s": round(import_plain, 2), "import_with_index_s": round(import_indexed, 2),
            "import_ratio": round(import_indexed / import_plain, 2),
            "show_provision_s": round(show, 3), "show_ratio": round(show / show_startup, 1),
            "search_s": round(query, 3), "search_ratio": round(query / search_startup, 1),
            "rebuild_s": round(rebuild_s, 1), "rebuild_peak_mb": round(peak_mb)}


# --------------------------------------------------------------------------- report

def print_store_ops(rows: list[dict]) -> None:
    if not rows:
        return
    print()
    print("Writes and reads at scale (command line, fresh processes; python -c pass = start-up)")
    print(f"{'provisions':>10} {'import s':>9} {'+index s':>9} {'ratio':>6} {'show s':>7} {'× start':>8} "
          f"{'search s':>9} {'× start':>8} {'rebuild s':>10} {'peak MB':>8}")
    for r in rows:
        print(f"{r['provisions_target']:>10} {r['import_s']:>9.2f} {r['import_with_index_s']:>9.2f} "
              f"{r['import_ratio']:>6.2f} {r['show_provision_s']:>7.3f} {r['show_ratio']:>8.1f} "
              f"{r['search_s']:>9.3f} {r['search_ratio']:>8.1f} {r['rebuild_s']:>10.1f} {r['rebuild_peak_mb']:>8}")


def print_report(report: dict) -> None:
    rel = report["relevance"]
    if not rel:
        return
    print(f"Relevance ({rel.get('queries', 0)} judged queries over the shared corpus)")
    if "skipped" in rel:
        print(f"  skipped: {rel['skipped']}")
    for name, r in rel.get("engines", {}).items():
        print(f"  {name:8} recall@10 {r['recall@10']:.3f}   MRR {r['mrr']:.3f}   "
              f"no relevant hit in the top 10: {r['zero_hit']}")
    if "whoosh_tantivy_same_top1" in rel:
        print(f"  whoosh vs tantivy: same first result on {rel['whoosh_tantivy_same_top1']:.0%} of the queries, "
              f"top-5 overlap {rel['whoosh_tantivy_top5_overlap']:.0%}")
    print()
    print(f"{'provisions':>10}  {'engine':8} {'build s':>8} {'× fts5':>7} {'p50 ms':>8} {'p95 ms':>8} {'× fts5':>7}")
    for row in report["scale"]:
        base = row["engines"]["fts5"]  # the AND baseline: the cheaper of the two
        for name, r in row["engines"].items():
            build_ratio = r["build_s"] / base["build_s"] if base["build_s"] else float("nan")
            p95_ratio = r["p95_ms"] / base["p95_ms"] if base["p95_ms"] else float("nan")
            print(f"{row['provisions']:>10}  {name:8} {r['build_s']:>8.2f} {build_ratio:>7.1f} "
                  f"{r['p50_ms']:>8.2f} {r['p95_ms']:>8.2f} {p95_ratio:>7.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1k and 10k provisions only (about two minutes)")
    parser.add_argument("--sizes", type=int, nargs="+", help="provision counts (default 1000 10000 100000)")
    parser.add_argument("--repeat", type=int, default=None, help="passes over the query list per size")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--relevance", action="store_true", help="the judged queries only (no scale runs)")
    parser.add_argument("--store-ops", action="store_true",
                        help="only the command-line ratios (import with/without index, show, search, rebuild memory)")
    args = parser.parse_args()
    names = [n for n in ("whoosh", "tantivy") if n in engines()]
    sizes = [] if args.relevance else args.sizes or ([1000, 10000] if args.quick else [1000, 10000, 100000])
    repeat = args.repeat or (3 if args.quick else 5)
    report = {"machine": {"python": platform.python_version(), "platform": platform.platform(),
                          "processor": platform.processor() or platform.machine()},
              "engines": names, "relevance": {} if args.store_ops else relevance(names), "scale": [], "store": []}
    for size in sizes:
        if not args.store_ops:
            report["scale"].append(scale(size, names, repeat))
        report["store"].append(store_ops(size))
        print(f"... {size} done", file=sys.stderr)
    print_report(report)
    print_store_ops(report["store"])
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main()
