from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Image(models.Model):
    """A picture in the image library; one image can illustrate many articles."""

    file = models.ImageField(
        _("Bilddatei"),
        upload_to="images/%Y/%m/",
        width_field="width",
        height_field="height",
        help_text=_("JPEG, PNG, WebP oder GIF."),
    )
    # Filled by the ImageField on save; null while Django cannot read the size of a file.
    width = models.PositiveIntegerField(_("Breite (px)"), editable=False, null=True)
    height = models.PositiveIntegerField(_("Höhe (px)"), editable=False, null=True)
    alt_text = models.CharField(
        _("Alternativtext"),
        max_length=250,
        help_text=_("Beschreibt, was auf dem Bild zu sehen ist, für Menschen, die es nicht sehen können."),
    )
    caption = models.CharField(
        _("Bildunterschrift"),
        max_length=300,
        blank=True,
        help_text=_("Standard-Bildunterschrift; ein Artikel kann eine eigene angeben."),
    )
    credit = models.CharField(
        _("Bildquelle"),
        max_length=200,
        help_text=_("Urheber oder Rechteinhaber, erscheint als „Bildquelle: …“. Pflichtangabe."),
    )
    source_url = models.URLField(
        _("Quell-URL"),
        blank=True,
        help_text=_("Optional: woher das Bild stammt (Agentur, Pressestelle)."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hochgeladen von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("hochgeladen am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Bild")
        verbose_name_plural = _("Bilder")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return f"{self.alt_text} ({self.credit})"
