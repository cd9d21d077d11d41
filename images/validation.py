"""Checks for uploaded image files: what gets into the library must be a plain, complete, sane picture.

The type is decided by decoding with Pillow restricted to four formats, never by the file name or the
browser's content type. The order keeps memory bounded: the byte size comes from the upload itself, the
pixel count from the header (before anything is decoded), and only a file that passed both is decoded
whole, so a decompression bomb is refused without ever being expanded.

Pillow decides whether a file cut short is an error by a process-wide flag, `ImageFile.LOAD_TRUNCATED_IMAGES`,
which WeasyPrint sets to True when it is imported (any worker that rendered a PDF). Every full decode here and
in the renditions therefore runs inside `strict_decoding()`, which sets the flag to False for its duration.
"""

import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import ImageFile, UnidentifiedImageError

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
ACCEPT = "image/jpeg,image/png,image/webp,image/gif"

# Markup that turns a picture into a polyglot: a browser or a careless proxy sniffing the bytes would run it
# as a page or script. Pictures have no reason to carry any of it (XMP metadata is XML, but none of these tags).
MARKUP_SIGNATURES = (
    b"<script",
    b"<html",
    b"<body",
    b"<svg",
    b"<iframe",
    b"<object",
    b"<embed",
    b"<!doctype",
    b"<?php",
)
SCAN_CHUNK = 1024 * 1024
SCAN_OVERLAP = max(len(signature) for signature in MARKUP_SIGNATURES) - 1

NOT_AN_IMAGE = _("Die Datei ist kein Bild im Format JPEG, PNG, WebP oder GIF. Bitte laden Sie ein solches Bild hoch.")


_strict_decoding_lock = threading.Lock()


@contextmanager
def strict_decoding() -> Iterator[None]:
    """Pillow refuses truncated files inside this block, whatever another library set process-wide.

    Pillow reads the flag at each decode, so it is set for the block and restored afterwards; the lock keeps
    two threads from restoring each other's value. Another thread's decode during the block is strict too,
    which costs it at most a picture it should not have shown anyway.
    """
    with _strict_decoding_lock:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def validate_image_file(file: IO[bytes], *, size: int | None = None) -> None:
    """Raise ValidationError with a German message unless `file` is an acceptable picture.

    `size` is the byte size if the caller knows it (uploads do), else it is measured by seeking.
    """
    if size is None:
        size = file.seek(0, 2)
    max_bytes = settings.IMAGE_MAX_UPLOAD_BYTES
    if size > max_bytes:
        raise ValidationError(
            _("Die Datei ist zu groß (%(size)s); erlaubt sind höchstens %(max)s."),
            code="file_too_large",
            params={"size": filesizeformat(size), "max": filesizeformat(max_bytes)},
        )
    if size == 0:
        raise ValidationError(_("Die Datei ist leer."), code="empty")
    _refuse_markup(file)
    with strict_decoding():
        _check_header(file)
        _decode_whole(file)


def _refuse_markup(file: IO[bytes]) -> None:
    """Scan the bytes in chunks (memory stays at one chunk) for markup a browser could execute."""
    file.seek(0)
    tail = b""
    while chunk := file.read(SCAN_CHUNK):
        window = (tail + chunk).lower()
        if any(signature in window for signature in MARKUP_SIGNATURES):
            raise ValidationError(
                _(
                    "Die Datei enthält HTML-, SVG- oder Skriptcode und wird deshalb abgelehnt. "
                    "Erlaubt sind nur Bilder im Format JPEG, PNG, WebP oder GIF."
                ),
                code="polyglot",
            )
        tail = window[-SCAN_OVERLAP:]


def _too_many_pixels(width: int, height: int) -> ValidationError:
    return ValidationError(
        _("Das Bild ist zu groß (%(width)s × %(height)s Pixel); erlaubt sind höchstens %(max)s Megapixel."),
        code="too_many_pixels",
        params={"width": width, "height": height, "max": settings.IMAGE_MAX_PIXELS // 1_000_000},
    )


def _damaged() -> ValidationError:
    return ValidationError(
        _("Die Bilddatei ist beschädigt oder unvollständig. Bitte laden Sie sie noch einmal hoch."),
        code="damaged",
    )


def _open(file: IO[bytes]) -> PILImage.Image:
    file.seek(0)
    # Pillow warns above Image.MAX_IMAGE_PIXELS and refuses above twice that, both while reading the header.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
        return PILImage.open(file, formats=ALLOWED_FORMATS)


def _check_header(file: IO[bytes]) -> None:
    """Format and pixel count from the header; nothing is decoded yet."""
    try:
        with _open(file) as picture:
            width, height = picture.size
            if width * height > settings.IMAGE_MAX_PIXELS:
                raise _too_many_pixels(width, height)
            try:
                # verify() walks the file's structure (chunk checksums for PNG) without decoding pixels.
                picture.verify()
            except (OSError, SyntaxError, ValueError, EOFError) as error:
                raise _damaged() from error
    except PILImage.DecompressionBombError as error:
        raise ValidationError(
            _("Das Bild hat zu viele Pixel; erlaubt sind höchstens %(max)s Megapixel."),
            code="too_many_pixels",
            params={"max": settings.IMAGE_MAX_PIXELS // 1_000_000},
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise ValidationError(NOT_AN_IMAGE, code="invalid_image") from error
    if width < 1 or height < 1:
        raise ValidationError(NOT_AN_IMAGE, code="invalid_image")


def _decode_whole(file: IO[bytes]) -> None:
    """Decode every byte once: verify() does not notice a file cut short, decoding does."""
    try:
        with _open(file) as picture:
            # JPEG decodes at 1/8 scale here: every byte is still read and checked, at a fraction of the memory.
            picture.draft("RGB", (1, 1))
            picture.load()
            # Animated GIF and WebP: each frame must decode too.
            for frame in range(1, getattr(picture, "n_frames", 1)):
                picture.seek(frame)
                picture.load()
    except (OSError, SyntaxError, ValueError, EOFError, PILImage.DecompressionBombError) as error:
        raise _damaged() from error
    finally:
        file.seek(0)


# Proof documents of picture rights (ImageRights.proof): the kind is read from the first bytes, never the name.
PROOF_SIGNATURES = {b"%PDF-": "pdf", b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}
PROOF_ACCEPT = "application/pdf,image/jpeg,image/png"


def validate_proof_file(file: IO[bytes], *, size: int) -> str:
    """Raise ValidationError with a German message unless `file` is a PDF, JPEG or PNG within the size limit;
    returns the extension its content calls for."""
    if size > settings.RIGHTS_PROOF_MAX_BYTES:
        raise ValidationError(
            _("Der Nachweis ist zu groß (%(size)s); erlaubt sind höchstens %(max)s."),
            code="proof_too_large",
            params={"size": filesizeformat(size), "max": filesizeformat(settings.RIGHTS_PROOF_MAX_BYTES)},
        )
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    for signature, extension in PROOF_SIGNATURES.items():
        if head.startswith(signature):
            return extension
    raise ValidationError(
        _("Der Nachweis muss eine PDF-, JPEG- oder PNG-Datei sein."),
        code="proof_type",
    )
