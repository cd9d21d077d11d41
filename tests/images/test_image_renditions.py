"""Renditions: sizes, formats, no private metadata, orientation, focal-point crops, made once, renewed on change."""

import io
import re
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import ExifTags
from PIL import Image as PILImage

from images.models import Rendition
from images.renditions import ensure_renditions
from tests.factories import ArticleFactory, ImageFactory, camera_jpeg, jpeg_bytes

pytestmark = pytest.mark.django_db


def opened(rendition: Rendition) -> PILImage.Image:
    with default_storage.open(rendition.file.name, "rb") as stored:
        picture = PILImage.open(io.BytesIO(stored.read()))
        picture.load()
        return picture


def widths(image, crop="original", fmt="jpeg") -> list[int]:
    return [r.width for r in image.renditions_for(crop) if r.format == fmt]


def test_the_test_photo_really_carries_gps_data():
    with PILImage.open(io.BytesIO(camera_jpeg())) as picture:
        assert picture.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"


def test_no_rendition_carries_gps_or_other_exif_data():
    image = ImageFactory(file=ContentFile(camera_jpeg(size=(1400, 900)), name="handy.jpg"))

    renditions = list(image.renditions.all())
    assert len(renditions) >= 10
    for rendition in renditions:
        picture = opened(rendition)
        assert picture.format == {"jpeg": "JPEG", "webp": "WEBP"}[rendition.format]
        exif = picture.getexif()
        assert exif.get_ifd(ExifTags.IFD.GPSInfo) == {}, rendition
        assert len(exif) == 0, (rendition, dict(exif))
        assert "exif" not in picture.info and "xmp" not in picture.info, rendition
        with default_storage.open(rendition.file.name, "rb") as stored:
            raw = stored.read()
        assert b"Beispielkamera" not in raw and b"Erika Mustermann" not in raw


def test_exif_orientation_is_applied():
    # Stored landscape with orientation 6: the camera was turned, the picture is shown upright (portrait).
    image = ImageFactory(file=ContentFile(camera_jpeg(size=(400, 200), orientation=6), name="hochkant.jpg"))

    rendition = image.renditions_for("original")[-1]
    picture = opened(rendition)
    assert (rendition.width, rendition.height) == picture.size == (200, 400)
    # Orientation 6 turns the picture 90° clockwise: the red left half ends up on top.
    red, _green, blue = picture.convert("RGB").getpixel((100, 20))
    assert red > 200 and blue < 60
    red, _green, blue = picture.convert("RGB").getpixel((100, 380))
    assert blue > 200 and red < 60


def test_sizes_and_formats_of_a_large_picture(settings):
    image = ImageFactory(file=ContentFile(jpeg_bytes(2400, 1600), name="gross.jpg"))

    assert widths(image, "original", "jpeg") == [320, 640, 960, 1280, 1920]
    assert widths(image, "original", "webp") == [320, 640, 960, 1280, 1920]
    assert widths(image, "16:9", "jpeg") == widths(image, "16:9", "webp") == [320, 640]
    assert widths(image, "1:1", "jpeg") == [320, 640]
    for rendition in image.renditions.all():
        picture = opened(rendition)
        assert picture.size == (rendition.width, rendition.height)
        expected_ratio = {"original": 1.5, "16:9": 16 / 9, "1:1": 1.0}[rendition.crop]
        assert abs(rendition.width / rendition.height - expected_ratio) < 0.02, rendition


def test_small_pictures_are_never_upscaled():
    image = ImageFactory(file=ContentFile(jpeg_bytes(700, 400), name="klein.jpg"))

    assert widths(image, "original") == [320, 640, 700]
    assert max(r.width for r in image.renditions.all()) == 700
    tiny = ImageFactory(file=ContentFile(jpeg_bytes(200, 100), name="winzig.jpg"))
    assert widths(tiny, "original") == [200]
    assert widths(tiny, "1:1") == [100]


def test_teaser_crop_follows_the_focal_point():
    wide = camera_jpeg(size=(1600, 400))  # red left half, blue right half
    left = ImageFactory(file=ContentFile(wide, name="links.jpg"), focal_x=0.05, focal_y=0.5)
    right = ImageFactory(file=ContentFile(wide, name="rechts.jpg"), focal_x=0.95, focal_y=0.5)

    for image, expected in ((left, "red"), (right, "blue")):
        for crop in ("16:9", "1:1"):
            picture = opened(image.rendition(width=320, crop=crop)).convert("RGB")
            red, _green, blue = picture.getpixel((picture.width // 2, picture.height // 2))
            assert (red > 200 and blue < 60) if expected == "red" else (blue > 200 and red < 60), (image, crop)


def test_ensuring_twice_makes_nothing_new():
    image = ImageFactory()
    first = {r.pk: (r.file.name, default_storage.get_modified_time(r.file.name)) for r in image.renditions.all()}

    again = ensure_renditions(image)

    assert {r.pk: (r.file.name, default_storage.get_modified_time(r.file.name)) for r in again} == first


def test_pages_make_missing_renditions_once_then_only_read_them(client):
    image = ImageFactory(renditions=False)
    article = ArticleFactory(lead_image=image)
    assert not Rendition.objects.exists()

    assert client.get(article.get_absolute_url()).status_code == 200
    made = set(Rendition.objects.values_list("pk", flat=True))
    assert made

    with CaptureQueriesContext(connection) as queries:
        for url in (article.get_absolute_url(), "/", article.section.get_absolute_url()):
            assert client.get(url).status_code == 200
    assert set(Rendition.objects.values_list("pk", flat=True)) == made
    assert not [q for q in queries.captured_queries if "INSERT" in q["sql"] or "UPDATE" in q["sql"]]


def test_new_file_or_focal_point_renews_renditions_and_removes_the_old_files(django_capture_on_commit_callbacks):
    image = ImageFactory()
    old = {r.crop: r.file.name for r in image.renditions.all()}

    image.focal_x = 0.2
    image.save()
    with django_capture_on_commit_callbacks(execute=True):
        ensure_renditions(image)
    renewed = {r.crop: r.file.name for r in image.renditions.all()}
    assert renewed["original"] == old["original"], "the whole picture does not depend on the focal point"
    assert renewed["16:9"] != old["16:9"] and not default_storage.exists(old["16:9"])

    image.file.save("neu.jpg", ContentFile(jpeg_bytes(900, 600, "#aa0000")), save=True)
    with django_capture_on_commit_callbacks(execute=True):
        ensure_renditions(image)
    assert widths(image) == [320, 640, 900]
    assert not default_storage.exists(renewed["original"])
    red, _green, _blue = opened(image.rendition(width=640)).convert("RGB").getpixel((5, 5))
    assert red > 150


def test_rebuild_renditions_follows_changed_sizes_with_a_progress_bar(settings):
    images = [ImageFactory(file=ContentFile(jpeg_bytes(1000, 500), name="b.jpg")) for _ in range(2)]
    settings.IMAGE_RENDITION_WIDTHS = [480, 800]
    out = StringIO()

    call_command("rebuild_renditions", stdout=out)

    output = out.getvalue()
    assert re.search(r"\[#{40}\] 2/2", output) and "für 2 von 2 Bildern aktuell" in output
    for image in images:
        image.refresh_from_db()
        assert widths(image) == [480, 800]
        assert Rendition.objects.filter(image=image, crop="original").count() == 4


def test_rebuild_renditions_force_makes_every_rendition_again():
    image = ImageFactory()
    before = set(image.renditions.values_list("pk", flat=True))

    call_command("rebuild_renditions", "--force", stdout=StringIO())

    after = set(image.renditions.values_list("pk", flat=True))
    assert after and not before & after


def test_rendition_url_api_for_feeds_print_and_structured_data():
    image = ImageFactory(file=ContentFile(jpeg_bytes(2000, 1000), name="api.jpg"), credit="Landesamt")

    url = image.rendition_url(width=1200, fmt="jpeg")
    assert re.fullmatch(r"/media/renditions/\d+/[0-9a-f]{12}/original-1280\.jpeg", url)
    assert image.rendition_url(width=5000).endswith("original-1920.jpeg"), "the widest there is"
    assert image.rendition_url(width=100, fmt="webp", crop="16:9").endswith("16x9-320.webp")
    assert image.credit == "Landesamt"
