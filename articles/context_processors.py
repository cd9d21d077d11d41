from django.utils.functional import SimpleLazyObject

from pagecache.fragments import per_generation

from .models import Section


def nav_sections(request) -> list[Section]:
    """The sections of the header's navigation, kept under the content generation: a renamed section is in the
    next page of every worker, and an unchanged site costs no query for them."""
    return per_generation(request, "nav-sections", lambda: list(Section.objects.all()))


def sections(request):
    """The header's sections on every page; lazy, since print view, PDF, feeds and sitemaps never show them."""
    return {"nav_sections": SimpleLazyObject(lambda: nav_sections(request))}
