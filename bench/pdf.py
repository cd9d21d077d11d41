"""PDF and print view timings for a demo article with an image: first render, cached response, print view.

Runs on the demo content (`seed_demo`) in a throwaway SQLite database and media folder, through Django's test
client (the whole request: URL routing, queries, template, renderer, storage). Prints medians in milliseconds.

    DEBUG=true DJANGO_SETTINGS_MODULE=newsroom.settings PYTHONPATH=. .venv/bin/python bench/pdf.py
"""

import os
import statistics
import time

ROUNDS = 7
CACHED_ROUNDS = 50

from _sandbox import throwaway_django  # noqa: E402

throwaway_django("bench-pdf-")

from django.conf import settings  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from articles import printing  # noqa: E402
from articles.models import Article  # noqa: E402


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def get(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if response.streaming:
        b"".join(response.streaming_content)


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    settings.ALLOWED_HOSTS = ["testserver"]
    article = Article.objects.published().filter(lead_image__isnull=False).select_related("section").first()
    kwargs = {"section": article.section.slug, "slug": article.slug}
    pdf_url = reverse("articles:detail-pdf", kwargs=kwargs)
    print_url = reverse("articles:detail-print", kwargs=kwargs)
    client = Client()

    started = time.perf_counter()
    printing._weasyprint()
    print(f"weasyprint import (once per worker):  {(time.perf_counter() - started) * 1000:7.1f} ms")

    def first_render():
        for name in default_storage.listdir(settings.PDF_CACHE_DIR)[1] if default_storage.exists("pdf-cache") else []:
            default_storage.delete(f"{settings.PDF_CACHE_DIR}/{name}")
        get(client, pdf_url)

    get(client, print_url)  # warm templates and the layout fingerprint
    first = [timed(first_render) for _ in range(ROUNDS)]
    cached = [timed(lambda: get(client, pdf_url)) for _ in range(CACHED_ROUNDS)]
    printed = [timed(lambda: get(client, print_url)) for _ in range(CACHED_ROUNDS)]
    # The version key of the cached response: the print document rendered and hashed (articles/printing.py).
    shown = Article.objects.select_related("section", "article_type", "lead_image").prefetch_related(
        "keywords", "links"
    )
    keyed = [timed(lambda: printing.pdf_version_key(shown.get(pk=article.pk))) for _ in range(CACHED_ROUNDS)]
    size = default_storage.size(printing.cached_article_pdf(article, printing.pdf_version_key(article))[0])

    print(f"article: {article.headline!r} ({size / 1024:.0f} KiB PDF, image {article.lead_image.width} px wide)")
    print(f"first PDF render, median of {ROUNDS}:     {statistics.median(first):7.1f} ms  (target ≤ 500 ms)")
    print(f"cached PDF response, median of {CACHED_ROUNDS}: {statistics.median(cached):7.1f} ms  (target ≤ 20 ms)")
    print(f"print view, median of {CACHED_ROUNDS}:          {statistics.median(printed):7.1f} ms")
    print(f"version key with its queries, median:  {statistics.median(keyed):7.1f} ms")


if __name__ == "__main__":
    main()
