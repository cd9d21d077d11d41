"""Sitemaps (index, articles with images, sections, keywords), the Google News sitemap and robots.txt."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
SITE = "http://127.0.0.1:8000"


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


@pytest.fixture
def site():
    praxis = SectionFactory(name="Praxis", slug="praxis")
    SectionFactory(name="Politik", slug="politik")
    fresh = ArticleFactory(headline="Frisch & neu", section=praxis, keywords=["Cloud"], lead_image=ImageFactory())
    old = ArticleFactory(headline="Alt", published_at=timezone.now() - timedelta(days=3), keywords=["E-Akte"])
    draft = ArticleFactory(headline="Entwurf", status=Article.Status.DRAFT, keywords=["Geheim"])
    future = ArticleFactory(headline="Zukunft", published_at=timezone.now() + timedelta(hours=1), keywords=["Bald"])
    return {"fresh": fresh, "old": old, "draft": draft, "future": future}


def test_sitemap_index_names_every_sitemap_on_site_url(client, site):
    root = xml(client, "/sitemap.xml")
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    assert [loc.text for loc in root.findall("sm:sitemap/sm:loc", NS)] == [
        f"{SITE}/sitemap-beitraege.xml",
        f"{SITE}/sitemap-bereiche.xml",
        f"{SITE}/sitemap-stichwoerter.xml",
    ]


def test_article_sitemap_lists_published_articles_with_lastmod_and_image(client, site):
    root = xml(client, "/sitemap-beitraege.xml")
    assert root.tag == f"{{{NS['sm']}}}urlset"
    urls = {url.find("sm:loc", NS).text: url for url in root.findall("sm:url", NS)}
    fresh, old = site["fresh"], site["old"]
    assert set(urls) == {f"{SITE}{fresh.get_absolute_url()}", f"{SITE}{old.get_absolute_url()}"}
    entry = urls[f"{SITE}{fresh.get_absolute_url()}"]
    assert entry.find("sm:lastmod", NS).text.startswith(timezone.localtime(fresh.updated_at).strftime("%Y-%m-%d"))
    assert entry.find("image:image/image:loc", NS).text == f"{SITE}{fresh.lead_rendition().file.url}"
    assert urls[f"{SITE}{old.get_absolute_url()}"].find("image:image", NS) is None


def test_section_and_keyword_sitemaps_list_only_keywords_of_published_articles(client, site):
    sections = [loc.text for loc in xml(client, "/sitemap-bereiche.xml").findall("sm:url/sm:loc", NS)]
    assert sorted(sections) == [f"{SITE}/politik/", f"{SITE}/praxis/"]
    keywords = [loc.text for loc in xml(client, "/sitemap-stichwoerter.xml").findall("sm:url/sm:loc", NS)]
    assert keywords == [f"{SITE}/stichwort/cloud/", f"{SITE}/stichwort/e-akte/"]


def test_news_sitemap_has_only_the_last_two_days(client, site):
    root = xml(client, "/sitemap-news.xml")
    urls = root.findall("sm:url", NS)
    assert [url.find("sm:loc", NS).text for url in urls] == [f"{SITE}{site['fresh'].get_absolute_url()}"]
    news = urls[0].find("news:news", NS)
    assert news.find("news:publication/news:name", NS).text == "Verwaltung digital"
    assert news.find("news:publication/news:language", NS).text == "de"
    assert news.find("news:title", NS).text == "Musterland: Frisch & neu"
    assert news.find("news:publication_date", NS).text.startswith(str(timezone.localdate(site["fresh"].published_at)))


def test_unknown_sitemap_and_page_are_404(client, site):
    assert client.get("/sitemap-gibtesnicht.xml").status_code == 404
    assert client.get("/sitemap-beitraege.xml?p=9").status_code == 404


def test_robots_txt_names_the_sitemaps(client, settings):
    settings.SITE_URL = "https://portal.example"
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: https://portal.example/sitemap.xml" in lines
    assert "Sitemap: https://portal.example/sitemap-news.xml" in lines
    assert "Disallow: /admin/" in lines


@pytest.mark.usefixtures("no_page_cache")
def test_article_sitemap_query_count_does_not_grow(client, django_assert_max_num_queries):
    image = ImageFactory()
    for _ in range(20):
        ArticleFactory(lead_image=image)
    # One of them: the portal's content generation (with the host table, read once per process).
    with django_assert_max_num_queries(4):
        xml(client, "/sitemap-beitraege.xml")
