"""Settings come from the environment, with safe local defaults (each case runs in a fresh interpreter)."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
PRINT_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.ALLOWED_HOSTS, s.SITE_URL, s.LANGUAGE_CODE, s.TIME_ZONE)"
)


def run_with_env(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "SITE_URL"}}
    clean.update(DJANGO_SETTINGS_MODULE="newsroom.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS], cwd=PROJECT, env=clean, capture_output=True, text=True, timeout=60
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = run_with_env(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_mode_starts_with_a_development_key_on_sqlite():
    result = run_with_env(DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert "True django.db.backends.sqlite3" in result.stdout
    assert "de Europe/Berlin" in result.stdout


def test_empty_database_url_means_the_sqlite_default():
    result = run_with_env(DEBUG="false", SECRET_KEY="x" * 50, DATABASE_URL="")
    assert result.returncode == 0, result.stderr
    assert "False django.db.backends.sqlite3" in result.stdout


def test_database_url_and_hosts_and_site_url_are_read_from_the_environment():
    result = run_with_env(
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://u:p@127.0.0.1:5432/newsroom",
        ALLOWED_HOSTS="news.example, www.news.example",
        SITE_URL="https://news.example/",
    )
    assert result.returncode == 0, result.stderr
    assert "django.db.backends.postgresql ['news.example', 'www.news.example'] https://news.example " in result.stdout
