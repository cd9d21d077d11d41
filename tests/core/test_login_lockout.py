"""Failed admin logins lock the user name from that client address for the cool-off time (django-axes)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from core.security import client_ip

pytestmark = pytest.mark.django_db

PASSWORD = "Rathaus-Dach-2024!"
LIMIT = settings.AXES_FAILURE_LIMIT


@pytest.fixture(autouse=True)
def editor(settings):
    # Dozens of logins per test: a fast hasher keeps them quick; the lockout does not depend on it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return User.objects.create_user("redakteurin", password=PASSWORD, is_staff=True, is_superuser=True)


def login(client, password, username="redakteurin", **extra):
    return client.post(reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}, **extra)


def lock_out(client, **extra):
    for attempt in range(1, LIMIT):
        response = login(client, "falsch", **extra)
        assert response.status_code == 200, attempt
        assert "Bitte Benutzername und Passwort für einen Staff-Account eingeben" in response.content.decode()
    return login(client, "falsch", **extra)


def test_the_configured_number_of_failures_locks_with_a_german_429_page(client):
    assert (5, timedelta(minutes=15)) == (LIMIT, settings.AXES_COOLOFF_TIME)
    response = lock_out(client)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Anmeldung vorübergehend gesperrt" in html
    assert "für 15 Minuten gesperrt" in html
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    # Even the right password does not get through now.
    assert login(client, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_holds_only_that_user_name_from_that_address(client):
    User.objects.create_user("kollege", password=PASSWORD, is_staff=True)
    assert lock_out(client).status_code == 429
    assert login(client, PASSWORD, username="kollege").status_code == 302
    client.logout()
    assert login(client, PASSWORD, REMOTE_ADDR="192.0.2.44").status_code == 302


def test_login_works_again_after_the_cool_off(client):
    assert lock_out(client).status_code == 429
    cool_off = settings.AXES_COOLOFF_TIME
    AccessAttempt.objects.update(attempt_time=timezone.now() - cool_off + timedelta(minutes=1))
    assert login(client, PASSWORD).status_code == 429, "still locked one minute before the end"
    AccessAttempt.objects.update(attempt_time=timezone.now() - cool_off - timedelta(seconds=1))
    response = login(client, PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"


def test_spoofed_forwarded_for_headers_do_not_dodge_the_lockout(client):
    for attempt in range(1, LIMIT):
        assert login(client, "falsch", HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}").status_code == 200
    response = login(client, "falsch", HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert response.status_code == 429
    assert login(client, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.250").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_behind_a_declared_proxy_the_forwarded_client_address_is_locked(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    assert lock_out(client, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 429
    # What the client itself wrote in front of the proxy's entry changes nothing.
    forged = "192.0.2.1, 203.0.113.7"
    assert login(client, PASSWORD, HTTP_X_FORWARDED_FOR=forged, **proxy).status_code == 429
    # Another reader behind the same proxy is not affected.
    assert login(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy).status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "10.0.0.1"),
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "192.0.2.1, 203.0.113.7", "203.0.113.7"),
        (2, "192.0.2.1, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.1"),
        (1, "", "10.0.0.1"),
    ],
)
def test_client_ip_trusts_only_as_many_forwarded_entries_as_declared_proxies(
    rf, settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_a_successful_login_resets_the_failure_count(client):
    for _ in range(LIMIT - 1):
        assert login(client, "falsch").status_code == 200
    assert login(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(LIMIT - 1):
        assert login(client, "falsch").status_code == 200
    assert login(client, PASSWORD).status_code == 302
