"""Signed, expiring preview links: /vorschau/<token>/ shows an unpublished article without an account.

What a link allows and how long it lives is said in one sentence (share_terms), the same on the preview's banner,
in the article form and in the confirmations, so that they can never contradict each other (docs/ablauf.md).
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .models import Article

SALT = "articles.preview"


def max_age() -> timedelta:
    return timedelta(days=settings.NEWSROOM_PREVIEW_DAYS)


def preview_url(article: Article, name: str = "articles:preview") -> str:
    """A fresh share link for the article (or its print view or PDF), valid for NEWSROOM_PREVIEW_DAYS days."""
    token = signing.TimestampSigner(salt=SALT).sign(str(article.pk))
    return reverse(name, kwargs={"token": token})


def article_pk_from_token(token: str) -> tuple[int, datetime]:
    """The article's primary key and the moment the link expires; raises SignatureExpired or BadSignature."""
    signer = signing.TimestampSigner(salt=SALT)
    value = signer.unsign(token, max_age=max_age())
    # unsign checked the token, which is "<pk>:<timestamp>:<signature>".
    signed_at = datetime.fromtimestamp(signing.b62_decode(token.rsplit(signer.sep, 2)[1]), tz=UTC)
    try:
        return int(value), signed_at + max_age()
    except ValueError as error:
        raise signing.BadSignature(token) from error


def local_moment(value: datetime) -> str:
    """A date with its time as the admin writes it, e.g. „14.3.2027, 9:30 Uhr“."""
    local = timezone.localtime(value)
    return _("%(date)s, %(time)s Uhr") % {
        "date": formats.date_format(local, "SHORT_DATE_FORMAT"),
        "time": formats.time_format(local, "G:i"),
    }


def share_terms(expires: datetime) -> str:
    """What a preview link allows and how long it lives, in the one wording every page uses."""
    return _(
        "Wer diesen Vorschau-Link hat, kann den noch nicht veröffentlichten Beitrag ohne Anmeldung lesen, drucken "
        "und als PDF laden – bis %(expires)s oder bis zur Veröffentlichung. Geben Sie ihn nur an Menschen weiter, "
        "die den Beitrag vorab sehen sollen."
    ) % {"expires": local_moment(expires)}


def fresh_expiry() -> datetime:
    """When a link made now expires."""
    return timezone.now() + max_age()
