"""Everything an editor types is escaped on every public page; the body is sanitised, not escaped."""

import pytest

from articles.models import ArticleType
from tests.factories import ArticleFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>"\'&'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&quot;&#x27;&amp;"


@pytest.fixture
def hostile_article():
    section = SectionFactory(name=f"Politik {PAYLOAD}", slug="politik")
    badge_type = ArticleType.objects.create(name=f"Bericht {PAYLOAD}", slug="bericht", shows_badge=True)
    image = ImageFactory(alt_text=f"Alt {PAYLOAD}", caption=f"Unterschrift {PAYLOAD}", credit=f"Quelle {PAYLOAD}")
    article = ArticleFactory(
        kicker=f"Ort {PAYLOAD}",
        headline=f"Titel {PAYLOAD}",
        lead=f"Vorspann {PAYLOAD}",
        author_shorthand="<b>&'",
        section=section,
        article_type=badge_type,
        lead_image=image,
        lead_image_caption=f"Eigene {PAYLOAD}",
        keywords=[f"Stichwort {PAYLOAD}"],
        links=[("https://example.org/?a=1&b=2", f"Link {PAYLOAD}")],
    )
    # A second article so that the first also appears as a teaser in the related box.
    ArticleFactory(section=section, article_type=badge_type, lead_image=image, keywords=[f"Stichwort {PAYLOAD}"])
    return article


def public_pages(article):
    keyword = article.keywords.get()
    return ["/", article.get_absolute_url(), article.section.get_absolute_url(), keyword.get_absolute_url()]


def test_editor_text_is_escaped_on_every_public_page(client, hostile_article):
    for url in public_pages(hostile_article):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html, url
        assert ESCAPED in html, url


def test_every_editor_field_reaches_the_article_page_escaped(client, hostile_article):
    html = client.get(hostile_article.get_absolute_url()).content.decode()
    for label in ["Ort", "Titel", "Vorspann", "Alt", "Eigene", "Quelle", "Stichwort", "Link", "Bericht"]:
        assert f"{label} {ESCAPED}" in html, label
    assert "(&lt;b&gt;&amp;&#x27;)" in html
    assert 'href="https://example.org/?a=1&amp;b=2"' in html


@pytest.mark.parametrize(
    "body",
    [
        "<p>Vorher</p><script>alert(1)</script><p>Nachher</p>",
        '<p>Vorher<img src="x" onerror="alert(1)"></p><p>Nachher</p>',
        '<p>Vorher <a href="javascript:alert(1)">Link</a></p><p>Nachher</p>',
        '<p>Vorher</p><iframe src="https://evil.example"></iframe><p>Nachher</p>',
        '<p onmouseover="alert(1)">Vorher</p><p style="color:red">Nachher</p>',
    ],
    ids=["script", "onerror", "javascript-link", "iframe", "event-and-style"],
)
def test_hostile_body_saved_through_orm_is_clean_on_the_page(client, body):
    article = ArticleFactory(body=body)
    html = client.get(article.get_absolute_url()).content.decode()
    body_html = html.split('<div class="article-body">')[1].split("</div>")[0]
    for bad in ("<script", "onerror", "javascript:", "<iframe", "onmouseover", "style="):
        assert bad not in body_html
    assert "Vorher" in body_html and "Nachher" in body_html
