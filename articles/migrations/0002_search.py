import django.contrib.postgres.search
from django.db import migrations
from django.utils.html import strip_tags

from articles.search import SQLITE_TABLE, _postgres_vector


def create_search_index(apps, schema_editor):
    """PostgreSQL: a GIN index on the stored vector. SQLite: the FTS5 table. Both filled from existing articles."""
    Article = apps.get_model("articles", "Article")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE INDEX article_search_vector_idx ON articles_article USING gin (search_vector)")
        Article.objects.update(search_vector=_postgres_vector())
        return
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE {SQLITE_TABLE} USING fts5("
        "kicker, headline, lead, body, tokenize = 'unicode61 remove_diacritics 0')"
    )
    rows = Article.objects.values_list("pk", "kicker", "headline", "lead", "body")
    with schema_editor.connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {SQLITE_TABLE} (rowid, kicker, headline, lead, body) VALUES (%s, %s, %s, %s, %s)",
            [(pk, kicker, headline, lead, strip_tags(body)) for pk, kicker, headline, lead, body in rows],
        )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_search_vector_idx")
    else:
        schema_editor.execute(f"DROP TABLE IF EXISTS {SQLITE_TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
