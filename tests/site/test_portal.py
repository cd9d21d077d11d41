"""The frame around the articles: header with sections and search, footer, page numbers, 404, breadcrumb."""

import re
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article
from articles.views import ArticleListView
from pages.models import Page
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


class LinkCollector(HTMLParser):
    """Links of a page by the landmark they sit in (header, nav, footer, main)."""

    LANDMARKS = {"header", "footer", "main", "nav"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.links: dict[str, list[str]] = {}
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in self.LANDMARKS:
            self.stack.append(tag)
        if tag == "a" and self.stack:
            self.links.setdefault(self.stack[0], []).append(attributes.get("href", ""))
        if tag == "form":
            self.forms.append(attributes)

    def handle_endtag(self, tag):
        if tag in self.LANDMARKS and self.stack:
            self.stack.pop()


def links_of(html: str) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(html)
    return collector


@pytest.fixture
def article():
    SectionFactory(name="Praxis", slug="praxis", position=2)
    return ArticleFactory(keywords=["Cloud"], section=SectionFactory(name="Politik", slug="politik", position=1))


def reader_urls(article):
    return [
        "/",
        "/politik/",
        article.get_absolute_url(),
        f"{article.get_absolute_url()}mailen/",
        f"{article.get_absolute_url()}mailen/gesendet/",
        "/stichwort/cloud/",
        "/stichwoerter/",
        "/archiv/?q=Bauanträge",
        "/gibt-es-nicht/",
    ]


FOOTER_LINKS = ["/archiv/", "/stichwoerter/", "/feeds/rss/", "/feeds/atom/"]


def test_every_reader_page_offers_sections_search_archive_index_feeds_and_static_pages(client, article):
    for position, slug in enumerate(["impressum", "datenschutz", "barrierefreiheit", "kontakt"]):
        Page.objects.create(title=slug.title(), slug=slug, is_published=True, footer_position=position)
    for url in [*reader_urls(article), "/impressum/"]:
        response = client.get(url)
        html = response.content.decode()
        collected = links_of(html)
        assert collected.links["header"][:3] == ["/", "/politik/", "/praxis/"], url
        footer = collected.links["footer"]
        newsletter = f"/newsletter/anmelden/?von={quote(url.split('?')[0])}"
        static_pages = ["/impressum/", "/datenschutz/", "/barrierefreiheit/", "/kontakt/"]
        assert footer == [*FOOTER_LINKS, newsletter, *static_pages], url
        search = re.search(r'<form class="site-search" method="get" action="/archiv/" role="search"[^>]*>', html)
        assert search and 'aria-label="Suche auf der Website"' in search.group(0), url
        assert '<label for="kopf-suche">Suchbegriff</label>' in html, url
        assert '<input type="search" id="kopf-suche" name="q"' in html, url


def test_search_field_sends_a_get_to_the_archive_and_keeps_the_typed_text(client, article):
    response = client.get("/archiv/", {"q": "Bauanträge"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="kopf-suche" name="q" value="Bauanträge"' in html
    assert article.headline in html
    escaped = client.get("/archiv/", {"q": '<"neu">'}).content.decode()
    assert 'id="kopf-suche" name="q" value="&lt;&quot;neu&quot;&gt;"' in escaped
    # Also when the archive refuses the request, the typed text is not lost.
    refused = client.get("/archiv/", {"q": "Cloud", "von": "gestern"})
    assert refused.status_code == 400
    assert 'id="kopf-suche" name="q" value="Cloud"' in refused.content.decode()
    # Other pages start with an empty field.
    assert 'id="kopf-suche" name="q" value=""' in client.get("/", {"q": "Cloud"}).content.decode()


def test_current_section_is_marked_in_the_header(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<a href="/politik/" aria-current="page">Politik</a>' in html
    assert '<a href="/praxis/">Praxis</a>' in html


def page_links(html: str) -> list[tuple[str, str]]:
    nav = html[html.index('<nav class="pagination"') :]
    nav = nav[: nav.index("</nav>")]
    return re.findall(r'<a href="\?page=(\d+)"([^>]*)>', nav)


def test_section_pages_show_numbers_around_the_current_page_first_last_and_rel_prev_next(client, monkeypatch):
    monkeypatch.setattr(ArticleListView, "paginate_by", 2)
    now = timezone.now()
    for n in range(30):
        ArticleFactory(published_at=now - timedelta(hours=n + 1))
    html = client.get("/politik/", {"page": 7}).content.decode()
    assert page_links(html) == [
        ("6", ' rel="prev"'),
        ("1", ""),
        ("5", ""),
        ("6", ""),
        ("7", ' aria-current="page"'),
        ("8", ""),
        ("9", ""),
        ("15", ""),
        ("8", ' rel="next"'),
    ]
    assert html.count('<li class="gap" aria-hidden="true">…</li>') == 2
    assert "Seite 7 von 15" in html
    first = client.get("/politik/").content.decode()
    assert 'rel="prev"' not in first and page_links(first)[-1] == ("2", ' rel="next"')
    last = client.get("/politik/", {"page": 15}).content.decode()
    assert 'rel="next"' not in last and page_links(last)[0] == ("14", ' rel="prev"')


def test_section_and_keyword_pages_link_their_own_feeds(client, article):
    section = client.get("/politik/").content.decode()
    assert 'href="/feeds/bereich/politik/rss/"><span lang="en">RSS</span>-Feed</a>' in section
    assert 'href="/feeds/bereich/politik/atom/"><span lang="en">Atom</span>-Feed</a>' in section
    keyword = client.get("/stichwort/cloud/").content.decode()
    assert 'href="/feeds/stichwort/cloud/rss/"' in keyword and 'href="/feeds/stichwort/cloud/atom/"' in keyword


def test_404_says_so_in_german_and_offers_search_and_the_newest_published_articles(client):
    now = timezone.now()
    for n in range(7):
        ArticleFactory(headline=f"Meldung {n}", published_at=now - timedelta(hours=n + 1))
    ArticleFactory(headline="Geheimer Entwurf", status=Article.Status.DRAFT)
    response = client.get("/politik/gibt-es-nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Seite nicht gefunden</h1>" in html
    assert 'role="search" aria-labelledby="not-found-search-title"' in html
    assert '<input type="search" id="fehlerseite-suche" name="q"' in html
    assert [f"Meldung {n}" in html for n in range(7)] == [True] * 5 + [False] * 2
    assert "Geheimer Entwurf" not in html
    assert '<meta name="robots" content="noindex">' in html
    assert not response.cookies


def test_404_with_an_empty_database_and_without_csrf_still_works():
    response = Client().get("/gibt/es/wirklich/nicht/")
    assert response.status_code == 404
    assert "Neueste Beiträge" not in response.content.decode()


def test_article_page_shows_where_the_reader_is_as_a_breadcrumb(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    crumb = html[html.index('<nav class="breadcrumb"') :]
    crumb = crumb[: crumb.index("</nav>")]
    assert 'aria-label="Sie sind hier"' in crumb
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', crumb) == [("/", "Startseite"), ("/politik/", "Politik")]


def test_date_fields_of_the_archive_hold_only_dates_so_the_form_stays_valid_html(client):
    german = client.get("/archiv/", {"von": "31.1.2022"}).content.decode()
    assert '<input type="date" name="von" value="2022-01-31"' in german
    refused = client.get("/archiv/", {"von": "gestern"})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert 'value="gestern"' not in html and re.search(r'<input type="date" name="von" aria-invalid="true"', html)
