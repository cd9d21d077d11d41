"""The article list and the admin index for the editorial workflow; significant updates on the article page."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.preview import absolute_preview_url, preview_url
from articles.workflow import Action
from tests.factories import ArticleFactory, ArticleTypeFactory, ImageFactory, SectionFactory
from tests.workflow_helpers import article_admin_data, author, editor, form_errors, logged_in

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def listed(client, **params):
    return client.get(CHANGELIST, params).content.decode()


def test_list_shows_status_as_text_with_a_mark_and_scheduled_articles_as_geplant(client):
    ArticleFactory(status=Article.Status.REVIEW, headline="In Prüfung")
    ArticleFactory(published_at=timezone.now() + timedelta(days=1), headline="Morgen")
    html = listed(logged_in(client, editor()))
    assert '<span aria-hidden="true">⧗</span> Zur Prüfung' in html
    assert '<span class="nr-status-flag">◷ geplant</span>' in html


def test_list_shows_author_thumbnail_and_a_preview_or_public_link_per_row(client):
    writer = author(first_name="Frieda", last_name="Feder")
    draft = ArticleFactory(status=Article.Status.DRAFT, created_by=writer, lead_image=ImageFactory())
    live = ArticleFactory()
    html = listed(logged_in(client, editor()))
    assert "Frieda Feder" in html and 'class="nr-admin-thumb"' in html
    # Absolute, on the article's home portal, whichever host the admin is on (docs/mehrere-portale.md).
    assert f'href="{absolute_preview_url(draft).rsplit(":", 2)[0]}' in html
    assert f'<a href="{live.canonical_url()}">Öffentlich</a>' in html


@pytest.mark.parametrize(
    "params",
    [
        {"status__exact": "review"},
        {"section__id__exact": "SECTION"},
        {"article_type__id__exact": "TYPE"},
        {"keyword_items__tag__id__exact": "KEYWORD"},
        {"created_by__id__exact": "AUTHOR"},
        {"q": "Glasfaser"},
    ],
)
def test_list_filters_by_status_section_type_keyword_author_and_searches_the_body(client, params):
    writer = author()
    wanted = ArticleFactory(
        headline="Gesuchter Beitrag",
        status=Article.Status.REVIEW,
        section=SectionFactory(name="Praxis", slug="praxis"),
        article_type=ArticleTypeFactory(name="Bericht", slug="bericht"),
        keywords=["Breitband"],
        created_by=writer,
        body="<p>Der Glasfaser-Ausbau beginnt.</p>",
    )
    ArticleFactory(headline="Anderer Beitrag", keywords=["Cloud"])
    ids = {
        "SECTION": wanted.section_id,
        "TYPE": wanted.article_type_id,
        "KEYWORD": wanted.keywords.get().pk,
        "AUTHOR": writer.pk,
    }
    params = {key: ids.get(value, value) for key, value in params.items()}
    html = listed(logged_in(client, editor()), **params)
    assert "Gesuchter Beitrag" in html and "Anderer Beitrag" not in html


def test_changelist_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    client = logged_in(client, editor())
    for n in range(3):
        ArticleFactory(lead_image=ImageFactory(), created_by=author(), keywords=[f"Wort {n}"])
    listed(client)
    # Two of them: the request's portal with its content generation, and the person's portals with their roles.
    with django_assert_max_num_queries(16) as few:
        listed(client)
    few_rows = len(few.captured_queries)
    for n in range(15):
        ArticleFactory(lead_image=ImageFactory(), created_by=author(), keywords=[f"Mehr {n}"])
    # The writes raised the global content generation: the next request reads the host table once more.
    listed(client)
    with django_assert_max_num_queries(few_rows):
        listed(client)


def desk_section(html: str, title: str) -> str:
    """The list under `title` on the start page."""
    return html.split(f">{title}</h2>", 1)[1].split("</section>", 1)[0]


def test_start_page_lists_drafts_review_scheduled_published_and_changes_of_others(client):
    writer = author(first_name="Frieda", last_name="Feder")
    other = editor(first_name="Olaf", last_name="Ober")
    now = timezone.now()
    ArticleFactory(status=Article.Status.DRAFT, created_by=writer, last_edited_by=writer, headline="Mein Entwurf")
    ArticleFactory(status=Article.Status.DRAFT, created_by=other, last_edited_by=other, headline="Fremder Entwurf")
    waiting = ArticleFactory(status=Article.Status.REVIEW, created_by=writer, headline="Wartet auf Prüfung")
    ArticleFactory(published_at=now + timedelta(days=2), headline="Übermorgen")
    ArticleFactory(published_at=now + timedelta(days=1), headline="Morgen")
    ArticleFactory(headline="Erschienen", last_edited_by=other)
    html = logged_in(client, writer).get(reverse("admin:index")).content.decode()
    drafts = desk_section(html, "Meine Entwürfe")
    assert "Mein Entwurf" in drafts and "Fremder Entwurf" not in drafts
    review = desk_section(html, "Zur Prüfung")
    assert "Wartet auf Prüfung" in review and "Frieda Feder" in review
    # The link's token ends in its second and a signature: the same article, whenever the page was made.
    assert f'href="{preview_url(waiting).rsplit(":", 2)[0]}:' in review, "the preview is one click away"
    scheduled = desk_section(html, "Geplant")
    assert scheduled.index("Morgen") < scheduled.index("Übermorgen"), "the next one first"
    tomorrow = timezone.localtime(now + timedelta(days=1))
    assert f"erscheint {tomorrow.day}.{tomorrow.month}.{tomorrow.year} {tomorrow:%H:%M}" in scheduled
    published = desk_section(html, "Zuletzt veröffentlicht")
    assert "Erschienen" in published and "Morgen" not in published and "Ansehen" in published
    changed = desk_section(html, "Zuletzt von anderen geändert")
    assert "Fremder Entwurf" in changed and "Erschienen" in changed and "Olaf Ober" in changed
    assert "Mein Entwurf" not in changed


def test_start_page_costs_the_same_queries_however_many_articles(client, django_assert_max_num_queries):
    client = logged_in(client, editor())
    ArticleFactory(status=Article.Status.REVIEW, created_by=author(), last_edited_by=author())
    client.get(reverse("admin:index"))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("admin:index"))
    for n in range(12):
        ArticleFactory(status=Article.Status.REVIEW, created_by=author(), last_edited_by=author(), headline=f"B {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("admin:index"))


def test_the_list_and_the_start_page_sort_by_last_change_so_a_back_dated_article_comes_first(client):
    client = logged_in(client, editor())
    ArticleFactory(headline="Gestern erschienen", published_at=timezone.now() - timedelta(days=1))
    back_dated = ArticleFactory(headline="Vor Jahren datiert", status=Article.Status.REVIEW)
    data = article_admin_data(back_dated, action=Action.PUBLISH, published_at_0="07.11.2019", published_at_1="09:30:00")
    response = client.post(reverse("admin:articles_article_change", args=[back_dated.pk]), data)
    assert response.status_code == 302, form_errors(response)
    rows = re.findall(r'class="field-headline"><a [^>]*>([^<]+)</a>', listed(client))
    assert rows[:2] == ["Vor Jahren datiert", "Gestern erschienen"]
    published = desk_section(client.get(reverse("admin:index")).content.decode(), "Zuletzt veröffentlicht")
    assert published.index("Vor Jahren datiert") < published.index("Gestern erschienen")


def test_significant_update_shows_its_note_under_the_date(client):
    article = ArticleFactory(published_at=datetime(2022, 11, 7, 9, 30, tzinfo=ZoneInfo("Europe/Berlin")))
    data = article_admin_data(article, significant_update="on", correction_note="Zahl der Kommunen korrigiert.")
    response = logged_in(client, editor()).post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    Article.objects.filter(pk=article.pk).update(
        corrected_at=datetime(2022, 11, 8, 12, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<p class="correction">Aktualisiert am 8.11.2022: Zahl der Kommunen korrigiert.</p>' in html


def test_significant_update_without_a_note_is_refused_in_german(client):
    article = ArticleFactory()
    data = article_admin_data(article, significant_update="on", correction_note="")
    response = logged_in(client, editor()).post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 200
    assert "Bitte beschreiben Sie die wesentliche Aktualisierung" in response.content.decode()
    article.refresh_from_db()
    assert article.corrected_at is None


def test_a_note_without_the_significant_flag_does_not_appear(client):
    article = ArticleFactory(correction_note="Nur ein Tippfehler.")
    assert "Aktualisiert am" not in client.get(article.get_absolute_url()).content.decode()


def test_correction_note_is_escaped(client):
    article = ArticleFactory(correction_note="<b>fett</b>", corrected_at=timezone.now())
    html = client.get(article.get_absolute_url()).content.decode()
    assert "&lt;b&gt;fett&lt;/b&gt;" in html and "<b>fett</b>" not in html
