"""Canonical query strings: a cached page has one address for each content it shows (docs/seiten-cache.md).

Each registered page declares the query parameters it takes and the form of their values:

    register(pages={"shop:list": {"page": queries.PAGE, "farbe": queries.SLUG, "q": queries.FREE}})

A request for the page is then one of three:

- canonical (each declared parameter at most once, in the declared order, no empty value, each value in its
  canonical form): looked up and stored under its address;
- another spelling of a canonical one (leading zeros, another order, an empty value): answered with a permanent
  redirect to the canonical address, which is then looked up; the redirect itself is never stored;
- anything else (a parameter the page does not declare, one given twice, a value that is no canonical form of
  anything, a `FREE` value such as a search text or a date): answered by the view, never stored.

So invented query strings can neither fill the cache nor push out the pages readers read.
"""

import re
from collections.abc import Mapping
from urllib.parse import urlencode

from django.http import QueryDict

# Page numbers are checked against the database's integer range before any query.
MAX_PAGE = 2**31 - 1


class Parameter:
    """The form of one parameter's values. `canonical(value)` is the canonical spelling of `value`, or None when
    `value` spells nothing a page is stored under."""

    stored = True

    def canonical(self, value: str) -> str | None:
        raise NotImplementedError


class PageNumber(Parameter):
    """1, 2, …: digits only; leading zeros are another spelling of the number."""

    def canonical(self, value: str) -> str | None:
        if not value.isascii() or not value.isdigit() or len(value) > 10:
            return None
        number = int(value)
        return str(number) if 1 <= number <= MAX_PAGE else None


class Slug(Parameter):
    """A slug as the site makes them: letters, digits, hyphens and underscores, at most 100."""

    PATTERN = re.compile(r"[A-Za-z0-9_-]{1,100}")

    def canonical(self, value: str) -> str | None:
        return value if self.PATTERN.fullmatch(value) else None


class Free(Parameter):
    """Any value (a search text, a date): the page is answered but not stored while it carries one, since such
    values are as many as anyone cares to invent."""

    stored = False

    def canonical(self, value: str) -> str | None:
        return value


PAGE = PageNumber()
SLUG = Slug()
FREE = Free()

# What a page's request is: its canonical query string, or UNSTORED.
UNSTORED = None


def canonical_query(parameters: Mapping[str, Parameter], query: QueryDict) -> str | None:
    """The canonical query string of a request for a page that declares `parameters`, or UNSTORED."""
    if not set(query).issubset(parameters):
        return UNSTORED
    pairs = []
    for name, parameter in parameters.items():
        values = [value for value in query.getlist(name) if value]
        if not values:
            continue
        if len(values) > 1 or not parameter.stored:
            return UNSTORED
        canonical = parameter.canonical(values[0])
        if canonical is None:
            return UNSTORED
        pairs.append((name, canonical))
    return urlencode(pairs)
