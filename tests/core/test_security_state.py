"""Security state never lives where cache pressure can evict it (docs/sicherheit.md, "Wo Sicherheitszustand liegt").

The caches share one Redis with a small `maxmemory` and `volatile-lru`, as docs/betrieb.md advises; the page cache
and the fragments are filled until Redis evicts, the way a flood of requests for pages fills them. Every limit
counted before the flood still holds after it.
"""

import pytest
from django.core.cache import caches
from django.urls import reverse

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

# As large as a cached page; pages and fragments are stored with a timeout, so volatile-lru may evict them.
PAGE = b"<p>Seite</p>" * 4000


def flood_the_caches(server) -> None:
    """Write pages and fragments until Redis has evicted at least as many keys as its memory holds pages."""
    evicted_before, written = server.evicted_keys(), 0
    while server.evicted_keys() - evicted_before < 200:
        caches["pages"].set(f"page:flood:{written}", PAGE, 3600)
        caches["fragments"].set(f"teaser:flood:{written}", PAGE, 3600)
        written += 1
        assert written < 20_000, "Redis does not evict: is its maxmemory set?"


def mail(client, article, recipient: str, client_address: str) -> int:
    url = reverse("articles:detail-mail", kwargs={"section": article.section.slug, "slug": article.slug})
    return client.post(url, {"recipient": recipient, "website": ""}, REMOTE_ADDR=client_address).status_code


def test_link_mail_limit_per_client_holds_after_a_flood_of_the_page_cache_on_a_shared_redis(
    client, small_redis_cache, smtp
):
    article = ArticleFactory()
    statuses = [mail(client, article, f"leser{n}@amt-musterstadt.de", "192.0.2.7") for n in range(7)]
    assert statuses == [302] * 5 + [429] * 2

    flood_the_caches(small_redis_cache)

    statuses = [mail(client, article, f"kollegin{n}@amt-musterstadt.de", "192.0.2.7") for n in range(3)]
    assert statuses == [429] * 3
    assert len(smtp.envelopes) == 5
