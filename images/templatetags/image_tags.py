"""`{% picture image use="teaser" %}`: an image as <picture> with WebP and JPEG renditions.

Pages never link the uploaded original: every size comes from the renditions (prefetch
`lead_image__renditions` for lists, so a page makes one query for all its images).
"""

import logging

from django import template

from images.models import Image, Rendition

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


def srcset(renditions: list[Rendition]) -> str:
    return ", ".join(f"{rendition.file.url} {rendition.width}w" for rendition in renditions)


@register.inclusion_tag("images/picture.html")
def picture(image: Image, use: str = "article", eager: bool = False) -> dict:
    """Lazy loading unless `eager` (the lead image, which is usually in view at once)."""
    crop, sizes = USES[use]
    try:
        renditions = image.renditions_for(crop)
    except OSError:
        # The stored file is missing or unreadable (storage trouble, not reader input): the page still works,
        # the figure keeps its caption and credit, and the log says which image needs attention.
        logger.exception("Bildvarianten für Bild %s (%s) fehlen", image.pk, image.file.name)
        return {"image": None}
    webp = [r for r in renditions if r.format == Rendition.Format.WEBP]
    jpeg = [r for r in renditions if r.format == Rendition.Format.JPEG]
    return {
        "image": image,
        "sizes": sizes,
        "webp_srcset": srcset(webp),
        "jpeg_srcset": srcset(jpeg),
        "fallback": image.rendition(width=FALLBACK_WIDTH, crop=crop),
        # The widest rendition's size gives the aspect ratio, so the page does not jump while loading.
        "largest": jpeg[-1],
        "eager": eager,
    }
