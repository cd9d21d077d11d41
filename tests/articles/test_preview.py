"""Preview share links: valid, expired, tampered, after publishing; never indexed, never cached."""

import time
from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from articles import services
from articles.models import Article
from articles.preview import preview_url
from tests.factories import ArticleFactory
from tests.workflow_helpers import editor

pytestmark = pytest.mark.django_db

DAY = 24 * 60 * 60


def draft(**kwargs):
    return ArticleFactory(**{"status": Article.Status.DRAFT, "headline": "Noch nicht erschienen", **kwargs})


def link_made_days_ago(article, monkeypatch, days):
    real_time = time.time()
    with monkeypatch.context() as patched:
        patched.setattr(signing.time, "time", lambda: real_time - days * DAY)
        return preview_url(article)


def test_share_link_shows_draft_without_an_account_marked_as_preview(client):
    article = draft(keywords=["Cloud"], links=[("https://example.org/", "Quelle")])
    response = client.get(preview_url(article))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Noch nicht erschienen" in html and "Vorschau" in html and "Status: Entwurf" in html
    assert "https://example.org/" in html and "Cloud" in html, "the real article template, with links and keywords"
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    assert not response.cookies, "a preview reader gets no cookie"


def test_published_article_page_has_no_preview_banner_or_noindex(client):
    html = client.get(ArticleFactory().get_absolute_url()).content.decode()
    assert "preview-banner" not in html and "noindex" not in html


def test_share_link_is_valid_for_seven_days_by_default(client, monkeypatch):
    article = draft()
    assert client.get(link_made_days_ago(article, monkeypatch, 6.9)).status_code == 200


def test_expired_share_link_is_refused_with_a_german_message(client, monkeypatch):
    response = client.get(link_made_days_ago(draft(), monkeypatch, 7.1))
    html = response.content.decode()
    assert response.status_code == 410
    assert "Dieser Vorschau-Link ist abgelaufen" in html and "Noch nicht erschienen" not in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_expiry_follows_the_setting(client, monkeypatch, settings):
    settings.NEWSROOM_PREVIEW_DAYS = 1
    assert client.get(link_made_days_ago(draft(), monkeypatch, 1.5)).status_code == 410


@pytest.mark.parametrize(
    "tamper",
    [
        lambda url: url.replace("/vorschau/", "/vorschau/9"),  # another article's number, old signature
        lambda url: url[:-3] + ("A/" if url[-3] != "A" else "B/"),  # signature changed
        lambda url: "/vorschau/kaputt/",
        lambda url: "/vorschau/" + signing.TimestampSigner().sign("1") + "/",  # signed without our salt
        lambda url: "/vorschau/" + signing.TimestampSigner(salt="articles.preview").sign("x") + "/",
    ],
)
def test_tampered_share_link_is_404_with_a_german_message(client, tamper):
    article = draft()
    response = client.get(tamper(preview_url(article)))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Noch nicht erschienen" not in html
    assert "Dieser Vorschau-Link ist ungültig" in html


def test_share_link_of_a_deleted_article_is_404(client):
    article = draft()
    url = preview_url(article)
    article.delete()
    assert client.get(url).status_code == 404


def test_share_link_stops_previewing_once_published_and_leads_to_the_public_page(client):
    article = draft(status=Article.Status.REVIEW)
    url = preview_url(article)
    services.article_publish(article=article, user=editor())
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    assert "no-store" in response["Cache-Control"]


def test_share_link_keeps_previewing_a_scheduled_article_until_its_time(client):
    article = ArticleFactory(published_at=timezone.now() + timedelta(days=1))
    assert client.get(preview_url(article)).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_preview_page_is_accessible_and_loads_nothing_from_elsewhere(page, page_log, axe):
    article = draft(lead_image=None)
    page.goto(preview_url(article))
    assert page.inner_text(".preview-banner").startswith("Vorschau")
    violations = axe()
    assert violations == [], axe.format(violations)
    assert page_log.foreign_requests() == [] and page_log.errors == []
