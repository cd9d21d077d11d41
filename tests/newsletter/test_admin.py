"""The Redaktion's side: an issue started for a list is pre-filled, previewed, test-sent and sent once (only by the
Redaktion, a second time refused in German); the consent record is exported (Art. 15) and deleted (Art. 17)."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from newsletter.models import Delivery, Issue, Subscriber, Subscription
from tests.factories import ArticleFactory, SectionFactory
from tests.newsletter.conftest import confirmed_subscriber
from tests.workflow_helpers import author, editor, logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _queue_in_process(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_a_new_issue_is_filled_with_the_articles_since_the_last_one_of_the_lists_sections(client, weekly):
    politik = SectionFactory(name="Politik", slug="politik")
    praxis = SectionFactory(name="Praxis", slug="praxis")
    weekly.sections.set([politik])
    now = timezone.now()
    Issue.objects.create(newsletter_list=weekly, subject="Alt", state="sent", send_at=now - timedelta(days=3))
    ArticleFactory(headline="Vor der letzten Ausgabe", section=politik, published_at=now - timedelta(days=4))
    ArticleFactory(headline="Neu in Politik", section=politik, published_at=now - timedelta(days=1))
    ArticleFactory(headline="Neuer in Politik", section=politik, published_at=now - timedelta(hours=1))
    ArticleFactory(headline="Neu in Praxis", section=praxis, published_at=now - timedelta(days=1))
    client = logged_in(client, editor())
    response = client.post(
        "/admin/newsletter/issue/add/",
        {
            "newsletter_list": weekly.pk,
            "subject": "",
            "editorial": "",
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
        },
    )
    issue = Issue.objects.get(subject__startswith="Wöchentlich")
    assert response.status_code == 302 and response["Location"] == f"/admin/newsletter/issue/{issue.pk}/change/"
    assert [item.article.headline for item in issue.items.all()] == ["Neuer in Politik", "Neu in Politik"]
    page = client.get(response["Location"]).content.decode()
    assert "2 Beiträge seit der letzten Ausgabe vorgeschlagen" in page
    assert "Vorschau HTML" in page and "Testversand und Senden" in page


def test_preview_in_html_and_text_and_a_test_send_to_oneself(client, weekly, mailoutbox):
    ArticleFactory(headline="Ein Beitrag & mehr")
    user = editor(email="redakteurin@amt-musterstadt.de")
    client = logged_in(client, user)
    issue = Issue.objects.create(newsletter_list=weekly, subject="Vorschau")
    issue.items.create(article=ArticleFactory(headline="Im Heft"), position=1)
    html = client.get(f"/admin/newsletter/issue/{issue.pk}/vorschau/html/")
    assert html["Content-Type"].startswith("text/html") and "Im Heft" in html.content.decode()
    text = client.get(f"/admin/newsletter/issue/{issue.pk}/vorschau/text/")
    assert text["Content-Type"].startswith("text/plain") and "Im Heft" in text.content.decode()
    response = client.post(f"/admin/newsletter/issue/{issue.pk}/testversand/", follow=True)
    assert "Testmail an redakteurin@amt-musterstadt.de verschickt." in response.content.decode()
    [message] = mailoutbox
    assert message.to == ["redakteurin@amt-musterstadt.de"] and message.subject == "[Test] Vorschau"
    assert Issue.objects.get(pk=issue.pk).state == Issue.State.DRAFT
    assert not Delivery.objects.exists()


def test_only_the_redaktion_sends_and_only_once(client, weekly):
    issue = Issue.objects.create(newsletter_list=weekly, subject="Einmal")
    issue.items.create(article=ArticleFactory(), position=1)
    confirmed_subscriber("leser@amt-musterstadt.de", weekly)
    writer = author()
    writer.user_permissions.add(*editor().groups.get().permissions.exclude(codename="send_issue"))
    refused = logged_in(client, writer).post(f"/admin/newsletter/issue/{issue.pk}/versand/", {})
    assert refused.status_code == 403
    assert Issue.objects.get(pk=issue.pk).state == Issue.State.DRAFT
    client = logged_in(client, editor())
    sent = client.post(f"/admin/newsletter/issue/{issue.pk}/versand/", {}, follow=True)
    assert "Die Ausgabe wird jetzt versendet." in sent.content.decode()
    assert Issue.objects.get(pk=issue.pk).state == Issue.State.SCHEDULED
    again = client.post(f"/admin/newsletter/issue/{issue.pk}/versand/", {}, follow=True)
    assert "Diese Ausgabe wurde bereits gesendet oder ist zum Versand geplant" in again.content.decode()
    assert client.post(f"/admin/newsletter/issue/{issue.pk}/change/", {"subject": "Anders"}).status_code == 403


def test_a_planned_send_waits_for_its_time_and_can_be_taken_back(client, weekly):
    issue = Issue.objects.create(newsletter_list=weekly, subject="Später")
    issue.items.create(article=ArticleFactory(), position=1)
    client = logged_in(client, editor())
    later = timezone.localtime() + timedelta(days=1)
    client.post(
        f"/admin/newsletter/issue/{issue.pk}/versand/",
        {"send_at_0": later.strftime("%d.%m.%Y"), "send_at_1": later.strftime("%H:%M:%S")},
    )
    issue.refresh_from_db()
    assert issue.state == Issue.State.SCHEDULED and issue.send_at > timezone.now()
    assert not Issue.objects.in_archive().exists()
    assert Issue.objects.next_scheduled_change(timezone.now()) == issue.send_at
    assert Issue.objects.in_archive(now=issue.send_at).get() == issue
    client.post(f"/admin/newsletter/issue/{issue.pk}/planung-aufheben/")
    assert Issue.objects.get(pk=issue.pk).state == Issue.State.DRAFT


def test_an_empty_issue_cannot_be_sent(client, weekly):
    issue = Issue.objects.create(newsletter_list=weekly, subject="Leer")
    page = logged_in(client, editor()).get(f"/admin/newsletter/issue/{issue.pk}/versand/").content.decode()
    assert "Die Ausgabe enthält keinen veröffentlichten Beitrag." in page


def test_the_consent_record_holds_the_four_facts_and_is_deleted_on_request(client, weekly, politik_list):
    reader = confirmed_subscriber("leser@amt-musterstadt.de", weekly, politik_list)
    Subscriber.objects.filter(pk=reader.pk).update(source_page="/politik/ein-beitrag/")
    reader.refresh_from_db()
    client = logged_in(client, editor())
    response = client.get(f"/admin/newsletter/subscriber/{reader.pk}/auskunft/")
    assert response["Content-Disposition"] == f'attachment; filename="auskunft-newsletter-{reader.pk}.json"'
    record = json.loads(response.content)
    assert record["email"] == "leser@amt-musterstadt.de"
    assert record["angemeldet_am"] == reader.requested_at.isoformat()
    assert record["bestaetigt_am"] == reader.confirmed_at.isoformat()
    assert record["fassung_einwilligungstext"] == reader.consent_version
    assert record["angemeldet_auf_seite"] == "/politik/ein-beitrag/"
    assert [entry["liste"] for entry in record["listen"]] == ["Wöchentlich: alle Meldungen", "Bereich Politik"]
    page = client.get(f"/admin/newsletter/subscriber/{reader.pk}/change/").content.decode()
    assert "Gespeicherte Daten als JSON herunterladen" in page
    deleted = client.post(f"/admin/newsletter/subscriber/{reader.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert not Subscriber.objects.exists() and not Subscription.objects.exists()


def test_the_send_page_leads_back_to_its_issue_in_the_breadcrumbs(client, weekly):
    issue = Issue.objects.create(newsletter_list=weekly, subject="Ausgabe <Mai> & Juni")
    html = logged_in(client, editor()).get(f"/admin/newsletter/issue/{issue.pk}/versand/").content.decode()
    crumbs = html[html.index('<div class="breadcrumbs">') :].split("</div>", 1)[0]
    assert f'<a href="/admin/newsletter/issue/{issue.pk}/change/">Ausgabe &lt;Mai&gt; &amp; Juni</a>' in crumbs
    assert crumbs.rstrip().endswith("&rsaquo; Versand")
