"""Words in another language carry `lang` (WCAG 3.1.2): the body editor's „Englisch“ mark becomes lang="en"."""

import re

import pytest
from django.urls import reverse

from core.richtext import sanitize_body
from demo import content as demo_content
from pages.models import Page
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

MARKED = '<p>Das Land setzt auf <span class="lang-en">Open Data</span>.</p>'


def test_sanitiser_keeps_the_language_mark_and_nothing_else_on_spans():
    assert sanitize_body(MARKED) == MARKED
    cleaned = sanitize_body('<p><span class="lang-en x" onclick="alert(1)">Cloud</span></p>')
    assert "onclick" not in cleaned and 'class="x' not in cleaned and " x" not in cleaned
    assert "gross" not in sanitize_body('<p><span class="gross">Text</span></p>')


def test_article_page_print_view_and_static_page_give_readers_lang_en(client):
    article = ArticleFactory(body=MARKED)
    page = Page.objects.create(title="Impressum", slug="impressum", body=MARKED, is_published=True)
    kwargs = {"section": article.section.slug, "slug": article.slug}
    for url in [article.get_absolute_url(), reverse("articles:detail-print", kwargs=kwargs), page.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert '<span class="lang-en" lang="en">Open Data</span>' in html, url
    assert article.body == MARKED, "stored as the editor wrote it"


def test_demo_marks_every_english_term_in_bodies_and_keeps_them_out_of_plain_text_fields():
    plain_fields = ("kicker", "headline", "lead")
    for data in demo_content.ARTICLES:
        text_outside_marks = re.sub(r'<span class="lang-en">[^<]*</span>|<[^>]+>', " ", data["body"])
        assert not demo_content.ENGLISH_TERMS.search(text_outside_marks), data["headline"]
        for field in plain_fields:
            assert not demo_content.ENGLISH_TERMS.search(data.get(field, "")), (field, data[field])
        for keyword in data["keywords"]:
            assert not demo_content.ENGLISH_TERMS.search(keyword), keyword
        for link in data.get("links", []):
            assert not demo_content.ENGLISH_TERMS.search(link["label"]), link
    assert sum('class="lang-en"' in data["body"] for data in demo_content.ARTICLES) >= 3
