"""Persistent database connections are the production default, on both databases (docs/betrieb.md, "Datenbank-
verbindungen"): a cache hit then costs one query on an open connection instead of a new connection each time
(bench/page_cache_served.py). A kept connection is checked before it is used again, so that a database that
restarted costs one failed request at most (tests/site/test_faults.py stops and restarts one under gunicorn)."""

import contextlib
import os
import secrets
import subprocess
from pathlib import Path

import pytest

from tests.services import settings_with_env
from tests.site.test_serving import BASE_DIR
from tests.site.test_serving import site as site  # the fixture, for pytest

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "news.example",
    "SITE_URL": "https://news.example",
}
DATABASES = {
    "sqlite": "sqlite:////srv/newsroom/db.sqlite3",
    "postgresql": "postgres://newsroom:geheim@db.intern:5432/newsroom",
}


def database_settings(environ: dict) -> dict:
    found = settings_with_env(environ, "DATABASES")
    assert "error" not in found, found
    return found["DATABASES"]["default"]


@pytest.mark.parametrize("url", DATABASES.values(), ids=DATABASES.keys())
def test_production_keeps_database_connections_and_checks_them_before_use(url):
    database = database_settings({**PRODUCTION, "DATABASE_URL": url})
    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (600, True)


def serve_environment() -> dict[str, str]:
    """The variables `make serve` sets, read from the Makefile by make itself."""
    printed = subprocess.run(
        ["make", "--no-print-directory", "-s", "-f", "Makefile", "-f", "-", "print-serve-env"],
        input="print-serve-env:\n\t@echo $(SERVE_ENV)\n",
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return dict(pair.split("=", 1) for pair in printed.split())


def test_make_serve_runs_with_kept_connections():
    environ = serve_environment()
    assert environ["DEBUG"] == "false" and environ["DATABASE_URL"].startswith("sqlite:///")
    database = database_settings({**environ, "SECRET_KEY": secrets.token_urlsafe(50)})
    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (600, True)


def test_development_and_a_chosen_value_keep_theirs():
    # runserver answers each request in a thread of its own: a kept connection would only pile up there.
    assert database_settings({"DEBUG": "true"})["CONN_MAX_AGE"] == 0
    assert database_settings({**PRODUCTION, "DB_CONN_MAX_AGE": "0"})["CONN_MAX_AGE"] == 0
    assert database_settings({**PRODUCTION, "DB_CONN_MAX_AGE": "60"})["CONN_MAX_AGE"] == 60


def open_files(pid: int) -> dict[str, str]:
    """File descriptor -> what it is open on."""
    found = {}
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            found[fd.name] = os.readlink(fd)
    return found


@pytest.mark.serving
def test_each_gunicorn_worker_keeps_one_sqlite_connection_and_the_master_none(site):
    """SQLite under `scripts/serve` (sync workers, one thread each): the master checked the database before forking
    and closed it (newsroom/serving.py), so no worker shares its connection; each worker keeps its own, the same
    one from request to request."""
    database = site.environment["DATABASE_URL"].removeprefix("sqlite:///")
    workers = [int(pid) for pid in Path(f"/proc/{site.pid}/task/{site.pid}/children").read_text().split()]
    kept: dict[int, set[tuple[str, ...]]] = {}
    for _round in range(3):
        for _ in range(10):
            assert site.get("/politik/rathaus-startet-onlinedienst/")[0] == 200
        assert database not in open_files(site.pid).values()
        for worker in workers:
            connections = tuple(fd for fd, target in open_files(worker).items() if target == database)
            assert len(connections) <= 1, worker
            if connections:
                kept.setdefault(worker, set()).add(connections)
    assert kept, "no worker kept its connection between requests"
    assert all(len(seen) == 1 for seen in kept.values()), kept
