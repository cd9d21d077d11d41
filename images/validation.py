"""Checks for uploaded image files: what gets into the library must be a plain, complete, sane picture.

The type is decided by decoding with Pillow restricted to four formats, never by the file name or the
browser's content type. The order keeps memory bounded: the byte size comes from the upload itself, the
pixel count from the header (before anything is decoded), and only a file that passed both is decoded
whole, so a decompression bomb is refused without ever being expanded.

Time is bounded as well: Pillow reads a file's blocks one by one in Python, so a file of millions of tiny blocks
(comments in a JPEG, text chunks in a PNG, frames in a GIF) cost tens of seconds. Before Pillow reads anything, the
blocks are counted (`_check_structure`, stopping at the limit), and animations are limited in frames and in the
pixels of all frames together.

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

# A camera writes some ten blocks before a JPEG's image data, PNG encoders one chunk per 8–64 kB of image data (2,500
# for the largest upload), an animation on a news page has a few hundred frames.
MAX_JPEG_SEGMENTS = 1_000
MAX_PNG_CHUNKS = 20_000
MAX_FRAMES = 1_000
# All frames of an animation together: each is decoded once to check it.
MAX_ANIMATION_PIXELS_FACTOR = 10

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
    gif_frames = _check_structure(file)
    with strict_decoding():
        _check_header(file, gif_frames)
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


def _check_structure(file: IO[bytes]) -> int | None:
    """Count the blocks of a JPEG, PNG or GIF before Pillow reads them one by one; a GIF's frames."""
    file.seek(0)
    start = file.read(8)
    gif_frames = None
    if start.startswith(b"\xff\xd8"):
        too_many = _jpeg_segments(file) > MAX_JPEG_SEGMENTS
    elif start == b"\x89PNG\r\n\x1a\n":
        too_many = _png_chunks(file) > MAX_PNG_CHUNKS
    elif start.startswith((b"GIF87a", b"GIF89a")):
        gif_frames = _gif_frames(file)
        too_many = gif_frames > MAX_FRAMES
    else:
        too_many = False
    file.seek(0)
    if too_many:
        raise ValidationError(
            _(
                "Die Datei besteht aus ungewöhnlich vielen Blöcken (Metadaten oder Einzelbilder) und wird deshalb "
                "abgelehnt. Bitte speichern Sie das Bild neu, etwa mit einem Bildprogramm, und laden Sie es dann hoch."
            ),
            code="too_many_blocks",
        )
    return gif_frames


def _jpeg_segments(file: IO[bytes]) -> int:
    """Segments before the image data (markers with a length), counted up to one past the limit."""
    file.seek(2)
    count = 0
    while count <= MAX_JPEG_SEGMENTS:
        marker = file.read(2)
        if len(marker) < 2:
            break  # cut short: Pillow says so
        if marker[0] != 0xFF:  # a byte between segments, which Pillow skips one by one: counted as a block
            file.seek(-1, 1)
            count += 1
            continue
        kind = marker[1]
        while kind == 0xFF:  # fill bytes
            kind = (file.read(1) or b"\xd9")[0]
        if kind in (0xD9, 0xDA):  # end of the image, or the image data begins
            break
        if kind == 0x01 or 0xD0 <= kind <= 0xD7:  # markers without a length
            continue
        length = file.read(2)
        if len(length) < 2:
            break
        file.seek(int.from_bytes(length, "big") - 2, 1)
        count += 1
    return count


def _png_chunks(file: IO[bytes]) -> int:
    """Chunks of the whole file, counted up to one past the limit."""
    file.seek(8)
    count = 0
    while count <= MAX_PNG_CHUNKS:
        head = file.read(8)
        if len(head) < 8:
            break
        count += 1
        if head[4:] == b"IEND":
            break
        file.seek(int.from_bytes(head[:4], "big") + 4, 1)  # data and checksum
    return count


def _gif_frames(file: IO[bytes]) -> int:
    """Frames (image descriptors), counted up to one past the limit from the blocks, without decoding."""
    file.seek(10)
    flags = file.read(3)[:1]
    if flags and flags[0] & 0x80:  # global colour table
        file.seek(3 * 2 ** ((flags[0] & 7) + 1), 1)
    count = 0
    while count <= MAX_FRAMES:
        introducer = file.read(1)
        if introducer == b"\x2c":  # image descriptor, its colour table, the LZW code size, then the data
            descriptor = file.read(9)
            if len(descriptor) < 9:
                break
            if descriptor[8] & 0x80:
                file.seek(3 * 2 ** ((descriptor[8] & 7) + 1), 1)
            file.seek(1, 1)
            count += 1
        elif introducer == b"\x21":  # extension: its label, then its data
            file.seek(1, 1)
        elif introducer in (b"\x3b", b""):
            break  # the trailer, or the file ends (Pillow says whether too early)
        else:
            raise _damaged()  # bytes between blocks, which Pillow would read one by one looking for more frames
        while (size := file.read(1)) and size[0]:
            file.seek(size[0], 1)
    return count


def _too_many_pixels(width: int, height: int) -> ValidationError:
    return ValidationError(
        _("Das Bild ist zu groß (%(width)s × %(height)s Pixel); erlaubt sind höchstens %(max)s Megapixel."),
        code="too_many_pixels",
        params={"width": width, "height": height, "max": settings.IMAGE_MAX_PIXELS // 1_000_000},
    )


def _too_many_frames(frames: int) -> ValidationError:
    return ValidationError(
        _(
            "Die Animation ist zu groß (%(frames)s Einzelbilder); erlaubt sind höchstens %(max)s Einzelbilder und "
            "zusammen %(pixels)s Megapixel."
        ),
        code="too_many_frames",
        params={
            "frames": frames,
            "max": MAX_FRAMES,
            "pixels": MAX_ANIMATION_PIXELS_FACTOR * settings.IMAGE_MAX_PIXELS // 1_000_000,
        },
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


def _check_header(file: IO[bytes], gif_frames: int | None = None) -> None:
    """Format, pixel count and frames from the header (a GIF's frames counted from its blocks, since Pillow would
    read them all to count them); nothing is decoded yet."""
    try:
        with _open(file) as picture:
            width, height = picture.size
            if width * height > settings.IMAGE_MAX_PIXELS:
                raise _too_many_pixels(width, height)
            frames = max(gif_frames or 1, 1) if picture.format == "GIF" else getattr(picture, "n_frames", 1)
            if frames > MAX_FRAMES or frames * width * height > MAX_ANIMATION_PIXELS_FACTOR * settings.IMAGE_MAX_PIXELS:
                raise _too_many_frames(frames)
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
