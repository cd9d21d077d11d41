"""A preview that works: print view and PDF of the unpublished version, Link mailen visibly switched off with a
reason, „Auf der Website anzeigen“ opens the preview, one wording for the share link, never cached or indexed,
and the editor's bar (the way back to the form and the workflow's next steps)."""

import re
import subprocess
from datetime import timedelta
from html import unescape

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.preview import fresh_expiry, preview_url, share_terms
from tests.factories import ArticleFactory
from tests.workflow_helpers import author, editor, logged_in

pytestmark = pytest.mark.django_db

Status = Article.Status


@pytest.fixture
def draft():
    return ArticleFactory(
        status=Status.DRAFT,
        headline="Noch geheim: Neues Bürgerbüro",
        slug="neues-buergerbuero",
        body='<p>Der Umbau beginnt im Mai. <a href="https://plan.example/">Plan</a></p>',
    )


def preview_of(article, name="articles:preview") -> str:
    return preview_url(article, name)


def test_the_preview_offers_print_view_and_pdf_of_its_version_and_says_why_link_mailen_is_off(client, draft):
    url = preview_of(draft)
    html = client.get(url).content.decode()
    actions = html.split('<ul class="article-actions">', 1)[1].split("</ul>", 1)[0]
    # The same link (the same end) to the print view and the PDF.
    assert f'<a href="{url}druck/" rel="nofollow">Druckversion</a>' in actions
    assert f'<a href="{url}pdf/" rel="nofollow" type="application/pdf">PDF</a>' in actions
    for public in ("articles:detail-print", "articles:detail-pdf", "articles:detail-mail"):
        assert reverse(public, kwargs={"section": "politik", "slug": "neues-buergerbuero"}) not in html, public
    assert '<span class="action-disabled">Link mailen</span>' in actions
    assert "erst nach der Veröffentlichung" in actions


def test_print_view_of_a_preview_shows_the_unpublished_version_marked_as_preview(client, draft):
    response = client.get(preview_of(draft, "articles:preview-print"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Noch geheim: Neues Bürgerbüro" in html and "Der Umbau beginnt im Mai." in html
    assert "Vorschau, noch nicht veröffentlicht – vorgesehene Adresse:" in html
    assert "https://plan.example/" in html, "the links written out for paper"
    assert '<link rel="canonical"' not in html
    assert "Zurück zur Vorschau" in html
    assert_private(response)


def test_pdf_of_a_preview_is_made_for_the_request_and_kept_out_of_the_pdf_cache(client, draft, tmp_path, settings):
    response = client.get(preview_of(draft, "articles:preview-pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="neues-buergerbuero-vorschau.pdf"' in response["Content-Disposition"]
    path = tmp_path / "vorschau.pdf"
    path.write_bytes(b"".join(response.streaming_content))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Noch geheim: Neues Bürgerbüro" in text and "Vorschau, noch nicht veröffentlicht" in text
    assert_private(response)
    cached = (
        default_storage.listdir(settings.PDF_CACHE_DIR)[1] if default_storage.exists(settings.PDF_CACHE_DIR) else []
    )
    assert cached == []


def assert_private(response):
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control and "public" not in cache_control
    assert response["Referrer-Policy"] == "same-origin"
    assert not response.cookies


@pytest.mark.parametrize("name", ["articles:preview", "articles:preview-print", "articles:preview-pdf"])
def test_every_preview_page_is_answered_anew_never_from_a_cache(client, draft, name):
    url = preview_of(draft, name)
    first = client.get(url)
    assert_private(first)
    Article.objects.filter(pk=draft.pk).update(headline="Geänderte Überschrift", updated_at=timezone.now())
    second = client.get(url)
    body = b"".join(second.streaming_content) if second.streaming else second.content
    if name != "articles:preview-pdf":
        assert "Geänderte Überschrift" in body.decode()
    assert second.get("X-Cache") is None or "HIT" not in second["X-Cache"]


@pytest.mark.parametrize(
    ("name", "public"),
    [("articles:preview-print", "articles:detail-print"), ("articles:preview-pdf", "articles:detail-pdf")],
)
def test_print_and_pdf_links_of_a_published_article_lead_to_its_public_versions(client, draft, name, public):
    url = preview_of(draft, name)
    Article.objects.filter(pk=draft.pk).update(
        status=Status.PUBLISHED, published_at=timezone.now() - timedelta(hours=1)
    )
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse(public, kwargs={"section": "politik", "slug": "neues-buergerbuero"})


@pytest.mark.parametrize("name", ["articles:preview-print", "articles:preview-pdf"])
def test_print_and_pdf_of_a_tampered_link_are_refused_in_german(client, draft, name):
    url = preview_of(draft, name).replace("/vorschau/", "/vorschau/9")
    response = client.get(url)
    assert response.status_code == 404
    assert "Dieser Vorschau-Link ist ungültig" in response.content.decode()


def test_auf_der_website_anzeigen_opens_the_preview_of_an_unpublished_article(client, draft):
    client = logged_in(client, editor())
    html = client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    [(href, words)] = re.findall(r'<a href="([^"]+)" class="viewsitelink">([^<]+)</a>', html)
    assert href.startswith("/vorschau/") and words == "Vorschau ansehen"
    assert "Noch geheim" in Client().get(href).content.decode()


def test_auf_der_website_anzeigen_of_a_published_article_opens_its_page(client):
    live = ArticleFactory()
    html = logged_in(client, editor()).get(reverse("admin:articles_article_change", args=[live.pk])).content.decode()
    [(href, words)] = re.findall(r'<a href="([^"]+)" class="viewsitelink">([^<]+)</a>', html)
    assert (href, words) == (live.get_absolute_url(), "Auf der Website anzeigen")


def sentence(html: str) -> str:
    """The share link's wording in a page, with its moment of expiry replaced."""
    found = re.search(r"Wer diesen Vorschau-Link hat[^<]*?sollen\.", unescape(html))
    assert found, "the share link's wording"
    return re.sub(r"\d+\.\d+\.\d{4}, \d+:\d{2} Uhr", "<Zeitpunkt>", found[0])


def test_form_and_banner_say_the_same_about_the_share_link(client, draft):
    form = logged_in(client, editor()).get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    banner = Client().get(preview_of(draft)).content.decode()
    assert sentence(form) == sentence(banner) == sentence(share_terms(fresh_expiry()))
    assert "ohne Anmeldung lesen, drucken und als PDF laden" in sentence(banner)
    assert "nicht weiter" not in banner, "the banner must not forbid what the form offers"
    assert "Link zum Teilen" not in form


def test_the_banner_says_until_when_its_link_lives(client, draft, settings):
    settings.NEWSROOM_PREVIEW_DAYS = 3
    html = unescape(client.get(preview_of(draft)).content.decode())
    end = timezone.localtime(timezone.now() + timedelta(days=3))
    assert f"bis {end.day}.{end.month}.{end.year}, " in html


def test_readers_of_a_shared_link_get_no_editor_bar_and_no_cookie(client, draft):
    response = client.get(preview_of(draft))
    assert "preview-editor-bar" not in response.content.decode()
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not response.cookies


def test_the_author_sees_her_next_step_and_the_way_back_to_the_form(client):
    writer = author()
    own = ArticleFactory(status=Status.DRAFT, created_by=writer)
    html = logged_in(client, writer).get(preview_of(own)).content.decode()
    bar = html.split('class="preview-editor-bar"', 1)[1].split("</form>", 1)[0]
    assert reverse("admin:articles_article_change", args=[own.pk]) in bar and "Zurück zum Bearbeiten" in bar
    assert re.findall(r'name="_aktion" value="([^"]+)">([^<]+)<', bar) == [("pruefung", "Zur Prüfung geben")]


def test_the_editor_sees_publish_or_planen(client):
    waiting = ArticleFactory(status=Status.REVIEW)
    later = ArticleFactory(status=Status.REVIEW, published_at=timezone.now() + timedelta(days=1))
    client = logged_in(client, editor())
    for article, words in ((waiting, "Veröffentlichen"), (later, "Planen")):
        bar = client.get(preview_of(article)).content.decode().split('class="preview-editor-bar"', 1)[1]
        assert f'value="veroeffentlichen">{words}</button>' in bar


def test_an_author_previewing_someone_elses_article_gets_no_buttons(client):
    other = ArticleFactory(status=Status.REVIEW, created_by=editor())
    html = logged_in(client, author()).get(preview_of(other)).content.decode()
    assert "Zurück zum Bearbeiten" in html and 'name="_aktion"' not in html
