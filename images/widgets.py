from django.contrib.admin.widgets import ForeignKeyRawIdWidget

from core.admin_base import is_valid_key, target_field


class ImageChooserWidget(ForeignKeyRawIdWidget):
    """The raw-id picker (opens the image library with thumbnails) plus a thumbnail of the current choice."""

    template_name = "images/widgets/image_chooser.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # After a failed save `value` is whatever was typed (`abc`, a NUL byte): look up only what can be a key.
        image = None
        if value and is_valid_key(target_field(self.rel.field), value):
            image = self.rel.model._default_manager.using(self.db).filter(pk=value).first()
        context["image"] = image
        # A small rendition, never the original: that can be tens of megapixels and carry private EXIF data.
        context["thumbnail_url"] = image.rendition_url(width=320) if image and not image.is_gone() else ""
        return context
