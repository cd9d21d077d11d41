"""Public newsletter pages: every page with the signup link is cookie-free and served from the page cache; the
archive shows an issue once its send time has come, right on the next request after any write."""

from datetime import timedelta

import pytest
from django.utils import timezone

from newsletter.models import Issue
from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_issue(weekly):
    issue = Issue.objects.create(
        newsletter_list=weekly, subject="Die Woche & mehr", state="sent", send_at=timezone.now() - timedelta(days=1)
    )
    article = ArticleFactory(
        kicker="Musterland", headline="Ein Beitrag", lead_image=ImageFactory(alt_text="Ein Rathaus", credit="Stadt")
    )
    issue.items.create(article=article, position=1)
    return issue


def test_every_page_with_the_signup_link_sets_no_cookie_and_comes_from_the_page_cache(client, sent_issue):
    article = sent_issue.articles.get()
    for path in (
        "/",
        "/politik/",
        article.get_absolute_url(),
        "/archiv/",
        "/newsletter/",
        f"/newsletter/ausgabe/{sent_issue.pk}/",
    ):
        first = client.get(path)
        assert first.status_code == 200, path
        assert "/newsletter/anmelden/?" in first.content.decode(), path
        second = client.get(path)
        assert second["X-Page-Cache"] == "hit", path
        assert first.cookies == {} and second.cookies == {}, path
    signup = client.get("/newsletter/anmelden/?liste=woechentlich&von=/politik/")
    assert "csrftoken" in signup.cookies, "the one page with a form that posts"
    assert "X-Page-Cache" not in signup
    html = signup.content.decode()
    assert 'value="/politik/"' in html and "checked" in html


def test_the_signup_link_names_the_page_it_came_from(client):
    html = client.get("/archiv/").content.decode()
    assert 'href="/newsletter/anmelden/?von=/archiv/"' in html


def test_the_archive_page_shows_the_issue_like_the_mail(client, sent_issue):
    html = client.get(f"/newsletter/ausgabe/{sent_issue.pk}/").content.decode()
    assert "<h1>Die Woche &amp; mehr</h1>" in html
    assert "Musterland:" in html and "Ein Beitrag" in html
    assert 'alt="Ein Rathaus"' in html and "Bild: Stadt" in html
    index = client.get("/newsletter/").content.decode()
    assert f'href="/newsletter/ausgabe/{sent_issue.pk}/">Die Woche &amp; mehr</a>' in index


def test_drafts_and_planned_issues_are_not_in_the_archive_until_their_time(client, weekly, sent_issue):
    draft = Issue.objects.create(newsletter_list=weekly, subject="Entwurf")
    assert client.get(f"/newsletter/ausgabe/{draft.pk}/").status_code == 404
    assert client.get("/newsletter/ausgabe/99999999999999999999/").status_code == 404
    planned = Issue.objects.create(
        newsletter_list=weekly, subject="Geplant", state="scheduled", send_at=timezone.now() + timedelta(hours=1)
    )
    assert "Geplant" not in client.get("/newsletter/").content.decode()
    assert client.get(f"/newsletter/ausgabe/{planned.pk}/").status_code == 404
    Issue.objects.filter(pk=planned.pk).update(send_at=timezone.now() - timedelta(seconds=1))
    assert "Geplant" in client.get("/newsletter/").content.decode(), "a write is seen on the next request"


def test_the_signup_page_answers_a_list_that_does_not_exist_without_error(client, weekly):
    response = client.get("/newsletter/anmelden/?liste=gibt-es-nicht&liste=" + "x" * 300 + "&von=//boese.example/")
    assert response.status_code == 200
    assert "boese.example" not in response.content.decode()
