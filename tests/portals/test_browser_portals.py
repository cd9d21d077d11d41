"""Several portals in Chromium: a person of two portals switches in the admin's header and edits the other portal's
draft; what she types comes back exactly as typed (docs/mehrere-portale.md)."""

import pytest

from articles.models import Article
from portals.models import Portal, PortalMembership
from tests.factories import ArticleFactory, PortalFactory, SectionFactory
from tests.workflow_helpers import editor, log_in_browser

pytestmark = pytest.mark.django_db(transaction=True)

TYPED = "Glasfaser für „Erlenkreis“ – Teil 2:  Ämter & Schulen"


def test_a_person_of_two_portals_switches_in_the_header_and_edits_the_other_portals_draft(page):
    first = Portal.objects.default()
    sister = PortalFactory(slug="kommunal", name="Kommunal vernetzt", base_url="http://kommunal.example")
    ArticleFactory(headline="Entwurf im ersten Portal", status=Article.Status.DRAFT)
    theirs = ArticleFactory(
        section=SectionFactory(portal=sister, name="Gemeinden", slug="gemeinden"),
        headline="Entwurf im Schwesterportal",
        status=Article.Status.DRAFT,
    )
    person = editor()
    PortalMembership.objects.filter(user=person).delete()
    for portal in (first, sister):
        PortalMembership.objects.create(user=person, portal=portal, role=PortalMembership.Role.EDITOR)

    log_in_browser(page, person.username)
    page.goto("/admin/articles/article/")
    assert "Entwurf im ersten Portal" in page.content() and "Entwurf im Schwesterportal" not in page.content()
    page.select_option("#nr-portal-choice", label="Kommunal vernetzt")
    page.locator(".nr-portal-switch").get_by_role("button", name="Wechseln").click()
    page.wait_for_url("**/admin/articles/article/")
    assert "Entwurf im Schwesterportal" in page.content() and "Entwurf im ersten Portal" not in page.content()

    page.get_by_role("link", name="Entwurf im Schwesterportal").click()
    page.fill("#id_headline", TYPED)
    page.get_by_role("button", name="Entwurf speichern").click()
    page.wait_for_selector(".messagelist .success")
    theirs.refresh_from_db()
    assert theirs.headline == TYPED and theirs.status == Article.Status.DRAFT
    page.goto("/admin/articles/article/")
    assert page.get_by_role("link", name=TYPED, exact=True).count() == 1
    page.goto(f"/admin/articles/article/{theirs.pk}/change/")
    assert page.input_value("#id_headline") == TYPED
