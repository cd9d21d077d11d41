"""The A–Z keyword index and related keywords on keyword pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def keywords():
    ArticleFactory(keywords=["Cloud", "E-Akte", "Öffentliche Verwaltung"])
    ArticleFactory(keywords=["Cloud", "E-Akte"])
    ArticleFactory(keywords=["Cloud", "Abfall", "3D-Druck"])
    ArticleFactory(keywords=["Cloud", "Entwurfsthema"], status=Article.Status.DRAFT)
    ArticleFactory(keywords=["Zukunftsthema", "E-Akte"], published_at=timezone.now() + timedelta(days=1))


def index_entries(response):
    return [(letter, [(k.name, k.article_count) for k in group]) for letter, group in response.context["index"]]


def test_keyword_index_groups_keywords_by_letter_with_published_counts(client, keywords):
    response = client.get("/stichwoerter/")
    assert response.status_code == 200
    assert index_entries(response) == [
        ("A", [("Abfall", 1)]),
        ("C", [("Cloud", 3)]),
        ("E", [("E-Akte", 2)]),
        ("O", [("Öffentliche Verwaltung", 1)]),
        ("#", [("3D-Druck", 1)]),
    ]
    html = response.content.decode()
    assert '<a href="/stichwort/cloud/">Cloud</a> <span class="count">(3 Beiträge)</span>' in html
    assert '<a href="#buchstabe-o">O</a>' in html and 'id="buchstabe-sonstige"' in html
    assert "Entwurfsthema" not in html and "Zukunftsthema" not in html


def test_keyword_page_links_to_related_keywords_of_published_articles(client, keywords):
    response = client.get("/stichwort/e-akte/")
    assert [k.name for k in response.context["related_keywords"]] == ["Cloud", "Öffentliche Verwaltung"]
    html = response.content.decode()
    assert '<a href="/stichwort/cloud/">Cloud</a>' in html
    assert '<a href="/stichwoerter/">Alle Stichwörter von A bis Z</a>' in html
    cloud = client.get("/stichwort/cloud/").context["related_keywords"]
    assert cloud[0].name == "E-Akte"
    assert "Entwurfsthema" not in [k.name for k in cloud]


@pytest.mark.usefixtures("no_page_cache")
def test_keyword_index_query_count_does_not_grow(client, django_assert_max_num_queries):
    for n in range(20):
        ArticleFactory(keywords=[f"Thema {n}", "Cloud"])
    # One of them reads the content generation that header and footer are cached under (with the portal's host
    # table, once per process), one what the portal shows besides its own articles (once per generation).
    with django_assert_max_num_queries(5):
        assert client.get("/stichwoerter/").status_code == 200


def test_keyword_index_passes_axe_in_chromium(page, axe, keywords, page_log):
    page.goto("/stichwoerter/")
    page.click("a[href='#buchstabe-c']")
    violations = axe()
    assert violations == [], axe.format(violations)
    assert page_log.foreign_requests() == [] and page_log.errors == []
