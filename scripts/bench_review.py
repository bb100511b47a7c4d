"""The review of legal technique (``implan-regs review``) against the import of the same text.

* ``time``: a synthetic regulation of 600 articles (the size of Torreón's Reglamento de
  Desarrollo Urbano; ``--sizes`` for more) and every real text of ``../shared/corpus``, each
  imported from text (the reference) and reviewed with the default families; the review's time
  as a ratio to the import's, measured in the same process;
* ``precision``: on the unmodified real texts, findings per 100 articles by severity, judged at
  the version's own date and at 2020-06-01 (after the desindexación and the renaming of the
  Distrito Federal), so the figures a lawyer reads are reported, not hidden.

Usage (from the project root)::

    scripts/bench-review [--sizes 600 2000] [--runs 3] [--quick] [--json review.json]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bench_common import (
    ROOT,
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
from synthetic import generate_regulation

from implan_regs.importers import import_path
from implan_regs.model.tree import DocumentMeta
from implan_regs.review import Severity, review_document

CORPUS = ROOT.parent / "shared" / "corpus"
#: Real texts and the date of the version each one is.
REAL = {"torreon-reglamento-movilidad-urbana.txt": "2014-11-01",
        "torreon-reglamento-constancias-permisos-licencias-acciones-urbanas.txt": "2004-06-01",
        "torreon-reglamento-interior-r-ayuntamiento.txt": "2014-01-01",
        "torreon-decreto-creacion-implan-iniciativa.txt": "2013-10-01",
        "torreon-reglamento-limpieza@vigente.txt": "2007-01-01",
        "mx-lgahotdu.md": "2024-04-01",
        "cpeum@1b95a6d.rst": "2024-12-20"}
LATER = "2020-06-01"


def _meta(date: str) -> DocumentMeta:
    return DocumentMeta(work="bench", kind="reglamento", title="Reglamento de prueba", date=date)


def time_case(name: str, path: Path, date: str, runs: int) -> dict:
    progress(f"{name}: import")
    imported, result = measure(lambda: import_path(path, _meta(date)), runs)
    doc = result.document
    progress(f"{name}: review")
    reviewed, review = measure(lambda: review_document(doc), runs)
    clear_progress()
    return {"case": name, "articles": review.articles, "findings": len(review.findings),
            "import": imported.to_json(), "review": reviewed.to_json(),
            "ratio_to_import": ratio(reviewed.median, imported.median)}


def run_times(sizes: list[int], runs: int) -> list[dict]:
    out = []
    with tempfile.TemporaryDirectory(prefix="bench-review-") as tmp:
        for size in sizes:
            path = Path(tmp) / f"reglamento-{size}.txt"
            path.write_text(generate_regulation(size, seed=17), encoding="utf-8")
            out.append(time_case(f"synthetic {size}", path, LATER, runs))
    for name, date in REAL.items():
        if (CORPUS / name).is_file():
            out.append(time_case(name, CORPUS / name, date, runs))
    return out


def run_precision() -> list[dict]:
    out = []
    for name, date in REAL.items():
        if not (CORPUS / name).is_file():
            continue
        doc = import_path(CORPUS / name, _meta(date)).document
        for at in (date, LATER):
            review = review_document(doc, date=at)
            out.append({"text": name, "date": at, "articles": review.articles, "counts": review.counts(),
                        "per_100": {s.value: review.per_hundred_articles(s) for s in Severity}})
    return out


def report(times: list[dict], precision: list[dict]) -> str:
    rows = [[t["case"], str(t["articles"]), str(t["findings"]), fmt_seconds(t["import"]["median_s"]),
             fmt_seconds(t["review"]["median_s"]), fmt_ratio(t["ratio_to_import"])] for t in times]
    first = table(["text", "articles", "findings", "import (ref)", "review", "review / import"], rows, align="<>>>>>")
    rows = [[p["text"], p["date"], str(p["articles"]),
             *(f"{p['counts'][s.value]} ({p['per_100'][s.value]:.1f})" for s in Severity)] for p in precision]
    second = table(["real text", "judged at", "articles", "errores (/100 art.)", "advertencias (/100)",
                    "sugerencias (/100)"], rows, align="<<>>>>")
    return first + "\n\n" + second


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[600])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one run per figure")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    times = run_times(args.sizes, 1 if args.quick else args.runs)
    precision = run_precision()
    print(machine_line(machine()))
    print(report(times, precision))
    if args.json:
        write_json(args.json, {"review": times, "precision": precision})
    return 0


if __name__ == "__main__":
    sys.exit(main())
