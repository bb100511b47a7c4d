"""Load benchmark of the web application (not a test): concurrent readers on loopback.

Starts ``implan-regs serve`` (waitress) in its own process on a free 127.0.0.1 port over the
sample corpus (``scripts/demo.py`` builds it in a temporary folder unless ``--root`` is given),
logs in a reader account, then N client threads (default 50) request document, provision,
search and comparison pages in turn for a fixed time (default 60 s; ``--quick``: 10 s).
Reports requests, errors, throughput and p50/p95/p99/max latency per page kind; exit status 1
when any request failed. Every request goes to 127.0.0.1 only and the run stops by itself.

    scripts/bench-web            # 50 readers, 60 s
    scripts/bench-web --quick    # 50 readers, 10 s
    scripts/bench-web --root demo-root --clients 20 --seconds 30 --json
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


def start_server(root: Path, threads: int) -> tuple[subprocess.Popen, int]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([str(PYTHON), "-c", SERVER, "--root", str(root), "serve", "--port", "0", "--threads",
                             str(threads)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
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
    return response.getheader("Set-Cookie", "").split(";")[0]


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
           out: list[tuple[str, float, bool]]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    i = offset
    while time.monotonic() < stop:
        kind, url = urls[i % len(urls)]
        i += 1
        start = time.perf_counter()
        ok = False
        try:
            conn.request("GET", url, headers={"Cookie": cookie})
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        out.append((kind, time.perf_counter() - start, ok))
    conn.close()


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, help="acervo existente (por omisión se construye el de muestra)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--quick", action="store_true", help="10 s en lugar de 60")
    parser.add_argument("--server-threads", type=int, default=8)
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
    from implan_regs.accounts.users import add_user, remove_user
    from implan_regs.store import Store

    store = Store.open(root)
    username, password = "bench-web", secrets.token_urlsafe(16)
    add_user(store, username, password=password, role="jurídico", name="Benchmark", replace=True, author="bench-web")
    proc, port = start_server(root, args.server_threads)
    try:
        cookie = login(port, username, password)
        urls = pages(root)
        for _, url in urls:  # warm-up: index, caches
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            conn.request("GET", url, headers={"Cookie": cookie})
            conn.getresponse().read()
            conn.close()
        results: list[tuple[str, float, bool]] = []
        stop = time.monotonic() + seconds
        threads = [threading.Thread(target=reader, args=(port, cookie, urls, i, stop, results))
                   for i in range(args.clients)]
        began = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - began
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        remove_user(store, username, author="bench-web")
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    report = {"clients": args.clients, "seconds": round(elapsed, 1), "server_threads": args.server_threads,
              "kinds": {}}
    for kind in ["documento", "disposición", "búsqueda", "comparación", "total"]:
        rows = [r for r in results if kind == "total" or r[0] == kind]
        latencies = [r[1] for r in rows]
        report["kinds"][kind] = {
            "requests": len(rows), "errors": sum(not r[2] for r in rows),
            "rps": round(len(rows) / elapsed, 1) if elapsed else 0.0,
            "p50_ms": round(percentile(latencies, 50) * 1000, 1), "p95_ms": round(percentile(latencies, 95) * 1000, 1),
            "p99_ms": round(percentile(latencies, 99) * 1000, 1),
            "max_ms": round(max(latencies, default=0) * 1000, 1),
            "mean_ms": round(statistics.fmean(latencies) * 1000, 1) if latencies else 0.0}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(f"{args.clients} lectores concurrentes durante {report['seconds']} s en 127.0.0.1 "
              f"(waitress, {args.server_threads} hilos)")
        print(f"{'página':<13}{'solicitudes':>12}{'errores':>9}{'sol/s':>8}{'p50 ms':>9}{'p95 ms':>9}"
              f"{'p99 ms':>9}{'máx ms':>9}")
        for kind, r in report["kinds"].items():
            print(f"{kind:<13}{r['requests']:>12}{r['errors']:>9}{r['rps']:>8}{r['p50_ms']:>9}{r['p95_ms']:>9}"
                  f"{r['p99_ms']:>9}{r['max_ms']:>9}")
    return 1 if report["kinds"]["total"]["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
