from django.contrib import admin
from reversion.admin import VersionAdmin

from core.admin_base import NewsroomModelAdmin
from core.security import NonceMediaAdminMixin
from portals import access
from portals.forms import portal_field

from .models import Page


@admin.register(Page)
class PageAdmin(NonceMediaAdminMixin, VersionAdmin, NewsroomModelAdmin):
    """Each portal keeps its own pages; a person sees those of their portals (superusers all)."""

    list_display = ["title", "slug", "portal", "is_published", "footer_position", "updated_at"]
    list_editable = ["footer_position"]
    list_filter = ["portal", "is_published"]
    search_fields = ["title", "body"]
    fields = ["portal", "title", "slug", "body", "is_published", "footer_position"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(portal__in=access.portal_ids(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "portal":
            return portal_field(db_field, request, access.portal_ids(request.user), **kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
