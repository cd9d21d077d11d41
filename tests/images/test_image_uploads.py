"""Uploads to the image library: only real, complete, sane JPEG/PNG/WebP/GIF files get in; the rest stores nothing."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from PIL import ImageFile

from images.models import Image, Rendition
from images.validation import validate_image_file
from tests.admin_forms import NO_RIGHTS_RECORD
from tests.site.test_parser_time import gif_frames, webp_frames

pytestmark = pytest.mark.django_db

NOT_AN_IMAGE = "ist kein Bild im Format JPEG, PNG, WebP oder GIF"
MARKUP = "enthält HTML-, SVG- oder Skriptcode"
TOO_MANY_PIXELS = "erlaubt sind höchstens 50 Megapixel"
TRUNCATED = "beschädigt oder unvollständig"
TOO_LARGE = "Die Datei ist zu groß"


def encoded(fmt: str = "JPEG", size=(640, 400), mode: str = "RGB", **options) -> bytes:
    buffer = io.BytesIO()
    PILImage.effect_noise(size, 60).convert(mode).save(buffer, fmt, **options)
    return buffer.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int, idat: bytes = b"") -> bytes:
    """A syntactically valid PNG whose header claims `width` × `height` greyscale pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")


def real_png_bomb(width: int, height: int) -> bytes:
    """A complete PNG of `width` × `height` black pixels: a few hundred kB that expand to width × height bytes."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (width + 1)  # filter byte + one byte per pixel
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return png_claiming(width, height, data)


def animated(fmt: str, frames: int, size=(2, 2)) -> bytes:
    pictures = [PILImage.new("RGB", size, (n % 256, 80, 160)) for n in range(frames)]
    buffer = io.BytesIO()
    pictures[0].save(buffer, fmt, save_all=True, append_images=pictures[1:])
    return buffer.getvalue()


BAD_FILES = {
    "svg": ("bild.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>', MARKUP),
    "svg_renamed_png": ("bild.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', MARKUP),
    "html_renamed_jpg": ("bild.jpg", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", MARKUP),
    "jpeg_html_polyglot": (
        "bild.jpg",
        lambda: encoded("JPEG", comment=b"<html><body><script>alert(document.cookie)</script></body></html>"),
        MARKUP,
    ),
    "gif_script_polyglot": ("bild.gif", lambda: encoded("GIF", comment=b"*/<script>alert(1)</script>"), MARKUP),
    "eps": (
        "bild.jpg",
        b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\nnewpath 0 0 moveto 100 100 lineto stroke\n%%EOF\n",
        NOT_AN_IMAGE,
    ),
    "bmp_is_no_allowed_format": ("bild.jpg", lambda: encoded("BMP"), NOT_AN_IMAGE),
    "tiff_is_no_allowed_format": ("bild.png", lambda: encoded("TIFF"), NOT_AN_IMAGE),
    "text_renamed_png": ("bild.png", b"Nur ein Text, kein Bild.", NOT_AN_IMAGE),
    "truncated_jpeg": ("bild.jpg", lambda: encoded("JPEG")[:6000], TRUNCATED),
    "truncated_png": ("bild.png", lambda: encoded("PNG")[:20000], TRUNCATED),
    "png_bomb_header_60000x60000": (
        "bomb.png",
        lambda: png_claiming(60000, 60000, zlib.compress(b"\0" * 1000)),
        "Megapixel",
    ),
    "png_bomb_8000x8000": ("bomb.png", lambda: real_png_bomb(8000, 8000), TOO_MANY_PIXELS),
}


def upload_form(admin_client, name: str, content: bytes):
    return admin_client.post(
        reverse("admin:images_image_add"),
        {
            "file": SimpleUploadedFile(name, content, content_type="image/jpeg"),
            "alt_text": "Ein Rathaus",
            "caption": "",
            "credit": "Stadt Musterhausen",
            "source_url": "",
            "focal_x": "",
            "focal_y": "",
            **NO_RIGHTS_RECORD,
        },
    )


def stored_files(media_root: Path) -> list[Path]:
    return [path for path in media_root.rglob("*") if path.is_file()]


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_upload_gets_a_form_error_and_stores_nothing(admin_client, _media_root, case):
    name, content, message = BAD_FILES[case]
    content = content() if callable(content) else content

    response = upload_form(admin_client, name, content)

    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["file"])
    assert message in errors, errors
    assert Image.objects.count() == 0
    assert Rendition.objects.count() == 0
    assert stored_files(_media_root) == []


def test_too_large_file_is_refused_by_the_size_setting(admin_client, _media_root, settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 10 * 1024
    content = encoded("JPEG", size=(400, 400))
    assert len(content) > 10 * 1024

    response = upload_form(admin_client, "gross.jpg", content)

    errors = " ".join(response.context["adminform"].form.errors["file"])
    assert TOO_LARGE in errors and "höchstens 10,0\xa0KB" in errors
    assert Image.objects.count() == 0 and stored_files(_media_root) == []


def test_pixel_limit_is_a_setting(settings):
    settings.IMAGE_MAX_PIXELS = 100 * 100
    with pytest.raises(ValidationError, match="101 × 100 Pixel"):
        validate_image_file(io.BytesIO(encoded("PNG", size=(101, 100))))
    validate_image_file(io.BytesIO(encoded("PNG", size=(100, 100))))


@pytest.mark.parametrize("width", [8000, 60000])
def test_decompression_bomb_is_refused_from_its_header_without_decoding(monkeypatch, width):
    decoded = []
    original_load = ImageFile.ImageFile.load

    def recording_load(self):
        decoded.append(self.size)
        return original_load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", recording_load)
    bomb = real_png_bomb(width, width) if width == 8000 else png_claiming(width, width, zlib.compress(b"\0" * 100))

    with pytest.raises(ValidationError, match="Megapixel"):
        validate_image_file(io.BytesIO(bomb))
    assert decoded == [], "the pixels of a bomb must never be decoded"


MANY_BLOCKS = {
    "JPEG comments": (lambda: encoded("JPEG")[:2] + b"\xff\xfe\x00\x02" * 1001 + encoded("JPEG")[2:], "Blöcken"),
    "PNG text chunks": (
        lambda: encoded("PNG")[:33] + png_chunk(b"tEXt", b"k\x00v") * 20_001 + encoded("PNG")[33:],
        "Blöcken",
    ),
    "GIF frames": (lambda: gif_frames(1002), "Blöcken"),
    "WebP frames": (lambda: webp_frames(1002), "Einzelbilder"),
    "GIF frames with more pixels than ten pictures": (lambda: animated("GIF", 11, size=(1000, 1000)), "Einzelbilder"),
}


@pytest.mark.parametrize("make, message", MANY_BLOCKS.values(), ids=MANY_BLOCKS.keys())
def test_files_of_very_many_blocks_or_frames_are_refused_before_pillow_reads_them(settings, make, message):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    with pytest.raises(ValidationError, match=message):
        validate_image_file(io.BytesIO(make()))


@pytest.mark.parametrize("fmt", ["GIF", "WEBP"])
def test_an_animation_within_the_limits_is_accepted(fmt):
    validate_image_file(io.BytesIO(animated(fmt, 120, size=(200, 100))))


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_each_allowed_format_is_accepted_and_gets_renditions(admin_client, fmt):
    response = upload_form(admin_client, f"bild.{fmt.lower()}", encoded(fmt, size=(700, 400)))

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    image = Image.objects.get()
    assert (image.width, image.height) == (700, 400)
    assert image.renditions.filter(crop="original", format="webp").exists()
    assert image.renditions.filter(crop="original", format="jpeg").exists()


def test_transparent_png_gets_a_white_background_in_the_jpeg_fallback(admin_client):
    buffer = io.BytesIO()
    PILImage.new("RGBA", (400, 300), (255, 0, 0, 0)).save(buffer, "PNG")
    upload_form(admin_client, "transparent.png", buffer.getvalue())

    rendition = Image.objects.get().rendition(width=320, fmt="jpeg")
    with rendition.file.open("rb") as stored, PILImage.open(stored) as picture:
        assert picture.convert("RGB").getpixel((10, 10)) == (255, 255, 255)


@pytest.fixture
def truncated_images_allowed_process_wide(monkeypatch):
    """The state WeasyPrint leaves a worker in once it has rendered a PDF (its import sets Pillow's global);
    restored afterwards, so other tests see the state they expect."""
    from articles.printing import html_to_pdf

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", ImageFile.LOAD_TRUNCATED_IMAGES)
    pdf, _refused = html_to_pdf("<html lang='de'><p>Ein echtes PDF aus diesem Prozess.</p></html>")
    assert pdf.startswith(b"%PDF")
    if not ImageFile.LOAD_TRUNCATED_IMAGES:
        # A WeasyPrint that no longer sets it: any other library still could.
        monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)


@pytest.mark.parametrize("case", ["truncated_jpeg", "truncated_png"])
def test_truncated_upload_is_refused_after_a_pdf_was_rendered_in_the_same_process(
    admin_client, _media_root, truncated_images_allowed_process_wide, case
):
    name, content, message = BAD_FILES[case]

    response = upload_form(admin_client, name, content())

    assert response.status_code == 200
    assert message in " ".join(response.context["adminform"].form.errors["file"])
    assert Image.objects.count() == 0
    assert stored_files(_media_root) == []
    # The check leaves the process-wide setting as it found it.
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True


def test_no_renditions_are_made_from_a_stored_truncated_file(truncated_images_allowed_process_wide):
    from images.renditions import ensure_renditions
    from images.templatetags.image_tags import picture
    from tests.factories import ImageFactory

    # Stored before uploads were checked this strictly (or put into the storage by other means).
    image = ImageFactory(file=SimpleUploadedFile("alt.jpg", encoded("JPEG")[:6000]), renditions=False)

    with pytest.raises(OSError):
        ensure_renditions(image)
    assert Rendition.objects.filter(image=image).count() == 0
    # Pages ask for renditions lazily: they show no picture instead of a grey-filled one, and no 500.
    assert picture(image) == ""
    assert Rendition.objects.filter(image=image).count() == 0
