"""Signed addresses in the newsletter's links: confirmation (48 hours, single use through the nonce),
unsubscribing from one list and managing the lists (valid as long as the address is subscribed).

Each token names the subscriber's row and its random key: a deleted and re-created address gets a new key, so
old links of the old row lead nowhere."""

from dataclasses import dataclass

from django.core import signing

from .models import CONFIRMATION_WINDOW, Subscriber

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
MANAGE_SALT = "newsletter.manage"


class BadToken(Exception):
    pass


class ExpiredToken(BadToken):
    pass


@dataclass(frozen=True)
class Claim:
    subscriber_id: int
    key: str
    nonce: str = ""
    list_id: int | None = None


def confirmation_token(subscriber: Subscriber) -> str:
    return signing.dumps([subscriber.pk, subscriber.key, subscriber.confirmation_nonce], salt=CONFIRM_SALT)


def unsubscribe_token(subscriber_id: int, key: str, list_id: int) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object([subscriber_id, key, list_id])


def manage_token(subscriber_id: int, key: str) -> str:
    return signing.Signer(salt=MANAGE_SALT).sign_object([subscriber_id, key])


def _ints_and_strs(value, shape: tuple[type, ...]) -> list:
    if not isinstance(value, list) or len(value) != len(shape):
        raise BadToken
    if not all(type(item) is kind for item, kind in zip(value, shape, strict=True)):
        raise BadToken
    if any(kind is int and not 0 < item < 2**63 for item, kind in zip(value, shape, strict=True)):
        raise BadToken
    return value


def read_confirmation(token: str) -> Claim:
    try:
        value = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRMATION_WINDOW)
    except signing.SignatureExpired:
        raise ExpiredToken from None
    except signing.BadSignature:
        raise BadToken from None
    subscriber_id, key, nonce = _ints_and_strs(value, (int, str, str))
    return Claim(subscriber_id, key, nonce=nonce)


def read_unsubscribe(token: str) -> Claim:
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        raise BadToken from None
    subscriber_id, key, list_id = _ints_and_strs(value, (int, str, int))
    return Claim(subscriber_id, key, list_id=list_id)


def read_manage(token: str) -> Claim:
    try:
        value = signing.Signer(salt=MANAGE_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        raise BadToken from None
    subscriber_id, key = _ints_and_strs(value, (int, str))
    return Claim(subscriber_id, key)


def subscriber_for(claim: Claim) -> Subscriber | None:
    """The live subscriber the claim names, or None (deleted, expired unconfirmed, or re-created)."""
    return Subscriber.objects.live().filter(pk=claim.subscriber_id, key=claim.key).first()
