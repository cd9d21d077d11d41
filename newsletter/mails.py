"""The newsletter's two kinds of mail: the confirmation mail of the double opt-in and an issue.

An issue is rendered once per send (HTML and text), with a random placeholder for the two links that differ per
subscriber; each recipient's message replaces the placeholders with their signed links. Nothing else differs:
no tracking pixel, no rewritten links.
"""

import secrets
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from .content import absolute, editorial_html, editorial_text, issue_entries
from .models import Issue, NewsletterList, Subscriber
from .tokens import confirmation_token, manage_token, unsubscribe_token

# Gmail clips a message whose HTML is larger than 102 KB (docs/newsletter.md).
MAX_HTML_BYTES = 102 * 1024


def one_line(text: str) -> str:
    """A header value: line breaks from stored text can never start a new header."""
    return " ".join(str(text).split())


def confirmation_url(subscriber: Subscriber) -> str:
    return absolute(reverse("newsletter:confirm", args=[confirmation_token(subscriber)]))


def unsubscribe_url(subscriber_id: int, key: str, list_id: int) -> str:
    return absolute(reverse("newsletter:unsubscribe", args=[unsubscribe_token(subscriber_id, key, list_id)]))


def manage_url(subscriber_id: int, key: str) -> str:
    return absolute(reverse("newsletter:manage", args=[manage_token(subscriber_id, key)]))


def confirmation_message(*, subscriber: Subscriber, lists: list[NewsletterList]) -> EmailMultiAlternatives:
    """The one mail of the double opt-in: the link and what it is for, no advertising, no article."""
    context = {"url": confirmation_url(subscriber), "lists": lists, "site_name": settings.SITE_NAME}
    message = EmailMultiAlternatives(
        subject=one_line(f"Bitte bestätigen: Newsletter von {settings.SITE_NAME}"),
        body=render_to_string("newsletter/mail/confirm.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
    )
    message.attach_alternative(render_to_string("newsletter/mail/confirm.html", context), "text/html")
    return message


class IssueMail:
    """An issue rendered once; `message(...)` gives each recipient's copy."""

    def __init__(self, issue: Issue):
        self.issue = issue
        self.newsletter_list = issue.newsletter_list
        self._unsubscribe = f"newsletter-abmelden-{secrets.token_hex(12)}"
        self._manage = f"newsletter-verwalten-{secrets.token_hex(12)}"
        context = {
            "issue": issue,
            "newsletter_list": self.newsletter_list,
            "entries": issue_entries(issue),
            "editorial_html": editorial_html(issue),
            "editorial_text": editorial_text(issue),
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            "archive_url": absolute(reverse("newsletter:issue", args=[issue.pk])),
            "unsubscribe_url": self._unsubscribe,
            "manage_url": self._manage,
        }
        self.html = render_to_string("newsletter/mail/issue.html", context)
        self.text = render_to_string("newsletter/mail/issue.txt", context)
        self.subject = one_line(issue.subject)
        self.entry_count = len(context["entries"])
        self._wire_template: bytes | None = None
        self._wire_placeholders: dict[str, str] = {}

    @property
    def html_bytes(self) -> int:
        return len(self.html.encode())

    def message(self, *, to: str, message_id: str, unsubscribe: str, manage: str, token: str) -> EmailMultiAlternatives:
        def personal(text: str) -> str:
            return text.replace(self._unsubscribe, unsubscribe).replace(self._manage, manage)

        headers = {
            "Message-ID": message_id,
            "List-Id": f"<{self.newsletter_list.slug}.{list_id_domain()}>",
            # RFC 2369 and RFC 8058: a mail program offers "Abmelden" and unsubscribes with one POST.
            "List-Unsubscribe": (
                f"<{unsubscribe}>, <mailto:{settings.NEWSLETTER_UNSUBSCRIBE_ADDRESS}?subject=abmelden%20{token}>"
            ),
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Precedence": "bulk",
            "Auto-Submitted": "auto-generated",
        }
        reply_to = self.newsletter_list.reply_to
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=personal(self.text),
            from_email=formataddr((one_line(self.newsletter_list.sender_name), self.newsletter_list.sender_email)),
            to=[to],
            reply_to=[reply_to] if reply_to else None,
            headers=headers,
        )
        message.attach_alternative(personal(self.html), "text/html")
        return message

    def message_for(self, *, to: str, subscriber_id: int, key: str, message_id: str) -> EmailMultiAlternatives:
        return self.message(to=to, message_id=message_id, **personal_links(subscriber_id, key, self.newsletter_list.pk))

    def wire_bytes(self, *, to: str, subscriber_id: int, key: str, message_id: str) -> bytes:
        """The message as sent over SMTP. Built once with placeholders, then each copy only replaces them: ten
        thousand copies cost no MIME building. Should an encoding ever split a placeholder (quoted-printable for
        very long lines), every copy is built whole instead."""
        values = {"to": to, "message_id": message_id, **personal_links(subscriber_id, key, self.newsletter_list.pk)}
        if self._wire_template is None:
            self._wire_template = self._build_wire_template()
        if not self._wire_template:
            return self.message(**values).message().as_bytes(linesep="\r\n")
        data = self._wire_template
        for name, placeholder in self._wire_placeholders.items():
            data = data.replace(placeholder.encode(), values[name].encode())
        return data

    def _build_wire_template(self) -> bytes:
        mark = secrets.token_hex(8)
        self._wire_placeholders = {
            "to": f"leser-{mark}@platzhalter.invalid",
            "message_id": f"<id-{mark}@platzhalter.invalid>",
            "unsubscribe": f"abmelden-{mark}",
            "manage": f"verwalten-{mark}",
            "token": f"schluessel-{mark}",
        }
        template = self.message(**self._wire_placeholders).message().as_bytes(linesep="\r\n")
        expected = {
            "to": 1,
            "message_id": 1,
            "unsubscribe": 1 + self.text.count(self._unsubscribe) + self.html.count(self._unsubscribe),
            "manage": self.text.count(self._manage) + self.html.count(self._manage),
            "token": 1,
        }
        intact = all(
            template.count(placeholder.encode()) == expected[name]
            for name, placeholder in self._wire_placeholders.items()
        )
        return template if intact else b""


def personal_links(subscriber_id: int, key: str, list_id: int) -> dict[str, str]:
    unsubscribe = unsubscribe_url(subscriber_id, key, list_id)
    return {
        "unsubscribe": unsubscribe,
        "manage": manage_url(subscriber_id, key),
        "token": unsubscribe.rstrip("/").rsplit("/", 1)[-1],
    }


def list_id_domain() -> str:
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return host if "." in host else f"{host}.invalid"


def message_id(delivery_id: int, issue_id: int) -> str:
    """One Message-ID per delivery row: a copy sent twice would carry the same one (and mail programs fold it)."""
    return f"<newsletter.{issue_id}.{delivery_id}@{list_id_domain()}>"
