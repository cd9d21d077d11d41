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
from pagecache.changes import scoped
from portals import access
from portals.forms import portal_field
from portals.models import Portal

from .admin_workflow import EditorialWorkflowAdmin
from .keywords import KeywordsField
from .models import (
    Article,
    ArticleBodyImage,
    ArticleLink,
    ArticleRedirect,
    ArticleShare,
    ArticleType,
    Byline,
    Keyword,
    Section,
    SectionShare,
    is_editor_on,
)
from .placement import portals_showing
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


class PortalScopedAdmin(NewsroomModelAdmin):
    """Rows that belong to a portal (through `portal_path`): a person sees those of their portals, and changes
    and adds them where they are Redaktion; superusers everything (docs/mehrere-portale.md#rechte)."""

    portal_path = "portal"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(**{f"{self.portal_path}__in": access.portal_ids(request.user)})

    def portal_of(self, obj) -> int | None:
        return obj.portal_id

    def editable_portals(self, request) -> list[int]:
        return [pk for pk in access.portal_ids(request.user) if is_editor_on(request.user, pk)]

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self.portal_of(obj) in self.editable_portals(request))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.portal_of(obj) in self.editable_portals(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "portal":
            return portal_field(db_field, request, self.editable_portals(request), **kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Section)
class SectionAdmin(PortalScopedAdmin):
    list_display = ["name", "slug", "portal", "position"]
    list_editable = ["position"]
    list_filter = ["portal"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    fields = ["portal", "name", "slug", "description", "position"]


@admin.register(SectionShare)
class SectionShareAdmin(PortalScopedAdmin):
    """Rules are kept by the Redaktion of the portal whose section is shared: the home portal decides."""

    portal_path = "source__portal"
    list_display = ["source", "target"]
    list_select_related = ["source__portal", "target__portal"]
    fields = ["source", "target"]

    def portal_of(self, obj) -> int | None:
        return obj.source.portal_id

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        sections = Section.objects.select_related("portal").order_by("portal", "position", "name")
        if db_field.name == "source":
            kwargs["queryset"] = sections.filter(portal__in=self.editable_portals(request))
        elif db_field.name == "target":
            kwargs["queryset"] = sections
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name in ("source", "target"):
            formfield.label_from_instance = lambda section: f"{section.portal} / {section.name}"
        return formfield


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


class ArticleShareInline(BoundedTabularInline):
    """ "In anderen Portalen zeigen": only the Redaktion of the article's home portal decides."""

    model = ArticleShare
    extra = 0
    fields = ["portal", "section"]
    verbose_name = _("anderes Portal")

    def _decides(self, request, obj) -> bool:
        return obj is not None and is_editor_on(request.user, obj.home_portal_id)

    def has_view_permission(self, request, obj=None):
        return obj is not None and access.works_on(request.user, obj.home_portal_id)

    def has_add_permission(self, request, obj=None):
        return self._decides(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._decides(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._decides(request, obj)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        home = obj.home_portal_id if obj is not None else None
        fields = formset.form.base_fields
        if "portal" in fields:
            fields["portal"].queryset = Portal.objects.exclude(pk=home)
        if "section" in fields:
            fields["section"].queryset = Section.objects.exclude(portal=home).select_related("portal")
            fields["section"].label_from_instance = lambda section: f"{section.portal} / {section.name}"
        return formset


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
    list_select_related = ["section__portal", "article_type", "lead_image", "created_by"]
    search_fields = ["headline", "kicker", "lead", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["related"]
    readonly_fields = ["status_marker", "created_by", "created_at", "updated_at", "last_edited_by", "corrected_at"]
    inlines = [BylineInline, ArticleLinkInline, ArticleShareInline]
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
        # Only articles of the person's portals, anywhere in the admin: list, form, autocomplete, revisions,
        # bulk actions. The list shows the current portal's (get_changelist).
        return (
            super()
            .get_queryset(request)
            .filter(section__portal__in=access.portal_ids(request.user))
            .prefetch_related("lead_image__renditions")
        )

    def get_changelist(self, request, **kwargs):
        changelist = super().get_changelist(request, **kwargs)
        portal = access.current_portal(request)

        class CurrentPortalChangeList(changelist):
            def get_queryset(self, request, exclude_parameters=None):
                return super().get_queryset(request, exclude_parameters).filter(section__portal=portal)

        return CurrentPortalChangeList

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "section" in form.base_fields:
            # A new article belongs to the current portal; an article stays on its home portal (other portals
            # show it by sharing, not by moving it).
            portal = obj.home_portal_id if obj is not None else getattr(access.current_portal(request), "pk", None)
            form.base_fields["section"].queryset = Section.objects.filter(portal=portal)
        return form

    def save_related(self, request, form, formsets, change):
        # Keywords, related articles, links and shares concern the portals that show the article, and those a
        # share is added for or taken from.
        article = form.instance
        affected = portals_showing(article)
        if affected:
            for formset in formsets:
                if formset.model is ArticleShare:
                    affected |= {f.cleaned_data["portal"].pk for f in formset.forms if f.cleaned_data.get("portal")}
                    affected |= {share.portal_id for share in formset.queryset}
        with scoped(affected):
            super().save_related(request, form, formsets, change)


@admin.register(ArticleRedirect)
class ArticleRedirectAdmin(PortalScopedAdmin):
    list_display = ["old_path", "portal", "article", "created_at"]
    list_filter = ["portal"]
    search_fields = ["old_path", "article__headline"]
    raw_id_fields = ["article"]
