from django.utils.functional import SimpleLazyObject

from pagecache.fragments import per_generation

from .models import Section


def nav_sections(request) -> list[Section]:
    """The portal's sections of the header's navigation, kept under its content generation: a renamed section is
    in the next page of every worker, and an unchanged site costs no query for them."""
    portal = request.portal
    return per_generation(request, "nav-sections", lambda: list(Section.objects.filter(portal=portal)))


def sections(request):
    """The header's sections on every page; lazy, since print view, PDF, feeds and sitemaps never show them."""
    if getattr(request, "portal", None) is None:
        return {"nav_sections": []}
    return {"nav_sections": SimpleLazyObject(lambda: nav_sections(request))}
