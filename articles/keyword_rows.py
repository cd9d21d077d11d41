"""The keyword rows' copies of their article's publication time and home portal, kept by database triggers.

A keyword page of a portal lists the newest articles carrying the keyword that the portal shows; with the time and
portal on the keyword rows, an index (keyword, portal, date) hands them out newest first, so the page costs the
same at 1,000 and at 100,000 articles (docs/leistung.md). Triggers keep the copies on every write path there is:
Model.save, bulk_create and bulk_update, QuerySet.update of published_at or section, taggit's add and set, the
rows a revision restore or a backup restore writes back, the WordPress import, raw SQL, and a section moved to
another portal; all inside the writer's transaction.

SQLite rebuilds a table for many schema changes, and refuses to rename a table while a trigger names a table that
is gone: so on SQLite the triggers are dropped before every `migrate` and created again after it, with the copies
brought up to date (apps.py). PostgreSQL keeps them through every ALTER TABLE. tests/articles/test_keyword_rows.py
checks each write path on both databases.
"""

from django.db import connections

KEYWORDS = "articles_keywordedarticle"
ARTICLES = "articles_article"
SECTIONS = "articles_section"

_POSTGRES = [
    f"""
    CREATE OR REPLACE FUNCTION articles_keyword_row_copies() RETURNS trigger AS $$
    BEGIN
        SELECT a.published_at, s.portal_id INTO NEW.published_at, NEW.portal_id
        FROM {ARTICLES} a JOIN {SECTIONS} s ON s.id = a.section_id WHERE a.id = NEW.content_object_id;
        RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    f"""
    CREATE OR REPLACE TRIGGER articles_keyword_row_copies
    BEFORE INSERT OR UPDATE ON {KEYWORDS} FOR EACH ROW EXECUTE FUNCTION articles_keyword_row_copies()
    """,
    f"""
    CREATE OR REPLACE FUNCTION articles_article_keyword_rows() RETURNS trigger AS $$
    BEGIN
        UPDATE {KEYWORDS} SET published_at = NEW.published_at WHERE content_object_id = NEW.id;
        RETURN NULL;
    END $$ LANGUAGE plpgsql
    """,
    f"""
    CREATE OR REPLACE TRIGGER articles_article_keyword_rows_insert
    AFTER INSERT ON {ARTICLES} FOR EACH ROW EXECUTE FUNCTION articles_article_keyword_rows()
    """,
    f"""
    CREATE OR REPLACE TRIGGER articles_article_keyword_rows_update
    AFTER UPDATE OF published_at, section_id ON {ARTICLES} FOR EACH ROW
    WHEN (OLD.published_at IS DISTINCT FROM NEW.published_at OR OLD.section_id IS DISTINCT FROM NEW.section_id)
    EXECUTE FUNCTION articles_article_keyword_rows()
    """,
    f"""
    CREATE OR REPLACE FUNCTION articles_section_keyword_rows() RETURNS trigger AS $$
    BEGIN
        UPDATE {KEYWORDS} SET portal_id = NEW.portal_id
        WHERE content_object_id IN (SELECT id FROM {ARTICLES} WHERE section_id = NEW.id);
        RETURN NULL;
    END $$ LANGUAGE plpgsql
    """,
    f"""
    CREATE OR REPLACE TRIGGER articles_section_keyword_rows
    AFTER UPDATE OF portal_id ON {SECTIONS} FOR EACH ROW
    WHEN (OLD.portal_id IS DISTINCT FROM NEW.portal_id)
    EXECUTE FUNCTION articles_section_keyword_rows()
    """,
]

# SQLite cannot change NEW in a BEFORE trigger: the row is written, then completed.
_SQLITE_COPY = f"""
    UPDATE {KEYWORDS} SET
        published_at = (SELECT published_at FROM {ARTICLES} WHERE id = NEW.content_object_id),
        portal_id = (
            SELECT s.portal_id FROM {ARTICLES} a JOIN {SECTIONS} s ON s.id = a.section_id
            WHERE a.id = NEW.content_object_id
        )
    WHERE id = NEW.id;
"""
_SQLITE_FOLLOW = f"""
    UPDATE {KEYWORDS} SET
        published_at = NEW.published_at,
        portal_id = (SELECT portal_id FROM {SECTIONS} WHERE id = NEW.section_id)
    WHERE content_object_id = NEW.id;
"""
_SQLITE = [
    f"""
    CREATE TRIGGER IF NOT EXISTS articles_keyword_row_copies_insert AFTER INSERT ON {KEYWORDS}
    BEGIN {_SQLITE_COPY} END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS articles_keyword_row_copies_update
    AFTER UPDATE OF content_object_id, published_at, portal_id ON {KEYWORDS}
    WHEN NEW.published_at IS NOT (SELECT published_at FROM {ARTICLES} WHERE id = NEW.content_object_id)
        OR NEW.portal_id IS NOT (
            SELECT s.portal_id FROM {ARTICLES} a JOIN {SECTIONS} s ON s.id = a.section_id
            WHERE a.id = NEW.content_object_id
        )
    BEGIN {_SQLITE_COPY} END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS articles_article_keyword_rows_insert AFTER INSERT ON {ARTICLES}
    BEGIN {_SQLITE_FOLLOW} END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS articles_article_keyword_rows_update AFTER UPDATE OF published_at, section_id ON {ARTICLES}
    WHEN OLD.published_at IS NOT NEW.published_at OR OLD.section_id IS NOT NEW.section_id
    BEGIN {_SQLITE_FOLLOW} END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS articles_section_keyword_rows AFTER UPDATE OF portal_id ON {SECTIONS}
    WHEN OLD.portal_id IS NOT NEW.portal_id
    BEGIN
        UPDATE {KEYWORDS} SET portal_id = NEW.portal_id
        WHERE content_object_id IN (SELECT id FROM {ARTICLES} WHERE section_id = NEW.id);
    END
    """,
]
TRIGGER_NAMES = {
    "postgresql": [
        "articles_keyword_row_copies",
        "articles_article_keyword_rows_insert",
        "articles_article_keyword_rows_update",
        "articles_section_keyword_rows",
    ],
    "sqlite": [
        "articles_keyword_row_copies_insert",
        "articles_keyword_row_copies_update",
        "articles_article_keyword_rows_insert",
        "articles_article_keyword_rows_update",
        "articles_section_keyword_rows",
    ],
}


_TABLES = {
    "articles_keyword_row_copies": KEYWORDS,
    "articles_article_keyword_rows_insert": ARTICLES,
    "articles_article_keyword_rows_update": ARTICLES,
    "articles_section_keyword_rows": SECTIONS,
}


def install(connection) -> None:
    """Create the triggers (again); harmless when they exist."""
    statements = {"postgresql": _POSTGRES, "sqlite": _SQLITE}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def drop(connection) -> None:
    with connection.cursor() as cursor:
        for name in TRIGGER_NAMES.get(connection.vendor, []):
            on = f" ON {_TABLES[name]}" if connection.vendor == "postgresql" else ""
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}{on}")
        if connection.vendor == "postgresql":
            for function in (
                "articles_keyword_row_copies",
                "articles_article_keyword_rows",
                "articles_section_keyword_rows",
            ):
                cursor.execute(f"DROP FUNCTION IF EXISTS {function}()")


def drop_before_migrate(sender, using="default", **kwargs) -> None:
    """pre_migrate, SQLite: no trigger may stand in the way of a table a migration rebuilds."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        drop(connection)


def install_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate: the triggers (again), and on SQLite the copies of whatever the migrations wrote without them."""
    connection = connections[using]
    tables = connection.introspection.table_names()
    if not {KEYWORDS, ARTICLES, SECTIONS} <= set(tables):
        return
    with connection.cursor() as cursor:
        columns = {info.name for info in connection.introspection.get_table_description(cursor, KEYWORDS)}
    if {"published_at", "portal_id"} <= columns:
        if connection.vendor == "sqlite":
            fill(connection)
        install(connection)


_PUBLISHED_AT = f"(SELECT published_at FROM {ARTICLES} WHERE id = {KEYWORDS}.content_object_id)"
_PORTAL = (
    f"(SELECT s.portal_id FROM {ARTICLES} a JOIN {SECTIONS} s ON s.id = a.section_id "
    f"WHERE a.id = {KEYWORDS}.content_object_id)"
)


def fill(connection) -> None:
    """Copy time and portal into every keyword row that lacks them (the migration that adds the columns)."""
    distinct = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {KEYWORDS} SET published_at = {_PUBLISHED_AT}, portal_id = {_PORTAL} "
            f"WHERE published_at {distinct} {_PUBLISHED_AT} OR portal_id {distinct} {_PORTAL}"
        )


def installed(connection) -> list[str]:
    """Names of the triggers present (for tests and `check`)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return sorted(row[0] for row in cursor.fetchall())
