"""What the page cache knows of the apps: nothing but what each tells it from its own `AppConfig.ready()`.

    from pagecache.registry import register

    register(
        watch=["shop.Product", ...],           # writes to these tables change public pages
        watch_deletes=["shop.Thumbnail"],      # only deletes of these do (rows made while pages render)
        # cached views, each with the query parameters it takes and their form (pagecache.queries)
        pages={"shop:index": {}, "shop:list": {"page": queries.PAGE, "q": queries.FREE}},
        next_change=Product.objects.next_scheduled_change,  # (now) -> the next moment pages change by themselves
    )

The page cache, the content generation and the fragments name no app; a new app with public pages (a second
portal, a newsletter archive) registers in its own apps.py and changes nothing here (docs/seiten-cache.md).
"""

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime

from .queries import FREE, Parameter

WATCHED_MODELS: list[str] = []
WATCHED_DELETES: list[str] = []
# URL name of each cached view -> the query parameters it takes, in their canonical order, with their forms.
CACHED_PAGES: dict[str, dict[str, Parameter]] = {}
SCHEDULES: list[Callable[[datetime], datetime | None]] = []


def register(
    *,
    watch: Iterable[str] = (),
    watch_deletes: Iterable[str] = (),
    pages: Mapping[str, Mapping[str, Parameter] | Iterable[str]] | None = None,
    next_change: Callable[[datetime], datetime | None] | None = None,
) -> None:
    """Tell the page cache about an app's public content; safe to call again with the same values. A page's
    parameters given by name only take any value and are never stored with one (queries.FREE)."""
    from . import changes

    WATCHED_MODELS.extend(label for label in watch if label not in WATCHED_MODELS)
    WATCHED_DELETES.extend(label for label in watch_deletes if label not in WATCHED_DELETES)
    for name, parameters in (pages or {}).items():
        CACHED_PAGES[name] = dict(parameters) if isinstance(parameters, Mapping) else dict.fromkeys(parameters, FREE)
    if next_change is not None and next_change not in SCHEDULES:
        SCHEDULES.append(next_change)
    changes.watched_tables.cache_clear()
