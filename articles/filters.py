"""The archive's filters (django-filter): section, type, keywords, date range and free text, combinable.

Every state of the form is a plain GET URL, so a result list can be bookmarked and shared.
"""

from datetime import date, datetime, time, timedelta

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ArticleType, Keyword, Section
from .search import search

# Dates outside this range cannot be turned into a time zone aware moment on every database.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2999, 12, 31)
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]


class ArchiveForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        for name in ("von", "bis"):
            value = cleaned.get(name)
            if value and not EARLIEST_DATE <= value <= LATEST_DATE:
                self.add_error(name, _("Bitte ein Datum zwischen 1900 und 2999 angeben."))
        start, end = cleaned.get("von"), cleaned.get("bis")
        if start and end and start > end:
            self.add_error("bis", _("Das Ende des Zeitraums liegt vor seinem Anfang."))
        return cleaned


def start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")

    def format_value(self, value):
        # A date field can only hold a date: typed text that is none ("gestern") would make invalid HTML, and
        # a browser empties the field anyway. The error message above the field names the problem.
        if isinstance(value, str):
            for input_format in DATE_INPUT_FORMATS:
                try:
                    return datetime.strptime(value.strip(), input_format).date().isoformat()
                except ValueError:
                    continue
            return None
        return super().format_value(value)


class ArchiveFilter(django_filters.FilterSet):
    # Comparisons on published_at itself (not its date), so the database can use its index.
    q = django_filters.CharFilter(
        label=_("Suchbegriff"),
        method="filter_text",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    bereich = django_filters.ModelChoiceFilter(
        label=_("Bereich"),
        method="filter_section",
        to_field_name="slug",
        queryset=Section.objects.none(),  # the portal's sections, set in __init__
        empty_label=_("Alle Bereiche"),
    )
    art = django_filters.ModelChoiceFilter(
        label=_("Beitragsart"),
        field_name="article_type",
        to_field_name="slug",
        queryset=ArticleType.objects.all(),
        empty_label=_("Alle Beitragsarten"),
    )
    stichwort = django_filters.ModelMultipleChoiceFilter(
        label=_("Stichwörter"),
        method="filter_keywords",
        to_field_name="slug",
        queryset=Keyword.objects.all(),
        help_text=_("Mehrere mit Strg- oder Befehlstaste wählen; gezeigt werden Beiträge mit allen gewählten."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    von = django_filters.DateFilter(
        label=_("Erschienen ab"),
        method="filter_from",
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
    )
    bis = django_filters.DateFilter(
        label=_("Erschienen bis"),
        method="filter_until",
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
    )

    class Meta:
        form = ArchiveForm
        fields = []

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.portal = request.portal
        self.filters["bereich"].queryset = Section.objects.filter(portal=self.portal)

    def filter_section(self, queryset, name, value):
        # The section as its page lists it on this portal: with what is shared into it.
        return queryset.in_section_on(self.portal, value)

    def filter_from(self, queryset, name, value):
        return queryset.filter(published_at__gte=start_of_day(value))

    def filter_until(self, queryset, name, value):
        return queryset.filter(published_at__lt=start_of_day(value + timedelta(days=1)))

    def filter_keywords(self, queryset, name, value):
        # No keyword chosen arrives as an empty QuerySet, which django-filter does not count as empty.
        return queryset.with_all_keywords(value) if value else queryset

    def filter_text(self, queryset, name, value):
        # Applied in filter_queryset, after every other filter: search ranks a bounded set of the newest
        # matches, which must already be the matches within section, dates and keywords.
        return queryset

    def filter_queryset(self, queryset):
        """A QuerySet, or with search text the ranked SearchResults (a sequence that fetches a page at a time)."""
        queryset = super().filter_queryset(queryset)
        text = self.form.cleaned_data.get("q")
        return search(queryset, text) if text else queryset

    @property
    def search_text(self) -> str:
        return self.form.cleaned_data.get("q", "") if self.is_valid() else ""
