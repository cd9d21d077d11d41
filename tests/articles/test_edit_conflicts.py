"""Two editors on one article: the later save of a stale form is refused, and nobody loses a word."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone

from articles.models import Article
from articles.revisions import versions_of
from tests.factories import ArticleFactory
from tests.workflow_helpers import article_admin_data, editor, form_errors

pytestmark = pytest.mark.django_db


def open_form(client, article):
    """The change form as the editor opened it: its POST data with the version it carries."""
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    opened = re.search(r'name="opened_version" value="(\d+)"', html).group(1)
    article.refresh_from_db()
    return article_admin_data(article, opened_version=opened)


def post(client, article, data):
    return client.post(reverse("admin:articles_article_change", args=[article.pk]), data)


@pytest.fixture
def editors():
    anna, ben = Client(), Client()
    anna.force_login(editor(first_name="Anna", last_name="Albers"))
    ben.force_login(editor(first_name="Ben", last_name="Brandt"))
    return anna, ben


def test_second_save_of_a_stale_form_is_refused_naming_the_other_editor(editors):
    anna, ben = editors
    article = ArticleFactory(headline="Ursprünglich", body="<p>Alter Text.</p>")
    anna_form, ben_form = open_form(anna, article), open_form(ben, article)
    assert post(anna, article, {**anna_form, "headline": "Annas Überschrift"}).status_code == 302
    response = post(ben, article, {**ben_form, "body": "<p>Bens neuer Absatz.</p>"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nicht gespeichert: Anna Albers hat diesen Beitrag am" in html
    assert "Bearbeitungskonflikt: gespeichert von Anna Albers" in html
    article.refresh_from_db()
    assert (article.headline, article.body) == ("Annas Überschrift", "<p>Alter Text.</p>")
    # Side by side: Ben's headline (unchanged from when he opened it) against Anna's, Ben's body against the stored.
    conflict = response.context["adminform"].form.conflict
    rows = {str(row["label"]): (row["mine"], row["theirs"]) for row in conflict["fields"]}
    assert rows["Überschrift"] == ("Ursprünglich", "Annas Überschrift")
    assert rows["Text"] == ("Bens neuer Absatz.", "Alter Text.")
    assert "Bens neuer Absatz." in html, "Ben's input is still in the form"


def test_after_seeing_the_conflict_saving_again_keeps_both_versions(editors):
    anna, ben = editors
    article = ArticleFactory(headline="Ursprünglich")
    anna_form, ben_form = open_form(anna, article), open_form(ben, article)
    post(anna, article, {**anna_form, "headline": "Annas Überschrift"})
    refused = post(ben, article, {**ben_form, "headline": "Bens Überschrift"})
    again = re.search(r'name="opened_version" value="(\d+)"', refused.content.decode()).group(1)
    response = post(ben, article, {**ben_form, "headline": "Bens Überschrift", "opened_version": again})
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert article.headline == "Bens Überschrift"
    assert [v.field_dict["headline"] for v in versions_of(article)] == ["Bens Überschrift", "Annas Überschrift"]


def test_editor_saving_twice_in_a_row_is_never_in_conflict_with_themselves(editors):
    anna, _ben = editors
    article = ArticleFactory()
    form = open_form(anna, article)
    assert post(anna, article, {**form, "headline": "Erste Speicherung"}).status_code == 302
    response = post(anna, article, {**form, "headline": "Zweite Speicherung"})
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert article.headline == "Zweite Speicherung"


def test_a_stale_tab_is_refused_even_when_its_owner_saved_last_from_another_tab(editors):
    anna, ben = editors
    article = ArticleFactory()
    stale = open_form(ben, article)
    post(anna, article, {**open_form(anna, article), "lead": "Annas Vorspann."})
    post(ben, article, {**open_form(ben, article), "kicker": "Bens zweiter Tab"})
    response = post(ben, article, {**stale, "lead": "Veralteter Vorspann."})
    assert response.status_code == 200
    assert "Anna Albers" in response.content.decode()
    article.refresh_from_db()
    assert (article.lead, article.kicker) == ("Annas Vorspann.", "Bens zweiter Tab")


def test_conflict_message_shows_the_time_of_the_other_save(editors):
    anna, ben = editors
    article = ArticleFactory()
    anna_form, ben_form = open_form(anna, article), open_form(ben, article)
    post(anna, article, {**anna_form, "headline": "Anna war schneller"})
    article.refresh_from_db()
    when = formats.date_format(timezone.localtime(article.updated_at), "SHORT_DATETIME_FORMAT")
    assert f"am {when}" in post(ben, article, ben_form).content.decode()
    assert Article.objects.get(pk=article.pk).headline == "Anna war schneller"
