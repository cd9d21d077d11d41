"""SQLite: the FTS5 rowid becomes the publication order (see articles.search.sqlite_rowid), and a table records
each article's rowid. PostgreSQL is unchanged."""

from django.db import migrations

from articles.search import SQLITE_ROWIDS, SQLITE_TABLE, write_sqlite_entries


def rows_by_article(cursor) -> dict[int, tuple]:
    cursor.execute(f"SELECT rowid, kicker, headline, lead, body FROM {SQLITE_TABLE}")
    return {row[0]: row[1:] for row in cursor.fetchall()}


def order_by_publication(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    Article = apps.get_model("articles", "Article")
    published = dict(Article.objects.values_list("pk", "published_at"))
    with schema_editor.connection.cursor() as cursor:
        texts = rows_by_article(cursor)  # rowid is still the article id here
        cursor.execute(
            f"CREATE TABLE {SQLITE_ROWIDS} (article_id INTEGER PRIMARY KEY, search_rowid INTEGER NOT NULL UNIQUE)"
        )
        cursor.execute(f"DELETE FROM {SQLITE_TABLE}")
        write_sqlite_entries(cursor, [(pk, published[pk], *text) for pk, text in texts.items() if pk in published])


def order_by_id(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT article_id, search_rowid FROM {SQLITE_ROWIDS}")
        article_of = {rowid: pk for pk, rowid in cursor.fetchall()}
        texts = rows_by_article(cursor)
        cursor.execute(f"DELETE FROM {SQLITE_TABLE}")
        cursor.executemany(
            f"INSERT INTO {SQLITE_TABLE} (rowid, kicker, headline, lead, body) VALUES (%s, %s, %s, %s, %s)",
            [(article_of[rowid], *text) for rowid, text in texts.items() if rowid in article_of],
        )
        cursor.execute(f"DROP TABLE {SQLITE_ROWIDS}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_archive_indexes")]

    operations = [migrations.RunPython(order_by_publication, order_by_id)]
