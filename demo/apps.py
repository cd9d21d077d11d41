from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo material: texts, drawn pictures, `seed_demo` and the local editor of `make run`. No other app imports
    it; `make run`, `make serve`, `bench/` and the tests use it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = _("Demo-Inhalte")
