"""`/-/health/` for load balancers: 200 "ok" when the database and the caches answer, else 503 with the reason.

Sets no cookie (it touches no session), is never cached, and gunicorn's access log leaves it out
(newsroom/gunicorn.conf.py), so that a probe every few seconds does not drown the log."""

import logging
import secrets

from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.caching import cache_required

logger = logging.getLogger(__name__)

HEALTH_PATH = "-/health/"
CHECKED_CACHES = ("default", "pages")


def problems() -> list[tuple[str, str]]:
    """(what failed, why) for each part that does not answer; the answer names only the part and the kind of
    error, the log has the whole message (which may name internal hosts)."""
    found = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        found.append((f"database: {type(error).__name__}", str(error)))
    for alias in CHECKED_CACHES:
        probe = secrets.token_hex(8)
        try:
            # A Redis cache that degrades quietly for pages must tell the truth here (newsroom/caching.py).
            with cache_required():
                cache = caches[alias]
                cache.set(f"health:{probe}", probe, 10)
                answered = cache.get(f"health:{probe}") == probe
                cache.delete(f"health:{probe}")
        except Exception as error:
            found.append((f"cache {alias}: {type(error).__name__}", str(error)))
            continue
        if not answered:
            found.append((f"cache {alias}: a value just stored could not be read back", ""))
    return found


@never_cache
@require_safe
def health(request):
    found = problems()
    if not found:
        return JsonResponse({"status": "ok"})
    logger.warning("Health check failed: %s", "; ".join(f"{part} {detail}".strip() for part, detail in found))
    response = JsonResponse({"status": "unavailable", "problems": [part for part, _detail in found]}, status=503)
    # Logged above with its reason; Django's own "Service Unavailable" line would only repeat it.
    response._has_been_logged = True
    return response
