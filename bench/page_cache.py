"""What the page cache saves: the median time of a public page rendered (page cache off) and answered from the page
cache (a hit: one query for the content generation), Django test client, in-memory SQLite, demo content.

    make bench    (or: DEBUG=true PYTHONPATH=. .venv/bin/python bench/page_cache.py)
"""

import contextlib
import io
import os
import statistics
import time

os.environ["DATABASE_URL"] = "sqlite://:memory:"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from articles.models import Article, Keyword, Section  # noqa: E402

ROUNDS = 300


def median_ms(client: Client, url: str, expected_cache: str | None) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200 and response.get("X-Page-Cache") == expected_cache, url
    return statistics.median(times)


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    with contextlib.redirect_stdout(io.StringIO()):
        call_command("seed_demo")
    urls = [
        "/",
        Article.objects.published().first().get_absolute_url(),
        Section.objects.first().get_absolute_url(),
        Keyword.objects.with_article_counts().order_by("-article_count").first().get_absolute_url(),
        "/feeds/rss/",
    ]
    reader = Client()
    print(f"median of {ROUNDS} requests, Django test client, in-memory SQLite, demo content")
    print(f"{'page':<60} {'rendered':>10} {'cached':>10} {'ratio':>7}")
    for url in urls:
        with override_settings(PAGE_CACHE_ENABLED=False):
            reader.get(url)  # warm-up: templates, teaser fragments, renditions
            rendered = median_ms(reader, url, None)
        reader.get(url)
        cached = median_ms(reader, url, "hit")
        print(f"{url:<60} {rendered:>8.2f}ms {cached:>8.2f}ms {rendered / cached:>6.1f}×")


if __name__ == "__main__":
    main()
