"""WordPress markup to Newsroom's body: paragraphs as wpautop makes them, shortcodes and block comments gone,
pictures as figures with our renditions.

The result still goes through the body sanitiser (`Article.save()`); this module makes sure that nothing of
WordPress's own syntax survives as visible text. Pictures (`[caption]`, `[gallery]`, block-editor image figures,
loose `<img>`) become `<figure><img><figcaption>` when `BodyMedia` (the importer) maps their address to an
imported picture's rendition; everything else is removed (the importer lists it). Media players are removed whole.

An export is outside input: every step takes time in proportion to the text (docs/wordpress.md). No pattern here
looks for the end of a construct from each of its beginnings (an opening without its end, repeated, made such
patterns take the square of the text's length): pairs are found by scanners that remember what is not there, tags
end at the next "<" or bracket, and nesting deeper than `MAX_NESTING` is not WordPress's and is flattened.
"""

import re
from dataclasses import dataclass
from html import escape, unescape
from typing import Protocol

from core.richtext import plain_text, without_tags

from .wxr import number


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
# [name attrs] or [/name]. Attributes end at the first "]" (as in WordPress) and hold no "[", so a tag without its
# end costs only the text up to the next bracket. WordPress's "[[name]]" escape prints the shortcode literally.
_SHORTCODE = re.compile(rf"\[(/?)({_NAMES})\b([^\[\]]*)\]", re.IGNORECASE)
# Shortcodes and figures nested deeper than this lose their tags (their content stays): WordPress does not even nest
# a shortcode in one of its own name, and without a bound each level would cost a pass over its content.
MAX_NESTING = 20
_FIGURE = re.compile(r"<(/?)figure\b[^<>]*>", re.IGNORECASE)
_MEDIA_TAG = re.compile(r"<(img|video|audio|iframe|embed|object|picture|source)\b", re.IGNORECASE)
_FIGCAPTION_START = re.compile(r"<figcaption\b[^<>]*>", re.IGNORECASE)
_FIGCAPTION_END = re.compile(r"</figcaption>", re.IGNORECASE)
# Players go whole, up to their end tag; pictures and sources are single tags.
_MEDIA_START = re.compile(r"<(video|audio|iframe|object|picture|img|embed|source)\b", re.IGNORECASE)
_MEDIA_END = {
    name: re.compile(rf"</{name}>", re.IGNORECASE) for name in ("video", "audio", "iframe", "object", "picture")
}
_TAG_REST = re.compile(r"[^<>]*>")
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

LEAD_MAX_CHARS = 600


_IMG_TAG = re.compile(r"<img\b[^<>]*>", re.IGNORECASE)
_LINKED_IMG = re.compile(r"<a\b[^<>]*>\s*(<img\b[^<>]*>)\s*</a>", re.IGNORECASE | re.DOTALL)
# A name starts after a character that cannot be in one: a long run of letters is tried once, not from each letter.
_ATTRIBUTE = re.compile(r"""(?<![\w:-])([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")
# A converted picture waits as \x02n\x02 (alone in its paragraph) until the paragraphs are made.
_PLACEHOLDER = re.compile(r"\x02(\d+)\x02")
_PLACED = re.compile(r"<p>\s*\x02(\d+)\x02\s*</p>|\x02(\d+)\x02")


def without_pairs(text: str, start: re.Pattern, end: re.Pattern, replacement: str = "") -> str:
    """`text` without each stretch from a `start` match to the next `end` match after it (an HTML comment, a
    caption), in one pass: once no end follows a start, none follows any later start, and the rest stays."""
    out, position = [], 0
    while (opening := start.search(text, position)) is not None:
        closing = end.search(text, opening.end())
        if closing is None:
            break
        out += [text[position : opening.start()], replacement]
        position = closing.end()
    out.append(text[position:])
    return "".join(out)


# Every HTML comment: block delimiters (<!-- wp:paragraph -->), <!--more-->, <!--nextpage-->.
_COMMENT_START, _COMMENT_END = re.compile("<!--"), re.compile("-->")


def without_comments(text: str, replacement: str = "") -> str:
    return without_pairs(text, _COMMENT_START, _COMMENT_END, replacement)


def attributes(tag: str) -> dict[str, str]:
    """The attributes of one start tag, names lower-cased, values with entities decoded."""
    found = {}
    for name, double, single, bare in _ATTRIBUTE.findall(tag):
        found.setdefault(name.lower(), unescape(double or single or bare))
    return found


def _attachment_id(attrs: dict[str, str]) -> int | None:
    for value in (attrs.get("data-wp-id", ""), attrs.get("data-id", "")):
        if (found := number(value)) is not None:
            return found
    match = _WP_IMAGE_CLASS.search(attrs.get("class", ""))
    return number(match.group(1)) if match else None


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

    def shortcode(self, name: str, opening: str, content: str) -> str:
        if name == "embed":
            url = plain_text(content)
            return f'\n\n<p><a href="{escape(url)}">{escape(url)}</a></p>\n\n' if url.startswith("http") else ""
        if name in TEXT_SHORTCODES:
            return content
        if name in ("caption", "wp_caption"):
            return self.caption(opening, content)
        return ""

    def caption(self, opening: str, content: str) -> str:
        """[caption id="attachment_N" …]<a><img></a> Text[/caption] (or caption="Text" in older posts)."""
        img = _IMG_TAG.search(content)
        if img is None:
            return ""
        shortcode_attrs = attributes(opening[:-1])
        text = (
            _LINKED_IMG.sub("", content, count=1) if _LINKED_IMG.search(content) else _IMG_TAG.sub("", content, count=1)
        )
        text = text.strip() or escape(shortcode_attrs.get("caption", ""))
        wp_id = shortcode_attrs.get("id", "").removeprefix("attachment_")
        return self.figure(img.group(0), text, number(wp_id))

    def gallery(self, opening: str) -> str:
        """[gallery ids="1,2"] (or include=…): a figure per picture with its caption; without ids the post's
        attached pictures, as WordPress shows them."""
        if self.media is None:
            return ""
        attrs = attributes(opening)
        listed = attrs.get("ids") or attrs.get("include") or ""
        ids = [int(n) for n in re.findall(r"\d{1,18}", listed)] if listed else self.media.attached()
        return "".join(self.figure("<img>", "", wp_id, own_caption=True) for wp_id in ids)

    def strip_shortcodes(self, text: str) -> str:
        """One pass over the shortcode tags: each enclosing shortcode is converted when its end tag comes (innermost
        first), a tag without its partner is removed and its content stays, "[[name]]" prints "[name]"."""
        root: list[str] = []
        open_shortcodes: list[tuple[str, str, list[str]]] = []  # name, opening tag, content so far
        parts, position = root, 0
        for tag in _SHORTCODE.finditer(text):
            start, end = tag.span()
            escaped_before, escaped_after = text[start - 1 : start] == "[", text[end : end + 1] == "]"
            if escaped_before and escaped_after:
                parts += [text[position : start - 1], tag.group(0)]
                position = end + 1
                continue
            if escaped_before or escaped_after:
                continue  # half an escape: WordPress leaves it as text
            parts.append(text[position:start])
            position = end
            name = tag.group(2).lower()
            if not tag.group(1):
                if name == "gallery":
                    parts.append(self.gallery(tag.group(0)))
                elif len(open_shortcodes) < MAX_NESTING:
                    parts = []
                    open_shortcodes.append((name, tag.group(0), parts))
                continue
            if tag.group(3) or all(open_name != name for open_name, _opening, _content in open_shortcodes):
                continue  # an end tag without its shortcode goes
            while True:
                open_name, opening, content = open_shortcodes.pop()
                outer = open_shortcodes[-1][2] if open_shortcodes else root
                if open_name == name:
                    outer.append(self.shortcode(name, opening, "".join(content)))
                    break
                outer += content  # opened inside and never closed: the tag goes, its content stays
            parts = open_shortcodes[-1][2] if open_shortcodes else root
        parts.append(text[position:])
        while open_shortcodes:
            _name, _opening, content = open_shortcodes.pop()
            (open_shortcodes[-1][2] if open_shortcodes else root).extend(content)
        return "".join(root)

    # --- HTML figures and loose pictures ---

    def innermost_figure(self, whole: str, inner: str) -> str:
        images = _IMG_TAG.findall(inner)
        if images and self.media is not None:
            caption = first_figcaption(inner)
            *first, last = images
            return "".join(self.figure(tag) for tag in first) + self.figure(last, caption or "")
        if _PLACEHOLDER.search(inner):  # a gallery around figures already converted: the figures stay
            caption = first_figcaption(inner)
            text = f"\n\n<p>{caption}</p>\n\n" if caption and plain_text(caption) else ""
            return "".join(f"\n\n{m.group(0)}\n\n" for m in _PLACEHOLDER.finditer(inner)) + text
        if _MEDIA_TAG.search(inner) or not plain_text(without_pairs(inner, _FIGCAPTION_START, _FIGCAPTION_END)):
            return ""
        return whole

    def convert_figures(self, html: str) -> str:
        """Figures converted (pictures) or removed (players, empty), innermost first, in one pass over the figure
        tags; a figure that stays as it is keeps the figures around it as they are."""
        root: list[str] = []
        open_figures: list[list] = []  # opening tag, content so far, whether a figure inside stays as it is
        parts, position, too_deep = root, 0, 0
        for tag in _FIGURE.finditer(html):
            if not tag.group(1):
                if len(open_figures) >= MAX_NESTING:
                    too_deep += 1  # stays as text, and so does its end tag
                    continue
                parts.append(html[position : tag.start()])
                position, parts = tag.end(), []
                open_figures.append([tag.group(0), parts, False])
                continue
            if too_deep or not open_figures:
                too_deep = max(too_deep - 1, 0)
                continue
            parts.append(html[position : tag.start()])
            position = tag.end()
            opening, content, keeps_inner = open_figures.pop()
            inner = "".join(content)
            whole = opening + inner + tag.group(0)
            converted = whole if keeps_inner else self.innermost_figure(whole, inner)
            if open_figures and converted == whole:
                open_figures[-1][2] = True
            parts = open_figures[-1][1] if open_figures else root
            parts.append(converted)
        parts.append(html[position:])
        while open_figures:  # never closed: left as they were
            opening, content, _keeps_inner = open_figures.pop()
            (open_figures[-1][1] if open_figures else root).extend([opening, *content])
        return "".join(root)

    def media_elements(self, html: str) -> str:
        """Figures converted (pictures) or removed (players, empty), innermost first; then loose pictures."""
        html = self.convert_figures(html)
        if self.media is not None:
            html = _LINKED_IMG.sub(lambda m: self.figure(m.group(1)), html)
            html = _IMG_TAG.sub(lambda m: self.figure(m.group(0)), html)
        return without_media(html)


def first_figcaption(html: str) -> str | None:
    """What the first <figcaption> holds, or None."""
    start = _FIGCAPTION_START.search(html)
    end = _FIGCAPTION_END.search(html, start.end()) if start else None
    return html[start.end() : end.start()] if end else None


def without_media(html: str) -> str:
    """Players (<video>, <audio>, <iframe>, <object>, <picture>) removed up to their end tag, pictures and sources
    (<img>, <embed>, <source>) removed as tags; a player without an end tag stays (the sanitiser takes it)."""
    out, position, unclosed = [], 0, set()
    for start in _MEDIA_START.finditer(html):
        name = start.group(1).lower()
        if start.start() < position or name in unclosed:
            continue
        end = _MEDIA_END[name].search(html, start.end()) if name in _MEDIA_END else _TAG_REST.match(html, start.end())
        if end is None:
            if name in _MEDIA_END:
                unclosed.add(name)  # none after this one either
            continue
        out.append(html[position : start.start()])
        position = end.end()
    out.append(html[position:])
    return "".join(out)


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
            out.append("<p>" + "<br>\n".join(line.strip() for line in chunk.split("\n")) + "</p>")
    return "\n".join(out)


def convert_body(content: str, media: BodyMedia | None = None) -> str:
    """The post's content as body HTML for Newsroom (before the sanitiser). Pictures become figures where `media`
    maps them to our renditions; without `media` they are removed."""
    converter = _Converter(media)
    block_editor = "<!-- wp:" in content
    html = without_comments(content.replace("\x00", "").replace("\x02", ""), "\n")
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
    return plain_text(strip_shortcodes(without_comments(text, " ")))


def plain_title(text: str) -> str:
    """A title as plain text; inline markup goes without a gap ("Mark<sup>up</sup>" is "Markup")."""
    return " ".join(unescape(without_tags(strip_shortcodes(without_comments(text)), "")).split())


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
    position = 0
    while (start := body.find("<p>", position)) != -1 and (end := body.find("</p>", start)) != -1:
        text = plain_text(body[start + 3 : end])
        if text:
            return _shorten(text), body
        position = end
    return "", body


def _shorten(text: str, limit: int = LEAD_MAX_CHARS) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


# A credit line in a caption or description: "Foto: Anna Beispiel", "Bildquelle: dpa", "© Stadt Musterstadt".
# Spaces within the line only ([^\S\n]): a pattern that may run over line breaks from every line's start takes time in
# the square of a run of empty lines.
_CREDIT_LINE = re.compile(
    r"^[^\S\n]*(?:(?:bildquelle|quelle|foto|fotos|bild|photo|credit|copyright)[^\S\n]*:[^\S\n]*|©[^\S\n]*|\(c\)[^\S\n]+)"
    r"(?P<credit>.+?)[^\S\n]*$",
    re.IGNORECASE | re.MULTILINE,
)
# IPTC credit/copyright that WordPress copies into the serialised _wp_attachment_metadata.
_IPTC = re.compile(r's:\d+:"(credit|copyright)";s:\d+:"([^"]+)";')


def credit_and_caption(caption: str, description: str, metadata: str = "") -> tuple[str, str]:
    """(credit, caption) of an attachment. The credit comes from a credit line in the caption or description
    (the line leaves the caption), else the description, else the picture's IPTC data; "" when none is given."""
    caption_lines = plain_lines(without_comments(strip_shortcodes(caption)))
    match = _CREDIT_LINE.search(caption_lines)
    description_lines = plain_lines(description) if match is None else ""
    match = match or _CREDIT_LINE.search(description_lines)
    if match:
        rest = _CREDIT_LINE.sub("", caption_lines)
        return match.group("credit")[:200], " ".join(rest.split())[:300]
    caption_plain = " ".join(caption_lines.split())[:300]
    described = " ".join(description_lines.split())
    if described:
        return described[:200], caption_plain
    for _kind, value in _IPTC.findall(metadata):
        if value.strip():
            return value.strip()[:200], caption_plain
    return "", caption_plain


_LINE_END = re.compile(r"<br\s*/?>|</p>", re.IGNORECASE)


def plain_lines(html: str) -> str:
    """Plain text that keeps its line breaks (and makes one of each <br> and </p>)."""
    text = unescape(without_tags(_LINE_END.sub("\n", html)))
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))
