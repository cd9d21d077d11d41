"""The two editorial roles as groups, with their permissions (see README, "Redaktioneller Ablauf")."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AUTHORS = "Autorin/Autor"
EDITORS = "Redaktion"

# (app_label, codename); authors write, editors also publish, withdraw and delete.
AUTHOR_PERMISSIONS = [
    ("articles", "view_article"),
    ("articles", "add_article"),
    ("articles", "change_article"),
    ("articles", "view_articlelink"),
    ("articles", "add_articlelink"),
    ("articles", "change_articlelink"),
    ("articles", "delete_articlelink"),
    ("articles", "view_section"),
    ("articles", "view_articletype"),
    ("articles", "view_keyword"),
    ("articles", "add_keyword"),
    ("images", "view_image"),
    ("images", "add_image"),
    ("images", "change_image"),
]
EDITOR_EXTRA_APPS = ["articles", "images"]


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    authors, _ = Group.objects.get_or_create(name=AUTHORS)
    for app_label, codename in AUTHOR_PERMISSIONS:
        authors.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.add(*Permission.objects.filter(content_type__app_label__in=EDITOR_EXTRA_APPS))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[AUTHORS, EDITORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_workflow"),
        ("images", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
