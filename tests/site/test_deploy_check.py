"""`manage.py check --deploy --fail-level WARNING` (as `make check-deploy` runs it) holds with production settings
and fails as soon as one of them is missing. Each case runs in a fresh interpreter."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "news.example",
    "SITE_URL": "https://news.example",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "SESSION_COOKIE_SECURE": "true",
    "CSRF_COOKIE_SECURE": "true",
}


# Set for the test run itself (conftest.py); production never sets it, and the check warns about it.
NOT_IN_PRODUCTION = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def deploy_check(**overrides):
    env = {key: value for key, value in os.environ.items() if key not in PRODUCTION.keys() | NOT_IN_PRODUCTION}
    env.update(PRODUCTION, DJANGO_SETTINGS_MODULE="newsroom.settings", **overrides)
    env = {key: value for key, value in env.items() if value is not None}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_with_production_settings():
    result = deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("override", "check_id"),
    [
        ({"DEBUG": "true"}, "security.W018"),
        ({"SECRET_KEY": "kurz"}, "security.W009"),
        ({"SECURE_SSL_REDIRECT": None}, "security.W008"),
        ({"SECURE_HSTS_SECONDS": None}, "security.W004"),
        ({"SECURE_HSTS_INCLUDE_SUBDOMAINS": None}, "security.W005"),
        ({"SECURE_HSTS_PRELOAD": None}, "security.W021"),
        ({"SESSION_COOKIE_SECURE": None}, "security.W012"),
        ({"CSRF_COOKIE_SECURE": None}, "security.W016"),
    ],
    ids=lambda value: next(iter(value)) if isinstance(value, dict) else None,
)
def test_deploy_check_fails_when_one_production_setting_is_missing(override, check_id):
    result = deploy_check(**override)
    assert result.returncode != 0
    assert check_id in result.stderr
