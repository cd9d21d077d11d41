"""Query counts of the public pages are the same with 1, 2 and 20 portals, and on a portal that receives shared
articles the same as on one that receives none (docs/mehrere-portale.md#messungen)."""

import functools
import itertools

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article, ArticleShare, SectionShare
from portals import directory
from portals.models import Portal
from tests.factories import ArticleFactory, ImageFactory, PortalFactory, SectionFactory

# Rendering is counted (the page cache would answer the second request with its one query).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

PAGES = ["home", "section", "keyword", "article", "feed", "sitemap", "news sitemap"]


def build(portals: int) -> dict[int, dict[str, str]]:
    """`portals` portals with two sections and four articles each; every portal shares one article with the next
    and a section of it by a rule, so that every portal but the first receives shared articles. Per portal: host and
    the addresses of its pages."""
    image = ImageFactory()
    found = {}
    all_portals = [Portal.objects.default()] + [
        PortalFactory(slug=f"p{n}", name=f"Portal {n}", base_url=f"http://p{n}.example") for n in range(1, portals)
    ]
    sections = {}
    for n, portal in enumerate(all_portals):
        first = SectionFactory(portal=portal, name="Politik", slug="politik")
        second = SectionFactory(portal=portal, name=f"Praxis {n}", slug=f"praxis-{n}")
        sections[portal.pk] = (first, second)
        articles = [
            ArticleFactory(section=section, lead_image=image, keywords=["Cloud", f"Thema {n}"], headline=f"P{n} {k}")
            for section in (first, second)
            for k in range(2)
        ]
        articles[0].related.set(articles[1:3])
        found[portal.pk] = {
            "host": "testserver" if n == 0 else f"p{n}.example",
            "home": "/",
            "section": "/politik/",
            "keyword": "/stichwort/cloud/",
            "article": articles[0].get_absolute_url(),
            "feed": "/feeds/rss/",
            "sitemap": "/sitemap-beitraege.xml",
            "news sitemap": "/sitemap-news.xml",
        }
    for before, after in itertools.pairwise(all_portals):
        ArticleShare.objects.create(
            article=ArticleFactory(section=sections[before.pk][0], keywords=["Cloud"], headline="Geteilt"),
            portal=after,
            section=sections[after.pk][0],
        )
        SectionShare.objects.create(source=sections[before.pk][1], target=sections[after.pk][1])
    return found


def second_requests(portals: int, page: str):
    """In a database that holds `portals` portals (rolled back afterwards): for the first portal and the last
    (which receives shares when there are two or more), a callable making the request again, yielded after a first
    request (the host table and the fragments then as in a running site) so that the caller counts the second."""
    with transaction.atomic():
        site = build(portals)
        for portal_id in dict.fromkeys((next(iter(site)), list(site)[-1])):
            client, host, path = Client(), site[portal_id]["host"], site[portal_id][page]
            assert client.get(path, HTTP_HOST=host).status_code == 200
            yield functools.partial(client.get, path, HTTP_HOST=host)
        transaction.set_rollback(True)
    caches["fragments"].clear()
    directory.forget()


@pytest.mark.parametrize("page", PAGES)
def test_query_counts_are_the_same_with_1_2_and_20_portals(page, django_assert_num_queries):
    # The count with one portal is the measure (its ceiling: tests/articles/test_queries.py).
    for one in second_requests(1, page):
        with CaptureQueriesContext(connection) as queries:
            assert one().status_code == 200
    expected = len(queries.captured_queries)
    for portals in (2, 20):
        for second in second_requests(portals, page):
            with django_assert_num_queries(expected):
                assert second().status_code == 200


def test_what_a_portal_shows_names_its_sections_by_id_not_by_a_join():
    # PostgreSQL misjudges a join on the sections and sorts the whole archive (docs/mehrere-portale.md#messungen).
    first = Portal.objects.default()
    sections = [SectionFactory(portal=first, slug=f"bereich-{n}").pk for n in range(2)]
    sql = str(Article.objects.published().shown_on(first).query)
    assert "articles_section" not in sql
    assert f"IN ({sections[0]}, {sections[1]})" in sql
