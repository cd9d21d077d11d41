"""Teasers come from a cache keyed by everything they show: a change anywhere shows at once, nothing goes stale."""

import re

import pytest
from django.core.cache import caches

from articles.models import Article, ArticleType, Section
from articles.templatetags.teasers import teaser_key
from images.models import Image
from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed():
    """An article with an image, as the section page lists it."""
    return ArticleFactory(headline="Glasfaser im Kreis", lead_image=ImageFactory(credit="Kreis Beispiel"))


def section_page(client):
    return client.get("/politik/").content.decode()


def teasers(html: str) -> list[str]:
    return re.findall(r'<article class="teaser.*?</article>', html, flags=re.S)


def test_a_cached_teaser_is_the_same_markup_as_a_freshly_rendered_one(client, listed):
    first = teasers(section_page(client))
    key = teaser_key(listed_for_teaser(listed), "h2", listed.get_absolute_url())
    assert len(first) == 1 and caches["fragments"].get(key) is not None
    assert teasers(section_page(client)) == first
    caches["fragments"].clear()
    assert teasers(section_page(client)) == first


def listed_for_teaser(article):
    return Article.objects.for_teasers().get(pk=article.pk)


@pytest.mark.parametrize(
    "change, shown",
    [
        (lambda a: Article.objects.filter(pk=a.pk).update(headline="Funknetz im Kreis"), "Funknetz im Kreis"),
        (lambda a: Article.objects.filter(pk=a.pk).update(lead="Ein neuer Vorspann."), "Ein neuer Vorspann."),
        (
            lambda a: ArticleType.objects.filter(pk=a.article_type_id).update(name="Analyse", shows_badge=True),
            "Analyse",
        ),
        (lambda a: Section.objects.filter(pk=a.section_id).update(slug="land"), 'href="/land/'),
        (lambda a: Image.objects.filter(pk=a.lead_image_id).update(credit="Foto: Neu"), "Bild: Foto: Neu"),
        (lambda a: Image.objects.filter(pk=a.lead_image_id).update(alt_text="Neuer Alternativtext"), "Neuer Alter"),
    ],
)
def test_every_change_to_what_a_teaser_shows_reaches_the_page_at_once(client, listed, change, shown):
    assert shown not in "".join(teasers(section_page(client)))
    change(listed)
    url = "/land/" if shown.startswith('href="/land/') else "/politik/"
    assert shown in "".join(teasers(client.get(url).content.decode()))


def test_a_new_focal_point_gives_new_teaser_crops(client, listed):
    before = teasers(section_page(client))[0]
    image = listed.lead_image
    image.focal_x, image.focal_y = 0.1, 0.9
    image.save()
    after = teasers(section_page(client))[0]
    assert after != before and "<picture>" in after


def test_teasers_are_kept_apart_from_the_rate_limit_counters(client, listed):
    caches["default"].clear()
    section_page(client)
    assert caches["fragments"].get(teaser_key(listed_for_teaser(listed), "h2", listed.get_absolute_url()))
    assert not any("teaser" in key for key in caches["default"]._cache), "the default cache holds no teasers"


def test_a_teaser_whose_image_file_is_missing_is_shown_without_it_and_not_kept(client, listed, caplog):
    listed.lead_image.renditions.all().delete()
    listed.lead_image.file.storage.delete(listed.lead_image.file.name)
    html = "".join(teasers(section_page(client)))
    assert "Glasfaser im Kreis" in html and "<picture>" not in html and "Bild: Kreis Beispiel" in html
    assert caches["fragments"].get(teaser_key(listed_for_teaser(listed), "h2", listed.get_absolute_url())) is None
