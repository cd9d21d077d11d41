import re

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def remember_existing_body_images(apps, schema_editor):
    """Rows for the pictures that bodies already show, by the image ids in their renditions' addresses (as
    images.rights.body_picture_ids finds them; copied, so that this migration keeps working when that code changes)."""
    Article = apps.get_model("articles", "Article")
    ArticleBodyImage = apps.get_model("articles", "ArticleBodyImage")
    Image = apps.get_model("images", "Image")
    picture = re.compile(r'<img\s[^>]*?src="' + re.escape(settings.MEDIA_URL) + r'renditions/([0-9]+)/[^"]*"[^>]*>')
    bodies = Article.objects.filter(body__contains="renditions/").values_list("pk", "body")
    for article_id, body in bodies.iterator(chunk_size=500):
        mentioned = {int(found) for found in picture.findall(body)}
        images = Image.objects.filter(pk__in=mentioned).values_list("pk", flat=True)
        ArticleBodyImage.objects.bulk_create(
            [ArticleBodyImage(article_id=article_id, image_id=image_id) for image_id in images], ignore_conflicts=True
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_keyword_position"),
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
