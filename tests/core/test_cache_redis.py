"""CACHE_URL=redis://…: every cache alias on one real Redis server (tests/services.py), each under its own
key prefix, so that the teasers and the page cache are shared by all workers (the limits of Link mailen are not
there: they count in the database)."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from core.caching import DegradingRedisCache, redis_caches
from core.models import LimitCounter
from tests.factories import ArticleFactory
from tests.services import settings_with_env

ALIASES = {"default", "fragments", "pages"}


def test_cache_url_puts_every_alias_on_redis_with_its_own_key_prefix():
    configured = settings_with_env({"CACHE_URL": "redis://:geheim@cache.intern:6380/2"}, "CACHES")["CACHES"]

    assert set(configured) == ALIASES
    for alias, config in configured.items():
        assert config["BACKEND"] == "core.caching.DegradingRedisCache"
        assert config["LOCATION"] == "redis://:geheim@cache.intern:6380/2"
        assert config["KEY_PREFIX"] == f"newsroom:{alias}"
        assert config["OPTIONS"]["socket_timeout"] == 0.5


def test_cache_url_for_tls_and_unix_sockets_and_a_key_prefix_of_ones_own():
    for url in ("rediss://cache.intern:6380/0", "unix:///run/redis/redis.sock?db=3"):
        environ = {"CACHE_URL": url, "CACHE_KEY_PREFIX": "portal", "CACHE_SOCKET_TIMEOUT": "2"}
        configured = settings_with_env(environ, "CACHES")["CACHES"]
        assert {config["LOCATION"] for config in configured.values()} == {url}
        assert configured["pages"]["KEY_PREFIX"] == "portal:pages"
        assert configured["default"]["OPTIONS"]["socket_connect_timeout"] == 2.0


@pytest.mark.parametrize("url", ["memcached://cache.intern:11211", "cache.intern:6379", "redis://"])
def test_a_cache_url_that_is_not_redis_is_refused_with_a_clear_message(url):
    error = settings_with_env({"CACHE_URL": url}, "CACHES")["error"]
    assert error.startswith("ImproperlyConfigured: CACHE_URL must be a Redis URL")


def test_without_cache_url_the_old_variables_still_choose_the_backends():
    environ = {
        "CACHE_BACKEND": "django.core.cache.backends.dummy.DummyCache",
        "FRAGMENT_CACHE_BACKEND": "django.core.cache.backends.dummy.DummyCache",
        "FRAGMENT_CACHE_MAX_ENTRIES": "7",
    }
    configured = settings_with_env(environ, "CACHES")["CACHES"]
    assert configured["default"]["BACKEND"] == configured["fragments"]["BACKEND"] == environ["CACHE_BACKEND"]
    assert configured["fragments"]["OPTIONS"]["MAX_ENTRIES"] == 7
    assert configured["pages"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_redis_caches_keep_each_aliases_timeout():
    configured = redis_caches(
        "redis://127.0.0.1:6379/0",
        {"default": {}, "pages": {"TIMEOUT": 300}},
        key_prefix="n",
        socket_timeout=1,
        retry_seconds=5,
    )
    assert configured["pages"]["TIMEOUT"] == 300 and "TIMEOUT" not in configured["default"]


def test_aliases_share_one_server_without_colliding(redis_cache):
    for alias in ALIASES:
        assert isinstance(caches[alias], DegradingRedisCache)
        caches[alias].set("schluessel", f"Wert von {alias}")

    assert {alias: caches[alias].get("schluessel") for alias in ALIASES} == {
        alias: f"Wert von {alias}" for alias in ALIASES
    }
    stored = sorted(key.decode() for key in redis_cache.client().keys("*"))
    assert stored == sorted(f"test:{alias}:1:schluessel" for alias in ALIASES)


@pytest.mark.django_db
def test_teasers_are_kept_in_redis(client, redis_cache):
    ArticleFactory.create_batch(3)

    assert client.get("/").status_code == 200

    teaser_keys = redis_cache.client().keys("test:fragments:1:teaser:*")
    assert len(teaser_keys) >= 3


@pytest.mark.django_db
def test_link_mail_limits_count_in_the_database_not_in_redis(client, redis_cache, smtp, settings):
    settings.LINK_MAIL_PER_CLIENT_PER_HOUR = 2
    article = ArticleFactory()
    url = reverse("articles:detail-mail", kwargs={"section": article.section.slug, "slug": article.slug})

    statuses = [
        client.post(url, {"recipient": f"person{n}@amt-musterstadt.de"}, REMOTE_ADDR="192.0.2.7").status_code
        for n in range(3)
    ]

    assert statuses == [302, 302, 429]
    assert len(smtp.envelopes) == 2
    # No cache pressure can evict them there (tests/core/test_security_state.py), and no address is stored.
    assert redis_cache.client().keys("*linkmail*") == []
    names = list(LimitCounter.objects.values_list("name", flat=True))
    # client and site, and one per recipient that was counted (the third mail stopped at the client limit)
    assert len(names) == 2 + 2
    assert [counter.count for counter in LimitCounter.objects.filter(name__startswith="linkmail:client:")] == [3]
    assert not any("amt-musterstadt.de" in name or "192.0.2.7" in name for name in names)


def test_a_missing_server_binary_skips_locally_but_fails_in_ci(monkeypatch):
    from tests.services import missing

    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        missing("redis-server fehlt")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        missing("redis-server fehlt")
