"""Renditions: the derived images pages show instead of the uploaded original.

Each is made once from the original (EXIF orientation applied, every metadata block but the colour profile
dropped, never wider than the original), stored through Django's default storage (so S3-compatible storage
only needs a setting) and recorded as a Rendition row. A changed file or focal point gives the image a new
`rendition_key`, and only then are its renditions made again.
"""

import functools
import hashlib
import io
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from PIL import ExifTags, ImageOps
from PIL import Image as PILImage

from core.media import storage_errors

from .models import Image, Rendition
from .validation import ALLOWED_FORMATS, strict_decoding

# Width : height of each crop; None keeps the whole picture.
CROP_RATIOS: dict[str, tuple[int, int] | None] = {
    Rendition.Crop.ORIGINAL: None,
    Rendition.Crop.WIDE: (16, 9),
    Rendition.Crop.SQUARE: (1, 1),
}
# Pillow format name and encoder options. WebP at quality 80 is a third or less of the JPEG fallback's size;
# method 2 instead of Pillow's default 4 encodes about three times faster for files about 10 % larger.
ENCODERS: dict[str, tuple[str, dict]] = {
    Rendition.Format.WEBP: ("WEBP", {"quality": 80, "method": 2}),
    Rendition.Format.JPEG: ("JPEG", {"quality": 82, "optimize": True, "progressive": True}),
}
# EXIF orientations that swap width and height.
SWAPPING_ORIENTATIONS = {5, 6, 7, 8}
HASH_CHUNK = 1024 * 1024

logger = logging.getLogger(__name__)

Spec = tuple[str, int, str]  # crop, width, format


def file_hash(image: Image) -> str:
    digest = hashlib.sha256()
    with image.file.open("rb") as stored:
        while chunk := stored.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def configured_widths(crop: str) -> list[int]:
    return settings.IMAGE_RENDITION_WIDTHS if crop == Rendition.Crop.ORIGINAL else settings.IMAGE_CROP_WIDTHS


def target_widths(available: int, configured: list[int]) -> list[int]:
    """The configured widths that fit into `available` pixels, plus `available` itself as the sharpest step
    when it lies below the largest configured width. Never upscaled."""
    widths = [width for width in configured if width <= available]
    if available < max(configured) and available not in widths:
        widths.append(available)
    return widths


def crop_box(size: tuple[int, int], crop: str, focal_point: tuple[float, float]) -> tuple[int, int, int, int]:
    """The largest box of the crop's aspect ratio inside `size`, centred on the focal point as far as the edges allow."""
    width, height = size
    ratio = CROP_RATIOS[crop]
    if ratio is None:
        return (0, 0, width, height)
    box_width = min(width, round(height * ratio[0] / ratio[1]))
    box_height = min(height, round(box_width * ratio[1] / ratio[0]))
    left = min(max(round(focal_point[0] * width - box_width / 2), 0), width - box_width)
    top = min(max(round(focal_point[1] * height - box_height / 2), 0), height - box_height)
    return (left, top, left + box_width, top + box_height)


def oriented_size(picture: PILImage.Image) -> tuple[int, int]:
    """Width and height as shown, i.e. after the EXIF orientation is applied; read from the header only."""
    width, height = picture.size
    if picture.getexif().get(ExifTags.Base.Orientation) in SWAPPING_ORIENTATIONS:
        return height, width
    return width, height


def wanted_specs(size: tuple[int, int], focal_point: tuple[float, float]) -> dict[Spec, tuple[int, int, int, int]]:
    """Every rendition the image should have, with the crop box (in `size` coordinates) it is cut from."""
    specs = {}
    for crop in CROP_RATIOS:
        box = crop_box(size, crop, focal_point)
        for width in target_widths(box[2] - box[0], configured_widths(crop)):
            for fmt in ENCODERS:
                specs[(crop, width, fmt)] = box
    return specs


def ensure_renditions(image: Image, *, force: bool = False) -> list[Rendition]:
    """Make the image's missing or outdated renditions, delete the ones no longer wanted; return the current set.

    Cheap when nothing changed (one hash of the file, one query). `force` makes every rendition again.
    All or nothing: when the storage refuses a file (full, read-only, bucket unreachable), the files written so
    far are removed and the exception passes on with the rows rolled back; the old renditions' files are deleted
    only once the new ones are stored and the transaction has committed (docs/betrieb.md).
    """
    current_hash = file_hash(image)
    previous_hash = image.file_hash
    written: list[str] = []
    try:
        with (
            image.file.open("rb") as stored,
            PILImage.open(stored, formats=ALLOWED_FORMATS) as picture,
            transaction.atomic(),
        ):
            if current_hash != image.file_hash:
                image.file_hash = current_hash
                Image.objects.filter(pk=image.pk).update(file_hash=current_hash)
            specs = wanted_specs(oriented_size(picture), image.focal_point)
            existing = list(Rendition.objects.filter(image=image))
            keep = [
                r
                for r in existing
                if not force and r.source_key == image.rendition_key(r.crop) and (r.crop, r.width, r.format) in specs
            ]
            outdated = [r for r in existing if r not in keep]
            # The rows go now, so that new renditions can take their crop, width and format.
            Rendition.objects.filter(pk__in=[r.pk for r in outdated]).delete()
            present = {(r.crop, r.width, r.format) for r in keep}
            missing = {spec: box for spec, box in specs.items() if spec not in present}
            if missing:
                keep += _make(image, picture, missing, written)
            delete_files_on_commit([r.file.name for r in outdated])
    except Exception:
        image.file_hash = previous_hash
        delete_files(written)
        raise
    return keep


def _prepared(picture: PILImage.Image, largest: int) -> PILImage.Image:
    """The decoded picture, upright, as RGB on white; JPEGs decode directly at a reduced scale when large."""
    # draft() picks the largest 1/2, 1/4 or 1/8 scale that keeps both sides at least `largest` pixels, so
    # every crop still has enough pixels for its widest rendition; a 6000×4000 JPEG decodes at half size.
    picture.draft("RGB", (largest, largest))
    upright = ImageOps.exif_transpose(picture)
    if upright.mode in ("RGBA", "LA") or (upright.mode == "P" and "transparency" in upright.info):
        upright = upright.convert("RGBA")
        background = PILImage.new("RGB", upright.size, "white")
        background.paste(upright, mask=upright.getchannel("A"))
        return background
    return upright.convert("RGB")


def _make(
    image: Image, picture: PILImage.Image, specs: dict[Spec, tuple[int, int, int, int]], written: list[str]
) -> list[Rendition]:
    """The renditions of `specs`, stored; the storage name of each file goes to `written` as soon as it exists."""
    full_size = oriented_size(picture)
    icc_profile = picture.info.get("icc_profile")
    # Strict: a file cut short raises OSError instead of giving renditions with a grey lower part. Only the
    # decode holds the lock; resizing and encoding run outside it.
    with strict_decoding():
        source = _prepared(picture, max(settings.IMAGE_RENDITION_WIDTHS))
    scale = source.size[0] / full_size[0]
    by_cut: dict[tuple[str, tuple[int, int, int, int]], dict[int, list[str]]] = {}
    for (crop, width, fmt), box in specs.items():
        by_cut.setdefault((crop, box), {}).setdefault(width, []).append(fmt)
    made = []
    for (crop, box), widths in by_cut.items():
        # Widest first, each size resized from the one before: one pass over the big picture per crop.
        step = source.crop(tuple(round(edge * scale) for edge in box))
        for width in sorted(widths, reverse=True):
            height = max(1, round(width * (box[3] - box[1]) / (box[2] - box[0])))
            if step.size != (width, height):
                step = step.resize((width, height), PILImage.LANCZOS, reducing_gap=3)
            made += [_store(image, step, crop, width, height, fmt, icc_profile, written) for fmt in widths[width]]
    return made


def _encode(picture: PILImage.Image, fmt: str, icc_profile: bytes | None) -> bytes:
    pillow_format, options = ENCODERS[fmt]
    # Pillow carries `info` (EXIF with GPS, XMP, comments) through crop and resize, and some encoders write it
    # back by default: encode a copy with an empty info and hand over nothing but the colour profile.
    picture = picture.copy()
    picture.info = {}
    extra = {"icc_profile": icc_profile} if icc_profile else {}
    buffer = io.BytesIO()
    picture.save(buffer, pillow_format, exif=b"", **options, **extra)
    return buffer.getvalue()


def _store(
    image: Image, picture, crop: str, width: int, height: int, fmt: str, icc: bytes | None, written: list[str]
) -> Rendition:
    key = image.rendition_key(crop)
    folder = hashlib.sha256(key.encode()).hexdigest()[:12]
    crop_name = crop.replace(":", "x")
    name = default_storage.save(
        f"renditions/{image.pk}/{folder}/{crop_name}-{width}.{fmt}", ContentFile(_encode(picture, fmt, icc))
    )
    written.append(name)
    try:
        # A savepoint: a parallel request that made the same rendition first wins, ours is thrown away.
        with transaction.atomic():
            return Rendition.objects.create(
                image=image, crop=crop, width=width, height=height, format=fmt, file=name, source_key=key
            )
    except IntegrityError:
        default_storage.delete(name)
        return Rendition.objects.get(image=image, crop=crop, width=width, format=fmt)


def delete_files(names: Iterable[str]) -> None:
    """Delete files from storage; one the storage cannot delete now is logged and left (an orphan, not an error)."""
    for name in names:
        try:
            default_storage.delete(name)
        except storage_errors() as error:
            logger.warning("Mediendatei %s nicht gelöscht: %s", name, error)


def delete_files_on_commit(names: list[str]) -> None:
    """Delete files once the current transaction commits (at once outside one): rows rolled back keep their files."""
    if names:
        transaction.on_commit(functools.partial(delete_files, names))


def delete_image_files(image: Image) -> None:
    """Remove an image's renditions and its uploaded file from storage once the deletion of its row commits."""
    names = [rendition.file.name for rendition in image.renditions.all()]
    delete_files_on_commit([*names, image.file.name] if image.file else names)
