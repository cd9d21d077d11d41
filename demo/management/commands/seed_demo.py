"""`manage.py seed_demo`: demo content for an empty database, or synthetic articles for load tests.

Without options the command writes the sections, article types and hand-written articles from `demo.content`
(each with a drawn lead image) into a database that has no articles yet, and the sample static pages (Impressum,
Datenschutz, …) that do not exist yet; pages the editors keep stay untouched. Then the sister portal "Kommunal
vernetzt" (on localhost, SITE_URL's port), with its own sections, pages and articles and the first portal's
articles it shares, if it does not exist yet; its address follows SITE_URL's port on every run. With `--articles N`
it appends N generated articles in bulk (`demo.load`), whatever the database already holds. Nothing is downloaded.
"""

import math
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.models import Article
from demo import content
from demo.load import create_load_test_articles
from demo.seeding import (
    create_demo_articles,
    create_sister_demo,
    ensure_newsletter,
    ensure_pages,
    ensure_sister_portal,
    german_number,
)
from portals.models import Portal

PROGRESS_WIDTH = 40


class Command(BaseCommand):
    help = (
        "Füllt eine leere Datenbank mit Demo-Inhalten (Bereiche, Beitragsarten, Beiträge mit Bildern). "
        "Mit --articles N werden zusätzlich N generierte Beiträge für Lasttests angelegt."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles",
            type=int,
            metavar="N",
            help="Legt N zusätzliche, generierte Beiträge für Lasttests an (auch wenn schon Beiträge existieren).",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=1000,
            help="Beiträge pro Stapel beim Lasttest; jeder Stapel ist eine Transaktion (Standard: 1000).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=None,
            help="Startwert des Zufallsgenerators für wiederholbare Lasttestdaten.",
        )

    def handle(self, *args, **options):
        if options["articles"] is not None:
            if options["articles"] < 1:
                raise CommandError("--articles braucht eine Anzahl von mindestens 1.")
            if options["batch_size"] < 1:
                raise CommandError("--batch-size braucht eine Zahl von mindestens 1.")
            self.load_test(options["articles"], options["batch_size"], options["seed"])
            return

        created_pages = ensure_pages()
        if created_pages:
            self.stdout.write(f"Muster-Seiten angelegt: {', '.join(created_pages)}.")
        if Article.objects.exists():
            self.stdout.write(
                "Es gibt bereits Beiträge. Demo-Inhalte werden nur in eine leere Datenbank geschrieben; "
                "nichts wurde geändert."
            )
        else:
            started = time.monotonic()
            # All or nothing, so a failed run leaves an empty database that can be seeded again.
            with transaction.atomic():
                articles = create_demo_articles(report=lambda article: self.stdout.write(f"  {article}"))
            self.stdout.write(
                self.style.SUCCESS(
                    f"{len(articles)} Demo-Beiträge in {len(content.SECTIONS)} Bereichen angelegt "
                    f"({german_number(time.monotonic() - started, 1)} s)."
                )
            )
        self.sister_portal()
        self.seed_newsletter()

    def sister_portal(self) -> None:
        """The second demo portal, once; afterwards only its address follows SITE_URL's port."""
        if Portal.objects.filter(slug=content.SISTER_PORTAL["slug"]).exists():
            portal, _created = ensure_sister_portal()
            self.stdout.write(f"Zweites Portal „{portal}“: {portal.url}/")
            return
        with transaction.atomic():
            articles = create_sister_demo(report=lambda article: self.stdout.write(f"  {article}"))
            portal, _created = ensure_sister_portal()
        self.stdout.write(
            self.style.SUCCESS(
                f"Zweites Portal „{portal}“ mit {len(articles)} eigenen Beiträgen und geteilten aus dem ersten "
                f"angelegt: {portal.url}/"
            )
        )

    def seed_newsletter(self) -> None:
        created = ensure_newsletter()
        if created:
            self.stdout.write(f"Newsletter angelegt: {', '.join(created)}.")

    def load_test(self, count: int, batch_size: int, seed: int | None) -> None:
        started = time.monotonic()
        create_load_test_articles(count, batch_size=batch_size, seed=seed, progress=self.progress)
        elapsed = time.monotonic() - started
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"{german_number(count)} Lasttest-Beiträge angelegt in {german_number(elapsed, 1)} s "
                f"({german_number(count / elapsed if elapsed else count)} Beiträge pro Sekunde)."
            )
        )

    def progress(self, done: int, total: int, prefix: str) -> None:
        if done == 0:
            self.stdout.write(f"Lege {german_number(total)} Lasttest-Beiträge an (Adressen „{prefix}…“).")
        filled = math.floor(PROGRESS_WIDTH * done / total) if total else PROGRESS_WIDTH
        bar = "#" * filled + "." * (PROGRESS_WIDTH - filled)
        self.stdout.write(f"\r[{bar}] {german_number(done)}/{german_number(total)}", ending="")
        self.stdout.flush()
