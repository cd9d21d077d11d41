import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponseNotFound, HttpResponseServerError
from django.template import loader

from articles.models import Article

logger = logging.getLogger(__name__)

NEWEST_ON_404 = 5
# Seconds after which a reader's browser or a proxy may try again while the database is away.
DATABASE_RETRY_AFTER = 30


def page_not_found(request, exception):
    """The portal's 404 page: says so in German and offers the search and the portal's newest articles."""
    portal = getattr(request, "portal", None)
    newest = Article.objects.published().shown_on(portal).for_teasers()[:NEWEST_ON_404] if portal else []
    html = loader.render_to_string("404.html", {"newest": newest}, request)
    return HttpResponseNotFound(html)


def server_error(request):
    """The site's 500 page. Unlike Django's own handler it names the site, still without context processors:
    they query the database, which may be what just failed.

    A database that cannot be reached (connection refused or lost: OperationalError, InterfaceError) is an outage,
    not a bug: the reader gets the 503 page with Retry-After. Django calls this handler for every uncaught
    exception, wherever it was raised (a view, the page cache's generation lookup, a template), from inside its
    `except` block, so the exception is at hand here."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        logger.error("Database unreachable, answered 503: %s: %s", type(error).__name__, error)
        return database_unavailable(request)
    html = loader.get_template("500.html").render({"site_name": site_name(request)})
    return HttpResponseServerError(html)


def site_name(request) -> str:
    """The portal's name, known from the host table the portals' middleware kept (no query), else SITE_NAME."""
    portal = getattr(request, "portal", None)
    return portal.display_name if portal is not None else settings.SITE_NAME


def database_unavailable(request=None):
    html = loader.get_template("503.html").render({"site_name": site_name(request)})
    response = HttpResponseServerError(html, status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER)
    # Nobody may keep the outage page: it must go away the moment the database is back.
    response["Cache-Control"] = "no-store"
    # Logged above in one line; Django's own log line would add the whole traceback for every request.
    response._has_been_logged = True
    return response
