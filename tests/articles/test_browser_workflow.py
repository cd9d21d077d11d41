"""The editor's desk in Chromium: an author writes, previews (with print view and PDF) and hands in; an editor finds
the article on the start page and publishes it from its preview; „Planen“ follows the date typed into the form."""

from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from articles.models import Article
from tests.factories import ArticleFactory, ArticleTypeFactory, SectionFactory
from tests.workflow_helpers import PASSWORD, author, editor

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, user):
    page.goto("/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def test_author_writes_previews_prints_and_hands_in_and_the_editor_publishes_from_the_preview(
    page, page_log, axe, tmp_path, live_server, settings
):
    settings.SITE_URL = live_server.url
    SectionFactory(name="Politik", slug="politik")
    ArticleTypeFactory(name="Meldung", slug="meldung")
    writer = author(first_name="Anna", last_name="Amsel")
    log_in(page, writer)

    page.get_by_role("link", name="Neuer Beitrag").click()
    page.fill("#id_headline", "Bürgerbüro öffnet samstags")
    page.fill("#id_lead", "Ab Juni hat das Bürgerbüro auch am Samstagvormittag geöffnet.")
    page.select_option("#id_section", label="Politik")
    page.select_option("#id_article_type", label="Meldung")
    page.get_by_role("button", name="Speichern und Vorschau ansehen").click()

    banner = page.locator(".preview-banner")
    banner.wait_for()
    assert "Status: Entwurf" in banner.inner_text() and "bis zur Veröffentlichung" in banner.inner_text()
    violations = axe()
    assert violations == [], axe.format(violations)
    assert page.locator(".action-disabled").inner_text() == "Link mailen"
    assert page.locator(".article-actions a", has_text="Link mailen").count() == 0

    page.get_by_role("link", name="Druckversion").click()
    assert "Vorschau, noch nicht veröffentlicht" in page.locator(".print-url").inner_text()
    page.get_by_role("link", name="Zurück zur Vorschau").click()
    with page.expect_download() as download_info:
        page.locator(".article-actions").get_by_role("link", name="PDF").click()
    path = tmp_path / "vorschau.pdf"
    download_info.value.save_as(path)
    assert "Bürgerbüro öffnet samstags" in "".join(p.extract_text() for p in PdfReader(path).pages)

    banner.get_by_role("button", name="Zur Prüfung geben").click()
    page.wait_for_url("**/admin/")
    message = page.locator(".messagelist .success").inner_text()
    assert message.startswith("„Bürgerbüro öffnet samstags“ ist zur Prüfung gegeben")
    article = Article.objects.get(headline="Bürgerbüro öffnet samstags")
    assert (article.status, article.created_by) == (Article.Status.REVIEW, writer)
    violations = axe()
    assert violations == [], axe.format(violations)

    page.context.clear_cookies()
    log_in(page, editor())
    waiting = page.locator("section", has=page.get_by_role("heading", name="Zur Prüfung"))
    waiting.get_by_role("listitem").filter(has_text="Bürgerbüro öffnet samstags").get_by_role(
        "link", name="Vorschau"
    ).click()
    page.locator(".preview-banner").get_by_role("button", name="Veröffentlichen").click()
    page.wait_for_url("**/admin/")
    success = page.locator(".messagelist .success")
    assert "ist veröffentlicht und unter http://" in success.inner_text()
    success.get_by_role("link").click()
    assert page.locator("h1").inner_text().startswith("Bürgerbüro öffnet samstags")
    article.refresh_from_db()
    assert article.is_published()
    assert page_log.errors == []


def test_the_publish_button_reads_planen_while_the_typed_time_lies_ahead(page, page_log):
    article = ArticleFactory(status=Article.Status.REVIEW, headline="Vorab geschrieben")
    log_in(page, editor())
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    button = page.locator("button[value=veroeffentlichen]")
    assert button.inner_text() == "Veröffentlichen"
    ahead = timezone.localtime(timezone.now() + timedelta(days=3))
    page.fill("#id_published_at_0", ahead.strftime("%d.%m.%Y"))
    assert button.inner_text() == "Planen"
    button.click()
    page.wait_for_url("**/admin/")
    assert "„Vorab geschrieben“ ist geplant und erscheint am" in page.locator(".messagelist .success").inner_text()
    article.refresh_from_db()
    assert article.is_scheduled()
    assert page_log.errors == []


def test_enter_in_a_field_saves_without_publishing(page):
    article = ArticleFactory(status=Article.Status.REVIEW, headline="Nur gespeichert")
    log_in(page, editor())
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.fill("#id_kicker", "Musterstadt")
    page.press("#id_kicker", "Enter")
    page.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert (article.kicker, article.status) == ("Musterstadt", Article.Status.REVIEW)


def test_zurueckziehen_asks_first_and_does_nothing_when_the_editor_says_no(page):
    live = ArticleFactory(headline="Bleibt online")
    log_in(page, editor())
    page.goto(f"/admin/articles/article/{live.pk}/change/")
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.locator("button[value=zurueckziehen]").click()
    assert questions and questions[0].startswith("Beitrag zurückziehen?")
    live.refresh_from_db()
    assert live.is_published()
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("button[value=zurueckziehen]").click()
    page.wait_for_url("**/admin/")
    assert "„Bleibt online“ ist zurückgezogen" in page.locator(".messagelist .success").inner_text()
    live.refresh_from_db()
    assert live.status == Article.Status.WITHDRAWN
