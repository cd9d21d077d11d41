"""Revisions: every save is kept, with who and when; a readable diff; restoring makes a new revision."""

import pytest
from django.urls import reverse

from articles.models import Article
from articles.revisions import versions_of
from articles.workflow import Action
from tests.factories import ArticleFactory, ImageFactory
from tests.workflow_helpers import article_admin_data, author, editor, form_errors, logged_in

pytestmark = pytest.mark.django_db


def save(client, article, **changes):
    article.refresh_from_db()
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]), article_admin_data(article, **changes)
    )
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    return article


def snapshot(article):
    article.refresh_from_db()
    return {
        "body": article.body,
        "headline": article.headline,
        "keywords": list(article.keywords.names()),
        "links": [(link.position, link.url, link.label) for link in article.links.all()],
        "image": article.lead_image_id,
        "related": sorted(article.related.values_list("pk", flat=True)),
    }


@pytest.fixture
def two_revisions(client):
    """An article saved twice through the admin by an editor, with everything changed the second time."""
    client = logged_in(client, editor(first_name="Erika", last_name="Muster"))
    first_image, second_image = ImageFactory(), ImageFactory()
    first_related, second_related = ArticleFactory(), ArticleFactory()
    article = ArticleFactory(lead_image=first_image, links=[("https://erste.example/", "Erste Quelle")])
    save(client, article, body="<p>Erste Fassung.</p>", keywords="Cloud, Register", related=[first_related.pk])
    first = snapshot(article)
    data = {
        "body": "<p>Zweite Fassung.</p><p>Mit <b>mehr</b> Text.</p>",
        "headline": "Neue Überschrift",
        "keywords": "Onlinezugang",
        "lead_image": str(second_image.pk),
        "related": [second_related.pk],
        "links-0-DELETE": "on",
        "links-1-url": "https://zweite.example/",
        "links-1-label": "Zweite Quelle",
        "links-1-position": "3",
    }
    save(client, article, **data)
    return client, article, first


def test_every_admin_save_keeps_a_revision_with_who_saved_it(two_revisions):
    client, article, _first = two_revisions
    versions = list(versions_of(article))
    assert len(versions) == 2
    assert {v.revision.user.get_full_name() for v in versions} == {"Erika Muster"}
    html = client.get(reverse("admin:articles_article_versions", args=[article.pk])).content.decode()
    assert html.count("Erika Muster") >= 2 and "Diese Version wiederherstellen" in html
    crumbs = html[html.index('<div class="breadcrumbs">') :].split("</div>", 1)[0]
    assert f'<a href="/admin/articles/article/{article.pk}/change/">{article}</a>' in crumbs
    assert crumbs.rstrip().endswith("&rsaquo; Versionen")


def test_restore_brings_back_body_keywords_links_image_and_related_exactly(two_revisions):
    client, article, first = two_revisions
    assert snapshot(article) != first
    oldest = list(versions_of(article))[-1]
    response = client.post(reverse("admin:articles_article_restore", args=[article.pk, oldest.pk]), follow=True)
    assert "ist wiederhergestellt (als neue Version)" in response.content.decode()
    assert snapshot(article) == first


def test_restoring_makes_a_new_revision_and_keeps_the_replaced_one(two_revisions):
    client, article, first = two_revisions
    versions = list(versions_of(article))
    client.post(reverse("admin:articles_article_restore", args=[article.pk, versions[-1].pk]))
    after = list(versions_of(article))
    assert len(after) == 3
    assert after[0].revision.get_comment().startswith("Wiederhergestellt")
    assert after[0].field_dict["body"] == first["body"]
    assert {v.pk for v in versions} <= {v.pk for v in after}, "nothing is overwritten"


def test_restore_keeps_the_current_publication_state(two_revisions):
    client, article, _first = two_revisions
    save(client, article, action=Action.WITHDRAW)
    oldest = list(versions_of(article))[-1]
    client.post(reverse("admin:articles_article_restore", args=[article.pk, oldest.pk]))
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN


def test_diff_shows_changed_text_keywords_and_links_line_by_line_and_escaped(two_revisions):
    client, article, _first = two_revisions
    save(client, article, lead="Vorspann mit <script>alert(1)</script> darin.")
    newest, _middle, oldest = versions_of(article)
    url = reverse("admin:articles_article_diff", args=[article.pk])
    html = client.get(url, {"alt": oldest.pk, "neu": newest.pk}).content.decode()
    assert '<del><span class="visually-hidden">entfernt: </span>Erste Fassung.</del>' in html
    assert '<ins><span class="visually-hidden">hinzugefügt: </span>Mit mehr Text.</ins>' in html
    assert "Neue Überschrift" in html and "Onlinezugang" in html and "https://zweite.example/ Zweite Quelle" in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_diff_with_missing_or_foreign_versions_explains_in_german(two_revisions):
    client, article, _first = two_revisions
    other = ArticleFactory()
    url = reverse("admin:articles_article_diff", args=[other.pk])
    version = versions_of(article).first()
    response = client.get(url, {"alt": version.pk, "neu": "x"}, follow=True)
    assert "Bitte wählen Sie zwei Versionen dieses Beitrags zum Vergleich." in response.content.decode()


def test_author_cannot_restore_a_revision_of_someone_elses_article(two_revisions, client):
    _editor_client, article, _first = two_revisions
    before = snapshot(article)
    client = logged_in(client, author())
    oldest = list(versions_of(article))[-1]
    assert client.post(reverse("admin:articles_article_restore", args=[article.pk, oldest.pk])).status_code == 403
    assert snapshot(article) == before
    assert client.get(reverse("admin:articles_article_restore", args=[article.pk, oldest.pk])).status_code == 405
