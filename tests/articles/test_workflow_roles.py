"""Roles and publish rules, enforced on the server: admin form, forged POSTs, bulk actions, services."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from articles import services
from articles.models import Article
from articles.workflow import Action
from tests.factories import ArticleFactory, ImageFactory
from tests.workflow_helpers import article_admin_data, author, editor, form_errors, logged_in

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def bulk(client, action, *articles):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [a.pk for a in articles], "index": "0"}, follow=True
    )


def test_author_creates_a_draft_and_is_recorded_as_its_author(client):
    writer = author()
    data = article_admin_data(ArticleFactory(), action=Action.SAVE_DRAFT, slug="neuer-entwurf")
    data.update(
        {
            "bylines-TOTAL_FORMS": "0",
            "bylines-INITIAL_FORMS": "0",
            "links-TOTAL_FORMS": "0",
            "links-INITIAL_FORMS": "0",
            "opened_version": "",
        }
    )
    response = logged_in(client, writer).post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, form_errors(response)
    created = Article.objects.get(slug="neuer-entwurf")
    assert (created.created_by, created.last_edited_by, created.status) == (writer, writer, Article.Status.DRAFT)


@pytest.mark.parametrize("forged", [Action.PUBLISH, Action.WITHDRAW, "veroeffentlicht", Action.SAVE])
def test_forged_post_of_an_author_cannot_publish_or_withdraw_own_draft(client, forged):
    writer = author()
    draft = ArticleFactory(status=Article.Status.DRAFT, created_by=writer)
    response = logged_in(client, writer).post(change_url(draft), article_admin_data(draft, action=forged))
    assert response.status_code == 200
    assert "Nicht gespeichert:" in str(response.context["adminform"].form.non_field_errors())
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_a_posted_status_field_changes_nothing(client):
    writer = author()
    draft = ArticleFactory(status=Article.Status.DRAFT, created_by=writer)
    data = article_admin_data(draft, status=Article.Status.PUBLISHED, headline="Neu")
    response = logged_in(client, writer).post(change_url(draft), data)
    assert response.status_code == 302, form_errors(response)
    draft.refresh_from_db()
    assert (draft.status, draft.headline) == (Article.Status.DRAFT, "Neu")


def test_forged_add_post_of_an_author_cannot_publish_a_new_article(client):
    writer = author()
    data = article_admin_data(ArticleFactory(), action=Action.PUBLISH, slug="heimlich")
    data.update(
        {"bylines-TOTAL_FORMS": "0", "bylines-INITIAL_FORMS": "0", "links-TOTAL_FORMS": "0", "links-INITIAL_FORMS": "0"}
    )
    response = logged_in(client, writer).post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert not Article.objects.filter(slug="heimlich").exists()


def test_author_may_submit_own_draft_for_review_through_the_form(client):
    writer = author()
    draft = ArticleFactory(status=Article.Status.DRAFT, created_by=writer)
    response = logged_in(client, writer).post(change_url(draft), article_admin_data(draft, action=Action.SUBMIT))
    assert response.status_code == 302, form_errors(response)
    draft.refresh_from_db()
    assert draft.status == Article.Status.REVIEW


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.PUBLISHED])
def test_author_cannot_change_articles_of_others_but_may_read_them(client, status):
    article = ArticleFactory(status=status, created_by=editor(), headline="Fremder Beitrag")
    client = logged_in(client, author())
    page = client.get(change_url(article))
    assert page.status_code == 200 and "Fremder Beitrag" in page.content.decode()
    assert 'name="_aktion"' not in page.content.decode() and 'name="_save"' not in page.content.decode()
    assert "Significant update" not in page.content.decode(), "no empty form-only fields in the read-only view"
    response = client.post(change_url(article), article_admin_data(article, headline="Übernommen"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline == "Fremder Beitrag"


def test_author_cannot_change_own_article_once_published(client):
    writer = author()
    article = ArticleFactory(status=Article.Status.PUBLISHED, created_by=writer, headline="Geprüft")
    response = logged_in(client, writer).post(change_url(article), article_admin_data(article, headline="Ungeprüft"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline == "Geprüft"


def test_author_cannot_delete_articles_not_even_own_drafts(client):
    writer = author()
    draft = ArticleFactory(status=Article.Status.DRAFT, created_by=writer)
    url = reverse("admin:articles_article_delete", args=[draft.pk])
    assert logged_in(client, writer).post(url, {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=draft.pk).exists()


def test_author_cannot_run_publish_or_withdraw_bulk_actions_even_by_forged_post(client):
    writer = author()
    draft = ArticleFactory(status=Article.Status.DRAFT, created_by=writer)
    live = ArticleFactory(status=Article.Status.PUBLISHED, created_by=writer)
    client = logged_in(client, writer)
    html = client.get(CHANGELIST).content.decode()
    assert "publish_selected" not in html and "withdraw_selected" not in html
    bulk(client, "publish_selected", draft)
    bulk(client, "withdraw_selected", live)
    draft.refresh_from_db()
    live.refresh_from_db()
    assert (draft.status, live.status) == (Article.Status.DRAFT, Article.Status.PUBLISHED)


def test_bulk_submit_for_review_changes_own_drafts_and_refuses_others(client):
    writer = author()
    mine = ArticleFactory(status=Article.Status.DRAFT, created_by=writer)
    theirs = ArticleFactory(status=Article.Status.DRAFT, created_by=editor(), headline="Nicht meiner")
    response = bulk(logged_in(client, writer), "submit_selected", mine, theirs)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == (Article.Status.REVIEW, Article.Status.DRAFT)
    text = response.content.decode()
    assert "„Nicht meiner“: Sie dürfen diesen Beitrag nicht bearbeiten." in text


def test_editor_bulk_publish_publishes_complete_articles_and_lists_problems_of_the_rest(client):
    ready = ArticleFactory(status=Article.Status.REVIEW)
    no_credit = ArticleFactory(
        status=Article.Status.REVIEW, headline="Bild ohne Quelle", lead_image=ImageFactory(credit="", alt_text="")
    )
    response = bulk(logged_in(client, editor()), "publish_selected", ready, no_credit)
    ready.refresh_from_db()
    no_credit.refresh_from_db()
    assert ready.status == Article.Status.PUBLISHED and ready.is_published()
    assert no_credit.status == Article.Status.REVIEW
    text = response.content.decode()
    assert "Das Aufmacherbild hat keinen Alternativtext." in text
    assert "Das Aufmacherbild hat keine Bildquelle." in text
    assert "1 Beitrag/Beiträge veröffentlicht." in text


def test_editor_bulk_withdraw_takes_articles_off_the_site(client):
    live = ArticleFactory()
    bulk(logged_in(client, editor()), "withdraw_selected", live)
    live.refresh_from_db()
    assert live.status == Article.Status.WITHDRAWN
    assert client.get(live.get_absolute_url()).status_code == 404


def test_editor_form_refuses_publishing_with_an_image_without_credit_and_names_it(client):
    article = ArticleFactory(status=Article.Status.REVIEW, lead_image=ImageFactory(credit=""))
    response = logged_in(client, editor()).post(change_url(article), article_admin_data(article, action=Action.PUBLISH))
    assert response.status_code == 200
    assert "Das Aufmacherbild hat keine Bildquelle." in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_editor_may_edit_and_publish_articles_of_authors(client):
    article = ArticleFactory(status=Article.Status.REVIEW, created_by=author())
    data = article_admin_data(article, action=Action.PUBLISH, headline="Redigiert")
    response = logged_in(client, editor()).post(change_url(article), data)
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert (article.status, article.headline) == (Article.Status.PUBLISHED, "Redigiert")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"headline": "  "}, "Die Überschrift fehlt."),
        ({"lead": ""}, "Der Vorspann fehlt."),
        ({"image": {"alt_text": ""}}, "Das Aufmacherbild hat keinen Alternativtext."),
        ({"image": {"credit": ""}}, "Das Aufmacherbild hat keine Bildquelle."),
    ],
)
def test_publish_service_refuses_each_missing_piece_with_its_message(changes, message):
    image_fields = changes.pop("image", None)
    article = ArticleFactory(status=Article.Status.REVIEW, lead_image=ImageFactory(**(image_fields or {})), **changes)
    with pytest.raises(ValidationError) as refused:
        services.article_publish(article=article, user=editor())
    assert refused.value.messages == [message]
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_publish_problems_names_missing_section_and_type():
    problems = Article(headline="Titel", lead="Vorspann").publish_problems()
    assert problems == ["Der Bereich fehlt.", "Die Beitragsart fehlt."]


def test_publish_service_refuses_authors_and_strangers():
    writer = author()
    own = ArticleFactory(status=Article.Status.REVIEW, created_by=writer)
    other = ArticleFactory(status=Article.Status.REVIEW, created_by=editor())
    with pytest.raises(ValidationError, match="nur die Redaktion"):
        services.article_publish(article=own, user=writer)
    with pytest.raises(PermissionDenied):
        services.article_publish(article=other, user=writer)
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.REVIEW}


def test_superuser_may_do_everything(admin_user):
    article = ArticleFactory(status=Article.Status.DRAFT)
    services.article_publish(article=article, user=admin_user)
    services.article_withdraw(article=article, user=admin_user)
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN
