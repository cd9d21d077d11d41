"""Every parser of outside input is linear or bounded in time (docs/sicherheit.md, "Eingaben von außen").

Each parser gets 1–10 MB of the repeating pattern that hurts it most (an opening without its end, an end without
its opening, deep nesting, a run of one character) and must be done within tests/bounded.BOUND_SECONDS, in a
forked child that is killed when it is not. Quadratic code needs hours for such input; the bound is generous, so
that a busy machine cannot fail a linear parser. Speed itself is measured in bench/parsers.py.
"""

import contextlib
import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.test import RequestFactory
from PIL import Image as PILImage

from articles import search
from articles.filters import ArchiveFilter
from articles.mailing import LinkMailForm, public_address
from articles.models import Article
from core.richtext import plain_text, sanitize_body
from images.validation import validate_image_file
from portals.models import Portal
from tests.bounded import seconds_taken
from tests.wordpress_helpers import post, wxr
from wordpress import markup
from wordpress.wxr import WXRError, read_export

MB = 1_000_000


def repeated(pattern: str, megabytes: float = 2) -> str:
    return pattern * int(megabytes * MB / len(pattern))


# Markup of WordPress posts: every construct opened and never closed, closed and never opened, nested, escaped.
MARKUP = {
    "caption shortcodes": "[caption]",
    "caption shortcodes with attributes": '[caption id="attachment_1" width="300"]',
    "unclosed shortcode tags": "[caption ",
    "closing shortcodes": "[/caption]",
    "escaped shortcodes": "[[caption]]",
    "nested text shortcodes": ("[quote]" * 100_000) + ("[/quote]" * 100_000),
    "galleries without end": "[gallery ids=",
    "comment openings": "<!--",
    "comment closings": "-->",
    "figures": "<figure>",
    "nested figures": ("<figure>" * 100_000) + "<img>" + ("</figure>" * 100_000),
    "unclosed figure tags": "<figure ",
    "figcaptions": "<figure><figcaption>",
    "pictures without end": "<img ",
    "linked pictures without end": "<a ",
    "players without end": "<video>",
    "tag openings": "<",
    "attributes without values": "<img " + "a" * 1_000_000,
    "attribute names": "<figure><img " + "a" * 1_000_000 + "></figure>",
    "caption attribute names": "[caption " + "a" * 1_000_000 + "]<img>x[/caption]",
    "paragraphs": "<p>",
    "spaces between words": "a" + " " * 1_000_000 + "b",
    "lines of spaces": " \n",
    "address lines": "http://beispiel.example/",
    "block tags": "<div>",
}


@pytest.mark.parametrize("pattern", MARKUP.values(), ids=MARKUP.keys())
def test_wordpress_markup_is_converted_in_seconds(pattern):
    text = pattern if len(pattern) > MB else repeated(pattern)
    seconds_taken(lambda: markup.convert_body(text))
    seconds_taken(lambda: markup.split_lead(text, text))


@pytest.mark.parametrize(
    "pattern, megabytes", [("<", 4), ("&lt;", 6), ("[caption]", 4), ("<!--", 4), ("<a ", 4), ("[[gallery]]", 4)]
)
def test_titles_excerpts_and_captions_are_read_in_seconds(pattern, megabytes):
    text = repeated(pattern, megabytes)
    seconds_taken(lambda: markup.plain_title(text))
    seconds_taken(lambda: markup.plain(text))
    seconds_taken(lambda: markup.credit_and_caption(text, text, text))


@pytest.mark.parametrize(
    "caption",
    ["Foto: a" + " " * 2_000_000 + "b", "\n" * 2_000_000, " \n" * 1_000_000, "Foto:" * 400_000],
    ids=["credit line of spaces", "line breaks", "blank lines", "credit words"],
)
def test_credit_lines_are_found_in_seconds(caption):
    seconds_taken(lambda: markup.credit_and_caption(caption, caption, 's:6:"credit";s:1:"' * 100_000))


EXPORTS = {
    "many items": repeated(post(1, content="x"), 10),
    "deeply nested elements": post(1, content="x")
    .replace("<wp:post_id>", "<x>" * 100_000 + "<wp:post_id>")
    .replace("</wp:post_id>", "</wp:post_id>" + "</x>" * 100_000),
    "many categories": post(1, categories='<category domain="category" nicename="a">A</category>' * 150_000),
    "many meta fields": post(
        1, meta="<wp:postmeta><wp:meta_key>k</wp:meta_key><wp:meta_value>v</wp:meta_value></wp:postmeta>" * 100_000
    ),
}


@pytest.mark.parametrize("items", EXPORTS.values(), ids=EXPORTS.keys())
def test_exports_are_read_in_seconds(tmp_path, items):
    export = tmp_path / "export.xml"
    export.write_text(wxr(items), encoding="utf-8")

    def read():
        with contextlib.suppress(WXRError):  # refused as a whole, with a message: as good an end as any
            read_export(export)

    seconds_taken(read)


RICH_TEXT = {
    "bold": "<b>",
    "links": "<a href='https://beispiel.example/'>",
    "figures": "<figure>",
    "figcaptions": "<figure><figcaption>",
    "pictures": "<figure><img src='/media/renditions/1/a/original-960.jpeg'>",
    "pictures without address": "<img>",
    "tag openings": "<",
    "lists": "<ul><li>",
    "quotes": "<blockquote>",
    "table cells": "<td>",
    "misnested formatting": "<b><i>",
    "comments": "<!--",
    "divs": "<div>",
    "tables": "<table>",
    "definition lists": "<dl><dd>",
    "foreign content": "<svg>",
    "headings": "<h2>",
}


@pytest.mark.parametrize("pattern", RICH_TEXT.values(), ids=RICH_TEXT.keys())
def test_rich_text_is_sanitised_in_seconds(pattern):
    html = repeated(pattern)
    seconds_taken(lambda: plain_text(sanitize_body(html)))
    seconds_taken(lambda: plain_text(html))


SEARCHES = ["a-" * MB, "-" * (2 * MB), "a " * MB, '"' * (2 * MB), "ä" * (2 * MB), "NEAR(" * 400_000]


@pytest.mark.parametrize("text", SEARCHES, ids=["hyphenated", "hyphens", "words", "quotes", "umlauts", "operators"])
def test_search_text_is_read_in_seconds(text):
    article = Article(lead="Ein Vorspann über Bauanträge.", body="<p>" + "Bauantrag " * 100_000 + "</p>")
    seconds_taken(lambda: search._fts5_query(search.search_words(text)))
    seconds_taken(lambda: search._tsquery(search._query_parts(search.search_words(text))))
    seconds_taken(lambda: search.snippet(article, text))


ARCHIVE = {
    "q": "Bauantrag " * 200_000,
    "von": "2024-01-01" * 200_000,
    "bis": "1" * (2 * MB),
    "page": "0" * (2 * MB) + "1",
}


@pytest.mark.parametrize("name, value", ARCHIVE.items(), ids=ARCHIVE.keys())
def test_archive_filter_parameters_are_read_in_seconds(name, value):
    def validate():
        request = RequestFactory().get("/archiv/")
        request.portal = Portal(pk=1)  # the section choices stay an unread query: no database in the child
        archive = ArchiveFilter(
            QueryDict(mutable=True) | {name: value}, queryset=Article.objects.none(), request=request
        )
        assert not archive.is_valid() or name == "page"

    seconds_taken(validate)


ADDRESSES = {
    "dots": "a." * MB + "@beispiel.de",
    "at signs": "@" * (2 * MB),
    "long domain": "leser@" + "a." * MB + "de",
    "long label": "leser@" + "a" * (2 * MB) + ".de",
    "umlauts": "leser@" + "ä" * (2 * MB) + ".de",
    "line breaks": "leser@beispiel.de\n" * 100_000,
}


@pytest.mark.parametrize("address", ADDRESSES.values(), ids=ADDRESSES.keys())
def test_link_mail_addresses_are_checked_in_seconds(address):
    def check():
        assert not LinkMailForm({"recipient": address}).is_valid()
        with pytest.raises(ValidationError):
            public_address(address)

    seconds_taken(check)


def jpeg(**options) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), "#3a6ea5").save(buffer, "JPEG", **options)
    return buffer.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_with(chunks: bytes) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), "#3a6ea5").save(buffer, "PNG")
    whole = buffer.getvalue()
    return whole[:33] + chunks + whole[33:]  # after the signature and the IHDR chunk


def animation(fmt: str, frames: int = 3) -> bytes:
    pictures = [
        PILImage.new("P", (2, 2), n % 2) if fmt == "GIF" else PILImage.new("RGB", (2, 2), (80 * n, 0, 0))
        for n in range(frames)
    ]
    buffer = io.BytesIO()
    options = {"lossless": True} if fmt == "WEBP" else {"optimize": False}
    pictures[0].save(buffer, fmt, save_all=True, append_images=pictures[1:], **options)
    return buffer.getvalue()


def gif_frames(count: int) -> bytes:
    """A GIF of `count` frames, made from the blocks of one of three (Pillow takes minutes to write 200,000)."""
    made = animation("GIF")
    start = 13 + 6  # header and the global colour table of two colours
    first_two = made[start:-1][: 2 * ((len(made) - start - 1) // 3)]
    return made[:start] + first_two * (count // 2) + b";"


def webp_frames(count: int) -> bytes:
    """An animated WebP of `count` frames, made from the chunks of one of three."""
    made = animation("WEBP")
    chunks, position = [], 12
    while position < len(made):
        size = struct.unpack("<I", made[position + 4 : position + 8])[0]
        chunks.append(made[position : position + 8 + size + (size & 1)])
        position += 8 + size + (size & 1)
    body = b"WEBP" + chunks[0] + chunks[1] + (chunks[2] + chunks[3]) * (count // 2)
    return b"RIFF" + struct.pack("<I", len(body)) + body


UPLOADS = {
    "JPEG with comment segments": lambda: jpeg()[:2] + b"\xff\xfe\x00\x04ab" * (2 * MB) + jpeg()[2:],
    "JPEG with EXIF segments": lambda: (
        jpeg()[:2] + (b"\xff\xe1\xff\xffExif\x00\x00" + b"\x00" * 65527) * 150 + jpeg()[2:]
    ),
    "JPEG with XMP": lambda: (
        jpeg(xmp=b"<x:xmpmeta>" + b"a" * 60_000 + b"</x:xmpmeta>")[:2]
        + (b"\xff\xe1\xff\xffhttp://ns.adobe.com/xap/1.0/\x00" + b"a" * 65504) * 150
        + jpeg()[2:]
    ),
    "PNG with text chunks": lambda: png_with(png_chunk(b"tEXt", b"k\x00v") * 600_000),
    "PNG with compressed text": lambda: png_with(
        png_chunk(b"zTXt", b"k\x00\x00" + zlib.compress(b"v" * 1000)) * 50_000
    ),
    "GIF with many frames": lambda: gif_frames(200_000),
    "GIF with bytes between its frames": lambda: gif_frames(2)[:-1] + b"\x00" * (2 * MB) + gif_frames(200_000)[19:],
    "JPEG with bytes between its segments": lambda: jpeg()[:2] + b"\x00" * (2 * MB) + jpeg()[2:],
    "PNG with empty image data chunks": lambda: png_with(png_chunk(b"IDAT", b"") * 600_000),
    "WebP with many frames": lambda: webp_frames(60_000),
}


@pytest.mark.parametrize("make", UPLOADS.values(), ids=UPLOADS.keys())
def test_uploads_are_checked_in_seconds(make, settings):
    data = make()
    assert 1 * MB <= len(data) <= settings.IMAGE_MAX_UPLOAD_BYTES

    def check():
        with contextlib.suppress(ValidationError):  # refused with a German message: a fine end
            validate_image_file(io.BytesIO(data), size=len(data))

    seconds_taken(check)
