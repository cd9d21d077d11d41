"""`manage.py send_licence_digest`: one mail to the Redaktion with the licences that end within 30 days."""

from django.core.management.base import BaseCommand

from images.services import send_licence_digest


class Command(BaseCommand):
    help = (
        "Schickt der Redaktion eine Mail mit allen Bildlizenzen, die in den nächsten 30 Tagen enden "
        "(keine Mail, wenn keine endet). Einmal täglich aufrufen, z. B. per systemd-Timer."
    )

    def handle(self, *args, **options):
        count = send_licence_digest()
        self.stdout.write(f"{count} Lizenz(en) gemeldet.")
