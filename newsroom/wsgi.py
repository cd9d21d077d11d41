"""WSGI entry point (gunicorn newsroom.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

django_application = get_wsgi_application()


def application(environ, start_response):
    """Django's application; the body of a HEAD answer is dropped here, since gunicorn would warn each time it
    drops it (the headers, Content-Length included, stay those of the GET)."""
    body = django_application(environ, start_response)
    if environ.get("REQUEST_METHOD") != "HEAD":
        return body
    if hasattr(body, "close"):
        body.close()
    return []
