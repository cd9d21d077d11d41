from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, ArticleType, Keyword, Section
from articles.placement import placement_of
from tests.factories import ArticleFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db

HOSTILE_BODY = (
    '<p onclick="steal()">Text<script>alert(1)</script>'
    '<img src="x" onerror="alert(2)">'
    '<a href="javascript:alert(3)">Klick</a>'
    '<iframe src="https://example.org"></iframe>'
    '<a href="https://example.org" rel="attachment">Quelle</a></p>'
)


def assert_clean(html):
    for bad in ("<script", "onerror", "onclick", "javascript:", "<iframe", "<img", "attachment"):
        assert bad not in html
    assert "Text" in html and "Klick" in html and "Quelle" in html


def test_published_hides_drafts_and_future_articles():
    visible = ArticleFactory()
    ArticleFactory(status=Article.Status.DRAFT)
    ArticleFactory(published_at=timezone.now() + timedelta(minutes=5))
    assert list(Article.objects.published()) == [visible]


def test_is_published_agrees_with_published_queryset():
    draft = ArticleFactory(status=Article.Status.DRAFT)
    future = ArticleFactory(published_at=timezone.now() + timedelta(days=1))
    live = ArticleFactory()
    assert [a.is_published() for a in (draft, future, live)] == [False, False, True]


def test_body_saved_through_orm_create_is_sanitised():
    article = ArticleFactory(body=HOSTILE_BODY)
    article.refresh_from_db()
    assert_clean(article.body)


def test_body_saved_through_bulk_create_and_update_is_sanitised():
    template = ArticleFactory()
    Article.objects.bulk_create(
        [
            Article(
                headline="Massenimport",
                slug="massenimport",
                lead="Vorspann",
                body=HOSTILE_BODY,
                section=template.section,
                article_type=template.article_type,
            )
        ]
    )
    assert_clean(Article.objects.get(slug="massenimport").body)
    Article.objects.filter(pk=template.pk).update(body=HOSTILE_BODY)
    assert_clean(Article.objects.get(pk=template.pk).body)


def test_empty_editor_body_is_stored_as_empty_string():
    assert ArticleFactory(body="<p></p>").body == ""


def test_slug_is_made_from_headline_with_german_umlauts_and_kept_unique():
    first = ArticleFactory(headline="Größere Übersicht für Bürgerämter", slug="")
    second = ArticleFactory(headline="Größere Übersicht für Bürgerämter", slug="")
    assert first.slug == "groessere-uebersicht-fuer-buergeraemter"
    assert second.slug == "groessere-uebersicht-fuer-buergeraemter-2"


def test_keyword_slug_spells_umlauts_the_german_way():
    article = ArticleFactory(keywords=["Öffentliche Verwaltung", "Künstliche Intelligenz"])
    assert sorted(k.slug for k in article.keywords.all()) == ["kuenstliche-intelligenz", "oeffentliche-verwaltung"]
    assert (
        Keyword.objects.get(name="Öffentliche Verwaltung").get_absolute_url() == "/stichwort/oeffentliche-verwaltung/"
    )


def test_article_url_contains_section_and_slug():
    article = ArticleFactory(section=SectionFactory(name="Praxis", slug="praxis"), slug="neues-portal")
    assert article.get_absolute_url() == "/praxis/neues-portal/"


def test_related_for_readers_puts_chosen_articles_first_then_newest_of_section():
    now = timezone.now()
    article = ArticleFactory()
    other_section = SectionFactory(name="Praxis", slug="praxis")
    chosen = ArticleFactory(section=other_section, published_at=now - timedelta(days=30))
    chosen_draft = ArticleFactory(status=Article.Status.DRAFT)
    newest = [ArticleFactory(published_at=now - timedelta(days=d)) for d in range(1, 7)]
    ArticleFactory(section=other_section, published_at=now)  # newest overall, but another section
    article.related.set([chosen, chosen_draft])
    assert article.related_for_readers() == [chosen, *newest[:4]]


def test_related_for_readers_fills_up_past_chosen_articles_that_are_among_the_sections_newest(
    django_assert_num_queries,
):
    now = timezone.now()
    article = ArticleFactory()
    newest = [ArticleFactory(published_at=now - timedelta(days=d)) for d in range(1, 9)]
    expired = ArticleFactory(published_at=now - timedelta(days=60), unpublish_at=now - timedelta(days=1))
    article.related.set([newest[4], newest[0], expired, article])
    # The portal and what it shows besides its own: in a request from the host table and the fragments cache.
    portal = article.home_portal
    placement_of(portal)
    with django_assert_num_queries(1):
        related = article.related_for_readers(portal=portal)
    # Chosen (newest first) before the rest; the chosen ones are not shown twice, and the box stays full.
    assert related == [newest[0], newest[4], newest[1], newest[2], newest[3]]


def test_related_for_readers_shows_at_most_the_limit_of_chosen_articles_newest_first():
    now = timezone.now()
    article = ArticleFactory()
    chosen = [ArticleFactory(published_at=now - timedelta(days=d)) for d in range(10, 17)]
    ArticleFactory(published_at=now)  # the section's newest, but the chosen fill the box
    article.related.set(chosen)
    assert article.related_for_readers(limit=3) == chosen[:3]


def test_image_caption_prefers_the_articles_own_caption():
    image = ImageFactory(caption="Aus der Bildbibliothek")
    assert ArticleFactory(lead_image=image).image_caption == "Aus der Bildbibliothek"
    assert ArticleFactory(lead_image=image, lead_image_caption="Eigene").image_caption == "Eigene"


def test_image_credits_lists_each_credit_once():
    article = ArticleFactory(lead_image=ImageFactory(credit="Stadt Musterhausen"))
    assert article.image_credits() == ["Stadt Musterhausen"]
    assert ArticleFactory().image_credits() == []


def test_section_slug_may_not_take_a_reserved_path():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        Section(name="Admin", slug="admin").full_clean()


def test_str_shows_kicker_and_headline():
    article = ArticleFactory(kicker="Sachsen", headline="Neues Portal")
    assert str(article) == "Sachsen: Neues Portal"
    assert str(ArticleType(name="Bericht")) == "Bericht"


def test_keywords_differing_only_in_case_of_umlauts_are_one_keyword():
    ArticleFactory(keywords=["Öffentliche Verwaltung"])
    ArticleFactory(keywords=["öffentliche verwaltung"])
    assert list(Keyword.objects.values_list("name", flat=True)) == ["Öffentliche Verwaltung"]


def test_long_keyword_gets_a_slug_that_fits_its_column():
    article = ArticleFactory(keywords=["Ä" * 100])
    assert len(article.keywords.get().slug) <= 100


def test_body_saved_through_bulk_update_is_sanitised():
    article = ArticleFactory()
    article.body = HOSTILE_BODY
    Article.objects.bulk_update([article], ["body"])
    assert_clean(Article.objects.get(pk=article.pk).body)
