"""`manage.py seed_demo`: demo content for an empty database and bulk articles for load tests."""

from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count
from PIL import Image as PILImage

from articles import services
from articles.models import (
    Article,
    ArticleLink,
    ArticleShare,
    ArticleType,
    Keyword,
    KeywordedArticle,
    Section,
    SectionShare,
)
from core.richtext import sanitize_body
from demo import content as demo_content
from demo import load, pictures
from images.models import Image
from pages.models import STATIC_PAGE_SLUGS, Page
from portals.models import Portal
from tests.workflow_helpers import editor


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    """Generated images go to this test's own folder, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "seed-media"
    return settings.MEDIA_ROOT


@pytest.fixture
def quick_pictures(monkeypatch):
    """A tiny JPEG instead of the drawn one, for tests that are not about the pictures (drawing takes seconds)."""
    buffer = BytesIO()
    PILImage.new("RGB", (12, 8), "#3a8fb7").save(buffer, "JPEG")
    monkeypatch.setattr(pictures, "draw_picture", lambda colors, motif, seed: buffer.getvalue())


def seed(*args, **options) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_seeding_an_empty_database_creates_complete_published_articles(media_root):
    seed()

    articles = list(
        Article.objects.published()
        .select_related("lead_image")
        .annotate(keyword_count=Count("keyword_items", distinct=True), link_count=Count("links", distinct=True))
    )
    assert len(articles) >= 30
    assert len(articles) == Article.objects.count(), "every demo article is published and already visible"
    assert len({article.section_id for article in articles}) >= 4
    assert len({article.article_type_id for article in articles}) >= 3
    for article in articles:
        image = article.lead_image
        assert image is not None, article
        assert image.credit and image.alt_text, article
        assert (image.width, image.height) == (1200, 800)
        assert Path(image.file.path).is_relative_to(media_root)
        assert Path(image.file.path).is_file()
        assert 2 <= article.keyword_count <= 5, article
        assert 1 <= article.link_count <= 3, article
        assert article.author_shorthand and article.lead and article.kicker
        assert ":" not in article.kicker


@pytest.mark.django_db
def test_demo_articles_relate_to_their_own_section_and_keep_link_order(media_root, quick_pictures):
    seed()

    for article in Article.objects.filter(section__portal=Portal.objects.default()).prefetch_related("related"):
        related = list(article.related.all())
        assert 1 <= len(related) <= 3, article
        assert all(other.section_id == article.section_id and other.pk != article.pk for other in related)

    data = next(item for item in demo_content.ARTICLES if len(item["links"]) > 1)
    article = Article.objects.get(headline=data["headline"])
    assert [link.url for link in article.links.all()] == [link["url"] for link in data["links"]]
    assert sorted(article.keywords.names()) == sorted(data["keywords"])


@pytest.mark.django_db
def test_demo_sections_and_types_match_the_portal(media_root, quick_pictures):
    seed()

    first = Portal.objects.default()
    sections = Section.objects.filter(portal=first).values_list("slug", flat=True)
    assert list(sections) == ["politik", "praxis", "panorama", "wirtschaft"]
    badges = dict(ArticleType.objects.values_list("slug", "shows_badge"))
    assert badges == {"meldung": False, "bericht": True, "interview": True, "kommentar": True}
    assert Keyword.objects.get(name="Öffentliche Verwaltung").slug == "oeffentliche-verwaltung"


@pytest.mark.django_db
def test_the_sister_portal_has_its_own_sections_pages_and_articles_and_shows_the_first_ones_by_sharing(
    media_root, quick_pictures, settings
):
    settings.SITE_URL = "http://127.0.0.1:8123"
    seed()
    first, sister = Portal.objects.default(), Portal.objects.get(slug=demo_content.SISTER_PORTAL["slug"])
    assert sister.url == "http://localhost:8123" and (sister.theme, sister.logo) == ("gruen", "kommunal-vernetzt.svg")
    assert [s.slug for s in sister.sections.all()] == [data["slug"] for data in demo_content.SISTER_SECTIONS]
    assert set(Page.objects.filter(portal=sister).values_list("slug", flat=True)) == set(STATIC_PAGE_SLUGS)
    assert "Zweckverband" in Page.objects.get(portal=sister, slug="impressum").body
    own = Article.objects.published().home_on(sister)
    assert sorted(own.values_list("headline", flat=True)) == sorted(a["headline"] for a in demo_content.SISTER_ARTICLES)
    shared = ArticleShare.objects.filter(portal=sister, article__section__portal=first)
    assert shared.count() == len(demo_content.SISTER_SHARES) >= 2
    assert SectionShare.objects.filter(source__portal=first, target__portal=sister).count() == 1
    # Nothing copied: the first portal's articles are the only rows with their headlines.
    for share in demo_content.SISTER_SHARES:
        assert Article.objects.filter(headline=share["headline"]).count() == 1
    # Sharing needs pictures licensed for other portals: the Redaktion saves every shared article as it is.
    redaktion = editor()
    for article in Article.objects.filter(pk__in=shared.values("article")) | Article.objects.filter(
        section__shared_to__target__portal=sister
    ):
        services.article_save(article=article, user=redaktion)
    # The address follows the port: the next run on another port moves it.
    settings.SITE_URL = "http://127.0.0.1:9000"
    seed()
    assert Portal.objects.get(pk=sister.pk).url == "http://localhost:9000"


@pytest.mark.django_db
def test_second_run_changes_nothing(media_root, quick_pictures):
    seed()
    counts = [model.objects.count() for model in (Article, Image, Keyword, ArticleLink, Section, ArticleType)]

    output = seed()

    assert "bereits Beiträge" in output
    assert [model.objects.count() for model in (Article, Image, Keyword, ArticleLink, Section, ArticleType)] == counts


def test_demo_bodies_survive_the_sanitiser_unchanged():
    # Otherwise the seeded text would silently differ from what is written in demo_content.
    for data in demo_content.ARTICLES:
        assert sanitize_body(data["body"]) == data["body"], data["headline"]


def test_demo_content_is_consistent():
    sections = {section["slug"] for section in demo_content.SECTIONS}
    types = {article_type["slug"] for article_type in demo_content.ARTICLE_TYPES}
    headlines = [data["headline"] for data in demo_content.ARTICLES]
    assert len(headlines) == len(set(headlines))
    for data in demo_content.ARTICLES:
        assert data["section"] in sections and data["article_type"] in types
        assert 2 <= len(data["keywords"]) <= 5 and 1 <= len(data["links"]) <= 3
        assert all(link["url"].startswith("https://") for link in data["links"])
        assert data["image"]["motif"] in demo_content.MOTIFS
        assert 0 <= data["days_ago"] <= 550
    assert any("€" in data["body"] for data in demo_content.ARTICLES)


@pytest.mark.django_db
def test_load_test_articles_on_an_empty_database(media_root):
    output = seed(articles=50, batch_size=20, seed=1)

    articles = Article.objects.published().annotate(keyword_count=Count("keyword_items"))
    assert articles.count() == 50
    assert all(2 <= article.keyword_count <= 5 for article in articles)
    assert all(article.slug.startswith("lasttest-") for article in articles)
    assert "50/50" in output and "Lasttest-Beiträge angelegt" in output
    assert Image.objects.count() <= 6


@pytest.mark.django_db
def test_load_test_articles_add_to_existing_content(media_root, quick_pictures):
    seed()
    demo_count, keyword_count = Article.objects.count(), Keyword.objects.count()

    seed(articles=50)
    keyword_count_after_first_run = Keyword.objects.count()
    seed(articles=50)

    assert Article.objects.count() == demo_count + 100
    assert Article.objects.values("slug").distinct().count() == demo_count + 100
    # The keyword pool is created once and reused, and the demo keywords are not duplicated.
    assert keyword_count < keyword_count_after_first_run == Keyword.objects.count()
    assert Keyword.objects.filter(name__iexact="künstliche intelligenz").count() == 1
    assert KeywordedArticle.objects.filter(content_object__slug__startswith="lasttest-").count() >= 200


@pytest.mark.django_db
def test_load_test_needs_a_positive_count(media_root):
    with pytest.raises(CommandError):
        seed(articles=0)


@pytest.mark.django_db(transaction=True)
def test_load_test_articles_on_postgresql_keep_their_search_index_and_are_found(media_root, quick_pictures, client):
    if connection.vendor != "postgresql":
        pytest.skip("the search index is set aside during the bulk load on PostgreSQL only")

    def search_indexes():
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname LIKE 'article_search%%'")
            return sorted(row[0] for row in cursor.fetchall())

    before = search_indexes()
    seed(articles=40, batch_size=15, seed=3)

    # Dropped for the load and built again with the same definition (the RUM index of migration 0008).
    assert before == search_indexes() and "USING rum" in before[0]
    assert not Article.objects.filter(search_vector__isnull=True).exists()
    headline = Article.objects.order_by("pk").first().headline
    place = headline.split()[-1].strip("„“.,:")
    response = client.get("/archiv/", {"q": place})
    assert response.status_code == 200
    assert headline in response.content.decode()


@pytest.mark.django_db
def test_load_test_insert_computes_the_search_vector_that_saving_computes(media_root, quick_pictures):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL computes the search vector in the insert; SQLite fills its FTS5 table afterwards")
    from articles.search import refresh_search_index

    seed(articles=30, batch_size=12, seed=5)
    article = Article.objects.order_by("pk").first()
    # Markup, umlauts, hyphens and an empty kicker: the insert's SQL and the update's expression agree on all.
    load.insert_articles(
        [
            Article(
                headline="Größere E-Akte für Ölbachtal",
                kicker="",
                slug="vektor-probe",
                lead="Die Verwaltung <em>digitalisiert</em> weiter.",
                body='<p>Ein <a href="https://example.org/">Link</a> und <strong>Fettes</strong>.</p><h2>Weiter</h2>',
                section=article.section,
                article_type=article.article_type,
                status=Article.Status.PUBLISHED,
            )
        ]
    )
    inserted = dict(Article.objects.values_list("pk", "search_vector"))
    assert len(inserted) == 31 and all(inserted.values())
    refresh_search_index(list(inserted))
    assert dict(Article.objects.values_list("pk", "search_vector")) == inserted


@pytest.mark.django_db
def test_load_test_insert_writes_the_rows_bulk_create_writes(media_root, quick_pictures):
    if connection.vendor != "postgresql":
        pytest.skip("the load test inserts through UNNEST on PostgreSQL only")
    seed(articles=3, seed=7)
    model = Article.objects.order_by("pk").first()

    def twin(slug):
        return Article(
            headline="Zwilling <b>fett</b>",
            slug=slug,
            lead="Vorspann",
            body="<p>Text <script>x</script></p>",
            section=model.section,
            article_type=model.article_type,
            lead_image=model.lead_image,
            status=Article.Status.PUBLISHED,
            published_at=model.published_at,
        )

    inserted, created = twin("zwilling-a"), twin("zwilling-b")
    load.insert_articles([inserted])
    Article.objects.bulk_create([created])
    # bulk_create leaves the search vector to its callers (refresh_search_index).
    unlike = {"id", "slug", "created_at", "updated_at", "search_vector"}
    rows = [
        {key: value for key, value in row.items() if key not in unlike}
        for row in Article.objects.filter(pk__in=[inserted.pk, created.pk]).order_by("slug").values()
    ]
    assert rows[0] == rows[1] and "script" not in rows[0]["body"]
