import reversion
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.admin_base import NewsroomModelAdmin
from images.widgets import ImageChooserWidget

from .models import Contributor
from .services import retire_contributor


@admin.register(Contributor)
class ContributorAdmin(NewsroomModelAdmin):
    list_display = ["name", "role", "kind", "is_active", "user", "profile_link"]
    list_filter = ["is_active", "kind"]
    search_fields = ["name", "role"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["is_active", "left_at", "retire_button"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "role"]}),
        (_("Profil"), {"fields": ["bio", "portrait", "links"]}),
        (_("Konto und Status"), {"fields": ["user", "is_active", "left_at", "retire_button"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.has_perm("people.retire_contributor"):
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "retire_button"]})
            for name, options in fieldsets
        ]

    class Media:
        css = {"all": ["css/admin.css"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "portrait":
            # The same dialog as the lead image: chosen or uploaded there, shown at once (images/widgets.py).
            kwargs["widget"] = ImageChooserWidget()
            return db_field.formfield(**kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    def get_search_results(self, request, queryset, search_term):
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        if request.path.endswith("/autocomplete/"):
            # Bylines name active contributors only; who has left stays in the bylines they already have.
            queryset = queryset.filter(is_active=True)
        return queryset, duplicates

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Each save is a revision (the erasure on leaving deletes them all: people/services.py).
        with reversion.create_revision():
            reversion.set_user(request.user)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def has_change_permission(self, request, obj=None):
        # Who left is kept only as a name: nothing of them is edited any more.
        if obj is not None and not obj.is_active:
            return False
        return super().has_change_permission(request, obj)

    @admin.display(description=_("Profilseite"))
    def profile_link(self, obj):
        if not obj.is_active:
            return _("ausgeschieden")
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("ansehen"))

    @admin.display(description=_("Ausscheiden"))
    def retire_button(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        if not obj.is_active:
            return _("Ausgeschieden; die persönlichen Angaben sind gelöscht.")
        return format_html(
            '<button type="submit" form="nr-retire" class="button">{}</button> <span class="help">{}</span>',
            _("Ausscheiden lassen und persönliche Angaben löschen"),
            _(
                "Die Profilseite verschwindet (410), der Name bleibt in den Autorenzeilen stehen; Kurzbiografie, "
                "Porträt, Links und Kontoverknüpfung werden gelöscht, auch aus allen gespeicherten Fassungen."
            ),
        )

    def get_urls(self):
        retire = path(
            "<path:object_id>/ausscheiden/",
            self.admin_site.admin_view(require_POST(self.retire_view)),
            name="people_contributor_retire",
        )
        return [retire, *super().get_urls()]

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None and obj.pk and obj.is_active and request.user.has_perm("people.retire_contributor"):
            context["retire_url"] = reverse("admin:people_contributor_retire", args=[obj.pk])
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def retire_view(self, request, object_id):
        contributor = self.get_object(request, object_id)
        if contributor is None or not request.user.has_perm("people.retire_contributor"):
            messages.error(request, _("Das darf nur die Redaktion."))
            return HttpResponseRedirect(reverse("admin:people_contributor_changelist"))
        retire_contributor(contributor=contributor, user=request.user)
        messages.success(
            request,
            _("„%(name)s“ ist ausgeschieden; die persönlichen Angaben sind gelöscht.") % {"name": contributor.name},
        )
        return HttpResponseRedirect(reverse("admin:people_contributor_change", args=[contributor.pk]))
