"""The account forms of the admin: a new person by name, e-mail address and role; the role on the change form."""

from django import forms
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from articles.roles import AUTHORS, EDITORS, role_of

from .models import Person

ROLE_CHOICES = [
    (
        AUTHORS,
        _("Autorin/Autor – schreibt Beiträge, bearbeitet die eigenen bis zur Veröffentlichung, lädt Bilder hoch"),
    ),
    (EDITORS, _("Redaktion – prüft, veröffentlicht, plant und zieht Beiträge zurück, pflegt Bilder, Bereiche, Seiten")),
]
NO_ROLE = ("", _("Keine – kein Zugang zur Redaktion (etwa nach dem Ausscheiden)"))
ROLE_HELP = _("Die Rolle bringt alle Rechte mit, die sie braucht, auch den Zugang zur Verwaltungsoberfläche.")


class PersonCreationForm(BaseUserCreationForm):
    """Name, e-mail address (also the login name), role and a first password."""

    role = forms.ChoiceField(label=_("Rolle"), choices=ROLE_CHOICES, widget=forms.RadioSelect, help_text=ROLE_HELP)

    class Meta:
        model = Person
        fields = ("first_name", "last_name", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True
        self.fields["first_name"].widget.attrs["autofocus"] = True
        self.fields["email"].help_text = _("Mit dieser Adresse meldet sich die Person an.")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        try:
            Person.username_validator(email)
        except ValidationError as error:
            raise ValidationError(_("Diese E-Mail-Adresse kann nicht als Anmeldename dienen.")) from error
        if (
            Person.objects.filter(username__iexact=email).exists()
            or Person.objects.filter(email__iexact=email).exists()
        ):
            raise ValidationError(_("Eine Person mit dieser E-Mail-Adresse gibt es schon."))
        return email

    def clean(self):
        # The login name, set before the password checks compare the password with it.
        self.instance.username = self.cleaned_data.get("email", "")
        return super().clean()


class PersonChangeForm(UserChangeForm):
    role = forms.ChoiceField(
        label=_("Rolle"),
        choices=[*ROLE_CHOICES, NO_ROLE],
        widget=forms.RadioSelect,
        required=False,
        help_text=ROLE_HELP,
    )

    class Meta(UserChangeForm.Meta):
        model = Person

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["role"] = role_of(self.instance)
