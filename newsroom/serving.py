"""Serving with gunicorn (newsroom/gunicorn.conf.py, `scripts/serve`, docs/betrieb.md).

- `preflight()`: run in gunicorn's master before any worker starts; it refuses to start, with a message that
  names what is missing, when a production setting is unset, `check --deploy` finds a problem, static files were
  not collected or migrations are pending.
- `AccessLogger`: gunicorn's access log without client addresses and query strings, and without the health probes
  of load balancers when they succeed.
"""

import os
import sys
from urllib.parse import urlsplit

from gunicorn.glogging import Logger

from newsroom.health import HEALTH_PATH

# Settings that have a local default in settings.py, which production must never run on.
REQUIRED_ENVIRONMENT = {
    "SECRET_KEY": "a long random value, e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(50))'",
    "ALLOWED_HOSTS": "the host names of the site, comma-separated, e.g. news.example",
    "SITE_URL": "the public address of the site, e.g. https://news.example",
    "DATABASE_URL": "e.g. postgres://newsroom:…@localhost/newsroom or sqlite:////srv/newsroom/db.sqlite3",
}


def environment_problems(environ=os.environ) -> list[str]:
    problems = [f"{name} is not set: {hint}." for name, hint in REQUIRED_ENVIRONMENT.items() if not environ.get(name)]
    if environ.get("DEBUG", "").strip().lower() in {"1", "true", "yes", "on"}:
        problems.append("DEBUG is on: production runs with DEBUG unset or false.")
    site_url = environ.get("SITE_URL")
    if site_url and (urlsplit(site_url).scheme not in ("http", "https") or not urlsplit(site_url).netloc):
        problems.append(f"SITE_URL must be an absolute http(s) address, not {site_url!r}.")
    return problems


def django_problems() -> list[str]:
    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()
    problems = []
    try:
        call_command("check", deploy=True, fail_level=os.environ.get("SERVE_CHECK_FAIL_LEVEL", "WARNING"))
    except SystemCheckError as error:
        problems.append(f"manage.py check --deploy:\n{error}")
    if not (settings.STATIC_ROOT / "staticfiles.json").exists():
        problems.append(f"Static files are not collected in {settings.STATIC_ROOT}: run manage.py collectstatic.")
    try:
        executor = MigrationExecutor(connections["default"])
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            problems.append(f"{len(pending)} migration(s) not applied: run manage.py migrate.")
    except Exception as error:
        problems.append(f"The database does not answer: {type(error).__name__}: {error}")
    finally:
        # Workers are forked from this process: none may inherit its connection.
        connections.close_all()
    return problems


def preflight() -> None:
    problems = environment_problems()
    if not problems:
        problems = django_problems()
    if problems:
        lines = "\n".join(f"- {problem}" for problem in problems)
        sys.stderr.write(f"Newsroom does not start: production settings are missing or wrong.\n{lines}\n")
        sys.stderr.flush()
        raise SystemExit(1)


class AccessLogger(Logger):
    def access(self, resp, req, environ, request_time):
        status = str(resp.status).split(None, 1)[0]
        if environ.get("PATH_INFO") == f"/{HEALTH_PATH}" and status == "200":
            return
        super().access(resp, req, environ, request_time)
