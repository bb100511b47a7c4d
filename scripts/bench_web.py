"""Load benchmark of the web application (not a test): concurrent readers on loopback.

Starts ``implan-regs serve`` (waitress) in its own process on a free 127.0.0.1 port over the
sample corpus (``scripts/demo.py`` builds it in a temporary folder unless ``--root`` is given),
logs in a reader account, then N client threads (default 50) request document, provision,
search and comparison pages in turn for a fixed time (default 60 s; ``--quick``: 10 s).
Reports requests, errors, throughput and p50/p95/p99/max latency per page kind; exit status 1
when any request failed. Every request goes to 127.0.0.1 only and the run stops by itself.

``--compare-backends`` (issue 15): the same readers against 1 process on the file store, then
against 4 processes (``serve --workers 4``) on PostgreSQL (the same corpus migrated into a
throwaway cluster, ``scripts/postgres``); reports both and their ratios (requests/s, p95).

    scripts/bench-web            # 50 readers, 60 s
    scripts/bench-web --quick    # 50 readers, 10 s
    scripts/bench-web --root demo-root --clients 20 --seconds 30 --json
    scripts/bench-web --compare-backends --seconds 30
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

PROJECT = Path(__file__).resolve().parents[1]
PYTHON = PROJECT / ".venv" / "bin" / "python"
WORK = "reglamento-desarrollo-urbano"
PROPOSAL = "reforma-2021"
SERVER = ("import sys; import implan_regs.cli.web; from implan_regs.cli import main; "
          "sys.argv[0] = 'implan-regs'; main()")


def build_corpus(root: Path) -> None:
    print(f"Construyendo el acervo de muestra en {root} …", file=sys.stderr)
    subprocess.run([str(PYTHON), str(PROJECT / "scripts" / "demo.py"), str(root)], check=True,
                   stdout=subprocess.DEVNULL)


def start_server(root: Path, threads: int, workers: int = 1) -> tuple[subprocess.Popen, int]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([str(PYTHON), "-c", SERVER, "--root", str(root), "serve", "--port", "0", "--threads",
                             str(threads), "--workers", str(workers)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env)
    deadline = time.monotonic() + 120
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if match:
            return proc, int(match.group(1))
    proc.kill()
    sys.exit("bench-web: el servidor no arrancó")


def login(port: int, username: str, password: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/login")
    response = conn.getresponse()
    page = response.read().decode()
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    body = urlencode({"csrf_token": token, "usuario": username, "contrasena": password})
    conn.request("POST", "/login", body=body, headers={"Content-Type": "application/x-www-form-urlencoded",
                                                        "Cookie": cookie})
    response = conn.getresponse()
    response.read()
    if response.status != 302:
        sys.exit(f"bench-web: no se pudo iniciar sesión ({response.status})")
    # The session's cookie (the login also sets the known-device cookie, implan_dispositivo).
    return next(value.split(";")[0] for value in response.msg.get_all("Set-Cookie") or []
                if value.startswith("implan_session="))


def pages(root: Path) -> list[tuple[str, str]]:
    from implan_regs.store import Store

    latest = Store.open(root).expressions(WORK)[-1].date
    q = lambda text, extra="": "/buscar?q=" + quote(text) + extra  # noqa: E731
    return [("documento", f"/doc/{WORK}/{latest}"),
            ("disposición", f"/doc/{WORK}/{latest}/p/art_45"),
            ("búsqueda", q("estacionamiento bicicletas")),
            ("búsqueda", q("artículo 45")),
            ("búsqueda", q("licencia de construcción", "&propuestas=1")),
            ("comparación", f"/propuesta/{PROPOSAL}/comparar"),
            ("comparación", f"/propuesta/{PROPOSAL}/comparar?ver=todos")]


def reader(port: int, cookie: str, urls: list[tuple[str, str]], offset: int, stop: float,
           out: list[tuple[str, float, bool | str]]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    i = offset
    while time.monotonic() < stop:
        kind, url = urls[i % len(urls)]
        i += 1
        start = time.perf_counter()
        ok: bool | str = False
        try:
            conn.request("GET", url, headers={"Cookie": cookie})
            response = conn.getresponse()
            response.read()
            ok = response.status == 200 or str(response.status)
        except (OSError, http.client.HTTPException) as exc:
            ok = type(exc).__name__
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        out.append((kind, time.perf_counter() - start, ok))
    conn.close()


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def measure(root: Path, *, clients: int, seconds: float, threads: int, workers: int = 1) -> dict:
    """Log a reader in, warm the pages up, then ``clients`` threads for ``seconds``: the report."""
    from implan_regs.accounts.users import add_user, remove_user
    from implan_regs.store import Store

    store = Store.open(root)
    username, password = "bench-web", secrets.token_urlsafe(16)
    add_user(store, username, password=password, role="jurídico", name="Benchmark", replace=True, author="bench-web")
    proc, port = start_server(root, threads, workers)
    try:
        cookie = login(port, username, password)
        urls = pages(root)
        for _ in range(workers):  # warm-up of every worker: index, caches
            for _, url in urls:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                conn.request("GET", url, headers={"Cookie": cookie})
                conn.getresponse().read()
                conn.close()
        results: list[tuple[str, float, bool | str]] = []
        stop = time.monotonic() + seconds
        readers = [threading.Thread(target=reader, args=(port, cookie, urls, i, stop, results))
                   for i in range(clients)]
        began = time.monotonic()
        for t in readers:
            t.start()
        for t in readers:
            t.join()
        elapsed = time.monotonic() - began
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        remove_user(store, username, author="bench-web")
    report: dict = {"clients": clients, "seconds": round(elapsed, 1), "server_threads": threads, "workers": workers,
                    "kinds": {}}
    for kind in ["documento", "disposición", "búsqueda", "comparación", "total"]:
        rows = [r for r in results if kind == "total" or r[0] == kind]
        latencies = [r[1] for r in rows]
        report["kinds"][kind] = {
            "requests": len(rows), "errors": sum(r[2] is not True for r in rows),
            "error_kinds": sorted({str(r[2]) for r in rows if r[2] is not True}),
            "rps": round(len(rows) / elapsed, 1) if elapsed else 0.0,
            "p50_ms": round(percentile(latencies, 50) * 1000, 1), "p95_ms": round(percentile(latencies, 95) * 1000, 1),
            "p99_ms": round(percentile(latencies, 99) * 1000, 1),
            "max_ms": round(max(latencies, default=0) * 1000, 1),
            "mean_ms": round(statistics.fmean(latencies) * 1000, 1) if latencies else 0.0}
    return report


def print_report(report: dict, title: str) -> None:
    print(f"{title}: {report['clients']} lectores concurrentes durante {report['seconds']} s en 127.0.0.1 "
          f"(waitress, {report['workers']} × {report['server_threads']} hilos)")
    print(f"{'página':<13}{'solicitudes':>12}{'errores':>9}{'sol/s':>8}{'p50 ms':>9}{'p95 ms':>9}"
          f"{'p99 ms':>9}{'máx ms':>9}")
    for kind, r in report["kinds"].items():
        print(f"{kind:<13}{r['requests']:>12}{r['errors']:>9}{r['rps']:>8}{r['p50_ms']:>9}{r['p95_ms']:>9}"
              f"{r['p99_ms']:>9}{r['max_ms']:>9}")


def compare_backends(root: Path, args: argparse.Namespace, seconds: float) -> dict:
    """1 process on the file store (the reference) vs ``--pg-workers`` processes on PostgreSQL."""
    files = measure(root, clients=args.clients, seconds=seconds, threads=args.server_threads)
    cluster = Path(tempfile.mkdtemp(prefix="bench-web-pg-"))
    done = subprocess.run(["bash", str(PROJECT / "scripts" / "postgres"), "start", str(cluster)],
                          capture_output=True, text=True, check=True)
    saved = dict(os.environ)
    try:
        os.environ.update({"IMPLAN_REGS_DATABASE_URL": done.stdout.strip().splitlines()[-1],
                           "IMPLAN_REGS_STORE": "bench"})
        from implan_regs.store.backend import open_backend
        from implan_regs.store.migrate import migrate_from_files

        local = cluster.parent / (cluster.name + "-local")
        local.mkdir()
        migrate_from_files(root, open_backend(local.resolve(), backend="postgres"))
        postgres = measure(local, clients=args.clients, seconds=seconds, threads=args.server_threads,
                           workers=args.pg_workers)
    finally:
        os.environ.clear()
        os.environ.update(saved)
        from implan_regs.store.postgres import close_all

        close_all()
        subprocess.run(["bash", str(PROJECT / "scripts" / "postgres"), "stop", str(cluster)], capture_output=True)
        shutil.rmtree(cluster, ignore_errors=True)
        shutil.rmtree(cluster.parent / (cluster.name + "-local"), ignore_errors=True)
    a, b = files["kinds"]["total"], postgres["kinds"]["total"]
    ratios = {"rps": round(b["rps"] / a["rps"], 2) if a["rps"] else None,
              "p95": round(b["p95_ms"] / a["p95_ms"], 2) if a["p95_ms"] else None,
              "cpus": os.cpu_count()}
    return {"files_1_process": files, f"postgres_{args.pg_workers}_processes": postgres,
            "ratio_postgres_to_files": ratios}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, help="acervo existente (por omisión se construye el de muestra)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--quick", action="store_true", help="10 s en lugar de 60")
    parser.add_argument("--server-threads", type=int, default=8)
    parser.add_argument("--compare-backends", action="store_true",
                        help="1 proceso sobre el acervo en archivos frente a --pg-workers procesos sobre PostgreSQL")
    parser.add_argument("--pg-workers", type=int, default=4)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    seconds = 10.0 if args.quick else args.seconds
    tmp = None
    root = args.root
    if root is None:
        tmp = Path(tempfile.mkdtemp(prefix="bench-web-"))
        root = tmp / "acervo"
        build_corpus(root)
    sys.path.insert(0, str(PROJECT))
    try:
        if args.compare_backends:
            report = compare_backends(root, args, seconds)
        else:
            report = measure(root, clients=args.clients, seconds=seconds, threads=args.server_threads)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    elif args.compare_backends:
        for name, part in report.items():
            if name.startswith(("files", "postgres")):
                print_report(part, name)
                print()
        ratios = report["ratio_postgres_to_files"]
        print(f"PostgreSQL ({args.pg_workers} procesos) / archivos (1 proceso), en {ratios['cpus']} CPU: "
              f"sol/s × {ratios['rps']}, p95 × {ratios['p95']}")
    else:
        print_report(report, "archivos")
    reports = [v for k, v in report.items() if k.startswith(("files", "postgres"))] if args.compare_backends \
        else [report]
    return 1 if any(r["kinds"]["total"]["errors"] for r in reports) else 0


if __name__ == "__main__":
    sys.exit(main())
