"""`PORT=8611 make run` (and `make serve`) sends readers to port 8611: every absolute address follows PORT.

The environment is the one make gives the server (read from `make -n`), the settings are read in a fresh
interpreter with it, and the addresses come from the real views: print view, PDF (header and footer), link mail,
feeds, sitemaps and the article page's metadata.
"""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests.factories import ArticleFactory

PROJECT = Path(__file__).resolve().parents[2]
PORT = "8611"
SITE = f"http://127.0.0.1:{PORT}"
PRINT_SITE_URL = "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
# What a developer's shell may hold that would hide the make environment.
UNSET = {"SITE_URL", "PORT", "DEBUG", "SECRET_KEY", "DATABASE_URL", "MAKEFLAGS", "MAKELEVEL"}


def make_dry_run(target: str) -> str:
    env = {key: value for key, value in os.environ.items() if key not in UNSET}
    result = subprocess.run(
        ["make", "-n", target], cwd=PROJECT, env={**env, "PORT": PORT}, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def assignments(command: str) -> dict:
    """The NAME=value words of a shell command (up to its first `;`; values with `$` are left to the shell)."""
    found = {}
    for word in shlex.split(command.split(";")[0]):
        if (match := re.fullmatch(r"([A-Z_][A-Z0-9_]*)=(.*)", word)) and "$" not in match[2]:
            found[match[1]] = match[2]
    return found


def site_url_in(environment: dict) -> str:
    env = {key: value for key, value in os.environ.items() if key not in UNSET}
    env.update(environment, DJANGO_SETTINGS_MODULE="newsroom.settings")
    env.setdefault("SECRET_KEY", "x" * 50)
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SITE_URL], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def run_environment() -> dict:
    [server] = [line for line in make_dry_run("run").splitlines() if "runserver" in line]
    assert f"runserver 127.0.0.1:{PORT}" in server
    return assignments(server.split(" .venv/bin/python")[0])


def test_make_run_gives_the_server_site_url_on_its_port():
    assert site_url_in(run_environment()) == SITE


def test_make_serve_gives_the_server_site_url_on_its_port():
    [server] = [line for line in make_dry_run("serve").splitlines() if "export" in line]
    assert site_url_in(assignments(server)) == SITE


@pytest.fixture
def on_port(settings):
    """The settings the `make run` server has (SITE_URL as read by a fresh interpreter in its environment)."""
    settings.SITE_URL = site_url_in(run_environment())
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()
    return settings


@pytest.mark.django_db
def test_every_absolute_address_of_the_site_is_on_the_port(client, on_port, tmp_path):
    article = ArticleFactory(headline="Rathaus öffnet am Samstag", slug="rathaus-samstag")
    public = f"{SITE}/politik/rathaus-samstag/"
    actions = {
        name: reverse(name, kwargs={"section": "politik", "slug": "rathaus-samstag"})
        for name in ("articles:detail-print", "articles:detail-pdf", "articles:detail-mail")
    }
    pages = {
        "article page": client.get(article.get_absolute_url()).content.decode(),
        "print view": client.get(actions["articles:detail-print"]).content.decode(),
        "feed": client.get("/feeds/rss/").content.decode(),
        "section feed": client.get("/feeds/bereich/politik/atom/").content.decode(),
        "sitemap index": client.get("/sitemap.xml").content.decode(),
        "sitemap": client.get("/sitemap-beitraege.xml").content.decode(),
        "news sitemap": client.get("/sitemap-news.xml").content.decode(),
    }
    pdf = client.get(actions["articles:detail-pdf"])
    path = tmp_path / "beitrag.pdf"
    path.write_bytes(b"".join(pdf.streaming_content))
    pages["PDF"] = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    response = client.post(actions["articles:detail-mail"], {"recipient": "kollegin@amt-musterstadt.de"})
    assert response.status_code == 302
    [message] = mail.outbox
    pages["link mail"] = message.body
    for name, text in pages.items():
        assert SITE in text, name
        assert "127.0.0.1:8000" not in text, name
    for name in ("article page", "print view", "feed", "sitemap", "news sitemap", "link mail"):
        assert public in pages[name], name
    assert pages["PDF"].count(public) >= 2, "header and footer of the PDF"
