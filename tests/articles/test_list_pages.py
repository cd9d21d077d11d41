"""Section and keyword lists and the home page's section blocks cost the same at any archive size: pages past the
middle are read from the far end, counts and related keywords are kept under the content generation. Pinned here:
every page shows exactly what plain OFFSET paging showed, ties on one date included, and counts stay true."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Keyword
from articles.views import ArticleListView
from portals.models import Portal
from tests.factories import ArticleFactory, SectionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

PAGE_SIZE = 4


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(ArticleListView, "paginate_by", PAGE_SIZE)


def listed(client, url) -> list[int]:
    response = client.get(url)
    assert response.status_code == 200, url
    return [article.pk for article in response.context["articles"]]


def offset_pages(queryset) -> list[list[int]]:
    """The pages as OFFSET paging cuts them: newest first, the higher id first on the same date."""
    ids = list(queryset.order_by("-published_at", "-pk").values_list("pk", flat=True))
    return [ids[start : start + PAGE_SIZE] for start in range(0, len(ids), PAGE_SIZE)]


def archive_with_ties():
    """Articles of a section with a keyword, several on the very same moment, and some readers never see."""
    moment = timezone.now().replace(microsecond=0) - timedelta(days=3)
    for n in range(23):
        # Groups of three share one date, so pages break in the middle of a tie.
        ArticleFactory(headline=f"Meldung {n}", published_at=moment - timedelta(hours=n // 3), keywords=["Cloud"])
    ArticleFactory(headline="Entwurf", status=Article.Status.DRAFT, keywords=["Cloud"])
    ArticleFactory(headline="Abgelaufen", unpublish_at=timezone.now() - timedelta(hours=1), keywords=["Cloud"])
    ArticleFactory(section=SectionFactory(name="Praxis", slug="praxis"), headline="Anderswo", keywords=["Cloud"])


@pytest.mark.usefixtures("small_pages")
def test_every_section_page_shows_what_offset_paging_showed_including_ties_and_the_last_page(client):
    archive_with_ties()
    expected = offset_pages(Article.objects.published().filter(section__slug="politik"))
    assert len(expected) == 6 and len(expected[-1]) == 3
    shown = [listed(client, f"/politik/?page={number}") for number in range(1, len(expected) + 1)]
    assert shown == expected
    assert client.get(f"/politik/?page={len(expected) + 1}").status_code == 404


@pytest.mark.usefixtures("small_pages")
def test_every_keyword_page_shows_what_offset_paging_showed(client):
    archive_with_ties()
    expected = offset_pages(Article.objects.published().filter(keyword_items__tag__slug="cloud"))
    assert len(expected) == 6
    assert [listed(client, f"/stichwort/cloud/?page={n}") for n in range(1, 7)] == expected
    assert "24 Beiträge" in client.get("/stichwort/cloud/?page=5").content.decode()


@pytest.mark.usefixtures("small_pages")
def test_orphans_join_the_last_page_from_either_end(client, monkeypatch):
    monkeypatch.setattr(ArticleListView, "paginate_orphans", 3)
    archive_with_ties()
    ids = [
        page for chunk in offset_pages(Article.objects.published().filter(section__slug="politik")) for page in chunk
    ]
    # 23 articles, 4 a page, up to 3 orphans: five pages, the last with 7.
    assert listed(client, "/politik/?page=5") == ids[16:]
    assert listed(client, "/politik/?page=4") == ids[12:16]


def test_counts_and_related_keywords_follow_writes_at_once(client):
    ArticleFactory(headline="Erste", keywords=["Cloud", "Open Data"])
    assert "1 Beitrag" in client.get("/politik/").content.decode()
    assert [k.name for k in client.get("/stichwort/cloud/").context["related_keywords"]] == ["Open Data"]
    ArticleFactory(headline="Zweite", keywords=["Cloud", "E-Akte"])
    assert "2 Beiträge" in client.get("/politik/").content.decode()
    cloud = client.get("/stichwort/cloud/")
    assert "2 Beiträge" in cloud.content.decode()
    assert [k.name for k in cloud.context["related_keywords"]] == ["E-Akte", "Open Data"]
    Article.objects.filter(headline="Zweite").update(status=Article.Status.WITHDRAWN)
    assert "1 Beitrag" in client.get("/politik/").content.decode()
    Keyword.objects.filter(name="Open Data").update(name="Offene Daten")
    assert [k.name for k in client.get("/stichwort/cloud/").context["related_keywords"]] == ["Offene Daten"]


def test_counts_follow_a_scheduled_article_on_its_second_without_a_write(client, monkeypatch):
    now = timezone.now().replace(microsecond=0)
    monkeypatch.setattr(timezone, "now", lambda: now)
    ArticleFactory(headline="Schon da", keywords=["Cloud"])
    at = now + timedelta(minutes=10)
    ArticleFactory(headline="Geplant", published_at=at, keywords=["Cloud", "E-Akte"])
    for _ in range(2):  # the second time from the fragment cache
        assert "1 Beitrag" in client.get("/politik/").content.decode()
        assert not client.get("/stichwort/cloud/").context["related_keywords"]
    monkeypatch.setattr(timezone, "now", lambda: at)
    assert "2 Beiträge" in client.get("/politik/").content.decode()
    cloud = client.get("/stichwort/cloud/")
    assert "2 Beiträge" in cloud.content.decode()
    assert [k.name for k in cloud.context["related_keywords"]] == ["E-Akte"]


def test_home_shows_the_newest_three_of_each_section_with_ties_broken_by_id(client):
    moment = timezone.now() - timedelta(hours=2)
    praxis = SectionFactory(name="Praxis", slug="praxis", position=2)
    politik = [ArticleFactory(headline=f"Politik {n}", published_at=moment) for n in range(5)]
    older = ArticleFactory(section=praxis, headline="Praxis alt", published_at=moment - timedelta(days=1))
    newer = ArticleFactory(section=praxis, headline="Praxis neu", published_at=moment)
    ArticleFactory(section=praxis, headline="Praxis Entwurf", status=Article.Status.DRAFT)
    blocks = {section.slug: [a.pk for a in articles] for section, articles in client.get("/").context["section_blocks"]}
    assert blocks == {"politik": [a.pk for a in politik[::-1][:3]], "praxis": [newer.pk, older.pk]}
    portal = Portal.objects.default()
    latest = Article.objects.published().latest_per_section(3, portal, [s.pk for s in portal.sections.all()])
    assert sorted(a.pk for a in latest) == sorted(blocks["politik"] + blocks["praxis"])
