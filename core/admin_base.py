"""The base of the project's ModelAdmins and inlines: forms that survive any input.

Widgets that look up related objects only by values that can be keys: a form that failed validation renders
its widgets again with the raw input (`abc`, `1e3`, a NUL byte, a 30-digit number). Django's raw-id widgets
survive that; its autocomplete widgets pass the raw values to `filter(pk__in=...)`, which raises and turns the
form's German error into a 500. Every project ModelAdmin
derives from `NewsroomModelAdmin`, which gives its autocomplete fields the checked widgets below.

Inlines with a bound: a posted `TOTAL_FORMS` of 987654321 makes Django build (and render) up to
`max_num` + 1,000 forms, about 20 seconds of a worker; `BoundedTabularInline` refuses more than `max_num`.
"""

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db.models import Field


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


class CheckedKeysAutocompleteMixin:
    def optgroups(self, name, value, attr=None):
        field = target_field(self.field)
        return super().optgroups(name, [item for item in value if is_valid_key(field, item)], attr)


class CheckedAutocompleteSelect(CheckedKeysAutocompleteMixin, AutocompleteSelect):
    pass


class CheckedAutocompleteSelectMultiple(CheckedKeysAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class NewsroomModelAdmin(admin.ModelAdmin):
    """The base of every ModelAdmin in the project: autocomplete fields that survive any input."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class BoundedTabularInline(admin.TabularInline):
    """An inline of at most `max_num` rows; a form claiming more gets Django's German formset error."""

    max_num = 50

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, **{"absolute_max": self.max_num, **kwargs})
