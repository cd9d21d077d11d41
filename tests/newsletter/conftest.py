import pytest
from django.utils import timezone

from newsletter.models import CONSENT_VERSION, NewsletterList, Subscriber, Subscription


@pytest.fixture
def weekly(db):
    return NewsletterList.objects.create(
        name="Wöchentlich: alle Meldungen",
        slug="woechentlich",
        description="Jeden Freitag.",
        sender_name="Verwaltung digital",
        sender_email="newsletter@verwaltung-digital.example",
        reply_to="redaktion@verwaltung-digital.example",
        position=1,
    )


@pytest.fixture
def politik_list(db):
    return NewsletterList.objects.create(
        name="Bereich Politik",
        slug="politik",
        sender_name="Verwaltung digital",
        sender_email="newsletter@verwaltung-digital.example",
        position=2,
    )


def confirmed_subscriber(email: str, *lists: NewsletterList) -> Subscriber:
    now = timezone.now()
    subscriber = Subscriber.objects.create(
        email=email, confirmed_at=now, consent_version=CONSENT_VERSION, source_page="/"
    )
    for newsletter_list in lists:
        Subscription.objects.create(
            subscriber=subscriber, newsletter_list=newsletter_list, confirmed_at=now, consent_version=CONSENT_VERSION
        )
    return subscriber
