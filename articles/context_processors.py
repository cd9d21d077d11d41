import math

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from pagecache.changes import current_generation
from pagecache.middleware import next_change
from pages.models import Page

from .models import Section

# Header and footer of every page: the sections and the published static pages, kept in the fragment cache under
# the content generation (pagecache/changes.py), which every write to a section or page raises: a renamed
# section is in the next page of every worker, and an unchanged site costs no query for them.
NAVIGATION_SECONDS = 3600


def content_generation(request) -> int:
    """The content generation this request renders under: the page cache's, else read once per request."""
    if not hasattr(request, "content_generation"):
        lookup = getattr(request, "page_cache", None)
        request.content_generation = lookup.generation if lookup is not None and lookup.key else current_generation()
    return request.content_generation


def until_next_change(request, name: str, compute):
    """`compute()`, a value drawn from what readers see (a count, related keywords), kept in the fragment cache
    under the content generation and only until the next scheduled change (a publication or end time), when
    published articles change without a write. So lists need not count tens of thousands of rows per request."""
    generation = content_generation(request)
    now = timezone.now().timestamp()
    expires = next_change(generation, now)
    cache, key = caches["fragments"], f"{name}:{generation}:{expires}"
    value = cache.get(key)
    if value is None:
        value = compute()
        seconds = NAVIGATION_SECONDS if expires is None else min(NAVIGATION_SECONDS, math.floor(expires - now))
        if seconds > 0:
            cache.set(key, value, seconds)
    return value


def navigation(request) -> dict:
    if hasattr(request, "site_navigation"):
        return request.site_navigation
    cache, key = caches["fragments"], f"site-navigation:{content_generation(request)}"
    cached = cache.get(key)
    if cached is None:
        cached = {"nav_sections": list(Section.objects.all()), "footer_pages": list(Page.objects.in_footer())}
        cache.set(key, cached, NAVIGATION_SECONDS)
    request.site_navigation = cached
    return cached


def site(request):
    """Site name, the section navigation and the footer's pages, on every page. Lazy: print view, PDF, feeds
    and sitemaps render with this context too, and never look at the navigation."""
    cached = SimpleLazyObject(lambda: navigation(request))
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "nav_sections": SimpleLazyObject(lambda: cached["nav_sections"]),
        "footer_pages": SimpleLazyObject(lambda: cached["footer_pages"]),
    }
