"""HTTP methods on public URLs: GET and HEAD everywhere, POST only where a form is (Link mailen); everything
else gets 405 with an `Allow` header and a German page, before the CSRF check could answer 403.

The URLs come from walking the project's URL resolver (the admin left out), so a new public pattern is covered
without touching this file; only a new form that takes POST must be named in ACCEPTS_POST.
"""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.converters import IntConverter
from django.utils.regex_helper import normalize

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ACCEPTS_POST = {
    "articles:detail-mail",
    # The newsletter's signup form and the pages behind the signed links of its mails (RFC 8058 one-click).
    "newsletter:subscribe",
    "newsletter:confirm",
    "newsletter:unsubscribe",
    "newsletter:manage",
}
ODD_METHODS = ["PUT", "DELETE", "PATCH", "PROPFIND", "PROPPATCH", "MKCOL", "LOCK", "TRACE", "OPTIONS", "CONNECT", "FOO"]
GERMAN_405 = "Anfrage nicht möglich"


def sample_path(pattern: URLPattern, prefix: str) -> str:
    """A path that `pattern` resolves, each parameter filled with a value its converter takes."""
    converters = getattr(pattern.pattern, "converters", {})
    regex = prefix + pattern.pattern.regex.pattern.lstrip("^")
    [(template, params)] = normalize(regex)[:1]
    values = {name: "1" if isinstance(converters.get(name), IntConverter) else "beispiel" for name in params}
    for name in params:
        # A group of fixed words ("impressum|datenschutz|…") takes its first word.
        words = re.search(rf"\(\?P<{name}>([\w|-]+)\)", regex)
        if words and "|" in words.group(1):
            values[name] = words.group(1).split("|")[0]
    return "/" + template % values


def public_patterns(resolver=None, prefix="", namespace=""):
    """(name, path) of every URL pattern outside the admin."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from public_patterns(entry, prefix + entry.pattern.regex.pattern.lstrip("^").rstrip("$"), inner)
        else:
            name = f"{namespace}{entry.name}" if entry.name else entry.pattern.regex.pattern
            yield name, sample_path(entry, prefix)


PATTERNS = sorted(public_patterns())


@pytest.fixture
def csrf_client():
    # The CSRF check on, as in production, so a 403 from it would show.
    return Client(enforce_csrf_checks=True)


def test_the_walk_finds_every_kind_of_public_url():
    names = {name for name, _path in PATTERNS}
    assert {"articles:home", "articles:feed", "articles:sitemap", "articles:robots", "articles:detail-mail"} <= names
    assert not any(path.startswith(settings.ADMIN_URL_PREFIX) for _name, path in PATTERNS)
    for name, path in PATTERNS:
        # The sample path reaches the pattern it was made from, not a neighbour.
        match = resolve(path)
        assert {name, name.lstrip("^")} & {match.view_name, match.route}, (name, path)


@pytest.mark.parametrize(("name", "path"), PATTERNS, ids=[name for name, _path in PATTERNS])
def test_odd_methods_on_public_urls_get_405_with_allow_header_and_german_page(csrf_client, name, path):
    allowed = "GET, HEAD, POST" if name in ACCEPTS_POST else "GET, HEAD"
    odd = ODD_METHODS + ([] if name in ACCEPTS_POST else ["POST"])
    for method in odd:
        response = csrf_client.generic(method, path)
        assert response.status_code == 405, (method, path, response.status_code)
        assert response["Allow"] == allowed, (method, path)
        html = response.content.decode()
        assert GERMAN_405 in html and settings.SITE_NAME in html, (method, path)
        assert f"nur Anfragen der Art {allowed}" in html


@pytest.mark.parametrize(("name", "path"), PATTERNS, ids=[name for name, _path in PATTERNS])
def test_get_and_head_on_public_urls_are_never_405_or_500(client, name, path):
    for method in ["GET", "HEAD"]:
        response = client.generic(method, path)
        assert response.status_code not in {405, 500}, (method, path, response.status_code)


def test_real_pages_feeds_sitemaps_and_robots_answer_get_and_head_but_not_trace(client):
    article = ArticleFactory()
    for path in [article.get_absolute_url(), "/feeds/rss/", "/feeds/atom/", "/sitemap.xml", "/robots.txt"]:
        assert client.get(path).status_code == 200, path
        assert client.head(path).status_code == 200, path
        assert client.trace(path).status_code == 405, path


def test_link_mail_form_still_takes_post_and_checks_csrf(csrf_client):
    article = ArticleFactory()
    path = f"{article.get_absolute_url()}mailen/"
    response = csrf_client.post(path, {"recipient": "kollegin@amt-musterstadt.de"})
    assert response.status_code == 403
    assert "Formular abgelaufen" in response.content.decode()


def test_admin_keeps_djangos_own_handling(csrf_client):
    response = csrf_client.generic("PUT", settings.ADMIN_URL_PREFIX + "login/")
    assert response.status_code == 403
    assert GERMAN_405 not in response.content.decode()
