"""What the shared cache costs: home and article page through Django's test client with the per-process caches,
with every alias on a real Redis (CACHE_URL), and with Redis unreachable (connection refused, then the retry
pause of CACHE_RETRY_SECONDS). Demo content in a throwaway SQLite database; a throwaway redis-server on a free
port. Prints the median and p90 in milliseconds."""

import io
import logging
import os
import shutil
import socket
import statistics
import subprocess
import tempfile
import time

from _sandbox import throwaway_django

REDIS_SERVER = os.environ.get("REDIS_SERVER", "/usr/bin/redis-server")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "100"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_redis(port: int, folder: str) -> subprocess.Popen:
    command = [REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(port), "--dir", folder, "--save", ""]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    for _ in range(200):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.05)
    raise SystemExit("redis-server did not start")


def timings(client, url: str) -> tuple[float, float]:
    client.get(url)  # renditions, teasers and WeasyPrint-free warm-up
    samples = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.9)]


def main():
    if not os.path.exists(REDIS_SERVER):
        print(f"bench/cache_redis.py: {REDIS_SERVER} missing (`make test-deps` installs redis-server); skipped")
        return
    os.environ["DEBUG"] = "true"
    throwaway_django("bench-cache-redis-")
    import django.test.signals  # noqa: F401  (resets the cache handler when CACHES changes)
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client, override_settings

    from articles.models import Article
    from core.caching import redis_caches, reset_outage

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    # The outage warning is what the variants without Redis are about; the table is enough here.
    logging.getLogger("core.caching").setLevel(logging.ERROR)
    article_url = Article.objects.published().first().get_absolute_url()
    settings.ALLOWED_HOSTS = ["testserver"]

    folder = tempfile.mkdtemp(prefix="bench-redis-")
    port = free_port()
    redis = start_redis(port, folder)
    try:
        variants = {
            "per-process caches (locmem)": settings.CACHES,
            "Redis (CACHE_URL)": redis_caches(
                f"redis://127.0.0.1:{port}/0", settings.CACHES, key_prefix="bench", socket_timeout=0.5, retry_seconds=5
            ),
            "Redis unreachable, retry pause 5 s": redis_caches(
                f"redis://127.0.0.1:{free_port()}/0",
                settings.CACHES,
                key_prefix="b",
                socket_timeout=0.5,
                retry_seconds=5,
            ),
            "Redis unreachable, asked on every call": redis_caches(
                f"redis://127.0.0.1:{free_port()}/0",
                settings.CACHES,
                key_prefix="b",
                socket_timeout=0.5,
                retry_seconds=0,
            ),
        }
        print(f"{'caches':42} {'home median/p90 ms':>20} {'article median/p90 ms':>23}")
        for name, caches in variants.items():
            reset_outage()
            with override_settings(CACHES=caches):
                client = Client()
                home = timings(client, "/")
                article = timings(client, article_url)
            print(f"{name:42} {home[0]:>9.1f} / {home[1]:<8.1f} {article[0]:>11.1f} / {article[1]:<8.1f}")
    finally:
        redis.terminate()
        redis.wait()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
