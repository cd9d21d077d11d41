"""The page cache: anonymous readers get whole public pages from it; no write path and no scheduled time leaves a
page stale; HTTP validators, Cache-Control and Vary; editors, forms, previews and searches are never cached."""

from datetime import timedelta

import pytest
import reversion
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from articles import services
from articles.models import Article, ArticleLink, Keyword, Section
from articles.preview import preview_url
from articles.revisions import versions_of
from images.models import Rendition
from pagecache.changes import current_generation
from pages.models import Page
from tests.factories import ArticleFactory, ImageFactory, SectionFactory
from tests.workflow_helpers import editor, logged_in

pytestmark = pytest.mark.django_db

# Pages that list articles; the keyword index lists keywords only.
LISTS = ["/", "/politik/", "/stichwort/cloud/", "/archiv/", "/feeds/rss/", "/sitemap-beitraege.xml"]
PAGES = [*LISTS, "/stichwoerter/"]


@pytest.fixture
def reader():
    """A reader's browser: no session, no cookie."""
    return Client()


@pytest.fixture
def article():
    return ArticleFactory(headline="Alte Überschrift", keywords=["Cloud"], lead_image=ImageFactory())


def page(reader, url, **headers):
    return reader.get(url, headers=headers)


def warm(reader, *urls):
    """Each page rendered once and then answered from the cache."""
    for url in urls:
        assert page(reader, url).status_code == 200
        assert page(reader, url)["X-Page-Cache"] == "hit", url
    return urls


def text(reader, url) -> str:
    response = page(reader, url)
    assert response.status_code == 200, url
    assert response["X-Page-Cache"] == "miss", f"{url} came from the cache after a change"
    return response.content.decode()


# --- what is cached, for whom --------------------------------------------------------------------


@pytest.mark.parametrize("url", [*PAGES, "/robots.txt", "/sitemap.xml", "/sitemap-news.xml", "/feeds/atom/"])
def test_public_pages_come_from_the_cache_the_second_time_without_a_cookie(reader, article, url):
    first = page(reader, url)
    second = page(reader, url)
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert not first.cookies and not second.cookies
    assert second["ETag"] == first["ETag"]


def test_article_page_comes_from_the_cache_with_every_security_header(reader, article):
    url = article.get_absolute_url()
    first, second = page(reader, url), page(reader, url)
    assert second["X-Page-Cache"] == "hit"
    for header in ("Content-Security-Policy", "X-Frame-Options", "Permissions-Policy", "X-Content-Type-Options"):
        assert second[header] == first[header]
    assert "nonce-" not in second["Content-Security-Policy"]


def test_a_cache_hit_reads_only_the_content_generation(reader, article, django_assert_num_queries):
    url = article.get_absolute_url()
    warm(reader, url)
    with django_assert_num_queries(1):
        assert page(reader, url)["X-Page-Cache"] == "hit"


def test_cached_pages_carry_validators_and_answer_304(reader, article):
    url = article.get_absolute_url()
    response = page(reader, url)
    etag, modified = response["ETag"], response["Last-Modified"]
    assert page(reader, url, if_none_match=etag).status_code == 304
    assert page(reader, url, if_none_match='"anders"').status_code == 200
    assert page(reader, url, if_modified_since=modified).status_code == 304
    long_ago = http_date((timezone.now() - timedelta(days=1)).timestamp())
    assert page(reader, url, if_modified_since=long_ago).status_code == 200
    head = reader.head(url)
    assert head.status_code == 200 and head["ETag"] == etag and head.content == b""


def test_cache_control_and_vary_for_readers_by_default_only_our_own_cache(reader, article):
    response = page(reader, article.get_absolute_url())
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert "Cookie" in response["Vary"]


def test_page_cache_max_age_lets_proxies_keep_pages_but_not_past_the_next_scheduled_change(reader, settings):
    settings.PAGE_CACHE_MAX_AGE = 300
    ArticleFactory()
    assert page(reader, "/")["Cache-Control"] == "public, max-age=300"
    ArticleFactory(published_at=timezone.now() + timedelta(seconds=90))
    max_age = int(page(reader, "/")["Cache-Control"].rsplit("=", 1)[1])
    assert 85 <= max_age <= 90


def test_editors_get_fresh_private_pages(client, reader, article):
    url = article.get_absolute_url()
    warm(reader, url)
    logged_in(client, editor())
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200 and "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]
        assert "Cookie" in response["Vary"]


def test_mail_form_preview_and_pdf_are_never_taken_from_the_page_cache(reader, article):
    mail_url = reverse("articles:detail-mail", kwargs={"section": "politik", "slug": article.slug})
    for _ in range(2):
        response = page(reader, mail_url)
        assert "X-Page-Cache" not in response and "csrftoken" in response.cookies
    draft = ArticleFactory(status=Article.Status.DRAFT)
    for _ in range(2):
        assert "X-Page-Cache" not in page(reader, preview_url(draft))


@pytest.mark.parametrize("query", ["?q=Cloud", "?utm_source=newsletter", "?page=1&x=1"])
def test_searches_and_unknown_parameters_are_answered_uncached(reader, article, query):
    for _ in range(2):
        response = page(reader, f"/archiv/{query}")
        assert response.status_code in (200, 400) and "X-Page-Cache" not in response


def test_archive_filters_and_page_numbers_are_cached_each_for_itself(reader, article):
    warm(reader, "/archiv/?bereich=politik", "/archiv/?stichwort=cloud", "/politik/?page=1")
    assert page(reader, "/archiv/?bereich=politik").content != page(reader, "/archiv/?stichwort=cloud").content


def test_not_found_pages_are_not_cached(reader):
    for _ in range(2):
        assert "X-Page-Cache" not in page(reader, "/politik/gibt-es-nicht/")


def test_an_unreachable_cache_costs_the_cache_not_the_page(reader, article, settings, caplog):
    # A real cache backend that fails on every read and write: its folder would have to be inside a file.
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": "/dev/null/pages"},
    }
    for _ in range(2):
        response = page(reader, article.get_absolute_url())
        assert response.status_code == 200 and "Alte Überschrift" in response.content.decode()
    assert "Seiten-Cache nicht erreichbar" in caplog.text


# --- never stale: every write path ---------------------------------------------------------------


def test_article_saved_by_an_editor_in_the_admin_shows_everywhere_at_once(client, reader, article):
    from tests.workflow_helpers import article_admin_data

    urls = warm(reader, article.get_absolute_url(), *LISTS[:-1])
    logged_in(client, editor())
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_admin_data(article, headline="Neue Überschrift"),
    )
    assert response.status_code == 302
    for url in urls:
        assert "Neue Überschrift" in text(reader, url), url


def test_publishing_and_withdrawing_show_on_the_next_request(reader, article):
    draft = ArticleFactory(
        headline="Noch ein Entwurf", slug="noch-ein-entwurf", status=Article.Status.DRAFT, keywords=["Cloud"]
    )
    warm(reader, *PAGES)
    services.article_publish(article=draft, user=editor())
    for url in LISTS:
        assert "noch-ein-entwurf" in text(reader, url), url
    warm(reader, *PAGES, article.get_absolute_url())
    services.article_withdraw(article=article, user=editor())
    assert page(reader, article.get_absolute_url()).status_code == 404
    for url in ["/", "/politik/", "/archiv/", "/feeds/rss/"]:
        assert "Alte Überschrift" not in text(reader, url), url


def test_deleting_an_article_removes_it_from_every_page(reader, article):
    warm(reader, *PAGES, article.get_absolute_url())
    article.delete()
    assert page(reader, article.get_absolute_url()).status_code == 404
    for url in LISTS:
        assert "Alte Überschrift" not in text(reader, url), url


def test_restoring_a_revision_shows_the_restored_text(reader, article):
    user = editor()
    services.article_save(article=article, user=user)
    article.headline = "Zwischenstand"
    services.article_save(article=article, user=user)
    url = article.get_absolute_url()
    warm(reader, url, "/")
    services.article_restore(article=article, version=versions_of(article).last(), user=user)
    assert "Alte Überschrift" in text(reader, url)
    assert "Alte Überschrift" in text(reader, "/")


def test_admin_bulk_withdraw_shows_on_the_next_request(client, reader, article):
    warm(reader, "/", article.get_absolute_url())
    logged_in(client, editor())
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "withdraw_selected", "_selected_action": [article.pk]},
    )
    assert response.status_code == 302
    assert "Alte Überschrift" not in text(reader, "/")
    assert page(reader, article.get_absolute_url()).status_code == 404


def test_queryset_update_bulk_update_and_bulk_create_show_on_the_next_request(reader, article):
    warm(reader, "/", article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(headline="Per Update geändert")
    assert "Per Update geändert" in text(reader, article.get_absolute_url())
    warm(reader, "/")
    article.refresh_from_db()
    article.lead = "Per bulk_update geändert"
    Article.objects.bulk_update([article], ["lead"])
    assert "Per bulk_update geändert" in text(reader, "/")
    warm(reader, "/")
    Article.objects.bulk_create(
        [
            Article(
                headline="Per bulk_create angelegt",
                slug="per-bulk-create",
                lead="Vorspann",
                section=article.section,
                article_type=article.article_type,
                status=Article.Status.PUBLISHED,
                published_at=timezone.now() - timedelta(minutes=1),
            )
        ]
    )
    assert "Per bulk_create angelegt" in text(reader, "/")


def test_correction_note_shows_on_the_next_request(reader, article):
    url = warm(reader, article.get_absolute_url())[0]
    article.correction_note = "Zahl der Kommunen berichtigt."
    services.article_save(article=article, user=editor(), significant_update=True)
    assert "Zahl der Kommunen berichtigt." in text(reader, url)


def test_changed_image_credit_and_alt_text_show_on_the_next_request(reader, article):
    url = warm(reader, article.get_absolute_url())[0]
    image = article.lead_image
    image.credit = "Neue Bildquelle"
    image.alt_text = "Neuer Alternativtext"
    image.save()
    html = text(reader, url)
    assert "Neue Bildquelle" in html and "Neuer Alternativtext" in html


def test_moved_focal_point_gives_teasers_the_new_cut_outs(reader, article):
    warm(reader, "/")
    image = article.lead_image
    before = page(reader, "/").content.decode()
    old = [r.file.url for r in image.renditions.exclude(crop="original") if r.file.url in before]
    assert old
    image.focal_x, image.focal_y = 0.1, 0.9
    image.save()
    html = text(reader, "/")
    new = [r.file.url for r in image.renditions.filter(source_key=image.rendition_key("16:9"))]
    assert not any(url in html for url in old) and any(url in html for url in new)


def test_renamed_keyword_and_section_show_on_every_page(reader, article):
    urls = warm(reader, article.get_absolute_url(), "/stichwoerter/")
    keyword = Keyword.objects.get(slug="cloud")
    keyword.name = "Wolke"
    keyword.save()
    for url in urls:
        assert "Wolke" in text(reader, url), url
    urls = warm(reader, article.get_absolute_url(), "/", "/stichwoerter/")
    Section.objects.filter(slug="politik").update(name="Landespolitik")
    for url in urls:
        assert "Landespolitik" in text(reader, url), url


def test_keywords_links_and_related_articles_changed_through_their_managers_show(reader, article):
    other = ArticleFactory(headline="Verwandter Beitrag", section=SectionFactory(name="Praxis", slug="praxis"))
    url = warm(reader, article.get_absolute_url())[0]
    article.keywords.add("Registermodernisierung")
    assert "Registermodernisierung" in text(reader, url)
    warm(reader, url)
    article.keywords.remove("Registermodernisierung")
    assert "Registermodernisierung" not in text(reader, url)
    warm(reader, url)
    ArticleLink.objects.create(article=article, url="https://example.org/quelle", label="Die Quelle")
    assert "Die Quelle" in text(reader, url)
    warm(reader, url)
    article.related.add(other)
    assert "Verwandter Beitrag" in text(reader, url)


def test_a_new_section_appears_in_the_navigation_of_cached_pages(reader, article):
    url = warm(reader, article.get_absolute_url())[0]
    SectionFactory(name="Technik", slug="technik")
    assert "Technik" in text(reader, url)


def test_a_renamed_section_and_an_edited_static_page_show_in_every_cached_header_footer_and_page(reader, article):
    imprint = Page.objects.create(title="Impressum", slug="impressum", body="<p>Alt</p>", is_published=True)
    urls = warm(reader, article.get_absolute_url(), "/", imprint.get_absolute_url())
    Section.objects.filter(pk=article.section_id).update(name="Landespolitik")
    imprint.title, imprint.body = "Impressum und Verantwortliche", "<p>Neu gefasst</p>"
    imprint.save()
    pages = {url: text(reader, url) for url in urls}
    for url, html in pages.items():
        assert "Landespolitik" in html and "Impressum und Verantwortliche" in html, url
    assert "Neu gefasst" in pages[imprint.get_absolute_url()]
    assert page(reader, imprint.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_rolled_back_write_leaves_the_generation_and_a_committed_one_raises_it(article):
    before = current_generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        Section.objects.update(name="Zurückgerollt")
        assert current_generation() > before
        raise RuntimeError
    assert current_generation() == before
    with transaction.atomic():
        Section.objects.update(name="Bleibt")
    assert current_generation() > before


@pytest.mark.django_db(transaction=True)
def test_the_generation_commits_with_the_content_it_belongs_to():
    SectionFactory()
    before = current_generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        Section.objects.update(name="Zurückgerollt")
        raise RuntimeError
    assert current_generation() == before
    with transaction.atomic(), reversion.create_revision():
        Section.objects.update(name="Übernommen")
    assert current_generation() == before + 1


def test_reading_pages_and_making_renditions_do_not_raise_the_generation(reader):
    ArticleFactory(lead_image=ImageFactory(renditions=False))
    page(reader, "/")
    assert Rendition.objects.exists()
    before = current_generation()
    warm(reader, "/", "/politik/")
    assert current_generation() == before


# --- scheduled changes, on the second, without cron ----------------------------------------------


@pytest.fixture
def clock(monkeypatch):
    """Stops timezone.now() at a moment the test moves forward."""

    class Clock:
        now = timezone.now().replace(microsecond=0)

        def move_to(self, moment):
            self.now = moment

    stopped = Clock()
    monkeypatch.setattr(timezone, "now", lambda: stopped.now)
    return stopped


def test_a_scheduled_article_appears_at_its_second(reader, clock):
    ArticleFactory(headline="Schon da", keywords=["Cloud"])
    at = clock.now + timedelta(minutes=10)
    scheduled = ArticleFactory(headline="Geplanter Beitrag", published_at=at, keywords=["Cloud"])
    urls = warm(reader, "/", "/politik/", "/stichwort/cloud/", "/feeds/rss/", "/archiv/")
    clock.move_to(at - timedelta(seconds=1))
    for url in urls:
        response = page(reader, url)
        assert response["X-Page-Cache"] == "hit" and "Geplanter Beitrag" not in response.content.decode()
    assert page(reader, scheduled.get_absolute_url()).status_code == 404
    clock.move_to(at)
    for url in urls:
        assert "Geplanter Beitrag" in text(reader, url), url
    assert page(reader, scheduled.get_absolute_url()).status_code == 200


def test_an_expired_article_disappears_at_its_second(reader, clock):
    until = clock.now + timedelta(minutes=5)
    expiring = ArticleFactory(headline="Läuft ab", unpublish_at=until, keywords=["Cloud"])
    urls = warm(reader, "/", "/politik/", "/stichwort/cloud/", expiring.get_absolute_url())
    clock.move_to(until - timedelta(seconds=1))
    for url in urls:
        assert page(reader, url)["X-Page-Cache"] == "hit"
    clock.move_to(until)
    assert page(reader, expiring.get_absolute_url()).status_code == 404
    assert "Läuft ab" not in text(reader, "/")


def test_an_article_leaves_the_news_sitemap_after_two_days_without_a_write(reader, clock):
    article = ArticleFactory(published_at=clock.now - timedelta(days=2) + timedelta(seconds=30))
    warm(reader, "/sitemap-news.xml")
    clock.move_to(clock.now + timedelta(seconds=29))
    assert page(reader, "/sitemap-news.xml")["X-Page-Cache"] == "hit"
    clock.move_to(clock.now + timedelta(seconds=1))
    assert article.slug in page(reader, "/sitemap-news.xml").content.decode()  # two days exactly: still in
    clock.move_to(clock.now + timedelta(milliseconds=1))
    assert article.slug not in text(reader, "/sitemap-news.xml")


def test_raw_sql_through_django_raises_the_generation(reader, article):
    from django.db import connection

    url = warm(reader, article.get_absolute_url())[0]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE articles_article SET headline = %s WHERE id = %s", ["Per SQL geändert", article.pk])
    assert "Per SQL geändert" in text(reader, url)


def test_migrate_on_deploy_raises_the_generation_so_old_layouts_are_not_served(reader, article):
    from django.core.management import call_command

    url = warm(reader, article.get_absolute_url())[0]
    call_command("migrate", verbosity=0)
    assert page(reader, url)["X-Page-Cache"] == "miss"
