"""Alignment and diff of two versions with full renumbering, against a number baseline and difflib.

For each size (100, 1,000 and 10,000 articles by default) a synthetic regulation is built
(:func:`synthetic.build_regulation`) and a restructured version derived from it
(:func:`restructure`): a block of chapters moved to another título, about 5 % of the articles
amended by editing words, a few articles removed (0.5 % + 1, none that another article cites)
and a few added (0.5 %, from another synthetic regulation), then everything renumbered
(:func:`synthetic.renumber`: cross-references follow their articles). Both are
rendered and imported with the text importer (untimed); the ground truth, old article → new
article, comes from the articles' stable ``uid``.

Timed on the same pair of documents, in the same process:

* ``align_articles`` and ``diff_documents`` (alignment + sub-provision and word diffs);
* ``number``: the naive baseline, article *n* ↔ article *n*;
* ``difflib-seq``: ``difflib.SequenceMatcher`` over the sequence of article texts, as a line
  diff tool sees a document (equal runs pair; a replaced run pairs position by position);
* ``difflib-close``: ``difflib.get_close_matches`` for every old article against the new
  articles not yet taken (cutoff 0.6). It is quadratic with an expensive inner step, so it
  runs under a time budget; past it the row says "> budget" with the share done, an estimate
  of the full time, and the accuracy on the articles it did.

Accuracy = decisions that agree with the ground truth / (old articles + added articles): an
old article is right when its partner set is exactly its true successor (empty when removed),
an added article when it is left unpaired. ``twins ok`` also counts as right a partner whose
text is word for word the true partner's (the generator repeats short articles: about 1 in 9
at 10,000 articles; no text comparison can tell such twins apart). ``× ref`` is the time over ``difflib-seq``'s.
``peak MiB`` is the tracemalloc peak (Python and numpy allocations) of one extra
``align_articles`` call.

Usage (from the project root)::

    .venv/bin/python scripts/bench_diff.py --quick
    .venv/bin/python scripts/bench_diff.py --sizes 1000 --runs 5 --json diff.json
    .venv/bin/python scripts/bench_diff.py --sizes 10000 --quick --profile   # cProfile align_articles
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench_common import (
    Timing,
    clear_progress,
    fmt_percent,
    fmt_ratio,
    machine,
    machine_line,
    measure,
    progress,
    ratio,
    table,
    write_json,
)
from synthetic import Article, Heading, Regulation, build_regulation, render, renumber

from implan_regs.diff import align_articles, diff_documents
from implan_regs.importers.text import import_text
from implan_regs.model.tree import Document, DocumentMeta

DEFAULT_SIZES = [100, 1000, 10000]
AMENDED_SHARE = 0.05
REFERENCE = "difflib-seq"
TARGET = {"size": 1000, "seconds": 2.0, "accuracy": 0.99}
_EDITS = [("deberá", "tendrá que"), ("quince", "veinte"), ("días hábiles", "días naturales"),
          ("Dirección", "Secretaría"), ("podrá", "deberá"), ("Reglamento", "ordenamiento"),
          ("predio", "inmueble"), ("diez", "treinta")]


# --------------------------------------------------------------------------- the restructured version


@dataclass
class Pair:
    """Two versions and the ground truth between them (article keys)."""

    size: int
    old: Regulation
    new: Regulation
    truth: dict[str, str | None]  # old key -> new key (None: removed)
    added: set[str]  # new keys without a predecessor
    edits: dict[str, int]  # what the restructure did


def restructure(reg: Regulation, seed: int) -> tuple[Regulation, dict[str, int]]:
    """A renumbered version: chapters moved, ~5 % amended, a few removed and added."""
    rng = random.Random(seed)
    items = [dataclasses.replace(item) for item in reg.items]
    edits = {"moved": _move_chapters(items, rng), "amended": _amend(items, rng, AMENDED_SHARE)}
    few = max(2, len(reg.articles()) // 200)
    edits["removed"] = _remove(items, rng, few + 1)
    edits["added"] = _add(items, rng, few, seed)
    return renumber(Regulation(reg.title, items, list(reg.transitorios))), edits


def _chapter_spans(items: list) -> list[tuple[int, int]]:
    """(start, end) of every chapter: its heading up to the next chapter or título heading."""
    starts = [i for i, item in enumerate(items) if isinstance(item, Heading) and item.kind == "chapter"]
    spans = []
    for start in starts:
        end = next((j for j in range(start + 1, len(items))
                    if isinstance(items[j], Heading) and items[j].kind in ("chapter", "title")), len(items))
        spans.append((start, end))
    return spans


def _move_chapters(items: list, rng: random.Random) -> int:
    """Move a run of consecutive chapters (about 10 % of the articles) before an earlier chapter."""
    spans = _chapter_spans(items)
    if len(spans) < 3:
        return 0
    count = max(1, len(spans) // 10)
    first = rng.randrange(len(spans) // 2, len(spans) - count + 1)
    start, end = spans[first][0], spans[first + count - 1][1]
    target = spans[rng.randrange(0, max(1, len(spans) // 3))][0]
    block = items[start:end]
    del items[start:end]
    items[target:target] = block
    return sum(isinstance(item, Article) for item in block)


def _live_positions(items: list) -> list[int]:
    return [i for i, item in enumerate(items) if isinstance(item, Article) and not item.derogated]


def _amend(items: list, rng: random.Random, share: float) -> int:
    positions = _live_positions(items)
    chosen = rng.sample(positions, max(1, round(len(positions) * share)))
    for i in chosen:
        items[i] = _amended(items[i], rng)
    return len(chosen)


def _amended(article: Article, rng: random.Random) -> Article:
    """A copy with a few words of one paragraph changed (or a phrase appended if none fits)."""
    paragraphs = list(article.paragraphs)
    index = rng.randrange(len(paragraphs))
    parts = list(paragraphs[index])
    for k, part in enumerate(parts):
        if isinstance(part, str):
            edited = _edit_words(part, rng)
            if edited != part:
                parts[k] = edited
                break
    else:
        parts.append(" Lo anterior, en los términos de las disposiciones aplicables.")
    paragraphs[index] = tuple(parts)
    return dataclasses.replace(article, paragraphs=paragraphs)


def _edit_words(text: str, rng: random.Random) -> str:
    edits = [(a, b) for a, b in _EDITS if a in text]
    if not edits:
        return text
    old, new = rng.choice(edits)
    return text.replace(old, new, 1)


def _remove(items: list, rng: random.Random, count: int) -> int:
    """Remove articles no other article cites (a reform would have to rewrite those references)."""
    cited = {part.uid for item in items if isinstance(item, Article)
             for text in _texts_of(item) for part in text if not isinstance(part, str)}
    candidates = [i for i in _live_positions(items) if items[i].uid not in cited]
    for i in sorted(rng.sample(candidates, count), reverse=True):
        del items[i]
    return count


def _add(items: list, rng: random.Random, count: int, seed: int) -> int:
    """Insert articles taken from another regulation (same style), with fresh uids and no refs."""
    donor = [a for a in build_regulation(max(50, count * 4), seed=seed + 7919).articles()
             if not a.derogated and not _has_refs(a)][:count]
    next_uid = max(a.uid for a in items if isinstance(a, Article)) + 1
    for k, article in enumerate(donor):
        positions = _live_positions(items)
        items.insert(positions[rng.randrange(len(positions))] + 1,
                     dataclasses.replace(article, uid=next_uid + k, note=None))
    return len(donor)


def _texts_of(article: Article) -> list:
    return [*article.paragraphs, *article.closing, *(f.text for f in article.fracciones),
            *(inciso for f in article.fracciones for inciso in f.incisos)]


def _has_refs(article: Article) -> bool:
    """Whether any text of the article holds a cross-reference (a non-string part)."""
    return any(not isinstance(part, str) for text in _texts_of(article) for part in text)


def make_pair(size: int, seed: int = 0) -> Pair:
    old = build_regulation(size, seed=seed)
    new, edits = restructure(old, seed)
    new_key = {a.uid: a.key for a in new.articles()}
    truth = {a.key: new_key.get(a.uid) for a in old.articles()}
    old_uids = {a.uid for a in old.articles()}
    added = {a.key for a in new.articles() if a.uid not in old_uids}
    return Pair(size, old, new, truth, added, edits)


def import_pair(pair: Pair) -> tuple[Document, Document]:
    """Both versions through the text importer; the keys must be the generator's."""
    docs = []
    for label, reg in (("old", pair.old), ("new", pair.new)):
        meta = DocumentMeta(work="reglamento-sintetico", kind="reglamento", title="Reglamento sintético")
        doc = import_text(render(reg), meta, source=f"<{label}>").document
        if [a.key for a in doc.articles()] != reg.article_keys():
            raise RuntimeError(f"{label} version: imported article keys differ from the generated ones")
        docs.append(doc)
    return docs[0], docs[1]


# --------------------------------------------------------------------------- the methods compared


def pairs_of_alignment(alignment) -> list[tuple[str | None, str | None]]:
    return [(p.old.key if p.old is not None else None, p.new.key if p.new is not None else None)
            for p in alignment.pairs]


def by_number(old: Document, new: Document) -> list[tuple[str, str]]:
    """Baseline: an article keeps its number."""
    new_keys = {a.key for a in new.articles()}
    return [(a.key, a.key) for a in old.articles() if a.key in new_keys]


def _texts(doc: Document) -> list[str]:
    return [" ".join(a.plain_text().split()) for a in doc.articles()]


def by_difflib_sequence(old: Document, new: Document) -> list[tuple[str, str]]:
    """difflib over the article sequence: equal runs pair, replaced runs pair by position."""
    old_keys, new_keys = [a.key for a in old.articles()], [a.key for a in new.articles()]
    matcher = difflib.SequenceMatcher(None, _texts(old), _texts(new), autojunk=False)
    out = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("equal", "replace"):
            out.extend(zip(old_keys[i1:i2], new_keys[j1:j2], strict=False))
    return out


@dataclass
class Partial:
    """Pairs found within a time budget; ``done`` old articles out of ``total`` were processed."""

    pairs: list[tuple[str, str]]
    done: int
    total: int
    seconds: float


def by_difflib_close(old: Document, new: Document, budget: float) -> Partial:
    """difflib.get_close_matches for each old article among the new ones still free."""
    start = time.perf_counter()
    free: dict[str, list[str]] = {}
    for article, text in zip(new.articles(), _texts(new), strict=True):
        free.setdefault(text, []).append(article.key)
    pairs, done = [], 0
    for article, text in zip(old.articles(), _texts(old), strict=True):
        if time.perf_counter() - start > budget:
            break
        match = difflib.get_close_matches(text, list(free), n=1, cutoff=0.6)
        done += 1
        if match:
            keys = free[match[0]]
            pairs.append((article.key, keys.pop(0)))
            if not keys:
                del free[match[0]]
    return Partial(pairs, done, len(old.articles()), time.perf_counter() - start)


# --------------------------------------------------------------------------- scoring


def accuracy(pair: Pair, found: list[tuple[str | None, str | None]], only: set[str] | None = None,
             texts: dict[str, str] | None = None) -> float:
    """Share of correct decisions (old articles, then added articles) against the ground truth.

    ``only`` restricts the old articles scored (a method that stopped early); added articles
    are then not scored. With ``texts`` (new key -> text), a partner whose text is identical to
    the true partner's also counts: twins with the same words cannot be told apart by text.
    """
    partners: dict[str, set[str]] = {}
    paired_new = set()
    for old_key, new_key in found:
        if old_key is not None and new_key is not None:
            partners.setdefault(old_key, set()).add(new_key)
            paired_new.add(new_key)
    olds = [k for k in pair.truth if only is None or k in only]
    right = sum(_right(partners.get(k, set()), pair.truth[k], texts) for k in olds)
    added = pair.added if only is None else set()
    right += sum(k not in paired_new for k in added)
    return right / (len(olds) + len(added))


def _right(got: set[str], truth: str | None, texts: dict[str, str] | None) -> bool:
    if truth is None or texts is None or len(got) != 1:
        return got == ({truth} if truth else set())
    return texts[next(iter(got))] == texts[truth]


# --------------------------------------------------------------------------- one size


def bench_size(size: int, runs: int, budget: float, seed: int = 0) -> dict:
    """Every method on one pair of versions; figures as JSON-ready dicts."""
    pair = make_pair(size, seed)
    old, new = import_pair(pair)
    rows = {}
    texts = dict(zip((a.key for a in new.articles()), _texts(new), strict=True))
    methods = [("align_articles", lambda: pairs_of_alignment(align_articles(old, new))),
               ("diff_documents", lambda: pairs_of_alignment(diff_documents(old, new).alignment)),
               ("number", lambda: by_number(old, new)),
               ("difflib-seq", lambda: by_difflib_sequence(old, new))]
    for name, func in methods:
        progress(f"diff {size}: {name} …")
        if size <= 1000:
            func()  # warm-up: first-call costs (lazy imports, regex compilation) are not the method's
        timing, found = measure(func, runs)
        rows[name] = {"timing": timing, "accuracy": accuracy(pair, found),
                      "accuracy_twins_ok": accuracy(pair, found, texts=texts)}
    progress(f"diff {size}: difflib-close …")
    rows["difflib-close"] = _close_row(pair, old, new, budget)
    progress(f"diff {size}: align_articles peak memory …")
    rows["align_articles"]["tracemalloc_peak_bytes"] = traced_peak(lambda: align_articles(old, new))
    clear_progress()
    return _size_result(pair, rows)


def traced_peak(func) -> int:
    """Peak of Python and numpy allocations (tracemalloc) during one call."""
    import gc
    import tracemalloc

    gc.collect()
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _close_row(pair: Pair, old: Document, new: Document, budget: float) -> dict:
    partial = by_difflib_close(old, new, budget)
    complete = partial.done == partial.total
    done_keys = {a.key for a in old.articles()[:partial.done]}
    row = {"timing": Timing([partial.seconds]), "complete": complete, "done": partial.done,
           "total": partial.total, "budget_s": budget,
           "accuracy": accuracy(pair, partial.pairs, None if complete else done_keys)}
    if not complete and partial.done:
        row["estimated_s"] = partial.seconds * partial.total / partial.done
    return row


def _size_result(pair: Pair, rows: dict) -> dict:
    reference = rows[REFERENCE]["timing"].median
    methods = {}
    for name, row in rows.items():
        out = {k: v for k, v in row.items() if k != "timing"}
        out.update(row["timing"].to_json())
        out["ratio_to_reference"] = ratio(row["timing"].median, reference)
        methods[name] = out
    return {"size": pair.size, "old_articles": len(pair.truth), "new_articles": len(pair.new.articles()),
            "edits": pair.edits, "reference": REFERENCE, "methods": methods}


def run(sizes: list[int], runs: int, budget: float) -> dict:
    """The whole alignment benchmark (what ``scripts/bench`` calls)."""
    results = [bench_size(size, runs, budget) for size in sizes]
    return {"sizes": results, "runs": runs, "difflib_budget_s": budget, "target": TARGET,
            "target_check": target_check(results)}


def target_check(results: list[dict]) -> dict | None:
    """Whether alignment of 1,000 vs 1,000 renumbered articles is < 2 s and ≥ 99 % correct."""
    at = next((r for r in results if r["size"] == TARGET["size"]), None)
    if at is None:
        return None
    row = at["methods"]["align_articles"]
    return {"seconds": row["median_s"], "accuracy": row["accuracy"],
            "time_met": row["median_s"] < TARGET["seconds"], "accuracy_met": row["accuracy"] >= TARGET["accuracy"]}


# --------------------------------------------------------------------------- output


HEADER = ["articles", "method", "median (min–max)", "× difflib-seq", "accuracy", "twins ok", "peak MiB", "note"]
ALIGN = "><>>>>><"


def method_cell(row: dict) -> str:
    timing = Timing(row["samples_s"])
    if row.get("complete") is False:
        return f"> {row['budget_s']:.0f} s budget"
    return timing.cell()


def method_note(name: str, row: dict) -> str:
    if row.get("complete") is False:
        est = f", ~{row['estimated_s']:.0f} s estimated in full" if row.get("estimated_s") else ""
        return f"{row['done']}/{row['total']} old articles done{est}; accuracy on those"
    return {"number": "pairs by article number", "difflib-seq": "reference",
            "diff_documents": "align + sub-provision and word diffs"}.get(name, "")


def rows_of(result: dict) -> list[list[str]]:
    rows = []
    for r in result["sizes"]:
        for name, row in r["methods"].items():
            ratio_cell = "-" if row.get("complete") is False else fmt_ratio(row["ratio_to_reference"])
            peak = row.get("tracemalloc_peak_bytes")
            rows.append([f"{r['size']:,}", name, method_cell(row), ratio_cell, fmt_percent(row["accuracy"]),
                         fmt_percent(row.get("accuracy_twins_ok")), f"{peak / 2**20:,.1f}" if peak else "", method_note(name, row)])
    return rows


def format_table(result: dict) -> str:
    return table(HEADER, rows_of(result), ALIGN)


def profile(size: int, top: int = 20) -> None:
    import cProfile
    import pstats

    old, new = import_pair(make_pair(size))
    profiler = cProfile.Profile()
    profiler.runcall(align_articles, old, new)
    print(f"\nProfile of align_articles at {size:,} articles (cumulative):")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Alignment/diff of renumbered versions vs number and difflib.")
    parser.add_argument("--sizes", type=int, nargs="+", default=DEFAULT_SIZES, help="articles (default 100 1000 10000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per timed method (default 5; 3 quick)")
    parser.add_argument("--quick", action="store_true", help="fewer runs and a 10 s difflib budget")
    parser.add_argument("--budget", type=float, help="time budget of difflib-close per size (default 60 s; 10 quick)")
    parser.add_argument("--json", type=str, help="write the figures to this JSON file")
    parser.add_argument("--profile", action="store_true", help="cProfile align_articles at the largest size")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    runs = min(args.runs, 3) if args.quick else args.runs
    budget = args.budget if args.budget is not None else (10.0 if args.quick else 60.0)
    result = run(args.sizes, runs, budget)
    print(f"Alignment of renumbered versions — {runs} run(s) per method; accuracy against the ground truth\n")
    print(format_table(result))
    print(f"\n{machine_line(machine())}")
    if args.json:
        write_json(Path(args.json), result)
    if args.profile:
        profile(max(args.sizes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
