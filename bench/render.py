"""What an uncached public page costs in one process: milliseconds and queries per page, no server, no network.

Seeds `seed_demo --articles N` (default 1,000, fixed seed) into a throwaway SQLite database and media folder and
renders home, article pages (in rotation over the ids) and the most-used keyword's page with the test client,
DEBUG off and the page cache off; teaser fragments stay cached, as in production. Each page is rendered once
unmeasured (renditions are made then), then `--rounds` times. Printed per page: the median wall-clock time, the
mean CPU time of this process (less sensitive to a loaded machine, but not immune: compare runs made one after
the other), the queries, and the Python function calls of one rendering (cProfile), a count that load does not
change. `--show-queries` prints the SQL of each group, `--profile GROUP` a cProfile of it.
    .venv/bin/python bench/render.py [--articles 1000] [--rounds 100]
"""

import argparse
import atexit
import cProfile
import io
import os
import pstats
import shutil
import statistics
import tempfile
import time
from contextlib import redirect_stdout

from _sandbox import throwaway_django

os.environ["DEBUG"] = "false"
os.environ["PAGE_CACHE_ENABLED"] = "false"
os.environ.setdefault("SECRET_KEY", "bench-render-" + "x" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
# Hashed static names, as in production: collected into a folder of its own.
os.environ["STATIC_ROOT"] = tempfile.mkdtemp(prefix="bench-render-static-")
atexit.register(shutil.rmtree, os.environ["STATIC_ROOT"], ignore_errors=True)
throwaway_django("bench-render-")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article, Keyword  # noqa: E402


def paths(articles: int) -> dict[str, list[str]]:
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    with redirect_stdout(io.StringIO()):
        call_command("seed_demo", articles=articles, seed=1)
    published = Article.objects.published().select_related("section").order_by("pk")
    ids = list(published.values_list("pk", flat=True))
    chosen = [ids[i * len(ids) // 10] for i in range(10)]
    keyword = Keyword.objects.annotate(n=Count("keyword_items")).order_by("-n", "name").first()
    return {
        "home": ["/"],
        "article": [article.get_absolute_url() for article in published.filter(pk__in=chosen)],
        "keyword": [keyword.get_absolute_url()],
    }


def measure(client: Client, urls: list[str], rounds: int) -> tuple[float, float]:
    for url in urls:
        assert client.get(url).status_code == 200, url
    seconds, cpu_seconds, queries = [], [], 0
    for _ in range(rounds):
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                started, cpu_started = time.perf_counter(), time.process_time()
                response = client.get(url)
                seconds.append(time.perf_counter() - started)
                cpu_seconds.append(time.process_time() - cpu_started)
            assert response.status_code == 200, url
            queries += len(captured)
    # Python function calls of one rendering of every path: a count that the machine's load does not change.
    profiler = cProfile.Profile()
    profiler.runcall(lambda: [client.get(url) for url in urls])
    calls = pstats.Stats(profiler).total_calls / len(urls)
    per_page = queries / (rounds * len(urls))
    return statistics.median(seconds) * 1000, statistics.mean(cpu_seconds) * 1000, per_page, calls


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=100, help="renderings of every path (default 100)")
    parser.add_argument("--show-queries", action="store_true", help="print the SQL of each group's first page")
    parser.add_argument("--profile", choices=["home", "article", "keyword"], help="cProfile that group instead")
    args = parser.parse_args()
    groups = paths(args.articles)
    if args.profile:
        client = Client()
        measure(client, groups[args.profile], 1)
        profiler = cProfile.Profile()
        profiler.runcall(measure, client, groups[args.profile], args.rounds)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        return
    if args.show_queries:
        for group, urls in groups.items():
            Client().get(urls[0])
            with CaptureQueriesContext(connection) as captured:
                Client().get(urls[0])
            print(f"--- {group} {urls[0]}")
            for query in captured:
                print(f"{query['time']}s {query['sql']}")
    client = Client()
    print(f"{args.articles} articles, {args.rounds} rounds, SQLite, DEBUG off, page cache off")
    print(f"{'page':<10} {'ms/page (median)':>17} {'CPU ms/page':>12} {'queries/page':>13} {'calls/page':>11}")
    for group, urls in groups.items():
        ms, cpu_ms, queries, calls = measure(client, urls, args.rounds)
        print(f"{group:<10} {ms:>17.2f} {cpu_ms:>12.2f} {queries:>13.1f} {calls:>11,.0f}")


if __name__ == "__main__":
    main()
