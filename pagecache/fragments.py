"""Fragments: values drawn from what readers see (the header's sections, the footer's pages, a list's count, a
keyword's related keywords), kept in the "fragments" cache under the content generation, so that they are right
after every write and an unchanged site costs no query for them (docs/seiten-cache.md)."""

import math
from collections.abc import Callable
from typing import Any

from django.core.cache import caches
from django.utils import timezone

from .changes import current_generation_key
from .middleware import next_change

# Longest time a fragment is kept; it is never stale, this only frees memory.
FRAGMENT_SECONDS = 3600


def content_generation(request) -> str | None:
    """The content generation this request renders under (`changes.generation_key`): the page cache's, else read
    once per request; None while the database has none, when nothing is kept."""
    if not hasattr(request, "content_generation"):
        lookup = getattr(request, "page_cache", None)
        request.content_generation = (
            lookup.generation if lookup is not None and lookup.key else current_generation_key()
        )
    return request.content_generation


def per_generation(request, name: str, compute: Callable[[], Any]) -> Any:
    """`compute()`, kept under the content generation; computed at most once per request."""
    known = request.__dict__.setdefault("fragments", {})
    if name not in known:
        generation = content_generation(request)
        if generation is None:
            known[name] = compute()
            return known[name]
        cache, key = caches["fragments"], f"{name}:{generation}"
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, FRAGMENT_SECONDS)
        known[name] = value
    return known[name]


def until_next_change(request, name: str, compute: Callable[[], Any]) -> Any:
    """`compute()` kept under the content generation and only until the next scheduled change (a publication or
    end time), when published content changes without a write. So lists need not count tens of thousands of rows
    per request."""
    generation = content_generation(request)
    if generation is None:
        return compute()
    now = timezone.now().timestamp()
    expires = next_change(generation, now)
    cache, key = caches["fragments"], f"{name}:{generation}:{expires}"
    value = cache.get(key)
    if value is None:
        value = compute()
        seconds = FRAGMENT_SECONDS if expires is None else min(FRAGMENT_SECONDS, math.floor(expires - now))
        if seconds > 0:
            cache.set(key, value, seconds)
    return value
