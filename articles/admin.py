from django import forms
from django.contrib import admin
from django.db import models
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from core.admin_base import BoundedTabularInline, CheckedAutocompleteSelect, NewsroomModelAdmin, is_valid_key
from core.security import NonceMediaAdminMixin
from images.models import THUMBNAIL_WIDTH, Image
from images.widgets import ImageChooserWidget

from .admin_workflow import EditorialWorkflowAdmin
from .keywords import KeywordsField
from .models import Article, ArticleBodyImage, ArticleLink, ArticleRedirect, ArticleType, Byline, Keyword, Section
from .usage import SHOWS_IN_BODY

# Our keywords are articles.Keyword; taggit's own Tag model stays unused and out of the editors' way.
admin.site.unregister(Tag)

# Addresses typed without a scheme become https:// (Django 6's default, chosen explicitly now).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class ShowsInBodyFilter(admin.SimpleListFilter):
    """Articles whose body shows one library image: where the image library's "im Text von N Beiträgen" leads.
    Offers only the image being filtered by (listing the library here would be endless)."""

    title = _("Bild im Text")
    parameter_name = SHOWS_IN_BODY

    def image(self):
        value = self.value()
        if value is None or not is_valid_key(Image._meta.pk, value):
            return None
        return Image.objects.filter(pk=value).first()

    def lookups(self, request, model_admin):
        # Django applies a filter only while it offers a choice: an unknown image is one, with no articles.
        if self.value() is None:
            return []
        image = self.image()
        return [(self.value(), image.alt_text or str(image.pk) if image else _("unbekanntes Bild"))]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        image = self.image()
        if image is None:
            return queryset.none()
        return queryset.filter(pk__in=ArticleBodyImage.objects.filter(image=image).values("article_id"))


@admin.register(Section)
class SectionAdmin(NewsroomModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(ArticleType)
class ArticleTypeAdmin(NewsroomModelAdmin):
    list_display = ["name", "shows_badge", "position"]
    list_editable = ["shows_badge", "position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Keyword)
class KeywordAdmin(NewsroomModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ArticleLinkInline(BoundedTabularInline):
    model = ArticleLink
    formfield_overrides = HTTPS_URLS
    # An article usually lists a few links: three empty rows spare the editor a click per link.
    extra = 3
    fields = ["position", "url", "label"]


class BylineInline(BoundedTabularInline):
    """Who is named in the byline, in order (Position, small first), each with a role; empty: the shorthand."""

    model = Byline
    extra = 1
    max_num = 20
    fields = ["position", "contributor", "role"]
    autocomplete_fields = ["contributor"]
    verbose_name = _("Autorin/Autor")
    verbose_name_plural = _("Autorenzeile (leer lassen für das Kürzel, etwa bei Meldungen)")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "contributor":
            # Checked like every autocomplete field (core.admin_base): raw input never reaches a query.
            kwargs["widget"] = CheckedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Article)
class ArticleAdmin(NonceMediaAdminMixin, EditorialWorkflowAdmin, NewsroomModelAdmin):
    list_display = [
        "thumbnail",
        "headline",
        "kicker",
        "status_marker",
        "section",
        "article_type",
        "published_at",
        "updated_at",
        "author",
        "preview_link",
    ]
    list_display_links = ["thumbnail", "headline"]
    list_filter = ["status", "section", "article_type", "keyword_items__tag", "created_by", ShowsInBodyFilter]
    list_select_related = ["section", "article_type", "lead_image", "created_by"]
    search_fields = ["headline", "kicker", "lead", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["related"]
    readonly_fields = ["status_marker", "created_by", "created_at", "updated_at", "last_edited_by", "corrected_at"]
    inlines = [BylineInline, ArticleLinkInline]
    fieldsets = [
        (_("Kopf"), {"fields": ["kicker", "headline", "slug"]}),
        (_("Inhalt"), {"fields": ["lead", "body", "author_shorthand"]}),
        (_("Bild"), {"fields": ["lead_image", "lead_image_caption"]}),
        (_("Einordnung"), {"fields": ["section", "article_type", "keywords", "related"]}),
        (
            _("Veröffentlichung"),
            {
                "fields": [
                    "status_marker",
                    "published_at",
                    "unpublish_at",
                    ("significant_update", "correction_note"),
                    "corrected_at",
                    ("created_by", "created_at"),
                    ("last_edited_by", "updated_at"),
                    "opened_version",
                ]
            },
        ),
    ]

    class Media:
        js = [forms.Script("js/admin-keywords.js", type="module")]
        css = {"all": ["css/admin.css", "css/admin-workflow.css"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "lead_image":
            # Chosen or uploaded in a dialog, shown at once (images/widgets.py); no raw id, no pop-up.
            kwargs["widget"] = ImageChooserWidget()
            return db_field.formfield(**kwargs)
        if db_field.name == "keywords":
            kwargs["form_class"] = KeywordsField
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "keywords":
            # Chips with suggestions from keyword_suggestions below: static/js/admin-keywords.js.
            formfield.widget.attrs.update(
                {
                    "data-keyword-suggestions": reverse("admin:articles_article_keyword_suggestions"),
                    "autocomplete": "off",
                    "class": "vTextField",
                }
            )
        return formfield

    def get_urls(self):
        suggestions = path(
            "keyword-suggestions/",
            self.admin_site.admin_view(self.keyword_suggestions),
            name="articles_article_keyword_suggestions",
        )
        return [suggestions, *super().get_urls()]

    def keyword_suggestions(self, request):
        """Up to ten existing keywords for the one keyword being typed, each with the number of published
        articles that carry it, as JSON data (the script shows them as text only)."""
        # A NUL byte cannot reach PostgreSQL in a query.
        typed = request.GET.get("q", "").replace("\x00", "").strip()[:100]
        if not typed or not (self.has_change_permission(request) or self.has_add_permission(request)):
            return JsonResponse({"results": []})
        found = Keyword.objects.suggested_for(typed)
        return JsonResponse({"results": [{"name": keyword.name, "count": keyword.article_count} for keyword in found]})

    @admin.display(description=_("Bild"))
    def thumbnail(self, obj):
        if obj.lead_image is None:
            return "–"
        if obj.lead_image.is_gone():
            return _("Bild nicht mehr verfügbar")
        return format_html(
            '<img src="{}" alt="" width="64" class="nr-admin-thumb">',
            obj.lead_image.rendition_url(width=THUMBNAIL_WIDTH),
        )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("lead_image__renditions")


@admin.register(ArticleRedirect)
class ArticleRedirectAdmin(NewsroomModelAdmin):
    list_display = ["old_path", "article", "created_at"]
    search_fields = ["old_path", "article__headline"]
    raw_id_fields = ["article"]
