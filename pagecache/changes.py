"""When may a cached page still be served? While the content generation it was stored under is current and the next
scheduled change it was rendered before has not come.

The generation is a counter in the database (ContentGeneration). Every INSERT, UPDATE or DELETE on a watched table
raises it in the same transaction, whichever way the write comes: Model.save, QuerySet.update,
bulk_create, bulk_update, cascading deletes, many-to-many and taggit changes, revision restores, admin bulk actions,
data migrations, raw SQL through Django's connection. So a rolled-back write leaves it alone, a committed one is
visible to every worker and machine together with the content, and nothing needs deleting: pages stored under an
older generation are simply never asked for again. Readers read the generation before they render, so a page
rendered while a write commits is at worst stored under the generation that was already old.

A generation is the counter and a random stamp drawn anew with every raise (`generation_key`): the counter alone
comes round again when a database copy is put back, a snapshot restored, another database or a failover replica
put in its place, while caches on other machines still hold pages under its numbers. The first write after that
draws a stamp no cache has seen; until then the database holds what the pages of its generation showed.
"""

import re
import secrets
import time
from datetime import datetime
from functools import cache

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections
from django.db import connection as default_connection

from . import registry

GENERATION_TABLE = "pagecache_contentgeneration"
# The table written to, quoted as Django writes it or bare as in hand-written SQL.
_WRITE = re.compile(r'\s*(INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
_paused = False


@cache
def watched_tables() -> tuple[frozenset[str], frozenset[str]]:
    """Tables of the watched models (with their automatic many-to-many tables) and tables watched for deletes."""
    tables = set()
    for label in registry.WATCHED_MODELS:
        model = apps.get_model(label)
        tables.add(model._meta.db_table)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                tables.add(through._meta.db_table)
    deletes = {apps.get_model(label)._meta.db_table for label in registry.WATCHED_DELETES}
    return frozenset(tables), frozenset(deletes)


def changes_pages(sql) -> bool:
    match = _WRITE.match(sql) if isinstance(sql, str) else None
    if match is None:
        return False
    tables, deletes = watched_tables()
    table = match.group(2)
    return table in tables or (table in deletes and match.group(1)[:1].upper() == "D")


def raise_generation(connection=default_connection) -> None:
    # One statement for "create or raise", so the row may even be missing (tests that flush tables).
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {GENERATION_TABLE} (id, number, stamp) VALUES (1, 1, %s) "
            f"ON CONFLICT (id) DO UPDATE SET number = {GENERATION_TABLE}.number + 1, stamp = excluded.stamp",
            [secrets.randbits(63)],
        )


GENERATION_QUERY = f"SELECT number, stamp FROM {GENERATION_TABLE} WHERE id = 1"


def _fetch(connection) -> tuple[int, int] | None:
    with connection.cursor() as cursor:
        cursor.execute(GENERATION_QUERY)
        return cursor.fetchone()


def current_generation(connection=default_connection) -> int:
    """The counter: how many writes the content has seen (0 before the first)."""
    row = _fetch(connection)
    return row[0] if row else 0


def generation_key(row: tuple[int, int] | None) -> str | None:
    """What cached values are stored under: counter and stamp, or None where the database has no generation yet
    (tables just flushed), when nothing may be cached, since no stamp tells this database from another."""
    return f"{row[0]}.{row[1]:x}" if row else None


def current_generation_key(connection=default_connection) -> str | None:
    return generation_key(_fetch(connection))


def read_generation() -> str | None:
    """`current_generation_key()` for the page cache's hits, on every request, from the database as any query: on
    the driver's own connection, past Django's cursor wrappers and its once-per-request health check (a `SELECT 1`
    on PostgreSQL), which together cost more than the query. A connection that fails here (the database restarted)
    is left to Django's way, which checks it, replaces it and queries again. Logged like Django's own queries
    while queries are logged (DEBUG, tests counting queries)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.errors_occurred:
        return current_generation_key(connection)
    if connection.connection is None:
        connection.ensure_connection()  # a new connection needs no health check
    driver = connection.connection
    started = time.monotonic()
    try:
        row = driver.execute(GENERATION_QUERY).fetchone()
    except Exception:
        return current_generation_key(connection)
    if connection.queries_logged:
        connection.queries_log.append({"sql": GENERATION_QUERY, "time": f"{time.monotonic() - started:.3f}"})
    return generation_key(row)


def _raise_on_writes(execute, sql, params, many, context):
    if _paused or not changes_pages(sql):
        return execute(sql, params, many, context)
    connection = context["connection"]
    if connection.in_atomic_block:
        # Before the write: the generation row is then the first lock every writing transaction takes, so two
        # transactions can never wait for each other's rows and for it in opposite order.
        raise_generation(connection)
        return execute(sql, params, many, context)
    # Autocommit: after the write, so the new generation is never committed before the content it stands for.
    result = execute(sql, params, many, context)
    raise_generation(connection)
    return result


def watch_connection(sender, connection, **kwargs):
    """connection_created: every database connection of the process raises the generation after watched writes."""
    if _raise_on_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_raise_on_writes)


def pause_during_migrations(**kwargs):
    # The generation's table may not exist yet while migrations run; they end with a raise (below).
    global _paused
    _paused = True


def resume_after_migrations(using="default", **kwargs):
    global _paused
    if _paused:
        _paused = False
        from django.db import connections

        raise_generation(connections[using])


def next_scheduled_change(now: datetime) -> datetime | None:
    """The next moment still ahead at which a public page changes by itself (a publication or end time, say):
    the earliest of what the registered apps' `next_change` functions say."""
    moments = (schedule(now) for schedule in registry.SCHEDULES)
    return min((moment for moment in moments if moment is not None), default=None)
