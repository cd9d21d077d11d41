"""What a feed reader renders from our feeds and what a crawler reads from our sitemaps carries no live markup,
whatever editors stored: every field of every feed (site, section, keyword; RSS and Atom) as feedparser reads it,
with its sanitiser off, as a reader that trusts the feed would show it."""

from html import unescape
from html.parser import HTMLParser
from xml.etree import ElementTree

import feedparser
import pytest
from django.urls import reverse

from articles.models import ArticleType, Keyword
from articles.sitemaps import SITEMAPS
from tests.articles.test_escaping import PAYLOAD
from tests.factories import ArticleFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db

LINK_PAYLOAD = "javascript:alert(1)"
HTML_TYPES = {"text/html", "application/xhtml+xml"}
EXECUTABLE_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "base", "form", "meta", "link", "style"}


@pytest.fixture
def hostile_site():
    """One published article with the payload in everything an editor can type that feeds or sitemaps show."""
    section = SectionFactory(name=f"Ressort {PAYLOAD}", slug="ressort")
    article = ArticleFactory(
        kicker=f"Ort {PAYLOAD}",
        headline=f"Titel {PAYLOAD} {LINK_PAYLOAD}",
        lead=f"Vorspann {PAYLOAD} <a href='{LINK_PAYLOAD}'>Klick</a>",
        author_shorthand="<script>1</script>",  # the column holds 20 characters
        section=section,
        article_type=ArticleType.objects.create(name=f"Typ {PAYLOAD}", slug="typ"),
        lead_image=ImageFactory(alt_text=f"Alt {PAYLOAD}", caption=f"Unterschrift {PAYLOAD}", credit=f"Q {PAYLOAD}"),
        lead_image_caption=f"Eigene {PAYLOAD}",
        keywords=[f"Stichwort {PAYLOAD}"],
        # The link list takes only web addresses (a check constraint; tests/articles/test_stored_payloads.py).
        links=[("https://example.org/?a=1&b=2", f"Link {PAYLOAD}")],
    )
    return article, section, Keyword.objects.get()


def feed_urls(section, keyword) -> list[str]:
    urls = []
    for format in ["rss", "atom"]:
        urls += [
            reverse("articles:feed", kwargs={"format": format}),
            reverse("articles:section-feed", kwargs={"slug": section.slug, "format": format}),
            reverse("articles:keyword-feed", kwargs={"slug": keyword.slug, "format": format}),
        ]
    return urls


class LiveMarkup(HTMLParser):
    """Collects what a browser would run or load from an HTML fragment."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in EXECUTABLE_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if value and value.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                self.found.append(f"{tag} {name}={value}")


def live_markup(fragment: str) -> list[str]:
    parser = LiveMarkup()
    parser.feed(fragment)
    parser.close()
    return parser.found


def rendered_parts(node, path="feed"):
    """(path, kind, value) for everything a reader shows: HTML parts (by the type feedparser determined) as
    "html", links as "link", the rest as "text"."""
    if isinstance(node, dict):
        if "type" in node and "value" in node:
            yield path, "html" if node["type"] in HTML_TYPES else "text", node["value"]
            return
        for key, value in node.items():
            if key in {"href", "link", "url"} and isinstance(value, str):
                yield f"{path}.{key}", "link", value
            elif f"{key}_detail" in node and isinstance(value, str):
                continue  # the detail says how it is rendered
            else:
                yield from rendered_parts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from rendered_parts(value, f"{path}[{index}]")
    elif isinstance(node, str):
        yield path, "text", node


def parsed_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    # A reader that trusts the feed: no sanitising, no help from feedparser.
    feed = feedparser.parse(response.content, sanitize_html=False, resolve_relative_uris=False)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    assert feed.entries, url
    return feed


def test_every_feed_field_renders_without_live_markup(client, hostile_site):
    _article, section, keyword = hostile_site
    for url in feed_urls(section, keyword):
        feed = parsed_feed(client, url)
        parts = list(rendered_parts({"feed": feed.feed, "entries": feed.entries}))
        assert any(kind == "html" for _path, kind, _value in parts), url
        for path, kind, value in parts:
            if kind == "html":
                assert live_markup(value) == [], (url, path, value)
            elif kind == "link":
                assert value.startswith("http://127.0.0.1:8000/"), (url, path, value)


@pytest.mark.parametrize("format", ["rss", "atom"])
def test_feed_summary_shows_markup_in_a_lead_as_text(client, hostile_site, format):
    article, _section, _keyword = hostile_site
    entry = parsed_feed(client, reverse("articles:feed", kwargs={"format": format})).entries[0]

    assert entry.summary_detail.type == "text/html"
    assert live_markup(entry.summary) == []
    # The reader shows the editor's text, markup characters and all.
    assert unescape(entry.summary) == article.lead


@pytest.mark.parametrize("format", ["rss", "atom"])
def test_feed_titles_categories_author_and_credit_are_plain_text(client, hostile_site, format):
    article, _section, keyword = hostile_site
    feed = parsed_feed(client, reverse("articles:feed", kwargs={"format": format}))
    entry = feed.entries[0]

    assert entry.title_detail.type == "text/plain"
    assert entry.title == str(article)
    assert [tag.term for tag in entry.tags] == [keyword.name]
    assert entry.media_credit[0]["content"] == article.lead_image.credit


def sitemap_urls() -> list[str]:
    sections = [reverse("articles:sitemap-section", kwargs={"section": name}) for name in SITEMAPS]
    return [reverse("articles:sitemap"), reverse("articles:sitemap-news"), *sections]


def test_sitemaps_carry_stored_text_only_as_plain_xml_text(client, hostile_site):
    article, _section, _keyword = hostile_site
    texts = []
    for url in sitemap_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        root = ElementTree.fromstring(response.content)
        for element in root.iter():
            # Only the sitemap vocabularies: no element (script or other) smuggled in by stored text.
            assert element.tag.startswith("{http://www.sitemaps.org/") or element.tag.startswith(
                ("{http://www.google.com/schemas/sitemap-image/", "{http://www.google.com/schemas/sitemap-news/")
            ), (url, element.tag)
            if element.tag.endswith("}loc"):
                assert element.text.startswith("http://127.0.0.1:8000/"), (url, element.text)
            texts.append(element.text or "")
    # The news title is the headline as text: an XML reader gets exactly what the editor typed.
    assert str(article) in texts
