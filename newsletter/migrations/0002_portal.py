import django.db.models.deletion
from django.db import migrations, models

import portals.models


def into_first_portal(apps, schema_editor):
    """Every list of an installation from before portals belongs to portal 1, whose pages it was shown on."""
    first = apps.get_model("portals", "Portal").objects.order_by("pk").first()
    apps.get_model("newsletter", "NewsletterList").objects.update(portal=first)


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0001_initial"),
        ("portals", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="newsletterlist",
            name="portal",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="portals.portal",
                verbose_name="Portal",
            ),
        ),
        migrations.RunPython(into_first_portal, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="newsletterlist",
            name="portal",
            field=models.ForeignKey(
                default=portals.models.default_portal_id,
                help_text="Die Liste erscheint nur in diesem Portal; ihre Ausgaben zeigen nur, was dieses Portal zeigt.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="portals.portal",
                verbose_name="Portal",
            ),
        ),
    ]
