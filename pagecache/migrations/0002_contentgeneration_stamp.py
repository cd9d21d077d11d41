import secrets

from django.db import migrations, models


def draw_stamp(apps, schema_editor):
    apps.get_model("pagecache", "ContentGeneration").objects.filter(pk=1).update(stamp=secrets.randbits(63))


class Migration(migrations.Migration):
    dependencies = [("pagecache", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="contentgeneration",
            name="stamp",
            field=models.BigIntegerField(default=0, verbose_name="Zufallskennung"),
        ),
        migrations.RunPython(draw_stamp, migrations.RunPython.noop),
    ]
