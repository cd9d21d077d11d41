"""`manage.py remove_ended_pictures`: delete what is left of pictures whose licence has ended (docs/bildrechte.md)."""

from django.core.management.base import BaseCommand

from images.services import remove_ended_pictures


class Command(BaseCommand):
    help = (
        "Löscht Bildvarianten und zwischengespeicherte PDFs aller Bilder, deren Lizenz abgelaufen ist, und verschiebt "
        "ihre Originale in den privaten Speicher. Seiten zeigen diese Bilder schon ab dem Lizenzende nicht mehr."
    )

    def handle(self, *args, **options):
        removed = remove_ended_pictures()
        self.stdout.write(
            f"{len(removed)} Bild(er) entfernt" + (f": {', '.join(map(str, removed))}" if removed else ".")
        )
