"""The throwaway PostgreSQL cluster of the test session and one fresh database per test.

Test modules that must pass on both store backends say so with
``pytestmark = pytest.mark.backends("files", "postgres")``; conftest then runs each of their tests
once per backend (ids ``[files]`` / ``[postgres]``). A test about one backend's own mechanics (the
file journal's crash recovery, the on-disk layout) narrows it with its own
``@pytest.mark.backends("files")``. The cluster is started by ``scripts/postgres`` (Debian's server,
installed by ``scripts/setup test``) in a temporary folder and stopped at the end of the session.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
_counter = itertools.count(1)


class Cluster:
    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="implan-pg-"))
        done = subprocess.run(["bash", str(PROJECT / "scripts" / "postgres"), "start", str(self.folder)],
                              capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"scripts/postgres start failed ({done.returncode}): {done.stderr.strip()}")
        self.url = done.stdout.strip().splitlines()[-1]  # postgresql://implan@127.0.0.1:PORT/implan

    def database_url(self, name: str) -> str:
        return self.url.rsplit("/", 1)[0] + "/" + name

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(sql)

    def new_database(self) -> str:
        """A fresh, empty database for one test; returns its URL."""
        name = f"t{next(_counter)}"
        self.admin(f"CREATE DATABASE {name}")
        return self.database_url(name)

    def drop_database(self, url: str) -> None:
        self.admin(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")

    def stop(self) -> None:
        subprocess.run(["bash", str(PROJECT / "scripts" / "postgres"), "stop", str(self.folder)],
                       capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)
