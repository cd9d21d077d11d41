"""Statuses, scheduling and end times as readers and editors see them."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.preview import absolute_preview_url
from tests.factories import ArticleFactory
from tests.workflow_helpers import editor, logged_in

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)

CASES = {
    "draft": ({"status": Article.Status.DRAFT}, False),
    "review": ({"status": Article.Status.REVIEW}, False),
    "withdrawn": ({"status": Article.Status.WITHDRAWN}, False),
    "published": ({}, True),
    "scheduled": ({"published_at_offset": HOUR}, False),
    "expired": ({"unpublish_at_offset": -HOUR / 2}, False),
    "end time ahead": ({"unpublish_at_offset": HOUR}, True),
}


def make(case):
    changes, visible = CASES[case]
    now = timezone.now()
    fields = {key: value for key, value in changes.items() if not key.endswith("_offset")}
    if "published_at_offset" in changes:
        fields["published_at"] = now + changes["published_at_offset"]
    if "unpublish_at_offset" in changes:
        fields["unpublish_at"] = now + changes["unpublish_at_offset"]
    return ArticleFactory(headline=f"Fall {case}", **fields), visible


@pytest.mark.parametrize("case", CASES)
def test_readers_see_only_published_articles_within_their_time(client, case):
    article, visible = make(case)
    assert article.is_published() is visible
    assert list(Article.objects.published()) == ([article] if visible else [])
    assert client.get(article.get_absolute_url()).status_code == (200 if visible else 404)
    listed = f"Fall {case}" in client.get(article.section.get_absolute_url()).content.decode()
    assert listed is visible


@pytest.mark.parametrize("case", CASES)
def test_editors_see_every_article_in_the_admin_list_with_its_status(client, case):
    article, _visible = make(case)
    html = logged_in(client, editor()).get(reverse("admin:articles_article_changelist")).content.decode()
    assert f"Fall {case}" in html
    assert article.get_status_display() in html
    assert ("geplant" in html) is (case == "scheduled")
    assert ("abgelaufen" in html) is (case == "expired")


@pytest.mark.parametrize("case", [c for c, (_changes, visible) in CASES.items() if not visible])
def test_editors_open_unpublished_articles_in_the_real_template_with_preview_banner(client, case):
    article, _visible = make(case)
    change = logged_in(client, editor()).get(reverse("admin:articles_article_change", args=[article.pk]))
    # The link on the change form is signed when the page is built (the timestamp may differ from a fresh one).
    # Absolute, on the article's home portal (the test client asks its path on the first portal's host).
    url = re.search(r'href="(http://[^"/]+/vorschau/[^"]+)"', change.content.decode()).group(1)
    assert url.rsplit(":", 2)[0] == absolute_preview_url(article).rsplit(":", 2)[0]
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and f"Fall {case}" in html
    assert 'class="preview-banner"' in html and 'class="article"' in html


def test_scheduled_article_appears_by_itself_when_its_time_comes(client, settings):
    article = ArticleFactory(published_at=timezone.now() + timedelta(seconds=2))
    assert client.get(article.get_absolute_url()).status_code == 404
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert client.get(article.get_absolute_url()).status_code == 200


def test_end_time_before_publication_time_is_refused_in_german():
    article = ArticleFactory.build(unpublish_at=timezone.now() - timedelta(days=2))
    with pytest.raises(ValidationError, match="muss nach dem Veröffentlichungszeitpunkt liegen"):
        article.clean()
