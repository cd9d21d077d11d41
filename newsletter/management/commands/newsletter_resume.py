from django.core.management.base import BaseCommand

from newsletter.services import resume_sends


class Command(BaseCommand):
    help = (
        "Stellt jeden laufenden oder geplanten Newsletter-Versand wieder in die Warteschlange, z. B. nachdem ein "
        "Worker abgebrochen wurde. scripts/worker ruft es vor jedem Start von db_worker auf; doppelte Aufträge "
        "schaden nicht (jede Zustellung wird einmal beansprucht)."
    )

    def handle(self, *args, verbosity: int, **options):
        count = resume_sends()
        if verbosity:
            self.stdout.write(f"{count} Versand/Versände in die Warteschlange gestellt.")
