from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.richtext import rich_text_field, sanitize_body, with_languages
from images.rights import body_for_readers
from pagecache.changes import scoped
from portals.models import Portal, default_portal_id

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

    def in_footer(self, portal: Portal):
        """The portal's published pages in the order the editors set, for its footer."""
        return self.published().filter(portal=portal.pk).order_by("footer_position", "title")


class Page(models.Model):
    """A page the editors keep beside the articles (Impressum, Datenschutz, …), at a fixed German address. Each
    portal has its own: a portal may have another publisher."""

    portal = models.ForeignKey(
        Portal,
        verbose_name=_("Portal"),
        on_delete=models.PROTECT,
        related_name="pages",
        default=default_portal_id,
        help_text=_("Das Portal, in dessen Fuß die Seite steht."),
    )
    title = models.CharField(
        _("Titel"), max_length=200, help_text=_("Überschrift der Seite und Text des Links im Fuß.")
    )
    slug = models.SlugField(
        _("Adresse"),
        max_length=50,
        choices=PAGE_ADDRESS_CHOICES,
        help_text=_("Die feste Adresse der Seite; jede Adresse gibt es je Portal nur einmal."),
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
        constraints = [models.UniqueConstraint(fields=["portal", "slug"], name="page_slug_unique_per_portal")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The editor field sanitises only in forms; every other way of saving goes through here.
        self.body = sanitize_body(self.body)
        # A page shows on its portal only: other portals keep their cached pages (pagecache.changes.scoped).
        with scoped(self.portals()):
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pages:page", kwargs={"slug": self.slug})

    def delete(self, *args, **kwargs):
        with scoped(self.portals()):
            return super().delete(*args, **kwargs)

    def body_for_readers(self):
        # Pictures whose licence has ended give way to the note (images/rights.py).
        return with_languages(body_for_readers(self.body))

    def portals(self) -> set[int]:
        """Its portal, and the one it belonged to as stored (an editor may move it)."""
        stored = Page.objects.filter(pk=self.pk).values_list("portal_id", flat=True) if self.pk else []
        return {self.portal_id, *stored} - {None}
