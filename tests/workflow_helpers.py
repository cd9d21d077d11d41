"""Helpers for the editorial workflow tests: users in roles and the admin form's POST data."""

from django.utils import timezone

from tests.factories import UserFactory

PASSWORD = "geheim-und-lang-genug"


def author(**kwargs):
    return UserFactory(roles=["Autorin/Autor"], **kwargs)


def editor(**kwargs):
    return UserFactory(roles=["Redaktion"], **kwargs)


def logged_in(client, user):
    client.force_login(user)
    return client


def log_in_browser(page, username: str, password: str = PASSWORD) -> None:
    """Through the admin's login form, as a person does (a browser test's page)."""
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def wait_for_editor_selection(page) -> None:
    """The rich-text editor takes a selection made with keys from the browser's selectionchange event, which comes
    later. Polled with `evaluate` (no eval in the page: `wait_for_function` compiles its predicate there, which the
    strict CSP refuses)."""
    script = "() => !document.querySelector('.prose-editor [contenteditable=true]').editor.state.selection.empty"
    for _ in range(200):
        if page.evaluate(script):
            return
        page.wait_for_timeout(25)
    raise AssertionError("the editor never took the selection")


def _date_parts(name, value):
    if value is None:
        return {f"{name}_0": "", f"{name}_1": ""}
    local = timezone.localtime(value)
    return {f"{name}_0": local.strftime("%d.%m.%Y"), f"{name}_1": local.strftime("%H:%M:%S")}


def article_admin_data(article, action=None, **overrides):
    """What the admin change form of `article` posts when the editor changes nothing, plus `overrides`; `action` is
    the button pressed (articles.workflow.Action; none: Enter in a field, which saves without a status change)."""
    links = list(article.links.all())
    bylines = list(article.bylines.all())
    data = {
        "kicker": article.kicker,
        "headline": article.headline,
        "slug": article.slug,
        "lead": article.lead,
        "body": article.body,
        "author_shorthand": article.author_shorthand,
        "lead_image": str(article.lead_image_id or ""),
        "lead_image_caption": article.lead_image_caption,
        "section": str(article.section_id),
        "article_type": str(article.article_type_id),
        "keywords": ", ".join(article.keywords.names()),
        "related": [str(pk) for pk in article.related.values_list("pk", flat=True)],
        "correction_note": article.correction_note,
        "opened_version": str(article.version),
        "bylines-TOTAL_FORMS": str(len(bylines)),
        "bylines-INITIAL_FORMS": str(len(bylines)),
        **{
            f"bylines-{index}-{name}": value
            for index, byline in enumerate(bylines)
            for name, value in {
                "id": str(byline.pk),
                "article": str(article.pk),
                "position": str(byline.position),
                "contributor": str(byline.contributor_id),
                "role": byline.role,
            }.items()
        },
        "links-TOTAL_FORMS": str(len(links) + 1),
        "links-INITIAL_FORMS": str(len(links)),
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "1000",
        **_date_parts("published_at", article.published_at),
        **_date_parts("unpublish_at", article.unpublish_at),
    }
    for index, link in enumerate([*links, None]):
        data.update(
            {
                f"links-{index}-id": str(link.pk) if link else "",
                f"links-{index}-article": str(article.pk),
                f"links-{index}-position": str(link.position) if link else "0",
                f"links-{index}-url": link.url if link else "",
                f"links-{index}-label": link.label if link else "",
            }
        )
    shares = list(article.shares.all()) if article.pk else []
    data.update(
        {
            "shares-TOTAL_FORMS": str(len(shares)),
            "shares-INITIAL_FORMS": str(len(shares)),
            "shares-MIN_NUM_FORMS": "0",
            "shares-MAX_NUM_FORMS": "50",
        }
    )
    for index, share in enumerate(shares):
        data.update(
            {
                f"shares-{index}-id": str(share.pk),
                f"shares-{index}-article": str(article.pk),
                f"shares-{index}-portal": str(share.portal_id),
                f"shares-{index}-section": str(share.section_id or ""),
            }
        )
    if action is not None:
        data["_aktion"] = str(action)
    data.update(overrides)
    return data


def form_errors(response) -> str:
    """The form's errors of an admin response that did not redirect, for assertion messages."""
    if response.status_code != 200 or not response.context:
        return f"status {response.status_code}"
    return str([response.context["adminform"].form.errors, response.context.get("errors")])
