from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.snapshot import SnapshotError, write_snapshot


class Command(BaseCommand):
    help = "Schreibt eine Sicherung (Datenbank und alle Mediendateien, mit Prüfsummen) in einen neuen Ordner."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="Neuer oder leerer Ordner für die Sicherung")

    def handle(self, *args, directory, **options):
        try:
            summary = write_snapshot(directory)
        except SnapshotError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Sicherung in {directory}: {summary.objects} Datensätze, {summary.files} Mediendateien, "
            f"{summary.bytes / 1_000_000:.1f} MB."
        )
