from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground floor every app may use: rich text, fingerprints, media storage, caches, security, admin base.
    It imports no project app (tests/site/test_layout.py checks the import rules)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Grundlagen")
