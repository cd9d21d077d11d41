from django.contrib import admin
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Image


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "alt_text", "credit", "caption", "uploaded_at", "uploaded_by"]
    list_display_links = ["thumbnail", "alt_text"]
    search_fields = ["alt_text", "caption", "credit"]
    list_filter = ["credit"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ["preview", "width", "height", "uploaded_by", "uploaded_at"]

    class Media:
        css = {"all": ["css/admin.css"]}

    fields = [
        "file",
        "preview",
        "alt_text",
        "caption",
        "credit",
        "source_url",
        "width",
        "height",
        "uploaded_by",
        "uploaded_at",
    ]

    @admin.display(description=_("Vorschau"))
    def thumbnail(self, obj):
        return format_html('<img src="{}" alt="" width="80" class="nr-admin-thumb">', obj.file.url)

    @admin.display(description=_("Vorschau"))
    def preview(self, obj):
        if not obj.pk:
            return "–"
        return format_html('<img src="{}" alt="{}" width="320" class="nr-admin-preview">', obj.file.url, obj.alt_text)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
