"""What an issue shows, for its archive page and its mail alike: the same entries from the same query."""

import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article
from core.richtext import plain_text, with_languages
from images.rights import OUTPUTS, body_picture_ids, gone_picture_ids, without_gone_pictures

from .models import Issue

# Width of the picture in the mail (a rendition at least this wide is chosen; the mail shows it at this width).
MAIL_IMAGE_WIDTH = 560
_LOCAL_ADDRESS = re.compile(r'(\s(?:src|href)=")/(?!/)')


def absolute(url: str) -> str:
    """A site path as an address that works outside the site (SITE_URL, never the request's Host)."""
    return url if "://" in url else f"{settings.SITE_URL}{url}"


@dataclass(frozen=True)
class Entry:
    kicker: str
    headline: str
    published_at: datetime
    lead: str
    url: str
    image_url: str = ""
    image_width: int = 0
    image_height: int = 0
    image_alt: str = ""
    image_credit: str = ""

    # The page links within the site; the mail needs addresses that work outside it.
    @property
    def mail_url(self) -> str:
        return absolute(self.url)

    @property
    def mail_image_url(self) -> str:
        return absolute(self.image_url) if self.image_url else ""


def may_show(image) -> bool:
    """A picture in an issue: its licence has not ended and, where a rights record exists, covers the newsletter
    (images/rights.py); otherwise the entry goes without it, as with images off."""
    if image is None or image.is_gone():
        return False
    try:
        rights = image.rights
    except ObjectDoesNotExist:
        return True
    return bool(getattr(rights, OUTPUTS["newsletter"].scope))


def entry_for(article: Article) -> Entry:
    picture = {}
    rendition = article.lead_rendition(width=MAIL_IMAGE_WIDTH) if may_show(article.lead_image) else None
    if rendition is not None:
        shown_height = round(rendition.height * MAIL_IMAGE_WIDTH / rendition.width) if rendition.width else 0
        picture = {
            "image_url": rendition.file.url,
            "image_width": min(MAIL_IMAGE_WIDTH, rendition.width),
            "image_height": shown_height if rendition.width >= MAIL_IMAGE_WIDTH else rendition.height,
            "image_alt": article.lead_image.alt_text,
            "image_credit": article.lead_image.credit,
        }
    return Entry(
        kicker=article.kicker,
        headline=article.headline,
        published_at=article.published_at,
        lead=article.lead,
        url=article.get_absolute_url(),
        **picture,
    )


def issue_articles(issue: Issue) -> list[Article]:
    """The issue's articles that readers may see, in the Redaktion's order (a withdrawn article drops out)."""
    return list(
        Article.objects.published()
        .filter(issueitem__issue=issue)
        .select_related("section", "lead_image", "lead_image__rights")
        .prefetch_related("lead_image__renditions")
        .order_by("issueitem__position", "issueitem__pk")
    )


def issue_entries(issue: Issue) -> list[Entry]:
    return [entry_for(article) for article in issue_articles(issue)]


def editorial_html(issue: Issue) -> SafeString:
    """The sanitised editorial, without pictures whose licence has ended, with addresses on this site made absolute
    (in a mail, "/" means nothing)."""
    shown = without_gone_pictures(issue.editorial, gone_picture_ids(body_picture_ids(issue.editorial)))
    return mark_safe(_LOCAL_ADDRESS.sub(lambda m: f"{m[1]}{settings.SITE_URL}/", str(with_languages(shown))))


def editorial_text(issue: Issue) -> str:
    return plain_text(issue.editorial)
