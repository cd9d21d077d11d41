"""When may a cached page still be served? While the content generation it was stored under is current and the next
scheduled change it was rendered before has not come.

The generation is a counter in the database (ContentGeneration). Every INSERT, UPDATE or DELETE on a watched table
raises it in the same transaction, whichever way the write comes: Model.save, QuerySet.update,
bulk_create, bulk_update, cascading deletes, many-to-many and taggit changes, revision restores, admin bulk actions,
data migrations, raw SQL through Django's connection. So a rolled-back write leaves it alone, a committed one is
visible to every worker and machine together with the content, and nothing needs deleting: pages stored under an
older generation are simply never asked for again. Readers read the generation before they render, so a page
rendered while a write commits is at worst stored under the generation that was already old.

Scopes: an app may say which parts of the site a block of writes changes (`scoped`, e.g. the portals that show an
article). Watched writes inside such a block raise the scopes' counters (ScopeGeneration) instead of the global one,
and a page is stored under the global number and its own scope's number together (the generation "token",
`<scope>:<global>.<scope's number>`), read in one query. So a write attributed to portal A leaves portal B's pages
cached, and every write that nobody attributed still raises the global number and with it every page. Every
writing transaction takes the global row's lock first, whether it raises it or not, so writers still never wait
for each other's counters in opposite order.

A generation is a counter and a random stamp drawn anew with every raise, for the global row and each scope's: the
counter alone comes round again when a database copy is put back, a snapshot restored, another database or a
failover replica put in its place, while caches on other machines still hold pages under its numbers. The first
write after that draws a stamp no cache has seen; until then the database holds what the pages of its generation
showed. Without a global row (tables just flushed) there is no token, and nothing is cached.
"""

import re
import secrets
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cache

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections
from django.db import connection as default_connection

from . import registry

GENERATION_TABLE = "pagecache_contentgeneration"
SCOPE_TABLE = "pagecache_scopegeneration"
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


def raise_scopes(connection, scopes: frozenset[int]) -> None:
    """Raise the counters of `scopes` (none: only take the lock), after taking the global row's lock without
    raising it: every writing transaction locks that row first, attributed or not."""
    with connection.cursor() as cursor:
        if connection.in_atomic_block:
            cursor.execute(
                f"INSERT INTO {GENERATION_TABLE} (id, number, stamp) VALUES (1, 1, %s) "
                f"ON CONFLICT (id) DO UPDATE SET number = {GENERATION_TABLE}.number",
                [secrets.randbits(63)],
            )
        if scopes:
            # In order, so that two transactions raise shared scopes in the same order.
            values = ", ".join(f"({int(scope)}, 1, {secrets.randbits(63)})" for scope in sorted(scopes))
            cursor.execute(
                f"INSERT INTO {SCOPE_TABLE} (scope, number, stamp) VALUES {values} "
                f"ON CONFLICT (scope) DO UPDATE SET number = {SCOPE_TABLE}.number + 1, stamp = excluded.stamp"
            )


GENERATION_QUERY = f"SELECT number FROM {GENERATION_TABLE} WHERE id = 1"


def generations_query(scope: int) -> str:
    # The scope is an integer (a primary key): written into the statement, so the driver needs no parameters.
    return (
        f"SELECT g.number, g.stamp, s.number, s.stamp FROM {GENERATION_TABLE} g "
        f"LEFT JOIN {SCOPE_TABLE} s ON s.scope = {int(scope)} WHERE g.id = 1"
    )


def current_generation(connection=default_connection) -> int:
    """The global number alone."""
    with connection.cursor() as cursor:
        cursor.execute(GENERATION_QUERY)
        row = cursor.fetchone()
    return row[0] if row else 0


Generations = tuple  # (global number, global stamp, scope's number or None, scope's stamp or None)


def _fetch_generations(scope: int, connection) -> Generations | None:
    with connection.cursor() as cursor:
        cursor.execute(generations_query(scope))
        return cursor.fetchone()


def current_generations(scope: int = 0, connection=default_connection) -> tuple[int, int]:
    """(global number, the scope's number), in one query."""
    row = _fetch_generations(scope, connection)
    return (row[0], row[2] or 0) if row else (0, 0)


def token(scope: int, row: Generations | None) -> str | None:
    """What pages and fragments of a scope are stored under: the scope, both numbers and both stamps; None while
    the database has no generation (nothing tells its pages apart from another database's)."""
    if row is None:
        return None
    return f"{int(scope)}:{row[0]}.{row[1]:x}.{row[2] or 0}.{row[3] or 0:x}"


def read_generations(scope: int = 0) -> Generations | None:
    """The generations of `scope` for every request that may be answered from the cache, from the database as any
    query: on the driver's own connection, past Django's cursor wrappers and its once-per-request health check
    (a `SELECT 1` on PostgreSQL), which together cost more than the query. A connection that fails here (the
    database restarted) is left to Django's way, which checks it, replaces it and queries again. Logged like
    Django's own queries while queries are logged (DEBUG, tests counting queries)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.errors_occurred:
        return _fetch_generations(scope, connection)
    if connection.connection is None:
        connection.ensure_connection()  # a new connection needs no health check
    driver = connection.connection
    query = generations_query(scope)
    started = time.monotonic()
    try:
        row = driver.execute(query).fetchone()
    except Exception:
        return _fetch_generations(scope, connection)
    if connection.queries_logged:
        connection.queries_log.append({"sql": query, "time": f"{time.monotonic() - started:.3f}"})
    return row


@contextmanager
def scoped(scopes: Iterable[int], using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Watched writes inside this block change the pages of `scopes` only (none: no public page at all).

    The innermost block counts. Say it only of writes whose every effect on public pages lies in those scopes;
    anything outside a block raises the global number, which is always right."""
    connection = connections[using]
    stack = connection.__dict__.setdefault("content_scopes", [])
    stack.append(frozenset(int(scope) for scope in scopes))
    try:
        yield
    finally:
        stack.pop()


def _raise_on_writes(execute, sql, params, many, context):
    if _paused or not changes_pages(sql):
        return execute(sql, params, many, context)
    connection = context["connection"]
    scopes = getattr(connection, "content_scopes", None)
    if connection.in_atomic_block:
        # Before the write: the generation row is then the first lock every writing transaction takes, so two
        # transactions can never wait for each other's rows and for it in opposite order.
        _raise(connection, scopes)
        return execute(sql, params, many, context)
    # Autocommit: after the write, so the new generation is never committed before the content it stands for.
    result = execute(sql, params, many, context)
    _raise(connection, scopes)
    return result


def _raise(connection, scopes: list | None) -> None:
    if scopes:
        raise_scopes(connection, scopes[-1])
    else:
        raise_generation(connection)


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
