from datetime import timedelta

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_base import NewsroomModelAdmin
from core.media import storage_errors

from . import chooser
from .forms import ImageForm, ImageRightsForm
from .models import THUMBNAIL_WIDTH, Image, ImageRights, private_storage
from .renditions import delete_image_files
from .rights import ENDING_SOON_DAYS
from .services import STORAGE_PROBLEM, MediaStorageFailed, image_save
from .usage import summaries, usages_by_image, usages_of

PREVIEW_WIDTH = 640


def refused_because_published(request, images) -> bool:
    """If readers see any of `images` (now or at a planned time), tell the editor where and return True."""
    shown = [usage for usage in usages_by_image(image.pk for image in images).values() for _source, usage in usage]
    titles = sorted(dict.fromkeys(f"„{usage.title}“" for usage in shown if usage.public))
    if titles:
        messages.error(
            request,
            ngettext(
                "Nicht gelöscht: Das Bild erscheint im veröffentlichten Beitrag %(articles)s. Wählen Sie dort "
                "zuerst ein anderes Bild oder setzen Sie den Beitrag auf „Entwurf“.",
                "Nicht gelöscht: Die Bilder erscheinen in veröffentlichten Beiträgen (%(articles)s). Wählen Sie "
                "dort zuerst andere Bilder oder setzen Sie die Beiträge auf „Entwurf“.",
                len(titles),
            )
            % {"articles": ", ".join(titles)},
        )
    return bool(titles)


def refusing_delete_selected(modeladmin, request, queryset):
    """Django's bulk delete, unless a selected image appears in a published article."""
    if refused_because_published(request, queryset):
        return None
    return delete_selected(modeladmin, request, queryset)


class LicenceFilter(admin.SimpleListFilter):
    title = _("Lizenz")
    parameter_name = "lizenz"

    def lookups(self, request, model_admin):
        return [
            ("endet-bald", _("endet in den nächsten %(days)d Tagen") % {"days": ENDING_SOON_DAYS}),
            ("beendet", _("beendet")),
            ("ohne", _("ohne Angaben")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "endet-bald":
            return queryset.filter(licence_ends_at__gt=now, licence_ends_at__lte=now + timedelta(days=ENDING_SOON_DAYS))
        if self.value() == "beendet":
            return queryset.licence_ended(now)
        if self.value() == "ohne":
            return queryset.filter(
                models.Q(rights__isnull=True) | models.Q(rights__licence=ImageRights.Licence.UNKNOWN)
            )
        return queryset


class ImageRightsInline(admin.StackedInline):
    """The rights record in the image's form: authors read it, the Redaktion changes it (docs/bildrechte.md)."""

    model = ImageRights
    form = ImageRightsForm
    # "Bildrechte hinzufügen" adds the record; an empty extra form would post unchecked scope boxes as changes.
    extra = 0
    max_num = 1
    can_delete = False
    verbose_name_plural = _("Bildrechte")
    readonly_fields = ["proof_document", "proof_presence"]
    fields = [
        ("licence", "cc_version"),
        "licensor",
        ("scope_web", "scope_print", "scope_newsletter", "scope_portals"),
        ("valid_from", "valid_until"),
        "restrictions",
        "proof",
        "proof_document",
    ]

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if not self.has_change_permission(request, obj):
            # Read-only for authors: they see that a proof exists, never the file.
            fields.remove("proof")
        if not request.user.has_perm("images.view_proof"):
            fields[fields.index("proof_document")] = "proof_presence"
        return fields

    @admin.display(description=_("Gespeicherter Nachweis"))
    def proof_document(self, obj):
        if obj is None or not obj.pk or not obj.proof:
            return _("keiner")
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:images_image_proof", args=[obj.image_id]), _("Nachweis öffnen")
        )

    @admin.display(description=_("Gespeicherter Nachweis"))
    def proof_presence(self, obj):
        if obj is None or not obj.pk or not obj.proof:
            return _("keiner")
        return _("vorhanden (öffnen kann ihn nur die Redaktion)")


@admin.register(Image)
class ImageAdmin(NewsroomModelAdmin):
    form = ImageForm
    inlines = [ImageRightsInline]
    list_display = ["thumbnail", "alt_text", "credit", "caption", "licence", "usage", "uploaded_at", "uploaded_by"]
    list_display_links = ["thumbnail", "alt_text"]
    search_fields = ["alt_text", "caption", "credit"]
    list_filter = [LicenceFilter, "credit"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ["focal_point_picker", "used_in", "width", "height", "uploaded_by", "uploaded_at"]
    fieldsets = [
        (None, {"fields": ["file", "alt_text", "caption", "credit", "source_url"]}),
        (
            _("Bildausschnitt"),
            {
                "fields": ["focal_point_picker", "focal_x", "focal_y"],
                "description": _(
                    "Klicken Sie im Vorschaubild auf die Stelle, die in zugeschnittenen Anrissbildern (16:9 und "
                    "quadratisch) sichtbar bleiben muss, und speichern Sie."
                ),
            },
        ),
        (
            _("Verwendung und Angaben"),
            {"fields": ["used_in", "width", "height", "uploaded_by", "uploaded_at"]},
        ),
    ]

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/admin-focal-point.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by", "rights").prefetch_related("renditions")

    def get_urls(self):
        view = self.admin_site.admin_view
        choosing = [
            path("auswahl/", view(chooser.search), name="images_image_chooser"),
            path("auswahl/hochladen/", view(chooser.upload), name="images_image_chooser_upload"),
            path("auswahl/<int:image_id>/", view(chooser.chosen), name="images_image_chooser_image"),
            path("auswahl/<int:image_id>/angaben/", view(chooser.complete), name="images_image_chooser_details"),
        ]
        private = [
            path("<path:object_id>/nachweis/", self.admin_site.admin_view(self.proof_view), name="images_image_proof"),
            path(
                "<path:object_id>/original-zurueckgezogen/",
                self.admin_site.admin_view(self.withdrawn_original_view),
                name="images_image_withdrawn_original",
            ),
        ]
        return [*choosing, *private, *super().get_urls()]

    def _private_file(self, request, object_id, field: str):
        """A file of the private storage, for the Redaktion only, as a download that no browser renders inline."""
        if not request.user.has_perm("images.view_proof"):
            raise PermissionDenied
        image = self.get_object(request, unquote(object_id))
        rights = getattr(image, "rights", None) if image is not None else None
        name = getattr(rights, field, None)
        name = getattr(name, "name", name)
        if not name:
            raise Http404
        try:
            stream = private_storage.open(name, "rb")
        except storage_errors() as error:
            raise Http404 from error
        response = FileResponse(stream, as_attachment=True, filename=name.rsplit("/", 1)[-1])
        response["Cache-Control"] = "private, no-store"
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        return response

    def proof_view(self, request, object_id):
        return self._private_file(request, object_id, "proof")

    def withdrawn_original_view(self, request, object_id):
        return self._private_file(request, object_id, "withdrawn_original")

    @admin.display(description=_("Lizenz"))
    def licence(self, obj):
        try:
            rights = obj.rights
        except ImageRights.DoesNotExist:
            return _("ohne Angaben")
        if obj.licence_has_ended():
            return format_html("{} · <strong>{}</strong>", rights.licence_label, _("beendet"))
        if rights.valid_until:
            return _("%(licence)s · bis %(date)s") % {
                "licence": rights.licence_label,
                "date": formats.date_format(timezone.localtime(rights.valid_until), "SHORT_DATETIME_FORMAT"),
            }
        return rights.licence_label

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # The usage column of the whole page from one question per source, not one per row.
        found = usages_by_image(image.pk for image in changelist.result_list)
        for image in changelist.result_list:
            image.found_usages = found.get(image.pk, [])
        return changelist

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _function, name, description = actions["delete_selected"]
            actions["delete_selected"] = (refusing_delete_selected, name, description)
        return actions

    @admin.display(description=_("Vorschau"))
    def thumbnail(self, obj):
        if obj.is_gone():
            return _("nicht mehr verfügbar")
        return format_html(
            '<img src="{}" alt="" width="80" class="nr-admin-thumb">', obj.rendition_url(width=THUMBNAIL_WIDTH)
        )

    @admin.display(description=_("Verwendung"))
    def usage(self, obj):
        found = getattr(obj, "found_usages", None)
        if found is None:
            found = usages_by_image([obj.pk]).get(obj.pk, [])
        if not found:
            return _("nicht verwendet")
        return format_html_join(", ", '<a href="{}">{}</a>', ((url, text) for text, url in summaries(found)))

    @admin.display(description=_("Verwendet in"))
    def used_in(self, obj):
        if obj.pk is None:
            return "–"
        usages = usages_of(obj.pk)
        if not usages:
            return _("noch nirgends verwendet")
        return format_html(
            "<ul class='nr-image-usage'>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> ({}, {})</li>',
                ((usage.change_url, usage.title, usage.how, usage.state) for usage in usages),
            ),
        )

    @admin.display(description=_("Vorschau"))
    def focal_point_picker(self, obj):
        if obj.pk is None:
            return _("Nach dem ersten Speichern können Sie hier den wichtigsten Bildpunkt wählen.")
        if obj.is_gone():
            return _(
                "Die Lizenz ist beendet; keine Ausgabe zeigt das Bild mehr, seine Dateien sind gelöscht. Zum "
                "Wiederverwenden: Lizenz verlängern und die Bilddatei neu hochladen."
            )
        return format_html(
            '<div class="nr-focal-picker"><img src="{}" alt="{}" class="nr-admin-preview">'
            '<span class="nr-focal-marker" hidden></span></div>',
            obj.rendition_url(width=PREVIEW_WIDTH),
            obj.alt_text,
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # A new class per call: the problem belongs to this request only.
        form.storage_problem = getattr(request, "media_storage_problem", None)
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except MediaStorageFailed:
            # The admin's transaction is rolled back by now and save_model removed the files it had written.
            # The form comes back with what the editor typed and the reason; the upload has to be chosen again.
            request.media_storage_problem = STORAGE_PROBLEM
            for upload in request.FILES.values():
                upload.seek(0)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if "file" in form.changed_data:
            # A new upload (after a licence ended, say): its files are the library's again.
            obj.files_removed_at = None
        original = form.initial.get("file") if change else None
        image_save(image=obj, user=request.user, original_name=original.name if original else None)

    def delete_view(self, request, object_id, extra_context=None):
        image = self.get_object(request, unquote(object_id))
        if image is not None and refused_because_published(request, [image]):
            return HttpResponseRedirect(reverse("admin:images_image_change", args=[image.pk]))
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        delete_image_files(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for image in queryset:
            delete_image_files(image)
        super().delete_queryset(request, queryset)
