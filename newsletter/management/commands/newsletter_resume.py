from django.core.management.base import BaseCommand

from newsletter.services import resume_sends


class Command(BaseCommand):
    help = (
        "Stellt jeden laufenden oder geplanten Newsletter-Versand wieder in die Warteschlange, z. B. nachdem ein "
        "Worker abgebrochen wurde. scripts/worker ruft es vor jedem Start von db_worker auf; doppelte Aufträge "
        "schaden nicht (jede Zustellung wird einmal beansprucht)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{resume_sends()} Versand/Versände in die Warteschlange gestellt.")
