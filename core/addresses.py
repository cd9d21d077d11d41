"""Top-level path names ("/<name>/") the site keeps for itself. Sections live at "/<slug>/", so a section slug must
not take one of them; each app reserves the names of its own fixed addresses in its `AppConfig.ready()`."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The project's own: the admin, static files, uploads, a future API and machine endpoints such as /-/health/.
_reserved = {"admin", "static", "media", "api", "-"}


def reserve(*names: str) -> None:
    _reserved.update(names)


def is_reserved(name: str) -> bool:
    return name in _reserved


def validate_not_reserved(value: str) -> None:
    if is_reserved(value):
        raise ValidationError(_("„%(value)s“ ist als Adresse reserviert."), params={"value": value})
