"""Rules of the editorial workflow that need a user: which role may take which action on an article in which status.

One table, TRANSITIONS, decides: the buttons of the admin form and of the preview, the form's checks, the services
(articles/services.py) and the bulk actions all read it, so a forged POST cannot take a step the buttons do not
offer. Per-article questions without a user live on the model (publish_problems, can_be_edited_by); writes live
in articles.services; the editors' start page (desk_lists) is at the end.
"""

from dataclasses import dataclass

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Article
from .preview import preview_url

Status = Article.Status
# An article not saved yet.
NEW = None
# What each role holds (articles/roles.py): authors write, the Redaktion also publishes and withdraws.
WRITE = "articles.change_article"
PUBLISH = "articles.publish_article"


class Action(models.TextChoices):
    """What a button does, in the user's words (the value is what the button posts as `_aktion`)."""

    SAVE_DRAFT = "entwurf", gettext_lazy("Entwurf speichern")
    SUBMIT = "pruefung", gettext_lazy("Zur Prüfung geben")
    PUBLISH = "veroeffentlichen", gettext_lazy("Veröffentlichen")
    WITHDRAW = "zurueckziehen", gettext_lazy("Zurückziehen")
    SAVE = "speichern", gettext_lazy("Änderungen speichern")


@dataclass(frozen=True)
class Transition:
    action: Action
    permission: str
    from_statuses: tuple
    # None: the status stays as it is.
    to_status: str | None

    def target(self, from_status: str | None) -> str:
        return self.to_status or from_status or Status.DRAFT


# Roles × transitions. Saving a draft and handing it in are the authors' (and the Redaktion's); publishing,
# planning (publishing with a time ahead), withdrawing and changing what readers see are the Redaktion's alone.
TRANSITIONS = (
    Transition(Action.SAVE_DRAFT, WRITE, (NEW, Status.DRAFT, Status.REVIEW, Status.WITHDRAWN), Status.DRAFT),
    Transition(Action.SUBMIT, WRITE, (NEW, Status.DRAFT, Status.WITHDRAWN), Status.REVIEW),
    Transition(Action.SAVE, WRITE, (Status.REVIEW, Status.WITHDRAWN), None),
    Transition(Action.PUBLISH, PUBLISH, (NEW, Status.DRAFT, Status.REVIEW, Status.WITHDRAWN), Status.PUBLISHED),
    Transition(Action.SAVE, PUBLISH, (Status.PUBLISHED,), None),
    Transition(Action.WITHDRAW, PUBLISH, (Status.PUBLISHED,), Status.WITHDRAWN),
)


def status_label(status: str | None) -> str:
    return str(Status(status).label) if status else _("neu")


def default_action(from_status: str | None) -> Action:
    """Saving without a status change: what Enter in a field and a POST without a button do."""
    return Action.SAVE_DRAFT if from_status in (NEW, Status.DRAFT) else Action.SAVE


def action_label(action: Action, article: Article) -> str:
    """The button's words: publishing an article whose time is still ahead is „Planen“."""
    if action == Action.PUBLISH and article.published_at and article.published_at > timezone.now():
        return _("Planen")
    return str(action.label)


def actions_for(*, user, from_status: str | None) -> list[Action]:
    """The actions `user` may take on an article in `from_status`, in the order of the table."""
    return list(
        dict.fromkeys(
            transition.action
            for transition in TRANSITIONS
            if from_status in transition.from_statuses and user.has_perm(transition.permission)
        )
    )


def transition_for(*, action: str, user, from_status: str | None) -> tuple[Transition | None, list[str]]:
    """The table's row for `action` from `from_status` that `user` may take, or None and why not."""
    if action not in Action.values:
        return None, [_("Diese Aktion gibt es nicht.")]
    rows = [row for row in TRANSITIONS if row.action == action and from_status in row.from_statuses]
    if not rows:
        return None, [
            _("„%(action)s“ ist bei einem Beitrag mit dem Status „%(status)s“ nicht möglich.")
            % {"action": Action(action).label, "status": status_label(from_status)}
        ]
    allowed = [row for row in rows if user.has_perm(row.permission)]
    if not allowed:
        return None, [_("„%(action)s“ darf nur die Redaktion.") % {"action": Action(action).label}]
    return allowed[0], []


def transition_problems(*, article: Article, user, from_status: str | None) -> list[str]:
    """Why `user` may not save `article` with its (new) status, coming from `from_status`; empty if allowed.

    Every save asks this, whichever way it came: the move must be a row of the table the user may take, and an
    article readers will see must be complete."""
    to_status = article.status
    rows = [row for row in TRANSITIONS if from_status in row.from_statuses and row.target(from_status) == to_status]
    if not rows:
        return [
            _("Ein Beitrag mit dem Status „%(from)s“ kann nicht „%(to)s“ werden.")
            % {"from": status_label(from_status), "to": status_label(to_status)}
        ]
    if not any(user.has_perm(row.permission) for row in rows):
        return [
            _("Sie dürfen den Status „%(status)s“ nicht setzen; das darf nur die Redaktion.")
            % {"status": status_label(to_status)}
        ]
    if to_status == Status.PUBLISHED:
        return article.publish_problems()
    return []


def action_problems(*, article: Article, user, from_status: str | None, action: str) -> list[str]:
    """Why `user` may not take `action` on `article` (as it would be saved); sets the status it would get."""
    transition, problems = transition_for(action=action, user=user, from_status=from_status)
    if transition is None:
        return problems
    article.status = transition.target(from_status)
    return transition_problems(article=article, user=user, from_status=from_status)


# Actions that move an article on (the preview offers these; saving needs the form).
MOVING_ACTIONS = (Action.SUBMIT, Action.PUBLISH, Action.WITHDRAW)


def editor_bar(user, article: Article) -> dict:
    """What a preview shows someone who may work on the article: the way back to its form and, if they may edit
    it, the actions that move it on. Nothing for anyone else (the link may have been shared)."""
    if not getattr(user, "is_authenticated", False) or not user.has_perm("articles.view_article"):
        return {}
    actions = actions_for(user=user, from_status=article.status) if article.can_be_edited_by(user) else []
    return {
        "editor_bar": {
            "edit_url": reverse("admin:articles_article_change", args=[article.pk]),
            "action_url": reverse("admin:articles_article_workflow", args=[article.pk]),
            "version": article.version,
            "actions": [
                (action.value, action_label(action, article)) for action in actions if action in MOVING_ACTIONS
            ],
        }
    }


# --- the editors' start page (the admin index) ---------------------------------------------------------------

# Articles shown per list.
DESK_LIST_LENGTH = 8


def desk_lists(user) -> dict:
    """The lists of the editors' start page, each sorted by last change (the scheduled ones by their time), every
    article with `see_url`: its public page, or its preview while readers cannot see it."""
    if not getattr(user, "is_authenticated", False) or not user.has_perm("articles.view_article"):
        return {}
    now = timezone.now()
    articles = Article.objects.select_related("section", "created_by", "last_edited_by").order_by("-updated_at", "-pk")
    lists = {
        "my_drafts": articles.filter(created_by=user, status=Status.DRAFT),
        "in_review": articles.filter(status=Status.REVIEW),
        "scheduled": articles.filter(status=Status.PUBLISHED, published_at__gt=now).order_by("published_at", "pk"),
        "recently_published": articles.filter(pk__in=Article.objects.published().values("pk")),
        "changed_by_others": articles.exclude(last_edited_by=user).exclude(last_edited_by=None),
    }
    lists = {name: list(queryset[:DESK_LIST_LENGTH]) for name, queryset in lists.items()}
    for article in (article for shown in lists.values() for article in shown):
        article.see_url = article.get_absolute_url() if article.is_published() else preview_url(article)
    return lists
