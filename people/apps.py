from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "people"
    verbose_name = _("Autorinnen und Autoren")

    def ready(self):
        import reversion

        from images.usage import register_usage
        from pagecache.registry import register

        from . import usage
        from .models import Contributor

        # Names, roles and links show in bylines and on profile pages.
        register(watch=["people.Contributor"])
        register_usage(usage.Portraits())
        if not reversion.is_registered(Contributor):
            reversion.register(Contributor)
