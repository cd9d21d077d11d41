"""Link mailen: the form, the limits and the message.

The form takes one recipient address and nothing else: free text and sender names are what spammers abuse in
"tell a friend" features. Limits count in the database (core.limits: no cache pressure can erase them) under keyed
hashes (HMAC with SECRET_KEY), so neither the database nor the logs ever hold an address.
"""

import logging
import re
import smtplib
from urllib.parse import quote

import idna
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from core import limits

from .models import Article

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "website"
HOUR = 60 * 60
DAY = 24 * HOUR


# The address rule: plain local@domain.tld. The local part is ASCII letters, digits and . _ + - (no quotes, no
# %, ! or = routing, no encoded words); the domain has at least two labels, may be international (sent
# punycoded, IDNA 2008), ends in a top-level domain of letters and is not a special-use name that no public
# mailbox lives under. IP literals ([10.0.0.1]) and hosts without a dot (localhost) are refused with it.
LOCAL_PART = re.compile(r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*")
LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
TOP_LEVEL = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}")
SPECIAL_USE_TLDS = frozenset(
    {"example", "invalid", "localhost", "test", "local", "onion", "arpa", "internal", "alt", "lan", "home", "corp"}
)
SPECIAL_USE_DOMAINS = frozenset({"example.com", "example.net", "example.org"})
NOT_PUBLIC = _(
    "An diese Adresse verschicken wir keine Links. Bitte eine gewöhnliche Adresse der Form name@beispiel.de angeben."
)


def public_address(value: str) -> str:
    """`value` as the address to send to (domain punycoded and lower case), or ValidationError (German)."""
    local, at, domain = value.rpartition("@")
    if not at or not LOCAL_PART.fullmatch(local) or len(local) > 64:
        raise ValidationError(NOT_PUBLIC, code="not_public")
    try:
        ascii_domain = idna.encode(domain, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        raise ValidationError(NOT_PUBLIC, code="not_public") from None
    labels = ascii_domain.split(".")
    if (
        len(labels) < 2
        or not all(LABEL.fullmatch(label) for label in labels)
        or not TOP_LEVEL.fullmatch(labels[-1])
        or labels[-1] in SPECIAL_USE_TLDS
        or ".".join(labels[-2:]) in SPECIAL_USE_DOMAINS
    ):
        raise ValidationError(NOT_PUBLIC, code="not_public")
    return f"{local}@{ascii_domain}"


class SingleAddressField(forms.EmailField):
    """One e-mail address, checked before Django strips the value, so line breaks can't slip through; it must
    also follow the address rule above."""

    default_error_messages = {
        "required": _("Bitte eine E-Mail-Adresse angeben."),
        "invalid": _("Bitte eine gültige E-Mail-Adresse angeben, z. B. name@beispiel.de."),
        "max_length": _("Eine E-Mail-Adresse hat höchstens 254 Zeichen."),
    }
    widget = forms.EmailInput(attrs={"autocomplete": "email"})

    def __init__(self, **kwargs):
        super().__init__(max_length=254, **kwargs)

    def clean(self, value):
        if isinstance(value, str):
            if "\r" in value or "\n" in value:
                raise ValidationError(_("Die Adresse darf keinen Zeilenumbruch enthalten."), code="line_break")
            if any(separator in value.strip() for separator in ",; \t"):
                raise ValidationError(_("Bitte genau eine Adresse angeben."), code="several")
        return public_address(super().clean(value))


class LinkMailForm(forms.Form):
    recipient = SingleAddressField(label=_("E-Mail-Adresse der Empfängerin oder des Empfängers"))
    # Honeypot: hidden from people by CSS, filled in by bots that complete every field.
    website = forms.CharField(
        label=_("Bitte dieses Feld leer lassen"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    accepted_fields = frozenset({"recipient", HONEYPOT_FIELD, "csrfmiddlewaretoken"})

    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD))

    def clean(self):
        cleaned = super().clean()
        if set(self.data) - self.accepted_fields:
            raise ValidationError(_("Das Formular enthält Felder, die es nicht gibt. Bitte nur die Adresse angeben."))
        if hasattr(self.data, "getlist") and len(self.data.getlist("recipient")) > 1:
            self.add_error("recipient", _("Bitte genau eine Adresse angeben."))
        return cleaned


LIMITS = (
    limits.Limit(
        "client",
        HOUR,
        "LINK_MAIL_PER_CLIENT_PER_HOUR",
        _(
            "Von Ihrem Anschluss wurden in der letzten Stunde schon viele Links verschickt. Bitte später erneut versuchen."
        ),
    ),
    limits.Limit(
        "recipient",
        DAY,
        "LINK_MAIL_PER_RECIPIENT_PER_DAY",
        _("An diese Adresse können heute keine weiteren Links verschickt werden. Bitte morgen erneut versuchen."),
    ),
    limits.Limit(
        "site",
        DAY,
        "LINK_MAIL_PER_DAY",
        _("Heute wurden über diese Seite schon sehr viele Links verschickt. Bitte morgen erneut versuchen."),
    ),
)


def limit_message(*, client: str, recipient: str) -> str | None:
    """Count this mail against every limit; the German message of the first one exceeded, or None."""
    values = {"client": client, "recipient": recipient.lower(), "site": "all"}
    for limit in LIMITS:
        if limits.over_limit(limit, values[limit.kind]):
            return str(limit.message)
    return None


def mail_subject(article: Article) -> str:
    # Headlines never contain line breaks, but a header must not break even if one did.
    return " ".join(f"Lesetipp: {article.headline}".split())


def mailto_url(article: Article) -> str:
    """A mailto: link with subject and address filled in, for readers who send from their own program."""
    return f"mailto:?subject={quote(mail_subject(article))}&body={quote(article.canonical_url())}"


def link_mail_message(*, article: Article, recipient: str) -> EmailMultiAlternatives:
    home = article.home_portal
    context = {"article": article, "url": article.canonical_url(), "site_name": home.display_name, "portal": home}
    message = EmailMultiAlternatives(
        subject=mail_subject(article),
        body=render_to_string("articles/mail/link_mail.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient],
    )
    message.attach_alternative(render_to_string("articles/mail/link_mail.html", context), "text/html")
    return message


def send_link_mail(*, article: Article, recipient: str) -> bool:
    """Send the link to `recipient`; False (and a log entry without the address) if the mail server fails."""
    try:
        link_mail_message(article=article, recipient=recipient).send()
    except (smtplib.SMTPException, OSError) as error:
        # Only the error's type: SMTP exceptions carry the recipient address in their arguments.
        logger.error("Link mailen: sending failed for article %s (%s)", article.pk, type(error).__name__)
        return False
    return True
