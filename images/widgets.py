from django.contrib.admin.widgets import ForeignKeyRawIdWidget


class ImageChooserWidget(ForeignKeyRawIdWidget):
    """The raw-id picker (opens the image library with thumbnails) plus a thumbnail of the current choice."""

    template_name = "images/widgets/image_chooser.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        image = self.rel.model._default_manager.using(self.db).filter(pk=value).first() if value else None
        context["image"] = image
        # A small rendition, never the original: that can be tens of megapixels and carry private EXIF data.
        context["thumbnail_url"] = image.rendition_url(width=320) if image else ""
        return context
