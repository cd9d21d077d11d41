"""In Chromium: the policy blocks markup that should never have reached a page, and blocks nothing the site needs."""

import pytest
from django.contrib.auth.models import User
from django.db import connection

from articles.models import Article
from tests.factories import ArticleFactory, ImageFactory
from tests.workflow_helpers import log_in_browser

pytestmark = pytest.mark.django_db(transaction=True)

# Records every CSP violation of every page and popup of the context, from the first byte on.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} in ${event.sourceFile || document.URL}`);
});
"""
PASSWORD = "Rathaus-Dach-2024!"


@pytest.fixture
def violations(page):
    page.context.add_init_script(RECORD_VIOLATIONS)
    return lambda target=page: target.evaluate("window.__cspViolations")


def csp_console_errors(page_log):
    return [error for error in page_log.errors if "Content Security Policy" in error]


def test_stored_script_that_reached_the_article_html_does_not_run(page, page_log, violations, live_server):
    article = ArticleFactory()
    hostile = (
        '<p>Vorher</p><img src="/fehlt.png" onerror="window.__xss = \'img\'">'
        "<script>window.__xss = 'script'</script><p>Nachher</p>"
    )
    # Past the sanitiser on purpose (raw SQL), as if it had failed or the database had been tampered with.
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Article._meta.db_table} SET body = %s WHERE id = %s", [hostile, article.pk])
    page.goto(article.get_absolute_url())
    page.wait_for_load_state("load")
    assert "onerror=" in page.content(), "the payload must really be in the page"
    assert page.evaluate("window.__xss") is None
    blocked = violations()
    assert any(v.startswith("script-src-attr blocked inline") for v in blocked), blocked
    assert any(v.startswith("script-src-elem blocked inline") for v in blocked), blocked
    assert {"Vorher", "Nachher"} <= set(page.locator(".article-body p").all_inner_texts())


def test_public_pages_work_without_a_single_csp_violation(page, page_log, violations, live_server):
    article = ArticleFactory(lead_image=ImageFactory(), keywords=["Registermodernisierung"])
    ArticleFactory(section=article.section, keywords=["Registermodernisierung"])
    for path in [
        "/",
        article.get_absolute_url(),
        article.section.get_absolute_url(),
        "/stichwort/registermodernisierung/",
        "/gibt-es/nicht/",
    ]:
        page.goto(path)
        page.wait_for_load_state("load")
        assert violations() == [], path
    assert csp_console_errors(page_log) == []
    assert page_log.page_errors == []


def test_editor_logs_in_edits_with_the_rich_text_editor_and_picks_an_image_without_csp_violations(
    page, page_log, violations, live_server
):
    User.objects.create_superuser("chefin", "chefin@example.org", PASSWORD)
    article = ArticleFactory(body="<p>Der Landtag hat beschlossen.</p>")
    image = ImageFactory(alt_text="Plenarsaal des Landtags")

    log_in_browser(page, "chefin", PASSWORD)
    assert violations() == []

    page.goto(f"/admin/articles/article/{article.pk}/change/")
    editor = page.locator(".prose-editor [contenteditable=true]")
    editor.click()
    # Chromium's console message names the hash a changed editor style would need (settings.ADMIN_CSP_UPDATE).
    assert violations() == [], csp_console_errors(page_log)
    page.keyboard.press("Control+End")
    page.keyboard.type(" Einstimmig.")
    page.keyboard.press("Control+a")
    page.locator(".prose-editor button[data-name=bold]").click()
    # The image chooser dialog (static/js/image-chooser.js) searches the library and writes the choice back.
    page.get_by_role("button", name="Bild auswählen").click()
    page.get_by_role("dialog").get_by_role("button", name="Plenarsaal des Landtags").click()
    page.get_by_role("button", name="Dieses Bild verwenden").click()
    page.get_by_role("dialog").wait_for(state="hidden")
    assert page.input_value("#id_lead_image") == str(image.pk)
    assert page.locator(".nr-image-field__thumbnail").evaluate("img => img.decode().then(() => img.naturalWidth > 0)")
    assert violations() == []

    page.click("button[value=speichern]")
    page.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert article.body == "<p><strong>Der Landtag hat beschlossen. Einstimmig.</strong></p>"
    assert article.lead_image == image
    assert violations() == []
    assert csp_console_errors(page_log) == []
    assert page_log.page_errors == []
