import taggit.managers
from django.db import migrations, models

# Each article's keywords get the positions of today's order, their rows' ids: 0, 1, 2, …
# One statement that both databases understand; it counts the article's rows with a smaller id.
NUMBER_EXISTING_ROWS = """
UPDATE articles_keywordedarticle SET position = (
    SELECT COUNT(*) FROM articles_keywordedarticle AS earlier
    WHERE earlier.content_object_id = articles_keywordedarticle.content_object_id
    AND earlier.id < articles_keywordedarticle.id
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_bylines"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="keywordedarticle",
            options={
                "ordering": ["position", "pk"],
                "verbose_name": "Stichwort-Zuordnung",
                "verbose_name_plural": "Stichwort-Zuordnungen",
            },
        ),
        migrations.AddField(
            model_name="keywordedarticle",
            name="position",
            field=models.PositiveIntegerField(default=0, verbose_name="Position"),
        ),
        migrations.RunSQL(NUMBER_EXISTING_ROWS, reverse_sql=migrations.RunSQL.noop, elidable=False),
        migrations.AlterField(
            model_name="article",
            name="keywords",
            field=taggit.managers.TaggableManager(
                blank=True,
                help_text="Stichwörter mit Komma oder Eingabetaste trennen; sie erscheinen in dieser Reihenfolge, "
                "und jedes bekommt eine eigene Seite.",
                through="articles.KeywordedArticle",
                to="articles.Keyword",
                verbose_name="Stichwörter",
            ),
        ),
    ]
