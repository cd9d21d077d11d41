"""Response times of archive and search at 1,000 and 100,000 articles, on the configured database.

    DEBUG=true .venv/bin/python bench/search.py                          # SQLite (a temporary file)
    DEBUG=true scripts/with-postgres .venv/bin/python bench/search.py    # PostgreSQL 15
    DEBUG=true .venv/bin/python bench/search.py --sizes 1000 10000       # other sizes

Works in a throwaway test database (never the configured one), fills it with `seed_demo --articles`, then
requests each URL through Django's test client: two warm-up requests, then the median and the fastest of `--runs`
(on a shared machine the fastest shows the cost of the request itself, the median includes other load).
The target: at 100,000 articles at most 1.5 times the time at 1,000.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

URLS = {
    "Archiv, Seite 1": "/archiv/",
    "Archiv, Seite 10": "/archiv/?page=10",
    "Archiv, Bereich + Jahr": "/archiv/?bereich=politik&von=2025-01-01&bis=2025-12-31",
    "Archiv, zwei Stichwörter": "/archiv/?stichwort=cloud&stichwort=datenschutz",
    "Suche, häufiges Wort": "/archiv/?q=Digitalisierung",
    "Suche, seltenes Wort": "/archiv/?q=Kranichfeld",
    "Suche + Bereich": "/archiv/?q=Bürgerportal&bereich=praxis",
    "Suche, zwei Wörter": "/archiv/?q=digitale+Bauanträge",
}


def timed(client: Client, url: str, runs: int) -> tuple[float, float]:
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000, min(samples) * 1000


def grow_to(size: int, current: int) -> None:
    started = time.perf_counter()
    call_command("seed_demo", articles=size - current, seed=size, batch_size=2000, stdout=StringIO())
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"  {size:>7,} Beiträge angelegt in {time.perf_counter() - started:.0f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    settings.DEBUG = False
    setup_test_environment()
    if connection.vendor == "sqlite":
        # A file, as in production, not the in-memory database tests use.
        folder = tempfile.mkdtemp(prefix="newsroom-bench-")
        connection.settings_dict["TEST"]["NAME"] = os.path.join(folder, "bench.sqlite3")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])
        print(f"Datenbank: {connection.vendor}, Median / schnellster aus {args.runs} Abrufen, ms", flush=True)
        results, current = {}, 0
        for size in sorted(args.sizes):
            grow_to(size, current)
            current = size
            results[size] = {name: timed(client, url, args.runs) for name, url in URLS.items()}
        sizes = sorted(results)
        header = "".join(f"{size:>16,}" for size in sizes)
        print(f"\n{'Abfrage':<28}{header}{'Faktor':>16}")
        for name in URLS:
            times = [results[size][name] for size in sizes]
            cells = "".join(f"{median:>9.1f} /{fastest:>5.1f}" for median, fastest in times)
            factors = f"{times[-1][0] / times[0][0]:>9.2f} /{times[-1][1] / times[0][1]:>5.2f}"
            print(f"{name:<28}{cells}{factors}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
