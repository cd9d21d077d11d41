from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ImagesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "images"
    verbose_name = _("Bilder")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from PIL import Image as PILImage

        from core.richtext import register_picture_chooser
        from pagecache.registry import register

        from . import services
        from .models import Image

        # Pillow's own bomb guard follows our limit (it refuses at twice the value while reading a header),
        # so no code path that opens an image, ours or a library's, can be made to expand a bomb.
        PILImage.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS
        # Credits, alt texts and focal points show on pages. Renditions are made while pages render (that must not
        # throw the cache away); deleting one removes a file that cached pages may link to.
        # A licence end changes pages by itself, like a publication time (docs/bildrechte.md).
        register(watch=["images.Image"], watch_deletes=["images.Rendition"], next_change=Image.objects.next_licence_end)
        # The next write after a licence end removes the picture's files (or manage.py remove_ended_pictures).
        post_save.connect(services.after_write, dispatch_uid="images-remove-after-write")
        post_delete.connect(services.after_write, dispatch_uid="images-remove-after-delete")
        # The body editor's picture button opens this app's chooser (images/chooser.py).
        register_picture_chooser("admin:images_image_chooser")
