"""The article body's rich text: what the editor offers and what the sanitiser lets through.

One configuration drives both, so the editor can never produce markup that the server strips, and
the server strips everything else (scripts, event handlers, iframes, javascript: links).
"""

import re
from html import unescape

import nh3
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import allowlist_from_extensions, expand_extensions
from django_prose_editor.fields import ProseEditorField

BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
}


def _cleaner() -> nh3.Cleaner:
    allowed = allowlist_from_extensions(expand_extensions(BODY_EXTENSIONS))
    # Editors may not choose rel values (rel="attachment" makes PDF renderers embed files); we set it.
    allowed["attributes"]["a"].discard("rel")
    allowed["link_rel"] = "noopener noreferrer"
    return nh3.Cleaner(**allowed)


_CLEANER = _cleaner()


def sanitize_body(html: str | None) -> str:
    """Return `html` with only the markup the body editor can produce ("" for an empty editor)."""
    cleaned = _CLEANER.clean(html or "").strip()
    return "" if cleaned in {"<p></p>", "<p><br></p>"} else cleaned


def rich_text_field(help_text: str) -> ProseEditorField:
    """The "Text" field of articles and static pages: this editor, this sanitiser in forms. Models sanitise
    again in save(), since the field sanitises only in forms."""
    return ProseEditorField(
        _("Text"), extensions=BODY_EXTENSIONS, sanitize=sanitize_body, blank=True, help_text=help_text
    )


_TAG = re.compile(r"<[^>]+>")


def plain_text(html: str | None) -> str:
    """The body's words without markup, for search and snippets: tags become spaces (so "…</p><p>Neu" stays two
    words) and entities become characters (so "&amp;" is "&" and is escaped once, where it is shown)."""
    return " ".join(unescape(_TAG.sub(" ", html or "")).split())
