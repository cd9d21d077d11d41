"""Helpers for the WordPress import tests: the real theme unit test export, an uploads folder drawn with Pillow,
and small hand-written exports for edge cases."""

import io
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from PIL import Image as PILImage

# CI puts a copy of shared/ beside the clone, as /work/shared is beside every worktree here.
REPO = Path(__file__).resolve().parent.parent
THEME_EXPORT = REPO.parent / "shared" / "fixtures" / "wordpress" / "themeunittestdata.wordpress.xml"
WP = "{https://wordpress.org/export/1.2/}"
DRAWN_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF"}


def theme_export() -> Path:
    if not THEME_EXPORT.is_file():
        pytest.fail(f"WordPress theme unit test export missing: {THEME_EXPORT} (shared/ must lie beside the repo)")
    return THEME_EXPORT


def theme_items(post_type: str | None = None) -> list[ET.Element]:
    """The export's items read with the standard library (the file is trusted test data), independent of the importer."""
    items = ET.parse(theme_export()).getroot().iter("item")
    return [item for item in items if post_type is None or item.findtext(f"{WP}post_type") == post_type]


def draw_uploads(folder: Path, export: Path | None = None) -> Path:
    """A wp-content/uploads copy: a small Pillow-drawn picture at every image attachment's path."""
    for item in ET.parse(export or theme_export()).getroot().iter("item"):
        url = item.findtext(f"{WP}attachment_url")
        if not url:
            continue
        path = folder / urlsplit(url).path.lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        fmt = DRAWN_FORMATS.get(path.suffix.lower())
        if fmt:
            picture = PILImage.new("RGB", (96, 64), "#3a6ea5")
            picture.paste("#f0c000", (0, 0, 48, 32))
            picture.save(path, fmt)
        else:
            path.write_bytes(b"ID3 not a picture")  # audio and video attachments
    return folder


def run_import(*args, **options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_wordpress", *[str(arg) for arg in args], stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def wxr(items: str = "", *, version: str = "1.2", head: str = "", namespaces: str | None = None) -> str:
    """A small WXR document; `items` is raw XML of <item> elements."""
    ns = f"http://wordpress.org/export/{version}/"
    declared = (
        namespaces
        if namespaces is not None
        else (
            f'xmlns:excerpt="{ns}excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{ns}"'
        )
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" {declared}>\n<channel>\n'
        f"<title>Testblog</title><link>https://blog.example</link>\n"
        f"<wp:wxr_version>{version}</wp:wxr_version>\n<wp:base_blog_url>https://blog.example</wp:base_blog_url>\n"
        f"{head}{items}</channel>\n</rss>\n"
    )


def post(
    wp_id: int,
    title: str = "Ein Beitrag",
    content: str = "<p>Erster Absatz.</p>",
    *,
    status: str = "publish",
    slug: str | None = None,
    date: str = "2021-03-04 05:06:07",
    creator: str = "anna",
    categories: str = '<category domain="category" nicename="politik"><![CDATA[Politik]]></category>',
    meta: str = "",
    excerpt: str = "",
) -> str:
    slug = slug or f"beitrag-{wp_id}"
    return f"""<item><title>{title}</title>
<link>https://blog.example/2021/03/04/{slug}/</link>
<guid isPermaLink="false">https://blog.example/?p={wp_id}</guid>
<dc:creator><![CDATA[{creator}]]></dc:creator>
<content:encoded><![CDATA[{content}]]></content:encoded>
<excerpt:encoded><![CDATA[{excerpt}]]></excerpt:encoded>
<wp:post_id>{wp_id}</wp:post_id><wp:post_date>{date}</wp:post_date><wp:post_date_gmt>{date}</wp:post_date_gmt>
<wp:post_name>{slug}</wp:post_name><wp:status>{status}</wp:status><wp:post_parent>0</wp:post_parent>
<wp:post_type>post</wp:post_type><wp:post_password></wp:post_password>
{categories}{meta}</item>
"""
