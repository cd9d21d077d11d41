"""The signup form: one address and the lists, a honeypot, the page it came from; nothing else."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles.mailing import HONEYPOT_FIELD, SingleAddressField

from .models import NewsletterList

NOT_PUBLIC = _(
    "An diese Adresse können wir keinen Newsletter schicken. Bitte eine Adresse wie name@beispiel.de angeben."
)
SOURCE_MAX_LENGTH = 200


class NewsletterAddressField(SingleAddressField):
    """Link mailen's address rule (IDNA 2008, public domains only), in the newsletter's words."""

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError as error:
            if getattr(error, "code", None) == "not_public":
                raise ValidationError(NOT_PUBLIC, code="not_public") from None
            raise


def local_path(value: str) -> str:
    """The page a reader came from, as a path on this site, or "" (never another host or a script URL)."""
    value = (value or "").strip()
    if not value.startswith("/") or value.startswith("//") or "\\" in value or len(value) > SOURCE_MAX_LENGTH:
        return ""
    if any(ord(character) < 32 for character in value):
        return ""
    return value


class ListChoiceField(forms.ModelMultipleChoiceField):
    """Lists by id; an id that is no positive database integer is refused before any query."""

    widget = forms.CheckboxSelectMultiple

    def clean(self, value):
        for item in value or ():
            if not (isinstance(item, str) and item.isascii() and item.isdigit() and 0 < int(item) < 2**63):
                raise ValidationError(_("Diesen Newsletter gibt es nicht."), code="invalid_choice")
        return super().clean(value)


LIST_ERRORS = {
    "required": _("Bitte mindestens einen Newsletter auswählen."),
    "invalid_choice": _("Diesen Newsletter gibt es nicht."),
    "invalid_pk_value": _("Diesen Newsletter gibt es nicht."),
}


class SignupForm(forms.Form):
    email = NewsletterAddressField(label=_("Ihre E-Mail-Adresse"))
    lists = ListChoiceField(
        label=_("Newsletter"), queryset=NewsletterList.objects.filter(active=True), error_messages=LIST_ERRORS
    )
    von = forms.CharField(required=False, widget=forms.HiddenInput, max_length=SOURCE_MAX_LENGTH)
    # Honeypot: hidden from people by CSS, filled in by bots that complete every field. Its value is never stored.
    website = forms.CharField(
        label=_("Bitte dieses Feld leer lassen"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    accepted_fields = frozenset({"email", "lists", "von", HONEYPOT_FIELD, "csrfmiddlewaretoken"})

    def __init__(self, *args, portal, **kwargs):
        super().__init__(*args, **kwargs)
        # A portal offers only its own lists: another portal's list is "Diesen Newsletter gibt es nicht."
        self.fields["lists"].queryset = NewsletterList.objects.filter(active=True, portal=portal)

    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD))

    def clean(self):
        cleaned = super().clean()
        if set(self.data) - self.accepted_fields:
            raise ValidationError(_("Das Formular enthält Felder, die es nicht gibt."))
        if hasattr(self.data, "getlist") and len(self.data.getlist("email")) > 1:
            self.add_error("email", _("Bitte genau eine Adresse angeben."))
        cleaned["von"] = local_path(cleaned.get("von", ""))
        return cleaned


class ManageForm(forms.Form):
    lists = ListChoiceField(
        label=_("Ihre Newsletter"), queryset=NewsletterList.objects.all(), required=False, error_messages=LIST_ERRORS
    )

    def __init__(self, *args, subscriber, portal, **kwargs):
        super().__init__(*args, **kwargs)
        # Lists of this portal open for signup, and those the reader still has on any portal (to remove them).
        self.fields["lists"].queryset = NewsletterList.objects.filter(
            Q(active=True, portal=portal) | Q(subscriptions__subscriber=subscriber)
        ).distinct()
