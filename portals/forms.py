from django import forms

from . import access
from .models import Portal


class PortalChoiceField(forms.ModelChoiceField):
    """The portal of a section, page or old address in the admin: the person's portals to choose from, the
    current portal preselected and taken when the form sends none (one-portal forms need not show a choice)."""

    def __init__(self, *args, fallback: Portal | None = None, **kwargs):
        super().__init__(*args, **{**kwargs, "required": False, "empty_label": None})
        self.fallback = fallback

    def clean(self, value):
        return super().clean(value) or self.fallback


def portal_field(db_field, request, portal_ids: list[int], **kwargs) -> PortalChoiceField:
    current = access.current_portal(request)
    fallback = current if current is not None and current.pk in portal_ids else None
    kwargs.update(queryset=Portal.objects.filter(pk__in=portal_ids), fallback=fallback, initial=fallback)
    return db_field.formfield(form_class=PortalChoiceField, **kwargs)
