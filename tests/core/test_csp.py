"""Every page goes out under a strict Content-Security-Policy, and no template needs more than it allows."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse

from articles.models import Article, Keyword
from articles.preview import preview_url
from demo.seeding import ensure_pages
from pages.models import STATIC_PAGE_SLUGS, Page
from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no CSP header on {response.request['PATH_INFO']}"
    return {name: sources for name, *sources in (part.split() for part in header.split(";") if part.strip())}


@pytest.fixture
def article():
    ensure_pages()
    return ArticleFactory(lead_image=ImageFactory(), keywords=["Onlinezugangsgesetz"])


def public_urls(article):
    return [
        "/",
        article.get_absolute_url(),
        article.section.get_absolute_url(),
        Keyword.objects.get().get_absolute_url(),
        reverse("articles:detail-print", kwargs={"section": article.section.slug, "slug": article.slug}),
        reverse("articles:detail-mail", kwargs={"section": article.section.slug, "slug": article.slug}),
        "/archiv/?q=Onlinezugangsgesetz",
        "/stichwoerter/",
        "/archiv/?von=gestern",
        preview_url(ArticleFactory(status=Article.Status.DRAFT)),
        "/gibt-es/nicht/",
        *(f"/{slug}/" for slug in STATIC_PAGE_SLUGS),
    ]


def admin_urls(article):
    return [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_add"),
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_versions", args=[article.pk]),
        reverse("admin:articles_article_changelist") + "?_popup=1&_to_field=id",
        reverse("admin:images_image_changelist") + "?_popup=1&_to_field=id",
        reverse("admin:images_image_add"),
        reverse("admin:images_image_change", args=[article.lead_image.pk]),
        reverse("admin:articles_keyword_changelist"),
        reverse("admin:articles_section_changelist"),
        reverse("admin:pages_page_changelist"),
        reverse("admin:pages_page_add"),
        reverse("admin:pages_page_change", args=[Page.objects.get(slug="impressum").pk]),
        reverse("admin:accounts_person_changelist"),
        reverse("admin:accounts_person_add"),
        reverse("admin:password_change"),
    ]


def test_public_pages_and_admin_login_carry_a_strict_policy(client, article):
    for url in [*public_urls(article), reverse("admin:login")]:
        response = client.get(url)
        directives = policy(response)
        assert directives["default-src"] == ["'self'"], url
        for directive in ("script-src", "style-src"):
            assert "'unsafe-inline'" not in directives[directive], url
            assert "'unsafe-eval'" not in directives[directive], url
        if not url.startswith("/admin/"):
            assert directives["style-src"] == ["'self'"], url
        assert directives["object-src"] == ["'none'"], url
        assert directives["frame-ancestors"] == ["'none'"], url
        assert directives["base-uri"] == ["'self'"] and directives["form-action"] == ["'self'"], url


def test_admin_policy_adds_only_the_editor_style_hash_and_a_nonce_for_its_import_map(admin_client, article):
    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    directives = policy(response)
    assert directives["style-src"] == ["'self'", *settings.ADMIN_CSP_UPDATE["style-src"]]
    assert all(source.startswith("'sha256-") for source in settings.ADMIN_CSP_UPDATE["style-src"])
    nonce = re.search(r"'nonce-([^']+)'", " ".join(directives["script-src"])).group(1)
    assert f'<script type="importmap" nonce="{nonce}">' in response.content.decode()
    assert "'unsafe-inline'" not in directives["script-src"]
    # Pages without an inline script get no nonce at all.
    assert directives_without_nonce(admin_client.get(reverse("admin:articles_article_changelist")))


def directives_without_nonce(response) -> bool:
    return not any("nonce-" in source for source in policy(response)["script-src"])


class InlineCodeFinder(HTMLParser):
    """Collects what a strict CSP would block: inline scripts and styles without the nonce, style
    attributes, event handler attributes and javascript: URLs."""

    DATA_TYPES = {"application/json", "application/ld+json"}

    def __init__(self, nonce: str | None):
        super().__init__()
        self.nonce = nonce
        self.problems: list[str] = []
        self._inline: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attributes.items():
            if name == "style" or name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in {"href", "src", "action", "formaction"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}={value}>")
        has_nonce = self.nonce is not None and attributes.get("nonce") == self.nonce
        if tag == "script" and "src" not in attributes and attributes.get("type") not in self.DATA_TYPES:
            self._inline = None if has_nonce else "<script> without src"
        if tag == "style" and not has_nonce:
            self._inline = "<style>"

    def handle_data(self, data):
        if self._inline and data.strip():
            self.problems.append(f"{self._inline}: {data.strip()[:60]}")
            self._inline = None

    def handle_endtag(self, tag):
        self._inline = None


def inline_code(response) -> list[str]:
    match = re.search(r"'nonce-([^']+)'", response.headers.get("Content-Security-Policy", ""))
    finder = InlineCodeFinder(match.group(1) if match else None)
    finder.feed(response.content.decode())
    return finder.problems


def test_rendered_public_and_admin_pages_contain_no_inline_code_without_nonce(client, article):
    for url in public_urls(article):
        assert inline_code(client.get(url)) == [], url
    assert inline_code(client.get(reverse("admin:login"))) == []
    client.force_login(User.objects.create_superuser("chefin", "chefin@example.org", "x"))
    for url in admin_urls(article):
        response = client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response) == [], url


def test_inline_code_finder_reports_what_the_policy_would_block():
    finder = InlineCodeFinder(nonce="abc")
    finder.feed(
        '<script>alert(1)</script><script nonce="abc">ok()</script><script nonce="falsch">x()</script>'
        '<script type="application/ld+json">{"@type": "NewsArticle"}</script><script src="/static/a.js"></script>'
        '<p style="color:red">x</p><img src=x onerror="alert(1)"><a href="javascript:alert(1)">y</a><style>p{}</style>'
    )
    assert finder.problems == [
        "<script> without src: alert(1)",
        "<script> without src: x()",
        "<p style=…>",
        "<img onerror=…>",
        "<a href=javascript:alert(1)>",
        "<style>: p{}",
    ]
