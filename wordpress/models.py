from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Keyword, Section
from images.models import Image


class ImportedItemQuerySet(models.QuerySet):
    def for_wordpress_id(self, kind: str, wp_id: int):
        """The newest import of a WordPress id of this kind (several sites may have used the same number)."""
        return self.filter(kind=kind, wp_id=wp_id).order_by("-imported_at", "-pk")


class ImportedItem(models.Model):
    """What one WordPress object (post, attachment, category, tag) became here, so that a re-import finds it.

    `source_hash` is the export's item as last imported: the same hash again means nothing changed there.
    `written_hash` is what the import last wrote into the article or image: if that no longer matches, someone
    edited it in Newsroom since, and a re-import keeps their edit."""

    class Kind(models.TextChoices):
        POST = "post", _("Beitrag")
        ATTACHMENT = "attachment", _("Bild")
        CATEGORY = "category", _("Kategorie")
        TAG = "tag", _("Schlagwort")

    site = models.CharField(_("WordPress-Site"), max_length=300, help_text=_("Adresse des Blogs laut Export."))
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    wp_id = models.BigIntegerField(_("WordPress-ID"))
    wp_slug = models.CharField(_("WordPress-Kurzname"), max_length=200, blank=True)
    guid = models.CharField(_("WordPress-GUID"), max_length=500, blank=True)
    # Null once the object was deleted here: a re-import then does not bring it back.
    article = models.ForeignKey(Article, verbose_name=_("Beitrag"), on_delete=models.SET_NULL, null=True, blank=True)
    image = models.ForeignKey(Image, verbose_name=_("Bild"), on_delete=models.SET_NULL, null=True, blank=True)
    section = models.ForeignKey(Section, verbose_name=_("Bereich"), on_delete=models.SET_NULL, null=True, blank=True)
    keyword = models.ForeignKey(Keyword, verbose_name=_("Stichwort"), on_delete=models.SET_NULL, null=True, blank=True)
    source_hash = models.CharField(_("Prüfsumme im Export"), max_length=64, blank=True)
    written_hash = models.CharField(_("Prüfsumme des Imports"), max_length=64, blank=True)
    imported_at = models.DateTimeField(_("zuletzt importiert"), auto_now=True)

    objects = ImportedItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("Importiertes WordPress-Element")
        verbose_name_plural = _("Importierte WordPress-Elemente")
        ordering = ["site", "kind", "wp_id"]
        constraints = [
            models.UniqueConstraint(fields=["site", "kind", "wp_id"], name="wordpress_item_unique_per_site"),
        ]
        indexes = [
            models.Index(fields=["kind", "wp_id"], name="wordpress_kind_id_idx"),
            models.Index(fields=["kind", "wp_slug"], name="wordpress_kind_slug_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.wp_id} ({self.site})"

    def get_absolute_url(self):
        """The public page of what it became here ("" for images and deleted objects)."""
        target = self.article or self.section or self.keyword
        return target.get_absolute_url() if target is not None else ""
