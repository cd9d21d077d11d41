"""Every public page type against the Nu Html Checker (vnu), axe-core at 1280 and 320 px, and privacy.

The page list is in tests/public_pages.py. vnu runs once for all pages (one JVM start); the browser sweep
uses one browser context for all pages and both widths.
"""

import json
import os
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from articles.views import ArticleListView
from tests.conftest import BASE_DIR, BROWSER_TIMEOUT_MS
from tests.public_pages import PAGE_SIZE, PublicPage, build_site, collect_pages

pytestmark = [pytest.mark.urls("tests.urls_errors")]

VNU_JAR = BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WIDTHS = (1280, 320)
# Pages with a form that posts: Django's CSRF cookie is what protects it (docs/leseraktionen.md).
FORM_PAGES_WITH_CSRF_COOKIE = {"/admin/login/", "/newsletter/anmelden/"}


@pytest.fixture
def site(monkeypatch):
    monkeypatch.setattr(ArticleListView, "paginate_by", PAGE_SIZE)
    return build_site()


@pytest.fixture
def public_pages(site, client, settings) -> list[PublicPage]:
    return collect_pages(site, client, settings)


def missing_tool(message: str):
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def vnu_errors(folder: Path) -> dict[str, list[dict]]:
    """vnu's errors for every file in `folder`, by file name."""
    java = shutil.which("java")
    if java is None:
        missing_tool("java is missing: `make test-deps` installs Debian's default-jre-headless")
    if not VNU_JAR.exists():
        missing_tool(f"{VNU_JAR} is missing: run `make test-deps` (npm ci)")
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--exit-zero-always", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    errors = defaultdict(list)
    for message in json.loads(result.stderr)["messages"]:
        errors[message["url"].rsplit("/", 1)[-1]].append(message)
    return errors


def describe(page: PublicPage, messages: list[dict]) -> str:
    lines = [f"{page.name} ({page.path}): {len(messages)} vnu error(s)"]
    lines += [
        f"  line {message.get('lastLine', '?')}: {message['message']} | {message.get('extract', '').strip()}"
        for message in messages
    ]
    return "\n".join(lines)


@pytest.mark.django_db
def test_every_public_page_type_is_valid_html(public_pages, tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    names = {}
    for number, page in enumerate(public_pages):
        name = f"{number:02d}.html"
        (folder / name).write_text(page.html, encoding="utf-8")
        names[name] = page
    errors = vnu_errors(folder)
    assert set(errors) <= set(names), f"vnu reported unknown files: {sorted(set(errors) - set(names))}"
    problems = [describe(names[name], messages) for name, messages in sorted(errors.items())]
    assert problems == [], "\n".join(problems)
    assert len(names) == len(public_pages) >= 40


def open_page(browser_page, live_server, page: PublicPage):
    """Open `page` at its address: by GET, or served from the recorded response (route.fulfill)."""
    url = f"{live_server.url}{page.path}"
    if page.browser_get:
        return browser_page.goto(url)
    handler = lambda route: route.fulfill(status=page.status, headers=page.headers, body=page.html)  # noqa: E731
    browser_page.route(url, handler)
    try:
        return browser_page.goto(url)
    finally:
        browser_page.unroute(url, handler)


@pytest.mark.django_db(transaction=True)
def test_every_public_page_type_passes_axe_at_1280_and_320_px_sets_no_cookie_and_asks_no_other_host(
    public_pages, page, page_log, axe, live_server
):
    failures = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for public_page in public_pages:
            page.context.clear_cookies()
            label = f"{public_page.name} ({public_page.path}) at {width} px"
            response = open_page(page, live_server, public_page)
            if response.status != public_page.status:
                failures.append(f"{label}: status {response.status}, expected {public_page.status}")
            if page.evaluate("() => document.documentElement.lang") != "de":
                failures.append(f"{label}: html lang is not de")
            violations = axe()
            if violations:
                failures.append(f"{label}: {axe.format(violations)}")
            if not page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"):
                failures.append(f"{label}: scrolls horizontally")
            cookies = page.context.cookies()
            if cookies and not (
                public_page.path.split("?")[0] in FORM_PAGES_WITH_CSRF_COOKIE or public_page.path.endswith("/mailen/")
            ):
                failures.append(f"{label}: sets cookies {[cookie['name'] for cookie in cookies]}")
    assert failures == [], "\n".join(failures)
    assert page_log.foreign_requests() == []
    assert page_log.page_errors == []


@pytest.mark.django_db(transaction=True)
def test_skip_link_appears_on_focus_and_moves_focus_to_the_content(page, live_server, site):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/politik/digitale-bauantraege/")
        page.keyboard.press("Tab")
        skip = page.locator(".skip-link")
        assert page.evaluate("() => document.activeElement.className") == "skip-link"
        box = skip.bounding_box()
        assert box["x"] >= 0 and box["y"] >= 0 and box["width"] > 0, box
        assert skip.evaluate("e => getComputedStyle(e).outlineStyle") != "none"
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.id") == "inhalt"


@pytest.mark.django_db(transaction=True)
def test_keyboard_focus_is_visible_on_every_link_field_and_button_of_the_header_and_footer(page, site):
    page.goto("/politik/")
    invisible = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement; const s = getComputedStyle(e);"
            " return {tag: e.tagName, text: (e.innerText || e.name || '').trim().slice(0, 40),"
            " outline: s.outlineStyle, width: parseFloat(s.outlineWidth), footer: !!e.closest('footer')}; }"
        )
        if focused["tag"] == "BODY":
            break
        if focused["outline"] == "none" or focused["width"] < 2:
            invisible.append(focused)
    assert invisible == []
    assert focused["tag"] == "BODY" or focused["footer"], "Tab never reached the footer"


@pytest.mark.django_db(transaction=True)
def test_without_javascript_a_reader_searches_and_reaches_the_static_pages(chromium, live_server, site):
    context = chromium.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 320, "height": 700}
    )
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    try:
        reader = context.new_page()
        reader.goto("/")
        reader.get_by_role("searchbox", name="Suchbegriff").fill("Bauherren")
        reader.get_by_role("button", name="Suchen").click()
        reader.wait_for_url("**/archiv/?q=Bauherren")
        assert reader.get_by_role("searchbox", name="Suchbegriff").first.input_value() == "Bauherren"
        assert "Digitale Bauanträge starten landesweit" in reader.locator("main").inner_text()
        for name, path in [
            ("Impressum", "/impressum/"),
            ("Datenschutz", "/datenschutz/"),
            ("Erklärung zur Barrierefreiheit", "/barrierefreiheit/"),
            ("Kontakt", "/kontakt/"),
            ("Stichwörter A–Z", "/stichwoerter/"),
            ("Archiv", "/archiv/"),
        ]:
            reader.locator("footer").get_by_role("link", name=name, exact=True).click()
            reader.wait_for_url(f"**{path}")
            assert reader.get_by_role("heading", level=1).count() == 1, path
        reader.locator("header").get_by_role("link", name="Praxis").click()
        reader.wait_for_url("**/praxis/")
        assert context.cookies() == []
    finally:
        context.close()
