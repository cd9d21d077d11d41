"""`{% picture image use="teaser" %}`: an image as <picture> with WebP and JPEG renditions.

Pages never link the uploaded original: every size comes from the renditions (prefetch
`lead_image__renditions` for lists, so a page makes one query for all its images).
"""

import logging

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.media import storage_errors
from images.models import Image, Rendition, at_least

logger = logging.getLogger(__name__)
register = template.Library()

# Where an image appears: which crop, and how wide it is shown (the `sizes` attribute, matching site.css).
USES = {
    "article": (Rendition.Crop.ORIGINAL, "(min-width: 44rem) 42rem, calc(100vw - 2rem)"),
    "teaser": (Rendition.Crop.WIDE, "(min-width: 40rem) 12rem, min(20rem, calc(100vw - 2rem))"),
    "square": (Rendition.Crop.SQUARE, "(min-width: 40rem) 12rem, min(20rem, calc(100vw - 2rem))"),
}
# Width of the JPEG in `src`, for the rare browser without srcset.
FALLBACK_WIDTH = 960


def srcset(renditions: list[Rendition], urls: dict[Rendition, str]) -> str:
    return ", ".join(f"{urls[rendition]} {rendition.width}w" for rendition in renditions)


@register.simple_tag
def picture(image: Image, use: str = "article", eager: bool = False) -> str:
    """Lazy loading unless `eager` (the lead image, which is usually in view at once).

    Built in Python, as Wagtail's {% image %} is: teaser lists show twenty of these, and a template per image
    was a third of the time of such a page."""
    crop, sizes = USES[use]
    if image.is_gone():
        return ""  # the licence has ended: callers show "Bild nicht mehr verfügbar" instead
    try:
        renditions = image.renditions_for(crop)
    except storage_errors() as error:
        # The stored file is missing or unreadable, or renditions that had to be made now could not be stored
        # (disk full or read-only, bucket unreachable): the page still works, the figure keeps its caption and
        # credit, nothing half-made is kept, and the log says which image needs attention (docs/betrieb.md).
        logger.warning("Bildvarianten für Bild %s (%s) fehlen: %r", image.pk, image.file.name, error)
        return ""
    urls = {rendition: rendition.file.url for rendition in renditions}
    webp = [r for r in renditions if r.format == Rendition.Format.WEBP]
    jpeg = [r for r in renditions if r.format == Rendition.Format.JPEG]
    fallback = at_least(jpeg, FALLBACK_WIDTH)
    # The widest rendition's size gives the aspect ratio, so the page does not jump while loading.
    largest = jpeg[-1]
    loading = mark_safe(' fetchpriority="high"' if eager else ' loading="lazy"')
    return format_html(
        '<picture>\n  <source type="image/webp" srcset="{}" sizes="{}">\n'
        '  <img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{} decoding="async">\n</picture>',
        srcset(webp, urls),
        sizes,
        urls[fallback],
        srcset(jpeg, urls),
        sizes,
        largest.width,
        largest.height,
        image.alt_text,
        loading,
    )
