import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from images.views import serve_library_media
from newsroom.health import HEALTH_PATH, health

admin.site.site_header = _("Newsroom – Redaktion")
admin.site.site_title = _("Newsroom")
admin.site.index_title = _("Redaktionssystem")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("pages.urls")),
    path(HEALTH_PATH, health, name="health"),
    path("", include("newsletter.urls")),
    # The articles app comes last: its section pattern "/<slug>/" takes what nothing else claims.
    path("", include("articles.urls")),
]

if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns = [
        re_path(
            rf"^{re.escape(media_prefix)}(?P<path>.*)$", serve_library_media, {"document_root": settings.MEDIA_ROOT}
        ),
        *urlpatterns,
    ]

handler404 = "newsroom.views.page_not_found"
handler500 = "newsroom.views.server_error"
