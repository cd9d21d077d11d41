"""RSS 2.0 and Atom feeds, read with feedparser (a real feed client)."""

from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db

FEEDS = ["/feeds/{format}/", "/feeds/bereich/praxis/{format}/", "/feeds/stichwort/cloud/{format}/"]


@pytest.fixture
def articles():
    praxis = SectionFactory(name="Praxis", slug="praxis")
    with_image = ArticleFactory(
        kicker="Musterstadt",
        headline="Cloud & Co. <im> Rathaus",
        lead="Die Stadt zieht in die Cloud.",
        author_shorthand="bw",
        section=praxis,
        keywords=["Cloud", "Kommunen"],
        lead_image=ImageFactory(credit="Foto: Stadt Musterstadt", alt_text="Rathaus"),
    )
    ArticleFactory(kicker="", headline="Ohne Bild", section=praxis, keywords=["Cloud"])
    ArticleFactory(kicker="", headline="Anderer Bereich", keywords=["Cloud"])
    ArticleFactory(kicker="", headline="Entwurf", section=praxis, status=Article.Status.DRAFT, keywords=["Cloud"])
    ArticleFactory(
        kicker="",
        headline="Zukunft",
        section=praxis,
        keywords=["Cloud"],
        published_at=timezone.now() + timedelta(hours=2),
    )
    return with_image


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.mark.parametrize("format", ["rss", "atom"])
@pytest.mark.parametrize("url", FEEDS)
def test_feeds_parse_cleanly_and_list_only_published_articles(client, articles, url, format):
    response, feed = parse(client, url.format(format=format))
    assert response["Content-Type"].startswith("application/rss+xml" if format == "rss" else "application/atom+xml")
    assert feed.version == ("rss20" if format == "rss" else "atom10")
    titles = [entry.title for entry in feed.entries]
    assert "Musterstadt: Cloud & Co. <im> Rathaus" in titles
    assert "Ohne Bild" in titles
    assert ("Anderer Bereich" in titles) == ("bereich" not in url)
    assert "Entwurf" not in titles and "Zukunft" not in titles


@pytest.mark.parametrize("format", ["rss", "atom"])
def test_feed_item_carries_link_lead_date_author_keywords_image_and_credit(client, articles, format, settings):
    _response, feed = parse(client, f"/feeds/{format}/")
    entry = next(e for e in feed.entries if e.title.startswith("Musterstadt"))
    assert entry.link == f"{settings.SITE_URL}{articles.get_absolute_url()}"
    assert entry.summary == "Die Stadt zieht in die Cloud."
    assert entry.published_parsed[:5] == articles.published_at.utctimetuple()[:5]
    assert "bw" in entry.author
    assert sorted(tag.term for tag in entry.tags) == ["Cloud", "Kommunen"]
    image_url = f"{settings.SITE_URL}{articles.lead_rendition().file.url}"
    enclosure = next(link for link in entry.links if link.rel == "enclosure")
    assert enclosure.href == image_url
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) == articles.lead_rendition().file.size > 0
    assert entry.media_content[0]["url"] == image_url
    assert entry.media_credit[0]["content"] == "Foto: Stadt Musterstadt"
    without_image = next(e for e in feed.entries if e.title == "Ohne Bild")
    assert not [link for link in without_image.links if link.rel == "enclosure"]
    assert "media_credit" not in without_image


def test_feed_links_use_site_url_not_the_host_header(client, articles, settings):
    settings.SITE_URL = "https://portal.example"
    _response, feed = parse(client, "/feeds/rss/")
    assert feed.feed.link == "https://portal.example/"
    assert all(entry.link.startswith("https://portal.example/") for entry in feed.entries)


@pytest.mark.parametrize(
    "url", ["/feeds/json/", "/feeds/bereich/gibtesnicht/rss/", "/feeds/stichwort/gibtesnicht/atom/"]
)
def test_unknown_feeds_are_404(client, url):
    assert client.get(url).status_code == 404


def test_pages_announce_their_feeds_in_the_head(client, articles):
    head = client.get("/").content.decode().split("</head>")[0]
    assert '<link rel="alternate" type="application/rss+xml" title="Verwaltung digital – Alle Beiträge (RSS)"' in head
    assert 'type="application/atom+xml"' in head and 'href="/feeds/atom/"' in head
    head = client.get("/praxis/").content.decode().split("</head>")[0]
    assert 'href="/feeds/bereich/praxis/rss/"' in head and 'href="/feeds/bereich/praxis/atom/"' in head
    head = client.get("/stichwort/cloud/").content.decode().split("</head>")[0]
    assert 'href="/feeds/stichwort/cloud/rss/"' in head and 'href="/feeds/stichwort/cloud/atom/"' in head


@pytest.mark.usefixtures("no_page_cache")
def test_feed_query_count_does_not_grow_with_items(client, django_assert_max_num_queries):
    image = ImageFactory()
    for n in range(20):
        ArticleFactory(lead_image=image, keywords=[f"Thema {n}", "Cloud"])
    # Articles, their renditions, their keywords, their bylines with contributors: one query each.
    with django_assert_max_num_queries(4):
        parse(client, "/feeds/rss/")
