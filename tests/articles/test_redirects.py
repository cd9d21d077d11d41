"""Old addresses of published articles answer with a 301 to the current one, forever and without chains."""

import pytest
from django.urls import reverse

from articles import services
from articles.models import Article, ArticleRedirect
from tests.factories import ArticleFactory, SectionFactory
from tests.workflow_helpers import article_admin_data, editor, form_errors, logged_in

pytestmark = pytest.mark.django_db


def rename(client, article, **changes):
    article.refresh_from_db()
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, article_admin_data(article, **changes))
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    return article


@pytest.fixture
def editor_client(client):
    return logged_in(client, editor())


def assert_moved(client, old_path, article):
    response = client.get(old_path)
    assert response.status_code == 301, old_path
    assert response["Location"] == article.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_old_address_redirects_after_one_rename(editor_client):
    article = ArticleFactory(slug="alter-name")
    old = article.get_absolute_url()
    rename(editor_client, article, slug="neuer-name")
    assert_moved(editor_client, old, article)


def test_every_old_address_redirects_straight_to_the_newest_after_two_renames(editor_client):
    article = ArticleFactory(slug="erster-name")
    first = article.get_absolute_url()
    rename(editor_client, article, slug="zweiter-name")
    second = article.get_absolute_url()
    rename(editor_client, article, slug="dritter-name")
    assert_moved(editor_client, first, article)
    assert_moved(editor_client, second, article)
    assert set(ArticleRedirect.objects.values_list("old_path", flat=True)) == {first, second}


def test_moving_to_another_section_redirects_the_old_address(editor_client):
    article = ArticleFactory(slug="umzug")
    old = article.get_absolute_url()
    praxis = SectionFactory(name="Praxis", slug="praxis")
    rename(editor_client, article, section=str(praxis.pk))
    assert article.get_absolute_url() == "/praxis/umzug/"
    assert_moved(editor_client, old, article)


def test_renaming_back_to_an_old_name_serves_the_article_there_without_a_loop(editor_client):
    article = ArticleFactory(slug="hin")
    original = article.get_absolute_url()
    rename(editor_client, article, slug="her")
    moved = article.get_absolute_url()
    rename(editor_client, article, slug="hin")
    assert editor_client.get(original).status_code == 200
    assert_moved(editor_client, moved, article)


def test_renaming_a_draft_leaves_no_redirect():
    article = ArticleFactory(status=Article.Status.DRAFT, slug="entwurf")
    article.slug = "entwurf-neu"
    services.article_save(article=article, user=editor())
    assert not ArticleRedirect.objects.exists()


def test_old_address_of_a_withdrawn_article_is_404_not_a_redirect(client):
    article = ArticleFactory(slug="bald-weg")
    old = article.get_absolute_url()
    user = editor()
    article.slug = "weg"
    services.article_save(article=article, user=user)
    services.article_withdraw(article=article, user=user)
    assert client.get(old).status_code == 404


@pytest.mark.usefixtures("no_page_cache")
def test_redirect_lookup_costs_few_queries(client, django_assert_max_num_queries):
    article = ArticleFactory(slug="vorher")
    old = article.get_absolute_url()
    article.slug = "nachher"
    services.article_save(article=article, user=editor())
    with django_assert_max_num_queries(3):
        assert client.get(old).status_code == 301
