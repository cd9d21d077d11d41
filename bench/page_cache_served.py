"""Cached pages against a static file, served as `make serve` ships it: `scripts/serve` (gunicorn, 2 sync workers,
DEBUG off, the settings' own default for database connections: kept) on a database seeded by `seed_demo`, wrk
taking turns on the home page, an
article (both from the page cache) and `site.css` (whitenoise), in short alternating runs, so that the changing
load of a shared machine falls on all three alike. Prints req/s per run and the ratio cached ÷ static of each
round (the target: at least 0.7, docs/seiten-cache.md). On a busy machine req/s says more about the scheduler than
about the server, so each run also prints the CPU time the workers spent per request (from /proc): its inverse
ratio, static CPU ÷ cached CPU, is the req/s ratio a quiet machine would show.

    PYTHONPATH=. .venv/bin/python bench/page_cache_served.py [--rounds 5] [--seconds 5]
    scripts/with-postgres .venv/bin/python bench/page_cache_served.py          # on PostgreSQL
    CACHE_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/page_cache_served.py   # pages in Redis
    .venv/bin/python bench/page_cache_served.py --db-conn-max-age 0            # a new connection per request

With `--site DIR` it serves another checkout of Newsroom (e.g. `git archive COMMIT | tar -x -C DIR`) with this
one's virtualenv, for numbers before and after a change in the same conditions.
"""

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from versus_wagtail import Server, recreate_database, wrk

ROOT = Path(__file__).resolve().parent.parent
GROUPS = ["static", "home", "article"]
PATHS = """
import json
from django.templatetags.static import static
from articles.models import Article
print(json.dumps({"static": static("css/site.css"), "home": "/",
                  "article": Article.objects.published().order_by("pk").first().get_absolute_url()}))
"""


def worker_cpu_seconds(server: Server) -> float:
    """User and system CPU time of the server's workers so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(server.process.pid)], capture_output=True, text=True)
    total = 0
    for pid in out.stdout.split():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def manage(site: Path, env: dict, *args) -> str:
    result = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", *args],
        cwd=site,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.exit(f"page_cache_served: manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=5, help="measured seconds per run (5)")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured seconds before each run (1)")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--site", type=Path, default=ROOT, help="the checkout to serve (default: this one)")
    parser.add_argument(
        "--db-conn-max-age", help="DB_CONN_MAX_AGE for the workers (default: unset, as make serve leaves it)"
    )
    args = parser.parse_args()
    # As shipped unless asked otherwise: whatever this shell says about kept connections does not count.
    os.environ.pop("DB_CONN_MAX_AGE", None)
    if not shutil.which("wrk"):
        print("page_cache_served: skipped, wrk is missing (Debian: apt-get install wrk)")
        return
    site = args.site.resolve()
    folder = Path(tempfile.mkdtemp(prefix="page-cache-served-"))
    env = {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "http://127.0.0.1",
        "SERVE_CHECK_FAIL_LEVEL": "ERROR",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_MAX_REQUESTS": "0",
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
        "PYTHON": str(ROOT / ".venv/bin/python"),
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "PYTHONPATH": str(site),
    }
    if args.db_conn_max_age is not None:
        env["DB_CONN_MAX_AGE"] = args.db_conn_max_age
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith("postgres"):
        env["DATABASE_URL"] = recreate_database(base, "page_cache_served")
    else:
        env["DATABASE_URL"] = f"sqlite:///{folder / 'db.sqlite3'}"
    server = None
    try:
        manage(site, env, "migrate", "--noinput", "-v0")
        manage(site, env, "seed_demo")
        manage(site, env, "collectstatic", "--noinput", "-v0")
        paths = json.loads(manage(site, env, "shell", "-c", PATHS).strip().splitlines()[-1])
        server = Server("newsroom", [str(site / "scripts/serve")], env, site)
        for path in paths.values():  # the first request renders and stores
            for _ in range(2):
                urllib.request.urlopen(f"http://127.0.0.1:{server.port}{path}", timeout=60).read()
        cache = "Redis" if os.environ.get("CACHE_URL") else "locmem"
        database = "PostgreSQL" if base.startswith("postgres") else "SQLite"
        kept = f"DB_CONN_MAX_AGE={args.db_conn_max_age}" if args.db_conn_max_age is not None else "as shipped"
        print(
            f"{site}: {database} ({kept}), page cache in {cache}, {args.concurrency} connections, "
            f"{args.seconds} s per run"
        )
        ratios = {(group, kind): [] for group in ("home", "article") for kind in ("req/s", "CPU")}
        for round_number in range(1, args.rounds + 1):
            rps, cpu = {}, {}
            for group in GROUPS:
                if args.warmup:
                    wrk(server.port, [paths[group]], args.warmup, args.concurrency)
                before = worker_cpu_seconds(server)
                result = wrk(server.port, [paths[group]], args.seconds, args.concurrency)
                if result["errors"]:
                    sys.exit(f"page_cache_served: {result['errors']} errors on {paths[group]}")
                rps[group] = result["rps"]
                cpu[group] = (worker_cpu_seconds(server) - before) / result["requests"] * 1e6
            line = [f"round {round_number}:"]
            for group in GROUPS:
                line.append(f"{group} {rps[group]:6.0f} req/s {cpu[group]:5.0f} µs CPU")
            for group in ("home", "article"):
                ratios[(group, "req/s")].append(rps[group] / rps["static"])
                ratios[(group, "CPU")].append(cpu["static"] / cpu[group])
                line.append(f"{group} ÷ static {rps[group] / rps['static']:.2f} (CPU {cpu['static'] / cpu[group]:.2f})")
            print("  ".join(line), flush=True)
        for (group, kind), values in ratios.items():
            print(
                f"{group} ÷ static by {kind}: median {statistics.median(values):.2f}, "
                f"range {min(values):.2f}–{max(values):.2f} over {len(values)} rounds"
            )
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
