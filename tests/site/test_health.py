"""/-/health/ for load balancers: 200 when database and caches answer, 503 with the reason otherwise."""

import pytest
from django.core.exceptions import ValidationError

from articles.models import Section

pytestmark = pytest.mark.django_db


def test_health_is_ok_without_cookie_and_never_cached(client):
    response = client.get("/-/health/")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert not response.cookies
    assert "no-cache" in response["Cache-Control"] and "X-Page-Cache" not in response
    assert client.head("/-/health/").status_code == 200


def test_health_accepts_only_get_and_head(client):
    assert client.post("/-/health/").status_code == 405


def test_health_answers_503_with_the_reason_when_a_cache_fails(client, settings, caplog):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": "/dev/null/pages"},
    }
    response = client.get("/-/health/")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert any(problem.startswith("cache pages:") for problem in response.json()["problems"])
    assert "Health check failed" in caplog.text


def test_health_path_is_reserved_for_sections():
    with pytest.raises(ValidationError):
        Section(name="Strich", slug="-").full_clean()
