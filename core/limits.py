"""Rate limits counted in the database (docs/sicherheit.md, "Wo Sicherheitszustand liegt").

A limit must hold whatever else the site is asked for: counters in a cache that pages and fragments share can be
evicted by a flood of pages (Redis with `maxmemory` and `volatile-lru`, or a per-process cache at its size limit),
and counters per process do not hold across workers. A row per fixed window (`LimitCounter`) has neither problem,
costs one statement per count, and is correct under concurrent requests on both databases: the count is raised and
read back in the same INSERT … ON CONFLICT … RETURNING.

Keys should not contain personal data (callers pass a keyed hash of an address, never the address).
"""

import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils.crypto import salted_hmac

from .models import LimitCounter

_TABLE = LimitCounter._meta.db_table
# One count at a time in a process: SQLite lets one writer at a time anyway, and in shared-cache mode (the in-memory
# database of the tests) it refuses a second one at once instead of waiting for it; across processes the database
# serialises the statement (and PostgreSQL lets it run beside others: it is one row's upsert).
_one_at_a_time = threading.Lock()
_COUNT = (
    f"INSERT INTO {_TABLE} (name, count, expires) VALUES (%s, 1, %s) "
    f"ON CONFLICT (name) DO UPDATE SET count = {_TABLE}.count + 1 RETURNING count"
)


def count(name: str, *, window_seconds: int) -> int:
    """Count once more under `name` in the current fixed window of `window_seconds`; the count so far, this one
    included. The first count of a window also removes the windows that have ended."""
    now = time.time()
    window = int(now // window_seconds)
    expires = (window + 1) * window_seconds
    with _one_at_a_time, connection.cursor() as cursor:
        cursor.execute(_COUNT, [f"{name}:{window}", expires])
        counted = cursor.fetchone()[0]
        if counted == 1:
            cursor.execute(f"DELETE FROM {_TABLE} WHERE expires <= %s", [int(now)])
    return counted


@dataclass(frozen=True)
class Limit:
    """How often one `kind` of value (a client, a recipient, the whole site) may act in a window; the allowance is
    the setting named, the message what the reader is told once it is used up."""

    kind: str
    window_seconds: int
    setting: str
    message: str


def over_limit(limit: Limit, value: str) -> bool:
    """Count one use of `value` against `limit`: True once its setting's allowance in the window is used up. The
    counter's name is a keyed hash of the value (no address stored); salt and prefix are Link mailen's, where
    this began, so the counters of running windows carry over."""
    digest = salted_hmac("articles.mailing.limit", f"{limit.kind}:{value}").hexdigest()[:32]
    return count(f"linkmail:{limit.kind}:{digest}", window_seconds=limit.window_seconds) > getattr(
        settings, limit.setting
    )
