"""Response times of archive and search at 1,000 and 100,000 articles, on the configured database.

    DEBUG=true .venv/bin/python bench/search.py                          # SQLite (a temporary file)
    DEBUG=true scripts/with-postgres .venv/bin/python bench/search.py    # PostgreSQL 15
    DEBUG=true .venv/bin/python bench/search.py --sizes 1000 10000       # other sizes

Works in throwaway test databases, one per size (never the configured one), filled by `seed_demo --articles`;
requests each URL through Django's test client, with templates rendered as in production (no test
instrumentation). The sizes take turns in `--rounds` rounds (a warm-up pass, then each URL twice), so that the
machine's changing load falls on both alike; printed are the median and the fastest (on a shared machine the
fastest shows the cost of the request itself, the median includes other load). The found count is printed beside
each time, since a page of 20 results costs more to render than a page of 3. The target: at 100,000 articles at
most 1.5 times the time at 1,000.
"""

import argparse
import os
import re
import shutil
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

URLS = {
    "Archiv, Seite 1": "/archiv/",
    "Archiv, Seite 10": "/archiv/?page=10",
    "Archiv, Bereich + Jahr": "/archiv/?bereich=politik&von=2025-01-01&bis=2025-12-31",
    "Archiv, zwei Stichwörter": "/archiv/?stichwort=cloud&stichwort=datenschutz",
    "Suche, häufiges Wort": "/archiv/?q=digitale",
    "Suche, Wortform": "/archiv/?q=Digitalisierung",
    "Suche, seltenes Wort": "/archiv/?q=Kranichfeld",
    "Suche + Bereich": "/archiv/?q=Bürgerportal&bereich=praxis",
    "Suche, zwei Wörter": "/archiv/?q=digitale+Bauanträge",
}


def found(html: str) -> str:
    """The result count as the page says it ("Mehr als 200 Beiträge" → ">200")."""
    text = re.search(r'class="result-count"[^>]*>([^<]+)<', html).group(1)
    number = re.search(r"[\d.]+", text).group().replace(".", "")
    return f">{number}" if text.startswith("Mehr") else number


def measure(client: Client) -> dict[str, tuple[list[float], str]]:
    """One round on the database in use: a warm-up pass over all URLs, then each URL timed twice."""
    for url in URLS.values():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    results = {}
    for name, url in URLS.items():
        samples = []
        for _ in range(2):
            started = time.perf_counter()
            response = client.get(url)
            samples.append(time.perf_counter() - started)
        results[name] = (samples, found(response.content.decode()))
    return results


def seed(size: int) -> None:
    started = time.perf_counter()
    call_command("seed_demo", articles=size, seed=size, batch_size=2000, stdout=StringIO())
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"  {size:>7,} Beiträge angelegt in {time.perf_counter() - started:.0f} s", flush=True)


def use(database: str) -> None:
    connection.close()
    connection.settings_dict["NAME"] = database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    sizes = sorted(args.sizes)

    settings.DEBUG = False
    original = connection.settings_dict["NAME"]
    folder = tempfile.mkdtemp(prefix="newsroom-bench-")
    databases = {}
    try:
        for size in sizes:
            # SQLite: a file, as in production, not the in-memory database tests use.
            connection.settings_dict["TEST"]["NAME"] = (
                os.path.join(folder, f"bench-{size}.sqlite3") if connection.vendor == "sqlite" else f"bench_{size}"
            )
            databases[size] = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
            seed(size)
        client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])
        samples = {size: {name: [] for name in URLS} for size in sizes}
        counts = {}
        # The sizes take turns, round by round, so that a change in the machine's load hits both alike.
        for _ in range(args.rounds):
            for size in sizes:
                use(databases[size])
                for name, (times, count) in measure(client).items():
                    samples[size][name].extend(times)
                    counts[size, name] = count
        print(f"\nDatenbank: {connection.vendor}; Median / schnellster aus {2 * args.rounds} Abrufen in ms (Treffer)")
        header = "".join(f"{size:>23,}" for size in sizes)
        print(f"{'Abfrage':<28}{header}{'Faktor':>16}")
        for name in URLS:
            times = [(statistics.median(samples[size][name]) * 1000, min(samples[size][name]) * 1000) for size in sizes]
            cells = "".join(
                f"{median:>9.1f} /{fastest:>5.1f} ({counts[size, name]:>5})"
                for size, (median, fastest) in zip(sizes, times, strict=True)
            )
            factors = f"{times[-1][0] / times[0][0]:>9.2f} /{times[-1][1] / times[0][1]:>5.2f}"
            print(f"{name:<28}{cells}{factors}")
    finally:
        for database in databases.values():
            use(database)
            connection.creation.destroy_test_db(original, verbosity=0)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
