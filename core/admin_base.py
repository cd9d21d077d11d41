"""The base of the project's ModelAdmins and inlines: forms that survive any input.

Fields and widgets that look up related objects only by values that can be keys. A posted key beyond the
database's integer range (a 40-digit number) reaches `filter(pk__in=...)` in Django's ModelMultipleChoiceField,
and SQLite raises OverflowError: a 500 instead of the form's German error. The checked fields below refuse such
a value as Django does any unknown choice („Ungültige Auswahl“) before a query is made. A form that failed
validation also renders its widgets again with the raw input (`abc`, `1e3`, a NUL byte, a 30-digit number):
Django's raw-id widgets survive that; its autocomplete widgets pass the raw values to a query as well. Every
project ModelAdmin derives from `NewsroomModelAdmin` and every inline from `BoundedTabularInline`; both give their
foreign keys and many-to-many fields the checked fields and widgets.

Inlines with a bound: a posted `TOTAL_FORMS` of 987654321 makes Django build (and render) up to
`max_num` + 1,000 forms, about 20 seconds of a worker; `BoundedTabularInline` refuses more than `max_num`. A posted
`INITIAL_FORMS` smaller than the rows shown turns existing rows into new ones, which the database refuses as
duplicates; `StableRowsFormSet` refuses them first, with a German message.
"""

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db.models import Field
from django.forms import BaseInlineFormSet, ModelChoiceField, ModelMultipleChoiceField
from django.utils.translation import gettext_lazy as _


def is_valid_key(field: Field, value) -> bool:
    """Whether `value` (raw form input) is a value of `field`'s type and range, so a lookup by it cannot raise."""
    try:
        field.run_validators(field.to_python(value))
    except (ValidationError, TypeError, ValueError, OverflowError):
        return False
    return True


def target_field(relation: Field) -> Field:
    """The field of the related model that the relation's form values name (its primary key, or `to_field`)."""
    opts = relation.remote_field.model._meta
    return opts.get_field(getattr(relation.remote_field, "field_name", None) or opts.pk.name)


def choice_key_field(formfield: ModelChoiceField) -> Field:
    """The model field a model choice field's values name (the primary key, or `to_field_name`)."""
    opts = formfield.queryset.model._meta
    return opts.get_field(formfield.to_field_name) if formfield.to_field_name else opts.pk


def refuse_impossible_keys(formfield: ModelChoiceField, values) -> None:
    """Django's „Ungültige Auswahl“ for the first of `values` that no row can have as its key."""
    field = choice_key_field(formfield)
    for value in values:
        if isinstance(value, str | int) and not is_valid_key(field, value):
            raise ValidationError(
                formfield.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )


class CheckedModelChoiceField(ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values:
            refuse_impossible_keys(self, [value])
        return super().to_python(value)


class CheckedModelMultipleChoiceField(ModelMultipleChoiceField):
    def _check_values(self, value):
        if isinstance(value, list | tuple):
            refuse_impossible_keys(self, value)
        return super()._check_values(value)


class CheckedKeysAutocompleteMixin:
    def optgroups(self, name, value, attr=None):
        field = target_field(self.field)
        return super().optgroups(name, [item for item in value if is_valid_key(field, item)], attr)


class CheckedAutocompleteSelect(CheckedKeysAutocompleteMixin, AutocompleteSelect):
    pass


class CheckedAutocompleteSelectMultiple(CheckedKeysAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class CheckedKeysAdminMixin:
    """Foreign keys and many-to-many fields that survive any input: checked fields, checked autocomplete widgets."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", CheckedModelChoiceField)
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", CheckedModelMultipleChoiceField)
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class NewsroomModelAdmin(CheckedKeysAdminMixin, admin.ModelAdmin):
    """The base of every ModelAdmin in the project: relation fields that survive any input."""


class StableRowsFormSet(BaseInlineFormSet):
    """An inline formset whose new rows are new: one that carries the key of a saved row means the form's count of
    saved rows was changed (by hand, or by a page from before another save)."""

    def clean(self):
        super().clean()
        key = self.model._meta.pk.name
        if any(getattr(form, "cleaned_data", {}).get(key) is not None for form in self.extra_forms):
            raise ValidationError(
                _(
                    "Die Zeilen dieser Liste passen nicht mehr zum Formular. Bitte die Seite neu laden und erneut speichern."
                ),
                code="stale_rows",
            )


class BoundedTabularInline(CheckedKeysAdminMixin, admin.TabularInline):
    """An inline of at most `max_num` rows; a form claiming more gets Django's German formset error."""

    formset = StableRowsFormSet
    max_num = 50

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, **{"absolute_max": self.max_num, **kwargs})
