"""The editorial workflow in the article admin: action buttons, confirmations, conflicts, revisions, preview.

ArticleAdmin (articles/admin.py) mixes this in; everything that decides lives in models, workflow and services.
The form has no status field: its buttons (and the preview's) post an action of articles.workflow.Action, and the
workflow table says what it does for the user's role.
"""

import copy

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import construct_instance
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from reversion.errors import RevertError
from reversion.models import Version

from portals import access

from . import services
from .models import Article
from .preview import absolute_preview_url, fresh_expiry, local_moment, share_terms
from .revisions import TEXT_FIELDS, diff_versions, plain, versions_of
from .workflow import Action, action_label, action_problems, actions_for, default_action

# A mark next to each status label, so the list does not rely on colour alone.
STATUS_SYMBOLS = {
    Article.Status.DRAFT: "✎",
    Article.Status.REVIEW: "⧗",
    Article.Status.PUBLISHED: "✓",
    Article.Status.WITHDRAWN: "⊘",
}
# Fields compared side by side when a save is refused because someone else saved in between.
CONFLICT_FIELDS = (*TEXT_FIELDS, "section", "article_type", "lead_image", "published_at", "unpublish_at")
# The form's button that saves (without a status change) and then opens the preview.
PREVIEW = "vorschau"


def display_name(user) -> str:
    if user is None:
        return _("unbekannt")
    return user.get_full_name() or user.get_username()


def local_datetime(value) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def without_form_fields(fields) -> list:
    """Fieldset fields (names or tuples of names) without the ones only ArticleAdminForm has."""
    form_only = {"opened_version", "significant_update"}
    kept = []
    for field in fields:
        if isinstance(field, tuple | list):
            field = tuple(name for name in field if name not in form_only)
            if field:
                kept.append(field if len(field) > 1 else field[0])
        elif field not in form_only:
            kept.append(field)
    return kept


class ArticleAdminForm(forms.ModelForm):
    # The save count the editor's form was opened with (see check_conflict).
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    significant_update = forms.BooleanField(
        label=gettext_lazy("Wesentliche Aktualisierung"),
        required=False,
        help_text=gettext_lazy(
            "Ankreuzen, wenn sich mit dieser Änderung Inhalt oder Aussage geändert hat; der Hinweis erscheint "
            "dann mit dem heutigen Datum unter dem Datum des Beitrags."
        ),
    )
    # Set by ArticleAdmin.get_form for each request; model and fields come from ArticleAdmin too.
    user = None
    action = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if not self.is_bound:
            self.initial["opened_version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("significant_update") and not cleaned.get("correction_note", "").strip():
            self.add_error(
                "correction_note", _("Bitte beschreiben Sie die wesentliche Aktualisierung in einem kurzen Hinweis.")
            )
        if self.instance.pk is not None:
            self.check_conflict()
        # The article as it would be saved, to ask the same questions the service asks.
        candidate = construct_instance(self, copy.copy(self.instance))
        from_status = self.instance.status if self.instance.pk else None
        problems = action_problems(article=candidate, user=self.user, from_status=from_status, action=self.action)
        if problems:
            self.add_error(None, [_("Nicht gespeichert:"), *problems])
        return cleaned

    def conflicting_save(self, stored: Article):
        """(who, when) of a save by someone else after this form was opened, else None."""
        opened = self.cleaned_data.get("opened_version")
        if opened is None or stored.version <= opened:
            return None
        if stored.last_edited_by_id != self.user.pk:
            return stored.last_edited_by, stored.updated_at
        # The last save was the editor's own (say, from another tab): look for others' saves in between.
        for version in versions_of(stored)[:50]:
            if version.field_dict.get("version", 0) <= opened:
                break
            if version.revision.user_id != self.user.pk:
                return version.revision.user, version.revision.date_created
        return None

    def check_conflict(self):
        # The admin runs clean() and the save in one transaction: the row lock makes a second, simultaneous
        # save wait here and then see the first one (PostgreSQL; SQLite writes one at a time anyway).
        stored = (
            Article.objects.select_for_update(of=("self",))
            .select_related("last_edited_by", "section", "article_type", "lead_image")
            .get(pk=self.instance.pk)
        )
        conflict = self.conflicting_save(stored)
        if conflict is None:
            return
        who, when = conflict
        self.conflict = {
            "who": display_name(who),
            "when": local_datetime(when),
            "fields": self.differing_fields(stored),
        }
        # The form shown again carries the current save count: saving once more, after seeing the
        # differences, deliberately replaces the other version (which stays in the revisions).
        self.data = self.data.copy()
        self.data[self.add_prefix("opened_version")] = str(stored.version)
        raise ValidationError(
            _(
                "Nicht gespeichert: %(who)s hat diesen Beitrag am %(when)s gespeichert, nachdem Sie ihn geöffnet "
                "haben. Die Unterschiede stehen unten. Ihre Eingaben sind noch im Formular; wenn Sie erneut "
                "speichern, ersetzt Ihre Fassung die von %(who)s (die in den Versionen erhalten bleibt)."
            )
            % {"who": self.conflict["who"], "when": self.conflict["when"]}
        )

    def differing_fields(self, stored: Article) -> list[dict]:
        rows = []
        for name in CONFLICT_FIELDS:
            if name not in self.cleaned_data:
                continue
            field = Article._meta.get_field(name)
            mine, theirs = self.cleaned_data[name], getattr(stored, name)
            if field.is_relation or name in ("published_at", "unpublish_at"):
                mine = "" if mine is None else (local_datetime(mine) if name.endswith("_at") else str(mine))
                theirs = "" if theirs is None else (local_datetime(theirs) if name.endswith("_at") else str(theirs))
            mine, theirs = plain(name, mine), plain(name, theirs)
            if mine != theirs:
                rows.append({"label": field.verbose_name, "mine": mine, "theirs": theirs})
        if "keywords" in self.cleaned_data:
            mine, theirs = list(self.cleaned_data["keywords"]), list(stored.keywords.names())
            if mine != theirs:
                rows.append({"label": _("Stichwörter"), "mine": ", ".join(mine), "theirs": ", ".join(theirs)})
        return rows


def requested_action(request, article: Article | None) -> str:
    """The action the form's button posted; saving without a status change when there is none (Enter in a field,
    the preview button)."""
    action = request.POST.get("_aktion", "")
    if action in ("", PREVIEW):
        return default_action(article.status if article else None)
    return action


def form_buttons(user, article: Article | None, portal_id: int | None) -> list[dict]:
    """The form's buttons for `user` (whose role counts on the article's portal, `portal_id`): saving without a status change first (a browser's Enter key takes the first),
    the preview, then the steps of the workflow; the furthest step forward is the main button."""
    status = article.status if article else None
    candidate = article or Article()
    first = default_action(status)
    actions = actions_for(user=user, from_status=status, portal_id=portal_id)

    def button(action: Action) -> dict:
        return {"value": action.value, "label": action_label(action, candidate), "withdraws": action == Action.WITHDRAW}

    buttons = [button(first)] if first in actions else []
    if buttons and not candidate.is_published():
        buttons.append({"value": PREVIEW, "label": _("Speichern und Vorschau ansehen")})
    buttons += [button(action) for action in actions if action != first]
    main = next((action for action in (Action.PUBLISH, Action.SUBMIT) if action in actions), first)
    for entry in buttons:
        entry["main"] = entry["value"] == main
    return buttons


def see_it(article: Article) -> SafeString:
    """Where the article can be seen now, as the end of a sentence."""
    public = article.canonical_url()
    if article.is_published():
        return format_html(_('und unter <a href="{}">{}</a> zu sehen.'), public, public)
    preview = format_html(
        '<a href="{}">{}</a>. {}', absolute_preview_url(article), _("Vorschau"), share_terms(fresh_expiry())
    )
    if article.is_scheduled():
        return format_html(
            _('und erscheint am {} unter <a href="{}">{}</a>. Bis dahin zu sehen in der {}'),
            local_moment(article.published_at),
            public,
            public,
            preview,
        )
    if article.is_expired():
        return format_html(
            _("und nicht mehr öffentlich (sichtbar bis {}). Zu sehen in der {}"),
            local_moment(article.unpublish_at),
            preview,
        )
    return format_html(_("und nicht öffentlich. Zu sehen in der {}"), preview)


# What happened, by action (the scheduled and the published case of „Veröffentlichen“ differ).
HAPPENED = {
    Action.SAVE_DRAFT: gettext_lazy("ist als Entwurf gespeichert"),
    Action.SUBMIT: gettext_lazy(
        "ist zur Prüfung gegeben (die Redaktion findet ihn auf ihrer Startseite unter „Zur Prüfung“)"
    ),
    Action.PUBLISH: gettext_lazy("ist veröffentlicht"),
    Action.WITHDRAW: gettext_lazy("ist zurückgezogen"),
    Action.SAVE: gettext_lazy("ist gespeichert"),
}


def confirmation(article: Article, action: str) -> SafeString:
    """„„Titel“ ist veröffentlicht und unter https://… zu sehen.“ and its kin."""
    happened = HAPPENED.get(action, HAPPENED[Action.SAVE])
    if action == Action.PUBLISH and article.is_scheduled():
        happened = _("ist geplant")
    return format_html("„{}“ {} {}", article.headline, happened, see_it(article))


class EditorialWorkflowAdmin:
    """Mixed into ArticleAdmin before admin.ModelAdmin."""

    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    actions = ["submit_selected", "publish_selected", "withdraw_selected"]
    # The article changed last on top: a back-dated one must not land as the last row.
    ordering = ["-updated_at", "-pk"]

    # --- roles ------------------------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.can_be_edited_by(request.user))

    def has_publish_permission(self, request):
        # Offered to the Redaktion of any portal; each article is checked on its own portal (services).
        return request.user.has_perm("articles.publish_article")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # Read-only view: the form's own fields have nothing to show.
        return [(name, {**options, "fields": without_form_fields(options["fields"])}) for name, options in fieldsets]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user
        form.action = requested_action(request, obj)
        return form

    # --- saving -----------------------------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # One revision per save, taken after inlines and keywords are saved too.
        with reversion.create_revision():
            reversion.set_user(request.user)
            extra_context = {**(extra_context or {}), **self.workflow_context(request, object_id)}
            return super().changeform_view(request, object_id, form_url, extra_context)

    def workflow_context(self, request, object_id):
        """The buttons of the form and, for an unpublished article, its share link."""
        article = self.get_object(request, object_id) if object_id else None
        if article is not None and not self.has_change_permission(request, article):
            return {}
        portal = article.home_portal_id if article is not None else getattr(access.current_portal(request), "pk", None)
        context = {"workflow_buttons": form_buttons(request.user, article, portal)}
        if article is not None and not article.is_published():
            # On the article's home portal, whichever host the admin is on.
            context.update(article_preview_url=absolute_preview_url(article), share_terms=share_terms(fresh_expiry()))
        return context

    def view_on_site(self, obj):
        """„Auf der Website anzeigen“: the public page, or the preview while readers cannot see the article (both on
        its home portal)."""
        return obj.canonical_url() if obj.is_published() else absolute_preview_url(obj)

    def save_model(self, request, obj, form, change):
        services.article_save(
            article=obj,
            user=request.user,
            action=form.action,
            significant_update=form.cleaned_data.get("significant_update", False),
        )

    def response_add(self, request, obj, post_url_continue=None):
        if IS_POPUP_VAR in request.POST:
            return super().response_add(request, obj, post_url_continue)
        return self.after_action(request, obj, requested_action(request, None))

    def response_change(self, request, obj):
        if IS_POPUP_VAR in request.POST:
            return super().response_change(request, obj)
        return self.after_action(request, obj, requested_action(request, obj))

    def after_action(self, request, article: Article, action: str):
        """Say what happened and where the article can be seen now; then to where the editor goes next: the
        preview, the form again after a save, the start page after a step of the workflow."""
        if request.POST.get("_aktion") == PREVIEW and not article.is_published():
            # The preview says what it shows (its banner); a message would wait for the next admin page.
            return HttpResponseRedirect(absolute_preview_url(article))
        self.message_user(request, confirmation(article, action), messages.SUCCESS)
        if action in (Action.SAVE, Action.SAVE_DRAFT):
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        return HttpResponseRedirect(reverse("admin:index"))

    def workflow_action_view(self, request, object_id):
        """The buttons of the preview: one action on the stored article, refused if it changed in between."""
        article = self.viewable_article(request, object_id)
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        action = request.POST.get("_aktion", "")
        if request.POST.get("version") != str(article.version):
            self.message_user(
                request,
                _(
                    "Nicht ausgeführt: Der Beitrag wurde geändert, nachdem Sie die Vorschau geöffnet haben. Bitte "
                    "prüfen Sie ihn noch einmal."
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        try:
            services.article_take_action(article=article, user=request.user, action=action)
        except ValidationError as error:
            self.message_user(request, " ".join([_("Nicht ausgeführt:"), *error.messages]), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        return self.after_action(request, article, action)

    # --- bulk actions -----------------------------------------------------------------------

    def run_bulk(self, request, queryset, service, done_message):
        done = 0
        for article in queryset.select_related("section", "lead_image"):
            try:
                service(article=article, user=request.user)
            except (ValidationError, PermissionDenied) as error:
                reasons = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                self.message_user(request, f"„{article.headline}“: {reasons}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Ausgewählte Beiträge zur Prüfung geben"), permissions=["change"])
    def submit_selected(self, request, queryset):
        self.run_bulk(
            request, queryset, services.article_submit_for_review, _("%(count)d Beitrag/Beiträge zur Prüfung gegeben.")
        )

    @admin.action(description=gettext_lazy("Ausgewählte Beiträge veröffentlichen"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self.run_bulk(request, queryset, services.article_publish, _("%(count)d Beitrag/Beiträge veröffentlicht."))

    @admin.action(description=gettext_lazy("Ausgewählte Beiträge zurückziehen"), permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        self.run_bulk(request, queryset, services.article_withdraw, _("%(count)d Beitrag/Beiträge zurückgezogen."))

    # --- list columns -----------------------------------------------------------------------

    @admin.display(description=gettext_lazy("Status"), ordering="status")
    def status_marker(self, obj):
        marker = format_html(
            '<span class="nr-status nr-status-{}"><span aria-hidden="true">{}</span> {}</span>',
            obj.status,
            STATUS_SYMBOLS[obj.status],
            obj.get_status_display(),
        )
        if obj.is_scheduled():
            marker = format_html('{} <span class="nr-status-flag">◷ {}</span>', marker, _("geplant"))
        elif obj.is_expired():
            marker = format_html('{} <span class="nr-status-flag">⌛ {}</span>', marker, _("abgelaufen"))
        return marker

    @admin.display(description=gettext_lazy("Autorin/Autor"), ordering="created_by")
    def author(self, obj):
        return display_name(obj.created_by) if obj.created_by_id else "–"

    @admin.display(description=gettext_lazy("Ansehen"))
    def preview_link(self, obj):
        if obj.is_published():
            return format_html('<a href="{}">{}</a>', obj.canonical_url(), _("Öffentlich"))
        return format_html('<a href="{}">{}</a>', absolute_preview_url(obj), _("Vorschau"))

    # --- revisions --------------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/versionen/", view(self.versions_view), name="articles_article_versions"),
            path(
                "<path:object_id>/aktion/",
                view(require_POST(self.workflow_action_view)),
                name="articles_article_workflow",
            ),
            path("<path:object_id>/versionen/vergleich/", view(self.diff_view), name="articles_article_diff"),
            path(
                "<path:object_id>/versionen/<int:version_id>/wiederherstellen/",
                view(require_POST(self.restore_view)),
                name="articles_article_restore",
            ),
            *super().get_urls(),
        ]

    def viewable_article(self, request, object_id) -> Article | None:
        """The article (None if there is none with this id); PermissionDenied if the user may not see it."""
        article = self.get_object(request, object_id)
        if article is not None and not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def versions_view(self, request, object_id):
        article = self.viewable_article(request, object_id)
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Versionen von „%(headline)s“") % {"headline": article.headline},
            "versions": versions_of(article),
            "can_restore": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/articles/article/versions.html", context)

    def diff_view(self, request, object_id):
        article = self.viewable_article(request, object_id)
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        versions = versions_of(article)
        try:
            old = versions.get(pk=int(request.GET.get("alt", "")))
            new = versions.get(pk=int(request.GET.get("neu", "")))
        except (ValueError, Version.DoesNotExist):
            self.message_user(
                request, _("Bitte wählen Sie zwei Versionen dieses Beitrags zum Vergleich."), messages.ERROR
            )
            return HttpResponseRedirect(reverse("admin:articles_article_versions", args=[article.pk]))
        if old.revision.date_created > new.revision.date_created:
            old, new = new, old
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Änderungen an „%(headline)s“") % {"headline": article.headline},
            "old": old,
            "new": new,
            "diffs": diff_versions(old, new),
        }
        return TemplateResponse(request, "admin/articles/article/diff.html", context)

    def restore_view(self, request, object_id, version_id):
        article = self.viewable_article(request, object_id)
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        version = get_object_or_404(versions_of(article), pk=version_id)
        try:
            services.article_restore(article=article, version=version, user=request.user)
        except (ValidationError, RevertError) as error:
            reasons = " ".join(getattr(error, "messages", [str(error)]))
            self.message_user(request, _("Nicht wiederhergestellt: %(reasons)s") % {"reasons": reasons}, messages.ERROR)
            return HttpResponseRedirect(reverse("admin:articles_article_versions", args=[article.pk]))
        self.message_user(
            request,
            _("Die Version vom %(when)s ist wiederhergestellt (als neue Version).")
            % {"when": local_datetime(version.revision.date_created)},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
