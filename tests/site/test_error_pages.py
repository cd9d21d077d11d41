"""With DEBUG off, failures show the site's own pages and no internals; logs keep the path, not the person."""

import io
import logging

import pytest
from django.conf import settings
from django.test import Client

from core.security import PersonalDataFilter, scrub

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.urls_errors")]


@pytest.fixture
def log_output():
    """What the project's configured log handler writes (the one carrying PersonalDataFilter)."""
    handler = next(
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, PersonalDataFilter) for f in handler.filters)
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_a_crash_shows_the_site_error_page_without_traceback_or_settings(client):
    assert settings.DEBUG is False
    client.raise_request_exception = False
    response = client.get("/test/absturz/", {"an": "leserin@example.org"})
    assert response.status_code == 500
    html = response.content.decode()
    assert "Da ist etwas schiefgegangen" in html
    assert settings.SITE_NAME in html and "/static/css/site.css" in html
    for internal in ("Traceback", "RuntimeError", "leserin@example.org", settings.SECRET_KEY, "DATABASES"):
        assert internal not in html
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_a_crash_is_logged_with_path_and_traceback_but_no_personal_data(client, log_output):
    client.raise_request_exception = False
    client.cookies["sessionid"] = "geheimes-sitzungs-cookie"
    client.get("/test/absturz/", {"an": "leserin@example.org"}, REMOTE_ADDR="203.0.113.9")
    logged = log_output.getvalue()
    assert "Internal Server Error: /test/absturz/" in logged
    assert "RuntimeError: Versand an [E-Mail] von [IP] gescheitert" in logged
    for personal in ("leserin@example.org", "203.0.113.9", "geheimes-sitzungs-cookie", "an=leserin"):
        assert personal not in logged


def test_an_unreachable_database_gives_the_german_503_page_logged_in_one_line(client, log_output):
    client.raise_request_exception = False
    response = client.get("/test/datenbank-weg/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30" and response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "Die Seite ist vorübergehend nicht erreichbar" in html and settings.SITE_NAME in html
    for internal in ("Traceback", "OperationalError", "10.0.0.5", "5432"):
        assert internal not in html
    logged = log_output.getvalue()
    assert "Database unreachable, answered 503: OperationalError" in logged
    assert "Traceback" not in logged


def test_scrub_masks_ipv4_ipv6_and_mail_addresses_but_keeps_paths_and_times():
    text = "GET /politik/artikel-2/ um 09:30:15 von 2001:db8::7 und 192.0.2.10 für a.b+c@mail.example.de"
    assert scrub(text) == "GET /politik/artikel-2/ um 09:30:15 von [IP] und [IP] für [E-Mail]"


def test_missing_page_shows_the_site_404(client):
    response = client.get("/gibt-es/nicht/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_forbidden_shows_the_site_403(client):
    response = client.get("/test/verboten/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Zugriff verweigert" in html and "/static/css/site.css" in html


def test_unknown_host_shows_the_site_400(client):
    response = client.get("/", HTTP_HOST="angreifer.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ungültige Anfrage" in html and "angreifer.example" not in html


def test_failed_csrf_check_shows_a_german_page_in_the_site_style():
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formular abgelaufen" in html and "/static/css/site.css" in html
    assert "CSRF" not in html
