from django.urls import re_path

from . import views
from .models import STATIC_PAGE_SLUGS

app_name = "pages"

# Only the fixed addresses: every other top-level slug belongs to the sections (articles/urls.py).
urlpatterns = [
    re_path(rf"^(?P<slug>{'|'.join(STATIC_PAGE_SLUGS)})/$", views.PageView.as_view(), name="page"),
]
