"""Limits across workers: gunicorn with two sync workers, a migrated SQLite file and the real Redis server.

Which worker answers is the kernel's choice. To make sure that a scenario runs on both, a test holds one worker
with a request whose headers never end (a sync worker waits for them), so that everything else goes to the
other; gunicorn's access log names the worker (pid) of every request. The limits count in the database
(core.limits), so what one worker counted holds on the other, with the caches in Redis or in each worker.
"""

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from tests.mail_server import free_port

BASE_DIR = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
PASSWORD = "Rathaus-Dach-2024!"
SETUP = f"""
from django.contrib.auth.models import User
from tests.factories import ArticleFactory
User.objects.create_user("redakteurin", password={PASSWORD!r}, is_staff=True)
print(ArticleFactory().get_absolute_url())
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A migrated SQLite file with one published article and one editor, for the gunicorn workers."""
    folder = tmp_path_factory.mktemp("site")
    environ = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DEBUG": "true",
        "MEDIA_ROOT": str(folder / "media"),
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput"], env=environ, cwd=BASE_DIR, check=True, capture_output=True)
    created = subprocess.run(
        [*manage, "shell", "-c", SETUP], env=environ, cwd=BASE_DIR, check=True, capture_output=True, text=True
    )
    article_url = created.stdout.strip().splitlines()[-1]
    return environ, article_url, folder


class Site:
    """Two gunicorn workers serving newsroom.wsgi, and a reader with cookies."""

    def __init__(self, environ: dict, folder: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.access_log = folder / f"access-{self.port}.log"
        self.error_log = folder / f"error-{self.port}.log"
        command = [
            str(GUNICORN),
            "newsroom.wsgi",
            *("-w", "2", "-b", f"127.0.0.1:{self.port}"),
            *("--access-logfile", str(self.access_log), "--access-logformat", "%(p)s %(m)s %(U)s %(s)s"),
            *("--error-logfile", str(self.error_log)),
        ]
        self.process = subprocess.Popen(command, env=environ, cwd=BASE_DIR, stdin=subprocess.DEVNULL)
        self.cookies = SimpleCookie()
        self.wait_until_both_workers_run()

    def wait_until_both_workers_run(self):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.error_log.read_text()
            log = self.error_log.read_text() if self.error_log.exists() else ""
            if len(re.findall(r"Booting worker with pid", log)) >= 2:
                with socket.socket() as probe:
                    if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                        return
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not start:\n{self.error_log.read_text()}")

    def stop(self):
        self.process.terminate()
        self.process.wait(20)

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        """Status, body and the worker pid from the access log."""
        lines_before = self.log_lines()
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.url + path, data=body)
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={m.value}" for k, m in self.cookies.items()))
        try:
            with NoRedirects.open(request, timeout=20) as response:
                status, headers, text = response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            status, headers, text = error.code, error.headers, error.read().decode()
        for cookie in headers.get_all("Set-Cookie") or []:
            self.cookies.load(cookie)
        return status, text, self.worker_of(lines_before)

    def log_lines(self) -> int:
        return len(self.access_log.read_text().splitlines()) if self.access_log.exists() else 0

    def worker_of(self, lines_before: int) -> str:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            lines = self.access_log.read_text().splitlines() if self.access_log.exists() else []
            if len(lines) > lines_before:
                return lines[lines_before].split()[0]
            time.sleep(0.02)
        raise AssertionError("no access log line for the request")

    def post_form(self, path: str, data: dict) -> tuple[int, str, str]:
        _status, html, _pid = self.request(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
        return self.request(path, {**data, "csrfmiddlewaretoken": token})

    @contextmanager
    def on_worker_other_than(self, pid: str | None):
        """Hold one worker with an unfinished request, so that all requests of the block go to the other one:
        the one that is not `pid` (or either, if `pid` is None). Yields the serving worker's pid."""
        for _attempt in range(40):
            blocker = socket.create_connection(("127.0.0.1", self.port))
            blocker.sendall(b"GET /robots.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            time.sleep(0.2)  # accepted by a worker, which now waits for the rest of the headers
            _status, _text, serving = self.request("/robots.txt")
            if serving != pid:
                try:
                    yield serving
                finally:
                    blocker.close()
                return
            blocker.close()
            time.sleep(0.1)
        raise AssertionError("could not get the other worker")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


NoRedirects = urllib.request.build_opener(_NoRedirect)


@contextmanager
def running_site(environ: dict, folder: Path):
    # Each test counts its Link mailen limits from zero (they are rows of the site's database, core.limits).
    with sqlite3.connect(folder / "db.sqlite3") as database:
        database.execute("DELETE FROM core_limitcounter")
    served = Site(environ, folder)
    try:
        yield served
    finally:
        served.stop()


def mail_on_both_workers(served: Site, article_url: str) -> tuple[list[int], set[str]]:
    """Two mails through one worker, then three through the other; the statuses and the workers' pids."""
    mail_url = article_url + "mailen/"
    statuses, workers = [], set()
    first = None
    for count in (2, 3):
        with served.on_worker_other_than(first) as worker:
            for _ in range(count):
                status, _html, pid = served.post_form(
                    mail_url, {"recipient": f"leser{len(statuses)}@amt-musterstadt.de"}
                )
                assert pid == worker
                statuses.append(status)
        first = worker
        workers.add(worker)
    return statuses, workers


def test_link_mail_limit_holds_across_two_gunicorn_workers_with_redis(site, redis_cache, smtp, settings):
    environ, article_url, folder = site
    environ = {
        **environ,
        "CACHE_URL": redis_cache.url,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(settings.EMAIL_PORT),
        "LINK_MAIL_PER_CLIENT_PER_HOUR": "4",
        "LOGIN_FAILURE_LIMIT": "4",
    }
    with running_site(environ, folder) as served:
        statuses, workers = mail_on_both_workers(served, article_url)
        assert len(workers) == 2
        assert statuses == [302, 302, 302, 302, 429]
        assert len(smtp.envelopes) == 4

        # The login lockout (django-axes, counted in the database) holds across the workers too.
        served.cookies.clear()
        login, failures, first = "/admin/login/", [], None
        for count in (2, 2):
            with served.on_worker_other_than(first) as worker:
                for _ in range(count):
                    status, _html, pid = served.post_form(login, {"username": "redakteurin", "password": "falsch"})
                    failures.append((status, pid == worker))
            first = worker
        assert failures == [(200, True), (200, True), (200, True), (429, True)]


def test_link_mail_limit_holds_across_two_gunicorn_workers_without_redis(site, smtp, settings):
    """Each worker with its own caches: the limit still holds, since neither keeps it (it was per worker when the
    counters lived in the default cache)."""
    environ, article_url, folder = site
    environ = {
        **environ,
        "CACHE_URL": "",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(settings.EMAIL_PORT),
        "LINK_MAIL_PER_CLIENT_PER_HOUR": "4",
    }
    with running_site(environ, folder) as served:
        statuses, workers = mail_on_both_workers(served, article_url)
    assert len(workers) == 2
    assert statuses == [302, 302, 302, 302, 429]
