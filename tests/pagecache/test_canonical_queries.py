"""The cache key is the canonical form of the request (docs/seiten-cache.md, "Kanonische Query-Strings").

A cached page has one address per content: another spelling of the same query (a page number with leading zeros,
a parameter twice, another order, an empty value) is answered with a redirect to the canonical one or not stored,
and values no page is made of (free dates, text) are never stored. So a flood of invented variants adds nothing to
the page cache and pushes out none of the pages readers read.
"""

import urllib.error
import urllib.request

import pytest
from django.core.cache import caches
from django.test import Client

from tests.factories import ArticleFactory
from tests.site.test_cache_workers import NoRedirects, running_site
from tests.site.test_cache_workers import site as site  # the fixture, for pytest


def stored_pages() -> int:
    return sum(1 for key in caches["pages"]._cache if ":page:" in key)


VARIANTS = [
    "/politik/?page=01",
    "/politik/?page=0001",
    "/politik/?page=1&page=1",
    "/archiv/?von=2024-01-01",
    "/archiv/?von=1.1.2024",
    "/sitemap-beitraege.xml?p=0001",
]


@pytest.mark.django_db
@pytest.mark.parametrize("variant", VARIANTS)
def test_a_variant_of_an_allowed_parameter_adds_no_page_to_the_cache(variant):
    ArticleFactory()
    reader = Client()
    for url in ("/politik/?page=1", "/archiv/", "/sitemap-beitraege.xml"):
        reader.get(url)
    before = stored_pages()

    for _ in range(2):
        assert reader.get(variant).status_code in (200, 301)

    assert stored_pages() == before


# --- the class: a flood of variants on two gunicorn workers --------------------------------------------------


def variants(article_url: str, count: int) -> list[str]:
    """Invented spellings and values of the parameters cached pages take, `count` of them, all different."""
    section = "/" + article_url.strip("/").split("/")[0] + "/"
    made = []
    for n in range(count):
        made.append(
            [
                f"{section}?page={'0' * (n + 1)}1",
                f"{section}?page=1" + "&page=1" * (n % 5 + 1) + f"&page={n}",
                f"/archiv/?von={1900 + n // 12:04d}-{n % 12 + 1:02d}-01",
                f"/archiv/?bis={n % 28 + 1}.{n % 12 + 1}.{1900 + n}",
                f"/archiv/?page={'0' * (n + 1)}1",
                f"/archiv/?bereich=&art=&page={n + 1}&q=",
                f"/sitemap-beitraege.xml?p={'0' * (n + 1)}1",
                f"{article_url}?page={n}",
            ][n % 8]
        )
    return made


def status_of(served, path: str) -> int:
    try:
        with NoRedirects.open(served.url + path, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("shared", [True, False], ids=["redis", "per-worker-cache"])
def test_a_flood_of_query_variants_leaves_the_pages_readers_read_in_the_cache(site, small_redis, shared):
    environ, article_url, folder = site
    environ = {**environ, "CACHE_URL": small_redis.url if shared else ""}
    read = ["/", article_url]
    with running_site(environ, folder) as served:
        workers, first = [], None
        for _ in range(2):
            with served.on_worker_other_than(first) as worker:
                for path in read:
                    served.request(path)
                page_keys = set(small_redis.client().keys("*:pages:*"))
                statuses = {status_of(served, variant) for variant in variants(article_url, 600)}
                assert statuses <= {200, 301, 400, 404}, statuses
                if shared:
                    assert set(small_redis.client().keys("*:pages:*")) == page_keys, "a variant added a key"
                for path in read:
                    lines_before = served.log_lines()
                    with urllib.request.urlopen(served.url + path, timeout=20) as response:
                        assert response.headers["X-Page-Cache"] == "hit", (path, worker)
                    assert served.worker_of(lines_before) == worker
            workers.append(worker)
            first = worker
        assert len(set(workers)) == 2
