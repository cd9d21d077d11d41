"""Workflow as actions: buttons that say what they do for the user's role, one table of roles × transitions behind
them (articles/workflow.py), a confirmation that says where the article can be seen, and forged posts refused."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article
from articles.preview import preview_url
from articles.workflow import TRANSITIONS, Action, actions_for
from tests.factories import ArticleFactory, ImageFactory
from tests.workflow_helpers import article_admin_data, author, editor, form_errors, logged_in

pytestmark = pytest.mark.django_db

Status = Article.Status
ADD = reverse("admin:articles_article_add")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def buttons(html: str) -> list[tuple[str, str]]:
    """(value, words) of the form's workflow buttons, in their order."""
    return [
        (value, unescape(words).strip())
        for value, words in re.findall(
            r'<button type="submit" name="_aktion" value="([^"]+)"[^>]*>([^<]+)</button>', html
        )
    ]


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def new_article_data(**changes):
    """The add form's post: another article's fields under a new headline."""
    data = article_admin_data(ArticleFactory(), **changes)
    data.update(
        {
            "slug": "rathaus-samstags",
            "headline": "Rathaus öffnet samstags",
            "links-TOTAL_FORMS": "0",
            "links-INITIAL_FORMS": "0",
            "opened_version": "",
        }
    )
    return data


# --- the buttons -------------------------------------------------------------------------------------------------


def test_the_form_has_no_status_drop_down_and_no_sichern(client):
    html = logged_in(client, editor()).get(change_url(ArticleFactory(status=Status.DRAFT))).content.decode()
    assert 'name="status"' not in html
    assert 'name="_save"' not in html and 'value="Sichern"' not in html


@pytest.mark.parametrize(
    ("role", "status", "expected"),
    [
        ("author", None, ["Entwurf speichern", "Speichern und Vorschau ansehen", "Zur Prüfung geben"]),
        ("author", Status.DRAFT, ["Entwurf speichern", "Speichern und Vorschau ansehen", "Zur Prüfung geben"]),
        ("author", Status.REVIEW, ["Änderungen speichern", "Speichern und Vorschau ansehen", "Entwurf speichern"]),
        (
            "editor",
            None,
            ["Entwurf speichern", "Speichern und Vorschau ansehen", "Zur Prüfung geben", "Veröffentlichen"],
        ),
        (
            "editor",
            Status.REVIEW,
            ["Änderungen speichern", "Speichern und Vorschau ansehen", "Entwurf speichern", "Veröffentlichen"],
        ),
        ("editor", Status.PUBLISHED, ["Änderungen speichern", "Zurückziehen"]),
        (
            "editor",
            Status.WITHDRAWN,
            [
                "Änderungen speichern",
                "Speichern und Vorschau ansehen",
                "Entwurf speichern",
                "Zur Prüfung geben",
                "Veröffentlichen",
            ],
        ),
    ],
)
def test_each_role_gets_buttons_that_say_what_they_do(client, role, status, expected):
    user = author() if role == "author" else editor()
    url = ADD if status is None else change_url(ArticleFactory(status=status, created_by=user))
    html = logged_in(client, user).get(url).content.decode()
    assert [words for _value, words in buttons(html)] == expected


def test_publishing_with_a_time_ahead_is_planen(client):
    article = ArticleFactory(status=Status.REVIEW, published_at=timezone.now() + timedelta(days=2))
    html = logged_in(client, editor()).get(change_url(article)).content.decode()
    assert ("veroeffentlichen", "Planen") in buttons(html)


def test_the_first_button_saves_without_a_status_change(client):
    """A browser's Enter key in a field submits with the first button: it must never publish or hand in."""
    for status in Status.values:
        article = ArticleFactory(status=status)
        html = logged_in(client, editor()).get(change_url(article)).content.decode()
        assert buttons(html)[0][0] in {Action.SAVE, Action.SAVE_DRAFT}, status


# --- what each action does, and says -------------------------------------------------------------------------------


def test_publish_says_where_the_article_can_now_be_seen(client):
    article = ArticleFactory(status=Status.REVIEW, headline="Neue Sprechzeiten", slug="neue-sprechzeiten")
    response = logged_in(client, editor()).post(change_url(article), article_admin_data(article, action=Action.PUBLISH))
    assert response.status_code == 302, form_errors(response)
    assert response["Location"] == reverse("admin:index")
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.is_published()
    public = "http://127.0.0.1:8000/politik/neue-sprechzeiten/"
    assert messages_of(response) == [
        f'„Neue Sprechzeiten“ ist veröffentlicht und unter <a href="{public}">{public}</a> zu sehen.'
    ]


def test_planen_says_when_and_where_the_article_will_appear_and_where_to_see_it_until_then(client):
    later = timezone.now() + timedelta(days=3)
    article = ArticleFactory(status=Status.REVIEW, headline="Bald", slug="bald", published_at=later)
    response = logged_in(client, editor()).post(change_url(article), article_admin_data(article, action=Action.PUBLISH))
    assert response.status_code == 302, form_errors(response)
    [message] = messages_of(response)
    local = timezone.localtime(later)
    assert message.startswith(f"„Bald“ ist geplant und erscheint am {local.day}.{local.month}.{local.year}, ")
    assert "http://127.0.0.1:8000/politik/bald/" in message and "Vorschau" in message


def test_handing_in_says_where_the_redaktion_finds_it_and_links_the_preview_with_its_lifetime(client):
    writer = author()
    draft = ArticleFactory(status=Status.DRAFT, created_by=writer, headline="Mein Text")
    response = logged_in(client, writer).post(change_url(draft), article_admin_data(draft, action=Action.SUBMIT))
    assert response.status_code == 302, form_errors(response)
    draft.refresh_from_db()
    assert draft.status == Status.REVIEW
    [message] = messages_of(response)
    assert message.startswith("„Mein Text“ ist zur Prüfung gegeben (die Redaktion findet ihn auf ihrer Startseite")
    assert f'<a href="{preview_url(draft).rsplit(":", 1)[0]}' in message
    assert "Wer diesen Vorschau-Link hat" in message and "bis zur Veröffentlichung" in message


def test_saving_a_draft_stays_in_the_form_and_the_preview_button_opens_the_preview(client):
    writer = author()
    draft = ArticleFactory(status=Status.DRAFT, created_by=writer)
    client = logged_in(client, writer)
    saved = client.post(
        change_url(draft), article_admin_data(draft, action=Action.SAVE_DRAFT, headline="Zwischenstand")
    )
    assert saved["Location"] == change_url(draft)
    assert messages_of(saved)[0].startswith("„Zwischenstand“ ist als Entwurf gespeichert und nicht öffentlich.")
    draft.refresh_from_db()
    previewed = client.post(change_url(draft), article_admin_data(draft, _aktion="vorschau", headline="Fast fertig"))
    assert previewed["Location"].startswith("/vorschau/")
    assert "Fast fertig" in client.get(previewed["Location"]).content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_withdrawing_takes_the_article_off_the_site_and_says_so(client):
    live = ArticleFactory(headline="Alt")
    response = logged_in(client, editor()).post(change_url(live), article_admin_data(live, action=Action.WITHDRAW))
    assert response.status_code == 302, form_errors(response)
    assert messages_of(response)[0].startswith("„Alt“ ist zurückgezogen und nicht öffentlich.")
    assert client.get(live.get_absolute_url()).status_code == 404


def test_saving_a_published_article_keeps_it_published(client):
    live = ArticleFactory(headline="Tippfehler")
    response = logged_in(client, editor()).post(
        change_url(live), article_admin_data(live, headline="Tippfehler behoben")
    )
    assert response.status_code == 302, form_errors(response)
    live.refresh_from_db()
    assert (live.status, live.headline) == (Status.PUBLISHED, "Tippfehler behoben")
    assert messages_of(response)[0].startswith("„Tippfehler behoben“ ist gespeichert und unter ")


def test_a_new_article_can_be_handed_in_at_once(client):
    writer = author()
    response = logged_in(client, writer).post(ADD, new_article_data(action=Action.SUBMIT))
    assert response.status_code == 302, form_errors(response)
    created = Article.objects.get(headline="Rathaus öffnet samstags")
    assert (created.status, created.created_by) == (Status.REVIEW, writer)


# --- forged posts -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", [Action.PUBLISH, Action.WITHDRAW, Action.SAVE, "status", "", "veröffentlichen"])
def test_a_forged_action_of_an_author_changes_nothing(client, action):
    writer = author()
    draft = ArticleFactory(status=Status.DRAFT, created_by=writer, headline="Unverändert")
    data = article_admin_data(draft, headline="Geändert", status=Status.PUBLISHED, _aktion=action)
    response = logged_in(client, writer).post(change_url(draft), data)
    draft.refresh_from_db()
    if action == "":
        # No button: saving without a status change; the posted status field does not exist.
        assert response.status_code == 302 and (draft.status, draft.headline) == (Status.DRAFT, "Geändert")
    else:
        assert response.status_code == 200
        assert "Nicht gespeichert:" in response.content.decode()
        assert (draft.status, draft.headline) == (Status.DRAFT, "Unverändert")


def test_the_preview_bar_endpoint_refuses_an_author_who_publishes(client):
    writer = author()
    own = ArticleFactory(status=Status.REVIEW, created_by=writer)
    other = ArticleFactory(status=Status.REVIEW, created_by=editor())
    client = logged_in(client, writer)
    for article in (own, other):
        url = reverse("admin:articles_article_workflow", args=[article.pk])
        response = client.post(url, {"_aktion": Action.PUBLISH, "version": article.version})
        assert response.status_code in {302, 403}
    assert set(Article.objects.values_list("status", flat=True)) == {Status.REVIEW}
    response = client.post(
        reverse("admin:articles_article_workflow", args=[own.pk]),
        {"_aktion": "veroeffentlichen", "version": own.version},
    )
    assert "„Veröffentlichen“ darf nur die Redaktion." in " ".join(messages_of(response))


def test_the_preview_bar_publishes_and_refuses_a_version_it_did_not_show(client):
    article = ArticleFactory(status=Status.REVIEW, headline="Aus der Vorschau")
    client = logged_in(client, editor())
    url = reverse("admin:articles_article_workflow", args=[article.pk])
    stale = client.post(url, {"_aktion": Action.PUBLISH, "version": article.version - 1})
    assert "Der Beitrag wurde geändert, nachdem Sie die Vorschau geöffnet haben" in " ".join(messages_of(stale))
    article.refresh_from_db()
    assert article.status == Status.REVIEW
    published = client.post(url, {"_aktion": Action.PUBLISH, "version": article.version})
    assert published["Location"] == reverse("admin:index")
    assert messages_of(published)[-1].startswith("„Aus der Vorschau“ ist veröffentlicht und unter ")
    article.refresh_from_db()
    assert article.is_published()
    assert client.get(url).status_code == 405


def test_the_preview_bar_names_what_keeps_an_article_from_being_published(client):
    article = ArticleFactory(status=Status.REVIEW, lead_image=ImageFactory(credit=""))
    client = logged_in(client, editor())
    url = reverse("admin:articles_article_workflow", args=[article.pk])
    response = client.post(url, {"_aktion": Action.PUBLISH, "version": article.version})
    assert response["Location"] == change_url(article)
    assert "Das Aufmacherbild hat keine Bildquelle." in " ".join(messages_of(response))


# --- one table decides ------------------------------------------------------------------------------------------


def allowed_by_table(user, action, status) -> bool:
    return any(
        row.action == action and status in row.from_statuses and user.has_perm(row.permission) for row in TRANSITIONS
    )


@pytest.mark.parametrize("role", ["author", "editor"])
@pytest.mark.parametrize("status", Status.values)
@pytest.mark.parametrize("action", Action.values)
def test_the_service_does_exactly_what_the_table_allows(role, status, action):
    user = author() if role == "author" else editor()
    article = ArticleFactory(status=status, created_by=user)
    may_edit = article.can_be_edited_by(user)
    allowed = may_edit and allowed_by_table(user, action, status)
    assert (action in actions_for(user=user, from_status=status)) == allowed_by_table(user, action, status)
    try:
        services.article_take_action(article=article, user=user, action=action)
    except (PermissionDenied, ValidationError) as error:
        assert not allowed, error
        article.refresh_from_db()
        assert article.status == status
    else:
        assert allowed
