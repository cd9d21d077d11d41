"""A crawler over both demo portals: on each portal's host it follows every link, feed and sitemap entry of that
host. On portal A's host it finds no page of portal B, and the only links from one portal to the other are shared
articles' links to their home; neither finds a draft or a preview, and a preview link of one portal shows nothing
on the other's host (docs/mehrere-portale.md#messungen)."""

import re
from collections import deque
from html import unescape
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from articles.models import Article, ArticleShare
from articles.preview import preview_url
from demo import content
from portals.models import Portal
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

FIRST, SISTER = "http://127.0.0.1:8000", "http://localhost:8000"
# Not pages of their own: files and the admin (PDFs: the print view shows the same, at a fraction of the time).
SKIPPED = ("/static/", "/media/", "/admin/", "/-/")
MAX_PAGES = 1500


def crawl(client: Client, origin: str) -> tuple[dict[str, str], set[str]]:
    """{path: body} of every page reachable on `origin`'s host from its home page, robots.txt and sitemaps; and the
    absolute URLs of other origins that its pages link to. Pictures, styles and scripts (src) come from the page's
    own origin only."""
    host = urlsplit(origin).netloc
    queue, seen, pages, elsewhere = deque(["/", "/robots.txt", "/sitemap.xml"]), set(), {}, set()
    requests = set()
    while queue and len(pages) < MAX_PAGES:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path, HTTP_HOST=host)
        assert response.status_code in (200, 301, 302), (origin, path, response.status_code)
        if response.status_code != 200:
            continue
        body = response.content.decode()
        pages[path] = body
        requests.update(urljoin(origin + path, unescape(src)) for src in re.findall(r'\ssrc="([^"]+)"', body))
        found = re.findall(r'href="([^"]+)"', body) + re.findall(r"<(?:loc|link)>([^<]+)</", body)
        found += re.findall(r"^Sitemap: (\S+)$", body, flags=re.M)
        for link in found:
            url = urldefrag(urljoin(origin + path, unescape(link)))[0]
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https"):
                continue
            if f"{parts.scheme}://{parts.netloc}" != origin:
                elsewhere.add(url)
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if not local.startswith(SKIPPED) and not parts.path.endswith("/pdf/"):
                queue.append(local)
    assert len(pages) < MAX_PAGES, "the crawl did not end"
    assert [url for url in requests if not url.startswith(origin + "/")] == [], "a page asks another origin"
    return pages, elsewhere


def test_each_demo_portal_shows_only_its_own_pages_and_links_to_the_other_only_for_shared_articles(settings):
    settings.SITE_URL = FIRST
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first, sister = Portal.objects.default(), Portal.objects.get(slug=content.SISTER_PORTAL["slug"])
    assert (first.url, sister.url) == (FIRST, SISTER)
    drafts = {
        portal.pk: ArticleFactory(
            section=portal.sections.first(), headline=f"Entwurf in {portal}", status=Article.Status.DRAFT
        )
        for portal in (first, sister)
    }
    client = Client()
    first_pages, from_first = crawl(client, FIRST)
    sister_pages, from_sister = crawl(client, SISTER)
    assert len(first_pages) > 100 and len(sister_pages) > 40

    shared = Article.objects.published().filter(shares__portal=sister) | Article.objects.published().filter(
        section__in=sister.sections.values("shared_from__source")
    )
    shared_urls = {article.canonical_url() for article in shared.distinct()}
    assert ArticleShare.objects.filter(portal=sister).count() >= 2 and len(shared_urls) >= 5
    # From the sister portal: links to the first portal are its shared articles' addresses, and all of them.
    to_first = {url for url in from_sister if url.startswith(FIRST + "/")}
    assert to_first == shared_urls
    # From the first portal: nothing of the sister portal (it shares nothing with the first).
    assert not {url for url in from_first if url.startswith(SISTER)}

    sister_only = [article.headline for article in Article.objects.filter(section__portal=sister)]
    for path, body in first_pages.items():
        assert "Kommunal vernetzt" not in body, path
        for headline in sister_only:
            assert headline not in body, (path, headline)
    for path, body in sister_pages.items():
        assert f"Entwurf in {first}" not in body and f"Entwurf in {sister}" not in body, path
        assert "/vorschau/" not in body, path
    for path in first_pages:
        assert "Entwurf in" not in first_pages[path], path
    # Every page the sister portal has on its host: on the first portal's host it is the first portal's or none.
    for path in sister_pages:
        response = client.get(path, HTTP_HOST=urlsplit(FIRST).netloc)
        body = response.content.decode()
        assert response.status_code in (200, 301, 302, 404), path
        assert "Kommunal vernetzt" not in body, path
    # A preview link of one portal shows nothing on the other portal's host.
    for portal, other in ((first, sister), (sister, first)):
        link = preview_url(drafts[portal.pk])
        assert client.get(link, HTTP_HOST=urlsplit(portal.url).netloc).status_code == 200
        assert client.get(link, HTTP_HOST=urlsplit(other.url).netloc).status_code == 404
