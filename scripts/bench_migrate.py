"""Migration benchmark (not a test): a state's worth of synthetic regulations moved between the
file store and PostgreSQL (issue 15: "migration of 1 M synthetic provisions: time, size").

Builds a file store of ``--provisions`` provisions (synthetic regulations of ``--articles``
articles, :func:`synthetic.generate_regulation`; ``--distinct`` of them generated and imported,
then stored under as many works as needed), starts a throwaway cluster (``scripts/postgres``) and
times, each against copying the same files folder to folder (the reference, same run):

* ``migrate --from`` (:func:`implan_regs.store.migrate.migrate_from_files`: COPY, every SHA-256
  verified by the server, in one transaction, which also fills the PostgreSQL search index:
  its commit hooks; that, not the copy, is most of the time and of the database's size);
* ``export-store --to`` (:func:`~implan_regs.store.migrate.export_to_files`, verified);
* ``backup`` (pg_dump of the schema, custom format);

and reports the sizes: the file store's primary files, the tables in the database, the dump.

    scripts/bench-migrate                       # 1 M provisions
    scripts/bench-migrate --provisions 100000 --json
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "scripts"))
sys.path.insert(0, str(PROJECT))

from synthetic import generate_regulation  # noqa: E402

from implan_regs.importers.text import import_text  # noqa: E402
from implan_regs.model.tree import DocumentMeta  # noqa: E402
from implan_regs.search.documents import expression_documents  # noqa: E402
from implan_regs.store import Store  # noqa: E402
from implan_regs.store.backup import primary_files  # noqa: E402

WORKS_PER_COMMIT = 50


def build_store(root: Path, provisions: int, articles: int, distinct: int) -> dict:
    """A file store of about ``provisions`` provisions; returns what it holds."""
    started = time.monotonic()
    docs = []
    for seed in range(distinct):
        meta = DocumentMeta(work=f"modelo-{seed}", kind="reglamento", title=f"Reglamento sintético {seed}",
                            date="2020-01-01")
        doc = import_text(generate_regulation(articles, seed=seed), meta).document
        docs.append((doc, len(expression_documents(doc, "2020-01-01", "9999-12-31"))))
    per_regulation = sum(n for _, n in docs) / len(docs)
    regulations = max(1, math.ceil(provisions / per_regulation))
    store = Store.init(root, backend="files")
    total = 0
    for start in range(0, regulations, WORKS_PER_COMMIT):
        with store.locked():
            for i in range(start, min(start + WORKS_PER_COMMIT, regulations)):
                doc, count = docs[i % len(docs)]
                doc.meta.work, doc.meta.title = f"reglamento-{i:05d}", f"Reglamento sintético número {i}"
                store.write_expression_locked(doc, author="bench-migrate")
                total += count
        print(f"\r  {min(start + WORKS_PER_COMMIT, regulations)}/{regulations} reglamentos", end="", file=sys.stderr)
    print(file=sys.stderr)
    return {"regulations": regulations, "provisions": total, "build_s": round(time.monotonic() - started, 1)}


def timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def copy_files(root: Path, target: Path) -> None:
    """The reference: the store's primary files copied folder to folder (and synced)."""
    for path in primary_files(root):
        dest = target / path.relative_to(root)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
    os.sync()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--provisions", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=150, help="artículos por reglamento")
    parser.add_argument("--distinct", type=int, default=12, help="reglamentos sintéticos distintos")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-migrate-"))
    cluster = Path(tempfile.mkdtemp(prefix="bench-migrate-pg-"))  # its own folder: the server's user owns it
    try:
        root = work / "archivos"
        built = build_store(root, args.provisions, args.articles, args.distinct)
        size = sum(p.stat().st_size for p in primary_files(root))
        copy_s, _ = timed(lambda: copy_files(root, work / "copia"))
        done = subprocess.run(["bash", str(PROJECT / "scripts" / "postgres"), "start", str(cluster)],
                              capture_output=True, text=True, check=True)
        os.environ["IMPLAN_REGS_DATABASE_URL"] = done.stdout.strip().splitlines()[-1]
        os.environ["IMPLAN_REGS_STORE"] = "bench"
        from implan_regs.store.backend import open_backend
        from implan_regs.store.migrate import export_to_files, migrate_from_files
        from implan_regs.store.pgbackup import dump

        local = work / "local"
        local.mkdir()
        backend = open_backend(local.resolve(), backend="postgres")
        migrate_s, report = timed(lambda: migrate_from_files(root, backend))
        tables = backend.query("SELECT pg_total_relation_size('{schema}.files') + "
                               "pg_total_relation_size('{schema}.history'), pg_database_size(current_database())")
        export_s, _ = timed(lambda: export_to_files(Store.open(local), work / "exportado"))
        dump_s, _ = timed(lambda: dump(backend, work / "copia.dump"))  # type: ignore[arg-type]
        dump_size = (work / "copia.dump").stat().st_size
    finally:
        from implan_regs.store.postgres import close_all

        close_all()
        subprocess.run(["bash", str(PROJECT / "scripts" / "postgres"), "stop", str(cluster)], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(cluster, ignore_errors=True)
    out = {**built, "files": report["files"], "cpus": os.cpu_count(),  # type: ignore[index]
           "file_store_mb": round(size / 1e6, 1), "copy_s": round(copy_s, 2),
           "migrate_s": round(migrate_s, 2), "migrate_vs_copy": round(migrate_s / copy_s, 2),
           "export_s": round(export_s, 2), "export_vs_copy": round(export_s / copy_s, 2),
           "pg_dump_s": round(dump_s, 2), "pg_dump_vs_copy": round(dump_s / copy_s, 2),
           "tables_mb": round(tables[0][0] / 1e6, 1), "tables_vs_files": round(tables[0][0] / size, 2),
           "database_mb": round(tables[0][1] / 1e6, 1), "dump_mb": round(dump_size / 1e6, 1),
           "provisions_per_s_migrate": round(built["provisions"] / migrate_s)}
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        print(f"{out['provisions']} disposiciones en {out['regulations']} reglamentos ({out['files']} archivos, "
              f"{out['file_store_mb']} MB), {out['cpus']} CPU")
        print(f"  copia de carpeta (referencia) {out['copy_s']} s")
        print(f"  migrate --from                {out['migrate_s']} s  (× {out['migrate_vs_copy']})")
        print(f"  export-store --to             {out['export_s']} s  (× {out['export_vs_copy']})")
        print(f"  backup (pg_dump)              {out['pg_dump_s']} s  (× {out['pg_dump_vs_copy']})")
        print(f"  tablas {out['tables_mb']} MB (× {out['tables_vs_files']} los archivos), base "
              f"{out['database_mb']} MB, copia pg_dump {out['dump_mb']} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
