import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from articles.models import Article, ArticleType
from tests.assertions import assert_in_order
from tests.factories import ArticleFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def reference_like_article():
    bericht = ArticleType.objects.create(name="Bericht", slug="bericht", shows_badge=True)
    article = ArticleFactory(
        kicker="Musterland",
        headline="Beitritt zum Kommunalverbund",
        lead="Das Land Musterland tritt dem IT-Verbund seiner Kommunen bei.",
        body="<p>Erster Absatz über die Zusammenarbeit.</p><p>Zweiter Absatz mit „Zitat“.</p>",
        author_shorthand="bw",
        published_at=datetime(2022, 11, 7, 9, 30, tzinfo=ZoneInfo("Europe/Berlin")),
        lead_image=ImageFactory(
            alt_text="Vertreter von Land und Kommunen", caption="Musterland ist jetzt dabei", credit="Verbund eG"
        ),
        keywords=["Politik", "Kommunalverbund", "Musterland"],
        links=[("https://www.musterland.example", ""), ("https://verbund.example/mitglieder", "Mitgliederliste")],
    )
    related = ArticleFactory(
        kicker="Beispielstadt",
        headline="Digitalstrategie überarbeitet",
        lead="Die Stadt hat ihre Strategie neu gefasst.",
        article_type=bericht,
        lead_image=ImageFactory(alt_text="Skyline von Beispielstadt"),
    )
    return article, related


def test_article_page_shows_every_element_in_reference_order(client, reference_like_article):
    article, _related = reference_like_article
    html = html_of(client, article.get_absolute_url())
    assert_in_order(
        html,
        '<p class="kicker">Musterland:</p>',
        "<h1>Beitritt zum Kommunalverbund",
        "[7.11.2022]</time> Das Land Musterland tritt",
        'alt="Vertreter von Land und Kommunen"',
        "Musterland ist jetzt dabei",
        "Verbund eG",
        "Erster Absatz über die Zusammenarbeit.",
        "Zweiter Absatz mit „Zitat“.",
        "(bw)",
        'href="https://www.musterland.example">https://www.musterland.example</a>',
        'href="https://verbund.example/mitglieder">Mitgliederliste</a>',
        "Stichwörter:",
        '<a href="/stichwort/politik/">Politik</a>',
        "Bildquelle:</span> Verbund eG",
        ">Druckversion</a>",
        ">PDF</a>",
        ">Link mailen</a>",
        "Weitere Meldungen und Beiträge aus dem Bereich Politik",
        "Beispielstadt:</span> Digitalstrategie überarbeitet",
        '<span class="badge">Bericht</span>',
        "Die Stadt hat ihre Strategie neu gefasst.",
        "mehr...",
        'alt="Skyline von Beispielstadt"',
    )


def test_meldung_carries_no_badge(client):
    article = ArticleFactory()
    html = html_of(client, article.get_absolute_url())
    assert 'class="badge"' not in html


@pytest.mark.parametrize(
    "changes",
    [{"status": Article.Status.DRAFT}, {"published_at": timezone.now() + timedelta(hours=2)}],
    ids=["draft", "future"],
)
def test_unpublished_article_is_404_for_readers_with_own_page(client, changes):
    article = ArticleFactory(**changes)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_article_under_wrong_section_is_404(client):
    article = ArticleFactory()
    SectionFactory(name="Praxis", slug="praxis")
    assert client.get(f"/praxis/{article.slug}/").status_code == 404


def test_home_shows_latest_teasers_and_a_block_per_section(client):
    praxis = SectionFactory(name="Praxis", slug="praxis")
    politik_article = ArticleFactory(headline="Landtag beschließt Digitalgesetz")
    praxis_article = ArticleFactory(section=praxis, headline="Stadtwerke digitalisieren Zählerablesung")
    ArticleFactory(headline="Noch geheim", status=Article.Status.DRAFT)
    html = html_of(client, "/")
    assert politik_article.headline in html and praxis_article.headline in html
    assert 'id="section-politik"' in html and 'id="section-praxis"' in html
    assert "Noch geheim" not in html


def test_section_page_lists_only_its_published_articles_newest_first_and_paginates(client, settings):
    now = timezone.now()
    articles = [ArticleFactory(headline=f"Meldung Nummer {n}", published_at=now - timedelta(days=n)) for n in range(25)]
    ArticleFactory(section=SectionFactory(name="Praxis", slug="praxis"), headline="Aus der Praxis")
    first = html_of(client, "/politik/")
    assert "25 Beiträge" in first
    assert "Aus der Praxis" not in first
    assert first.index("Meldung Nummer 0<") < first.index("Meldung Nummer 1<")
    assert "Seite 1 von 2" in first
    second = html_of(client, "/politik/?page=2")
    assert articles[24].headline in second
    assert client.get("/politik/?page=9").status_code == 404
    assert client.get("/unbekannt/").status_code == 404


def test_keyword_page_lists_published_articles_with_that_keyword(client):
    tagged = ArticleFactory(headline="Cloud für Kommunen", keywords=["Cloud"])
    ArticleFactory(headline="Ohne Stichwort")
    ArticleFactory(headline="Entwurf mit Stichwort", keywords=["Cloud"], status=Article.Status.DRAFT)
    html = html_of(client, "/stichwort/cloud/")
    assert tagged.headline in html
    assert "Ohne Stichwort" not in html and "Entwurf mit Stichwort" not in html
    assert "1 Beitrag" in html
    assert client.get("/stichwort/gibt-es-nicht/").status_code == 404


def test_dates_use_german_short_form_in_berlin_time_whatever_the_browser_language(client):
    # 23:30 UTC on 6 November is already 7 November in Berlin.
    article = ArticleFactory(published_at=datetime(2022, 11, 6, 23, 30, tzinfo=ZoneInfo("UTC")))
    response = client.get(article.get_absolute_url(), headers={"accept-language": "en-US,en;q=0.9"})
    assert re.search(r">\[7\.11\.2022\]</time>", response.content.decode())


def test_public_pages_set_no_cookies(client):
    article = ArticleFactory(keywords=["Cloud"])
    for url in ["/", article.get_absolute_url(), "/politik/", "/stichwort/cloud/", "/gibt-es-nicht/"]:
        response = client.get(url)
        assert not response.cookies, url
