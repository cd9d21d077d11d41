from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_base import BoundedTabularInline, NewsroomModelAdmin

from .models import Portal, PortalMembership


class MembershipInline(BoundedTabularInline):
    model = PortalMembership
    extra = 1
    max_num = 500
    # A plain choice: the people are edited as accounts.Person, and Django's User has no admin to complete from.
    verbose_name = _("Person, die hier arbeitet")
    verbose_name_plural = _("Personen, die hier arbeiten")


@admin.register(Portal)
class PortalAdmin(NewsroomModelAdmin):
    """Portals, their host names and who works on them: for superusers only (a host name decides which site a
    request is for)."""

    list_display = ["display_name", "slug", "url", "language", "theme"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "base_url", "aliases"]}),
        (_("Auftritt"), {"fields": ["language", "theme", "logo", "description", "footer_text"]}),
    ]
    inlines = [MembershipInline]

    @admin.display(description=_("Name"))
    def display_name(self, obj):
        return obj.display_name

    @admin.display(description=_("Adresse"))
    def url(self, obj):
        return obj.url

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser
