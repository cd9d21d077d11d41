"""PostgreSQL: the GIN index on the search vector becomes a RUM index that keeps each word's articles with their
publication date, so that a search reads its matches newest first from the index (see articles.search). SQLite is
unchanged."""

from django.db import migrations

RUM_MISSING = (
    "The PostgreSQL extension 'rum' is needed for the article search. Install it on the database server "
    "(Debian: apt-get install postgresql-15-rum, matching the server's release) and run "
    "'CREATE EXTENSION rum;' as a superuser in this database (or in template1 for new databases), "
    "then migrate again."
)


def use_date_ordered_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if not cursor.fetchone():
            raise RuntimeError(RUM_MISSING)
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS rum")
    schema_editor.execute(
        "CREATE INDEX article_search_rum_idx ON articles_article "
        "USING rum (search_vector rum_tsvector_addon_ops, published_at) "
        "WITH (attach = 'published_at', to = 'search_vector')"
    )
    schema_editor.execute("DROP INDEX IF EXISTS article_search_vector_idx")


def use_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE INDEX article_search_vector_idx ON articles_article USING gin (search_vector)")
    schema_editor.execute("DROP INDEX IF EXISTS article_search_rum_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_search_in_publication_order"),
    ]

    operations = [migrations.RunPython(use_date_ordered_index, use_gin_index)]
