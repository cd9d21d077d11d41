"""WordPress markup to Newsroom's body: paragraphs as wpautop makes them, shortcodes and block comments gone,
pictures as figures with our renditions.

The result still goes through the body sanitiser (`Article.save()`); this module makes sure that nothing of
WordPress's own syntax survives as visible text. Pictures (`[caption]`, `[gallery]`, block-editor image figures,
loose `<img>`) become `<figure><img><figcaption>` when `BodyMedia` (the importer) maps their address to an
imported picture's rendition; everything else is removed (the importer lists it). Media players are removed whole.
"""

import re
from dataclasses import dataclass
from html import escape, unescape
from typing import Protocol

from core.richtext import plain_text


@dataclass(frozen=True)
class BodyImage:
    """A picture of the body as it will be shown: our rendition's address and size, the alternative text, and
    the picture's own caption (used where WordPress shows it: galleries)."""

    src: str
    alt: str
    width: int
    height: int
    caption: str = ""


class BodyMedia(Protocol):
    def image(self, src: str, wp_id: int | None, alt: str = "", width: str = "") -> BodyImage | None:
        """The picture at `src` (a URL from the export; `wp_id` the attachment id the markup names), or None
        when it is not one of the export's imported uploads (then it is left out and reported)."""

    def attached(self) -> list[int]:
        """Ids of the post's attached pictures, for a `[gallery]` without ids (as WordPress shows them)."""


# Shortcodes of WordPress itself and the common plugins (Jetpack and others) that exports carry. Only these
# are treated as shortcodes: "[sic]" or "[1]" in a text stay as they are, as WordPress leaves them too.
MEDIA_SHORTCODES = frozenset(
    {
        "caption",
        "wp_caption",
        "gallery",
        "playlist",
        "audio",
        "video",
        "tiled-gallery",
        "slideshow",
        "youtube",
        "vimeo",
        "tweet",
        "instagram",
        "soundcloud",
        "googlemaps",
        "googleapps",
        "dailymotion",
        "flickr",
        "scribd",
        "ted",
        "wpvideo",
        "VR",
        "contact-form",
        "contact-field",
        "polldaddy",
        "crowdsignal",
        "recipe",
        "archives",
        "sitemap",
        "portfolio",
        "recent-posts",
        "simple-payment",
    }
)
# Shortcodes whose content is text worth keeping.
TEXT_SHORTCODES = frozenset({"code", "sourcecode", "latex", "footnote", "quote", "pullquote"})
KNOWN_SHORTCODES = MEDIA_SHORTCODES | TEXT_SHORTCODES | {"embed"}

_NAMES = "|".join(re.escape(name) for name in sorted(KNOWN_SHORTCODES, key=len, reverse=True))
# [name attrs]content[/name]; WordPress's "[[name]]" escape prints the shortcode literally.
_ENCLOSING = re.compile(rf"(?<!\[)\[({_NAMES})\b[^\]]*\](.*?)\[/\1\](?!\])", re.DOTALL | re.IGNORECASE)
_SINGLE = re.compile(rf"(?<!\[)\[/?({_NAMES})\b[^\]]*\](?!\])", re.IGNORECASE)
_GALLERY = re.compile(r"(?<!\[)\[gallery\b[^\]]*\](?!\])", re.IGNORECASE)
_ESCAPED = re.compile(rf"\[(\[/?(?:{_NAMES})\b[^\]]*\])\]", re.IGNORECASE)
# Every HTML comment: block delimiters (<!-- wp:paragraph -->), <!--more-->, <!--nextpage-->.
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_INNERMOST_FIGURE = re.compile(r"<figure\b[^>]*>((?:(?!<figure\b).)*?)</figure>", re.DOTALL | re.IGNORECASE)
_MEDIA_TAG = re.compile(r"<(img|video|audio|iframe|embed|object|picture|source)\b", re.IGNORECASE)
_FIGCAPTION = re.compile(r"<figcaption\b.*?</figcaption>", re.DOTALL | re.IGNORECASE)
_MEDIA_ELEMENT = re.compile(
    r"<(video|audio|iframe|object|picture)\b.*?</\1>|<(img|embed|source)\b[^>]*>", re.DOTALL | re.IGNORECASE
)
_TAG = re.compile(r"<[^>]*>")
_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"']+)[ \t]*$", re.MULTILINE)

# Block-level tags around which wpautop breaks paragraphs (WordPress's $allblocks, shortened to what occurs).
_BLOCKS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|"
    "address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|"
    "figcaption|details|menu|summary"
)
_BLOCK_OPEN = re.compile(rf"(<(?:{_BLOCKS})[\s/>])", re.IGNORECASE)
_BLOCK_CLOSE = re.compile(rf"(</(?:{_BLOCKS})>)", re.IGNORECASE)
_STARTS_WITH_BLOCK = re.compile(rf"^</?(?:{_BLOCKS})[\s/>]", re.IGNORECASE)
_FIRST_PARAGRAPH = re.compile(r"^\s*<p>(.*?)</p>", re.DOTALL)
_ANY_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)

LEAD_MAX_CHARS = 600


_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_LINKED_IMG = re.compile(r"<a\b[^>]*>\s*(<img\b[^>]*>)\s*</a>", re.IGNORECASE | re.DOTALL)
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")
_FIGCAPTION_INNER = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption>", re.DOTALL | re.IGNORECASE)
# A converted picture waits as \x02n\x02 (alone in its paragraph) until the paragraphs are made.
_PLACEHOLDER = re.compile(r"\x02(\d+)\x02")
_PLACED = re.compile(r"<p>\s*\x02(\d+)\x02\s*</p>|\x02(\d+)\x02")


def attributes(tag: str) -> dict[str, str]:
    """The attributes of one start tag, names lower-cased, values with entities decoded."""
    found = {}
    for name, double, single, bare in _ATTRIBUTE.findall(tag):
        found.setdefault(name.lower(), unescape(double or single or bare))
    return found


def _attachment_id(attrs: dict[str, str]) -> int | None:
    for value in (attrs.get("data-wp-id", ""), attrs.get("data-id", "")):
        if value.strip().isdigit():
            return int(value)
    match = _WP_IMAGE_CLASS.search(attrs.get("class", ""))
    return int(match.group(1)) if match else None


class _Converter:
    """One post's body: shortcodes and figures converted, each picture mapped through `media` (None: removed)."""

    def __init__(self, media: BodyMedia | None):
        self.media = media
        self.figures: list[str] = []

    def figure(self, img_tag: str, caption_html: str = "", wp_id: int | None = None, *, own_caption=False) -> str:
        """A placeholder for our figure of `img_tag`; when the picture is not ours to show, only its caption."""
        if self.media is None:
            return ""
        attrs = attributes(img_tag)
        found = self.media.image(
            attrs.get("src", ""),
            wp_id or _attachment_id(attrs),
            plain_text(attrs.get("alt", "")),
            attrs.get("width", ""),
        )
        if found is None:  # the picture goes (the importer lists it); words written under it stay
            return f"\n\n<p>{caption_html.strip()}</p>\n\n" if plain_text(caption_html) else ""
        caption = caption_html.strip() or (escape(found.caption) if own_caption else "")
        html = (
            f'<figure><img src="{escape(found.src)}" alt="{escape(found.alt)}" width="{found.width}" '
            f'height="{found.height}">'
            + (f"<figcaption>{caption}</figcaption>" if plain_text(caption) else "")
            + "</figure>"
        )
        self.figures.append(html)
        return f"\n\n\x02{len(self.figures) - 1}\x02\n\n"

    def place(self, html: str) -> str:
        return _PLACED.sub(lambda m: self.figures[int(m.group(1) or m.group(2))], html)

    # --- shortcodes ---

    def shortcode(self, match: re.Match) -> str:
        name, content = match.group(1).lower(), match.group(2)
        if name == "embed":
            url = plain_text(content)
            return f'\n\n<p><a href="{escape(url)}">{escape(url)}</a></p>\n\n' if url.startswith("http") else ""
        if name in TEXT_SHORTCODES:
            return content
        if name in ("caption", "wp_caption"):
            return self.caption(match.group(0), content)
        return ""

    def caption(self, whole: str, content: str) -> str:
        """[caption id="attachment_N" …]<a><img></a> Text[/caption] (or caption="Text" in older posts)."""
        img = _IMG_TAG.search(content)
        if img is None:
            return ""
        shortcode_attrs = attributes(whole[: whole.index("]")])
        text = (
            _LINKED_IMG.sub("", content, count=1) if _LINKED_IMG.search(content) else _IMG_TAG.sub("", content, count=1)
        )
        text = text.strip() or escape(shortcode_attrs.get("caption", ""))
        wp_id = shortcode_attrs.get("id", "").removeprefix("attachment_")
        return self.figure(img.group(0), text, int(wp_id) if wp_id.isdigit() else None)

    def gallery(self, match: re.Match) -> str:
        """[gallery ids="1,2"] (or include=…): a figure per picture with its caption; without ids the post's
        attached pictures, as WordPress shows them."""
        if self.media is None:
            return ""
        attrs = attributes(match.group(0))
        listed = attrs.get("ids") or attrs.get("include") or ""
        ids = [int(n) for n in re.findall(r"\d+", listed)] if listed else self.media.attached()
        return "".join(self.figure("<img>", "", wp_id, own_caption=True) for wp_id in ids)

    def strip_shortcodes(self, text: str) -> str:
        escaped = []

        def keep(match):
            escaped.append(match.group(1))
            return f"\x00{len(escaped) - 1}\x00"

        text = _ESCAPED.sub(keep, text)
        text = _GALLERY.sub(self.gallery, text)
        previous = None
        while previous != text:  # nested shortcodes, innermost last
            previous, text = text, _ENCLOSING.sub(self.shortcode, text)
        text = _SINGLE.sub("", text)
        return re.sub(r"\x00(\d+)\x00", lambda m: escaped[int(m.group(1))], text)

    # --- HTML figures and loose pictures ---

    def innermost_figure(self, match: re.Match) -> str:
        inner = match.group(1)
        images = _IMG_TAG.findall(inner)
        if images and self.media is not None:
            caption = _FIGCAPTION_INNER.search(inner)
            *first, last = images
            return "".join(self.figure(tag) for tag in first) + self.figure(last, caption.group(1) if caption else "")
        if _PLACEHOLDER.search(inner):  # a gallery around figures already converted: the figures stay
            caption = _FIGCAPTION_INNER.search(inner)
            text = f"\n\n<p>{caption.group(1)}</p>\n\n" if caption and plain_text(caption.group(1)) else ""
            return "".join(f"\n\n{m.group(0)}\n\n" for m in _PLACEHOLDER.finditer(inner)) + text
        if _MEDIA_TAG.search(inner) or not plain_text(_FIGCAPTION.sub("", inner)):
            return ""
        return match.group(0)

    def media_elements(self, html: str) -> str:
        """Figures converted (pictures) or removed (players, empty), innermost first; then loose pictures."""
        previous = None
        while previous != html:
            previous, html = html, _INNERMOST_FIGURE.sub(self.innermost_figure, html)
        if self.media is not None:
            html = _LINKED_IMG.sub(lambda m: self.figure(m.group(1)), html)
            html = _IMG_TAG.sub(lambda m: self.figure(m.group(0)), html)
        return _MEDIA_ELEMENT.sub("", html)


def strip_shortcodes(text: str) -> str:
    """Known shortcodes converted or removed (pictures too); "[[gallery]]" (WordPress's escape) becomes the literal
    "[gallery]"."""
    return _Converter(None).strip_shortcodes(text)


def autop(text: str) -> str:
    """Paragraphs from blank lines and <br> from single line breaks, as WordPress's wpautop does for classic posts."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _BLOCK_OPEN.sub(r"\n\n\1", text)
    text = _BLOCK_CLOSE.sub(r"\1\n\n", text)
    chunks = [chunk.strip() for chunk in re.split(r"\n\s*\n", text)]
    out = []
    for chunk in chunks:
        if not chunk:
            continue
        if _STARTS_WITH_BLOCK.match(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + re.sub(r"\s*\n\s*", "<br>\n", chunk) + "</p>")
    return "\n".join(out)


def convert_body(content: str, media: BodyMedia | None = None) -> str:
    """The post's content as body HTML for Newsroom (before the sanitiser). Pictures become figures where `media`
    maps them to our renditions; without `media` they are removed."""
    converter = _Converter(media)
    block_editor = "<!-- wp:" in content
    html = _COMMENT.sub("\n", content.replace("\x00", "").replace("\x02", ""))
    html = converter.strip_shortcodes(html)
    html = converter.media_elements(html)
    # A URL alone on a line is an oEmbed in WordPress (video, tweet): a plain link here, nothing is fetched.
    html = _URL_LINE.sub(lambda m: f'\n\n<p><a href="{escape(m.group(1))}">{escape(m.group(1))}</a></p>\n\n', html)
    # Block-editor content is stored with its paragraphs already; wpautop would double them.
    html = html if block_editor else autop(html)
    return converter.place(re.sub(r"\n\s*\n+", "\n", html).strip())


_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|<br>)*</p>\n?")


def drop_empty_paragraphs(html: str) -> str:
    """Sanitised body HTML without the empty paragraphs that a picture leaves when it leaves its paragraph
    (`<p style="text-align: center"><img …></p>` in WordPress becomes a figure between two empty paragraphs)."""
    return _EMPTY_PARAGRAPH.sub("", html).strip()


def plain(text: str) -> str:
    """An excerpt as plain text: shortcodes, comments and tags gone, entities decoded, one line."""
    return plain_text(strip_shortcodes(_COMMENT.sub(" ", text)))


def plain_title(text: str) -> str:
    """A title as plain text; inline markup goes without a gap ("Mark<sup>up</sup>" is "Markup")."""
    return " ".join(unescape(_TAG.sub("", strip_shortcodes(_COMMENT.sub("", text)))).split())


def split_lead(excerpt: str, body: str) -> tuple[str, str]:
    """The lead and the body that stays: the excerpt if there is one, else the body's first paragraph.

    The first paragraph leaves the body when it becomes the lead whole, so the page does not show it twice; a
    longer one is shortened for the lead at a word and stays in the body."""
    lead = plain(excerpt)
    if lead:
        return _shorten(lead), body
    first = _FIRST_PARAGRAPH.match(body)
    if first:
        text = plain_text(first.group(1))
        if text and len(text) <= LEAD_MAX_CHARS:
            return text, body[first.end() :].lstrip()
    for paragraph in _ANY_PARAGRAPH.finditer(body):
        text = plain_text(paragraph.group(1))
        if text:
            return _shorten(text), body
    return "", body


def _shorten(text: str, limit: int = LEAD_MAX_CHARS) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


# A credit line in a caption or description: "Foto: Anna Beispiel", "Bildquelle: dpa", "© Stadt Musterstadt".
_CREDIT_LINE = re.compile(
    r"^\s*(?:(?:bildquelle|quelle|foto|fotos|bild|photo|credit|copyright)\s*:\s*|©\s*|\(c\)\s+)(?P<credit>.+?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
# IPTC credit/copyright that WordPress copies into the serialised _wp_attachment_metadata.
_IPTC = re.compile(r's:\d+:"(credit|copyright)";s:\d+:"([^"]+)";')


def credit_and_caption(caption: str, description: str, metadata: str = "") -> tuple[str, str]:
    """(credit, caption) of an attachment. The credit comes from a credit line in the caption or description
    (the line leaves the caption), else the description, else the picture's IPTC data; "" when none is given."""
    caption_text = _COMMENT.sub("", strip_shortcodes(caption))
    for source in (caption_text, description):
        lines = re.sub(r"<br\s*/?>|</p>", "\n", source)
        match = _CREDIT_LINE.search(plain_lines(lines))
        if match:
            rest = _CREDIT_LINE.sub("", plain_lines(re.sub(r"<br\s*/?>|</p>", "\n", caption_text)))
            return match.group("credit")[:200], plain_text(rest)[:300]
    caption_plain = plain_text(caption_text)[:300]
    described = plain_text(description)
    if described:
        return described[:200], caption_plain
    for _kind, value in _IPTC.findall(metadata):
        if value.strip():
            return value.strip()[:200], caption_plain
    return "", caption_plain


def plain_lines(html: str) -> str:
    """Plain text that keeps its line breaks."""
    return "\n".join(plain_text(line) for line in html.split("\n"))
