"""Queue tasks (Django's Tasks API through the django-tasks backport; the database backend of django-tasks-db by
default, run by `manage.py db_worker`). A send is a chain of short tasks: each sends for at most
NEWSLETTER_TASK_SECONDS and enqueues the next, so a worker can stop between two of them and several workers on
PostgreSQL share the rows."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django_tasks import task

from .delivery import deliver_due
from .models import Delivery, Issue

logger = logging.getLogger(__name__)

# After a run that lost the mail server three times, the next try waits this long.
PAUSE_AFTER_CONNECTION_LOSS = timedelta(seconds=60)
# Another worker may still hold the last rows: look again shortly.
RECHECK_AFTER = timedelta(seconds=2)


def enqueue_send(issue_id: int, *, run_after=None) -> None:
    """Put the next step of an issue's send on the queue, once the current transaction has committed."""

    def enqueue():
        planned = send_issue if run_after is None else send_issue.using(run_after=run_after)
        planned.enqueue(issue_id)

    transaction.on_commit(enqueue)


@task()
def send_issue(issue_id: int) -> str:
    from .services import finish_if_done, start_sending

    issue = Issue.objects.select_related("newsletter_list").filter(pk=issue_id).first()
    if issue is None:
        return "gelöscht"
    if issue.state == Issue.State.SCHEDULED:
        if issue.send_at > timezone.now():
            return "noch nicht fällig"  # planned again for later; its own task comes then
        start_sending(issue=issue)
        issue.refresh_from_db()
    if issue.state != Issue.State.SENDING:
        return "nichts zu tun"
    report = deliver_due(issue=issue, seconds=settings.NEWSLETTER_TASK_SECONDS)
    if report.connection_lost:
        enqueue_send(issue_id, run_after=timezone.now() + PAUSE_AFTER_CONNECTION_LOSS)
        return f"{report.sent} gesendet, Mailserver nicht erreichbar"
    open_rows = Delivery.objects.filter(issue=issue, state__in=Delivery.OPEN_STATES)
    next_try = open_rows.aggregate(first=Min("next_try_at"))["first"]
    if next_try is None:
        finish_if_done(issue=issue)
    else:
        now = timezone.now()
        enqueue_send(issue_id, run_after=max(next_try, now + RECHECK_AFTER) if next_try > now else None)
    return f"{report.sent} gesendet, {report.refused} abgewiesen"
