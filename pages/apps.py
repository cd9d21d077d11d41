from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pages"
    verbose_name = _("Seiten")

    def ready(self):
        import reversion

        from pagecache.changes import watch
        from pagecache.middleware import CACHED_PAGES

        from .models import Page

        if not reversion.is_registered(Page):
            reversion.register(Page)
        # The pages are public and linked from every footer.
        watch("pages.Page")
        CACHED_PAGES["pages:page"] = frozenset()
