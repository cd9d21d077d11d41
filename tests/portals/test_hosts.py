"""Which portal answers: by the request's host, from the portal table; absolute URLs only from the portal's own
address, whatever Host or X-Forwarded-Host a request brings (docs/mehrere-portale.md#hostnamen)."""

import json
import re

import pytest
from django.core import mail
from django.core.cache import cache

from articles.models import Article
from core.hosts import AllowedHosts
from portals import directory
from portals.models import Portal
from tests.factories import ArticleFactory, ImageFactory, PortalFactory, SectionFactory

pytestmark = pytest.mark.django_db

SISTER = "kommunal.example"
EVIL = "evil.example"


@pytest.fixture
def portals(settings):
    settings.SITE_URL = "https://verwaltung-digital.example"
    # The first portal's host comes from the environment, as in production.
    settings.ALLOWED_HOSTS = AllowedHosts([*list.__iter__(settings.ALLOWED_HOSTS), "verwaltung-digital.example"])
    first = Portal.objects.default()
    sister = PortalFactory(
        name="Kommunal vernetzt", slug="kommunal", base_url=f"https://{SISTER}", aliases=f"www.{SISTER}\nkv.example"
    )
    article = ArticleFactory(headline="Beitrag im ersten Portal", lead_image=ImageFactory(), keywords=["Cloud"])
    sister_section = SectionFactory(portal=sister, name="Gemeinden", slug="gemeinden")
    own = ArticleFactory(section=sister_section, headline="Beitrag im Schwesterportal", keywords=["Cloud"])
    return first, sister, article, own


HOSTILE_HOSTS = [
    EVIL,
    f"{EVIL}:443",
    f"{SISTER}.{EVIL}",
    f"{EVIL}.",
    "127.0.0.2",
    "xn--evil-4xa.example",
]


@pytest.mark.parametrize("host", HOSTILE_HOSTS)
def test_unknown_hosts_get_400(client, portals, host):
    response = client.get("/", HTTP_HOST=host)
    assert response.status_code == 400
    assert "Verwaltung digital" in response.content.decode() and EVIL not in response.content.decode()


@pytest.mark.parametrize(
    "host", [SISTER, SISTER.upper(), "Kommunal.Example", f"{SISTER}.", f"{SISTER}:8443", f"{SISTER.upper()}.:80"]
)
def test_mixed_case_trailing_dot_and_port_find_the_portal_and_never_show_in_absolute_urls(client, portals, host):
    _first, _sister, _article, own = portals
    home = client.get("/", HTTP_HOST=host, HTTP_X_FORWARDED_HOST=EVIL)
    assert home.status_code == 200
    assert "Kommunal vernetzt" in home.content.decode()
    page = client.get(own.get_absolute_url(), HTTP_HOST=host, HTTP_X_FORWARDED_HOST=EVIL).content.decode()
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', page).group(1)
    assert canonical == f"https://{SISTER}{own.get_absolute_url()}"
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1))
    assert data["url"] == data["mainEntityOfPage"] == canonical
    for path in ["/feeds/rss/", "/sitemap.xml", "/sitemap-beitraege.xml", "/sitemap-news.xml", "/robots.txt"]:
        body = client.get(path, HTTP_HOST=host, HTTP_X_FORWARDED_HOST=EVIL).content.decode()
        assert EVIL not in body and host not in body.replace(SISTER, ""), path
        assert f"https://{SISTER}/" in body, path


def test_x_forwarded_host_is_ignored_unless_configured(client, portals, settings):
    assert client.get("/", HTTP_HOST=SISTER, HTTP_X_FORWARDED_HOST=EVIL).status_code == 200
    # The proxy's header names a portal: still the Host header decides while USE_X_FORWARDED_HOST is off.
    response = client.get("/", HTTP_HOST="verwaltung-digital.example", HTTP_X_FORWARDED_HOST=SISTER)
    assert "Kommunal vernetzt" not in response.content.decode()
    settings.USE_X_FORWARDED_HOST = True
    assert client.get("/", HTTP_HOST=SISTER, HTTP_X_FORWARDED_HOST=EVIL).status_code == 400
    forwarded = client.get("/", HTTP_HOST="verwaltung-digital.example", HTTP_X_FORWARDED_HOST=SISTER)
    assert "Kommunal vernetzt" in forwarded.content.decode()


def test_link_mail_and_pdf_take_the_home_portals_address(client, portals, settings):
    _first, _sister, _article, own = portals
    cache.clear()
    mail_path = f"{own.get_absolute_url()}mailen/"
    response = client.post(mail_path, {"recipient": "kollegin@amt-musterstadt.de"}, HTTP_HOST=f"{SISTER}:80")
    assert response.status_code == 302
    body = mail.outbox[0].body
    assert f"https://{SISTER}{own.get_absolute_url()}" in body and EVIL not in body
    assert "Kommunal vernetzt" in body


@pytest.mark.parametrize("alias", [f"www.{SISTER}", "KV.example", "kv.example.:8080"])
def test_an_alias_answers_301_to_the_primary_address_with_path_and_query(client, portals, alias):
    _first, _sister, _article, own = portals
    response = client.get(f"{own.get_absolute_url()}?seite=2&x=%C3%A4", HTTP_HOST=alias)
    assert response.status_code == 301
    assert response["Location"] == f"https://{SISTER}{own.get_absolute_url()}?seite=2&x=%C3%A4"


def test_the_environments_hosts_keep_answering_as_the_first_portal(client, portals):
    for host in ("testserver", "localhost", "127.0.0.1", "verwaltung-digital.example"):
        response = client.get("/", HTTP_HOST=host)
        assert response.status_code == 200, host
        assert "Beitrag im ersten Portal" in response.content.decode(), host


def test_allowed_hosts_follow_the_portal_table(client, portals, settings):
    _first, sister, _article, _own = portals
    assert client.get("/", HTTP_HOST="neu.example").status_code == 400
    PortalFactory(slug="neu", name="Neues Portal", base_url="https://neu.example")
    assert client.get("/", HTTP_HOST="neu.example").status_code == 200
    assert "neu.example" in list(settings.ALLOWED_HOSTS)
    sister.aliases = ""
    sister.save()
    assert client.get("/", HTTP_HOST=f"www.{SISTER}").status_code == 400
    Portal.objects.filter(slug="neu").delete()
    assert client.get("/", HTTP_HOST="neu.example").status_code == 400
    assert "neu.example" not in list(settings.ALLOWED_HOSTS)


def test_the_host_table_is_read_once_per_global_generation(client, portals, django_assert_num_queries, settings):
    settings.PAGE_CACHE_ENABLED = False  # robots.txt rendered each time: its only query is the portal's
    directory.forget()
    # A process that has just started: the table, with every generation of the same moment, in one query.
    with django_assert_num_queries(1):
        assert client.get("/robots.txt", HTTP_HOST=SISTER).status_code == 200
    kept = directory.kept()
    with django_assert_num_queries(1):  # the portal's generation, the table kept
        client.get("/robots.txt", HTTP_HOST=SISTER)
    assert directory.kept() is kept
    Article.objects.filter(pk=portals[2].pk).update(headline="Neu")  # unattributed: the global generation
    with django_assert_num_queries(2):  # the generation, then the table anew
        client.get("/robots.txt", HTTP_HOST=SISTER)
    assert directory.kept() is not kept


def test_a_portals_absolute_urls_come_from_its_address_or_the_settings_for_the_first(portals, settings):
    first, sister, article, own = portals
    assert first.url == "https://verwaltung-digital.example" and first.display_name == settings.SITE_NAME
    assert article.canonical_url() == f"https://verwaltung-digital.example{article.get_absolute_url()}"
    assert own.canonical_url() == f"https://{SISTER}{own.get_absolute_url()}"
    assert own.url_on(sister) == own.get_absolute_url() and own.url_on(first) == own.canonical_url()
