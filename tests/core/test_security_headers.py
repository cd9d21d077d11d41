"""Protective headers on every response, and uploaded media served inert where the project serves them."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import clear_url_caches, reverse

import newsroom.urls
from core.security import serve_media
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
PROJECT = Path(__file__).resolve().parents[2]


def test_pages_send_nosniff_referrer_permissions_opener_and_frame_headers(client):
    article = ArticleFactory()
    for url in ["/", article.get_absolute_url(), "/gibt-es/nicht/", reverse("admin:login")]:
        headers = client.get(url).headers
        assert headers["X-Content-Type-Options"] == "nosniff", url
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin", url
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin", url
        assert headers["X-Frame-Options"] == "DENY", url
        permissions = headers["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in permissions, url


PRINT_SECURITY_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
    "s.SECURE_PROXY_SSL_HEADER, s.TRUSTED_PROXY_COUNT, s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME)"
)


def security_settings(**env) -> str:
    clean = {k: v for k, v in os.environ.items() if k.startswith(("PATH", "HOME", "LANG", "VIRTUAL_ENV"))}
    clean.update(DJANGO_SETTINGS_MODULE="newsroom.settings", DEBUG="true", **env)
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SECURITY_SETTINGS], cwd=PROJECT, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_https_proxy_and_lockout_settings_are_off_or_moderate_without_environment():
    assert security_settings() == "False 0 False False None 0 5 0:15:00"


def test_https_proxy_and_lockout_settings_are_read_from_the_environment():
    assert (
        security_settings(
            SECURE_SSL_REDIRECT="true",
            SECURE_HSTS_SECONDS="63072000",
            SESSION_COOKIE_SECURE="1",
            CSRF_COOKIE_SECURE="yes",
            SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
            TRUSTED_PROXY_COUNT="1",
            LOGIN_FAILURE_LIMIT="3",
            LOGIN_COOLOFF_MINUTES="30",
        )
        == "True 63072000 True True ('HTTP_X_FORWARDED_PROTO', 'https') 1 3 0:30:00"
    )


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31536000)
def test_with_https_switched_on_http_is_redirected_and_https_gets_hsts(client):
    assert client.get("/").status_code == 301
    response = client.get("/", secure=True)
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


HOSTILE_SVG = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'


def test_media_view_serves_uploads_with_default_src_none_and_nosniff(rf, _media_root):
    (_media_root / "logo.svg").write_text(HOSTILE_SVG)
    response = serve_media(rf.get("/media/logo.svg"), "logo.svg", document_root=str(_media_root))
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == "default-src 'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.fixture
def debug_urlconf():
    """newsroom.urls as it is built with DEBUG on (it serves MEDIA_URL only then); rebuilt afterwards."""
    with override_settings(DEBUG=True):
        importlib.reload(newsroom.urls)
        clear_url_caches()
        yield
    importlib.reload(newsroom.urls)
    clear_url_caches()


def test_project_serves_media_in_debug_mode_with_the_inert_headers(client, _media_root, debug_urlconf):
    (_media_root / "logo.svg").write_text(HOSTILE_SVG)
    response = client.get("/media/logo.svg")
    assert response.status_code == 200
    # The site-wide policy does not replace the stricter one of the media view.
    assert response.headers["Content-Security-Policy"] == "default-src 'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
