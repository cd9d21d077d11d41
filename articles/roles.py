"""The two editorial roles as groups with their permissions (docs/ablauf.md).

Created by the data migration 0003_roles and kept complete after every `migrate` (and every database flush in
tests) by a post_migrate handler, the way Django itself keeps permissions in step.
"""

AUTHORS = "Autorin/Autor"
EDITORS = "Redaktion"
# A person has at most one role; the later one includes what the earlier one may do.
ROLES = (AUTHORS, EDITORS)

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
    ("articles", "view_byline"),
    ("articles", "add_byline"),
    ("articles", "change_byline"),
    ("articles", "delete_byline"),
    ("images", "view_image"),
    ("images", "add_image"),
    ("images", "change_image"),
    # Authors read a picture's rights record, but neither change it nor open its proof (docs/bildrechte.md).
    ("images", "view_imagerights"),
    # They name contributors in bylines; the Redaktion keeps the contributors themselves.
    ("people", "view_contributor"),
]
# Editors also keep the static pages (Impressum, Datenschutz, …), picture rights and contributors.
EDITOR_APPS = ["articles", "images", "pages", "people"]


def create_roles(group_model, permission_model) -> None:
    """Create both groups (or complete their permissions); takes the models so migrations can pass theirs."""
    authors, _ = group_model.objects.get_or_create(name=AUTHORS)
    for app_label, codename in AUTHOR_PERMISSIONS:
        # Missing while an older migration runs (its models come later): the post_migrate handler adds it then.
        authors.permissions.add(*permission_model.objects.filter(content_type__app_label=app_label, codename=codename))
    editors, _ = group_model.objects.get_or_create(name=EDITORS)
    editors.permissions.add(*permission_model.objects.filter(content_type__app_label__in=EDITOR_APPS))


def create_roles_after_migrate(sender, **kwargs) -> None:
    from django.contrib.auth.models import Group, Permission

    create_roles(Group, Permission)


def role_of(user) -> str:
    """The person's role (the highest, should they be in both groups), or "" for none. Uses prefetched groups."""
    names = {group.name for group in user.groups.all()}
    return next((role for role in reversed(ROLES) if role in names), "")


def assign_role(user, role: str) -> None:
    """Give a saved user exactly `role` ("" for none) with what it needs: the role's group and, to reach the admin
    at all, the staff status (kept for superusers, who need no role). Rights are the caller's to check."""
    from django.contrib.auth.models import Group

    if role and role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    user.groups.remove(*Group.objects.filter(name__in=ROLES).exclude(name=role))
    if role:
        user.groups.add(Group.objects.get(name=role))
    staff = bool(role) or user.is_superuser
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])
