"""Never stale across workers: two gunicorn workers answer a page from the page cache (hits first in MIDDLEWARE,
pagecache/), a write from a third process commits, and the very next request on each worker shows it, with the
pages in Redis and with each worker's own cache. The workers are told apart as in tests/site/test_cache_workers.py."""

import subprocess
import sys
import urllib.request

import pytest

from tests.site.test_cache_workers import BASE_DIR, running_site
from tests.site.test_cache_workers import site as site  # the fixture, for pytest

RENAME = """
from articles.models import Article
Article.objects.filter(pk=Article.objects.get().pk).update(headline={headline!r})
"""


def rename(environ: dict, headline: str) -> None:
    """Change the article's headline from a process of its own, as an editor's save on another machine does."""
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", RENAME.format(headline=headline)],
        env=environ,
        cwd=BASE_DIR,
        check=True,
        capture_output=True,
    )


def get(served, path: str) -> tuple[str, str, str]:
    """Body, X-Page-Cache and the worker's pid."""
    lines_before = served.log_lines()
    with urllib.request.urlopen(served.url + path, timeout=20) as response:
        body, outcome = response.read().decode(), response.headers.get("X-Page-Cache")
    return body, outcome, served.worker_of(lines_before)


@pytest.mark.parametrize("shared", [True, False], ids=["redis", "per-worker-cache"])
def test_a_write_in_another_process_shows_on_the_next_request_of_every_worker(site, redis_cache, shared):
    environ, article_url, _folder = site
    environ = {**environ, "CACHE_URL": redis_cache.url if shared else ""}
    headline = f"Neue Überschrift aus einem dritten Prozess ({'Redis' if shared else 'je Worker'})"
    with running_site(environ, site[2]) as served:
        workers, first = [], None
        for _ in range(2):
            with served.on_worker_other_than(first) as worker:
                outcomes = [get(served, article_url) for _ in range(2)]
                assert all(pid == worker for _body, _outcome, pid in outcomes)
                assert outcomes[-1][1] == "hit"
            workers.append(worker)
            first = worker
        assert len(set(workers)) == 2

        rename(environ, headline)

        # The first worker renders the page anew; the second renders it too, or with Redis finds what the first
        # stored under the new generation.
        first, expected = None, ["miss", "hit" if shared else "miss"]
        for outcome_expected in expected:
            with served.on_worker_other_than(first) as worker:
                body, outcome, pid = get(served, article_url)
                assert (pid, outcome) == (worker, outcome_expected)
                assert headline in body
                first = worker
