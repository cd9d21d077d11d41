"""The article body's rich text: what the editor offers and what the sanitiser lets through.

One configuration drives both, so the editor can never produce markup that the server strips, and
the server strips everything else (scripts, event handlers, iframes, javascript: links). Pictures in the body
are figures whose image must be one of this site's renditions (see `is_rendition_path`); the editor's picture
button chooses them from the image library. The editor speaks German: static/js/prose-newsroom.js, registered
with django-prose-editor in settings.DJANGO_PROSE_EDITOR_EXTENSIONS (docs/aufbau.md, "Hinweise für Upgrades").
"""

import re
from collections import Counter
from html import unescape

import nh3
from django.conf import settings
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import allowlist_from_extensions, expand_extensions
from django_prose_editor.fields import ProseEditorField

# The address of the image library's chooser, for the body editor's picture button. The app that owns the
# library names its URL here (images/apps.py: register_picture_chooser), so core names no app.
_picture_chooser: dict[str, str] = {}


def register_picture_chooser(url_name: str) -> None:
    _picture_chooser["url_name"] = url_name


def _picture_chooser_url() -> str:
    url_name = _picture_chooser.get("url_name")
    return reverse(url_name) if url_name else ""


# Buttons only, no drop-down menus: a heading is one click away, and every button has a German name.
BODY_MENU = [
    {"group": "blockType -lists"},
    {"group": "lists"},
    {"group": "nodes -blockType -lists"},
    {"group": "marks"},
    {"group": "textClass"},
    {"group": "link"},
    {"group": "history"},
]

BODY_EXTENSIONS = {
    "Menu": {"groups": BODY_MENU},
    "Bold": True,
    "Italic": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    # Numbered lists start at 1; their settings dialog (list type, start) would be English.
    "OrderedList": {"enableListAttributes": False},
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    # Figures with a picture and its caption; which pictures may appear is decided in `_image_attribute`. The
    # picture comes from the image library's chooser (static/js/prose-newsroom.js), never from a typed address.
    "Figure": {"chooserUrl": lazy(_picture_chooser_url, str)()},
    "Caption": True,
    "Image": True,
    # Words in another language (WCAG 3.1.2): the editor marks them with this class, readers get lang="en".
    "TextClass": {"cssClasses": [{"className": "lang-en", "title": "Englisch"}]},
    # Ours (static/js/prose-newsroom.js): German names for every button and dialog.
    "NewsroomGerman": True,
}
# Classes of the TextClass mark and the language each stands for.
LANGUAGE_CLASSES = {"lang-en": "en"}

# Width of the rendition a body picture uses (JPEG): the image library shows its address, the WordPress import uses it.
BODY_IMAGE_WIDTH = 960
# One path segment of a stored rendition ("renditions/<image>/<hash>/<crop>-<width>.<format>").
_SEGMENT = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
_DIMENSION = re.compile(r"[0-9]{1,5}")


def is_rendition_path(src: str) -> bool:
    """Whether `src` is the address of one of this site's own renditions: below MEDIA_URL + "renditions/", plain
    path segments only (no scheme, host, "//", "..", query, fragment, backslash or percent-encoding)."""
    prefix = f"{settings.MEDIA_URL}renditions/"
    if not src.startswith(prefix):
        return False
    segments = src[len(prefix) :].split("/")
    return len(segments) >= 2 and all(_SEGMENT.fullmatch(s) and ".." not in s for s in segments)


def _image_attribute(element: str, attribute: str, value: str) -> str | None:
    """Body pictures only from the image library's renditions: readers' browsers then make no request to another
    host (privacy, CSP img-src 'self'), and never see an original with its EXIF/GPS data."""
    if element != "img":
        return value
    if attribute == "src":
        return value if is_rendition_path(value) else None
    if attribute in {"width", "height"}:
        return value if _DIMENSION.fullmatch(value.strip()) else None
    return value


def _cleaner() -> nh3.Cleaner:
    allowed = allowlist_from_extensions(expand_extensions(BODY_EXTENSIONS))
    # Editors may not choose rel values (rel="attachment" makes PDF renderers embed files); we set it.
    allowed["attributes"]["a"].discard("rel")
    allowed["link_rel"] = "noopener noreferrer"
    # The editor's upload reference and figure classes have no meaning on our pages.
    allowed["attributes"]["img"].discard("data-file")
    allowed["attributes"].pop("figure", None)
    # Only the language classes on spans, no others.
    allowed["attributes"]["span"].discard("class")
    allowed.setdefault("allowed_classes", {})["span"] = set(LANGUAGE_CLASSES)
    return nh3.Cleaner(**allowed, attribute_filter=_image_attribute)


_CLEANER = _cleaner()
# nh3 writes every attribute as name="value" with ">" escaped, so a tag ends at the first ">".
_IMG_WITHOUT_SRC = re.compile(r'<img(?![^>]*\ssrc=")[^>]*>')
# A figure without its picture: the editor's figure needs one, so its caption becomes a paragraph (or goes, if empty).
_FIGURE_WITHOUT_IMAGE = re.compile(
    r"<figure>\s*(?:<figcaption>((?:(?!</?figcaption\b|</?figure\b).)*)</figcaption>)?\s*</figure>", re.DOTALL
)


# html5ever, nh3's parser, looks through the stack of open elements at many tags, so input nested thousands deep takes
# time in the square of its depth (0.4 MB of "<div>" took 90 s, of "<ul><li>" three minutes). The editor nests a few
# levels, page builders some twenty; start tags deeper than this are left out before parsing, their text stays.
MAX_NESTING = 100
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track"}
    | {"wbr"}
)
# Elements the parser closes itself when the next of their kind (or their parent's end) comes: they never pile up.
_CLOSED_BY_SIBLINGS = frozenset(
    {"p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "caption"}
    | {"rb", "rt", "rp", "rtc"}
)
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)[^<>]*>?")


def within_nesting(html: str) -> str:
    """`html` without the start tags nested deeper than MAX_NESTING and their end tags, in one pass."""
    if html.count("<") <= MAX_NESTING:
        return html
    out, position, open_names, left_out = [], 0, [], Counter()
    for tag in _TAG_NAME.finditer(html):
        name = tag.group(2).lower()
        if name in _VOID or name in _CLOSED_BY_SIBLINGS:
            continue
        if not tag.group(1):
            if len(open_names) < MAX_NESTING:
                open_names.append(name)
                continue
            left_out[name] += 1
        elif left_out[name]:  # the end of a start tag left out (the innermost end first)
            left_out[name] -= 1
        else:
            if name in open_names:
                while open_names.pop() != name:
                    pass
            continue
        out.append(html[position : tag.start()])
        position = tag.end()
    out.append(html[position:])
    return "".join(out)


def sanitize_body(html: str | None) -> str:
    """Return `html` with only the markup the body editor can produce ("" for an empty editor). A picture whose
    address is not one of our renditions is removed; a figure left without picture keeps its caption as a paragraph."""
    cleaned = _CLEANER.clean(within_nesting(html or ""))
    if "<img" in cleaned:
        cleaned = _FIGURE_WITHOUT_IMAGE.sub(
            lambda m: f"<p>{m[1]}</p>" if m[1] and m[1].strip() else "", _IMG_WITHOUT_SRC.sub("", cleaned)
        )
    cleaned = cleaned.strip()
    return "" if cleaned in {"<p></p>", "<p><br></p>"} else cleaned


def rich_text_field(help_text: str) -> ProseEditorField:
    """The "Text" field of articles and static pages: this editor, this sanitiser in forms. Models sanitise
    again in save(), since the field sanitises only in forms."""
    return ProseEditorField(
        _("Text"), extensions=BODY_EXTENSIONS, sanitize=sanitize_body, blank=True, help_text=help_text
    )


_TAG = re.compile(r"<[^>]+>")


def without_tags(html: str, replacement: str = " ") -> str:
    """`html` with every tag (from "<" to the next ">") replaced. Only the part up to the last ">" is searched: in the
    rest no "<" has an end, and trying each (a run of "<" from outside) would take time in the square of its length."""
    end = html.rfind(">") + 1
    return _TAG.sub(replacement, html[:end]) + html[end:]


def plain_text(html: str | None) -> str:
    """The body's words without markup, for search and snippets: tags become spaces (so "…</p><p>Neu" stays two
    words) and entities become characters (so "&amp;" is "&" and is escaped once, where it is shown)."""
    return " ".join(unescape(without_tags(html or "")).split())


def with_languages(html: str) -> SafeString:
    """A sanitised body for readers: the editor's language marks become `lang` attributes, so that screen readers
    pronounce "Open Data" in English."""
    for css_class, language in LANGUAGE_CLASSES.items():
        html = html.replace(f'<span class="{css_class}">', f'<span class="{css_class}" lang="{language}">')
    return mark_safe(html)
