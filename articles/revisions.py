"""Revisions of articles (django-reversion): what a revision holds, and a readable diff of two of them."""

import difflib
import re
from dataclasses import dataclass

import reversion
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from .keywords import format_keywords
from .models import Article, ArticleLink, Byline, Keyword, KeywordedArticle

# Text fields shown in the diff and in an edit conflict, in the order of the form.
TEXT_FIELDS = (
    "kicker",
    "headline",
    "slug",
    "lead",
    "body",
    "author_shorthand",
    "lead_image_caption",
    "correction_note",
)


def register() -> None:
    """Called once from ArticlesConfig.ready(). Links and keyword assignments travel with each revision;
    related articles are a many-to-many field of the article and are stored with it."""
    if reversion.is_registered(Article):
        return
    reversion.register(ArticleLink)
    reversion.register(KeywordedArticle)
    # A byline stores the contributor's id and role only: nothing personal stays in an article's revisions.
    reversion.register(Byline)
    reversion.register(Article, follow=["links", "keyword_items", "bylines"])


def versions_of(article: Article):
    """Revisions of the article, newest first, with who saved them."""
    return Version.objects.get_for_object(article).select_related("revision__user")


# The sanitised body writes every img as <img src="…" alt="…" …> (core.richtext).
_IMG = re.compile(r'<img\s[^>]*?src="([^"]*)"(?:[^>]*?alt="([^"]*)")?[^>]*>')


def plain(field: str, value) -> str:
    """The text an editor reads: the body without its markup, one paragraph per line."""
    text = "" if value is None else str(value)
    if field == "body":
        # A picture is a line of its own, so that a changed or removed picture shows in the diff.
        text = _IMG.sub(lambda m: f"[Bild: {m[2] or ''} – {m[1]}]\n", text)
        text = text.replace("</p>", "</p>\n").replace("<br>", "\n").replace("</figcaption>", "</figcaption>\n")
        text = strip_tags(text).strip()
    return text


@dataclass
class FieldDiff:
    field: str
    label: str
    lines: list[tuple[str, str]]  # (kind, text) with kind "same", "added" or "removed"


def version_extras(version: Version) -> dict[str, str]:
    """Keywords (in the editor's order) and links of a revision, as text lines for the diff."""
    keywords, links = [], []
    for related in version.revision.version_set.all():
        model = related.content_type.model_class()
        if model is KeywordedArticle:
            fields = related.field_dict
            # Revisions from before the position existed hold none: their order was the rows' ids.
            keywords.append((fields.get("position", 0), int(related.object_id), fields["tag_id"]))
        elif model is ArticleLink:
            fields = related.field_dict
            links.append((fields["position"], fields["url"], fields["label"]))

    names = dict(Keyword.objects.filter(pk__in=[pk for *_order, pk in keywords]).values_list("pk", "name"))
    return {
        "keywords": format_keywords(names.get(pk, "?") for *_order, pk in sorted(keywords)),
        "links": "\n".join(f"{url} {label}".strip() for _position, url, label in sorted(links)),
    }


def diff_versions(old: Version, new: Version) -> list[FieldDiff]:
    """Line diff of every text field, keywords and links that differ between two revisions."""
    old_fields, new_fields = old.field_dict, new.field_dict
    labels = {field: Article._meta.get_field(field).verbose_name for field in TEXT_FIELDS}
    old_values = {field: plain(field, old_fields.get(field)) for field in TEXT_FIELDS}
    new_values = {field: plain(field, new_fields.get(field)) for field in TEXT_FIELDS}
    labels.update(keywords=_("Stichwörter"), links=_("Links"))
    old_values.update(version_extras(old))
    new_values.update(version_extras(new))
    diffs = []
    for field, label in labels.items():
        before, after = old_values[field], new_values[field]
        if before == after:
            continue
        lines = []
        old_lines, new_lines = before.splitlines(), after.splitlines()
        # Whole lines, without ndiff's character-level hints: fast, and what an editor reads.
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
            if tag == "equal":
                lines += [("same", line) for line in old_lines[i1:i2]]
                continue
            lines += [("removed", line) for line in old_lines[i1:i2]]
            lines += [("added", line) for line in new_lines[j1:j2]]
        diffs.append(FieldDiff(field=field, label=str(label), lines=lines))
    return diffs
