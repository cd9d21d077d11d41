"""Production serving: real gunicorn (2 workers, DEBUG off) on a free port against its own SQLite database, with
collected static files served by whitenoise; and `scripts/serve` refusing to start without production settings."""

import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.mail_server import free_port
from tests.services import wait_for_health

BASE_DIR = Path(__file__).resolve().parents[2]
SERVE = BASE_DIR / "scripts" / "serve"
FAR_FUTURE = 315360000

# The test database stays the pytest one; this module talks to its own server and database only.
pytestmark = pytest.mark.serving

CONTENT = """
from datetime import timedelta
from django.utils import timezone
from articles.models import Article, ArticleType, Section
section = Section.objects.create(name="Politik", slug="politik")
kind = ArticleType.objects.create(name="Meldung", slug="meldung", shows_badge=False)
Article.objects.create(
    headline="Rathaus startet Onlinedienst", slug="rathaus-startet-onlinedienst", lead="Vorspann.",
    section=section, article_type=kind, status="published", published_at=timezone.now() - timedelta(hours=1),
)
"""


def production_environment(tmp: Path, port: int) -> dict[str, str]:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_", "DB_", "DEBUG"))
    }
    environment.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=f"http://127.0.0.1:{port}",
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        PORT=str(port),
        WEB_CONCURRENCY="2",
        # Plain HTTP on 127.0.0.1: check --deploy's HTTPS warnings are expected here, its errors are not.
        SERVE_CHECK_FAIL_LEVEL="ERROR",
        PYTHON=sys.executable,
    )
    return environment


def manage(environment, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=environment, check=True, capture_output=True, **kwargs
    )


class Site:
    def __init__(self, port: int, log: Path, environment: dict):
        self.base = f"http://127.0.0.1:{port}"
        self.log = log
        self.environment = environment

    def get(self, path: str, method: str = "GET", headers: dict | None = None):
        request = urllib.request.Request(self.base + path, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serving")
    port = free_port()
    environment = production_environment(tmp, port)
    manage(environment, "migrate", "--noinput")
    manage(environment, "shell", "-c", CONTENT)
    manage(environment, "collectstatic", "--noinput", "--verbosity", "0")
    log = tmp / "gunicorn.log"
    with log.open("wb") as output:
        server = subprocess.Popen([SERVE], cwd=BASE_DIR, env=environment, stdout=output, stderr=subprocess.STDOUT)
    served = Site(port, log, environment)
    served.pid = server.pid
    try:
        wait_for_health(lambda: served.get("/-/health/")[0], server, log, 60, "gunicorn")
        yield served
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_pages_are_served_to_readers_without_cookies_and_with_stable_validators(site):
    answers = [site.get("/") for _ in range(6)]
    assert {status for status, _, _ in answers} == {200}
    assert all("Set-Cookie" not in headers for _, headers, _ in answers)
    assert "Rathaus startet Onlinedienst" in answers[0][2].decode()
    # Two workers, each with its own cache: the same page and the same ETag from both.
    assert len({headers["ETag"] for _, headers, _ in answers}) == 1
    assert "hit" in {headers["X-Page-Cache"] for _, headers, _ in answers}
    status, headers, body = site.get("/", headers={"If-None-Match": answers[0][1]["ETag"]})
    assert status == 304 and body == b""
    status, headers, body = site.get("/politik/rathaus-startet-onlinedienst/", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 1000


def test_a_write_in_another_process_shows_in_every_worker_at_once(site):
    for _ in range(6):
        site.get("/")
    manage(
        site.environment,
        "shell",
        "-c",
        "from articles.models import Article; Article.objects.update(headline='Geändert von außen')",
    )
    for _ in range(6):
        status, _, body = site.get("/")
        assert status == 200 and "Geändert von außen" in body.decode()


def test_static_files_have_hashed_names_compressed_variants_and_far_future_caching(site):
    html = site.get("/")[2].decode()
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
    assert stylesheet, "no hashed stylesheet in the page"
    path = stylesheet.group(1)
    plain_status, plain_headers, plain = site.get(path)
    assert plain_status == 200 and b"{" in plain
    assert f"max-age={FAR_FUTURE}" in plain_headers["Cache-Control"]
    assert "immutable" in plain_headers["Cache-Control"]
    for encoding in ("br", "gzip"):
        status, headers, body = site.get(path, headers={"Accept-Encoding": encoding})
        assert status == 200 and headers["Content-Encoding"] == encoding
        assert len(body) < len(plain)
        assert "Accept-Encoding" in headers["Vary"]


def test_health_answers_ok_without_cookie_cache_or_access_log_line(site):
    status, headers, body = site.get("/-/health/")
    assert status == 200 and json.loads(body) == {"status": "ok"}
    assert "Set-Cookie" not in headers and "no-cache" in headers["Cache-Control"]
    assert site.get("/-/health/", method="HEAD")[0] == 200
    site.get("/archiv/")
    time.sleep(0.5)
    log = site.log.read_text()
    assert '"GET /archiv/ HTTP/1.1" 200' in log
    assert "/-/health/" not in log
    # Access lines carry no client address.
    assert not re.search(r"^127\.0\.0\.1 ", log, re.MULTILINE)


def test_serve_refuses_to_start_without_secret_key_and_says_so(tmp_path):
    environment = production_environment(tmp_path, free_port())
    del environment["SECRET_KEY"]
    result = subprocess.run([SERVE], cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_serve_refuses_to_start_before_collectstatic_and_migrate(tmp_path):
    environment = production_environment(tmp_path, free_port())
    result = subprocess.run([SERVE], cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "run manage.py collectstatic" in result.stderr
    assert "run manage.py migrate" in result.stderr
