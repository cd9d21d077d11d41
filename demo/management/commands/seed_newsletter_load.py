"""`manage.py seed_newsletter_load N`: a list with N confirmed subscribers and an issue of three articles that is
sent at once (put on the queue); for bench/newsletter.py and the worker test. Writes into any database: use a
throwaway one."""

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles.models import Article, ArticleType, Section
from newsletter import services
from newsletter.models import CONSENT_VERSION, NewsletterList, Subscriber, Subscription

BATCH = 2000


class Command(BaseCommand):
    help = "Legt eine Liste mit N bestätigten Abonnements und eine Ausgabe an und stellt ihren Versand in die Warteschlange."

    def add_arguments(self, parser):
        parser.add_argument("subscribers", type=int)

    def handle(self, *args, subscribers: int, **options):
        if not 1 <= subscribers <= 1_000_000:
            raise CommandError("Bitte eine Anzahl zwischen 1 und 1.000.000 angeben.")
        now = timezone.now()
        with transaction.atomic():
            section, _ = Section.objects.get_or_create(slug="last", defaults={"name": "Last"})
            kind, _ = ArticleType.objects.get_or_create(slug="meldung", defaults={"name": "Meldung"})
            for number in range(3):
                Article.objects.get_or_create(
                    slug=f"last-{number}",
                    defaults={
                        "headline": f"Lastbeitrag {number}",
                        "lead": "Ein Vorspann, wie ihn die Redaktion schreibt, mit zwei Sätzen. Er sagt das Wichtigste.",
                        "body": "<p>Text.</p>",
                        "section": section,
                        "article_type": kind,
                        "status": Article.Status.PUBLISHED,
                        "published_at": now,
                    },
                )
            newsletter_list = NewsletterList.objects.create(
                name="Lastliste", slug=f"last-{now:%H%M%S%f}", sender_name="Last", sender_email="last@newsroom.example"
            )
            for start in range(0, subscribers, BATCH):
                created = Subscriber.objects.bulk_create(
                    Subscriber(
                        email=f"leser{number}-{newsletter_list.slug}@newsroom.example",
                        requested_at=now,
                        confirmed_at=now,
                        consent_version=CONSENT_VERSION,
                    )
                    for number in range(start, min(start + BATCH, subscribers))
                )
                if not created or created[0].pk is None:  # SQLite before 3.35 returns no ids
                    created = Subscriber.objects.filter(email__endswith=f"-{newsletter_list.slug}@newsroom.example")
                    created = created.exclude(subscriptions__isnull=False)
                Subscription.objects.bulk_create(
                    Subscription(
                        subscriber=subscriber,
                        newsletter_list=newsletter_list,
                        confirmed_at=now,
                        consent_version=CONSENT_VERSION,
                    )
                    for subscriber in created
                )
            editor = User.objects.filter(username="last-redaktion").first() or User.objects.create_superuser(
                "last-redaktion", "last@newsroom.example", None
            )
            issue = services.start_issue(newsletter_list=newsletter_list, subject="Lastausgabe", user=editor)
        services.send_issue(issue=issue, user=editor)
        self.stdout.write(f"issue={issue.pk}")
