"""manage.py import_wordpress EXPORT.xml [--uploads DIR] [--dry-run] [--section-map SLUG=BEREICH ...]"""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portals.models import Portal
from wordpress.importer import Importer, Options
from wordpress.wxr import WXRError, read_export


def pairs(values: list[str], option: str) -> dict[str, str]:
    """ "a=b,c=d" (also repeated) as a dict; a clear German error for anything else."""
    result = {}
    for value in values:
        for pair in filter(None, (part.strip() for part in value.split(","))):
            key, sep, target = pair.partition("=")
            if not sep or not key.strip() or not target.strip():
                raise CommandError(f"{option}: „{pair}“ hat nicht die Form name=wert.")
            result[key.strip()] = target.strip()
    return result


class ProgressBar:
    """Items done / total and errors so far, on one line of stderr (redrawn at most 10 times a second)."""

    def __init__(self, stream, width: int = 30):
        self.stream, self.width, self.last = stream, width, 0.0

    def __call__(self, done: int, total: int, errors: int):
        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        filled = self.width * done // max(total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} Elemente, {errors} Probleme")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Übernimmt einen WordPress-Export (WXR 1.0–1.2): Beiträge, Kategorien, Schlagwörter, Bilder, alte Adressen."

    def add_arguments(self, parser):
        parser.add_argument("export", help="WordPress-Exportdatei (WXR, .xml)")
        parser.add_argument("--uploads", help="lokale Kopie von wp-content/uploads; ohne sie keine Bilder")
        parser.add_argument("--dry-run", action="store_true", help="alles prüfen, nichts speichern")
        parser.add_argument(
            "--section-map",
            action="append",
            default=[],
            metavar="KATEGORIE=BEREICH",
            help="WordPress-Kategorie (Kurzname) in einen Bereich (Kurzname), z. B. news=politik; mehrfach möglich",
        )
        parser.add_argument(
            "--authors",
            action="append",
            default=[],
            metavar="LOGIN=KÜRZEL",
            help="Autorenkürzel je WordPress-Login, z. B. anna=ab; sonst die Initialen",
        )
        parser.add_argument("--article-type", default="meldung", help="Kurzname der Beitragsart (Standard: meldung)")
        parser.add_argument(
            "--default-section", default="allgemein", help="Bereich für Beiträge ohne Kategorie (Standard: allgemein)"
        )
        parser.add_argument(
            "--portal", help="Kurzname des Portals, in das der Export kommt (Standard: das erste Portal)"
        )

    def handle(self, *args, **options):
        uploads = Path(options["uploads"]) if options["uploads"] else None
        if uploads is not None and not uploads.is_dir():
            raise CommandError(f"Der Upload-Ordner {uploads} existiert nicht.")
        portal = None
        if options["portal"]:
            portal = Portal.objects.filter(slug=options["portal"]).first()
            if portal is None:
                known = ", ".join(Portal.objects.values_list("slug", flat=True))
                raise CommandError(f"Es gibt kein Portal „{options['portal']}“ (vorhanden: {known}).")
        importer_options = Options(
            portal=portal,
            uploads=uploads,
            dry_run=options["dry_run"],
            section_map=pairs(options["section_map"], "--section-map"),
            authors=pairs(options["authors"], "--authors"),
            article_type=options["article_type"],
            default_section=options["default_section"],
        )
        try:
            export = read_export(options["export"])
        except WXRError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"WordPress-Export „{export.title}“ (WXR {export.version}): {len(export.items)} Elemente.")
        stderr = getattr(self.stderr, "_out", sys.stderr)
        summary = Importer(export, importer_options, progress=ProgressBar(stderr)).run()
        for line in summary.lines():
            self.stdout.write(line)
