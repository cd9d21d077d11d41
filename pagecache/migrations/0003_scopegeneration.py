from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("pagecache", "0002_contentgeneration_stamp")]

    operations = [
        migrations.CreateModel(
            name="ScopeGeneration",
            fields=[
                ("scope", models.BigIntegerField(primary_key=True, serialize=False, verbose_name="Bereich")),
                ("number", models.BigIntegerField(default=0, verbose_name="Stand")),
                ("stamp", models.BigIntegerField(default=0, verbose_name="Zufallskennung")),
            ],
            options={"verbose_name": "Inhaltsstand eines Teils", "verbose_name_plural": "Inhaltsstände der Teile"},
        ),
    ]
