"""The newsletter and several portals (docs/newsletter.md#mehrere-portale): a list belongs to one portal; its
pages, signup form, mails and issues are that portal's, and an issue never carries an article of another portal
that is not shared with it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import ArticleShare
from newsletter import services
from newsletter.mails import IssueMail, confirmation_message, manage_url
from newsletter.models import Issue, NewsletterList, Subscriber
from portals.models import Portal, PortalMembership
from tests.factories import ArticleFactory, PortalFactory, SectionFactory
from tests.newsletter.conftest import confirmed_subscriber
from tests.workflow_helpers import editor

pytestmark = pytest.mark.django_db

A = "https://verwaltung-digital.example"
B_HOST = "kommunal.example"


@pytest.fixture
def portals(settings):
    settings.SITE_URL = A
    first = Portal.objects.default()
    sister = PortalFactory(name="Kommunal vernetzt", slug="kommunal", base_url=f"https://{B_HOST}")
    gemeinden = SectionFactory(portal=sister, name="Gemeinden", slug="gemeinden")
    own = ArticleFactory(section=gemeinden, headline="Gemeinderat tagt ohne Papier")
    shared = ArticleFactory(headline="Geteilt mit den Gemeinden")
    ArticleShare.objects.create(article=shared, portal=sister, section=gemeinden)
    alone = ArticleFactory(headline="Nur im ersten Portal")
    sister_list = NewsletterList.objects.create(
        portal=sister, name="Verbundbrief", slug="verbundbrief", sender_name="Kommunal vernetzt", sender_email="n@k.de"
    )
    first_list = NewsletterList.objects.create(
        name="Wöchentlich", slug="woechentlich", sender_name="Verwaltung digital", sender_email="n@v.de"
    )
    return {
        "first": first,
        "sister": sister,
        "own": own,
        "shared": shared,
        "alone": alone,
        "sister_list": sister_list,
        "first_list": first_list,
    }


def sent(newsletter_list, *articles) -> Issue:
    issue = Issue.objects.create(
        newsletter_list=newsletter_list,
        subject=f"Ausgabe {newsletter_list.name}",
        state="sent",
        send_at=timezone.now() - timedelta(days=1),
    )
    for position, article in enumerate(articles):
        issue.items.create(article=article, position=position)
    return issue


def test_a_list_made_without_a_portal_belongs_to_the_first(portals):
    assert portals["first_list"].portal == portals["first"]


def test_each_portal_shows_only_its_own_lists_and_issues(client, portals):
    first_issue = sent(portals["first_list"], portals["alone"])
    sister_issue = sent(portals["sister_list"], portals["own"])
    on_b = client.get("/newsletter/", HTTP_HOST=B_HOST).content.decode()
    assert "Verbundbrief" in on_b and "Ausgabe Verbundbrief" in on_b
    assert "Wöchentlich" not in on_b and "Ausgabe Wöchentlich" not in on_b
    on_a = client.get("/newsletter/").content.decode()
    assert "Wöchentlich" in on_a and "Verbundbrief" not in on_a
    assert client.get(f"/newsletter/ausgabe/{first_issue.pk}/", HTTP_HOST=B_HOST).status_code == 404
    assert client.get(f"/newsletter/ausgabe/{sister_issue.pk}/").status_code == 404
    assert client.get(f"/newsletter/ausgabe/{sister_issue.pk}/", HTTP_HOST=B_HOST).status_code == 200


def test_the_signup_form_of_a_portal_offers_and_accepts_only_its_lists(client, portals, mailoutbox):
    page = client.get("/newsletter/anmelden/?liste=woechentlich&liste=verbundbrief", HTTP_HOST=B_HOST)
    html = page.content.decode()
    assert "Verbundbrief" in html and "Wöchentlich" not in html
    refused = client.post(
        "/newsletter/anmelden/",
        {"email": "leserin@amt-musterstadt.de", "lists": [portals["first_list"].pk]},
        HTTP_HOST=B_HOST,
    )
    assert refused.status_code == 400
    assert "Diesen Newsletter gibt es nicht." in refused.content.decode()
    assert not Subscriber.objects.exists() and mailoutbox == []
    accepted = client.post(
        "/newsletter/anmelden/",
        {"email": "leserin@amt-musterstadt.de", "lists": [portals["sister_list"].pk]},
        HTTP_HOST=B_HOST,
    )
    assert accepted.status_code == 302
    [message] = mailoutbox
    assert message.subject == "Bitte bestätigen: Newsletter von Kommunal vernetzt"
    assert f"https://{B_HOST}/newsletter/bestaetigen/" in message.body
    assert A not in message.body


def test_an_issue_carries_only_what_its_portal_shows_and_links_shared_articles_home(portals):
    issue = sent(portals["sister_list"], portals["own"], portals["shared"], portals["alone"])
    mail = IssueMail(issue)
    assert "Gemeinderat tagt ohne Papier" in mail.html and "Geteilt mit den Gemeinden" in mail.html
    assert "Nur im ersten Portal" not in mail.html and "Nur im ersten Portal" not in mail.text
    assert f"https://{B_HOST}{portals['own'].get_absolute_url()}" in mail.html
    assert portals["shared"].canonical_url() in mail.html
    assert portals["shared"].canonical_url().startswith(A)
    message = mail.message_for(to="leserin@amt-musterstadt.de", subscriber_id=1, key="k", message_id="<m@x>")
    assert message.extra_headers["List-Id"] == f"<verbundbrief.{B_HOST}>"
    assert f"https://{B_HOST}/newsletter/abmelden/" in message.extra_headers["List-Unsubscribe"]
    assert mail.text.splitlines()[1] == "Verbundbrief – Kommunal vernetzt"


def test_an_article_no_longer_shared_drops_out_of_the_issue_and_its_archive_page(client, portals):
    issue = sent(portals["sister_list"], portals["own"], portals["shared"])
    ArticleShare.objects.filter(article=portals["shared"]).delete()
    assert "Geteilt mit den Gemeinden" not in IssueMail(issue).html
    html = client.get(f"/newsletter/ausgabe/{issue.pk}/", HTTP_HOST=B_HOST).content.decode()
    assert "Gemeinderat tagt ohne Papier" in html and "Geteilt mit den Gemeinden" not in html


def test_a_new_issue_is_filled_with_what_its_portal_shows(portals):
    issue = services.start_issue(newsletter_list=portals["sister_list"], subject="Neu", user=None)
    assert list(issue.articles.order_by("headline").values_list("headline", flat=True)) == [
        "Gemeinderat tagt ohne Papier",
        "Geteilt mit den Gemeinden",
    ]


def test_the_confirmation_mail_speaks_for_the_lists_portal(portals, settings):
    subscriber = Subscriber.objects.create(email="leserin@amt-musterstadt.de", consent_version="1")
    message = confirmation_message(subscriber=subscriber, lists=[portals["sister_list"]])
    assert "Kommunal vernetzt" in message.subject and f"https://{B_HOST}/" in message.body


def test_the_manage_page_offers_the_portals_open_lists_and_the_readers_own(client, portals):
    reader = confirmed_subscriber("leserin@amt-musterstadt.de", portals["first_list"])
    path = manage_url(reader.pk, reader.key, portals["sister"]).removeprefix(f"https://{B_HOST}")
    html = client.get(path, HTTP_HOST=B_HOST).content.decode()
    assert "Verbundbrief" in html and "Wöchentlich" in html
    other = NewsletterList.objects.create(name="Nur im ersten", slug="nur-a", sender_name="V", sender_email="n@v.de")
    assert other.name not in client.get(path, HTTP_HOST=B_HOST).content.decode()


def test_the_admin_shows_lists_and_issues_of_the_persons_portals_only(client, portals):
    sister_issue = sent(portals["sister_list"], portals["own"])
    first_issue = sent(portals["first_list"], portals["alone"])
    person = editor()
    PortalMembership.objects.filter(user=person).delete()
    PortalMembership.objects.create(user=person, portal=portals["sister"], role=PortalMembership.Role.EDITOR)
    client.force_login(person)
    lists = client.get("/admin/newsletter/newsletterlist/").content.decode()
    assert "Verbundbrief" in lists and "Wöchentlich" not in lists
    issues = client.get("/admin/newsletter/issue/").content.decode()
    assert "Ausgabe Verbundbrief" in issues and "Ausgabe Wöchentlich" not in issues
    assert client.get(f"/admin/newsletter/issue/{first_issue.pk}/vorschau/html/").status_code == 403
    assert client.get(f"/admin/newsletter/issue/{sister_issue.pk}/vorschau/html/").status_code == 200
    add = client.get("/admin/newsletter/issue/add/").content.decode()
    assert "Verbundbrief" in add and "Wöchentlich" not in add
