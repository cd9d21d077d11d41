"""The project's URLs plus views that fail on purpose, for tests/site/test_error_pages.py."""

from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.urls import path

from newsroom.urls import handler500
from newsroom.urls import urlpatterns as project_urlpatterns


def crash(request):
    raise RuntimeError(f"Versand an {request.GET.get('an', '')} von {request.META['REMOTE_ADDR']} gescheitert")


def database_gone(request):
    raise OperationalError('connection to server at "10.0.0.5", port 5432 failed: Connection refused')


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("test/absturz/", crash),
    path("test/verboten/", forbidden),
    path("test/datenbank-weg/", database_gone),
    *project_urlpatterns,
]

__all__ = ["handler500", "urlpatterns"]
