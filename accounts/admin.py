"""Accounts in the admin: „Personen“ with their role instead of Django's users with staff status and permissions.

Roles are the groups of articles/roles.py; choosing one gives its group and the staff status (accounts/services.py).
Django's own user and group admins are replaced, so that their relation fields are checked too (core/admin_base.py).
"""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext_lazy as _

from articles.roles import AUTHORS, EDITORS, ROLES, role_of
from core.admin_base import NewsroomModelAdmin
from portals.access import current_portal
from portals.models import PortalMembership

from . import services
from .forms import PersonChangeForm, PersonCreationForm
from .models import Person

PORTAL_ROLES = {AUTHORS: PortalMembership.Role.AUTHOR, EDITORS: PortalMembership.Role.EDITOR}

admin.site.unregister(User)
admin.site.unregister(Group)


class RoleFilter(admin.SimpleListFilter):
    title = _("Rolle")
    parameter_name = "rolle"

    def lookups(self, request, model_admin):
        return [("autorin", AUTHORS), ("redaktion", EDITORS), ("keine", _("keine"))]

    def queryset(self, request, queryset):
        chosen = {"autorin": AUTHORS, "redaktion": EDITORS}.get(self.value())
        if chosen:
            return queryset.filter(groups__name=chosen)
        if self.value() == "keine":
            return queryset.exclude(groups__name__in=ROLES)
        return queryset


@admin.register(Person)
class PersonAdmin(NewsroomModelAdmin, UserAdmin):
    add_form = PersonCreationForm
    form = PersonChangeForm
    # Django's add template explains its two-step form (user name and password first), which this one is not.
    add_form_template = None
    add_fieldsets = [(None, {"fields": ["first_name", "last_name", "email", "role", "password1", "password2"]})]
    readonly_fields = ["last_login", "date_joined"]
    list_display = ["username", "first_name", "last_name", "role", "is_active", "last_login"]
    list_filter = [RoleFilter, "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    ordering = ["last_name", "first_name", "username"]
    filter_horizontal = []

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        # Only a superuser may make (or unmake) another one; everyone else gives roles.
        access = ["role", "is_active", *(["is_superuser"] if request.user.is_superuser else [])]
        return [
            (None, {"fields": ["username", "password"]}),
            (_("Person"), {"fields": ["first_name", "last_name", "email"]}),
            (_("Rolle und Zugang"), {"fields": access}),
            (_("Daten"), {"fields": ["last_login", "date_joined"]}),
        ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("Rolle"))
    def role(self, obj):
        return role_of(obj) or "–"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        role = form.cleaned_data.get("role", "")
        services.person_set_role(person=obj, role=role, user=request.user)
        portal = current_portal(request)
        if not change and role and portal is not None:
            # A new person works at once on the portal the admin shows, in the role chosen (docs/mehrere-portale.md).
            PortalMembership.objects.get_or_create(user=obj, portal=portal, defaults={"role": PORTAL_ROLES[role]})


@admin.register(Group)
class RoleGroupAdmin(NewsroomModelAdmin, GroupAdmin):
    """Django's group admin, with checked relation fields."""
