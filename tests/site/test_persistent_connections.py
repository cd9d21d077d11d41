"""Persistent database connections are the production default, on both databases (docs/betrieb.md, "Datenbank-
verbindungen"): a cache hit then costs one query on an open connection instead of a new connection each time
(bench/page_cache_served.py). A kept connection is checked before it is used again, so that a database that
restarted costs one failed request at most (tests/site/test_faults.py stops and restarts one under gunicorn)."""

import secrets
import subprocess

import pytest

from tests.services import settings_with_env
from tests.site.test_serving import BASE_DIR

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
