import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils.text import slugify


def first_portal(apps, schema_editor):
    """The installation becomes portal 1: name and address empty, so SITE_NAME and SITE_URL keep applying, and the
    hosts of ALLOWED_HOSTS keep answering as this portal (portals/directory.py). Every address stays as it was."""
    Portal = apps.get_model("portals", "Portal")
    if not Portal.objects.exists():
        # bulk_create sends no post_save: no app's save handler runs before its own tables exist.
        Portal.objects.bulk_create([Portal(slug=slugify(settings.SITE_NAME)[:50] or "portal")])


class Migration(migrations.Migration):
    initial = True

    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [
        migrations.CreateModel(
            name="Portal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "name",
                    models.CharField(
                        blank=True,
                        help_text="Name des Portals in Kopf, Titel, Feeds und Mails. Beim ersten Portal: leer heißt SITE_NAME.",
                        max_length=100,
                        verbose_name="Name",
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        help_text="Für Befehle, z. B. „import_wordpress --portal“.",
                        unique=True,
                        verbose_name="Kurzname",
                    ),
                ),
                (
                    "base_url",
                    models.CharField(
                        blank=True,
                        help_text="Schema, Hostname und gegebenenfalls Port, z. B. https://www.beispiel.de. Jeder absolute Link (Mails, Feeds, PDFs, Sitemaps) beginnt damit. Beim ersten Portal: leer heißt SITE_URL.",
                        max_length=200,
                        validators=[django.core.validators.URLValidator(schemes=["http", "https"])],
                        verbose_name="Adresse",
                    ),
                ),
                (
                    "aliases",
                    models.TextField(
                        blank=True,
                        help_text="Einer je Zeile, z. B. beispiel.de für www.beispiel.de. Sie leiten mit 301 auf die Adresse um, Pfad und Query-String bleiben erhalten.",
                        verbose_name="Weitere Hostnamen",
                    ),
                ),
                (
                    "language",
                    models.CharField(choices=[("de", "Deutsch")], default="de", max_length=10, verbose_name="Sprache"),
                ),
                (
                    "theme",
                    models.CharField(
                        choices=[("blau", "Blau"), ("gruen", "Grün"), ("rot", "Rot"), ("violett", "Violett")],
                        default="blau",
                        help_text="Farbschema aus dem Stylesheet; jedes erfüllt die Kontrastanforderungen der WCAG.",
                        max_length=20,
                        verbose_name="Farben",
                    ),
                ),
                (
                    "logo",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("verwaltung-digital.svg", "Verwaltung digital"),
                            ("kommunal-vernetzt.svg", "Kommunal vernetzt"),
                        ],
                        max_length=100,
                        verbose_name="Logo",
                    ),
                ),
                (
                    "description",
                    models.CharField(
                        default="Nachrichten über die Digitalisierung der öffentlichen Verwaltung",
                        help_text="Beschreibung der Feeds und Unterzeile im Fuß.",
                        max_length=200,
                        verbose_name="Kurzbeschreibung",
                    ),
                ),
                (
                    "footer_text",
                    models.TextField(
                        blank=True,
                        help_text="Optional, z. B. der Herausgeber; leer: Name und Kurzbeschreibung.",
                        verbose_name="Text im Fuß",
                    ),
                ),
            ],
            options={"verbose_name": "Portal", "verbose_name_plural": "Portale", "ordering": ["pk"]},
        ),
        migrations.CreateModel(
            name="PortalMembership",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "role",
                    models.CharField(
                        choices=[("autor", "Autorin/Autor"), ("redaktion", "Redaktion")],
                        default="autor",
                        help_text="Autorinnen und Autoren schreiben eigene Beiträge; die Redaktion veröffentlicht und entscheidet über das Teilen mit anderen Portalen. Was jemand überhaupt darf, geben zusätzlich die Gruppen.",
                        max_length=20,
                        verbose_name="Rolle",
                    ),
                ),
                (
                    "portal",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to="portals.portal",
                        verbose_name="Portal",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="portal_memberships",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="Person",
                    ),
                ),
            ],
            options={
                "verbose_name": "Mitgliedschaft",
                "verbose_name_plural": "Mitgliedschaften",
                "ordering": ["portal", "user"],
                "constraints": [models.UniqueConstraint(fields=("user", "portal"), name="portal_membership_unique")],
            },
        ),
        migrations.RunPython(first_portal, migrations.RunPython.noop),
    ]
