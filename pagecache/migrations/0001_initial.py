from django.db import migrations, models


def first_generation(apps, schema_editor):
    apps.get_model("pagecache", "ContentGeneration").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="ContentGeneration",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.BigIntegerField(default=0, verbose_name="Stand")),
            ],
            options={"verbose_name": "Inhaltsstand", "verbose_name_plural": "Inhaltsstände"},
        ),
        migrations.RunPython(first_generation, migrations.RunPython.noop),
    ]
