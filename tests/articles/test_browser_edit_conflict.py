"""The edit conflict in a real browser: two editors, two browser contexts, one article."""

import pytest

from articles.models import Article
from articles.revisions import versions_of
from tests.conftest import BROWSER_TIMEOUT_MS
from tests.factories import ArticleFactory
from tests.workflow_helpers import editor, log_in_browser

pytestmark = pytest.mark.django_db(transaction=True)


def editor_page(chromium, live_server, user):
    context = chromium.new_context(base_url=live_server.url, locale="de-DE", timezone_id="Europe/Berlin")
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    page = context.new_page()
    log_in_browser(page, user.username)
    return context, page


def test_second_editor_is_refused_in_the_browser_and_keeps_her_input(chromium, live_server):
    article = ArticleFactory(headline="Ursprünglich", lead="Alter Vorspann.")
    anna, ben = editor(first_name="Anna", last_name="Albers"), editor(first_name="Berta", last_name="Brandt")
    url = f"/admin/articles/article/{article.pk}/change/"
    (anna_context, anna_page), (ben_context, ben_page) = (
        editor_page(chromium, live_server, anna),
        editor_page(chromium, live_server, ben),
    )
    try:
        anna_page.goto(url)
        ben_page.goto(url)
        anna_page.fill("#id_headline", "Annas Überschrift")
        anna_page.click("button[value=speichern]")
        anna_page.wait_for_selector(".messagelist .success")

        ben_page.fill("#id_lead", "Bertas neuer Vorspann.")
        ben_page.click("button[value=speichern]")
        ben_page.wait_for_selector(".nr-conflict")
        assert "Anna Albers" in ben_page.inner_text(".errorlist.nonfield")
        assert ben_page.input_value("#id_lead") == "Bertas neuer Vorspann."
        assert ben_page.input_value("#id_headline") == "Ursprünglich"
        assert "Annas Überschrift" in ben_page.inner_text(".nr-conflict")
        article.refresh_from_db()
        assert (article.headline, article.lead) == ("Annas Überschrift", "Alter Vorspann.")

        # Berta takes Anna's headline over and saves deliberately: now both edits are in.
        ben_page.fill("#id_headline", "Annas Überschrift")
        ben_page.click("button[value=speichern]")
        ben_page.wait_for_selector(".messagelist .success")
        article.refresh_from_db()
        assert (article.headline, article.lead) == ("Annas Überschrift", "Bertas neuer Vorspann.")
        assert article.status == Article.Status.PUBLISHED
        assert [v.revision.user.first_name for v in versions_of(article)] == ["Berta", "Anna"]
    finally:
        anna_context.close()
        ben_context.close()
