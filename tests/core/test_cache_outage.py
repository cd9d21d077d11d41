"""Redis gone: pages are served uncached (a warning at most once a minute, never a 500), logins and their lockout
go on (django-axes counts in the database), and so does Link mailen with its limits (counted in the database too,
core.limits). Once with a port where nothing listens, once with the real server stopped in the middle."""

import logging

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.urls import reverse

from core import caching
from core.caching import CacheUnavailable, cache_required, redis_caches, reset_outage
from tests.factories import ArticleFactory
from tests.mail_server import free_port

pytestmark = pytest.mark.django_db

ADDRESS = "kollegin@amt-musterstadt.de"


@pytest.fixture
def dead_redis(settings):
    """Every alias on a Redis URL where nothing listens."""
    settings.CACHES = redis_caches(
        f"redis://127.0.0.1:{free_port()}/0", settings.CACHES, key_prefix="test", socket_timeout=0.5, retry_seconds=0
    )
    reset_outage()
    yield
    reset_outage()


def cache_warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "core.caching" and r.levelno == logging.WARNING]


def mail_url(article) -> str:
    return reverse("articles:detail-mail", kwargs={"section": article.section.slug, "slug": article.slug})


def public_urls(article) -> list[str]:
    return ["/", article.get_absolute_url(), f"/{article.section.slug}/", "/archiv/", "/feeds/rss/", "/sitemap.xml"]


def test_pages_are_served_without_the_cache_and_the_outage_is_logged_once(client, dead_redis, caplog):
    articles = ArticleFactory.create_batch(3)

    for _round in range(2):
        for url in public_urls(articles[0]):
            response = client.get(url)
            assert response.status_code == 200, url
    assert articles[1].headline in client.get("/").content.decode()

    warnings = cache_warnings(caplog)
    assert len(warnings) == 1, warnings
    assert "Cache unreachable" in warnings[0] and "ConnectionError" in warnings[0]


def test_link_mail_goes_on_with_its_limits_without_the_cache(client, dead_redis, smtp, settings):
    settings.LINK_MAIL_PER_CLIENT_PER_HOUR = 2
    article = ArticleFactory()

    assert client.get(mail_url(article)).status_code == 200
    statuses = [
        client.post(mail_url(article), {"recipient": f"leser{n}@amt-musterstadt.de"}).status_code for n in range(3)
    ]

    assert statuses == [302, 302, 429]
    assert len(smtp.envelopes) == 2


def test_login_and_its_lockout_go_on_without_the_cache(client, dead_redis, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    User.objects.create_user("redakteurin", password="Rathaus-Dach-2024!", is_staff=True)
    login = reverse("admin:login")

    statuses = [client.post(login, {"username": "redakteurin", "password": "falsch"}).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    assert client.post(login, {"username": "redakteurin", "password": "Rathaus-Dach-2024!"}).status_code == 429
    other = client.post(login, {"username": "redakteurin", "password": "Rathaus-Dach-2024!"}, REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 302


def test_the_warning_comes_again_only_after_a_minute(dead_redis, caplog):
    pages = caches["pages"]
    pages.get("a")
    pages.set("b", 1)
    caching._outage["warned_at"] -= 59
    pages.get("c")
    assert len(cache_warnings(caplog)) == 1

    caching._outage["warned_at"] -= 2
    pages.get("d")
    assert len(cache_warnings(caplog)) == 2


def test_an_unreachable_cache_answers_misses_except_where_it_is_required(dead_redis):
    cache = caches["fragments"]
    assert cache.get("x") is None and cache.get("x", "vorgabe") == "vorgabe"
    assert cache.get_many(["x", "y"]) == {} and cache.has_key("x") is False
    assert cache.add("x", 1) is False and cache.set("x", 1) is None and cache.touch("x") is False
    assert cache.set_many({"x": 1, "y": 2}) == ["x", "y"]
    assert cache.delete("x") is False and cache.delete_many(["x"]) is None and cache.clear() is False
    assert cache.get_or_set("x", "neu") == "neu"
    with pytest.raises(ValueError):
        cache.incr("x")
    with cache_required(), pytest.raises(CacheUnavailable):
        cache.get("x")
    with cache_required(), pytest.raises(CacheUnavailable):
        caches["default"].add("x", 0)


def test_after_an_error_the_server_is_left_alone_for_the_retry_time(settings, redis_server):
    settings.CACHES = redis_caches(
        redis_server.url, settings.CACHES, key_prefix="t", socket_timeout=0.5, retry_seconds=60
    )
    reset_outage()
    pages = caches["pages"]
    pages.set("da", "ja")
    redis_server.stop()
    try:
        assert pages.get("da") is None
    finally:
        redis_server.start()
    # Back, but not asked again before the retry time is over: no connection attempt per call in an outage.
    assert pages.get("da") is None
    with cache_required(), pytest.raises(CacheUnavailable):
        caches["default"].add("x", 0)
    reset_outage()
    pages.set("da", "wieder")
    assert pages.get("da") == "wieder"


def test_redis_stopping_in_the_middle_costs_no_page_and_no_mail(client, redis_cache, smtp, caplog, settings):
    settings.LINK_MAIL_PER_RECIPIENT_PER_DAY = 2
    article = ArticleFactory()
    assert client.get("/").status_code == 200
    assert client.post(mail_url(article), {"recipient": ADDRESS}).status_code == 302
    assert redis_cache.client().keys("test:fragments:*")

    redis_cache.stop()
    try:
        for url in public_urls(article):
            assert client.get(url).status_code == 200, url
        assert client.post(mail_url(article), {"recipient": ADDRESS}).status_code == 302
        assert len(cache_warnings(caplog)) == 1
    finally:
        redis_cache.start()

    # The limit counted what was sent while Redis was away.
    assert client.post(mail_url(article), {"recipient": ADDRESS}).status_code == 429
    assert [envelope.rcpt_tos for envelope in smtp.envelopes] == [[ADDRESS], [ADDRESS]]


def test_health_answers_503_naming_the_unreachable_cache_without_its_address(client, dead_redis):
    response = client.get("/-/health/")

    assert response.status_code == 503
    problems = response.json()["problems"]
    assert "cache default: CacheUnavailable" in problems and "cache pages: CacheUnavailable" in problems
    assert "127.0.0.1" not in response.content.decode()
