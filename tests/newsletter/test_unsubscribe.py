"""Unsubscribing: RFC 8058 one-click POST without session or CSRF token, a GET that only asks, the manage page,
and the mailto: address through `manage.py newsletter_inbound`."""

import io
import sys

import pytest
from django.core.management import call_command
from django.test import Client

from newsletter.mails import manage_url, unsubscribe_url
from newsletter.models import Subscriber, Subscription
from tests.newsletter.conftest import confirmed_subscriber

pytestmark = pytest.mark.django_db


def local(url: str) -> str:
    return url.removeprefix("http://127.0.0.1:8000")


@pytest.fixture
def reader(weekly, politik_list):
    return confirmed_subscriber("leser@amt-musterstadt.de", weekly, politik_list)


def test_a_get_changes_nothing_the_one_click_post_unsubscribes(reader, weekly):
    path = local(unsubscribe_url(reader.pk, reader.key, weekly.pk))
    anonymous = Client(enforce_csrf_checks=True)
    asked = anonymous.get(path)
    assert asked.status_code == 200
    assert "Möchten Sie den Newsletter „Wöchentlich: alle Meldungen“ abbestellen?" in asked.content.decode()
    assert Subscription.objects.filter(subscriber=reader).count() == 2
    done = anonymous.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert done.status_code == 200
    assert "nicht mehr" in done.content.decode()
    assert list(Subscription.objects.filter(subscriber=reader).values_list("newsletter_list__slug", flat=True)) == [
        "politik"
    ]
    assert done.cookies == {} and asked.cookies == {}
    assert "no-store" in done["Cache-Control"]
    assert done["X-Robots-Tag"] == "noindex"
    again = anonymous.post(path)
    assert again.status_code == 200


def test_the_last_list_gone_the_address_is_deleted(reader, weekly, politik_list):
    client = Client(enforce_csrf_checks=True)
    for newsletter_list in (weekly, politik_list):
        client.post(local(unsubscribe_url(reader.pk, reader.key, newsletter_list.pk)))
    assert not Subscriber.objects.exists()


def test_a_forged_unsubscribe_link_is_a_404_and_changes_nothing(reader, weekly, client):
    path = local(unsubscribe_url(reader.pk, "anderer-schluessel", weekly.pk))
    assert client.post(path).status_code == 200  # signed with another key: it names nobody
    assert Subscription.objects.count() == 2
    assert client.post("/newsletter/abmelden/gefaelscht/").status_code == 404
    assert Subscription.objects.count() == 2


def test_the_manage_page_changes_the_lists_and_deletes_the_address_without_any(reader, weekly, politik_list):
    path = local(manage_url(reader.pk, reader.key))
    client = Client(enforce_csrf_checks=True)
    page = client.get(path)
    assert page.status_code == 200
    assert "leser@amt-musterstadt.de" in page.content.decode()
    saved = client.post(path, {"lists": [politik_list.pk]})
    assert "Gespeichert." in saved.content.decode()
    assert list(reader.subscriptions.values_list("newsletter_list", flat=True)) == [politik_list.pk]
    bad = client.post(path, {"lists": ["99999999999999999999"]})
    assert bad.status_code == 400 and "gibt es nicht" in bad.content.decode()
    gone = client.post(path, {})
    assert "Ihre Adresse ist gelöscht" in gone.content.decode()
    assert not Subscriber.objects.exists()
    assert "keine Anmeldung" in client.get(path).content.decode()


def test_a_mail_to_the_mailto_address_unsubscribes(reader, weekly, monkeypatch):
    token = unsubscribe_url(reader.pk, reader.key, weekly.pk).rstrip("/").rsplit("/", 1)[-1]
    raw = (
        "From: leser@amt-musterstadt.de\r\nTo: redaktion@localhost\r\n"
        f"Subject: abmelden {token}\r\n\r\nBitte abmelden.\r\n"
    ).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    out = io.StringIO()
    call_command("newsletter_inbound", stdout=out)
    assert out.getvalue().strip() == "Abgemeldet."
    assert list(reader.subscriptions.values_list("newsletter_list", flat=True)) != [weekly.pk]
    assert not reader.subscriptions.filter(newsletter_list=weekly).exists()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Subject: abmelden falsch\r\n\r\n")))
    out = io.StringIO()
    call_command("newsletter_inbound", stdout=out)
    assert "Ungültiger" in out.getvalue()


def test_the_manage_page_offers_open_lists_and_the_readers_own(reader, weekly, politik_list):
    closed = type(weekly).objects.create(
        name="Eingestellt", slug="eingestellt", active=False, sender_name="N", sender_email="n@amt-musterstadt.de"
    )
    path = local(manage_url(reader.pk, reader.key))
    client = Client(enforce_csrf_checks=True)
    assert "Eingestellt" not in client.get(path).content.decode()
    refused = client.post(path, {"lists": [weekly.pk, closed.pk]})
    assert refused.status_code == 400
    politik_list.active = False
    politik_list.save()
    assert "Bereich Politik" in client.get(path).content.decode(), "a list the reader has can still be removed"
