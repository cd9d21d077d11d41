"""The page cache: whole public pages for readers without a session, stored under the content generation.

Placed after the session, CSRF, auth and message middleware, so that what it stores carries no header of theirs;
a page is looked up in `process_view` (the URL is resolved by then) and every hit still passes back through all
middleware, which set CSP, security headers and cookies per response, as for a rendered page. See README
"Seiten-Cache".
"""

import hashlib
import logging
import math

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag

from newsroom.media import noting_storage_failures

from . import changes

logger = logging.getLogger(__name__)

# URL names of the public pages, each with the query parameters it may be cached with: a request with any other
# parameter is answered uncached, so that made-up query strings cannot fill the cache. Free-text search (`q`) is
# never cached. An app with public pages adds its own (`CACHED_PAGES["app:name"] = set()`).
CACHED_PAGES: dict[str, frozenset[str]] = {
    "articles:home": frozenset(),
    "articles:section": frozenset({"page"}),
    "articles:detail": frozenset(),
    "articles:detail-print": frozenset(),
    "articles:keyword": frozenset({"page"}),
    "articles:keyword-index": frozenset(),
    "articles:archive": frozenset({"q", "bereich", "art", "stichwort", "von", "bis", "page"}),
    "articles:feed": frozenset(),
    "articles:section-feed": frozenset(),
    "articles:keyword-feed": frozenset(),
    "articles:sitemap": frozenset(),
    "articles:sitemap-news": frozenset(),
    "articles:sitemap-section": frozenset({"p"}),
    "articles:robots": frozenset(),
}
# Headers that are made per response (by this middleware or the ones around it), never stored.
UNSTORED_HEADERS = {
    "cache-control",
    "content-security-policy",
    "content-security-policy-report-only",
    "date",
    "etag",
    "expires",
    "last-modified",
    "vary",
}


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with noting_storage_failures() as storage_failures:
            response = self.get_response(request)
        lookup = getattr(request, "page_cache", None)
        if lookup is None or lookup.hit:
            return response
        if lookup.key is None:
            # A public page for an editor (or anyone with a session): fresh, and kept by no shared cache.
            patch_vary_headers(response, ["Cookie"])
            patch_cache_control(response, private=True, no_cache=True)
            return response
        if not storable(request, response) or storage_failures:
            # A page that lacks a picture the media storage refused is not kept: it is whole again as soon as
            # the storage is (README "Ausfälle").
            return response
        now = timezone.now().timestamp()
        entry = {
            "status": response.status_code,
            "headers": [(name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS],
            "content": response.content,
            "etag": quote_etag(hashlib.sha256(response.content).hexdigest()[:32]),
            "modified": now,
            "expires": self.next_change(lookup.generation, now),
        }
        timeout = settings.PAGE_CACHE_TIMEOUT
        if entry["expires"] is not None:
            timeout = min(timeout, math.ceil(entry["expires"] - now))
        cache_set(lookup.key, entry, timeout)
        return finish(request, response, entry, now, "miss")

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            not settings.PAGE_CACHE_ENABLED
            or request.method not in ("GET", "HEAD")
            or match is None
            or match.view_name not in CACHED_PAGES
        ):
            return None
        if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
            request.page_cache = Lookup(key=None)
            return None
        allowed = CACHED_PAGES[match.view_name]
        if request.GET.get("q", "").strip() or not set(request.GET).issubset(allowed):
            return None
        generation = changes.current_generation()
        path_hash = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        request.page_cache = lookup = Lookup(key=f"page:{generation}:{path_hash}", generation=generation)
        entry = cache_get(lookup.key)
        now = timezone.now().timestamp()
        if entry is None or (entry["expires"] is not None and now >= entry["expires"]):
            return None
        lookup.hit = True
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        return finish(request, response, entry, now, "hit")

    @staticmethod
    def next_change(generation: int, now: float) -> float | None:
        """The next scheduled change as a timestamp, kept with the generation until it has come."""
        key = f"page-schedule:{generation}"
        known = cache_get(key)
        if known is not None and (known[0] is None or now < known[0]):
            return known[0]
        moment = changes.next_scheduled_change(timezone.now())
        value = moment.timestamp() if moment else None
        cache_set(key, (value,), settings.PAGE_CACHE_TIMEOUT)
        return value


class Lookup:
    """What the middleware decided for a request: `key` None means "never from the cache" (a session)."""

    def __init__(self, key: str | None, generation: int = 0):
        self.key = key
        self.generation = generation
        self.hit = False


def storable(request, response) -> bool:
    """A complete public 200 page that sets nothing for this one reader: no cookie, no CSRF token, no CSP nonce,
    no session or message, no private Cache-Control."""
    cache_control = response.get("Cache-Control", "")
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not isinstance(getattr(request, "_csp_nonce", None), str)
        and not (session is not None and session.modified)
        and not getattr(getattr(request, "_messages", None), "added_new", False)
    )


def finish(request, response, entry: dict, now: float, outcome: str):
    """Validators, Cache-Control and Vary for a cacheable page; a 304 when the client has this version."""
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["modified"])
    max_age = settings.PAGE_CACHE_MAX_AGE
    if entry["expires"] is not None:
        # A proxy must not keep the page past its next scheduled change either.
        max_age = min(max_age, max(0, math.floor(entry["expires"] - now)))
    patch_cache_control(response, public=True, max_age=max_age)
    if max_age == 0:
        patch_cache_control(response, must_revalidate=True)
    patch_vary_headers(response, ["Cookie"])
    response["X-Page-Cache"] = outcome
    return get_conditional_response(
        request, etag=entry["etag"], last_modified=int(entry["modified"]), response=response
    )


# A cache that fails (a Redis outage) costs the cache, never the page: the request is answered uncached.
def cache_get(key: str):
    try:
        return caches["pages"].get(key)
    except Exception:
        logger.warning("Seiten-Cache nicht erreichbar (Lesen)", exc_info=True)
        return None


def cache_set(key: str, value, timeout: int) -> None:
    try:
        caches["pages"].set(key, value, timeout)
    except Exception:
        logger.warning("Seiten-Cache nicht erreichbar (Schreiben)", exc_info=True)
