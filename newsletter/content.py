"""What an issue shows, for its archive page and its mail alike: the same entries from the same query."""

import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article
from core.richtext import plain_text, with_languages

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


def entry_for(article: Article) -> Entry:
    picture = {}
    rendition = article.lead_rendition(width=MAIL_IMAGE_WIDTH)
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
        .select_related("section", "lead_image")
        .prefetch_related("lead_image__renditions")
        .order_by("issueitem__position", "issueitem__pk")
    )


def issue_entries(issue: Issue) -> list[Entry]:
    return [entry_for(article) for article in issue_articles(issue)]


def editorial_html(issue: Issue) -> SafeString:
    """The sanitised editorial with addresses on this site made absolute (in a mail, "/" means nothing)."""
    return mark_safe(_LOCAL_ADDRESS.sub(lambda m: f"{m[1]}{settings.SITE_URL}/", str(with_languages(issue.editorial))))


def editorial_text(issue: Issue) -> str:
    return plain_text(issue.editorial)
