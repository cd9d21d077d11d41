"""Measured: a licence of a demo picture ends in one second; then every public URL of the demo is crawled (pages,
print, PDFs, feeds, sitemaps with their image entries, JSON-LD and OpenGraph in the pages, the media URLs of all its
renditions): no reference to the picture is left, and after `remove_ended_pictures` no file of it either."""

import re
import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from demo import content
from images.models import ImageRights
from pages.models import Page
from people.models import Contributor
from portals.models import Portal

pytestmark = pytest.mark.django_db


def local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def public_urls(client) -> list[tuple[str, str]]:
    """Every public address of each demo portal on its own host, found the way a crawler finds them (sitemaps) plus
    what sitemaps leave out (print, PDF, feeds, profile pages, static pages). Each address exists on one portal at
    least; it is kept for every portal that answers it."""
    hosts = [urlsplit(portal.url).netloc for portal in Portal.objects.order_by("pk")]
    derived = []
    for article in Article.objects.published().select_related("section"):
        derived += [article.get_absolute_url() + "druck/", article.get_absolute_url() + "pdf/"]
        derived += [f"/feeds/bereich/{article.section.slug}/rss/"]
    for keyword in Article.keywords.through.tag_model().objects.all():
        derived.append(f"/feeds/stichwort/{keyword.slug}/atom/")
    for contributor in Contributor.objects.active():
        derived += [contributor.get_absolute_url(), f"/feeds/autor/{contributor.slug}/rss/"]
    derived += [page.get_absolute_url() for page in Page.objects.published()]
    found = []
    for host in hosts:
        urls = ["/", "/robots.txt", "/sitemap.xml", "/sitemap-news.xml", "/stichwoerter/", "/archiv/", "/feeds/rss/"]
        urls.append("/feeds/atom/")
        for sitemap in re.findall(r"<loc>([^<]+)</loc>", fetch(client, "/sitemap.xml", host)[1].decode()):
            urls.append(local(sitemap))
            entries = fetch(client, local(sitemap), host)[1].decode()
            urls += [local(loc) for loc in re.findall(r"<loc>([^<]+)</loc>", entries)]
        found += [(host, url) for url in dict.fromkeys(urls + derived) if fetch(client, url, host)[0] == 200]
    assert set(derived) <= {url for _host, url in found}
    return found


def fetch(client, url: str, host: str = "127.0.0.1") -> tuple[int, bytes]:
    response = client.get(url, HTTP_HOST=host)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body


def stored_files(folder: str) -> list[str]:
    """Every file below `folder` in the media storage (empty folders left on a disk hold nothing)."""
    folders, files = default_storage.listdir(folder) if default_storage.exists(folder) else ([], [])
    return [f"{folder}/{name}" for name in files] + [f for sub in folders for f in stored_files(f"{folder}/{sub}")]


def test_a_licence_ending_in_one_second_leaves_no_reference_and_no_file(client, settings):
    settings.SERVE_MEDIA = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - closed with the process
    record = ImageRights.objects.get(valid_until__isnull=False)
    image = record.image
    article = Article.objects.get(lead_image=image)
    assert article.headline == content.ARTICLES[content.ENDING_LICENCE_ARTICLE]["headline"]
    marks = [f"renditions/{image.pk}/".encode(), image.file.name.encode(), image.alt_text.encode()]
    files = [rendition.file.name for rendition in image.renditions.all()] + [image.file.name]
    media_urls = [default_storage.url(name) for name in files]
    urls = public_urls(client)

    def referring() -> dict[str, int]:
        found = {}
        for host, url in urls:
            status, body = fetch(client, url, host)
            assert status == 200, (host, url)
            if url.endswith("/pdf/"):
                # A PDF embeds the picture, not its address: the cached file for this article is what counts.
                continue
            hits = sum(body.count(mark) for mark in marks)
            if hits:
                found[url if host == urls[0][0] else f"//{host}{url}"] = hits
        return found

    before = referring()
    assert article.get_absolute_url() in before and "/" in before and "/feeds/rss/" in before
    assert "/sitemap-beitraege.xml" in before
    pdfs_before = [
        name for name in default_storage.listdir(settings.PDF_CACHE_DIR)[1] if name.startswith(f"{article.pk}-")
    ]
    assert pdfs_before

    record.valid_until = timezone.now() + timedelta(seconds=1)
    record.save()
    image.refresh_from_db()
    image.save()
    time.sleep(1.1)

    assert referring() == {}
    assert [fetch(client, url)[0] for url in media_urls] == [404] * len(media_urls)
    # The cached PDF of the old version is replaced by one without the picture.
    pdfs_after = [
        name for name in default_storage.listdir(settings.PDF_CACHE_DIR)[1] if name.startswith(f"{article.pk}-")
    ]
    assert pdfs_after and set(pdfs_after).isdisjoint(pdfs_before)

    call_command("remove_ended_pictures", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [name for name in files if default_storage.exists(name)] == []
    assert stored_files(f"renditions/{image.pk}") == []
    assert [fetch(client, url)[0] for url in media_urls] == [404] * len(media_urls)
    assert referring() == {}
