"""A content generation never repeats: not after a database copy is put back, a restore, a switch to another
database or a failover (docs/seiten-cache.md, "Nie veraltet"). The caches may outlive the database they were
filled from (Redis on another machine, each worker's own cache), so whatever they hold under a generation of before
must never be asked for again."""

import shutil
import subprocess
import sys
import urllib.request

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


def read(served, path: str) -> str:
    with urllib.request.urlopen(served.url + path, timeout=20) as response:
        return response.read().decode()


def test_a_database_copy_put_back_and_changed_again_never_brings_back_a_page_of_before(site, redis_cache):
    environ, article_url, folder = site
    environ = {**environ, "CACHE_URL": redis_cache.url}
    database, copy = folder / "db.sqlite3", folder / "copy.sqlite3"
    with running_site(environ, folder) as served:
        read(served, article_url)
        shutil.copyfile(database, copy)
        rename(environ, "Erste Fassung nach der Kopie")
        assert "Erste Fassung nach der Kopie" in read(served, article_url)

        shutil.copyfile(copy, database)  # the copy put back: its generation is the one of before
        rename(environ, "Zweite Fassung nach dem Zurückspielen")

        page = read(served, article_url)
        assert "Erste Fassung nach der Kopie" not in page
        assert "Zweite Fassung nach dem Zurückspielen" in page
