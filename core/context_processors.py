from django.conf import settings


def site(request):
    """The portal's name and address on every page, mail, feed and PDF."""
    return {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL}
