"""Machine-readable metadata of article pages: canonical URL, description, OpenGraph, Twitter card, JSON-LD."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings

from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db
SITE = "http://127.0.0.1:8000"


class HeadParser(HTMLParser):
    """Meta tags, link tags and JSON-LD scripts, as a browser or crawler would read them."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.json_ld, self._in_json = {}, [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            self.meta.setdefault(attrs.get("property") or attrs.get("name"), []).append(attrs.get("content"))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script":
            self._in_json = attrs.get("type") == "application/ld+json"
            if self._in_json:
                self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json = False

    def handle_data(self, data):
        if self._in_json:
            self.json_ld[-1] += data


def head_of(client, article) -> HeadParser:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def article():
    return ArticleFactory(
        kicker="Musterland",
        headline="Digitale Bauanträge",
        lead="Das Land stellt um.",
        author_shorthand="bw",
        keywords=["Bauen", "Digitalisierung"],
        lead_image=ImageFactory(alt_text="Ein Bauamt", credit="Foto: Land Musterland"),
    )


def test_article_head_has_canonical_description_opengraph_and_twitter_card(client, article):
    head = head_of(client, article)
    url = f"{SITE}{article.get_absolute_url()}"
    image_url = f"{SITE}{article.lead_rendition().file.url}"
    assert {"rel": "canonical", "href": url} in head.links
    assert head.meta["description"] == ["Das Land stellt um."]
    assert head.meta["og:type"] == ["article"]
    assert head.meta["og:title"] == ["Musterland: Digitale Bauanträge"]
    assert head.meta["og:url"] == [url]
    assert head.meta["og:image"] == [image_url]
    assert head.meta["og:image:alt"] == ["Ein Bauamt (Bild: Foto: Land Musterland)"]
    assert head.meta["og:image:width"] == ["800"]
    assert head.meta["article:section"] == ["Politik"]
    assert head.meta["article:tag"] == ["Bauen", "Digitalisierung"]
    assert head.meta["twitter:card"] == ["summary_large_image"]
    assert head.meta["twitter:image"] == [image_url]
    assert head.meta["twitter:image:alt"] == ["Ein Bauamt (Bild: Foto: Land Musterland)"]


def test_json_ld_is_a_news_article_with_every_field(client, article):
    text, _breadcrumb = head_of(client, article).json_ld
    data = json.loads(text)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Digitale Bauanträge"
    assert data["datePublished"] == article.published_at.isoformat()
    assert data["dateModified"] >= data["datePublished"]
    # A shorthand is no name: the publisher is the author (docs/autorinnen-und-autoren.md).
    assert data["author"] == [data["publisher"]]
    assert data["publisher"]["@type"] == "Organization" and data["publisher"]["name"] == "Verwaltung digital"
    assert data["image"] == {
        "@type": "ImageObject",
        "url": f"{SITE}{article.lead_rendition().file.url}",
        "width": 800,
        "height": 533,
        "caption": article.image_caption,
        "creditText": "Foto: Land Musterland",
    }
    assert data["keywords"] == ["Bauen", "Digitalisierung"]
    assert data["articleSection"] == "Politik"
    assert data["mainEntityOfPage"] == f"{SITE}{article.get_absolute_url()}"


def test_script_end_tag_in_a_headline_cannot_break_out_of_the_json_ld(client):
    headline = 'Böse </script><script>alert("x")</script> & <!-- Überschrift'
    article = ArticleFactory(headline=headline, lead="</SCRIPT> im Vorspann", author_shorthand="")
    html = client.get(article.get_absolute_url()).content.decode()
    block, breadcrumb = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL | re.IGNORECASE
    )
    assert "<" not in block + breadcrumb and ">" not in block + breadcrumb
    assert json.loads(breadcrumb)["itemListElement"][2]["name"] == headline
    data = json.loads(block)
    assert data["headline"] == headline
    assert data["description"] == "</SCRIPT> im Vorspann"
    assert data["author"][0]["@type"] == "Organization"
    assert "image" not in data
    # The only executable-looking script elements are none: the JSON-LD is data, and nothing else was injected.
    assert html.count("<script") == 2


def test_breadcrumb_json_ld_leads_from_home_over_the_section_to_the_article(client, article):
    _news_article, text = head_of(client, article).json_ld
    data = json.loads(text)
    assert data["@type"] == "BreadcrumbList"
    assert [(item["position"], item["name"], item["item"]) for item in data["itemListElement"]] == [
        (1, settings.SITE_NAME, f"{SITE}/"),
        (2, "Politik", f"{SITE}/politik/"),
        (3, "Digitale Bauanträge", f"{SITE}{article.get_absolute_url()}"),
    ]


def test_article_without_image_gets_a_summary_card(client):
    head = head_of(client, ArticleFactory())
    assert head.meta["twitter:card"] == ["summary"]
    assert "og:image" not in head.meta
