"""The page cache's hits are answered before any other middleware runs (pagecache.middleware.PageCacheMiddleware,
first in MIDDLEWARE). So that this fast path can never drift from the full stack, a hit of every cached page type
must carry exactly the headers of the miss that stored it, and every header a render without the page cache gets;
redirects, host checks and HSTS stay those of the full stack."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from demo.seeding import ensure_pages
from newsletter.models import Issue, NewsletterList
from pages.models import Page
from tests.factories import ArticleFactory, ContributorFactory, ImageFactory, name_in_byline

pytestmark = pytest.mark.django_db

# Made per answer from the stored page (validators, freshness) or naming the outcome.
PER_ANSWER = {"etag", "last-modified", "cache-control", "vary", "x-page-cache"}


@pytest.fixture
def article():
    article = ArticleFactory(headline="Kopfzeilen im Vergleich", keywords=["Cloud"], lead_image=ImageFactory())
    name_in_byline(article, ContributorFactory(slug="anna-beispiel"))
    return article


def cached_page_urls(article) -> list[str]:
    """One address of every page type in CACHED_PAGES (test_every_cached_page_type_is_compared checks that)."""
    ensure_pages()
    section = {"section": article.section.slug}
    return [
        Page.objects.first().get_absolute_url(),
        "/",
        article.section.get_absolute_url(),
        f"{article.section.get_absolute_url()}?page=1",
        article.get_absolute_url(),
        reverse("articles:detail-print", kwargs={**section, "slug": article.slug}),
        reverse("articles:keyword", kwargs={"slug": "cloud"}),
        reverse("articles:keyword-index"),
        "/archiv/?bereich=politik",
        reverse("articles:feed", kwargs={"format": "rss"}),
        reverse("articles:section-feed", kwargs={"slug": article.section.slug, "format": "atom"}),
        reverse("articles:keyword-feed", kwargs={"slug": "cloud", "format": "rss"}),
        reverse("articles:contributor", kwargs={"slug": "anna-beispiel"}),
        reverse("articles:contributor-feed", kwargs={"slug": "anna-beispiel", "format": "atom"}),
        reverse("articles:sitemap"),
        reverse("articles:sitemap-news"),
        reverse("articles:sitemap-section", kwargs={"section": "beitraege"}),
        reverse("articles:robots"),
        reverse("newsletter:index"),
        reverse("newsletter:subscribe-sent"),
        reverse("newsletter:issue", args=[sent_issue(article).pk]),
    ]


def sent_issue(article) -> Issue:
    weekly, _ = NewsletterList.objects.get_or_create(
        slug="woechentlich", defaults={"name": "Wöchentlich", "sender_name": "N", "sender_email": "n@x.de"}
    )
    issue, created = Issue.objects.get_or_create(
        newsletter_list=weekly, subject="Die Woche", state="sent", defaults={"send_at": timezone.now()}
    )
    if created:
        issue.items.create(article=article, position=1)
    return issue


def headers(response) -> dict[str, str]:
    return {name.lower(): value for name, value in response.items()}


def test_every_cached_page_type_is_compared(article):
    from django.urls import resolve

    from pagecache.registry import CACHED_PAGES

    compared = {resolve(url.split("?")[0]).view_name for url in cached_page_urls(article)}
    assert compared == set(CACHED_PAGES)


@pytest.mark.parametrize("secure", [False, True], ids=["http", "https"])
def test_a_hit_carries_exactly_the_headers_of_the_miss_and_of_a_render_without_the_cache(article, settings, secure):
    settings.SECURE_HSTS_SECONDS = 31536000
    for url in cached_page_urls(article):
        settings.PAGE_CACHE_ENABLED = False
        rendered = Client().get(url, secure=secure)
        settings.PAGE_CACHE_ENABLED = True
        miss, hit = Client().get(url, secure=secure), Client().get(url, secure=secure)
        assert (miss.status_code, miss["X-Page-Cache"], hit["X-Page-Cache"]) == (200, "miss", "hit"), url
        assert hit.content == miss.content == rendered.content, url
        hit_headers, miss_headers, rendered_headers = headers(hit), headers(miss), headers(rendered)
        assert hit_headers == {**miss_headers, "x-page-cache": "hit"}, url
        # Everything the full stack sets without the page cache, the hit carries alike.
        assert {name: value for name, value in rendered_headers.items() if name not in PER_ANSWER} == {
            name: value for name, value in hit_headers.items() if name not in PER_ANSWER
        }, url
        for name in ("content-security-policy", "permissions-policy", "x-frame-options", "referrer-policy"):
            assert name in hit_headers, (url, name)
        assert hit_headers["x-content-type-options"] == "nosniff"
        assert ("strict-transport-security" in hit_headers) is secure, url
        assert "Cookie" in hit_headers["vary"] and not hit.cookies


def test_a_304_from_the_cache_keeps_the_security_headers(article):
    url = article.get_absolute_url()
    miss = Client().get(url)
    not_modified = Client().get(url, headers={"if-none-match": miss["ETag"]})
    assert not_modified.status_code == 304 and not_modified.content == b""
    for name in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options", "X-Content-Type-Options"):
        assert not_modified[name] == miss[name]
    assert not_modified["ETag"] == miss["ETag"] and "Content-Type" not in not_modified


def test_a_cached_page_is_still_redirected_to_https_and_refused_for_a_foreign_host(article, settings):
    url = article.get_absolute_url()
    assert Client().get(url, secure=True)["X-Page-Cache"] == "miss"
    assert Client().get(url, secure=True)["X-Page-Cache"] == "hit"
    settings.SECURE_SSL_REDIRECT = True
    redirect = Client().get(url)
    assert redirect.status_code == 301 and redirect["Location"].startswith("https://")
    assert Client().get(url, headers={"host": "evil.example"}, secure=True).status_code == 400


def test_readers_and_editors_split_as_before_the_fast_path(article, client):
    """A session cookie, even an invalid one, and an Authorization header go past the fast path to the full
    stack; other cookies (a consent banner's) do not."""
    url = article.get_absolute_url()
    Client().get(url)
    assert Client(HTTP_COOKIE="hinweis=gelesen").get(url)["X-Page-Cache"] == "hit"
    for other in (Client(HTTP_COOKIE="sessionid=abgelaufen"), Client(HTTP_AUTHORIZATION="Basic eDp5")):
        response = other.get(url)
        assert "X-Page-Cache" not in response and "private" in response["Cache-Control"]
    assert "X-Page-Cache" not in Client().post(url)
