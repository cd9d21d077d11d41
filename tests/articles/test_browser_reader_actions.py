"""A reader uses Druckversion, PDF and Link mailen in real Chromium, from the article page to the end of each."""

import pytest

from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def article():
    return ArticleFactory(
        kicker="Musterland",
        headline="Beitritt zum Kommunalverbund",
        slug="beitritt-zum-kommunalverbund",
        body='<p>Mehr beim <a href="https://verbund.example/">Verbund</a>.</p>',
        lead_image=ImageFactory(credit="Kommunalverbund eG", alt_text="Zwei Hände über einem Vertrag"),
        keywords=["Kommunalverbund"],
        links=[("https://verbund.example/mitglieder", "Mitgliederliste")],
    )


def test_reader_opens_the_print_view_from_the_action_bar(page, page_log, axe, article):
    page.goto(article.get_absolute_url())
    page.get_by_role("link", name="Druckversion").click()
    page.wait_for_url("**/druck/")
    assert page.get_by_role("heading", level=1).inner_text() == "Beitritt zum Kommunalverbund"
    assert page.locator("nav, form").count() == 0
    assert "[1] Verbund: https://verbund.example/" in page.locator(".print-notes").inner_text()
    assert "Bildquelle: Kommunalverbund eG" in page.locator(".image-credits").inner_text()
    violations = axe()
    assert violations == [], axe.format(violations)
    page.get_by_role("link", name="Zurück zum Beitrag").click()
    page.wait_for_url(f"**{article.get_absolute_url()}")
    assert page_log.foreign_requests() == []
    assert page_log.errors == []
    assert page.context.cookies() == []


def test_reader_downloads_the_pdf_from_the_action_bar(page, article, tmp_path):
    page.goto(article.get_absolute_url())
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF", exact=True).click()
    download = download_info.value
    assert download.suggested_filename == "beitritt-zum-kommunalverbund.pdf"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")
    assert page.context.cookies() == []


def test_reader_mails_the_link_and_returns_to_the_article(page, page_log, axe, smtp, article):
    page.goto(article.get_absolute_url())
    page.get_by_role("link", name="Link mailen").click()
    page.wait_for_url("**/mailen/")
    violations = axe()
    assert violations == [], axe.format(violations)
    assert page.get_by_label("Bitte dieses Feld leer lassen").is_hidden()
    field = page.get_by_label("E-Mail-Adresse der Empfängerin oder des Empfängers")
    field.fill("keine adresse")
    page.get_by_role("button", name="Link senden").click()
    assert "Bitte genau eine Adresse angeben." in page.locator(".mail-form").inner_text()
    violations = axe()
    assert violations == [], axe.format(violations)
    page.get_by_label("E-Mail-Adresse der Empfängerin oder des Empfängers").fill("kollege@amt-musterstadt.de")
    page.get_by_role("button", name="Link senden").click()
    page.wait_for_url("**/mailen/gesendet/")
    assert page.get_by_role("heading", level=1).inner_text() == "Link verschickt"
    violations = axe()
    assert violations == [], axe.format(violations)
    assert [envelope.rcpt_tos for envelope in smtp.envelopes] == [["kollege@amt-musterstadt.de"]]
    page.get_by_role("link", name="Zurück zum Beitrag").click()
    page.wait_for_url(f"**{article.get_absolute_url()}")
    assert page_log.foreign_requests() == []
    # The rejected address is answered with status 400 on purpose; Chromium logs that as a console error.
    assert [error for error in page_log.errors if "status of 400" not in error] == []
    # Only the reader who used the form carries the CSRF cookie.
    assert [cookie["name"] for cookie in page.context.cookies()] == ["csrftoken"]
