"""The search index: which matches a search ranks (the newest), and that the index follows every change."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import search as search_module
from articles.models import Article
from articles.search import SQLITE_ROWIDS, SQLITE_TABLE, search
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif("connection.vendor != 'sqlite'", reason="the FTS5 table exists on SQLite only")
postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="the RUM index exists on PostgreSQL only"
)


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def found(text="Glasfaser"):
    return sorted(article.headline for article in search(Article.objects.published(), text))


@pytest.fixture
def five_matches(monkeypatch):
    """Five published matches, one to five days old, and two candidates ranked: the newest three are found."""
    monkeypatch.setattr(search_module, "SEARCH_CANDIDATES", 2)
    return [ArticleFactory(headline=f"Glasfaser {days}", published_at=days_ago(days)) for days in range(1, 6)]


def test_search_ranks_the_newest_matches_whatever_their_id(monkeypatch):
    monkeypatch.setattr(search_module, "SEARCH_CANDIDATES", 2)
    for days in (5, 1, 4, 2, 3):  # ids in another order than the dates
        ArticleFactory(headline=f"Glasfaser {days}", published_at=days_ago(days))
    assert found() == ["Glasfaser 1", "Glasfaser 2", "Glasfaser 3"]


def test_search_candidates_are_the_newest_within_the_other_filters(five_matches):
    newest_draft = ArticleFactory(headline="Glasfaser Entwurf", status=Article.Status.DRAFT, published_at=days_ago(0))
    assert newest_draft.headline not in found()
    older = Article.objects.published().filter(published_at__lt=days_ago(2.5))
    assert sorted(a.headline for a in search(older, "Glasfaser")) == ["Glasfaser 3", "Glasfaser 4", "Glasfaser 5"]


def test_a_new_publication_date_moves_the_article_among_the_newest(five_matches):
    oldest = five_matches[-1]
    oldest.published_at = days_ago(0)
    oldest.save()
    assert found() == ["Glasfaser 1", "Glasfaser 2", "Glasfaser 5"]


def test_queryset_update_of_the_date_or_text_keeps_the_index_current(five_matches):
    Article.objects.filter(pk=five_matches[-1].pk).update(published_at=days_ago(0))
    assert found() == ["Glasfaser 1", "Glasfaser 2", "Glasfaser 5"]
    Article.objects.filter(pk=five_matches[0].pk).update(headline="Funknetz 1", lead="Kurz.", body="")
    assert found("Funknetz") == ["Funknetz 1"]
    assert "Funknetz 1" not in found()


def test_bulk_update_of_the_text_keeps_the_index_current():
    article = ArticleFactory(headline="Glasfaser")
    article.headline = "Richtfunk"
    Article.objects.bulk_update([article], ["headline"])
    assert found("Richtfunk") == ["Richtfunk"] and found() == []


def test_archive_says_when_a_search_shows_only_the_newest_matches(client, five_matches):
    html = client.get("/archiv/?q=Glasfaser").content.decode()
    assert "Mehr als 2 Beiträge" in html
    assert "Gezeigt werden die 2 neuesten Treffer" in html
    html = client.get("/archiv/?q=Glasfaser+1").content.decode()
    assert "1 Beitrag" in html and "neuesten Treffer" not in html


def sqlite_index() -> dict[int, int]:
    """FTS5 rowid by article id, checked against the FTS5 table itself."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT article_id, search_rowid FROM {SQLITE_ROWIDS}")
        rowids = dict(cursor.fetchall())
        cursor.execute(f"SELECT rowid FROM {SQLITE_TABLE}")
        assert sorted(row[0] for row in cursor.fetchall()) == sorted(rowids.values())
    return rowids


@sqlite_only
def test_sqlite_index_holds_one_row_per_article_and_drops_deleted_ones():
    kept, edited, deleted = (ArticleFactory(headline=f"Glasfaser {n}") for n in range(3))
    edited.lead = "Neu."
    edited.save()
    deleted.delete()
    Article.objects.filter(pk=kept.pk).delete()
    assert set(sqlite_index()) == {edited.pk}


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_sqlite_migration_orders_the_index_by_publication_and_back():
    older = ArticleFactory(headline="Glasfaser alt", published_at=days_ago(9))
    newer = ArticleFactory(headline="Glasfaser neu", published_at=days_ago(1))
    # Every app's newest migration: going back in articles also unapplies the apps that depend on it (wordpress).
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        MigrationExecutor(connection).migrate([("articles", "0006_archive_indexes")])
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid, headline FROM {SQLITE_TABLE} WHERE rowid IN (%s, %s)", [older.pk, newer.pk])
            assert sorted(cursor.fetchall()) == [(older.pk, "Glasfaser alt"), (newer.pk, "Glasfaser neu")]
    finally:
        MigrationExecutor(connection).migrate(latest)
    rowids = sqlite_index()
    assert rowids[older.pk] < rowids[newer.pk]
    assert found() == ["Glasfaser alt", "Glasfaser neu"]


@pytest.mark.parametrize("year", [1, 1899, 2999, 9999])
def test_articles_dated_far_in_the_past_or_future_are_indexed_and_found(year):
    article = ArticleFactory(headline="Glasfaser Chronik", published_at=timezone.now().replace(year=year))
    article.save()
    assert [a.pk for a in search(Article.objects.all(), "Glasfaser")] == [article.pk]


def test_a_page_of_results_leaves_out_an_article_unpublished_since_the_ranking():
    first, second = ArticleFactory(headline="Glasfaser eins"), ArticleFactory(headline="Glasfaser zwei")
    results = search(Article.objects.published(), "Glasfaser")
    Article.objects.filter(pk=first.pk).update(status=Article.Status.WITHDRAWN)
    assert len(results) == 2 and [a.pk for a in results[0:20]] == [second.pk]


def search_indexes() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'articles_article' AND indexname LIKE 'article_search%%'"
        )
        return {row[0] for row in cursor.fetchall()}


@postgres_only
def test_postgres_reads_a_search_newest_first_from_the_rum_index(five_matches):
    with CaptureQueriesContext(connection) as queries:
        found()
    (ranking,) = [query["sql"] for query in queries if "ts_rank" in query["sql"]]
    with connection.cursor() as cursor:
        # Forbid the alternatives, so that the plan shows whether the index can give the order at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {ranking}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Scan using article_search_rum_idx" in plan
    assert "Order By: (published_at <=| " in plan
    assert "Sort" not in plan


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_postgres_migration_swaps_the_gin_index_for_the_rum_index_and_back():
    ArticleFactory(headline="Glasfaser alt", published_at=days_ago(9))
    # Every app's newest migration: going back in articles also unapplies the apps that depend on it (wordpress).
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        MigrationExecutor(connection).migrate([("articles", "0007_search_in_publication_order")])
        assert search_indexes() == {"article_search_vector_idx"}
        assert found() == ["Glasfaser alt"]
    finally:
        MigrationExecutor(connection).migrate(latest)
    assert search_indexes() == {"article_search_rum_idx"}
    assert found() == ["Glasfaser alt"]


@postgres_only
def test_postgres_asks_the_index_for_the_rarest_typed_word_and_checks_the_others():
    for n in range(12):
        ArticleFactory(headline=f"Glasfaser Ausbau {n}", lead="Netze.", body="")
    ArticleFactory(headline="Glasfaser in Kranichfeld", lead="Netze.", body="")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")  # the column statistics the choice is made by
    published = Article.objects.published()
    assert search_module._rarest_part(published, ["Glasfaser", "Kranichfeld"]) == "Kranichfeld"
    assert search_module._rarest_part(published, ["Kranichfeld", "Glasfaser"]) == "Kranichfeld"
    assert search_module._rarest_part(published, ["die", "Glasfaser"]) == "Glasfaser"  # stop words never
    assert search_module._rarest_part(published, ["die", "und"]) is None
    assert found("Glasfaser Kranichfeld") == ["Glasfaser in Kranichfeld"]
    assert found("Kranichfeld Ausbau") == []
    assert len(found("die Glasfaser")) == 13
