"""Shared fixtures: per-test media folder, headless Chromium (Playwright) and axe-core checks.

Factories live in tests/factories.py. Browser tests ask for `page` (a fresh context and page per test,
with `base_url` set to the live server, so `page.goto("/admin/login/")` works) and `page_log` (every
request URL and console error of that page); they get the `browser` marker automatically.

    def test_home(page, page_log, axe):
        page.goto("/")
        assert page_log.foreign_requests() == []
        violations = axe()
        assert violations == [], axe.format(violations)
"""

import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.cache import caches

# pytest-django's live_server next to Playwright's sync API (which runs an event loop in this thread):
# without this, every ORM call in a browser test raises SynchronousOnlyOperation. Django reads it per call.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The `smtp` fixture: a real SMTP server (aiosmtpd) for mail tests; `local_server`: an HTTP server that records;
# `redis_server` and `s3_server`: real Redis and S3 API servers for the scale-out tests (tests/services.py).
pytest_plugins = ["tests.mail_server", "tests.http_server", "tests.services"]

BASE_DIR = Path(__file__).resolve().parent.parent
AXE_JS = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Browser actions fail after this many milliseconds instead of Playwright's 30 s.
BROWSER_TIMEOUT_MS = 10_000
# URL schemes that never leave the machine.
LOCAL_SCHEMES = {"data", "blob", "about"}


def pytest_report_header(config):
    from django.db import connection

    if connection.vendor == "sqlite":
        return "database: sqlite"
    database = connection.settings_dict
    return f"database: {connection.vendor} on {database['HOST']}:{database['PORT']}"


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    on_postgres = connection.vendor == "postgresql"
    for item in items:
        if {"page", "chromium"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
        if not on_postgres and item.get_closest_marker("postgres"):
            item.add_marker(pytest.mark.skip(reason="PostgreSQL only: runs under scripts/with-postgres"))
        if on_postgres and item.get_closest_marker("serving"):
            item.add_marker(pytest.mark.skip(reason="gunicorn with its own SQLite database: runs in the SQLite run"))


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads and generated files of each test go to its own temporary folder."""
    media_root = tmp_path / "media"
    media_root.mkdir()
    settings.MEDIA_ROOT = media_root
    return media_root


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    """Proof documents and withdrawn originals of each test go to its own private folder, beside its media."""
    private_root = tmp_path / "private"
    private_root.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {**settings.STORAGES["private"], "OPTIONS": {"location": private_root}},
    }
    return private_root


@pytest.fixture(autouse=True)
def _static_root(settings, tmp_path):
    """Static files come from static/, never from files that `make serve` collected into STATIC_ROOT earlier."""
    settings.STATIC_ROOT = tmp_path / "staticfiles"


@pytest.fixture(autouse=True)
def _fresh_fragments():
    """Each test renders its own teasers: a teaser cached by an earlier test could hide its renditions' making."""
    caches["fragments"].clear()


@pytest.fixture(autouse=True)
def _fresh_pages():
    """The page cache is on in every test, empty at its start: test databases roll back, so a content generation
    of an earlier test comes round again with other content."""
    caches["pages"].clear()


@pytest.fixture
def no_page_cache(settings):
    """For tests that count what rendering a page costs: every request renders."""
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture(scope="session")
def chromium():
    """Debian's headless Chromium, started once per session (never Playwright's own browser download)."""
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing: `make test` installs Debian's chromium package"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class PageLog:
    """What a test page did: every request URL, console errors and uncaught script errors."""

    origin: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        """Request URLs that left the live server's origin (data:, blob: and about: URLs excluded)."""
        return [
            url for url in self.requests if urlsplit(url).scheme not in LOCAL_SCHEMES and _origin(url) != self.origin
        ]

    @property
    def errors(self) -> list[str]:
        return self.console_errors + self.page_errors


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture
def page_log(live_server) -> PageLog:
    return PageLog(origin=_origin(live_server.url))


@pytest.fixture
def page(chromium, live_server, page_log):
    """A new browser context and page for each test, CSP enforced, base URL set to the live server."""
    context = chromium.new_context(
        base_url=live_server.url,
        bypass_csp=False,
        locale="de-DE",
        timezone_id="Europe/Berlin",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    # On the context, so requests of popups and workers count too.
    context.on("request", lambda request: page_log.requests.append(request.url))
    new_page = context.new_page()
    new_page.on("console", lambda message: message.type == "error" and page_log.console_errors.append(message.text))
    new_page.on("pageerror", lambda error: page_log.page_errors.append(str(error)))
    yield new_page
    context.close()


@cache
def _axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `make test-deps` (npm ci)")
    return AXE_JS.read_text(encoding="utf-8")


class Axe:
    """Runs axe-core in the test's page: `violations = axe()`; `axe.format(violations)` for messages."""

    def __init__(self, page):
        self.page = page

    def __call__(self, context: str | dict | None = None, *, tags=AXE_TAGS, disable_rules=()) -> list[dict]:
        # page.evaluate goes through the DevTools protocol, which the page's CSP does not block
        # (add_script_tag would be). Injected again after every navigation.
        if not self.page.evaluate("() => typeof window.axe === 'object'"):
            self.page.evaluate(_axe_source())
        options = {
            "runOnly": {"type": "tag", "values": list(tags)},
            "rules": {rule: {"enabled": False} for rule in disable_rules},
            "resultTypes": ["violations"],
        }
        return self.page.evaluate(
            "async ([context, options]) => (await axe.run(context || document, options)).violations",
            [context, options],
        )

    @staticmethod
    def format(violations: list[dict]) -> str:
        """A readable report: rule, impact, help and up to five offending elements per rule."""
        if not violations:
            return "no accessibility violations"
        lines = [f"{len(violations)} accessibility rule(s) violated:"]
        for violation in violations:
            lines.append(
                f"- {violation['id']} ({violation.get('impact') or 'n/a'}): {violation['help']} <{violation['helpUrl']}>"
            )
            nodes = violation.get("nodes", [])
            for node in nodes[:5]:
                target = " ".join(str(part) for part in node.get("target", []))
                summary = (node.get("failureSummary") or "").replace("\n", " ")
                lines.append(f"    {target}: {node.get('html', '')[:200]}")
                if summary:
                    lines.append(f"      {summary[:300]}")
            if len(nodes) > 5:
                lines.append(f"    … and {len(nodes) - 5} more")
        return "\n".join(lines)


@pytest.fixture
def axe(page) -> Axe:
    return Axe(page)
