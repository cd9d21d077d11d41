from django.utils.functional import SimpleLazyObject

from pagecache.fragments import per_generation

from .models import Page


def footer_pages(request):
    """The portal's published static pages of the footer on every page (lazy; kept under the portal's content
    generation)."""
    portal = getattr(request, "portal", None)
    if portal is None:
        return {"footer_pages": []}
    return {
        "footer_pages": SimpleLazyObject(
            lambda: per_generation(request, "footer-pages", lambda: list(Page.objects.in_footer(portal)))
        )
    }
