import django.db.models.deletion
from django.db import migrations, models

import portals.models


def into_first_portal(apps, schema_editor):
    """Every static page belongs to portal 1: every address stays as it was."""
    first = apps.get_model("portals", "Portal").objects.order_by("pk").first()
    apps.get_model("pages", "Page").objects.update(portal=first)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("portals", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="page",
            name="portal",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="pages",
                to="portals.portal",
                verbose_name="Portal",
            ),
        ),
        migrations.RunPython(into_first_portal, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="page",
            name="portal",
            field=models.ForeignKey(
                default=portals.models.default_portal_id,
                help_text="Das Portal, in dessen Fuß die Seite steht.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="pages",
                to="portals.portal",
                verbose_name="Portal",
            ),
        ),
        migrations.AlterField(
            model_name="page",
            name="slug",
            field=models.SlugField(
                choices=[
                    ("impressum", "Impressum"),
                    ("datenschutz", "Datenschutz"),
                    ("barrierefreiheit", "Erklärung zur Barrierefreiheit"),
                    ("kontakt", "Kontakt"),
                ],
                help_text="Die feste Adresse der Seite; jede Adresse gibt es je Portal nur einmal.",
                verbose_name="Adresse",
            ),
        ),
        migrations.AddConstraint(
            model_name="page",
            constraint=models.UniqueConstraint(fields=("portal", "slug"), name="page_slug_unique_per_portal"),
        ),
    ]
