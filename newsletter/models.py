"""Newsletter: lists, subscribers with their consent, issues ("Ausgaben") and one delivery row per recipient.

What a reader sees is decided by query, never by a cron job: an unconfirmed address older than 48 hours does not
exist for any page or send (`Subscriber.objects.live()`), and is removed by the next signup or by
`manage.py newsletter_cleanup`; an issue is in the public archive once its send time has come.

Lists get a `portal` foreign key once portals exist: nothing here assumes there is only one site.
"""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.richtext import rich_text_field, sanitize_body

# Double opt-in: how long a confirmation link is valid and an unconfirmed address is kept.
CONFIRMATION_WINDOW = timedelta(hours=48)
# At most one confirmation mail per address in this time (no mail-bombing of a stranger's address).
CONFIRMATION_MAIL_INTERVAL = timedelta(hours=24)
# The consent text a reader agreed to (templates/newsletter/_consent.html): a new wording gets a new version.
CONSENT_VERSION = "2026-12-01"
# Largest number of articles in one issue (and the size test's full issue).
MAX_ISSUE_ARTICLES = 30


def new_key() -> str:
    return secrets.token_hex(16)


class NewsletterList(models.Model):
    name = models.CharField(_("Name"), max_length=100, help_text=_("Z. B. „Wöchentlich: alle Meldungen“."))
    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True, help_text=_("Erscheint auf der Anmeldeseite."))
    sender_name = models.CharField(_("Absendername"), max_length=100, help_text=_("Z. B. der Name des Portals."))
    sender_email = models.EmailField(_("Absenderadresse"))
    reply_to = models.EmailField(_("Antwortadresse"), blank=True, help_text=_("Leer: Antworten gehen an den Absender."))
    sections = models.ManyToManyField(
        "articles.Section",
        verbose_name=_("Bereiche"),
        blank=True,
        help_text=_("Nur Beiträge dieser Bereiche kommen in eine neue Ausgabe; leer: alle Bereiche."),
    )
    keywords = models.ManyToManyField(
        "articles.Keyword",
        verbose_name=_("Stichwörter"),
        blank=True,
        help_text=_("Nur Beiträge mit einem dieser Stichwörter; leer: alle."),
    )
    active = models.BooleanField(_("Anmeldung möglich"), default=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Newsletter-Liste")
        verbose_name_plural = _("Newsletter-Listen")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class SubscriberQuerySet(models.QuerySet):
    def live(self, now: datetime | None = None):
        """Confirmed addresses and those whose confirmation window is still open: every other row is gone for
        every purpose, whether or not it has been deleted yet."""
        now = now or timezone.now()
        return self.filter(Q(confirmed_at__isnull=False) | Q(requested_at__gt=now - CONFIRMATION_WINDOW))

    def expired(self, now: datetime | None = None):
        now = now or timezone.now()
        return self.filter(confirmed_at__isnull=True, requested_at__lte=now - CONFIRMATION_WINDOW)

    def receiving(self):
        """Confirmed and not switched off by a hard bounce."""
        return self.filter(confirmed_at__isnull=False, disabled_at__isnull=True)


class Subscriber(models.Model):
    """One address and the proof of its consent: when it was asked for, from which page, under which consent text,
    and when the owner of the mailbox confirmed it. No IP address, no name, no click or open is stored."""

    email = models.EmailField(_("E-Mail-Adresse"), max_length=254, unique=True)
    key = models.CharField(_("Schlüssel"), max_length=32, default=new_key, editable=False)
    requested_at = models.DateTimeField(_("angemeldet am"), default=timezone.now)
    source_page = models.CharField(_("angemeldet auf der Seite"), max_length=200, blank=True)
    consent_version = models.CharField(_("Fassung des Einwilligungstextes"), max_length=20)
    confirmed_at = models.DateTimeField(_("bestätigt am"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(_("Bestätigungsmail gesendet am"), null=True, blank=True)
    # A new nonce with every confirmation mail: only the newest link confirms.
    confirmation_nonce = models.CharField(max_length=32, default=new_key, editable=False)
    disabled_at = models.DateTimeField(_("abgeschaltet am"), null=True, blank=True)
    disabled_reason = models.CharField(_("Grund der Abschaltung"), max_length=200, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("Abonnentin/Abonnent")
        verbose_name_plural = _("Abonnentinnen und Abonnenten")
        ordering = ["email"]
        indexes = [models.Index(fields=["confirmed_at", "requested_at"], name="subscriber_confirmation_idx")]

    def __str__(self):
        return self.email

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Subscription(models.Model):
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="subscriptions")
    newsletter_list = models.ForeignKey(
        NewsletterList, verbose_name=_("Liste"), on_delete=models.CASCADE, related_name="subscriptions"
    )
    requested_at = models.DateTimeField(_("angemeldet am"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("bestätigt am"), null=True, blank=True)
    consent_version = models.CharField(_("Fassung des Einwilligungstextes"), max_length=20)

    class Meta:
        verbose_name = _("Abonnement")
        verbose_name_plural = _("Abonnements")
        ordering = ["newsletter_list__position", "newsletter_list__name"]
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "newsletter_list"], name="subscription_once_per_list")
        ]

    def __str__(self):
        return str(self.newsletter_list)


class IssueQuerySet(models.QuerySet):
    def in_archive(self, now: datetime | None = None):
        """Issues readers may see: sent or being sent, or planned and their time has come."""
        now = now or timezone.now()
        return self.exclude(state=Issue.State.DRAFT).filter(send_at__lte=now)

    def next_scheduled_change(self, now: datetime) -> datetime | None:
        """The next planned send still ahead (it enters the archive then); registered with the page cache."""
        return (
            self.filter(state=Issue.State.SCHEDULED, send_at__gt=now)
            .order_by("send_at")
            .values_list("send_at", flat=True)
            .first()
        )

    def last_sent_at(self, newsletter_list) -> datetime | None:
        return (
            self.filter(newsletter_list=newsletter_list)
            .exclude(state=Issue.State.DRAFT)
            .order_by("-send_at")
            .values_list("send_at", flat=True)
            .first()
        )


class Issue(models.Model):
    """An "Ausgabe": a draft until the Redaktion sends or plans it; then it can never be sent again. The state
    moves only forward, each step a conditional UPDATE (services.py), and the database refuses a sent issue
    without a send time."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        SCHEDULED = "scheduled", _("Versand geplant")
        SENDING = "sending", _("wird versendet")
        SENT = "sent", _("versendet")

    newsletter_list = models.ForeignKey(
        NewsletterList, verbose_name=_("Liste"), on_delete=models.PROTECT, related_name="issues"
    )
    subject = models.CharField(_("Betreff"), max_length=150, help_text=_("Betreffzeile der Mail und Titel im Archiv."))
    editorial = rich_text_field(_("Optionales Editorial über den Beiträgen. Wird beim Speichern bereinigt."))
    state = models.CharField(_("Stand"), max_length=10, choices=State.choices, default=State.DRAFT, editable=False)
    send_at = models.DateTimeField(_("Versand ab"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("Versand abgeschlossen am"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angelegt von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gesendet von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    articles = models.ManyToManyField("articles.Article", through="IssueItem", verbose_name=_("Beiträge"))

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("Ausgabe")
        verbose_name_plural = _("Ausgaben")
        ordering = ["-created_at", "-pk"]
        permissions = [("send_issue", _("Kann Ausgaben senden"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["draft", "scheduled", "sending", "sent"]), name="issue_state_known"
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(send_at__isnull=False), name="issue_sent_has_send_time"
            ),
        ]

    def __str__(self):
        return self.subject

    def save(self, *args, **kwargs):
        self.subject = " ".join(self.subject.split())
        self.editorial = sanitize_body(self.editorial)
        super().save(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT


class IssueItem(models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey("articles.Article", verbose_name=_("Beitrag"), on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    class Meta:
        verbose_name = _("Beitrag der Ausgabe")
        verbose_name_plural = _("Beiträge der Ausgabe")
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["issue", "article"], name="issue_item_article_once")]

    def __str__(self):
        return str(self.article)


class Delivery(models.Model):
    """One mail of one issue to one subscriber: the unique pair is what makes a restarted worker skip what was
    sent. The subscriber is set to NULL when the address is deleted (Art. 17); the row keeps no address."""

    class State(models.TextChoices):
        PENDING = "pending", _("wartet")
        RETRYING = "retrying", _("neuer Versuch geplant")
        SENT = "sent", _("zugestellt an den Mailserver")
        BOUNCED = "bounced", _("unzustellbar (abgeschaltet)")
        FAILED = "failed", _("gescheitert")
        CANCELLED = "cancelled", _("entfallen (abgemeldet)")

    OPEN_STATES = (State.PENDING, State.RETRYING)

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, null=True, on_delete=models.SET_NULL, related_name="deliveries")
    state = models.CharField(_("Stand"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    next_try_at = models.DateTimeField(_("nächster Versuch"), default=timezone.now)
    sent_at = models.DateTimeField(_("gesendet am"), null=True, blank=True)
    last_reply = models.CharField(_("letzte Antwort des Mailservers"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Zustellung")
        verbose_name_plural = _("Zustellungen")
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="delivery_once_per_subscriber"),
        ]
        indexes = [models.Index(fields=["issue", "state", "next_try_at"], name="delivery_due_idx")]

    def __str__(self):
        return f"{self.issue} → {self.subscriber_id}"
