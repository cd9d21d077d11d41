from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ImagesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "images"
    verbose_name = _("Bilder")

    def ready(self):
        from PIL import Image as PILImage

        from core.richtext import register_picture_chooser
        from pagecache.registry import register

        # Pillow's own bomb guard follows our limit (it refuses at twice the value while reading a header),
        # so no code path that opens an image, ours or a library's, can be made to expand a bomb.
        PILImage.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS
        # Credits, alt texts and focal points show on pages. Renditions are made while pages render (that must not
        # throw the cache away); deleting one removes a file that cached pages may link to.
        register(watch=["images.Image"], watch_deletes=["images.Rendition"])
        # The body editor's picture button opens this app's chooser (images/chooser.py).
        register_picture_chooser("admin:images_image_chooser")
