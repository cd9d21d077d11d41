"""What the security middleware costs per request: the home page and an article page through the full stack,
and again without the CSP, Permissions-Policy and django-axes middleware (in-memory SQLite, demo content).

    make bench    (or: DEBUG=true PYTHONPATH=. .venv/bin/python bench/security_middleware.py)
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

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from articles.models import Article  # noqa: E402

SECURITY_MIDDLEWARE = {
    "core.security.AdminCSPMiddleware",
    "core.security.PermissionsPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
}
ROUNDS = 300


def timed_get(client: Client, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, url
    return elapsed * 1000


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    with contextlib.redirect_stdout(io.StringIO()):
        call_command("seed_demo")
    urls = ["/", Article.objects.published().first().get_absolute_url()]
    full = Client()
    with override_settings(MIDDLEWARE=[m for m in settings.MIDDLEWARE if m not in SECURITY_MIDDLEWARE]):
        bare = Client()
        bare.get("/")  # builds its middleware chain now, while the override holds
    print(f"median of {ROUNDS} requests each, alternating, Django test client, in-memory SQLite, demo content")
    for url in urls:
        for _ in range(20):  # warm-up: templates, URL resolver, caches
            full.get(url), bare.get(url)
        with_security, without = [], []
        for _ in range(ROUNDS):
            with_security.append(timed_get(full, url))
            without.append(timed_get(bare, url))
        a, b = statistics.median(with_security), statistics.median(without)
        print(f"{url[:40]:40} with security middleware {a:6.2f} ms, without {b:6.2f} ms, difference {a - b:+.2f} ms")


if __name__ == "__main__":
    main()
