"""What the limits of Link mailen cost now that they count in the database (core.limits), against counting them in a
cache as before (add + incr per limit, on the per-process cache and on a real Redis), and against the whole post
to Link mailen (form, limits, the mail through Django's locmem backend, the redirect). Three counts per mail
(client, recipient, site). Prints medians in microseconds.

    DEBUG=true PYTHONPATH=. .venv/bin/python bench/limits.py                       # SQLite file
    DEBUG=true scripts/with-postgres .venv/bin/python bench/limits.py              # PostgreSQL
"""

import io
import os
import shutil
import statistics
import tempfile
import time

from cache_redis import REDIS_SERVER, free_port, start_redis

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "500"))

if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    from _sandbox import throwaway_django

    throwaway_django("bench-limits-")
else:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache.backends.locmem import LocMemCache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from articles.mailing import limit_message  # noqa: E402
from articles.models import Article  # noqa: E402
from core.caching import DegradingRedisCache  # noqa: E402


def median_microseconds(function) -> float:
    samples = []
    for n in range(ROUNDS):
        started = time.perf_counter()
        function(n)
        samples.append((time.perf_counter() - started) * 1e6)
    return statistics.median(samples)


def counted_in(cache):
    """The counting as it was before core.limits: add, then incr, per limit."""

    def count(n):
        for kind in ("client", "recipient", "site"):
            key = f"linkmail:{kind}:{n if kind != 'site' else 'all'}:0"
            cache.add(key, 0, timeout=3600)
            cache.incr(key)

    return count


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LINK_MAIL_PER_CLIENT_PER_HOUR = settings.LINK_MAIL_PER_RECIPIENT_PER_DAY = settings.LINK_MAIL_PER_DAY = (
        10**9
    )
    article = Article.objects.published().first()
    url = reverse("articles:detail-mail", kwargs={"section": article.section.slug, "slug": article.slug})
    client = Client()

    def post(n):
        response = client.post(
            url, {"recipient": f"leser{n}@amt-musterstadt.de"}, REMOTE_ADDR=f"10.0.{n // 250}.{n % 250}"
        )
        assert response.status_code == 302, response.status_code

    rows = {
        f"database ({connection.vendor}), three counts": median_microseconds(
            lambda n: limit_message(client=f"10.0.0.{n}", recipient=f"leser{n}@amt-musterstadt.de")
        ),
        "per-process cache (locmem), as before": median_microseconds(
            counted_in(LocMemCache("bench-limits", {"OPTIONS": {"MAX_ENTRIES": 100_000}}))
        ),
    }
    folder = tempfile.mkdtemp(prefix="bench-limits-redis-")
    redis = None
    if os.path.exists(REDIS_SERVER):
        port = free_port()
        redis = start_redis(port, folder)
        rows["Redis, as before"] = median_microseconds(
            counted_in(DegradingRedisCache(f"redis://127.0.0.1:{port}/0", {"KEY_PREFIX": "bench"}))
        )
    try:
        rows["whole post to Link mailen (database counts)"] = median_microseconds(post)
    finally:
        if redis is not None:
            redis.terminate()
            redis.wait()
        shutil.rmtree(folder, ignore_errors=True)
    print(f"Link mailen's limits, median of {ROUNDS} mails:")
    for name, microseconds in rows.items():
        print(f"  {name:48} {microseconds:8.0f} µs")


if __name__ == "__main__":
    main()
