import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import articles.models
import portals.models
from articles import keyword_rows


def into_first_portal(apps, schema_editor):
    """Every section and every old address belongs to portal 1: every address stays as it was."""
    first = apps.get_model("portals", "Portal").objects.order_by("pk").first()
    apps.get_model("articles", "Section").objects.update(portal=first)
    apps.get_model("articles", "ArticleRedirect").objects.update(portal=first)


def keyword_rows_with_copies(apps, schema_editor):
    """Copy time and portal into the keyword rows, then leave them to the triggers (articles/keyword_rows.py)."""
    keyword_rows.fill(schema_editor.connection)
    keyword_rows.install(schema_editor.connection)


def keyword_rows_without_triggers(apps, schema_editor):
    keyword_rows.drop(schema_editor.connection)


def memberships_from_roles(apps, schema_editor):
    """Everyone in a role group works on portal 1 in that role, as before."""
    first = apps.get_model("portals", "Portal").objects.order_by("pk").first()
    Membership = apps.get_model("portals", "PortalMembership")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    for role, group in (("redaktion", "Redaktion"), ("autor", "Autorin/Autor")):
        for user in User.objects.filter(groups__name=group, is_active=True).distinct():
            Membership.objects.get_or_create(user=user, portal=first, defaults={"role": role})


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_body_images"),
        ("portals", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleShare",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="geteilt am")),
            ],
            options={
                "verbose_name": "Teilen mit einem anderen Portal",
                "verbose_name_plural": "In anderen Portalen zeigen",
                "ordering": ["portal", "pk"],
            },
        ),
        migrations.CreateModel(
            name="SectionShare",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ],
            options={
                "verbose_name": "Übernahmeregel",
                "verbose_name_plural": "Übernahmeregeln",
                "ordering": ["source", "target"],
            },
        ),
        migrations.AddField(
            model_name="articleredirect",
            name="portal",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="portals.portal",
                verbose_name="Portal",
            ),
        ),
        migrations.AddField(
            model_name="keywordedarticle",
            name="portal",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="portals.portal",
                verbose_name="Portal",
            ),
        ),
        migrations.AddField(
            model_name="keywordedarticle",
            name="published_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="Veröffentlichungszeitpunkt"),
        ),
        migrations.AddField(
            model_name="section",
            name="portal",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="sections",
                to="portals.portal",
                verbose_name="Portal",
            ),
        ),
        migrations.RunPython(into_first_portal, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="articleredirect",
            name="portal",
            field=models.ForeignKey(
                default=portals.models.default_portal_id,
                help_text="Das Portal, unter dessen Hostnamen die alte Adresse galt.",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="portals.portal",
                verbose_name="Portal",
            ),
        ),
        migrations.AlterField(
            model_name="section",
            name="portal",
            field=models.ForeignKey(
                default=portals.models.default_portal_id,
                help_text="Das Portal, zu dem der Bereich gehört; seine Beiträge haben dort ihre Adresse.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="sections",
                to="portals.portal",
                verbose_name="Portal",
            ),
        ),
        migrations.AlterField(
            model_name="articleredirect",
            name="old_path",
            field=models.CharField(help_text="z. B. /politik/alter-name/", max_length=500, verbose_name="alte Adresse"),
        ),
        migrations.AlterField(
            model_name="section",
            name="name",
            field=models.CharField(help_text="z. B. „Politik“.", max_length=100, verbose_name="Name"),
        ),
        migrations.AlterField(
            model_name="section",
            name="slug",
            field=models.SlugField(
                help_text="Teil der Adresse, z. B. „politik“ für /politik/; je Portal nur einmal.",
                max_length=100,
                validators=[articles.models.validate_not_reserved],
                verbose_name="Kurzname in der Adresse",
            ),
        ),
        migrations.AddIndex(
            model_name="keywordedarticle",
            index=models.Index(
                fields=["tag", "portal", "-published_at", "-content_object"], name="keyworded_tag_portal_date_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="articleredirect",
            constraint=models.UniqueConstraint(fields=("portal", "old_path"), name="redirect_path_unique_per_portal"),
        ),
        migrations.AddConstraint(
            model_name="section",
            constraint=models.UniqueConstraint(fields=("portal", "slug"), name="section_slug_unique_per_portal"),
        ),
        migrations.AddConstraint(
            model_name="section",
            constraint=models.UniqueConstraint(fields=("portal", "name"), name="section_name_unique_per_portal"),
        ),
        migrations.AddField(
            model_name="articleshare",
            name="article",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="shares",
                to="articles.article",
                verbose_name="Beitrag",
            ),
        ),
        migrations.AddField(
            model_name="articleshare",
            name="portal",
            field=models.ForeignKey(
                help_text="Wo er erscheint.",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="portals.portal",
                verbose_name="Portal",
            ),
        ),
        migrations.AddField(
            model_name="articleshare",
            name="section",
            field=models.ForeignKey(
                blank=True,
                help_text="Optional: ein Bereich jenes Portals; ohne erscheint er dort auf der Startseite, in Suche, Feeds und Stichwörtern.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="shared_articles",
                to="articles.section",
                verbose_name="Bereich dort",
            ),
        ),
        migrations.AddField(
            model_name="sectionshare",
            name="source",
            field=models.ForeignKey(
                help_text="Alles aus diesem Bereich …",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="shared_to",
                to="articles.section",
                verbose_name="Bereich",
            ),
        ),
        migrations.AddField(
            model_name="sectionshare",
            name="target",
            field=models.ForeignKey(
                help_text="… erscheint auch in diesem Bereich eines anderen Portals.",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="shared_from",
                to="articles.section",
                verbose_name="erscheint auch in",
            ),
        ),
        migrations.AddIndex(
            model_name="articleshare",
            index=models.Index(fields=["portal", "section"], name="article_share_portal_idx"),
        ),
        migrations.AddConstraint(
            model_name="articleshare",
            constraint=models.UniqueConstraint(fields=("article", "portal"), name="article_share_unique"),
        ),
        migrations.AddConstraint(
            model_name="sectionshare",
            constraint=models.UniqueConstraint(fields=("source", "target"), name="section_share_unique"),
        ),
        migrations.RunPython(memberships_from_roles, migrations.RunPython.noop),
        # Last: SQLite must rebuild no table of this migration while a trigger names it.
        migrations.RunPython(keyword_rows_with_copies, keyword_rows_without_triggers),
    ]
