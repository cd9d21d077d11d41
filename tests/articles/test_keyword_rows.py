"""The keyword rows carry their article's publication time and home portal, kept by database triggers on every
write path (articles/keyword_rows.py), so that a keyword page reads its newest articles from the index
(keyword, portal, date)."""

from datetime import timedelta

import pytest
import reversion
from django.core import serializers
from django.db import connection
from django.utils import timezone

from articles import keyword_rows, services
from articles.models import Article, Keyword, KeywordedArticle, Section
from articles.revisions import versions_of
from tests.factories import ArticleFactory, ArticleTypeFactory, PortalFactory, SectionFactory
from tests.wordpress_helpers import run_import, theme_export
from tests.workflow_helpers import editor

pytestmark = pytest.mark.django_db


def mismatches() -> list[tuple]:
    """Keyword rows whose copies differ from their article (and its section's portal)."""
    rows = KeywordedArticle.objects.select_related("content_object__section")
    return [
        (row.pk, row.published_at, row.portal_id, row.content_object.published_at, row.content_object.section.portal_id)
        for row in rows
        if (row.published_at, row.portal_id) != (row.content_object.published_at, row.content_object.section.portal_id)
    ]


@pytest.fixture
def sister_section():
    return SectionFactory(portal=PortalFactory(slug="kommunal"), name="Gemeinden", slug="gemeinden")


def test_the_triggers_exist_after_migrate():
    assert set(keyword_rows.TRIGGER_NAMES[connection.vendor]) <= set(keyword_rows.installed(connection))


def test_taggit_and_save_fill_and_follow_the_copies(sister_section):
    article = ArticleFactory(keywords=["Cloud", "E-Akte"])
    article.keywords.add("Breitband")
    assert KeywordedArticle.objects.filter(content_object=article).count() == 3 and mismatches() == []
    article.published_at -= timedelta(days=3)
    article.save()
    assert mismatches() == []
    article.section = sister_section
    article.save()
    assert set(KeywordedArticle.objects.filter(content_object=article).values_list("portal", flat=True)) == {
        sister_section.portal_id
    }
    assert mismatches() == []


def test_queryset_update_bulk_update_and_raw_sql_are_followed(sister_section):
    articles = [ArticleFactory(keywords=["Cloud"]) for _ in range(3)]
    moment = timezone.now() - timedelta(days=9)
    Article.objects.filter(pk=articles[0].pk).update(published_at=moment)
    Article.objects.filter(pk=articles[1].pk).update(section=sister_section, status=Article.Status.DRAFT)
    articles[2].published_at = moment - timedelta(hours=1)
    Article.objects.bulk_update([articles[2]], ["published_at"])
    assert mismatches() == []
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_article SET published_at = %s WHERE id = %s", [moment + timedelta(days=1), articles[0].pk]
        )
    assert mismatches() == []


def test_bulk_created_articles_and_rows_get_their_copies_in_either_order():
    section, article_type = SectionFactory(name="Politik", slug="politik"), ArticleTypeFactory()
    articles = Article.objects.bulk_create(
        [
            Article(
                headline=f"Massenbeitrag {n}",
                slug=f"masse-{n}",
                lead="Vorspann",
                section=section,
                article_type=article_type,
                status=Article.Status.PUBLISHED,
                published_at=timezone.now() - timedelta(hours=n),
            )
            for n in range(4)
        ]
    )
    keyword = Keyword.objects.create(name="Masse", slug="masse")
    KeywordedArticle.objects.bulk_create(KeywordedArticle(content_object=article, tag=keyword) for article in articles)
    assert mismatches() == []


def test_rows_written_back_with_stale_copies_are_corrected():
    """What a backup restore (loaddata) or a revision restore writes: rows as they were, copies and all."""
    article = ArticleFactory(keywords=["Cloud"])
    row = KeywordedArticle.objects.get(content_object=article)
    stale = serializers.serialize("json", [row])
    article.published_at -= timedelta(days=30)
    article.save()
    for restored in serializers.deserialize("json", stale):
        restored.save()  # a raw save with the old copy of the date
    assert mismatches() == []


def test_a_revision_restore_keeps_the_copies():
    article = ArticleFactory(keywords=["Cloud"])
    with reversion.create_revision():
        article.save()
    old_version = versions_of(article).first()
    article.published_at -= timedelta(days=2)
    article.keywords.set(["Breitband"])
    services.article_save(article=article, user=editor())
    services.article_restore(article=Article.objects.get(pk=article.pk), version=old_version, user=editor())
    assert list(Article.objects.get(pk=article.pk).keywords.names()) == ["Cloud"]
    assert mismatches() == []


def test_a_section_moved_to_another_portal_moves_its_keyword_rows(sister_section):
    article = ArticleFactory(keywords=["Cloud"])
    Section.objects.filter(pk=article.section_id).update(portal=sister_section.portal)
    assert KeywordedArticle.objects.get(content_object=article).portal_id == sister_section.portal_id
    assert mismatches() == []


def test_the_wordpress_import_writes_consistent_rows(tmp_path):
    run_import(theme_export())
    assert KeywordedArticle.objects.exists() and mismatches() == []
