"""The cache key is the canonical form of the request (docs/seiten-cache.md, "Kanonische Query-Strings").

A cached page has one address per content: another spelling of the same query (a page number with leading zeros,
a parameter twice, another order, an empty value) is answered with a redirect to the canonical one or not stored,
and values no page is made of (free dates, text) are never stored. So a flood of invented variants adds nothing to
the page cache and pushes out none of the pages readers read.
"""

import pytest
from django.core.cache import caches
from django.test import Client

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


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
