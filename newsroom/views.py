from django.conf import settings
from django.http import HttpResponseServerError
from django.template import loader


def server_error(request):
    """The site's 500 page. Unlike Django's own handler it names the site, still without context processors:
    they query the database, which may be what just failed."""
    html = loader.get_template("500.html").render({"site_name": settings.SITE_NAME})
    return HttpResponseServerError(html)
