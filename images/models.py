from datetime import datetime

from django.conf import settings
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.dispatch import receiver
from django.utils import timezone
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _

from core.media import note_storage_failure, storage_errors

# Width of the small renditions that lists and choosers show.
THUMBNAIL_WIDTH = 320


def at_least(renditions: list["Rendition"], width: int) -> "Rendition":
    """Of renditions sorted narrowest first: the first at least `width` pixels wide, else the widest."""
    return next((r for r in renditions if r.width >= width), renditions[-1])


class PictureWithdrawn(ValueError):
    """The image's licence has ended: nothing of it may be shown or made any more (images/rights.py)."""


class ImageQuerySet(models.QuerySet):
    def licence_ended(self, now: datetime | None = None):
        """Images whose licence has ended: no output shows them any more (docs/bildrechte.md)."""
        return self.filter(licence_ends_at__lte=now or timezone.now())

    def next_licence_end(self, now: datetime) -> datetime | None:
        """The next licence end still ahead: pages change by themselves then. Registered with the page cache;
        one index entry read (the partial index below)."""
        return (
            self.filter(licence_ends_at__gt=now)
            .order_by("licence_ends_at")
            .values_list("licence_ends_at", flat=True)
            .first()
        )


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
    # The point that crops must keep visible, as fractions of width and height (0 = left/top edge).
    focal_x = models.FloatField(
        _("Bildmitte waagerecht"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("0 = linker Rand, 1 = rechter Rand; leer = Bildmitte. Am einfachsten per Klick ins Vorschaubild."),
    )
    focal_y = models.FloatField(
        _("Bildmitte senkrecht"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("0 = oberer Rand, 1 = unterer Rand; leer = Bildmitte."),
    )
    # SHA-256 of the stored file when its renditions were last made; a different file means new renditions.
    file_hash = models.CharField(_("Prüfsumme der Datei"), max_length=64, blank=True, editable=False)
    # The rights record's `valid_until`, kept on the image (ImageRights.save) so that every page decides whether
    # it may show the picture from the image row it already has: no join, no query per picture.
    licence_ends_at = models.DateTimeField(_("Lizenz endet"), null=True, blank=True, editable=False)
    # When the files of an ended licence were removed from the media storage (images/services.py).
    files_removed_at = models.DateTimeField(_("Dateien entfernt am"), null=True, blank=True, editable=False)

    objects = ImageQuerySet.as_manager()

    class Meta:
        verbose_name = _("Bild")
        verbose_name_plural = _("Bilder")
        ordering = ["-uploaded_at", "-pk"]
        indexes = [
            # The next licence end ahead (next_licence_end) in one index entry; few images have one, hence partial.
            models.Index(
                fields=["licence_ends_at"],
                condition=models.Q(licence_ends_at__isnull=False),
                name="image_licence_end_idx",
            ),
        ]

    def __str__(self):
        return f"{self.alt_text} ({self.credit})"

    def save(self, *args, **kwargs):
        # The licence end is the rights record's; a save of an image loaded before the record changed keeps it.
        if self.pk is not None:
            self.licence_ends_at = (
                ImageRights.objects.filter(image_id=self.pk).values_list("valid_until", flat=True).first()
            )
        super().save(*args, **kwargs)

    def licence_has_ended(self, now: datetime | None = None) -> bool:
        """Whether the licence has ended; decided by time, no cron (docs/bildrechte.md)."""
        return self.licence_ends_at is not None and self.licence_ends_at <= (now or timezone.now())

    def is_gone(self, now: datetime | None = None) -> bool:
        """Whether no output may show this picture: its licence has ended, or its file was withdrawn. Every output
        asks this before showing it, and shows "Bild nicht mehr verfügbar" instead (images/rights.py)."""
        return not self.file or self.licence_has_ended(now)

    def rendition_key(self, crop: str) -> str:
        """What a rendition of `crop` was made from: the file, and for cut-outs also the focal point."""
        if crop == Rendition.Crop.ORIGINAL:
            return self.file_hash
        return f"{self.file_hash}@{self.focal_point[0]:.3f},{self.focal_point[1]:.3f}"

    @property
    def focal_point(self) -> tuple[float, float]:
        return (
            0.5 if self.focal_x is None else self.focal_x,
            0.5 if self.focal_y is None else self.focal_y,
        )

    def renditions_for(self, crop: str = "original") -> list["Rendition"]:
        """The up-to-date renditions of one crop, narrowest first.

        Reads `renditions` (prefetch it for lists: no query per image). Renditions that are missing or were
        made from an older file or focal point are made now, once; after that pages only read them.
        """
        if self.is_gone():
            raise PictureWithdrawn(f"Bild {self.pk}: Lizenz beendet")
        key = self.rendition_key(crop)
        current = [r for r in self.known_renditions() if r.crop == crop and r.source_key == key and self.file_hash]
        if not current:
            from .renditions import ensure_renditions

            # Storage that refused them once (full, read-only, unreachable) is not asked again for this instance:
            # a page asks for the lead image up to four times (picture, print, OpenGraph, JSON-LD).
            if failure := getattr(self, "_rendition_failure", None):
                raise failure
            try:
                self._made_renditions = ensure_renditions(self)
            except storage_errors() as error:
                self._rendition_failure = error
                note_storage_failure(error)
                raise
            current = [r for r in self._made_renditions if r.crop == crop]
        return sorted(current, key=lambda r: (r.width, r.format))

    def known_renditions(self) -> list["Rendition"]:
        """The renditions this instance knows of, without making any: those just made on it, else those fetched
        for its page (prefetch_renditions), else `renditions.all()` (prefetched for lists, else one query)."""
        # Renditions just made on this instance take precedence over a prefetched, now outdated list.
        made = getattr(self, "_made_renditions", None)
        if made:
            return made
        fetched = getattr(self, "_fetched_renditions", None)
        return fetched if fetched is not None else list(self.renditions.all())

    def rendition(self, *, width: int, fmt: str = "jpeg", crop: str = "original") -> "Rendition":
        """The narrowest rendition at least `width` pixels wide (else the widest there is), in `fmt`."""
        return at_least([r for r in self.renditions_for(crop) if r.format == fmt], width)

    def ready_rendition(self, *, width: int, fmt: str = "jpeg", crop: str = "original") -> "Rendition | None":
        """Like rendition(), but only from the renditions already made (None if there are none yet): for the
        chooser's lists, which must not make renditions for a whole page of images in one request."""
        if self.is_gone():
            return None
        key = self.rendition_key(crop)
        made = [r for r in self.known_renditions() if r.crop == crop and r.format == fmt and r.source_key == key]
        return at_least(sorted(made, key=lambda r: r.width), width) if made and self.file_hash else None

    def rendition_url(self, *, width: int = 1280, fmt: str = "jpeg", crop: str = "original") -> str:
        """URL of a derived image for feeds, structured data, print and PDF; never the uploaded original,
        which may still carry private EXIF data. The credit to show with it is `self.credit`."""
        return self.rendition(width=width, fmt=fmt, crop=crop).file.url


class Rendition(models.Model):
    """A derived image: one crop of an Image, at one width, in one format; made once, stored via the storage API."""

    class Crop(models.TextChoices):
        ORIGINAL = "original", _("ganzes Bild")
        WIDE = "16:9", _("16:9")
        SQUARE = "1:1", _("quadratisch")

    class Format(models.TextChoices):
        WEBP = "webp", "WebP"
        JPEG = "jpeg", "JPEG"

    image = models.ForeignKey(Image, verbose_name=_("Bild"), on_delete=models.CASCADE, related_name="renditions")
    crop = models.CharField(_("Ausschnitt"), max_length=10, choices=Crop.choices)
    width = models.PositiveIntegerField(_("Breite (px)"))
    height = models.PositiveIntegerField(_("Höhe (px)"))
    format = models.CharField(_("Format"), max_length=4, choices=Format.choices)
    file = models.FileField(_("Datei"), max_length=255)
    source_key = models.CharField(_("Quelle"), max_length=100, help_text=_("Image.rendition_key beim Erzeugen."))
    created_at = models.DateTimeField(_("erzeugt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Bildvariante")
        verbose_name_plural = _("Bildvarianten")
        constraints = [
            models.UniqueConstraint(fields=["image", "crop", "width", "format"], name="rendition_unique_per_image"),
        ]

    def __str__(self):
        return f"{self.image_id} {self.crop} {self.width}px {self.format}"

    @property
    def mime_type(self) -> str:
        return f"image/{self.format}"


def prefetch_renditions(images_by_crop: dict[str, list["Image | None"]]) -> None:
    """Fetch the renditions that the images of a page show, for all of them in one query.

    `images_by_crop` maps a crop to the images shown in it (None for articles without an image). Each image then
    knows only the renditions of its crops (Image.known_renditions): a teaser's picture needs the 4 renditions of
    its 16:9 cut-out, not all 18 of the image. A missing crop is made on first use, as with a prefetch."""
    wanted = {crop: {image.pk for image in images if image is not None} for crop, images in images_by_crop.items()}
    condition = models.Q()
    for crop, ids in wanted.items():
        if ids:
            condition |= models.Q(image_id__in=ids, crop=crop)
    if not condition:
        return
    by_image = {}
    for rendition in Rendition.objects.filter(condition):
        by_image.setdefault(rendition.image_id, []).append(rendition)
    for images in images_by_crop.values():
        for image in images:
            if image is not None:
                image._fetched_renditions = by_image.get(image.pk, [])


class PrivateStorage(LazyObject):
    """The storage of proof documents and withdrawn originals: STORAGES["private"], never below a public URL."""

    def _setup(self):
        self._wrapped = storages["private"]


private_storage = PrivateStorage()


def private_files() -> PrivateStorage:
    # A callable, so that migrations name it instead of a path of the machine they were made on.
    return private_storage


@receiver(setting_changed)
def _private_storage_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        private_storage._wrapped = empty


def proof_upload_to(rights: "ImageRights", filename: str) -> str:
    # The uploaded name may carry personal data (a sender's name); the stored one carries only the image id.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"nachweise/{rights.image_id}/nachweis.{extension}"


class ImageRights(models.Model):
    """The rights record of one library image: what licence, from whom, for which outputs, for how long.

    Authors read it, the Redaktion changes it and opens the proof document (docs/bildrechte.md)."""

    class Licence(models.TextChoices):
        OWN = "own", _("eigenes Werk")
        AGENCY = "agency", _("Agentur")
        HANDOUT = "handout", _("Pressebild/Handout")
        CREATIVE_COMMONS = "cc", _("Creative Commons")
        PUBLIC_DOMAIN = "public", _("gemeinfrei")
        UNKNOWN = "unknown", _("unbekannt")

    image = models.OneToOneField(Image, verbose_name=_("Bild"), on_delete=models.CASCADE, related_name="rights")
    licence = models.CharField(_("Lizenzart"), max_length=10, choices=Licence.choices, default=Licence.UNKNOWN)
    cc_version = models.CharField(
        _("CC-Lizenz und Version"),
        max_length=40,
        blank=True,
        help_text=_("Nur bei Creative Commons, z. B. „CC BY 4.0“ oder „CC BY-SA 3.0 DE“."),
    )
    licensor = models.CharField(
        _("Lizenzgeber"), max_length=200, blank=True, help_text=_("Wer die Rechte einräumt, z. B. die Agentur.")
    )
    scope_web = models.BooleanField(_("Website"), default=True, help_text=_("Beitragsseite, Listen, Feeds."))
    scope_print = models.BooleanField(_("Druck und PDF"), default=True)
    scope_newsletter = models.BooleanField(_("Newsletter"), default=True)
    scope_portals = models.BooleanField(_("andere Portale und Partner"), default=False)
    valid_from = models.DateTimeField(_("gültig ab"), null=True, blank=True)
    valid_until = models.DateTimeField(
        _("gültig bis"),
        null=True,
        blank=True,
        help_text=_(
            "Leer: unbefristet. Ab diesem Zeitpunkt zeigt keine Ausgabe das Bild mehr; seine Dateien werden gelöscht."
        ),
    )
    restrictions = models.TextField(
        _("Einschränkungen"),
        blank=True,
        help_text=_("z. B. „nur im Zusammenhang mit der Messe“, „Namensnennung Pflicht“."),
    )
    proof = models.FileField(
        _("Nachweis"),
        storage=private_files,
        upload_to=proof_upload_to,
        max_length=200,
        blank=True,
        help_text=_("Vertrag, Rechnung oder Mail als PDF, JPEG oder PNG; nur die Redaktion kann ihn öffnen."),
    )
    # The original of a picture whose licence ended, moved out of the public media storage (images/services.py).
    withdrawn_original = models.CharField(_("zurückgezogene Originaldatei"), max_length=255, blank=True, editable=False)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Bildrechte")
        verbose_name_plural = _("Bildrechte")
        permissions = [("view_proof", _("Kann Nachweise der Bildrechte öffnen"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gt=models.F("valid_from")),
                name="imagerights_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.get_licence_display()}: {self.image_id}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        Image.objects.filter(pk=self.image_id).update(licence_ends_at=self.valid_until)
        self.image.licence_ends_at = self.valid_until

    def delete(self, *args, **kwargs):
        image_id = self.image_id
        result = super().delete(*args, **kwargs)
        Image.objects.filter(pk=image_id).update(licence_ends_at=None)
        return result

    @property
    def licence_label(self) -> str:
        if self.licence == self.Licence.CREATIVE_COMMONS and self.cc_version:
            return self.cc_version
        return str(self.get_licence_display())
