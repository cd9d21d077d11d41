"""Writes of the editorial workflow, used by the admin form, its bulk actions and commands alike.

Every function checks the user's rights itself, so a forged request cannot skip a rule the form enforces.
"""

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.models import Version

from .models import Article, ArticleRedirect
from .workflow import Action, action_problems, transition_problems

# Fields a restore keeps from the current article: restoring brings back content, not a publication state.
WORKFLOW_FIELDS = ("status", "published_at", "unpublish_at", "created_by_id", "corrected_at", "correction_note")


def _stored(article: Article) -> Article | None:
    if article.pk is None:
        return None
    return Article.objects.select_related("section").filter(pk=article.pk).first()


def _keep_old_address(*, article: Article, previous: Article) -> None:
    """A published article that moves keeps its old address as a redirect to the article (never to a redirect)."""
    old_path, new_path = previous.get_absolute_url(), article.get_absolute_url()
    if old_path == new_path:
        return
    if previous.status == Article.Status.PUBLISHED:
        ArticleRedirect.objects.update_or_create(old_path=old_path, defaults={"article": article})
    # The article lives at this address (again): a redirect there would never be reached, and must not loop.
    ArticleRedirect.objects.filter(old_path=new_path).delete()


@transaction.atomic
def article_save(
    *,
    article: Article,
    user,
    previous: Article | None = None,
    action: str | None = None,
    significant_update: bool = False,
) -> Article:
    """Save an article as `user`: checks rights and the status change, records authorship and old addresses.

    With `action` (a button of articles.workflow.Action) the workflow table gives the new status, and refuses what
    the user's role may not do; without, the status set on `article` is checked against the same table.
    `previous` is the article as stored before this change; read from the database when not given.
    """
    previous = previous or _stored(article)
    if previous is None:
        if not user.has_perm("articles.add_article"):
            raise PermissionDenied(_("Sie dürfen keine Beiträge anlegen."))
        article.created_by = article.created_by or user
    elif not previous.can_be_edited_by(user):
        raise PermissionDenied(_("Sie dürfen diesen Beitrag nicht bearbeiten."))
    from_status = previous.status if previous else None
    if action is None:
        problems = transition_problems(article=article, user=user, from_status=from_status)
    else:
        problems = action_problems(article=article, user=user, from_status=from_status, action=action)
    if problems:
        raise ValidationError(problems)
    if significant_update:
        article.corrected_at = timezone.now()
    article.last_edited_by = user
    with reversion.create_revision():
        article.save()
        reversion.set_user(user)
    if previous is not None:
        _keep_old_address(article=article, previous=previous)
    return article


# What a revision says about an action that changes nothing but the status.
ACTION_COMMENTS = {
    Action.SUBMIT: gettext_lazy("Zur Prüfung gegeben"),
    Action.PUBLISH: gettext_lazy("Veröffentlicht"),
    Action.WITHDRAW: gettext_lazy("Zurückgezogen"),
}


def article_take_action(*, article: Article, user, action: str) -> Article:
    """Move the stored article on (hand in, publish or plan, withdraw) without changing its text."""
    previous = _stored(article)
    status = article.status
    try:
        with reversion.create_revision():
            reversion.set_comment(str(ACTION_COMMENTS.get(action, "")))
            return article_save(article=article, user=user, previous=previous, action=action)
    except (ValidationError, PermissionDenied):
        article.status = status
        raise


def article_submit_for_review(*, article: Article, user) -> Article:
    return article_take_action(article=article, user=user, action=Action.SUBMIT)


def article_publish(*, article: Article, user) -> Article:
    """Publish now, or at the article's (future) publication time; refused with every publish problem."""
    return article_take_action(article=article, user=user, action=Action.PUBLISH)


def article_withdraw(*, article: Article, user) -> Article:
    return article_take_action(article=article, user=user, action=Action.WITHDRAW)


def article_restore(*, article: Article, version: Version, user) -> Article:
    """Bring back text, image, keywords, links and related articles of an earlier revision, as a new revision.

    The publication state stays as it is now; nothing is overwritten, since the current state is a revision too.
    """
    previous = _stored(article)
    if previous is None or not previous.can_be_edited_by(user):
        raise PermissionDenied(_("Sie dürfen diesen Beitrag nicht bearbeiten."))
    if version.object_id != str(article.pk) or version.content_type.model_class() is not Article:
        raise ValidationError(_("Diese Version gehört zu einem anderen Beitrag."))
    with transaction.atomic(), reversion.create_revision():
        version.revision.revert(delete=True)
        restored = Article.objects.select_related("section").get(pk=article.pk)
        for field in WORKFLOW_FIELDS:
            setattr(restored, field, getattr(previous, field))
        restored.version = previous.version
        reversion.set_comment(
            _("Wiederhergestellt: Version vom %(date)s")
            % {"date": timezone.localtime(version.revision.date_created).strftime("%d.%m.%Y %H:%M")}
        )
        return article_save(article=restored, user=user, previous=previous)
