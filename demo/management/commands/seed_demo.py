"""`manage.py seed_demo`: demo content for an empty database, or synthetic articles for load tests.

Without options the command writes the sections, article types and hand-written articles from `demo.content`
(each with a drawn lead image) into a database that has no articles yet, and the sample static pages (Impressum,
Datenschutz, …) that do not exist yet; pages the editors keep stay untouched. With `--articles N` it appends N
generated articles in bulk (`demo.load`), whatever the database already holds. Nothing is downloaded.
"""

import math
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.models import Article
from demo import content
from demo.load import create_load_test_articles
from demo.seeding import create_demo_articles, ensure_newsletter, ensure_pages, german_number

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
            self.seed_newsletter()
            return
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
        self.seed_newsletter()

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
