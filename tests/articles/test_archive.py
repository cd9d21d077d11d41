"""The archive (/archiv/): filters alone and combined, counts, pagination, search, bad input, query counts."""

import re
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article, ArticleType
from articles.search import search, snippet
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def on(year, month, day, hour=12):
    return datetime(year, month, day, hour, tzinfo=BERLIN)


def headlines(response):
    return [article.headline for article in response.context["articles"]]


@pytest.fixture
def archive():
    """Six published articles over two sections, two types, keywords and dates, plus a draft and a future one."""
    politik = SectionFactory(name="Politik", slug="politik")
    praxis = SectionFactory(name="Praxis", slug="praxis")
    bericht = ArticleType.objects.create(name="Bericht", slug="bericht", shows_badge=True)
    ArticleFactory(headline="Politik 2022 Cloud", section=politik, published_at=on(2022, 3, 1), keywords=["Cloud"])
    ArticleFactory(
        headline="Politik 2022 Bericht",
        section=politik,
        article_type=bericht,
        published_at=on(2022, 12, 31, 23),
        keywords=["Cloud", "E-Akte"],
    )
    ArticleFactory(headline="Politik 2023", section=politik, published_at=on(2023, 1, 1, 0), keywords=["E-Akte"])
    ArticleFactory(headline="Praxis 2022", section=praxis, published_at=on(2022, 6, 1), keywords=["Cloud"])
    ArticleFactory(headline="Praxis 2021 Bericht", section=praxis, article_type=bericht, published_at=on(2021, 5, 5))
    ArticleFactory(
        headline="Onlinezugangsgesetz kommt voran", section=praxis, published_at=on(2020, 1, 1), keywords=["OZG"]
    )
    ArticleFactory(headline="Entwurf Cloud", section=politik, status=Article.Status.DRAFT, keywords=["Cloud"])
    ArticleFactory(
        headline="Zukunft Cloud", section=politik, published_at=timezone.now() + timedelta(days=1), keywords=["Cloud"]
    )


def test_archive_without_filters_lists_every_published_article_newest_first(client, archive):
    response = client.get("/archiv/")
    assert response.status_code == 200
    assert headlines(response) == [
        "Politik 2023",
        "Politik 2022 Bericht",
        "Praxis 2022",
        "Politik 2022 Cloud",
        "Praxis 2021 Bericht",
        "Onlinezugangsgesetz kommt voran",
    ]
    assert "6 Beiträge" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("bereich=praxis", {"Praxis 2022", "Praxis 2021 Bericht", "Onlinezugangsgesetz kommt voran"}),
        ("art=bericht", {"Politik 2022 Bericht", "Praxis 2021 Bericht"}),
        ("stichwort=cloud", {"Politik 2022 Cloud", "Politik 2022 Bericht", "Praxis 2022"}),
        ("stichwort=cloud&stichwort=e-akte", {"Politik 2022 Bericht"}),
        ("von=2022-12-31", {"Politik 2022 Bericht", "Politik 2023"}),
        ("bis=2022-03-01", {"Politik 2022 Cloud", "Praxis 2021 Bericht", "Onlinezugangsgesetz kommt voran"}),
        ("von=2022-01-01&bis=2022-12-31", {"Politik 2022 Cloud", "Politik 2022 Bericht", "Praxis 2022"}),
        ("von=1.6.2022&bis=1.6.2022", {"Praxis 2022"}),
        ("q=Onlinezugangsgesetz", {"Onlinezugangsgesetz kommt voran"}),
        ("bereich=politik&von=2022-01-01&bis=2022-12-31", {"Politik 2022 Cloud", "Politik 2022 Bericht"}),
        ("bereich=politik&art=bericht&stichwort=e-akte&von=2022-01-01", {"Politik 2022 Bericht"}),
        ("bereich=praxis&q=Praxis&bis=2021-12-31", {"Praxis 2021 Bericht"}),
        ("bereich=praxis&stichwort=e-akte", set()),
    ],
)
def test_each_filter_alone_and_combined(client, archive, query, expected):
    response = client.get(f"/archiv/?{query}")
    assert response.status_code == 200
    assert set(headlines(response)) == expected
    html = response.content.decode()
    count = len(expected)
    assert (f"{count} Beitrag" if count == 1 else f"{count} Beiträge") in html


def test_filter_state_is_a_shareable_get_url_kept_by_the_form_and_the_pages(client, archive, settings):
    settings.NEWSROOM_PAGE_SIZE = 1
    url = "/archiv/?bereich=politik&stichwort=cloud&von=2022-01-01"
    response = client.get(url)
    html = response.content.decode()
    assert '<form class="archive-form" method="get"' in html
    assert re.search(r'<option value="politik" selected>', html)
    assert 'value="2022-01-01"' in html
    next_link = re.search(r'href="\?([^"]+)" rel="next"', html).group(1).replace("&amp;", "&")
    assert parse_qs(next_link) == {"bereich": ["politik"], "stichwort": ["cloud"], "von": ["2022-01-01"], "page": ["2"]}
    second = client.get(f"/archiv/?{next_link}")
    assert second.status_code == 200
    first_page, second_page = headlines(response), headlines(second)
    assert len(first_page) == len(second_page) == 1
    assert set(first_page + second_page) == {"Politik 2022 Cloud", "Politik 2022 Bericht"}
    assert "Seite 2 von 2" in second.content.decode()


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("von=2022-13-45", 400, "Bitte ein gültiges Datum eingeben"),
        ("bis=gestern", 400, "Bitte ein gültiges Datum eingeben"),
        ("von=0001-01-01", 400, "Bitte ein Datum zwischen 1900 und 2999 angeben."),
        ("von=2023-01-01&bis=2022-01-01", 400, "Das Ende des Zeitraums liegt vor seinem Anfang."),
        ("bereich=gibtesnicht", 400, "Bitte eine gültige Auswahl treffen"),
        ("stichwort=gibtesnicht", 400, "Bitte eine gültige Auswahl treffen"),
        ("q=%00", 400, "Nullzeichen sind nicht erlaubt."),
        ("page=99", 404, "Diese Seite der Ergebnisliste gibt es nicht."),
        ("page=abc", 404, "Diese Seite der Ergebnisliste gibt es nicht."),
        ("page=-1", 404, "Diese Seite der Ergebnisliste gibt es nicht."),
    ],
)
def test_invalid_parameters_give_a_friendly_german_page(client, archive, query, status, message):
    response = client.get(f"/archiv/?{query}")
    assert response.status_code == status
    html = response.content.decode()
    assert message in html
    assert '<form class="archive-form"' in html
    assert '<meta name="robots" content="noindex">' in html or status == 404


def test_form_is_accessible_without_javascript(client, archive):
    html = client.get("/archiv/").content.decode()
    assert "<fieldset>" in html and "<legend>Beiträge finden</legend>" in html
    for name in ("q", "bereich", "art", "stichwort", "von", "bis"):
        assert f'<label for="id_{name}">' in html
        assert f'name="{name}"' in html
    assert '<button type="submit">Suchen</button>' in html
    assert "<script" not in html


def test_search_results_are_noindex_and_the_plain_archive_is_not(client, archive):
    assert 'content="noindex"' in client.get("/archiv/?q=Cloud").content.decode()
    assert 'content="noindex"' not in client.get("/archiv/").content.decode()


def test_suche_redirects_to_the_archive_keeping_the_query(client):
    response = client.get("/suche/?q=Cloud")
    assert response.status_code == 302
    assert response["Location"] == "/archiv/?q=Cloud"


def test_search_finds_plain_matches_in_headline_lead_and_body(client):
    ArticleFactory(headline="Registermodernisierung startet", lead="Kurz.", body="<p>Nichts.</p>")
    ArticleFactory(headline="Zweiter", lead="Die Registermodernisierung kommt.", body="<p>Nichts.</p>")
    ArticleFactory(headline="Dritter", lead="Kurz.", body="<p>Zur Registermodernisierung mehr.</p>")
    ArticleFactory(headline="Anderes Thema", lead="Kurz.", body="<p>Nichts.</p>")
    response = client.get("/archiv/?q=registermodernisierung")
    assert headlines(response) == ["Registermodernisierung startet", "Zweiter", "Dritter"]


def test_search_finds_the_edited_text_after_save(client):
    article = ArticleFactory(headline="Alte Überschrift", lead="Kurz.", body="<p>Nichts.</p>")
    assert headlines(client.get("/archiv/?q=Breitbandausbau")) == []
    article.headline = "Breitbandausbau im Landkreis"
    article.save()
    assert headlines(client.get("/archiv/?q=Breitbandausbau")) == ["Breitbandausbau im Landkreis"]
    assert headlines(client.get("/archiv/?q=Alte")) == []


def test_search_never_shows_drafts_or_future_articles(client, archive):
    response = client.get("/archiv/?q=Cloud")
    assert set(headlines(response)) == {"Politik 2022 Cloud"}


def test_search_ignores_search_syntax_typed_by_readers(client, archive):
    for text in ['"Cloud', "Cloud OR", "NEAR(Cloud", "Cloud*", "-Cloud", "col:Cloud", "'; DROP TABLE x; --"]:
        response = client.get("/archiv/", {"q": text})
        assert response.status_code == 200, text


def test_snippet_highlights_matches_and_escapes_the_text():
    article = Article(lead="Die <b>Stadt</b> & ihr Plan.", body="<p>Die Digitalisierung der Ämter.</p>")
    html = snippet(article, "digitalisierung")
    # The lead is plain text, shown as typed; the body's markup is removed.
    assert html == "Die &lt;b&gt;Stadt&lt;/b&gt; &amp; ihr Plan. Die <mark>Digitalisierung</mark> der Ämter."
    assert snippet(article, "Digitalisierten") == html
    assert snippet(article, "Rathaus") == ""
    article.lead = "Ein Wort <script>alert(1)</script> Digitalisierung"
    article.body = ""
    html = snippet(article, "Digitalisierung")
    assert "<script>" not in html and "&lt;script&gt;alert(1)" in html
    article.lead = "Ein Text über 1 < 2 & Digitalisierung"
    assert snippet(article, "Digitalisierung") == "Ein Text über 1 &lt; 2 &amp; <mark>Digitalisierung</mark>"


def test_snippet_keeps_paragraphs_apart_and_shows_entities_once():
    article = Article(lead="Kurz.", body="<p>Ende des Absatzes</p><p>Portal &amp; Plan</p>")
    assert snippet(article, "Portal") == "Kurz. Ende des Absatzes <mark>Portal</mark> &amp; Plan"


def test_search_finds_words_at_paragraph_boundaries():
    ArticleFactory(headline="Grenzfall", body="<p>Erster Absatz</p><p>Kranichfeld beginnt den zweiten</p>")
    assert "Grenzfall" in Client().get("/archiv/", {"q": "Kranichfeld"}).content.decode()


def test_search_results_show_the_snippet_with_the_match(client):
    ArticleFactory(headline="Ohne Treffer", lead="Kurz.", body="<p>Das Amt plant die Registermodernisierung.</p>")
    html = client.get("/archiv/?q=Registermodernisierung").content.decode()
    assert '<p class="snippet">' in html and "<mark>Registermodernisierung</mark>" in html


@pytest.mark.postgres
def test_german_stemming_finds_inflected_forms_on_postgres():
    ArticleFactory(headline="Verwaltung digitalisiert", lead="Die Ämter digitalisierten ihre Akten.", body="")
    ArticleFactory(headline="Bauanträge online", lead="Bürger stellen Bauanträge digital.", body="")
    ArticleFactory(headline="Ohne Bezug", lead="Nichts davon.", body="")
    found = search(Article.objects.published(), "Digitalisierung")
    assert [a.headline for a in found] == ["Verwaltung digitalisiert"]
    found = search(Article.objects.published(), "Bauantrag")
    assert [a.headline for a in found] == ["Bauanträge online"]


@pytest.mark.postgres
def test_headline_match_ranks_above_body_match_on_postgres():
    now = timezone.now()
    ArticleFactory(headline="Nebenbei", lead="Kurz.", body="<p>Auch die Cloud.</p>", published_at=now - timedelta(1))
    ArticleFactory(headline="Cloud im Rathaus", lead="Kurz.", body="<p>Nichts.</p>", published_at=now - timedelta(9))
    ArticleFactory(headline="Im Vorspann", lead="Die Cloud.", body="<p>Nichts.</p>", published_at=now - timedelta(5))
    found = search(Article.objects.published(), "Cloud")
    assert [a.headline for a in found] == ["Cloud im Rathaus", "Im Vorspann", "Nebenbei"]


def test_headline_match_ranks_above_body_match_on_every_database():
    now = timezone.now()
    ArticleFactory(headline="Nebenbei", lead="Kurz.", body="<p>Auch die Cloud.</p>", published_at=now - timedelta(1))
    ArticleFactory(headline="Cloud im Rathaus", lead="Kurz.", body="<p>Nichts.</p>", published_at=now - timedelta(9))
    found = search(Article.objects.published(), "Cloud")
    assert [a.headline for a in found] == ["Cloud im Rathaus", "Nebenbei"]


@pytest.mark.usefixtures("no_page_cache")
def test_counts_above_the_limit_are_shown_as_more_than(client, monkeypatch):
    from articles import views

    monkeypatch.setattr(views.ArchiveView, "max_results", 3)
    for _ in range(5):
        ArticleFactory()
    response = client.get("/archiv/")
    assert "Mehr als 3 Beiträge" in response.content.decode()
    assert response.context["paginator"].count == 3
    monkeypatch.setattr(views.ArchiveView, "max_results", 5)
    assert "5 Beiträge" in client.get("/archiv/").content.decode()


@given(
    params=st.dictionaries(
        st.sampled_from(["q", "bereich", "art", "stichwort", "von", "bis", "page", "x"]),
        st.text(max_size=40),
        max_size=5,
    )
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_query_strings_never_give_a_server_error(client, archive, params):
    # Another spelling of a canonical query is redirected to it first (pagecache.queries).
    response = client.get("/archiv/", params, follow=True)
    assert response.status_code in {200, 400, 404}
    response = client.get("/suche/", params, follow=True)
    assert response.status_code in {200, 400, 404}


@given(raw=st.text(max_size=80))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_raw_query_strings_never_give_a_server_error(client, archive, raw):
    response = client.get("/archiv/?" + raw.replace("#", ""), follow=True)
    assert response.status_code in {200, 400, 404}


@pytest.mark.parametrize(
    "query", ["", "?q=Cloud", "?bereich=politik&stichwort=cloud&stichwort=e-akte&von=2020-01-01&art=bericht"]
)
@pytest.mark.usefixtures("no_page_cache")
def test_archive_query_count_does_not_grow_with_content(client, django_assert_max_num_queries, query):
    ArticleType.objects.create(name="Bericht", slug="bericht", shows_badge=True)
    for n in range(25):
        ArticleFactory(keywords=["Cloud", "E-Akte", f"Thema {n}"], headline=f"Cloud {n}")
    # One of them reads the content generation that header and footer are cached under.
    with django_assert_max_num_queries(10):
        assert client.get(f"/archiv/{query}").status_code == 200


def test_archive_page_passes_axe_in_chromium(page, axe, archive, page_log):
    page.goto("/archiv/?q=Cloud&bereich=politik")
    assert page.locator(".result-count").inner_text() == "1 Beitrag"
    violations = axe()
    assert violations == [], axe.format(violations)
    page.goto("/archiv/")
    page.select_option("#id_bereich", "praxis")
    page.click(".archive-form button[type=submit]")
    # The form sends its empty fields too; the page cache redirects to the canonical query (pagecache.queries).
    assert urlsplit(page.url).query == "bereich=praxis"
    assert page.locator(".result-count").inner_text() == "3 Beiträge"
    assert page_log.errors == []
    # The form with a message (status 400) must be as accessible as the results.
    page.goto("/archiv/?von=2022-13-45")
    assert page.locator("#id_von_fehler").inner_text() == "Bitte ein gültiges Datum eingeben."
    violations = axe()
    assert violations == [], axe.format(violations)
    assert page_log.foreign_requests() == []
