from django.conf import settings
from django.core.cache import caches
from django.utils.functional import SimpleLazyObject

from pages.models import Page

from .models import Section

# Header and footer of every page: the sections and the published static pages, kept in the fragment cache
# so a page costs no query for them. Saving or deleting a section or page forgets them at once in this
# process; other processes see the change within NAVIGATION_SECONDS.
NAVIGATION_KEY = "site-navigation"
NAVIGATION_SECONDS = 300


def navigation() -> dict:
    cache = caches["fragments"]
    cached = cache.get(NAVIGATION_KEY)
    if cached is None:
        cached = {"nav_sections": list(Section.objects.all()), "footer_pages": list(Page.objects.in_footer())}
        cache.set(NAVIGATION_KEY, cached, NAVIGATION_SECONDS)
    return cached


def forget_navigation(**kwargs) -> None:
    caches["fragments"].delete(NAVIGATION_KEY)


def site(request):
    """Site name, the section navigation and the footer's pages, on every page. Lazy: print view, PDF, feeds
    and sitemaps render with this context too, and never look at the navigation."""
    cached = SimpleLazyObject(navigation)
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "nav_sections": SimpleLazyObject(lambda: cached["nav_sections"]),
        "footer_pages": SimpleLazyObject(lambda: cached["footer_pages"]),
    }
