"""A reader in Chromium: from the footer link to the signup form, the confirmation link from the mail (aiosmtpd),
an issue's one-click unsubscribe button; axe-core on every page on the way, cookies only on the signup form."""

import re

import pytest

from newsletter.mails import unsubscribe_url
from newsletter.models import Subscriber, Subscription

pytestmark = pytest.mark.django_db(transaction=True)


def test_subscribe_confirm_and_unsubscribe_in_the_browser(page, page_log, axe, live_server, smtp, weekly):
    failures = []

    def check(label):
        violations = axe()
        if violations:
            failures.append(f"{label}: {axe.format(violations)}")

    page.goto("/archiv/")
    assert page.context.cookies() == []
    page.locator("footer").get_by_role("link", name="Newsletter", exact=True).click()
    page.wait_for_url("**/newsletter/anmelden/?von=/archiv/")
    check("Anmeldung")
    page.get_by_label("Ihre E-Mail-Adresse").fill("leserin@amt-musterstadt.de")
    page.get_by_label("Wöchentlich: alle Meldungen").check()
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/newsletter/anmelden/gesendet/")
    check("Bitte bestätigen")
    [message] = smtp.messages()
    link = re.search(
        r"http://127\.0\.0\.1:8000(/newsletter/bestaetigen/\S+/)", message.get_body(("plain",)).get_content()
    )[1]
    page.context.clear_cookies()
    page.goto(link)
    check("Bestätigen")
    page.get_by_role("button", name="Ja, Newsletter bestellen").click()
    page.get_by_role("heading", name="Vielen Dank").wait_for()
    check("Bestätigt")
    assert page.context.cookies() == []
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmed_at is not None and subscriber.source_page == "/archiv/"
    page.goto(unsubscribe_url(subscriber.pk, subscriber.key, weekly.pk).removeprefix("http://127.0.0.1:8000"))
    check("Abbestellen")
    assert Subscription.objects.exists()
    page.get_by_role("button", name="Abbestellen").click()
    page.get_by_role("heading", name="Abbestellt").wait_for()
    check("Abbestellt")
    assert not Subscriber.objects.exists()
    assert page.context.cookies() == []
    assert failures == [], "\n".join(failures)
    assert page_log.foreign_requests() == []
    assert page_log.page_errors == []
