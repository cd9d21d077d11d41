from django import forms
from django.urls import reverse

from core.admin_base import is_valid_key

from .models import THUMBNAIL_WIDTH, Image


class ImageChooserWidget(forms.Widget):
    """A library image for a form field (the article's lead image): thumbnail, alt text and credit of the choice,
    with "Bild auswählen", "Ändern" and "Entfernen", which open the chooser dialog (static/js/image-chooser.js);
    a file dropped on the field is uploaded there. Without JavaScript the field is the image's number, with a link
    to the library."""

    template_name = "images/widgets/image_chooser.html"

    class Media:
        css = {"all": ["css/image-chooser.css"]}
        js = [forms.Script("js/admin-image-field.js", type="module")]

    def get_context(self, name, value, attrs):
        attrs = {**(attrs or {}), "class": "nr-image-field__id vIntegerField"}
        context = super().get_context(name, value, attrs)
        # After a failed save `value` is whatever was posted (`abc`, a NUL byte): look up only what can be a key.
        image = None
        if value and is_valid_key(Image._meta.pk, value):
            image = Image.objects.filter(pk=value).prefetch_related("renditions").first()
        context["image"] = image
        # A small rendition, never the original: that can be tens of megapixels and carry private EXIF data.
        context["thumbnail_url"] = image.rendition_url(width=THUMBNAIL_WIDTH) if image and not image.is_gone() else ""
        context["chooser_url"] = reverse("admin:images_image_chooser")
        context["library_url"] = reverse("admin:images_image_changelist")
        return context

    def format_value(self, value):
        return "" if value is None else str(value)
