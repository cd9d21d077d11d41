from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Image, ImageRights
from .validation import ACCEPT, PROOF_ACCEPT, validate_image_file, validate_proof_file


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


class ProofInput(forms.FileInput):
    """A plain file input: the stored proof has no public address to show (ImageRightsInline links it)."""

    def format_value(self, value):
        return None


class ProofField(forms.FileField):
    widget = ProofInput

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "accept": PROOF_ACCEPT}

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is not None:
            extension = validate_proof_file(upload, size=upload.size)
            # Stored under the extension its content calls for, whatever the file was called.
            upload.name = f"nachweis.{extension}"
        return upload


class ImageRightsForm(forms.ModelForm):
    proof = ProofField(
        label=_("Nachweis"),
        required=False,
        help_text=_(
            "Vertrag, Rechnung oder Mail als PDF, JPEG oder PNG; eine neue Datei ersetzt den gespeicherten Nachweis. "
            "Öffnen kann ihn nur die Redaktion."
        ),
    )

    class Meta:
        model = ImageRights
        fields = [
            "licence",
            "cc_version",
            "licensor",
            "scope_web",
            "scope_print",
            "scope_newsletter",
            "scope_portals",
            "valid_from",
            "valid_until",
            "restrictions",
            "proof",
        ]

    def clean(self):
        cleaned = super().clean()
        licence, version = cleaned.get("licence"), (cleaned.get("cc_version") or "").strip()
        if licence == ImageRights.Licence.CREATIVE_COMMONS and not version:
            self.add_error("cc_version", _("Bei Creative Commons bitte Lizenz und Version angeben, z. B. „CC BY 4.0“."))
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end <= start:
            self.add_error("valid_until", _("Das Ende der Lizenz muss nach ihrem Beginn liegen."))
        return cleaned
