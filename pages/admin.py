from django.contrib import admin
from reversion.admin import VersionAdmin

from core.admin_base import NewsroomModelAdmin
from core.security import NonceMediaAdminMixin

from .models import Page


@admin.register(Page)
class PageAdmin(NonceMediaAdminMixin, VersionAdmin, NewsroomModelAdmin):
    list_display = ["title", "slug", "is_published", "footer_position", "updated_at"]
    list_editable = ["footer_position"]
    list_filter = ["is_published"]
    search_fields = ["title", "body"]
    fields = ["title", "slug", "body", "is_published", "footer_position"]
