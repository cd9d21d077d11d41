"""Keywords as the editor types them: one line of names separated by commas, in the editor's order.

taggit's own parser sorts the names and splits on spaces when there is no comma ("KID Magdeburg" became two
keywords); its formatter puts quotes around every name with a space. These two replace them for every taggit form
field (settings TAGGIT_TAGS_FROM_STRING and TAGGIT_STRING_FROM_TAGS): a comma is the only separator, the order is
kept, and quotes appear only around a name that itself contains a comma (so that it survives the round trip).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from .models import Keyword

QUOTE = '"'


def parse_keywords(text: str | None) -> list[str]:
    """The keyword names in `text`, in the order typed, each once (the first spelling wins), without empty ones.

    A name that starts with a double quote runs to the next double quote that is followed by a comma or the end,
    and may contain commas; any other double quote is part of the name."""
    names, seen = [], set()
    for name in _split(text or ""):
        name = name.strip()
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


def _split(text: str) -> list[str]:
    parts, start, length = [], 0, len(text)
    while start <= length:
        opening = start + len(text[start:]) - len(text[start:].lstrip())
        if text.startswith(QUOTE, opening):
            closing = _closing_quote(text, opening + 1)
            if closing is not None:
                parts.append(text[opening + 1 : closing])
                comma = text.find(",", closing)
                start = length + 1 if comma == -1 else comma + 1
                continue
        comma = text.find(",", start)
        end = length if comma == -1 else comma
        parts.append(text[start:end])
        start = end + 1
    return parts


def _closing_quote(text: str, position: int) -> int | None:
    """The first double quote from `position` on that only blanks separate from a comma or the end."""
    while (found := text.find(QUOTE, position)) != -1:
        rest = text[found + 1 :].lstrip()
        if not rest or rest.startswith(","):
            return found
        position = found + 1
    return None


def format_keywords(keywords) -> str:
    """The field's text for `keywords` (Keyword objects or names) in their order; parse_keywords gives them back."""
    names = [getattr(keyword, "name", keyword) for keyword in keywords]
    return ", ".join(_quoted(name) if "," in name or name.startswith(QUOTE) else name for name in names)


def _quoted(name: str) -> str:
    return f"{QUOTE}{name}{QUOTE}"


class KeywordsField(TagField):
    """The article form's keywords: the editor's order, each no longer than a keyword's name may be (the database
    refuses longer ones: PostgreSQL with an error, SQLite silently keeps them)."""

    def clean(self, value):
        keywords = super().clean(value)
        limit = Keyword._meta.get_field("name").max_length
        too_long = [keyword for keyword in keywords if len(keyword) > limit]
        if too_long:
            raise ValidationError(
                _("Ein Stichwort hat höchstens %(limit)d Zeichen; „%(keyword)s …“ ist länger."),
                code="keyword_too_long",
                params={"limit": limit, "keyword": too_long[0][:30]},
            )
        return keywords

    def has_changed(self, initial, data):
        # taggit compares sorted names: a new order would not count as a change.
        try:
            typed = self.clean(data)
        except ValidationError:
            return True
        return [keyword.name for keyword in initial or []] != typed
