"""A reader's path in real Chromium: home, a teaser, the article; accessible, private, self-contained."""

import pytest

from articles.models import ArticleType
from tests.factories import ArticleFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site():
    praxis = SectionFactory(name="Praxis", slug="praxis")
    bericht = ArticleType.objects.create(name="Bericht", slug="bericht", shows_badge=True)
    article = ArticleFactory(
        kicker="Musterland",
        headline="Beitritt zum Kommunalverbund",
        lead_image=ImageFactory(credit="Kommunalverbund eG", alt_text="Zwei Hände über einem Vertrag"),
        keywords=["Kommunalverbund", "Öffentliche Verwaltung"],
        links=[("https://verbund.example", "Der Verbund")],
    )
    for n in range(3):
        ArticleFactory(article_type=bericht, lead_image=ImageFactory(), keywords=["Kommunalverbund"])
        ArticleFactory(section=praxis, headline=f"Aus der Praxis {n}")
    return article


def test_reader_follows_a_teaser_from_home_to_the_article(page, page_log, site):
    page.goto("/")
    page.get_by_role("link", name="Musterland: Beitritt zum Kommunalverbund").first.click()
    page.wait_for_url(f"**{site.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Beitritt zum Kommunalverbund")
    assert "Bildquelle: Kommunalverbund eG" in page.locator(".image-credits").inner_text()
    keywords = page.locator(".keywords a")
    assert keywords.all_inner_texts() == ["Kommunalverbund", "Öffentliche Verwaltung"]
    keywords.first.click()
    page.wait_for_url("**/stichwort/kommunalverbund/")
    assert page.get_by_role("heading", level=1).inner_text() == "Stichwort: Kommunalverbund"
    assert page_log.errors == []


def test_public_pages_pass_axe_send_nothing_elsewhere_and_set_no_cookies(page, page_log, axe, site):
    for path in ["/", site.get_absolute_url(), "/politik/", "/stichwort/kommunalverbund/"]:
        response = page.goto(path)
        assert response.status == 200, path
        violations = axe()
        assert violations == [], f"{path}: {axe.format(violations)}"
    assert page_log.foreign_requests() == []
    assert page.context.cookies() == []
    assert page_log.errors == []


@pytest.mark.parametrize("width", [320, 1440])
def test_article_page_has_no_horizontal_scrolling_from_narrow_to_wide(page, site, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site.get_absolute_url())
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
