from django.conf import settings


def portal(request):
    """The request's portal on every page: its name and address (absolute links), language, colours, logo, footer.
    Without one (an unknown host's 400 page) the settings' name and address."""
    found = getattr(request, "portal", None)
    if found is None:
        return {"portal": None, "site_name": settings.SITE_NAME, "site_url": settings.SITE_URL}
    return {"portal": found, "site_name": found.display_name, "site_url": found.url}
