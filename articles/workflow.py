"""Rules of the editorial workflow that need a user: who may move an article to which status.

Per-article questions without a user live on the model (publish_problems, can_be_edited_by);
writes live in articles.services.
"""

from django.utils.translation import gettext as _

from .models import Article, is_editor_on

# Articles shown per list on the admin index.
INDEX_LIST_LENGTH = 10


def transition_problems(*, article: Article, user, from_status: str | None) -> list[str]:
    """Why `user` may not save `article` with its (new) status, coming from `from_status`; empty if allowed.
    The rights are those of the user on the article's home portal."""
    to_status = article.status
    if to_status == from_status and to_status != Article.Status.PUBLISHED:
        return []
    problems = []
    portal_id = article.home_portal_id
    if to_status not in Article.statuses_for(user, portal_id) or (
        from_status == Article.Status.PUBLISHED and not is_editor_on(user, portal_id)
    ):
        problems.append(
            _("Sie dürfen den Status „%(status)s“ nicht setzen; das darf nur die Redaktion.")
            % {"status": Article.Status(to_status).label}
        )
    if to_status == Article.Status.PUBLISHED:
        problems += article.publish_problems()
    return problems


def editorial_index_lists(user, portal) -> dict:
    """ "Meine Entwürfe" and "Zur Prüfung" of the admin's current portal, for the admin index of an editor."""
    if not getattr(user, "is_authenticated", False) or not user.has_perm("articles.view_article") or portal is None:
        return {}
    articles = (
        Article.objects.filter(section__portal=portal).select_related("section", "created_by").order_by("-updated_at")
    )
    return {
        "my_drafts": list(articles.filter(created_by=user, status=Article.Status.DRAFT)[:INDEX_LIST_LENGTH]),
        "in_review": list(articles.filter(status=Article.Status.REVIEW)[:INDEX_LIST_LENGTH]),
    }
