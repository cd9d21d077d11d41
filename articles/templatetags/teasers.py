"""`{% teaser article heading="h3" %}`: an article's teaser, rendered once and then taken from a cache.

Lists show twenty teasers, and rendering one (links, date, <picture> with its renditions, credit) costs as much
as a tenth of the page. The cache key is made of everything the teaser shows, so any change to the article,
its section, type or image, or to the teaser's templates, gives a new key: nothing to invalidate, and never a
stale teaser. The teasers live in their own cache ("fragments").
"""

import functools

from django import template
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.fingerprints import fingerprint, layout_digest
from images.templatetags import image_tags

from . import dates

register = template.Library()

TEASER_TEMPLATE = "includes/_teaser.html"
# Everything that shapes a teaser's markup besides the data: if any of these changes, every key changes.
LAYOUT_TEMPLATES = (TEASER_TEMPLATE, "includes/_figure.html")
LAYOUT_MODULES = (image_tags, dates)
TEASER_CROP = image_tags.USES["teaser"][0]
# Keys never go stale; the timeout only frees memory from teasers nobody asks for.
TIMEOUT_SECONDS = 24 * 3600


@functools.cache
def layout_fingerprint() -> bytes:
    return layout_digest(LAYOUT_TEMPLATES, [module.__file__ for module in LAYOUT_MODULES])


def teaser_key(article, heading: str) -> str:
    """Everything the teaser shows: the article's own fields, its section, type and image with its renditions."""
    image = article.shown_lead_image  # None once the licence has ended: a teaser without the picture
    shown = [
        get_language(),
        heading,
        article.pk,
        article.kicker,
        article.headline,
        article.lead,
        article.slug,
        article.published_at.isoformat(),
        article.section.slug,
        article.article_type.name,
        article.article_type.shows_badge,
    ]
    if image:
        shown += [image.pk, image.credit, image.alt_text, image.file_hash, image.focal_point]
        # Renditions are never changed, only replaced by new rows: their ids stand for their files. Only the crop
        # a teaser shows counts, so that a teaser has one key whichever renditions its page fetched.
        shown += sorted(rendition.pk for rendition in image.known_renditions() if rendition.crop == TEASER_CROP)
    return "teaser:" + fingerprint(layout_fingerprint(), shown)


@register.simple_tag
def teaser(article, heading: str = "h2") -> str:
    """The teaser markup of `article`, with its title as `heading` ("h2" or "h3")."""
    cache = caches["fragments"]
    key = teaser_key(article, heading)
    html = cache.get(key)
    if html is None:
        html = render_to_string(TEASER_TEMPLATE, {"article": article, "heading": heading})
        # An image whose file could not be read is left out of the teaser (and logged); such a teaser is not
        # kept, so that the image is back as soon as its file is.
        if not article.shown_lead_image or "<picture>" in html:
            cache.set(key, html, TIMEOUT_SECONDS)
    return mark_safe(html)  # rendered by the autoescaping template above, here or on an earlier request
