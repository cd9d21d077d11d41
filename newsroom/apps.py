from django.contrib.admin.apps import AdminConfig


class NewsroomAdminConfig(AdminConfig):
    """Django's admin, with our AdminSite as `admin.site` (every `admin.register` lands there)."""

    default_site = "newsroom.admin.NewsroomAdminSite"
