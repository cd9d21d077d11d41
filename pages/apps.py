from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pages"
    verbose_name = _("Seiten")

    def ready(self):
        import reversion

        from core.addresses import reserve
        from images.usage import register_usage
        from pagecache.registry import register

        from . import usage
        from .models import STATIC_PAGE_SLUGS, Page

        if not reversion.is_registered(Page):
            reversion.register(Page)
        reserve(*STATIC_PAGE_SLUGS)
        # The pages are public and linked from every footer.
        register(watch=["pages.Page"], pages={"pages:page": {}})
        register_usage(usage.PagePictures())
