"""What the portal tells machines about an article: absolute URLs, the lead image, schema.org JSON-LD.

Feeds, sitemaps and the article page's head all take the lead image from `lead_image_url`, so a change of
image delivery (renditions) happens in one place.
"""

import json

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from core.media import storage_errors

# As django.utils.html.json_script: inside <script> these characters could end the element or open a comment.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def absolute_url(path: str) -> str:
    """A site path as an absolute URL on SITE_URL (never the request's Host header)."""
    return f"{settings.SITE_URL}{path}"


def lead_image_url(article) -> str:
    """Absolute URL of the article's lead image (a rendition), or "" without one."""
    rendition = article.lead_rendition()
    return absolute_url(rendition.file.url) if rendition else ""


def lead_image_type(article) -> str:
    rendition = article.lead_rendition()
    return rendition.mime_type if rendition else "image/jpeg"


def lead_image_size(article) -> int:
    """Bytes of the lead image file, 0 if the file is missing (an enclosure needs a length)."""
    try:
        return article.lead_rendition().file.size
    except (AttributeError, *storage_errors()):
        return 0


def person_data(contributor) -> dict:
    """schema.org Person or Organization of a contributor: name, and while they have a profile page its address
    and their links (sameAs); of one who left, the name alone."""
    data = {"@type": "Organization" if contributor.kind == "organisation" else "Person", "name": contributor.name}
    if contributor.is_active:
        data["url"] = absolute_url(contributor.get_absolute_url())
        if same_as := contributor.same_as:
            data["sameAs"] = same_as
    return data


def author_data(article, publisher: dict) -> list[dict]:
    """The article's `author`: the contributors who wrote it; without any, the publisher. A shorthand such as "bw"
    is no name of a person, and Google's article guidance asks for real names or the organisation
    (docs/autorinnen-und-autoren.md)."""
    return [person_data(writer) for writer in article.writers()] or [publisher]


def news_article_data(article) -> dict:
    """schema.org NewsArticle for an article page."""
    publisher = {"@type": "Organization", "name": settings.SITE_NAME, "url": absolute_url("/")}
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": absolute_url(article.get_absolute_url()),
        "headline": article.headline,
        "description": article.lead,
        "datePublished": article.published_at.isoformat(),
        "dateModified": max(article.updated_at, article.published_at).isoformat(),
        "author": author_data(article, publisher),
        "publisher": publisher,
        "articleSection": article.section.name,
        "keywords": [keyword.name for keyword in article.keywords.all()],
        "inLanguage": "de",
    }
    if article.kicker:
        data["alternativeHeadline"] = article.kicker
    if rendition := article.lead_rendition():  # none once the picture's licence has ended
        image = article.lead_image
        data["image"] = {
            "@type": "ImageObject",
            "url": absolute_url(rendition.file.url),
            "width": rendition.width,
            "height": rendition.height,
            "caption": article.image_caption,
            "creditText": image.credit,
        }
    return data


def breadcrumb_data(article) -> dict:
    """schema.org BreadcrumbList of an article page: Startseite › section › article."""
    trail = [
        (settings.SITE_NAME, absolute_url("/")),
        (article.section.name, absolute_url(article.section.get_absolute_url())),
        (article.headline, absolute_url(article.get_absolute_url())),
    ]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def json_ld(data: dict) -> SafeString:
    """A <script type="application/ld+json"> element whose content cannot end the element early."""
    text = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # escaped by the translate above
