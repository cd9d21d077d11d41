from django.core.management.base import BaseCommand

from newsletter.services import remove_expired


class Command(BaseCommand):
    help = (
        "Löscht unbestätigte Newsletter-Anmeldungen, deren 48 Stunden vorbei sind. Sie gelten schon vorher als "
        "nicht vorhanden; jede neue Anmeldung löscht sie ebenfalls."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{remove_expired()} abgelaufene Anmeldungen gelöscht.")
