"""Sending an issue against a real SMTP server (aiosmtpd): headers of RFC 2369/8058, the mail's content and size,
hard bounces (5xx) and retries with back-off (4xx), the send's state machine. The queue task runs in this process
here (`send_issue.call`); tests/newsletter/test_worker.py runs the real worker."""

import email
import email.policy
import re
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article
from newsletter import services
from newsletter.mails import MAX_HTML_BYTES, IssueMail
from newsletter.models import MAX_ISSUE_ARTICLES, Delivery, Issue, Subscriber
from newsletter.tasks import send_issue
from tests.factories import ArticleFactory, ImageFactory
from tests.inert import assert_inert
from tests.mail_server import free_port
from tests.newsletter.conftest import confirmed_subscriber

pytestmark = pytest.mark.django_db

PAYLOAD = '</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">j</a>{{ 7|add:7 }}"\'&'


class Answering:
    """An SMTP server that answers RCPT for some addresses with a given code, and accepts the rest."""

    def __init__(self, codes: dict[str, str], data_codes: dict[str, str] | None = None):
        self.codes = codes
        self.data_codes = data_codes or {}
        self.envelopes = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.codes:
            return self.codes[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        for address in envelope.rcpt_tos:
            if address in self.data_codes:
                return self.data_codes[address]
        self.envelopes.append(envelope)
        return "250 Message accepted"

    def messages(self):
        return [email.message_from_bytes(e.content, policy=email.policy.default) for e in self.envelopes]


@pytest.fixture
def smtp_answering(settings):
    def start(codes=None, data_codes=None):
        handler = Answering(codes or {}, data_codes)
        controller = Controller(handler, hostname="127.0.0.1", port=free_port())
        controller.start()
        started.append(controller)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        return handler

    started = []
    yield start
    for controller in started:
        controller.stop()


@pytest.fixture
def redaktion():
    return User.objects.create_superuser("chefin", "chefin@amt-musterstadt.de", "x")


@pytest.fixture
def issue(weekly, redaktion):
    ArticleFactory(headline="Erster Beitrag", lead_image=ImageFactory(alt_text="Ein Rathaus", credit="Stadt"))
    ArticleFactory(headline="Zweiter Beitrag", published_at=timezone.now() - timedelta(hours=2))
    return services.start_issue(newsletter_list=weekly, subject="Die Woche", user=redaktion)


def run_send(issue):
    """The queue task, run here until the send has nothing left that is due."""
    for _ in range(10):
        send_issue.call(issue.pk)
        issue.refresh_from_db()
        if (
            issue.state == Issue.State.SENT
            or not issue.deliveries.filter(state__in=Delivery.OPEN_STATES, next_try_at__lte=timezone.now()).exists()
        ):
            return


def test_every_subscriber_gets_one_mail_with_list_unsubscribe_headers(smtp_answering, weekly, issue, redaktion):
    server = smtp_answering()
    readers = [confirmed_subscriber(f"leser{n}@amt-musterstadt.de", weekly) for n in range(3)]
    Subscriber.objects.create(email="unbestaetigt@amt-musterstadt.de", consent_version="x")
    services.send_issue(issue=issue, user=redaktion)
    run_send(issue)
    assert issue.state == Issue.State.SENT
    assert sorted(e.rcpt_tos[0] for e in server.envelopes) == [r.email for r in readers]
    assert [e.mail_from for e in server.envelopes] == ["newsletter@verwaltung-digital.example"] * 3
    message = server.messages()[0]
    unsubscribe = re.search(r"<(http://127\.0\.0\.1:8000/newsletter/abmelden/[^>]+/)>", message["List-Unsubscribe"])
    assert unsubscribe
    assert "<mailto:redaktion@localhost?subject=abmelden%20" in message["List-Unsubscribe"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Reply-To"] == "redaktion@verwaltung-digital.example"
    assert message["Message-ID"].startswith(f"<newsletter.{issue.pk}.")
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    assert '<html lang="de">' in html
    assert html.index("Erster Beitrag") < html.index("Zweiter Beitrag")
    assert 'alt="Ein Rathaus"' in html and "Bild: Stadt" in html
    assert unsubscribe[1] in html and unsubscribe[1] in text
    assert "/newsletter/verwalten/" in html and "/newsletter/verwalten/" in text
    # The only remote resources are the portal's own renditions; no pixel, no rewritten links.
    sources = re.findall(r'<img[^>]*\ssrc="([^"]+)"', html)
    assert sources and all(re.match(r"http://127\.0\.0\.1:8000/media/renditions/", src) for src in sources)
    assert "<style" not in html and "<script" not in html
    links = set(re.findall(r'href="([^"]+)"', html))
    assert all(link.startswith("http://127.0.0.1:8000/") for link in links)
    assert {d.state for d in issue.deliveries.all()} == {Delivery.State.SENT}


def test_a_second_send_is_refused_with_a_german_message(smtp_answering, weekly, issue, redaktion):
    smtp_answering()
    confirmed_subscriber("leser@amt-musterstadt.de", weekly)
    services.send_issue(issue=issue, user=redaktion)
    with pytest.raises(ValidationError) as refused:
        services.send_issue(issue=Issue.objects.get(pk=issue.pk), user=redaktion)
    assert "bereits gesendet" in refused.value.messages[0]
    stale = Issue.objects.get(pk=issue.pk)
    stale.state = Issue.State.DRAFT  # an old form or a second tab that still thinks it is a draft
    with pytest.raises(ValidationError):
        services.send_issue(issue=stale, user=redaktion)
    run_send(issue)
    run_send(issue)
    assert issue.deliveries.count() == 1


def test_5xx_for_an_address_is_a_hard_bounce_that_switches_it_off(smtp_answering, weekly, issue, redaktion):
    server = smtp_answering({"weg@amt-musterstadt.de": "550 5.1.1 <weg@amt-musterstadt.de>: user unknown"})
    gone = confirmed_subscriber("weg@amt-musterstadt.de", weekly)
    kept = confirmed_subscriber("da@amt-musterstadt.de", weekly)
    services.send_issue(issue=issue, user=redaktion)
    run_send(issue)
    assert [e.rcpt_tos for e in server.envelopes] == [[kept.email]]
    bounced = Delivery.objects.get(subscriber=gone)
    assert (bounced.state, bounced.last_reply) == (Delivery.State.BOUNCED, "550 5.1.1")
    gone.refresh_from_db()
    assert gone.disabled_at is not None and "550" in gone.disabled_reason
    assert not Subscriber.objects.receiving().filter(pk=gone.pk).exists()
    assert issue.state == Issue.State.SENT


def test_4xx_retries_with_back_off_and_then_delivers(smtp_answering, weekly, issue, redaktion, settings):
    server = smtp_answering({"voll@amt-musterstadt.de": "452 4.2.2 mailbox full"})
    reader = confirmed_subscriber("voll@amt-musterstadt.de", weekly)
    services.send_issue(issue=issue, user=redaktion)
    before = timezone.now()
    run_send(issue)
    delivery = Delivery.objects.get(subscriber=reader)
    assert (delivery.state, delivery.attempts, delivery.last_reply) == (Delivery.State.RETRYING, 1, "452 4.2.2")
    assert delivery.next_try_at >= before + timedelta(minutes=settings.NEWSLETTER_RETRY_MINUTES)
    assert issue.state == Issue.State.SENDING
    server.codes.clear()
    Delivery.objects.filter(pk=delivery.pk).update(next_try_at=timezone.now())
    run_send(issue)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (Delivery.State.SENT, 2)
    assert [e.rcpt_tos for e in server.envelopes] == [[reader.email]]
    assert issue.state == Issue.State.SENT


def test_after_the_last_try_a_4xx_address_counts_as_failed(smtp_answering, weekly, issue, redaktion, settings):
    settings.NEWSLETTER_MAX_ATTEMPTS = 2
    smtp_answering({"voll@amt-musterstadt.de": "451 4.3.0 try later"})
    reader = confirmed_subscriber("voll@amt-musterstadt.de", weekly)
    services.send_issue(issue=issue, user=redaktion)
    for _ in range(2):
        run_send(issue)
        Delivery.objects.update(next_try_at=timezone.now())
    run_send(issue)
    assert Delivery.objects.get(subscriber=reader).state == Delivery.State.FAILED
    assert Subscriber.objects.receiving().filter(pk=reader.pk).exists(), "a soft failure switches nobody off"
    assert issue.state == Issue.State.SENT


def test_an_unsubscribe_during_the_send_is_respected(smtp_answering, weekly, issue, redaktion):
    server = smtp_answering()
    reader = confirmed_subscriber("leser@amt-musterstadt.de", weekly)
    services.send_issue(issue=issue, user=redaktion)
    services.start_sending(issue=issue)
    services.unsubscribe(subscriber_id=reader.pk, key=reader.key, list_id=weekly.pk)
    run_send(issue)
    assert server.envelopes == []
    assert list(issue.deliveries.values_list("state", flat=True)) == [Delivery.State.CANCELLED]


def test_a_full_issue_stays_under_102_kb_of_html(weekly, redaktion):
    long_lead = "Ein ausführlicher Vorspann mit vielen Einzelheiten über Verfahren und Fristen. " * 6
    for number in range(MAX_ISSUE_ARTICLES):
        ArticleFactory(
            kicker="Landesverwaltung Musterland",
            headline=f"Eine lange Überschrift über die Digitalisierung der Verwaltung, Folge {number} " + "x" * 100,
            lead=long_lead,
            lead_image=ImageFactory(alt_text="Ein Bild mit ausführlichem Alternativtext " * 5, credit="Quelle " * 10),
        )
    issue = services.start_issue(newsletter_list=weekly, subject="Volle Ausgabe", user=redaktion)
    issue.editorial = "<p>" + "Ein langes Editorial. " * 100 + "</p>"
    issue.save()
    mail = IssueMail(issue)
    assert mail.entry_count == MAX_ISSUE_ARTICLES
    assert mail.html_bytes <= MAX_HTML_BYTES, mail.html_bytes
    assert services.send_problems(issue) == []


def test_editor_values_come_out_inert_in_both_parts(smtp_answering, weekly, redaktion):
    server = smtp_answering()
    image = ImageFactory(alt_text=f"Alt {PAYLOAD}", credit=f"Quelle {PAYLOAD}")
    ArticleFactory(kicker=f"Ort {PAYLOAD}", headline=f"Titel {PAYLOAD}", lead=f"Vorspann {PAYLOAD}", lead_image=image)
    weekly.name = f"Liste {PAYLOAD}"
    weekly.sender_name = "Absender\r\nBcc: opfer@example.org"
    weekly.save()
    issue = services.start_issue(
        newsletter_list=weekly, subject=f"Betreff {PAYLOAD}\r\nBcc: x@example.org", user=redaktion
    )
    issue.editorial = f"<p>Editorial {PAYLOAD}</p><script>alert(4)</script><p onclick=alert(5)>Klick</p>"
    issue.save()
    confirmed_subscriber("leser@amt-musterstadt.de", weekly)
    services.send_issue(issue=issue, user=redaktion)
    run_send(issue)
    [envelope] = server.envelopes
    assert envelope.rcpt_tos == ["leser@amt-musterstadt.de"]
    message = server.messages()[0]
    assert message["Bcc"] is None
    html = message.get_body(("html",)).get_content()
    assert_inert(html)
    assert "{{ 7|add:7 }}" in html, "template syntax stays text"
    text = message.get_body(("plain",)).get_content()
    assert f"Titel {PAYLOAD}" in text
    assert "Editorial </script>" not in html


def test_the_text_part_shows_what_the_editor_typed(weekly, redaktion):
    ArticleFactory(kicker="Ort", headline="Titel & „Zitat“  mit  Abständen", lead="Vorspann <b>fett</b>?")
    issue = services.start_issue(newsletter_list=weekly, subject="Die Woche", user=redaktion)
    mail = IssueMail(issue)
    assert "Ort: Titel & „Zitat“  mit  Abständen" in mail.text
    assert "Vorspann <b>fett</b>?" in mail.text
    assert "Titel &amp; „Zitat“  mit  Abständen" in mail.html
    assert "Vorspann &lt;b&gt;fett&lt;/b&gt;?" in mail.html


def test_a_withdrawn_article_drops_out_of_the_mail(weekly, redaktion, issue):
    Article.objects.filter(headline="Zweiter Beitrag").update(status=Article.Status.DRAFT)
    assert "Zweiter Beitrag" not in IssueMail(issue).html


def test_other_mail_backends_get_the_same_message_after_the_commit(weekly, issue, redaktion, mailoutbox):
    """`make run` prints the issue on the console; any backend but SMTP sends after the row is committed."""
    confirmed_subscriber("leser@amt-musterstadt.de", weekly)
    services.send_issue(issue=issue, user=redaktion)
    run_send(issue)
    [message] = mailoutbox
    assert message.to == ["leser@amt-musterstadt.de"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/newsletter/abmelden/" in message.body
    assert issue.state == Issue.State.SENT


def test_resume_puts_an_interrupted_send_back_on_the_queue(
    weekly, issue, redaktion, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    services.send_issue(issue=issue, user=redaktion)
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.resume_sends() == 1
    assert [result.args for result in default_task_backend.results] == [[issue.pk]]


def test_a_refusal_after_the_final_dot_takes_the_sent_mark_back(smtp_answering, weekly, issue, redaktion):
    smtp_answering(data_codes={"spam@amt-musterstadt.de": "554 5.7.1 message refused"})
    reader = confirmed_subscriber("spam@amt-musterstadt.de", weekly)
    services.send_issue(issue=issue, user=redaktion)
    run_send(issue)
    delivery = Delivery.objects.get(subscriber=reader)
    assert (delivery.state, delivery.attempts, delivery.sent_at, delivery.last_reply) == (
        Delivery.State.BOUNCED,
        1,
        None,
        "554 5.7.1",
    )


def test_pictures_whose_licence_leaves_out_the_newsletter_or_has_ended_stay_out(weekly, redaktion):
    from images.models import ImageRights

    allowed = ImageFactory(alt_text="Darf in den Newsletter")
    excluded = ImageFactory(alt_text="Nicht im Newsletter")
    ImageRights.objects.create(image=excluded, licence="agency", scope_newsletter=False)
    ended = ImageFactory(alt_text="Lizenz vorbei")
    ImageRights.objects.create(image=ended, licence="agency", valid_until=timezone.now() - timedelta(minutes=1))
    for image in (allowed, excluded, ended):
        ArticleFactory(headline=f"Mit {image.alt_text}", lead_image=image)
    issue = services.start_issue(newsletter_list=weekly, subject="Rechte", user=redaktion)
    html = IssueMail(issue).html
    assert 'alt="Darf in den Newsletter"' in html
    assert 'alt="Nicht im Newsletter"' not in html
    assert 'alt="Lizenz vorbei"' not in html
    assert "Mit Lizenz vorbei" in html, "the article stays, without its picture"
