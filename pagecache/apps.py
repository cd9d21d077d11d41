from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pagecache"
    verbose_name = _("Seiten-Cache")

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate

        from . import changes

        connection_created.connect(changes.watch_connection)
        pre_migrate.connect(changes.pause_during_migrations)
        post_migrate.connect(changes.resume_after_migrations)
