from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import unquote
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_base import NewsroomModelAdmin

from . import chooser
from .forms import ImageForm
from .models import THUMBNAIL_WIDTH, Image
from .renditions import delete_image_files
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


@admin.register(Image)
class ImageAdmin(NewsroomModelAdmin):
    form = ImageForm
    list_display = ["thumbnail", "alt_text", "credit", "caption", "usage", "uploaded_at", "uploaded_by"]
    list_display_links = ["thumbnail", "alt_text"]
    search_fields = ["alt_text", "caption", "credit"]
    list_filter = ["credit"]
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
        return super().get_queryset(request).select_related("uploaded_by").prefetch_related("renditions")

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("auswahl/", view(chooser.search), name="images_image_chooser"),
            path("auswahl/hochladen/", view(chooser.upload), name="images_image_chooser_upload"),
            path("auswahl/<int:image_id>/", view(chooser.chosen), name="images_image_chooser_image"),
            path("auswahl/<int:image_id>/angaben/", view(chooser.complete), name="images_image_chooser_details"),
            *super().get_urls(),
        ]

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
