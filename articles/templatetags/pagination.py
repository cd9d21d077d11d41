from django import template

register = template.Library()

# Page numbers shown on each side of the current page; the first and the last page are always shown.
PAGES_AROUND = 2


@register.simple_tag
def page_numbers(page):
    """Numbers for the page navigation: first, last and PAGES_AROUND around `page`, None for a gap."""
    paginator = page.paginator
    return [
        None if number == paginator.ELLIPSIS else number
        for number in paginator.get_elided_page_range(page.number, on_each_side=PAGES_AROUND, on_ends=1)
    ]
