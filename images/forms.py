from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Image
from .validation import ACCEPT, validate_image_file


class UploadedImageField(forms.FileField):
    """A file field that accepts only what images.validation lets through.

    Deliberately not forms.ImageField: that one hands the upload to Pillow with every format plugin enabled
    (EPS included) before any of our limits apply.
    """

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "accept": ACCEPT}

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is not None:
            validate_image_file(upload, size=upload.size)
        return upload


def formfield(db_field, **kwargs):
    # Addresses typed without a scheme become https://, as everywhere in the admin.
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class ImageForm(forms.ModelForm):
    file = UploadedImageField(
        label=_("Bilddatei"),
        help_text=_("JPEG, PNG, WebP oder GIF. Eine neue Datei ersetzt die alte; alle Größen werden neu erzeugt."),
    )

    # Set by the admin when the media storage refused this upload (images/admin.py).
    storage_problem = None

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit", "source_url", "focal_x", "focal_y"]
        formfield_callback = formfield

    def clean(self):
        if self.storage_problem:
            raise forms.ValidationError(self.storage_problem)
        return super().clean()
