"""The newsletter in the admin, for the Redaktion: lists, issues ("Ausgaben") with preview, test send and the one
send, and the subscribers with their consent record (download for Art. 15, delete for Art. 17)."""

import json
from datetime import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.admin_base import BoundedTabularInline, CheckedAutocompleteSelect, NewsroomModelAdmin

from . import services
from .mails import MAX_HTML_BYTES, IssueMail
from .models import MAX_ISSUE_ARTICLES, Issue, IssueItem, NewsletterList, Subscriber, Subscription


@admin.register(NewsletterList)
class NewsletterListAdmin(NewsroomModelAdmin):
    list_display = ["name", "active", "subscriber_count", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["sections", "keywords"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(confirmed=Count("subscriptions", filter=Q(subscriptions__confirmed_at__isnull=False)))
        )

    @admin.display(description=gettext_lazy("bestätigte Abos"), ordering="confirmed")
    def subscriber_count(self, obj):
        return obj.confirmed


class IssueItemInline(BoundedTabularInline):
    model = IssueItem
    max_num = MAX_ISSUE_ARTICLES
    extra = 1
    fields = ["position", "article"]
    autocomplete_fields = ["article"]
    verbose_name = gettext_lazy("Beitrag")
    verbose_name_plural = gettext_lazy("Beiträge (Reihenfolge nach Position; zum Entfernen „Löschen?“ ankreuzen)")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Django's autocomplete widget would query with any posted value ("abc") and answer 500.
        if db_field.name == "article":
            kwargs["widget"] = CheckedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (obj is None or obj.is_draft)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.is_draft)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.is_draft)


class IssueForm(forms.ModelForm):
    class Meta:
        model = Issue
        fields = ["newsletter_list", "subject", "editorial"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "subject" in self.fields:  # not in the read-only form of a sent issue
            self.fields["subject"].required = False
            self.fields["subject"].help_text = _("Leer lassen: „<Liste> vom <Datum>“.")

    def clean(self):
        cleaned = super().clean()
        if not " ".join((cleaned.get("subject") or "").split()) and cleaned.get("newsletter_list"):
            today = formats.date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
            cleaned["subject"] = f"{cleaned['newsletter_list'].name} vom {today}"
        return cleaned


class SendForm(forms.Form):
    send_at = forms.SplitDateTimeField(
        label=_("Geplanter Versand"),
        required=False,
        widget=admin.widgets.AdminSplitDateTime,
        help_text=_("Leer lassen: sofort senden."),
    )


@admin.register(Issue)
class IssueAdmin(NewsroomModelAdmin):
    form = IssueForm
    list_display = ["subject", "newsletter_list", "state", "send_at", "created_at"]
    list_filter = ["state", "newsletter_list"]
    list_select_related = ["newsletter_list"]
    search_fields = ["subject"]
    inlines = [IssueItemInline]
    readonly_fields = ["state", "send_at", "finished_at", "created_by", "sent_by", "delivery_summary"]
    change_form_template = "admin/newsletter/issue/change_form.html"

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["newsletter_list", "subject", "editorial"]
        return ["newsletter_list", "subject", "editorial", *self.readonly_fields]

    def has_change_permission(self, request, obj=None):
        # A sent or planned issue is a record: shown, never changed.
        return super().has_change_permission(request, obj) and (obj is None or obj.is_draft)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.is_draft)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            count = services.fill_issue(issue=form.instance)
            self.message_user(
                request,
                _(
                    "%(count)s Beiträge seit der letzten Ausgabe vorgeschlagen. Reihenfolge und Auswahl können Sie ändern."
                )
                % {"count": count},
            )

    def response_add(self, request, obj, post_url_continue=None):
        # Straight on to the articles the issue was filled with.
        return HttpResponseRedirect(reverse("admin:newsletter_issue_change", args=[obj.pk]))

    @admin.display(description=gettext_lazy("Zustellungen"))
    def delivery_summary(self, obj):
        counts = services.delivery_counts(obj)
        labels = dict(obj.deliveries.model.State.choices)
        return ", ".join(f"{labels[state]}: {number}" for state, number in counts.items() if number) or "–"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/vorschau/html/", view(self.preview_html), name="newsletter_issue_preview_html"),
            path("<path:object_id>/vorschau/text/", view(self.preview_text), name="newsletter_issue_preview_text"),
            path("<path:object_id>/versand/", view(self.send_view), name="newsletter_issue_send"),
            path("<path:object_id>/testversand/", view(require_POST(self.test_view)), name="newsletter_issue_test"),
            path(
                "<path:object_id>/planung-aufheben/",
                view(require_POST(self.cancel_view)),
                name="newsletter_issue_cancel",
            ),
            *super().get_urls(),
        ]

    def viewable_issue(self, request, object_id) -> Issue:
        issue = self.get_object(request, object_id)
        if issue is None or not self.has_view_permission(request, issue):
            raise PermissionDenied
        return issue

    def preview_html(self, request, object_id):
        mail = IssueMail(self.viewable_issue(request, object_id))
        return HttpResponse(mail.html, content_type="text/html; charset=utf-8")

    def preview_text(self, request, object_id):
        mail = IssueMail(self.viewable_issue(request, object_id))
        return HttpResponse(mail.text, content_type="text/plain; charset=utf-8")

    def change_url(self, issue) -> str:
        return reverse("admin:newsletter_issue_change", args=[issue.pk])

    def send_view(self, request, object_id):
        issue = self.viewable_issue(request, object_id)
        form = SendForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            at: datetime | None = form.cleaned_data["send_at"]
            try:
                services.send_issue(issue=issue, user=request.user, at=at)
            except ValidationError as error:
                for message in error.messages:
                    self.message_user(request, message, messages.ERROR)
                return HttpResponseRedirect(request.path)
            if at and at > timezone.now():
                when = formats.date_format(timezone.localtime(at), "SHORT_DATETIME_FORMAT")
                self.message_user(request, _("Versand geplant für %(when)s.") % {"when": when}, messages.SUCCESS)
            else:
                self.message_user(request, _("Die Ausgabe wird jetzt versendet."), messages.SUCCESS)
            return HttpResponseRedirect(self.change_url(issue))
        mail = IssueMail(issue)
        recipients = (
            Subscriber.objects.receiving()
            .filter(subscriptions__newsletter_list=issue.newsletter_list, subscriptions__confirmed_at__isnull=False)
            .count()
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": issue,
            "title": _("Versand von „%(subject)s“") % {"subject": issue.subject},
            "form": form,
            "media": self.media + form.media,
            "recipients": recipients,
            "entry_count": mail.entry_count,
            "html_kb": round(mail.html_bytes / 1024, 1),
            "max_kb": MAX_HTML_BYTES // 1024,
            "problems": services.send_problems(issue),
            "can_send": request.user.has_perm("newsletter.send_issue"),
        }
        return render(request, "admin/newsletter/issue/send.html", context)

    def test_view(self, request, object_id):
        issue = self.viewable_issue(request, object_id)
        try:
            address = services.send_test(issue=issue, user=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        except OSError:
            self.message_user(request, _("Die Testmail konnte nicht verschickt werden."), messages.ERROR)
        else:
            self.message_user(request, _("Testmail an %(address)s verschickt.") % {"address": address})
        return HttpResponseRedirect(reverse("admin:newsletter_issue_send", args=[issue.pk]))

    def cancel_view(self, request, object_id):
        issue = self.viewable_issue(request, object_id)
        if services.cancel_plan(issue=issue, user=request.user):
            self.message_user(request, _("Die Planung ist aufgehoben; die Ausgabe ist wieder ein Entwurf."))
        else:
            self.message_user(
                request, _("Der Versand hat schon begonnen und lässt sich nicht mehr aufheben."), messages.ERROR
            )
        return HttpResponseRedirect(self.change_url(issue))


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    fields = ["newsletter_list", "requested_at", "confirmed_at", "consent_version"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(NewsroomModelAdmin):
    """Read-only: addresses come only through the double opt-in. Delete (Art. 17) removes the address and its
    subscriptions; its delivery rows stay without it, for the issue's counts."""

    list_display = ["email", "requested_at", "confirmed_at", "disabled_at"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter), ("disabled_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    fields = [
        "email",
        "requested_at",
        "source_page",
        "consent_version",
        "confirmation_sent_at",
        "confirmed_at",
        "disabled_at",
        "disabled_reason",
        "export_link",
    ]
    readonly_fields = fields
    inlines = [SubscriptionInline]

    def get_queryset(self, request):
        # Unconfirmed addresses past their 48 hours no longer exist for anyone, not even here.
        return super().get_queryset(request).live()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("Auskunft (Art. 15 DSGVO)"))
    def export_link(self, obj):
        if obj.pk is None:
            return "–"
        return format_html(
            '<a class="button" href="{}">{}</a>',
            reverse("admin:newsletter_subscriber_export", args=[obj.pk]),
            _("Gespeicherte Daten als JSON herunterladen"),
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/auskunft/",
                self.admin_site.admin_view(self.export_view),
                name="newsletter_subscriber_export",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request, object_id):
        subscriber = self.get_object(request, object_id)
        if subscriber is None or not self.has_view_permission(request, subscriber):
            raise PermissionDenied
        body = json.dumps(services.consent_record(subscriber), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="auskunft-newsletter-{subscriber.pk}.json"'
        return response
