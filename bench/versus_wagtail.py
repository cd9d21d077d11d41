"""Newsroom against the Wagtail peer site, on one PostgreSQL server, served alike, measured in one run.

    scripts/with-postgres .venv/bin/python bench/versus_wagtail.py --peer /tmp/peer
    scripts/with-postgres .venv/bin/python bench/versus_wagtail.py --peer /tmp/peer --sizes 1000 --seconds 5

`--peer` is a writable copy of ../shared/peer/ whose requirements are installed in PEER/.venv (README "Vergleich
mit Wagtail"). Per size, two fresh databases on the server of DATABASE_URL: ours filled by `seed_demo --articles
N` (timed), the peer's by its `seed --articles N`; both then `VACUUM ANALYZE`d. Three gunicorn servers, each 2
sync workers, DEBUG off, persistent database connections: the peer without its section menu (`PEER_NAV=0`, its
faster variant), ours through `scripts/serve` with `PAGE_CACHE_ENABLED=false` ("uncached": every request
rendered) and ours as configured ("cached"). Path groups: home, 10 articles in rotation, a section's first and
last page, the most-used keyword, a static file (whitenoise). The servers of every size run at once; for each
round and group the sizes and, within a size, the three servers take turns (an unmeasured warm-up, then
`--seconds` under wrk at `--concurrency` connections), so that the machine's changing load falls on all alike and
a ratio between sizes compares cells measured seconds apart. Afterwards the workers' RSS, then again after `--growth-requests` more
requests to each of our servers. Errors: socket errors, timeouts and answers with status >= 300.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
GROUPS = ["home", "article", "section_first", "section_last", "keyword", "static"]
PAGE_GROUPS = GROUPS[:-1]
SIDES = ["peer", "uncached", "cached"]
OUR_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SITE_URL": "http://127.0.0.1",
    "SERVE_CHECK_FAIL_LEVEL": "ERROR",
    "DB_CONN_MAX_AGE": "600",  # persistent connections, as the peer
    "WEB_CONCURRENCY": "2",
    "GUNICORN_MAX_REQUESTS": "0",  # no worker replacement: the RSS measured is the workers' own
}

# Our path groups, printed by `manage.py shell` against our database; the peer's come from its `bench_paths`.
OUR_PATHS = """
import json
from django.conf import settings
from django.db.models import Count
from django.templatetags.static import static
from articles.models import Article, Keyword, KeywordedArticle, Section
ids = list(Article.objects.published().order_by("pk").values_list("pk", flat=True))
spread = [ids[i * len(ids) // 10] for i in range(10)]
articles = [a.get_absolute_url() for a in Article.objects.filter(pk__in=spread).select_related("section")]
section = Section.objects.filter(slug="politik").first() or Section.objects.order_by("pk").first()
count = Article.objects.published().filter(section=section).count()
last = max(1, -(-count // settings.NEWSROOM_PAGE_SIZE))
top = KeywordedArticle.objects.values("tag_id").annotate(uses=Count("pk")).order_by("-uses", "tag_id").first()
print(json.dumps({
    "home": ["/"],
    "article": articles,
    "section_first": [section.get_absolute_url()],
    "section_last": [f"{section.get_absolute_url()}?page={last}"],
    "keyword": [Keyword.objects.get(pk=top["tag_id"]).get_absolute_url()],
    "static": [static("css/site.css")],
}))
"""

WRK_SCRIPT = """
local paths = {%s}
local n = 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function request()
  n = n %% #paths + 1
  return wrk.format("GET", paths[n])
end
function response(status, headers, body) if status >= 300 then bad = bad + 1 end end
function done(summary, latency, requests)
  local b = 0
  for _, t in ipairs(threads) do b = b + t:get("bad") end
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %%d, "seconds": %%f, "errors": %%d, "p50": %%f, "p99": %%f}\\n',
    summary.requests, summary.duration / 1e6, b + e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1e3, latency:percentile(99) / 1e3))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(command, env, cwd=ROOT) -> str:
    result = subprocess.run(command, env={**os.environ, **env}, cwd=cwd, capture_output=True, text=True)
    if result.returncode:
        sys.exit(
            f"versus_wagtail: {' '.join(map(str, command))} failed:\n{result.stdout[-2000:]}{result.stderr[-3000:]}"
        )
    return result.stdout


def wrk(port: int, paths: list[str], seconds: float, concurrency: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % ", ".join(json.dumps(path) for path in paths))
    try:
        threads = min(concurrency, os.cpu_count() or 1)
        out = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{concurrency}",
                f"-d{seconds}s",
                "--timeout",
                "30s",
                "-s",
                script.name,
                f"http://127.0.0.1:{port}",
            ],
            capture_output=True,
            text=True,
        )
    finally:
        os.unlink(script.name)
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            result = json.loads(line[7:])
            result["rps"] = result["requests"] / result["seconds"]
            return result
    sys.exit(f"versus_wagtail: wrk failed: {out.stderr or out.stdout}")


class Server:
    """A gunicorn master in its own process group (so that stopping it stops its workers)."""

    def __init__(self, name, command, env, cwd):
        self.name, self.port = name, free_port()
        # The log stays open while the server runs: read when it fails to start.
        self.log = tempfile.TemporaryFile("w+")  # noqa: SIM115
        env = {**os.environ, **env, "PORT": str(self.port)}
        command = [part.replace("{port}", str(self.port)) for part in command]
        self.process = subprocess.Popen(
            command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=self.log, start_new_session=True
        )
        for _ in range(300):
            if self.process.poll() is not None:
                self.log.seek(0)
                sys.exit(f"versus_wagtail: {name} did not start:\n{self.log.read()[-3000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        sys.exit(f"versus_wagtail: {name} did not answer within 60 s")

    def worker_rss_mib(self) -> list[float]:
        out = subprocess.run(["ps", "-o", "rss=", "--ppid", str(self.process.pid)], capture_output=True, text=True)
        return sorted(int(line) / 1024 for line in out.stdout.split())

    def stop(self):
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGKILL)


def database_url(base: str, name: str) -> str:
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{name}"))


def recreate_database(base: str, name: str) -> str:
    with psycopg.connect(base, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return database_url(base, name)


def vacuum(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def prepare(size: int, base_url: str, peer: Path) -> tuple[dict, dict, dict]:
    """Both databases of one size, seeded; returns the environments and the seeding times."""
    ours = {**OUR_ENV, "DATABASE_URL": recreate_database(base_url, f"ours_{size}")}
    peers = {"DATABASE_URL": recreate_database(base_url, f"peer_{size}"), "DEBUG": "0", "PEER_NAV": "0"}
    python = str(ROOT / ".venv/bin/python")
    run([python, "manage.py", "migrate", "--noinput", "-v0"], ours)
    started = time.monotonic()
    run([python, "manage.py", "seed_demo", "--articles", str(size), "--seed", str(size)], ours)
    times = {"ours": time.monotonic() - started}
    peer_python, site = str(peer / ".venv/bin/python"), peer / "wagtail"
    run([peer_python, "manage.py", "migrate", "--noinput", "-v0"], peers, cwd=site)
    run([peer_python, "manage.py", "collectstatic", "--noinput", "-v0"], peers, cwd=site)
    started = time.monotonic()
    run([peer_python, "manage.py", "seed", "--articles", str(size)], peers, cwd=site)
    times["peer"] = time.monotonic() - started
    vacuum(ours["DATABASE_URL"])
    vacuum(peers["DATABASE_URL"])
    return ours, peers, times


def prepare_size(size: int, base_url: str, peer: Path) -> dict:
    """One size: both databases seeded, the path groups of each side and the seeding times."""
    print(f"\n## {size:,} Beiträge".replace(",", "."), flush=True)
    ours, peers, seed_times = prepare(size, base_url, peer)
    print(f"seed: ours {seed_times['ours']:.1f} s, peer {seed_times['peer']:.1f} s", flush=True)
    python = str(ROOT / ".venv/bin/python")
    paths = {"cached": json.loads(run([python, "manage.py", "shell", "-c", OUR_PATHS], ours).strip().splitlines()[-1])}
    paths["uncached"] = paths["cached"]
    peer_lines = run([str(peer / ".venv/bin/python"), "manage.py", "bench_paths"], peers, cwd=peer / "wagtail")
    peer_paths = dict(line.split("=", 1) for line in peer_lines.split())
    paths["peer"] = {group: peer_paths["tag" if group == "keyword" else group].split(",") for group in GROUPS}
    for side in SIDES:
        print(f"{side}: " + " ".join(f"{g}={','.join(p)[:80]}" for g, p in paths[side].items()), flush=True)
    return {"ours": ours, "peers": peers, "paths": paths, "seed": seed_times}


def start_servers(prepared: dict, peer: Path) -> dict:
    serve = [str(ROOT / "scripts/serve")]
    peer_command = [str(peer / ".venv/bin/gunicorn"), "peersite.wsgi:application", "--bind", "127.0.0.1:{port}"]
    peer_command += ["--workers", "2", "--worker-class", "sync"]
    ours = prepared["ours"]
    servers = {
        "peer": Server("peer", peer_command, prepared["peers"], peer / "wagtail"),
        "uncached": Server("uncached", serve, {**ours, "PAGE_CACHE_ENABLED": "false"}, ROOT),
        "cached": Server("cached", serve, ours, ROOT),
    }
    for side, server in servers.items():  # first requests load code and templates: not measured
        for path in [path for group in GROUPS for path in prepared["paths"][side][group]]:
            urllib.request.urlopen(f"http://127.0.0.1:{server.port}{path}", timeout=60).read()
    return servers


def measure(sizes: list[int], base_url: str, peer: Path, args) -> dict:
    """Every size's servers run at once, and for each round and group the sizes and sides take turns, so that a
    load on the machine that comes and goes falls on both sizes of a ratio alike."""
    prepared = {size: prepare_size(size, base_url, peer) for size in sizes}
    servers, results = {}, {size: {} for size in sizes}
    try:
        for size in sizes:
            servers[size] = start_servers(prepared[size], peer)
        for round_number in range(1, args.rounds + 1):
            for group in GROUPS:
                for size in sizes:
                    for side in SIDES:
                        port, paths = servers[size][side].port, prepared[size]["paths"][side][group]
                        if args.warmup:
                            wrk(port, paths, args.warmup, args.concurrency)
                        result = wrk(port, paths, args.seconds, args.concurrency)
                        results[size][(side, group, round_number)] = result
                        print(
                            f"  round {round_number} {group:<14} {size:>7} {side:<9} {result['rps']:8.1f} req/s  "
                            f"p50 {result['p50']:7.1f} ms  p99 {result['p99']:7.1f} ms  errors {result['errors']}",
                            flush=True,
                        )
        for size in sizes:
            rss = {side: server.worker_rss_mib() for side, server in servers[size].items()}
            growth = {}
            every_page = [path for group in PAGE_GROUPS for path in prepared[size]["paths"]["cached"][group]]
            for side in ("uncached", "cached"):
                done, deadline = 0, time.monotonic() + args.growth_seconds
                while done < args.growth_requests and time.monotonic() < deadline:
                    result = wrk(servers[size][side].port, every_page, 2, args.concurrency)
                    done += result["requests"]
                    results[size][(side, "growth", done)] = result
                growth[side] = (done, servers[size][side].worker_rss_mib())
            report(size, results[size], rss, growth, prepared[size]["seed"], args)
    finally:
        for by_side in servers.values():
            for server in by_side.values():
                server.stop()
    return results


def ratio_cell(values: list[float], bases: list[float]) -> str:
    return cell([value / base if base else float("inf") for value, base in zip(values, bases, strict=True)], 2)


def cell(values: list[float], digits: int = 0) -> str:
    return " / ".join(f"{value:.{digits}f}" for value in values)


def report(size, results, rss, growth, seed_times, args):
    rounds = range(1, args.rounds + 1)
    print(f"\n### {size} Beiträge: req/s, p50 and p99 in ms (round " + " / ".join(map(str, rounds)) + ")\n")
    print("| group | side | req/s | p50 ms | p99 ms | errors | ratio |")
    print("|---|---|---:|---:|---:|---:|---|")
    static = [results[("cached", "static", r)]["rps"] for r in rounds]
    for group in GROUPS:
        for side in SIDES:
            rows = [results[(side, group, r)] for r in rounds]
            rps = [row["rps"] for row in rows]
            ratio = ""
            if side == "uncached" and group != "static":
                peer = [results[("peer", group, r)]["rps"] for r in rounds]
                ratio = f"uncached ÷ peer {ratio_cell(rps, peer)}"
            elif side == "cached" and group != "static":
                ratio = f"cached ÷ static {ratio_cell(rps, static)}"
            print(
                f"| {group} | {side} | {cell(rps)} | {cell([row['p50'] for row in rows], 1)} | "
                f"{cell([row['p99'] for row in rows], 1)} | {sum(row['errors'] for row in rows)} | {ratio} |"
            )
    errors = sum(result["errors"] for result in results.values())
    print(f"\nerrors in all measurements (growth phase included): {errors}")
    for side, values in rss.items():
        line = f"worker RSS {side}: after the rounds {cell(values, 1)} MiB"
        if side in growth:
            done, after = growth[side]
            line += f", after {done:,} more requests {cell(after, 1)} MiB"
        print(line)
    print(f"seed_demo --articles {size}: {seed_times['ours']:.1f} s (peer's seed: {seed_times['peer']:.1f} s)")
    record = {
        "size": size,
        "results": [dict(side=s, group=g, round=r, **v) for (s, g, r), v in results.items()],
        "rss": rss,
        "growth": growth,
        "seed": seed_times,
    }
    if args.json:
        with open(args.json, "a") as out:
            out.write(json.dumps(record) + "\n")


def p50_ratios(all_results: dict, args) -> None:
    """Per round the larger size's p50 ÷ the smaller's, measured minutes apart at most; then the ratio of the
    medians of the rounds' p50."""
    small, large = min(all_results), max(all_results)
    rounds = range(1, args.rounds + 1)
    print(f"\n### p50 at {large} ÷ p50 at {small}: per round (" + " / ".join(map(str, rounds)) + "); of the medians\n")
    print("| group | " + " | ".join(SIDES) + " |")
    print("|---|" + "---:|" * len(SIDES))
    for group in PAGE_GROUPS:
        row = []
        for side in SIDES:
            p50 = {size: [all_results[size][(side, group, r)]["p50"] for r in rounds] for size in (small, large)}
            per_round = ratio_cell(p50[large], p50[small])
            medians = statistics.median(p50[large]) / statistics.median(p50[small])
            row.append(f"{per_round}; {medians:.2f}")
        print(f"| {group} | " + " | ".join(row) + " |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--peer", type=Path, help="writable copy of ../shared/peer with its .venv")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100000])
    parser.add_argument("--seconds", type=int, default=20, help="measured seconds per group and side (20)")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured seconds before each measurement (2)")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--growth-requests", type=int, default=10000, help="requests after the rounds (10000)")
    parser.add_argument("--growth-seconds", type=int, default=300, help="at most this long per server (300)")
    parser.add_argument("--json", help="append one JSON record per size to this file")
    args = parser.parse_args()
    if args.peer is None:
        print("versus_wagtail: skipped, needs --peer and PostgreSQL (see its docstring)")
        return
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        sys.exit("versus_wagtail: run under scripts/with-postgres (DATABASE_URL must name a PostgreSQL server)")
    if not shutil.which("wrk"):
        sys.exit("versus_wagtail: wrk is missing (Debian: apt-get install wrk)")
    peer = args.peer.resolve()
    if not (peer / ".venv/bin/gunicorn").exists() or not (peer / "wagtail/manage.py").exists():
        sys.exit(f"versus_wagtail: {peer} is not a copy of the peer with its requirements in .venv")
    static_env = {"DEBUG": "false", "SECRET_KEY": "collectstatic", "DATABASE_URL": ""}
    run([str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput", "-v0"], static_env)
    all_results = measure(args.sizes, base_url, peer, args)
    if len(all_results) > 1:
        p50_ratios(all_results, args)


if __name__ == "__main__":
    main()
