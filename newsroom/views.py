from django.conf import settings
from django.http import HttpResponseNotFound, HttpResponseServerError
from django.template import loader

from articles.models import Article

NEWEST_ON_404 = 5


def page_not_found(request, exception):
    """The site's 404 page: says so in German and offers the search and the newest articles."""
    newest = Article.objects.published().for_teasers()[:NEWEST_ON_404]
    html = loader.render_to_string("404.html", {"newest": newest}, request)
    return HttpResponseNotFound(html)


def server_error(request):
    """The site's 500 page. Unlike Django's own handler it names the site, still without context processors:
    they query the database, which may be what just failed."""
    html = loader.get_template("500.html").render({"site_name": settings.SITE_NAME})
    return HttpResponseServerError(html)
