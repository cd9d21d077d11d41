"""Public pages make a fixed number of queries, however many keywords, links or teasers they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pages.models import Page
from tests.factories import ArticleFactory, ImageFactory, SectionFactory

# Rendering is counted: the page cache (tested in tests/pagecache/test_page_cache.py) would answer repeated requests.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

# One more for the renditions of all images of a page (home: both lists; article: lead image and related box).
# Each includes three for header and footer: the content generation they are cached under (the page cache has
# read it already when it is on), and sections and static pages while their cache is cold. Section and keyword
# lists count their articles (and keywords find related ones) once per generation: cold, that costs one query per
# registered schedule for the next scheduled change (articles' publication times, images' licence ends, the
# newsletter's planned sends), which the page cache reads anyway when it stores a page.
MAX_QUERIES = {"home": 6, "article": 9, "section": 10, "keyword": 11}


def build_site(size: int):
    """An article with `size` keywords, links and related articles, in sections with `size` teasers each."""
    image = ImageFactory()
    sections = [SectionFactory(name=f"Bereich {n}", slug=f"bereich-q{n}") for n in range(size)]
    section = sections[0]
    teasers = [ArticleFactory(section=s, lead_image=image, keywords=["Cloud"]) for s in sections for _ in range(size)]
    article = ArticleFactory(
        section=section,
        lead_image=image,
        keywords=[f"Stichwort {n}" for n in range(size)] + ["Cloud"],
        links=[(f"https://example.org/{n}", f"Link {n}") for n in range(size)],
    )
    article.related.set(teasers[:size])
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "section": section.get_absolute_url(),
        "keyword": "/stichwort/cloud/",
    }


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("page", list(MAX_QUERIES))
def test_query_count_does_not_grow_with_content(client, page, django_assert_max_num_queries):
    small = count_queries(client, build_site(1)[page])
    urls = build_site(8)
    with django_assert_max_num_queries(MAX_QUERIES[page]):
        client.get(urls[page])
    assert count_queries(client, urls[page]) <= small


def test_header_and_footer_cost_no_query_once_cached_and_show_changes_at_once(client):
    urls = build_site(2)
    Page.objects.create(title="Impressum", slug="impressum", is_published=True)
    count_queries(client, urls["section"])
    with CaptureQueriesContext(connection) as warm:
        assert client.get(urls["section"]).status_code == 200
    tables = " ".join(query["sql"] for query in warm.captured_queries)
    # The section is looked up by its address; the list of all sections and the static pages come from the cache.
    assert "pages_page" not in tables and tables.count('FROM "articles_section"') == 1
    SectionFactory(name="Neu im Kopf", slug="neu-im-kopf")
    Page.objects.create(title="Kontakt", slug="kontakt", is_published=True)
    html = client.get(urls["section"]).content.decode()
    assert 'href="/neu-im-kopf/">Neu im Kopf<' in html and 'href="/kontakt/">Kontakt<' in html
