"""DOCX export benchmark: our consolidated export against pandoc (Markdown → DOCX), same run.

A synthetic regulation (:func:`synthetic.generate_regulation`, 1,000 articles by
default) is imported with :func:`implan_regs.importers.text.import_text`. Then, several times
each, in the same run and on the same machine:

* ``implan-regs``: :func:`implan_regs.export.consolidated.build` (styles, cover, headings,
  hanging fracciones, tables, notes, header and footer fields) and the atomic write of the file;
* ``pandoc``: ``pandoc -f markdown -t docx`` on the same text written as Markdown (headings for
  títulos and capítulos, bold article numbers, one paragraph per fracción, pipe tables), as a
  process, the way one would use it; its bare start-up (``pandoc --version``) is printed too.

Figures are the median of ``--runs`` runs with min and max; the ratio is pandoc's median over
ours (above 1: we are faster). Not a test: run it by hand or from the benchmark suite.

Usage (from the project root)::

    scripts/bench-export                 # 1,000 articles, 5 runs
    scripts/bench-export --quick         # 3 runs
    scripts/bench-export --articles 1000 5000 --json bench-export.json
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from synthetic import generate_regulation  # noqa: E402

from implan_regs.export import base, consolidated  # noqa: E402
from implan_regs.export.layout import layout  # noqa: E402
from implan_regs.importers.text import import_text  # noqa: E402
from implan_regs.model.tree import Document, DocumentMeta  # noqa: E402


def regulation(n_articles: int) -> Document:
    meta = DocumentMeta(work="sintetico", kind="reglamento", title="Reglamento sintético", date="2024-01-01")
    return import_text(generate_regulation(n_articles), meta).document


def markdown(doc: Document) -> str:
    """The same text as Markdown: what a user would feed pandoc."""
    out = [f"# {doc.meta.title}"]
    for block in layout(doc):
        if block.role == "heading":
            level = "#" if block.style == "Heading1" else "##"
            out.append(f"{level} {' '.join(x for x in (block.num, block.text) if x)}")
        elif block.role in ("article",):
            out.append(f"**{block.num}** {block.text}".strip())
        elif block.role == "point":
            out.append(f"{block.num} {block.text}".replace(".", "\\.", 1))
        elif block.role == "note":
            out.append(f"*{block.text}*")
        elif block.role == "table" and block.table is not None:
            rows = block.table.rows
            out.append("\n".join(["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
                                 + ["| " + " | ".join(r) + " |" for r in rows[1:]]))
        elif block.text:
            out.append(block.text)
    return "\n\n".join(out) + "\n"


def timed(func, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


def ours(doc: Document, folder: Path) -> None:
    base.save(consolidated.build(doc), folder / "implan-regs.docx", force=True)


def pandoc(source: Path, folder: Path) -> None:
    subprocess.run(["pandoc", "-f", "markdown", "-t", "docx", "-o", str(folder / "pandoc.docx"), str(source)],
                   check=True, capture_output=True)


def summary(times: list[float]) -> dict:
    return {"median": statistics.median(times), "min": min(times), "max": max(times), "runs": len(times)}


def bench(n_articles: int, runs: int) -> dict:
    doc = regulation(n_articles)
    paragraphs = len(layout(doc))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "reglamento.md"
        source.write_text(markdown(doc), "utf-8")
        result = {"articles": len(doc.articles()), "paragraphs": paragraphs,
                  "implan-regs": summary(timed(lambda: ours(doc, folder), runs))}
        if shutil.which("pandoc"):
            result["pandoc"] = summary(timed(lambda: pandoc(source, folder), runs))
            result["pandoc startup"] = summary(timed(lambda: subprocess.run(["pandoc", "--version"], check=True,
                                                                            capture_output=True), runs))
            result["ratio"] = result["pandoc"]["median"] / result["implan-regs"]["median"]
            result["sizes"] = {"implan-regs": (folder / "implan-regs.docx").stat().st_size,
                               "pandoc": (folder / "pandoc.docx").stat().st_size}
    return result


def report(result: dict) -> None:
    print(f"\n{result['articles']} artículos, {result['paragraphs']} párrafos")
    print(f"{'':18} {'mediana':>9} {'mín':>9} {'máx':>9}")
    for name in ("implan-regs", "pandoc", "pandoc startup"):
        if name in result:
            s = result[name]
            print(f"{name:18} {s['median']:8.3f}s {s['min']:8.3f}s {s['max']:8.3f}s")
    if "ratio" in result:
        verdict = "más rápido" if result["ratio"] > 1 else "más lento"
        print(f"pandoc / implan-regs = {result['ratio']:.2f}× (implan-regs {verdict} que pandoc)")
    else:
        print("pandoc no está instalado (apt-get install pandoc): sin referencia")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="3 runs")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    runs = 3 if args.quick else args.runs
    results = [bench(n, runs) for n in args.articles]
    for result in results:
        report(result)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
