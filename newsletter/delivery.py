"""Sending an issue: one delivery row at a time, claimed in a transaction, marked sent as the SMTP server accepts.

The order of one delivery over SMTP (the send is "at most once"):

1. a transaction claims the row (`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, so several workers share the
   rows; SQLite takes the write lock at once and runs one worker);
2. MAIL FROM, RCPT TO (5xx: hard bounce, the address is switched off; 4xx: a later try with back-off), DATA and
   the whole message except the final "." line;
3. the row is marked sent and the transaction COMMITs;
4. only then the final "." goes out and the server accepts the message.

A worker killed before step 3 leaves the row pending and an unfinished SMTP transaction, which the server throws
away: the next worker sends it once. Killed between the COMMIT and the "." (a few microseconds in which nothing
but a socket write happens) the row says sent and the message is lost: never sent twice, at worst missing once.
docs/newsletter.md explains the choice. Other mail backends (console, locmem: `make run`, tests) send after the
COMMIT and set the row back for a later try if sending fails.
"""

import logging
import re
import smtplib
import socket
import ssl
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from .mails import IssueMail, message_id
from .models import Delivery, Issue, Subscriber, Subscription

logger = logging.getLogger(__name__)

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
CONNECTION_FAILURES_BEFORE_PAUSE = 3
_EOL = re.compile(rb"\r\n|\r|\n")
_LEADING_DOT = re.compile(rb"(?m)^\.")
_ENHANCED_STATUS = re.compile(r"^[245]\.\d{1,3}\.\d{1,3}$")


class ConnectionLost(Exception):
    """The mail server is unreachable or dropped the connection: nothing is known about the open row."""


@dataclass(frozen=True)
class Refusal:
    code: int
    reply: str

    @property
    def permanent(self) -> bool:
        return 500 <= self.code < 600


def reply_summary(code: int, message: bytes | str) -> str:
    """The code and the enhanced status ("550 5.1.1"), never the server's text, which may repeat the address."""
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
    first = text.split(maxsplit=1)[0] if text.split() else ""
    return f"{code} {first}" if _ENHANCED_STATUS.match(first) else str(code)


def dot_stuffed(message: bytes) -> bytes:
    """The DATA payload without the final "." line: CRLF line ends, leading dots doubled, ends with CRLF."""
    data = _LEADING_DOT.sub(b"..", _EOL.sub(b"\r\n", message))
    return data if data.endswith(b"\r\n") else data + b"\r\n"


class SmtpTransport:
    """One SMTP connection (settings EMAIL_*) for many messages, each split at the final "."."""

    def __init__(self):
        self.smtp: smtplib.SMTP | None = None

    def open(self) -> None:
        try:
            if settings.EMAIL_USE_SSL:
                context = ssl.create_default_context()
                self.smtp = smtplib.SMTP_SSL(
                    settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=settings.EMAIL_TIMEOUT, context=context
                )
            else:
                self.smtp = smtplib.SMTP(settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=settings.EMAIL_TIMEOUT)
            self.smtp.ehlo()
            if settings.EMAIL_USE_TLS:
                self.smtp.starttls(context=ssl.create_default_context())
                self.smtp.ehlo()
            if settings.EMAIL_HOST_USER:
                self.smtp.login(settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)
            # The final "." goes out alone after the COMMIT: without this, Nagle's algorithm holds it back until
            # the server's delayed ACK (40 ms a message).
            self.smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except (smtplib.SMTPException, OSError) as error:
            self.abort()
            raise ConnectionLost(type(error).__name__) from None

    def abort(self) -> None:
        """Drop the connection without a final "." line: the server discards an unfinished message."""
        if self.smtp is not None:
            try:
                self.smtp.close()
            finally:
                self.smtp = None

    def close(self) -> None:
        if self.smtp is not None:
            with suppress(smtplib.SMTPException, OSError):
                self.smtp.quit()
            self.abort()

    def _command(self, call) -> tuple[int, bytes]:
        try:
            return call()
        except smtplib.SMTPServerDisconnected as error:
            self.abort()
            raise ConnectionLost(type(error).__name__) from None
        except OSError as error:
            self.abort()
            raise ConnectionLost(type(error).__name__) from None

    def prepare(self, *, sender: str, recipient: str, message: bytes) -> Refusal | None:
        """Everything but the final "."; a Refusal if the server refused the sender, the address or the data."""
        if self.smtp is None:
            self.open()
        smtp = self.smtp
        for call, accepted in (
            (lambda: smtp.mail(sender), (250,)),
            (lambda: smtp.rcpt(recipient), (250, 251)),
            (lambda: smtp.docmd("DATA"), (354,)),
        ):
            code, reply = self._command(call)
            if code not in accepted:
                self._command(smtp.rset)
                return Refusal(code, reply_summary(code, reply))
        try:
            smtp.send(dot_stuffed(message))
        except (smtplib.SMTPException, OSError) as error:
            self.abort()
            raise ConnectionLost(type(error).__name__) from None
        return None

    def finish(self) -> Refusal | None:
        """The final "." and the server's answer; a Refusal if it did not accept the message."""
        try:
            self.smtp.send(b".\r\n")
            code, reply = self.smtp.getreply()
        except (smtplib.SMTPException, OSError) as error:
            self.abort()
            raise ConnectionLost(type(error).__name__) from None
        return None if code == 250 else Refusal(code, reply_summary(code, reply))


class BackendTransport:
    """Any other Django mail backend (console in `make run`, locmem in tests): the message goes out after the
    COMMIT through the backend."""

    def __init__(self):
        self.connection = get_connection()
        self.pending = None

    def open(self) -> None:
        pass

    def abort(self) -> None:
        self.pending = None

    def close(self) -> None:
        self.pending = None

    def prepare(self, *, email_message) -> None:
        self.pending = email_message

    def finish(self) -> Refusal | None:
        message, self.pending = self.pending, None
        try:
            self.connection.send_messages([message])
        except (smtplib.SMTPException, OSError) as error:
            raise ConnectionLost(type(error).__name__) from None
        return None


@contextmanager
def claiming_transaction():
    """A transaction that holds the write lock from its start on SQLite (BEGIN IMMEDIATE): a web request's write
    waits for one message instead of failing with "database is locked" when both want to write."""
    connection = transaction.get_connection()
    if connection.vendor != "sqlite":
        with transaction.atomic():
            yield
        return
    if not hasattr(connection, "transaction_mode"):
        connection.get_connection_params()
    previous = connection.transaction_mode
    connection.transaction_mode = "IMMEDIATE"
    try:
        with transaction.atomic():
            yield
    finally:
        connection.transaction_mode = previous


class Throttle:
    """At most `per_minute` messages a minute from this worker (NEWSLETTER_SEND_PER_MINUTE; 0: no limit)."""

    def __init__(self, per_minute: int):
        self.interval = 60 / per_minute if per_minute > 0 else 0
        self.next_slot = time.monotonic()

    def wait(self) -> None:
        if not self.interval:
            return
        now = time.monotonic()
        if self.next_slot > now:
            time.sleep(self.next_slot - now)
        self.next_slot = max(self.next_slot, now) + self.interval


def retry_delay(attempts: int) -> timedelta:
    return timedelta(minutes=settings.NEWSLETTER_RETRY_MINUTES * 3 ** (attempts - 1))


def refused(delivery: Delivery, refusal: Refusal, now) -> None:
    """Record a refusal: 5xx switches the address off (hard bounce), 4xx plans another try until the last."""
    delivery.attempts += 1
    delivery.last_reply = refusal.reply
    if refusal.permanent:
        delivery.state = Delivery.State.BOUNCED
        if delivery.subscriber_id:
            Subscriber.objects.filter(pk=delivery.subscriber_id, disabled_at__isnull=True).update(
                disabled_at=now, disabled_reason=f"Unzustellbar: SMTP {refusal.reply}"
            )
    elif delivery.attempts >= settings.NEWSLETTER_MAX_ATTEMPTS:
        delivery.state = Delivery.State.FAILED
    else:
        delivery.state = Delivery.State.RETRYING
        delivery.next_try_at = now + retry_delay(delivery.attempts)
    delivery.save(update_fields=["attempts", "last_reply", "state", "next_try_at"])


@dataclass
class RunReport:
    sent: int = 0
    refused: int = 0
    connection_lost: bool = False


def deliver_due(*, issue: Issue, seconds: float) -> RunReport:
    """Send the due deliveries of `issue` for at most `seconds`, throttled; the caller decides what follows."""
    mail = IssueMail(issue)
    smtp = settings.EMAIL_BACKEND == SMTP_BACKEND
    transport = SmtpTransport() if smtp else BackendTransport()
    throttle = Throttle(settings.NEWSLETTER_SEND_PER_MINUTE)
    deadline = time.monotonic() + seconds
    report = RunReport()
    failures = 0
    try:
        while time.monotonic() < deadline:
            throttle.wait()
            try:
                outcome = deliver_one(issue=issue, mail=mail, transport=transport, smtp=smtp)
            except ConnectionLost as error:
                failures += 1
                logger.warning("Newsletter %s: mail server connection lost (%s)", issue.pk, error)
                if failures >= CONNECTION_FAILURES_BEFORE_PAUSE:
                    report.connection_lost = True
                    break
                time.sleep(min(5, failures))
                continue
            if outcome is None:
                break
            failures = 0
            if outcome == "sent":
                report.sent += 1
            else:
                report.refused += 1
    finally:
        transport.close()
    return report


def deliver_one(*, issue: Issue, mail: IssueMail, transport, smtp: bool) -> str | None:
    """Claim and send one due delivery: "sent", "refused", "cancelled", or None when none is due."""
    now = timezone.now()
    with claiming_transaction():
        subscribed = Subscription.objects.filter(
            subscriber_id=OuterRef("subscriber_id"),
            newsletter_list_id=issue.newsletter_list_id,
            confirmed_at__isnull=False,
        )
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("subscriber")
            .annotate(wanted=Exists(subscribed))
            .filter(issue=issue, state__in=Delivery.OPEN_STATES, next_try_at__lte=now)
            .order_by("pk")
            .first()
        )
        if delivery is None:
            return None
        subscriber = delivery.subscriber
        if subscriber is None or not (delivery.wanted and subscriber.confirmed_at and subscriber.disabled_at is None):
            delivery.state = Delivery.State.CANCELLED
            delivery.save(update_fields=["state"])
            return "cancelled"
        recipient = {
            "to": subscriber.email,
            "subscriber_id": subscriber.pk,
            "key": subscriber.key,
            "message_id": message_id(delivery.pk, issue.pk),
        }
        if smtp:
            refusal = transport.prepare(
                sender=issue.newsletter_list.sender_email,
                recipient=subscriber.email,
                message=mail.wire_bytes(**recipient),
            )
            if refusal is not None:
                refused(delivery, refusal, now)
                return "refused"
        else:
            transport.prepare(email_message=mail.message_for(**recipient))
        delivery.attempts += 1
        delivery.state = Delivery.State.SENT
        delivery.sent_at = now
        delivery.last_reply = ""
        delivery.save(update_fields=["attempts", "state", "sent_at", "last_reply"])
    # Committed: now the message may be accepted.
    try:
        refusal = transport.finish()
    except ConnectionLost:
        if not smtp:
            # Nothing went out: the row waits for another try.
            Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.RETRYING, next_try_at=now)
        raise
    if refusal is not None:
        with transaction.atomic():
            # The try was counted when the row was marked sent.
            delivery.attempts -= 1
            refused(delivery, refusal, now)
            Delivery.objects.filter(pk=delivery.pk).update(sent_at=None)
        return "refused"
    return "sent"
