import re
from html import unescape

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# As articles.models.BODY_IMAGE_SRC, copied: a migration keeps working when the model's code changes.
BODY_IMAGE_SRC = re.compile(r'<img[^>]*?\ssrc="([^"]+)"')


def remember_existing_body_images(apps, schema_editor):
    """Rows for the pictures that bodies already show, found by their renditions' addresses."""
    Article = apps.get_model("articles", "Article")
    ArticleBodyImage = apps.get_model("articles", "ArticleBodyImage")
    Rendition = apps.get_model("images", "Rendition")
    prefix = settings.MEDIA_URL
    bodies = Article.objects.filter(body__contains="<img").values_list("pk", "body")
    for article_id, body in bodies.iterator(chunk_size=500):
        names = [src[len(prefix) :] for src in map(unescape, BODY_IMAGE_SRC.findall(body)) if src.startswith(prefix)]
        images = set(Rendition.objects.filter(file__in=names).values_list("image_id", flat=True))
        ArticleBodyImage.objects.bulk_create(
            [ArticleBodyImage(article_id=article_id, image_id=image_id) for image_id in images], ignore_conflicts=True
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_keyword_position"),
        ("images", "0002_renditions_focal_point"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleBodyImage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="body_image_links",
                        to="articles.article",
                    ),
                ),
                (
                    "image",
                    models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="images.image"),
                ),
            ],
            options={
                "verbose_name": "Bild im Text",
                "verbose_name_plural": "Bilder im Text",
                "constraints": [models.UniqueConstraint(fields=("article", "image"), name="article_body_image_unique")],
            },
        ),
        migrations.RunPython(remember_existing_body_images, migrations.RunPython.noop, elidable=False),
    ]
