"""`PortalMiddleware`, first in MIDDLEWARE: which portal a request is for, from its host, before anything else.

One query per request (the content generation of that portal, which the page cache uses as it is), plus one to
read the host table when the global generation moved since this process last read it (portals/directory.py).
Static files and uploads cost nothing. The host is Django's own reading of it: `Host`, or `X-Forwarded-Host` only
with USE_X_FORWARDED_HOST, normalised (lower case, without port and trailing dot). Then:

- a portal's primary host: `request.portal` is that portal;
- an alias: 301 to the portal's address with path and query string;
- another host that the environment's ALLOWED_HOSTS allows: the first portal, as before there were portals;
- any other host: `request.portal` is None, and Django answers 400 as for every host it does not know (the host
  table is what ALLOWED_HOSTS holds besides the environment's names, core/hosts.py).

Absolute URLs never come from the request: a portal's are built on its configured address (`Portal.url`).
"""

import copy

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponsePermanentRedirect
from django.http.request import split_domain_port

from pagecache import changes

from . import directory as directories


class PortalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.skipped = tuple(prefix for prefix in (settings.STATIC_URL, settings.MEDIA_URL) if prefix[:1] == "/")

    def __call__(self, request):
        if request.path_info.startswith(self.skipped):
            return self.get_response(request)
        domain, _port = split_domain_port(request._get_raw_host())
        directory = directories.kept()
        try:
            if directory is not None:
                generations = changes.read_generations(scope_of(directory, domain))
            if directory is None or generations is None or directory.generation != tuple(generations[:2]):
                # Never read here, or the host table changed: read it anew, with every portal's number of the
                # same moment (one query).
                directory = directories.load()
                generations = directory.generations(scope_of(directory, domain))
        except DatabaseError:
            # The database does not answer: the views' 503 page names the portal if the table is known here.
            generations = None
        if directory is None:
            return self.get_response(request)
        portal, is_alias = directory.lookup(domain)
        if is_alias:
            return HttpResponsePermanentRedirect(portal.url + request.get_full_path())
        if portal is not None:
            # A copy per request: views may note things on it (what it shows, see articles/placement.py).
            portal = copy.copy(portal)
            scope = portal.pk
            portal.content_generation = changes.token(scope, generations)
            request.content_scope = scope
            request.content_generation = portal.content_generation
        request.portal = portal
        directories.use(directory)
        try:
            return self.get_response(request)
        finally:
            directories.use(None)


def scope_of(directory, domain: str) -> int:
    portal = directory.lookup(domain)[0]
    return portal.pk if portal is not None else 0
