"""Security state never lives where cache pressure can evict it (docs/sicherheit.md, "Wo Sicherheitszustand liegt").

The caches share one Redis with a small `maxmemory` and `volatile-lru`, as docs/betrieb.md advises; the page cache
and the fragments are filled until Redis evicts, the way a flood of requests for pages fills them. Every limit
counted before the flood still holds after it.
"""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import caches
from django.urls import reverse

from newsletter.models import NewsletterList
from tests.factories import ArticleFactory
from tests.site.test_layout import APPS, PROJECT

pytestmark = pytest.mark.django_db

PASSWORD = "Rathaus-Dach-2024!"
# The modules that keep anything in a cache: pages, fragments and teasers (derived from content, a miss costs a
# render), the cache configuration and the health probe.
CACHE_USERS = {
    "pagecache/middleware.py",
    "pagecache/fragments.py",
    "articles/templatetags/teasers.py",
    "articles/placement.py",  # which portals show an article, per generation in the fragments cache
    "core/caching.py",
    "newsroom/health.py",
}

# A counter's calls on a cache object (`cache.add(`, `caches["x"].incr(`), not a set's `.add(`.
COUNTING_CALL = re.compile(r"\b\w*cache\w*(\[[^\]]*\])?\.(incr|decr|add|get_or_set)\(")

# As large as a cached page; pages and fragments are stored with a timeout, so volatile-lru may evict them.
PAGE = b"<p>Seite</p>" * 4000


def flood_the_caches(server) -> None:
    """Write pages and fragments until Redis has evicted at least as many keys as its memory holds pages."""
    evicted_before, written = server.evicted_keys(), 0
    while server.evicted_keys() - evicted_before < 200:
        caches["pages"].set(f"page:flood:{written}", PAGE, 3600)
        caches["fragments"].set(f"teaser:flood:{written}", PAGE, 3600)
        written += 1
        assert written < 20_000, "Redis does not evict: is its maxmemory set?"


def mail(client, article, recipient: str, client_address: str) -> int:
    url = reverse("articles:detail-mail", kwargs={"section": article.section.slug, "slug": article.slug})
    return client.post(url, {"recipient": recipient, "website": ""}, REMOTE_ADDR=client_address).status_code


def test_link_mail_limit_per_client_holds_after_a_flood_of_the_page_cache_on_a_shared_redis(
    client, small_redis_cache, smtp
):
    article = ArticleFactory()
    statuses = [mail(client, article, f"leser{n}@amt-musterstadt.de", "192.0.2.7") for n in range(7)]
    assert statuses == [302] * 5 + [429] * 2

    flood_the_caches(small_redis_cache)

    statuses = [mail(client, article, f"kollegin{n}@amt-musterstadt.de", "192.0.2.7") for n in range(3)]
    assert statuses == [429] * 3
    assert len(smtp.envelopes) == 5


# --- the class: every limit, every store of security state ----------------------------------------------------


def sign_up(client, newsletter_list, email: str, client_address: str) -> int:
    data = {"email": email, "lists": [newsletter_list.pk], "von": "/", "website": ""}
    return client.post(reverse("newsletter:subscribe"), data, REMOTE_ADDR=client_address).status_code


def lock_out(client, username: str) -> list[int]:
    return [
        client.post(reverse("admin:login"), {"username": username, "password": "falsch"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]


def test_every_limit_holds_after_a_flood_of_the_page_cache_on_a_shared_redis(client, small_redis_cache, smtp, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LINK_MAIL_PER_DAY = 9
    settings.NEWSLETTER_SIGNUP_PER_CLIENT_PER_HOUR = 2
    User.objects.create_user("redakteurin", password=PASSWORD, is_staff=True)
    article = ArticleFactory()
    weekly = NewsletterList.objects.create(
        name="Wöchentlich", slug="woechentlich", sender_name="Verwaltung digital", sender_email="nl@verwaltung.example"
    )
    before = {
        # Link mailen per client: five an hour from one address.
        "client": [mail(client, article, f"leser{n}@amt-musterstadt.de", "192.0.2.1") for n in range(6)],
        # per recipient: three a day to one address, whoever sends.
        "recipient": [mail(client, article, "kollegin@amt-musterstadt.de", f"192.0.2.{n}") for n in range(10, 13)],
        # the login lockout (django-axes): five failures lock the name from that address.
        "login": lock_out(client, "redakteurin"),
        # the newsletter's signup: two an hour from one address (set above).
        "signup": [sign_up(client, weekly, f"abo{n}@amt-musterstadt.de", "192.0.2.40") for n in range(3)],
    }
    assert before == {
        "client": [302] * 5 + [429],
        "recipient": [302] * 3,
        "login": [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429],
        "signup": [302, 302, 429],
    }

    flood_the_caches(small_redis_cache)

    after = {
        "client": mail(client, article, "noch-jemand@amt-musterstadt.de", "192.0.2.1"),
        "recipient": mail(client, article, "kollegin@amt-musterstadt.de", "192.0.2.20"),
        "login": client.post(reverse("admin:login"), {"username": "redakteurin", "password": PASSWORD}).status_code,
        "signup": sign_up(client, weekly, "abo9@amt-musterstadt.de", "192.0.2.40"),
    }
    assert after == {"client": 429, "recipient": 429, "login": 429, "signup": 429}
    # The whole site: nine a day; eight went out, the ninth goes, the tenth does not.
    site = [mail(client, article, f"neu{n}@amt-musterstadt.de", f"192.0.2.{30 + n}") for n in range(2)]
    assert site == [302, 429]
    # Nine links and two confirmation mails of the newsletter.
    assert len(smtp.envelopes) == 11


def test_security_state_is_kept_in_the_database_and_the_caches_hold_only_pages_and_fragments(settings):
    # django-axes counts failed logins in the database, sessions are rows, not cache entries.
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    # Whatever the project keeps in a cache can be evicted, so nothing that enforces a limit may live there: every
    # module that uses the cache framework is one of these, and none of them counts.
    users = {
        str(path.relative_to(PROJECT))
        for app in APPS
        for path in (PROJECT / app).rglob("*.py")
        if "migrations" not in path.parts and "from django.core.cache" in path.read_text()
    }
    assert users == CACHE_USERS
    for path in users:
        source = (PROJECT / path).read_text()
        assert not COUNTING_CALL.search(source), path
