from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.richtext import rich_text_field, sanitize_body, with_languages
from images.rights import body_for_readers

# The fixed top-level addresses of the static pages (reserved against sections in apps.py).
STATIC_PAGE_SLUGS = ("impressum", "datenschutz", "barrierefreiheit", "kontakt")
PAGE_NAMES = {
    "impressum": _("Impressum"),
    "datenschutz": _("Datenschutz"),
    "barrierefreiheit": _("Erklärung zur Barrierefreiheit"),
    "kontakt": _("Kontakt"),
}
PAGE_ADDRESS_CHOICES = [(slug, PAGE_NAMES[slug]) for slug in STATIC_PAGE_SLUGS]


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def in_footer(self):
        """Published pages in the order the editors set, for the footer."""
        return self.published().order_by("footer_position", "title")


class Page(models.Model):
    """A page the editors keep beside the articles (Impressum, Datenschutz, …), at a fixed German address."""

    title = models.CharField(
        _("Titel"), max_length=200, help_text=_("Überschrift der Seite und Text des Links im Fuß.")
    )
    slug = models.SlugField(
        _("Adresse"),
        max_length=50,
        unique=True,
        choices=PAGE_ADDRESS_CHOICES,
        help_text=_("Die feste Adresse der Seite; jede Adresse gibt es nur einmal."),
    )
    body = rich_text_field(_("Formatierungen und Links werden beim Speichern bereinigt, wie bei Beiträgen."))
    is_published = models.BooleanField(
        _("veröffentlicht"),
        default=False,
        help_text=_("Nur veröffentlichte Seiten sind erreichbar und im Fuß verlinkt."),
    )
    footer_position = models.PositiveIntegerField(
        _("Position im Fuß"), default=0, help_text=_("Reihenfolge der Links im Seitenfuß (klein zuerst).")
    )
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = _("Seite")
        verbose_name_plural = _("Seiten")
        ordering = ["footer_position", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The editor field sanitises only in forms; every other way of saving goes through here.
        self.body = sanitize_body(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pages:page", kwargs={"slug": self.slug})

    def body_for_readers(self):
        # Pictures whose licence has ended give way to the note (images/rights.py).
        return with_languages(body_for_readers(self.body))
