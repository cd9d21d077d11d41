"""WordPress markup to Newsroom's body: paragraphs as wpautop makes them, shortcodes and block comments gone.

The result still goes through the body sanitiser (`Article.save()`); this module only makes sure that nothing of
WordPress's own syntax survives as visible text. The body editor has no images (articles/richtext.py), so image
figures, galleries and media players are removed whole here; the pictures themselves are imported into the image
library from the export's attachments.
"""

import re
from html import escape, unescape

from articles.richtext import plain_text

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


def _shortcode(match: re.Match) -> str:
    name, content = match.group(1).lower(), match.group(2)
    if name == "embed":
        url = plain_text(content)
        return f'\n\n<p><a href="{escape(url)}">{escape(url)}</a></p>\n\n' if url.startswith("http") else ""
    if name in TEXT_SHORTCODES:
        return content
    return ""


def strip_shortcodes(text: str) -> str:
    """Known shortcodes converted or removed; "[[gallery]]" (WordPress's escape) becomes the literal "[gallery]"."""
    escaped = []

    def keep(match):
        escaped.append(match.group(1))
        return f"\x00{len(escaped) - 1}\x00"

    text = _ESCAPED.sub(keep, text)
    previous = None
    while previous != text:  # nested shortcodes, innermost last
        previous, text = text, _ENCLOSING.sub(_shortcode, text)
    text = _SINGLE.sub("", text)
    return re.sub(r"\x00(\d+)\x00", lambda m: escaped[int(m.group(1))], text)


def remove_media(html: str) -> str:
    """Figures with pictures or players removed whole (caption included), innermost first; loose media too."""
    previous = None
    while previous != html:
        previous = html
        html = _INNERMOST_FIGURE.sub(
            lambda m: (
                "" if _MEDIA_TAG.search(m.group(1)) or not plain_text(_FIGCAPTION.sub("", m.group(1))) else m.group(0)
            ),
            html,
        )
    return _MEDIA_ELEMENT.sub("", html)


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


def convert_body(content: str) -> str:
    """The post's content as body HTML for Newsroom (before the sanitiser)."""
    block_editor = "<!-- wp:" in content
    html = _COMMENT.sub("\n", content)
    html = strip_shortcodes(html)
    html = remove_media(html)
    # A URL alone on a line is an oEmbed in WordPress (video, tweet): a plain link here, nothing is fetched.
    html = _URL_LINE.sub(lambda m: f'\n\n<p><a href="{escape(m.group(1))}">{escape(m.group(1))}</a></p>\n\n', html)
    # Block-editor content is stored with its paragraphs already; wpautop would double them.
    html = html if block_editor else autop(html)
    return re.sub(r"\n\s*\n+", "\n", html).strip()


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
