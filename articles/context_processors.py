from django.conf import settings
from django.core.cache import caches
from django.utils.functional import SimpleLazyObject

from pagecache.changes import current_generation
from pages.models import Page

from .models import Section

# Header and footer of every page: the sections and the published static pages, kept in the fragment cache under
# the content generation (pagecache/changes.py), which every write to a section or page raises: a renamed
# section is in the next page of every worker, and an unchanged site costs no query for them.
NAVIGATION_SECONDS = 3600


def navigation(request) -> dict:
    if hasattr(request, "site_navigation"):
        return request.site_navigation
    lookup = getattr(request, "page_cache", None)
    generation = lookup.generation if lookup is not None and lookup.key else current_generation()
    cache, key = caches["fragments"], f"site-navigation:{generation}"
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
