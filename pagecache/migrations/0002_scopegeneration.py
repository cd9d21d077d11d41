from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("pagecache", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="ScopeGeneration",
            fields=[
                ("scope", models.BigIntegerField(primary_key=True, serialize=False, verbose_name="Bereich")),
                ("number", models.BigIntegerField(default=0, verbose_name="Stand")),
            ],
            options={"verbose_name": "Inhaltsstand eines Teils", "verbose_name_plural": "Inhaltsstände der Teile"},
        ),
    ]
