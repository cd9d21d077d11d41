"""`{% bracketed_date article.published_at %}`: the date as the portal shows it, "[7.11.2022]", in a <time>."""

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def bracketed_date(moment):
    """Nothing for an article without a date (a draft in preview). Built in Python: every teaser shows one."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return format_html(
        '<time class="date" datetime="{}">[{}]</time>',
        # Whole seconds: HTML's datetime allows at most three decimals, isoformat() writes six.
        local.replace(microsecond=0).isoformat(),
        formats.date_format(local, "SHORT_DATE_FORMAT"),
    )
