"""How the pages of the versus-Wagtail run grow with the archive: per page the median time (Django test client, page
cache off), the number of queries and the slowest query, for each database given, then the ratio of the last to
the first. Point it at databases seeded with `seed_demo --articles N` (N = 1,000 and 100,000, say):

    DEBUG=true .venv/bin/python bench/list_growth.py postgres://…/nr1k postgres://…/nr100k [--rounds 30] [--passes 3]

The databases take turns: `--passes` times each one measures every page `--rounds` times, so that a load on the
shared machine that comes and goes falls on all sizes alike; the median is over all passes. Each page is also timed
as a page cache hit. `--explain` prints EXPLAIN ANALYZE of every query slower than 2 ms at the largest size. The
pages are those of `bench/versus_wagtail.py`: home, an article, the Politik section's first and last page, the
most-used keyword's page, and the archive's first page without filters.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def measure(rounds: int, explain: bool) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ["PAGE_CACHE_ENABLED"] = "false"
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from articles.models import Article, Keyword, KeywordedArticle, Section

    setup_test_environment()
    section = Section.objects.filter(slug="politik").first() or Section.objects.order_by("pk").first()
    count = Article.objects.published().filter(section=section).count()
    last = max(1, -(-count // settings.NEWSROOM_PAGE_SIZE))
    top = KeywordedArticle.objects.values("tag_id").annotate(uses=Count("pk")).order_by("-uses", "tag_id").first()
    article = Article.objects.published().order_by("pk")[Article.objects.published().count() // 2]
    pages = {
        "home": "/",
        "article": article.get_absolute_url(),
        "section first": section.get_absolute_url(),
        "section last": f"{section.get_absolute_url()}?page={last}",
        "keyword": Keyword.objects.get(pk=top["tag_id"]).get_absolute_url(),
        "archive": "/archiv/",
    }
    client = Client()
    results = {"articles": Article.objects.count(), "pages": {}}
    for name, url in pages.items():
        for _ in range(3):  # warm-up: templates, teaser fragments, renditions
            assert client.get(url).status_code == 200, url
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        connection.queries_log.clear()  # CaptureQueriesContext sees nothing once the log is full (9,000)
        with CaptureQueriesContext(connection) as capture:
            client.get(url)
        queries = capture.captured_queries
        with override_settings(PAGE_CACHE_ENABLED=True):
            client.get(url)
            hits = []
            for _ in range(rounds):
                start = time.perf_counter()
                assert client.get(url)["X-Page-Cache"] == "hit", url
                hits.append((time.perf_counter() - start) * 1000)
        slowest = max(queries, key=lambda q: float(q["time"]))
        results["pages"][name] = {
            "url": url,
            "times": times,
            "hits": hits,
            "queries": len(queries),
            "slowest_ms": float(slowest["time"]) * 1000,
            "slowest": slowest["sql"][:160],
        }
        if explain and connection.vendor == "postgresql":
            for query in queries:
                if float(query["time"]) * 1000 >= 2 and query["sql"].startswith("SELECT"):
                    with connection.cursor() as cursor:
                        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                        plan = "\n".join(row[0] for row in cursor.fetchall())
                    print(
                        f"--- {name}: {float(query['time']) * 1000:.1f} ms\n{query['sql']}\n{plan}\n", file=sys.stderr
                    )
    return results


def merged(run: dict | None, new: dict) -> dict:
    """One pass's timings added to the earlier passes' of the same database."""
    if run is None:
        return new
    for name, cell in new["pages"].items():
        run["pages"][name]["times"] += cell["times"]
        run["pages"][name]["hits"] += cell["hits"]
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("databases", nargs="+", help="DATABASE_URLs, smallest archive first")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--passes", type=int, default=3, help="turns of each database")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.rounds, args.explain)))
        return
    runs = [None] * len(args.databases)
    for number in range(args.passes):
        for index, url in enumerate(args.databases):
            command = [sys.executable, __file__, url, "--one", "--rounds", str(args.rounds)]
            if args.explain and number == 0 and index == len(args.databases) - 1:
                command.append("--explain")
            output = subprocess.run(
                command, env={**os.environ, "DATABASE_URL": url}, check=True, capture_output=True, text=True
            )
            sys.stderr.write(output.stderr)
            runs[index] = merged(runs[index], json.loads(output.stdout))
    for run in runs:
        for cell in run["pages"].values():
            cell["ms"], cell["cached_ms"] = statistics.median(cell["times"]), statistics.median(cell["hits"])
    print(f"median of {args.passes} × {args.rounds} requests, databases in turns, Django test client;")
    print("uncached (page cache off): ms, queries, slowest query ms; cached: ms of a page cache hit")
    header = "".join(f"{run['articles']:>34,}" for run in runs)
    print(f"{'page':<14}{header}{'uncached ratio':>16}{'cached ratio':>14}")
    for name in runs[0]["pages"]:
        cells = [run["pages"][name] for run in runs]
        row = "".join(
            f"{c['ms']:>10.1f} ms {c['queries']:>2} q {c['slowest_ms']:>5.1f} {c['cached_ms']:>6.2f} ms" for c in cells
        )
        uncached = cells[-1]["ms"] / cells[0]["ms"]
        cached = cells[-1]["cached_ms"] / cells[0]["cached_ms"]
        print(f"{name:<14}{row}{uncached:>16.2f}{cached:>14.2f}")
    for name, cell in runs[-1]["pages"].items():
        print(f"slowest at {runs[-1]['articles']:,}, {name}: {cell['slowest']}")


if __name__ == "__main__":
    main()
