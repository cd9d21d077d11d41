"""Stored payloads in every field an editor can fill come out inert in every output.

Script tags, a closing </script>, event handlers, javascript: URLs and template syntax go into every text field of
an article, its image, section, type, keyword and links. Every output that shows them is then read with a real
HTML tokenizer (tests/inert.py): pages, print view, preview, search snippets, JSON-LD, OpenGraph, feeds, sitemaps,
mail, admin lists, forms, revisions and their diff; the PDF is read back as text.
"""

import html
import json
import re
from xml.etree import ElementTree

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse

from articles import services
from articles.models import Article, ArticleLink, ArticleType, Keyword
from articles.preview import preview_url
from articles.revisions import versions_of
from tests.articles.test_admin import article_form_data
from tests.articles.test_print_pdf import pdf_text
from tests.factories import ArticleFactory, ImageFactory, SectionFactory
from tests.inert import assert_inert

pytestmark = pytest.mark.django_db

# 88 characters, so that it fits every field with a label in front (names of sections, types, keywords: 100).
PAYLOAD = '</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">j</a>{{ 7|add:7 }}"\'&'
TEMPLATE_SYNTAX = "{{ 7|add:7 }}"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def hostile_article():
    editor = User.objects.create_superuser("chefredaktion", "chef@example.org", "x")
    section = SectionFactory(name=f"Ressort {PAYLOAD}", slug="ressort", description=f"Über {PAYLOAD}")
    article_type = ArticleType.objects.create(name=f"Typ {PAYLOAD}", slug="typ", shows_badge=True)
    image = ImageFactory(alt_text=f"Alt {PAYLOAD}", caption=f"Unterschrift {PAYLOAD}", credit=f"Quelle {PAYLOAD}")
    fields = {
        "kicker": f"Ort {PAYLOAD}",
        "headline": f"Titel {PAYLOAD}",
        "lead": f"Vorspann alert {PAYLOAD}",
        "body": f"<p>Text {PAYLOAD}</p><script>alert(4)</script><p onclick=alert(5)>Klick</p>",
        "author_shorthand": "<b onclick=x>'&",
        "lead_image_caption": f"Eigene {PAYLOAD}",
        "correction_note": f"Korrektur {PAYLOAD}",
    }
    article = ArticleFactory(
        **fields,
        section=section,
        article_type=article_type,
        lead_image=image,
        keywords=[f"Stichwort {PAYLOAD}"],
        links=[("https://example.org/?a=1&b=2", f"Link {PAYLOAD}")],
    )
    # Two revisions for the history and the diff, and a second article for the related box and teasers.
    services.article_save(article=article, user=editor, significant_update=True)
    article.lead = f"Neuer Vorspann {PAYLOAD}"
    services.article_save(article=article, user=editor)
    ArticleFactory(section=section, article_type=article_type, lead_image=image, keywords=[f"Stichwort {PAYLOAD}"])
    return Article.objects.get(pk=article.pk)


def get(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def public_pages(article):
    keyword = Keyword.objects.get(name__startswith="Stichwort")
    kwargs = {"section": article.section.slug, "slug": article.slug}
    return [
        "/",
        article.get_absolute_url(),
        article.section.get_absolute_url(),
        keyword.get_absolute_url(),
        reverse("articles:keyword-index"),
        reverse("articles:archive"),
        reverse("articles:archive") + "?q=alert",
        reverse("articles:detail-print", kwargs=kwargs),
        reverse("articles:detail-mail", kwargs=kwargs),
    ]


def test_public_pages_print_view_and_search_snippets_run_nothing_editors_typed(client, hostile_article):
    for url in public_pages(hostile_article):
        page = get(client, url)
        assert_inert(page, url)
        assert TEMPLATE_SYNTAX in page or url.endswith("/mailen/"), f"{url}: template syntax is shown, not run"


def test_preview_of_a_draft_runs_nothing_editors_typed(client, hostile_article):
    Article.objects.filter(pk=hostile_article.pk).update(status=Article.Status.DRAFT)
    assert_inert(get(client, preview_url(hostile_article)), "preview")


def test_json_ld_and_opengraph_carry_the_typed_text_as_data(client, hostile_article):
    page = get(client, hostile_article.get_absolute_url())
    blocks = assert_inert(page, "article")
    data = [json.loads(block) for block in blocks]
    headlines = [item.get("headline") for item in data if isinstance(item, dict)]
    assert hostile_article.headline in headlines, "JSON-LD keeps the headline exactly, </script> included"
    og_title = re.search(r'<meta property="og:title" content="([^"]*)"', page).group(1)
    assert html.unescape(og_title) == str(hostile_article)


def test_pdf_shows_the_typed_text_as_text(client, hostile_article, tmp_path):
    kwargs = {"section": hostile_article.section.slug, "slug": hostile_article.slug}
    response = client.get(reverse("articles:detail-pdf", kwargs=kwargs))
    assert response.status_code == 200
    text = pdf_text(b"".join(response), tmp_path)
    squeezed = "".join(text.split())
    for shown in ["Titel", "Ort", "Quelle", "Eigene"]:
        assert "".join(f"{shown} {PAYLOAD}".split()) in squeezed, shown
    assert "alert(4)" not in text, "the body's script was sanitised away"


@pytest.mark.parametrize("format", ["rss", "atom"])
def test_feed_fields_a_reader_renders_as_html_run_nothing(client, hostile_article, format):
    urls = [
        reverse("articles:feed", args=[format]),
        reverse("articles:section-feed", args=[hostile_article.section.slug, format]),
        reverse("articles:keyword-feed", args=[Keyword.objects.get(name__startswith="Stichwort").slug, format]),
    ]
    for url in urls:
        feed = ElementTree.fromstring(get(client, url))
        if format == "rss":
            html_fields = feed.iter("description")
        else:
            html_fields = [
                element
                for tag in ("summary", "content", "title", "subtitle", "rights")
                for element in feed.iter(f"{ATOM}{tag}")
                if element.get("type") == "html"
            ]
        checked = 0
        for element in html_fields:
            assert_inert(element.text or "", f"{url} <{element.tag}>")
            checked += 1
        assert checked, url


def test_sitemaps_are_well_formed_and_keep_the_typed_text_as_text(client, hostile_article):
    urls = [reverse("articles:sitemap"), reverse("articles:sitemap-news")]
    urls += [reverse("articles:sitemap-section", args=[name]) for name in ("beitraege", "bereiche", "stichwoerter")]
    texts = []
    for url in urls:
        texts += [element.text or "" for element in ElementTree.fromstring(get(client, url)).iter()]
    assert str(hostile_article) in texts, "news:title keeps kicker and headline as text"


def test_link_mail_runs_nothing_editors_typed(client, smtp, hostile_article):
    cache.clear()
    kwargs = {"section": hostile_article.section.slug, "slug": hostile_article.slug}
    response = client.post(
        reverse("articles:detail-mail", kwargs=kwargs), {"recipient": "leserin@verwaltung-digital.de", "website": ""}
    )
    assert response.status_code == 302
    [message] = smtp.messages()
    assert_inert(message.get_body(("html",)).get_content(), "mail")
    assert "Titel </script>" in message.get_body(("plain",)).get_content()


def test_admin_lists_forms_history_and_diff_run_nothing_editors_typed(admin_client, hostile_article):
    versions = list(versions_of(hostile_article))
    image = hostile_article.lead_image
    urls = [
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[hostile_article.pk]),
        reverse("admin:articles_article_versions", args=[hostile_article.pk]),
        reverse("admin:articles_article_diff", args=[hostile_article.pk])
        + f"?alt={versions[-1].pk}&neu={versions[0].pk}",
        reverse("admin:articles_article_history", args=[hostile_article.pk]),
        reverse("admin:images_image_changelist"),
        reverse("admin:images_image_change", args=[image.pk]),
        reverse("admin:articles_keyword_changelist"),
        reverse("admin:articles_section_changelist"),
        reverse("admin:articles_section_change", args=[hostile_article.section.pk]),
        reverse("admin:articles_articletype_changelist"),
        reverse("admin:index"),
    ]
    assert len(versions) >= 2
    for url in urls:
        assert_inert(get(admin_client, url), url)


@pytest.mark.parametrize(
    "url", ["javascript:alert(6)", "JAVASCRIPT:alert(6)", "data:text/html,<script>", "ftp://a.example/"]
)
def test_database_refuses_article_links_readers_should_not_follow_by_any_write_path(url):
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleLink.objects.create(article=article, url=url, label="x")
    assert not ArticleLink.objects.exists()


@pytest.mark.parametrize("url", ["javascript:alert(6)", "ftp://a.example/datei"])
def test_admin_form_refuses_links_other_than_web_addresses_with_a_german_message(admin_client, url):
    data = article_form_data(**{"links-0-url": url})
    response = admin_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert "Bitte eine gültige Adresse eingeben." in response.content.decode()
    assert not Article.objects.exists()
