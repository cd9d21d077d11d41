"""`make run` and `make serve` as a developer types them: install (already done), migrate, the demo with both
portals, the local editor, the server with its queue worker. The first portal answers on 127.0.0.1:PORT, the sister
portal on localhost:PORT (docs/mehrere-portale.md#demo). Each run gets its own database, media and static folders
(DEMO_DATABASE, MEDIA_ROOT, STATIC_ROOT), so the developer's db.sqlite3 and media/ stay untouched."""

import os
import re
import secrets
import signal
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from demo import content
from tests.mail_server import free_port
from tests.services import wait_for_health

PROJECT = Path(__file__).resolve().parents[2]
START_SECONDS = 240

pytestmark = pytest.mark.serving


def get(port: int, host: str, path: str = "/") -> tuple[int, str]:
    """The answer of the server on 127.0.0.1 to a request for `host` (as a browser sends it for localhost)."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": f"{host}:{port}"})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def demo(request, tmp_path):
    """`make TARGET` on a free port, until its first portal answers; stopped with its whole process group."""
    target = request.param
    port = free_port()
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "DB_", "DEBUG", "SITE_", "ALLOWED_HOSTS", "MAKE"))
    }
    environment.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
        STATIC_ROOT=str(tmp_path / "static"),
    )
    log = tmp_path / "make.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            ["make", "--no-print-directory", target, f"PORT={port}", f"DEMO_DATABASE={tmp_path / 'db.sqlite3'}"],
            cwd=PROJECT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for_health(lambda: get(port, "127.0.0.1", "/-/health/")[0], process, log, START_SECONDS, f"make {target}")
        yield port, log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.mark.parametrize("demo", ["run", "serve"], indirect=True)
def test_make_serves_the_first_portal_on_127_0_0_1_and_the_sister_portal_on_localhost(demo):
    port, log = demo
    status, first = get(port, "127.0.0.1")
    assert status == 200
    status, sister = get(port, "localhost")
    assert status == 200
    assert content.SISTER_PORTAL["name"] in sister and content.SISTER_PORTAL["name"] not in first
    # A shared article is listed on the sister portal and links to its one address, on the first portal.
    shared = content.SISTER_SHARES[0]["headline"]
    assert shared in sister
    link = re.search(rf'href="(http://127\.0\.0\.1:{port}/[^"]+)">(?:(?!</a>).)*{re.escape(shared)}', sister)
    assert link, "the shared article does not link home"
    status, page = get(port, "127.0.0.1", link.group(1).split(str(port), 1)[1])
    assert status == 200 and shared in page
    # The sister portal's own article stays on its own host.
    own = content.SISTER_ARTICLES[0]["headline"]
    assert own in sister and own not in first
    assert "Username: redaktion" in log.read_text()
