from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portals"
    verbose_name = _("Portale")

    def ready(self):
        from django.db.models.signals import post_migrate

        from backups.registry import created_by_migrate
        from pagecache.registry import register

        from .models import ensure_first_portal

        # Without scope: a portal's change (address, aliases, name, colours) may concern every page, and the host
        # table is kept under the global generation (directory.py).
        register(watch=["portals.Portal"])
        post_migrate.connect(ensure_first_portal, sender=self)
        created_by_migrate("portals.Portal")
