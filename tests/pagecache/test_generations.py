"""A content generation never repeats: not after a database copy is put back, a restore, a switch to another
database or a failover (docs/seiten-cache.md, "Nie veraltet"). The caches may outlive the database they were
filled from (Redis on another machine, each worker's own cache), so whatever they hold under a generation of before
must never be asked for again."""

import shutil
import urllib.request
from contextlib import contextmanager
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from articles.models import Article
from pagecache import changes
from tests.factories import ArticleFactory
from tests.pagecache.test_page_cache_workers import rename
from tests.site.test_cache_workers import running_site
from tests.site.test_cache_workers import site as site  # the fixture, for pytest


def read(served, path: str) -> str:
    with urllib.request.urlopen(served.url + path, timeout=20) as response:
        return response.read().decode()


def test_a_database_copy_put_back_and_changed_again_never_brings_back_a_page_of_before(site, small_redis):
    environ, article_url, folder = site
    environ = {**environ, "CACHE_URL": small_redis.url}
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


# --- the class: whatever brings a database back, the caches never meet a generation of before ------------------


@contextmanager
def behind_djangos_back():
    """Writes as a copy, a restore tool or a replica makes them: outside the site, so nothing raises the generation."""
    changes._paused = True
    try:
        yield
    finally:
        changes._paused = False


def generation_row() -> dict:
    """The generation's row as a copy of the database holds it, every column."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM pagecache_contentgeneration")
        [row] = cursor.fetchall()
        return {column[0]: value for column, value in zip(cursor.description, row, strict=True)}


def put_row_back(row: dict) -> None:
    with behind_djangos_back(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM pagecache_contentgeneration")
        cursor.execute(
            f"INSERT INTO pagecache_contentgeneration ({', '.join(row)}) VALUES ({', '.join(['%s'] * len(row))})",
            list(row.values()),
        )


def copy_put_back(article, copied_row, tmp_path):
    """The database file (or a failover replica that lags) as it was when the first headline was read."""
    with behind_djangos_back():
        Article.objects.filter(pk=article.pk).update(headline="Erste Fassung")
    put_row_back(copied_row)


def restored(article, copied_row, tmp_path):
    """`manage.py restore` of the snapshot taken with the first headline, into the emptied installation."""
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    settings.MEDIA_ROOT.mkdir()
    call_command("restore", tmp_path / "snap", stdout=StringIO())


def other_database(article, copied_row, tmp_path):
    """Another database with the same article (a migrated installation the snapshot went into, say) whose counter
    happens to stand where this one's stood: its generation comes from its own migrate."""
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("restore", tmp_path / "snap", stdout=StringIO())
    with behind_djangos_back(), connection.cursor() as cursor:
        cursor.execute("UPDATE pagecache_contentgeneration SET number = %s", [copied_row["number"]])


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("bring_back", [copy_put_back, restored, other_database], ids=lambda f: f.__name__)
def test_a_generation_never_repeats(client, small_redis_cache, settings, tmp_path, bring_back):
    settings.MEDIA_ROOT.mkdir(exist_ok=True)
    article = ArticleFactory(headline="Erste Fassung")
    url = article.get_absolute_url()
    assert "Erste Fassung" in client.get(url).content.decode()
    copied_row = generation_row()
    call_command("backup", tmp_path / "snap", stdout=StringIO())
    for headline in ("Zweite Fassung", "Dritte Fassung"):
        Article.objects.filter(pk=article.pk).update(headline=headline)
        assert headline in client.get(url).content.decode()
    seen = stored_generations(small_redis_cache)

    bring_back(article, copied_row, tmp_path)
    # What the database holds now is what the pages of its generation showed: served from the cache or not, the
    # reader sees the first headline.
    assert "Erste Fassung" in client.get(url).content.decode()
    for headline in ("Zweite Fassung", "Dritte Fassung", "Vierte Fassung"):
        Article.objects.filter(pk=url_article(url).pk).update(headline=headline)
        page = client.get(url)
        assert (page["X-Page-Cache"], headline in page.content.decode()) == ("miss", True)
    # Each write, at least, stored its page under a generation never seen before.
    assert len(stored_generations(small_redis_cache) - seen) >= 3


def stored_generations(server) -> set[str]:
    """The generation tokens the page cache has stored pages under
    ("test:pages:1:page:<scope>:<generations>:<scheme>:<hash>")."""
    return {":".join(key.decode().split(":")[4:6]) for key in server.client().keys("test:pages:*:page:*")}


def url_article(url: str) -> Article:
    return Article.objects.get(slug=url.rstrip("/").rsplit("/", 1)[1])


@pytest.mark.django_db(transaction=True)
def test_without_a_generation_row_nothing_is_cached(client, small_redis_cache):
    """Tables just flushed: no stamp tells this database from any other, so pages are rendered, not stored."""
    ArticleFactory()
    with behind_djangos_back(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM pagecache_contentgeneration")
    for _ in range(2):
        assert "X-Page-Cache" not in client.get("/")
    assert small_redis_cache.client().keys("test:pages:*") == []
