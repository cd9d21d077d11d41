"""The page cache: whole public pages for readers without a session, stored under the content generation.

Two middleware (docs/seiten-cache.md):

- `PageCacheMiddleware`, first in MIDDLEWARE: answers a hit before any other middleware runs, from the stored
  status, headers and bytes, with one query for the content generation. On a miss it lets the request through the
  whole stack and stores the finished response, so that what it stores already carries every header the stack
  adds (security headers, CSP, Permissions-Policy, X-Frame-Options, Vary, ...): a hit is that response again.
- `PageCacheViewMiddleware`, after session, CSRF, auth and messages: decides by the resolved view and its query
  parameters whether a page may be stored at all, redirects another spelling of a query to its canonical form
  (pagecache.queries), and marks public pages for editors private.
"""

import hashlib
import logging
import math
from functools import lru_cache

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost, SuspiciousOperation
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseNotModified, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.encoding import escape_uri_path
from django.utils.http import http_date, quote_etag

from core.media import noting_storage_failures

from . import changes, queries, registry

logger = logging.getLogger(__name__)

# Headers made per answer from the entry (validators, freshness), never stored.
UNSTORED_HEADERS = {"cache-control", "date", "etag", "expires", "last-modified", "x-page-cache"}
# A 304 carries the stored headers but none that describe a body.
BODY_HEADERS = {"content-length", "content-type", "content-encoding"}
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")

# A stored page, compact (a tuple pickles small and fast): status, headers in the order the stack set them, body,
# ETag, when it was rendered and the next scheduled change (timestamps), and Last-Modified as sent.
STATUS, HEADERS, CONTENT, ETAG, MODIFIED, EXPIRES, LAST_MODIFIED = range(7)


class Lookup:
    """A reader's request that may be answered from the cache: the key under the generation read before anything
    rendered. `cacheable` is set once the view and its query parameters allow storing the answer. `key` None:
    a public page for someone with a session (never from the cache, private)."""

    __slots__ = ("cacheable", "generation", "key")

    def __init__(self, key: str | None, generation: str = ""):
        self.key = key
        self.generation = generation
        self.cacheable = False


class PageCacheMiddleware:
    """First in MIDDLEWARE: hits answered before any other middleware, misses stored after all of them."""

    def __init__(self, get_response):
        self.get_response = get_response
        # Never public pages: a static file or the admin costs no generation query.
        self.never_cached = tuple(
            prefix
            for prefix in (settings.STATIC_URL, settings.MEDIA_URL, settings.ADMIN_URL_PREFIX)
            if prefix[:1] == "/"
        )

    def __call__(self, request):
        lookup = self.lookup(request)
        if lookup is None:
            return self.get_response(request)
        entry = cache_get(lookup.key)
        now = timezone.now().timestamp()
        if entry is not None and (entry[EXPIRES] is None or now < entry[EXPIRES]):
            return answer(request, hit_response(entry), entry, now, "hit")
        request.page_cache = lookup
        with noting_storage_failures() as storage_failures:
            response = self.get_response(request)
        # A page that lacks a picture the media storage refused is not kept: it is whole again as soon as the
        # storage is (docs/betrieb.md).
        if not lookup.cacheable or storage_failures or not storable(request, response):
            return response
        patch_vary_headers(response, ["Cookie"])
        expires = next_change(lookup.generation, now)
        entry = (
            response.status_code,
            # As Django keeps them (lower-case name, (name, value)), checked already when the stack set them.
            tuple(item for item in response.headers._store.items() if item[0] not in UNSTORED_HEADERS),
            response.content,
            quote_etag(hashlib.sha256(response.content).hexdigest()[:32]),
            now,
            expires,
            http_date(now),
        )
        timeout = settings.PAGE_CACHE_TIMEOUT
        if expires is not None:
            timeout = min(timeout, math.ceil(expires - now))
        cache_set(lookup.key, entry, timeout)
        return answer(request, response, entry, now, "miss")

    def lookup(self, request) -> Lookup | None:
        """A lookup for a reader's GET or HEAD that the rest of the stack would answer as it stands, else None."""
        meta = request.META
        if (
            request.method not in ("GET", "HEAD")
            or not settings.PAGE_CACHE_ENABLED
            or "HTTP_AUTHORIZATION" in meta
            or ("HTTP_COOKIE" in meta and settings.SESSION_COOKIE_NAME in request.COOKIES)
            or request.path_info.startswith(self.never_cached)
            # Answers the security and common middleware turn into a redirect stay theirs.
            or settings.PREPEND_WWW
            or (settings.SECURE_SSL_REDIRECT and not request.is_secure())
        ):
            return None
        view_name = cached_view(settings.ROOT_URLCONF, request.path_info)
        if view_name is None:
            return None  # other views cost no generation read and no cache lookup
        try:
            request.get_host()
            canonical = queries.canonical_query(registry.CACHED_PAGES[view_name], request.GET)
        except (DisallowedHost, SuspiciousOperation):
            return None  # the stack answers with its 400
        if canonical != request.META.get("QUERY_STRING", ""):
            return None  # another spelling (PageCacheViewMiddleware redirects it) or a page that is not stored
        try:
            generation = changes.read_generation()
        except DatabaseError:
            # The database is down: the stack answers (its 503 page, with every header), and no old page is served.
            return None
        if generation is None:
            return None  # no generation yet (tables just flushed): nothing tells this database's pages apart
        # The scheme is part of the key: HSTS is sent over HTTPS only.
        scheme = "https" if request.is_secure() else "http"
        path_hash = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        return Lookup(f"page:{generation}:{scheme}:{path_hash}", generation)


@lru_cache(maxsize=4096)
def cached_view(urlconf: str, path: str) -> str | None:
    """The name of the registered cached view the address resolves to, or None. The URL patterns do not change while
    the process runs, so the answer is kept (for the most recent addresses); the view still decides what is stored."""
    try:
        name = resolve(path, urlconf).view_name
    except Resolver404:
        return None
    return name if name in registry.CACHED_PAGES else None


class PageCacheViewMiddleware:
    """After session, CSRF, auth and messages: which resolved views may be stored, and editors' pages private."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        lookup = getattr(request, "page_cache", None)
        if lookup is not None and lookup.key is None:
            # A public page for an editor (or anyone with a session): fresh, and kept by no shared cache.
            patch_vary_headers(response, ["Cookie"])
            patch_cache_control(response, private=True, no_cache=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            not settings.PAGE_CACHE_ENABLED
            or request.method not in ("GET", "HEAD")
            or match is None
            or match.view_name not in registry.CACHED_PAGES
        ):
            return None
        canonical = queries.canonical_query(registry.CACHED_PAGES[match.view_name], request.GET)
        if canonical is not queries.UNSTORED and canonical != request.META.get("QUERY_STRING", ""):
            # One address per content: another spelling of the query goes to the canonical one, for everyone.
            return HttpResponsePermanentRedirect(escape_uri_path(request.path) + (f"?{canonical}" if canonical else ""))
        if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
            request.page_cache = Lookup(key=None)
            return None
        lookup = getattr(request, "page_cache", None)
        if lookup is not None and canonical is not queries.UNSTORED:
            lookup.cacheable = True
        return None


def next_change(generation: str, now: float) -> float | None:
    """The next scheduled change as a timestamp, kept with the generation until it has come."""
    key = f"page-schedule:{generation}"
    known = cache_get(key)
    if known is not None and (known[0] is None or now < known[0]):
        return known[0]
    moment = changes.next_scheduled_change(timezone.now())
    value = moment.timestamp() if moment else None
    cache_set(key, (value,), settings.PAGE_CACHE_TIMEOUT)
    return value


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


def hit_response(entry: tuple) -> HttpResponse:
    response = HttpResponse(entry[CONTENT], status=entry[STATUS])
    # The stored headers as they were: no need to check and encode each again.
    response.headers._store = dict(entry[HEADERS])
    return response


def answer(request, response, entry: tuple, now: float, outcome: str):
    """Validators, Cache-Control and the outcome on a stored page, hit or miss alike; a 304 when the client has
    this version (with the stored headers but those of the body)."""
    expires = entry[EXPIRES]
    max_age = settings.PAGE_CACHE_MAX_AGE
    if expires is not None:
        # A proxy must not keep the page past its next scheduled change either.
        max_age = min(max_age, max(0, math.floor(expires - now)))
    response["Cache-Control"] = (
        f"public, max-age={max_age}, must-revalidate" if max_age == 0 else f"public, max-age={max_age}"
    )
    response["ETag"] = entry[ETAG]
    response["Last-Modified"] = entry[LAST_MODIFIED]
    response["X-Page-Cache"] = outcome
    meta = request.META
    if not any(header in meta for header in CONDITIONAL_HEADERS):
        return response
    conditional = get_conditional_response(
        request, etag=entry[ETAG], last_modified=int(entry[MODIFIED]), response=response
    )
    if isinstance(conditional, HttpResponseNotModified):
        for lower, (name, value) in entry[HEADERS]:
            if lower not in BODY_HEADERS and lower not in conditional:
                conditional[name] = value
    return conditional


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
