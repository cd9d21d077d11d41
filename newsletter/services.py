"""Side effects of the newsletter, each checking what it may do: signup, confirmation, unsubscribing, the
Redaktion's issue steps and the send's state changes."""

import logging
import smtplib
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article

from .mails import MAX_HTML_BYTES, IssueMail, confirmation_message, message_id
from .models import (
    CONFIRMATION_MAIL_INTERVAL,
    CONFIRMATION_WINDOW,
    CONSENT_VERSION,
    MAX_ISSUE_ARTICLES,
    Delivery,
    Issue,
    IssueItem,
    NewsletterList,
    Subscriber,
    Subscription,
    new_key,
)
from .tasks import enqueue_send

logger = logging.getLogger(__name__)

# Without an earlier issue, a new one starts with the articles of this many days.
FIRST_ISSUE_DAYS = 7
DELIVERY_BATCH = 1000


# --- readers ---------------------------------------------------------------------------------------------------


def remove_expired(*, now: datetime | None = None) -> int:
    """Delete what the 48-hour window has already hidden: unconfirmed addresses and unconfirmed list requests."""
    now = now or timezone.now()
    count, _deleted = Subscriber.objects.expired(now).delete()
    stale = Subscription.objects.filter(confirmed_at__isnull=True, requested_at__lte=now - CONFIRMATION_WINDOW)
    return count + stale.delete()[0]


def request_subscription(*, email: str, lists: list[NewsletterList], source_page: str) -> bool:
    """Record a signup and send the one confirmation mail it may cost; True if a mail went out.

    The answer to the reader is the same whatever happens here (known address or not, mail or not), so the form
    tells nobody who is subscribed. At most one confirmation mail per address per 24 hours."""
    now = timezone.now()
    remove_expired(now=now)
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.select_for_update().get_or_create(
            email=email,
            defaults={"requested_at": now, "source_page": source_page, "consent_version": CONSENT_VERSION},
        )
        already = set(subscriber.subscriptions.values_list("newsletter_list_id", flat=True))
        new = [item for item in lists if item.pk not in already]
        Subscription.objects.bulk_create(
            [
                Subscription(
                    subscriber=subscriber, newsletter_list=item, requested_at=now, consent_version=CONSENT_VERSION
                )
                for item in new
            ]
        )
        unconfirmed = list(
            NewsletterList.objects.filter(
                subscriptions__subscriber=subscriber, subscriptions__confirmed_at__isnull=True
            )
        )
        recently = (
            subscriber.confirmation_sent_at and now - subscriber.confirmation_sent_at < CONFIRMATION_MAIL_INTERVAL
        )
        if not unconfirmed or recently:
            return False
        subscriber.confirmation_sent_at = now
        subscriber.confirmation_nonce = new_key()
        if not subscriber.is_confirmed:
            subscriber.requested_at, subscriber.source_page = now, source_page
            subscriber.consent_version = CONSENT_VERSION
        subscriber.save()
    try:
        confirmation_message(subscriber=subscriber, lists=unconfirmed).send()
    except (smtplib.SMTPException, OSError) as error:
        # The mark is taken back, so the reader may try again at once.
        Subscriber.objects.filter(pk=subscriber.pk).update(confirmation_sent_at=None)
        logger.error("Newsletter: confirmation mail failed (%s)", type(error).__name__)
        raise
    return True


class ConfirmResult:
    CONFIRMED = "confirmed"
    ALREADY = "already"


def confirm(*, subscriber: Subscriber, nonce: str) -> str:
    """Confirm the address and its requested lists with the newest link; "already" if nothing was left to do."""
    now = timezone.now()
    with transaction.atomic():
        locked = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        pending = Subscription.objects.filter(subscriber=locked, confirmed_at__isnull=True)
        if locked.confirmation_nonce != nonce or not pending.exists():
            return ConfirmResult.ALREADY
        pending.update(confirmed_at=now)
        if locked.confirmed_at is None:
            locked.confirmed_at = now
        # The owner of the mailbox has just read a mail from us: a past hard bounce no longer holds.
        locked.disabled_at, locked.disabled_reason = None, ""
        locked.confirmation_nonce = new_key()
        locked.save(update_fields=["confirmed_at", "confirmation_nonce", "disabled_at", "disabled_reason"])
    return ConfirmResult.CONFIRMED


def forget_if_unsubscribed(subscriber_id: int) -> None:
    """An address without any list is deleted: nothing is kept that no longer has a purpose."""
    Subscriber.objects.filter(pk=subscriber_id).exclude(subscriptions__isnull=False).delete()


def unsubscribe(*, subscriber_id: int, key: str, list_id: int) -> bool:
    """Remove one list (the one-click POST); True if there was something to remove."""
    with transaction.atomic():
        removed, _ = Subscription.objects.filter(
            subscriber_id=subscriber_id, subscriber__key=key, newsletter_list_id=list_id
        ).delete()
        forget_if_unsubscribed(subscriber_id)
    return bool(removed)


def set_lists(*, subscriber: Subscriber, lists: list[NewsletterList]) -> None:
    """The manage page: the link from a newsletter proves the mailbox, so chosen lists count as confirmed."""
    now = timezone.now()
    with transaction.atomic():
        Subscription.objects.filter(subscriber=subscriber).exclude(newsletter_list__in=lists).delete()
        Subscription.objects.filter(subscriber=subscriber, confirmed_at__isnull=True).update(confirmed_at=now)
        have = set(Subscription.objects.filter(subscriber=subscriber).values_list("newsletter_list_id", flat=True))
        Subscription.objects.bulk_create(
            [
                Subscription(
                    subscriber=subscriber,
                    newsletter_list=item,
                    requested_at=now,
                    confirmed_at=now,
                    consent_version=CONSENT_VERSION,
                )
                for item in lists
                if item.pk not in have
            ]
        )
        if subscriber.confirmed_at is None:
            Subscriber.objects.filter(pk=subscriber.pk).update(confirmed_at=now)
        forget_if_unsubscribed(subscriber.pk)


def consent_record(subscriber: Subscriber) -> dict:
    """Everything stored about one address (DSGVO Art. 15), for the Redaktion's download."""

    def iso(moment):
        return moment.isoformat() if moment else None

    return {
        "email": subscriber.email,
        "angemeldet_am": iso(subscriber.requested_at),
        "bestaetigt_am": iso(subscriber.confirmed_at),
        "fassung_einwilligungstext": subscriber.consent_version,
        "angemeldet_auf_seite": subscriber.source_page,
        "bestaetigungsmail_gesendet_am": iso(subscriber.confirmation_sent_at),
        "abgeschaltet_am": iso(subscriber.disabled_at),
        "grund_der_abschaltung": subscriber.disabled_reason,
        "listen": [
            {
                "liste": subscription.newsletter_list.name,
                "angemeldet_am": iso(subscription.requested_at),
                "bestaetigt_am": iso(subscription.confirmed_at),
                "fassung_einwilligungstext": subscription.consent_version,
            }
            for subscription in subscriber.subscriptions.select_related("newsletter_list")
        ],
        "zustellungen": [
            {"ausgabe": subject, "stand": state, "gesendet_am": iso(sent_at)}
            for subject, state, sent_at in subscriber.deliveries.order_by("pk").values_list(
                "issue__subject", "state", "sent_at"
            )
        ],
        "gespeichert_wird_nicht": "IP-Adresse, Name, Öffnungen, Klicks",
    }


# --- the Redaktion ---------------------------------------------------------------------------------------------


def _require_send_right(user) -> None:
    if not user.has_perm("newsletter.send_issue"):
        raise PermissionDenied(_("Nur die Redaktion darf Ausgaben senden."))


def suggested_articles(newsletter_list: NewsletterList, *, since: datetime | None):
    """Published articles since the list's last issue, of its sections and keywords, oldest first."""
    articles = Article.objects.published()
    if since is not None:
        articles = articles.filter(published_at__gt=since)
    else:
        articles = articles.filter(published_at__gt=timezone.now() - timedelta(days=FIRST_ISSUE_DAYS))
    section_ids = list(newsletter_list.sections.values_list("pk", flat=True))
    if section_ids:
        articles = articles.filter(section_id__in=section_ids)
    keyword_ids = list(newsletter_list.keywords.values_list("pk", flat=True))
    if keyword_ids:
        articles = articles.filter(keyword_items__tag_id__in=keyword_ids).distinct()
    return articles.order_by("-published_at", "-pk")[:MAX_ISSUE_ARTICLES]


def fill_issue(*, issue: Issue) -> int:
    """Put the suggested articles into a new issue, newest first; the editor reorders, removes and adds."""
    since = Issue.objects.exclude(pk=issue.pk).last_sent_at(issue.newsletter_list)
    articles = list(suggested_articles(issue.newsletter_list, since=since))
    IssueItem.objects.bulk_create(
        [IssueItem(issue=issue, article=article, position=(number + 1) * 10) for number, article in enumerate(articles)]
    )
    return len(articles)


def start_issue(*, newsletter_list: NewsletterList, subject: str, user) -> Issue:
    issue = Issue.objects.create(newsletter_list=newsletter_list, subject=subject, created_by=user)
    fill_issue(issue=issue)
    return issue


def send_problems(issue: Issue) -> list[str]:
    """Why this issue cannot be sent (German), or nothing."""
    if not issue.is_draft:
        return [
            _("Diese Ausgabe wurde bereits gesendet oder ist zum Versand geplant. Eine Ausgabe geht nur einmal hinaus.")
        ]
    mail = IssueMail(issue)
    problems = []
    if mail.entry_count == 0:
        problems.append(_("Die Ausgabe enthält keinen veröffentlichten Beitrag."))
    if mail.html_bytes > MAX_HTML_BYTES:
        problems.append(
            _("Die Mail wäre %(size)s KB groß, höchstens %(limit)s KB sind möglich. Bitte Beiträge entfernen.")
            % {"size": mail.html_bytes // 1024, "limit": MAX_HTML_BYTES // 1024}
        )
    return problems


def send_issue(*, issue: Issue, user, at: datetime | None = None) -> Issue:
    """Send now or plan the send for `at`: once. The conditional UPDATE is the guard; a second call (a double
    click, a second editor, a forged POST) changes nothing and raises ValidationError with a German message."""
    _require_send_right(user)
    problems = send_problems(issue)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    send_at = max(at, now) if at else now
    with transaction.atomic():
        changed = Issue.objects.filter(pk=issue.pk, state=Issue.State.DRAFT).update(
            state=Issue.State.SCHEDULED, send_at=send_at, sent_by=user
        )
        if not changed:
            raise ValidationError(send_problems(Issue.objects.get(pk=issue.pk)))
        enqueue_send(issue.pk, run_after=send_at if send_at > now else None)
    issue.refresh_from_db()
    return issue


def cancel_plan(*, issue: Issue, user) -> bool:
    """A planned send whose time has not come goes back to a draft; False if it has started already."""
    _require_send_right(user)
    return bool(
        Issue.objects.filter(pk=issue.pk, state=Issue.State.SCHEDULED, send_at__gt=timezone.now()).update(
            state=Issue.State.DRAFT, send_at=None, sent_by=None
        )
    )


def send_test(*, issue: Issue, user) -> str:
    """The issue to the editor's own address, marked as a test; returns the address."""
    if not user.email:
        raise ValidationError(
            _("Ihr Benutzerkonto hat keine E-Mail-Adresse. Bitte unter „Passwort und Konto“ eintragen.")
        )
    mail = IssueMail(issue)
    message = mail.message_for(to=user.email, subscriber_id=0, key="test", message_id=message_id(0, issue.pk))
    message.subject = f"[Test] {mail.subject}"
    message.send()
    return user.email


# --- the send --------------------------------------------------------------------------------------------------


def start_sending(*, issue: Issue) -> bool:
    """Planned → sending, with one delivery row per subscriber of the list at this moment; once."""
    now = timezone.now()
    with transaction.atomic():
        if not Issue.objects.filter(pk=issue.pk, state=Issue.State.SCHEDULED, send_at__lte=now).update(
            state=Issue.State.SENDING
        ):
            return False
        recipients = (
            Subscriber.objects.receiving()
            .filter(subscriptions__newsletter_list=issue.newsletter_list, subscriptions__confirmed_at__isnull=False)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        batch = []
        for subscriber_id in recipients.iterator(chunk_size=DELIVERY_BATCH):
            batch.append(Delivery(issue=issue, subscriber_id=subscriber_id, next_try_at=now))
            if len(batch) == DELIVERY_BATCH:
                Delivery.objects.bulk_create(batch, ignore_conflicts=True)
                batch = []
        Delivery.objects.bulk_create(batch, ignore_conflicts=True)
    return True


def finish_if_done(*, issue: Issue) -> bool:
    now = timezone.now()
    with transaction.atomic():
        if Delivery.objects.filter(issue=issue, state__in=Delivery.OPEN_STATES).exists():
            return False
        return bool(
            Issue.objects.filter(pk=issue.pk, state=Issue.State.SENDING).update(state=Issue.State.SENT, finished_at=now)
        )


def resume_sends() -> int:
    """Enqueue every send that should be running: after a worker was killed its task never finished, and no other
    task follows it. Called by `manage.py newsletter_resume` before each worker starts (scripts/worker)."""
    due = Issue.objects.filter(Q(state=Issue.State.SENDING) | Q(state=Issue.State.SCHEDULED))
    count = 0
    for issue_id, send_at in due.values_list("pk", "send_at"):
        with transaction.atomic():
            enqueue_send(issue_id, run_after=send_at if send_at and send_at > timezone.now() else None)
        count += 1
    return count


def delivery_counts(issue: Issue) -> dict[str, int]:
    counts = dict.fromkeys(Delivery.State.values, 0)
    for state, number in issue.deliveries.values_list("state").annotate(number=Count("pk")).order_by():
        counts[state] = number
    return counts
