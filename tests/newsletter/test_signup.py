"""Double opt-in against a real SMTP server (aiosmtpd): one confirmation mail, a single-use link valid 48 hours,
nothing active before it is used, nothing left of an unconfirmed address after 48 hours."""

import re
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from newsletter.models import Subscriber, Subscription
from tests.core.test_security_state import flood_the_caches

pytestmark = pytest.mark.django_db

ADDRESS = "leserin@amt-musterstadt.de"


def signup(client, lists, email=ADDRESS, remote_addr="192.0.2.10", **extra):
    data = {"email": email, "lists": [item.pk for item in lists], "von": "/politik/", "website": "", **extra}
    return client.post("/newsletter/anmelden/", data, REMOTE_ADDR=remote_addr)


def link_in(message, name="bestaetigen") -> str:
    text = message.get_body(("plain",)).get_content()
    return re.search(rf"http://127\.0\.0\.1:8000(/newsletter/{name}/[^/\s]+/)", text)[1]


def test_signup_sends_exactly_one_confirmation_mail_without_advertising(client, smtp, weekly):
    response = signup(client, [weekly])
    assert response.status_code == 302
    assert response["Location"] == "/newsletter/anmelden/gesendet/"
    [envelope] = smtp.envelopes
    assert envelope.rcpt_tos == [ADDRESS]
    [message] = smtp.messages()
    assert " ".join(str(message["Subject"]).split()) == "Bitte bestätigen: Newsletter von Verwaltung digital"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for part in (text, html):
        assert "Wöchentlich: alle Meldungen" in part
        assert "48 Stunden" in part
    # No article, no picture, no other link than the confirmation.
    assert re.findall(r"https?://\S+", text) == [f"http://127.0.0.1:8000{link_in(message)}"]
    assert "<img" not in html
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmed_at is None
    assert subscriber.source_page == "/politik/"
    assert not Subscriber.objects.receiving().exists()


def test_the_link_confirms_once_the_second_time_says_schon_bestaetigt(client, smtp, weekly):
    signup(client, [weekly])
    path = link_in(smtp.messages()[0])
    asked = client.get(path)
    assert asked.status_code == 200
    assert "Ja, Newsletter bestellen" in asked.content.decode()
    assert Subscriber.objects.get().confirmed_at is None, "a GET (a link scanner) confirms nothing"
    confirmed = Client(enforce_csrf_checks=True).post(path)
    assert confirmed.status_code == 200
    assert "Ihre Anmeldung ist bestätigt" in confirmed.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmed_at is not None
    assert list(Subscriber.objects.receiving()) == [subscriber]
    assert Subscription.objects.get().confirmed_at is not None
    again = client.post(path)
    assert "Schon bestätigt" in again.content.decode()
    assert "schon bestätigt" in client.get(path).content.decode()
    assert confirmed.cookies == {} and "no-store" in confirmed["Cache-Control"]


def test_an_expired_link_confirms_nothing(client, smtp, weekly, monkeypatch):
    signup(client, [weekly])
    path = link_in(smtp.messages()[0])
    later = time.time() + 48 * 3600 + 5
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    response = client.post(path)
    assert response.status_code == 410
    assert "Link abgelaufen" in response.content.decode()
    assert Subscriber.objects.get().confirmed_at is None


def test_a_forged_or_broken_link_is_a_german_404(client, weekly):
    for token in ("abc", "WzEsImsiLCJuIl0:1xa6V3:falsch", "x" * 300):
        response = client.get(f"/newsletter/bestaetigen/{token}/")
        assert response.status_code == 404
        assert "Ungültiger Link" in response.content.decode()


def test_at_most_one_confirmation_mail_per_address_per_day(client, smtp, weekly, politik_list):
    signup(client, [weekly])
    signup(client, [weekly], remote_addr="192.0.2.11")
    signup(client, [politik_list], remote_addr="192.0.2.12")
    assert len(smtp.envelopes) == 1
    Subscriber.objects.update(confirmation_sent_at=timezone.now() - timedelta(hours=25))
    signup(client, [weekly], remote_addr="192.0.2.13")
    assert len(smtp.envelopes) == 2
    second = smtp.messages()[1].get_body(("plain",)).get_content()
    assert "Bereich Politik" in second and "Wöchentlich" in second


def test_only_the_newest_link_confirms(client, smtp, weekly):
    signup(client, [weekly])
    first = link_in(smtp.messages()[0])
    Subscriber.objects.update(confirmation_sent_at=timezone.now() - timedelta(hours=25))
    signup(client, [weekly])
    newest = link_in(smtp.messages()[1])
    assert "Schon bestätigt" in client.post(first).content.decode()
    assert Subscriber.objects.get().confirmed_at is None
    assert "Ihre Anmeldung ist bestätigt" in client.post(newest).content.decode()


def test_the_honeypot_stores_nothing_and_sends_nothing(client, smtp, weekly):
    response = signup(client, [weekly], website="https://spam.example")
    assert response.status_code == 302
    assert smtp.envelopes == []
    assert not Subscriber.objects.exists()


def test_signups_per_client_are_limited(client, smtp, weekly, settings):
    settings.NEWSLETTER_SIGNUP_PER_CLIENT_PER_HOUR = 2
    for number in range(2):
        assert signup(client, [weekly], email=f"leser{number}@amt-musterstadt.de").status_code == 302
    refused = signup(client, [weekly], email="leser9@amt-musterstadt.de")
    assert refused.status_code == 429
    assert "in der letzten Stunde schon viele Anmeldungen" in refused.content.decode()
    assert signup(client, [weekly], email="leser8@amt-musterstadt.de", remote_addr="198.51.100.7").status_code == 302
    assert len(smtp.envelopes) == 3


def test_the_signup_limit_holds_after_a_flood_of_the_page_cache_on_a_shared_redis(
    client, small_redis_cache, smtp, weekly, settings
):
    # The limit counts in the database (core.limits), where no flood of pages can evict it (docs/sicherheit.md).
    settings.NEWSLETTER_SIGNUP_PER_CLIENT_PER_HOUR = 2
    statuses = [signup(client, [weekly], email=f"leser{number}@amt-musterstadt.de") for number in range(3)]
    assert [response.status_code for response in statuses] == [302, 302, 429]

    flood_the_caches(small_redis_cache)

    statuses = [signup(client, [weekly], email=f"kollege{number}@amt-musterstadt.de") for number in range(2)]
    assert [response.status_code for response in statuses] == [429, 429]
    assert len(smtp.envelopes) == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "keine-adresse"}, "gültige E-Mail-Adresse"),
        ({"email": ""}, "Bitte eine E-Mail-Adresse angeben."),
        ({"email": "a@amt-musterstadt.de, b@amt-musterstadt.de"}, "genau eine Adresse"),
        ({"email": "a@amt-musterstadt.de\r\nBcc: b@amt-musterstadt.de"}, "Zeilenumbruch"),
        ({"email": "leser@localhost"}, "keinen Newsletter schicken"),
        ({"email": "leser@example.com"}, "keinen Newsletter schicken"),
        ({"lists": []}, "mindestens einen Newsletter"),
        ({"lists": ["99999999999999999999999"]}, "gibt es nicht"),
        ({"lists": ["abc"]}, "gibt es nicht"),
        ({"message": "Kaufen!"}, "Felder, die es nicht gibt"),
    ],
)
def test_bad_input_gets_a_german_error_and_changes_nothing(client, smtp, weekly, data, message):
    payload = {"email": ADDRESS, "lists": [weekly.pk], **data}
    response = client.post("/newsletter/anmelden/", payload)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert smtp.envelopes == []
    assert not Subscriber.objects.exists()


def test_international_domains_are_stored_as_idna_2008(client, smtp, weekly):
    signup(client, [weekly], email="leser@straße.de")
    assert Subscriber.objects.get().email == "leser@xn--strae-oqa.de"


def test_unconfirmed_addresses_vanish_after_48_hours_without_cron(client, smtp, weekly):
    signup(client, [weekly])
    Subscriber.objects.update(requested_at=timezone.now() - timedelta(hours=49))
    assert not Subscriber.objects.live().exists(), "gone by query before anything deletes it"
    assert Subscriber.objects.count() == 1
    signup(client, [weekly], email="andere@amt-musterstadt.de")
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["andere@amt-musterstadt.de"]
    Subscriber.objects.update(requested_at=timezone.now() - timedelta(hours=49))
    call_command("newsletter_cleanup", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not Subscriber.objects.exists()


def test_no_client_address_is_stored(client, smtp, weekly):
    signup(client, [weekly], remote_addr="203.0.113.99")
    row = Subscriber.objects.values().get()
    assert "203.0.113.99" not in str(row)
    assert "203.0.113.99" not in str(list(Subscription.objects.values()))


def test_a_mail_server_failure_is_a_german_503_and_the_reader_may_try_again(client, weekly, settings):
    from tests.mail_server import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    response = signup(client, [weekly])
    assert response.status_code == 503
    assert "Bestätigungsmail konnte gerade nicht verschickt werden" in response.content.decode()
    assert Subscriber.objects.get().confirmation_sent_at is None
