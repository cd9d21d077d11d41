"""`manage.py rebuild_renditions`: bring every image's renditions up to date, e.g. after the sizes changed."""

import math
import time

from django.core.management.base import BaseCommand

from images.models import Image
from images.renditions import ensure_renditions

PROGRESS_WIDTH = 40


class Command(BaseCommand):
    help = (
        "Erzeugt fehlende und veraltete Bildvarianten aller Bilder und löscht nicht mehr benötigte "
        "(etwa nach einer Änderung von IMAGE_RENDITION_WIDTHS). Mit --force werden alle neu erzeugt."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Alle Bildvarianten neu erzeugen.")

    def handle(self, *args, force: bool = False, **options):
        started = time.monotonic()
        images = Image.objects.exclude(file="").exclude(pk__in=Image.objects.licence_ended()).order_by("pk")
        total = images.count()
        failed = []
        self.progress(0, total)
        for done, image in enumerate(images.iterator(), start=1):
            try:
                ensure_renditions(image, force=force)
            except OSError as error:
                # A missing or unreadable file must not stop the others; it is listed at the end.
                failed.append(f"Bild {image.pk} ({image.file.name}): {error}")
            self.progress(done, total)
        self.stdout.write("")
        for line in failed:
            self.stderr.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                f"Bildvarianten für {total - len(failed)} von {total} Bildern aktuell "
                f"({time.monotonic() - started:.1f} s)."
            )
        )

    def progress(self, done: int, total: int) -> None:
        filled = math.floor(PROGRESS_WIDTH * done / total) if total else PROGRESS_WIDTH
        self.stdout.write(f"\r[{'#' * filled}{'.' * (PROGRESS_WIDTH - filled)}] {done}/{total}", ending="")
        self.stdout.flush()
