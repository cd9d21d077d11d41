"""Signed, expiring preview links: /vorschau/<token>/ shows an unpublished article without an account."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import Article

SALT = "articles.preview"


def max_age() -> timedelta:
    return timedelta(days=settings.NEWSROOM_PREVIEW_DAYS)


def preview_url(article: Article) -> str:
    """A fresh share link for the article (its path), valid for NEWSROOM_PREVIEW_DAYS days. It shows the article
    only on its home portal's host: `absolute_preview_url` is the one to hand out."""
    token = signing.TimestampSigner(salt=SALT).sign(str(article.pk))
    return reverse("articles:preview", kwargs={"token": token})


def absolute_preview_url(article: Article) -> str:
    return article.home_portal.absolute_url(preview_url(article))


def article_pk_from_token(token: str) -> int:
    """The article's primary key; raises signing.SignatureExpired or signing.BadSignature."""
    value = signing.TimestampSigner(salt=SALT).unsign(token, max_age=max_age())
    try:
        return int(value)
    except ValueError as error:
        raise signing.BadSignature(token) from error
