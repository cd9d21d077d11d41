from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.snapshot import SnapshotError, restore_snapshot


class Command(BaseCommand):
    help = "Spielt eine Sicherung von `manage.py backup` in eine leere, migrierte Installation zurück."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="Ordner mit der Sicherung (manifest.json)")

    def handle(self, *args, directory, **options):
        try:
            summary = restore_snapshot(directory)
        except SnapshotError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Zurückgespielt aus {directory}: {summary.objects} Datensätze, {summary.files} Mediendateien."
        )
