"""MEDIA_STORAGE=s3: uploads, renditions and cached PDFs in a bucket of a real S3 API server (moto in server
mode, tests/services.py), written, read, replaced and deleted only through the storage API."""

import io
import json
import urllib.request
import uuid

import pytest
from botocore.config import Config
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from articles import printing
from core.media import s3_media_settings
from images.models import Image, Rendition
from tests.admin_forms import NO_RIGHTS_RECORD
from tests.factories import ArticleFactory, ImageFactory, jpeg_bytes
from tests.services import settings_with_env, start_s3_server

pytestmark = pytest.mark.django_db


class Bucket:
    def __init__(self, s3_server, name: str, media_url: str):
        self.client = s3_server.client()
        self.name = name
        self.media_url = media_url

    def keys(self, prefix: str = "") -> set[str]:
        listed = self.client.list_objects_v2(Bucket=self.name, Prefix=prefix)
        return {item["Key"] for item in listed.get("Contents", [])}

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def remove(self) -> None:
        """Empty the bucket and delete it, as an operator (or an expired contract) would."""
        for key in self.keys():
            self.client.delete_object(Bucket=self.name, Key=key)
        self.client.delete_bucket(Bucket=self.name)


def public_read_policy(bucket: str) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}
        ],
    }


def use_bucket(settings, s3_server, options: dict | None = None, **environ) -> Bucket:
    name = f"newsroom-{uuid.uuid4().hex[:12]}"
    client = s3_server.client()
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    # Readers may read, as docs/betrieb.md asks of the bucket; writing needs the keys.
    client.put_bucket_policy(Bucket=name, Policy=json.dumps(public_read_policy(name)))
    media_url, storage = s3_media_settings(
        {
            "AWS_STORAGE_BUCKET_NAME": name,
            "AWS_S3_ENDPOINT_URL": s3_server.endpoint_url,
            "AWS_S3_REGION_NAME": "eu-central-1",
            "AWS_ACCESS_KEY_ID": "test-key",
            "AWS_SECRET_ACCESS_KEY": "test-secret",
            **environ,
        }
    )
    storage["OPTIONS"].update(options or {})
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    settings.MEDIA_URL = media_url
    return Bucket(s3_server, name, media_url)


@pytest.fixture
def bucket(settings, s3_server):
    """A fresh bucket as the default storage; public URLs path-style on the S3 server itself."""
    return use_bucket(settings, s3_server)


def upload(admin_client, content: bytes, name: str = "rathaus.jpg", image: Image | None = None):
    url = reverse("admin:images_image_change", args=[image.pk]) if image else reverse("admin:images_image_add")
    return admin_client.post(
        url,
        {
            "file": SimpleUploadedFile(name, content, content_type="image/jpeg"),
            "alt_text": "Ein Rathaus mit Glasfassade",
            "caption": "",
            "credit": "Stadt Musterhausen",
            "source_url": "",
            "focal_x": "",
            "focal_y": "",
            **NO_RIGHTS_RECORD,
        },
    )


def files_of(image: Image) -> set[str]:
    return {image.file.name, *Rendition.objects.filter(image=image).values_list("file", flat=True)}


def test_s3_settings_come_from_the_environment():
    environ = {
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": "redaktion",
        "AWS_S3_ENDPOINT_URL": "https://s3.rechenzentrum.example",
        "AWS_S3_REGION_NAME": "eu-central-1",
        "AWS_ACCESS_KEY_ID": "schluessel",
        "AWS_SECRET_ACCESS_KEY": "geheim",
        "MEDIA_PUBLIC_URL": "https://medien.example/redaktion",
    }
    configured = settings_with_env(environ, "STORAGES", "MEDIA_URL", "CONTENT_SECURITY_POLICY")

    default = configured["STORAGES"]["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"] == {
        "bucket_name": "redaktion",
        "endpoint_url": "https://s3.rechenzentrum.example",
        "region_name": "eu-central-1",
        "access_key": "schluessel",
        "secret_key": "geheim",
        "addressing_style": "path",
        "querystring_auth": False,
        "url_protocol": "https:",
        "custom_domain": "medien.example/redaktion",
        "file_overwrite": False,
    }
    assert configured["MEDIA_URL"] == "https://medien.example/redaktion/"
    assert "https://medien.example" in configured["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"MEDIA_STORAGE": "s3"}, "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME"),
        ({"MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": "b", "MEDIA_PUBLIC_URL": "/medien/"}, "MEDIA_PUBLIC_URL"),
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE must be 'filesystem' (default) or 's3'"),
    ],
)
def test_incomplete_s3_settings_are_refused_with_a_clear_message(environ, message):
    assert message in settings_with_env(environ, "STORAGES")["error"]


def test_upload_through_the_admin_puts_original_and_renditions_in_the_bucket(admin_client, bucket, _media_root):
    response = upload(admin_client, jpeg_bytes(1000, 600))

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.file.name.startswith("images/") and image.file.name.endswith(".jpg")
    assert (image.width, image.height) == (1000, 600)
    renditions = list(image.renditions.all())
    assert len(renditions) >= 10
    assert bucket.keys() == files_of(image)
    # Readers load renditions from the public base URL, straight from the S3 server.
    rendition = image.rendition(width=640)
    assert rendition.file.url == f"{bucket.media_url}{rendition.file.name}"
    with urllib.request.urlopen(rendition.file.url, timeout=10) as served:
        assert served.read() == bucket.read(rendition.file.name)
    assert list(_media_root.iterdir()) == []


def test_two_uploads_with_the_same_name_keep_both_files(admin_client, bucket):
    assert upload(admin_client, jpeg_bytes(800, 500, "#cc0000"), name="foto.jpg").status_code == 302
    assert upload(admin_client, jpeg_bytes(800, 500, "#00cc00"), name="foto.jpg").status_code == 302
    first, second = Image.objects.order_by("pk")
    assert first.file.name != second.file.name
    assert bucket.read(first.file.name) != bucket.read(second.file.name)


def test_article_page_and_pdf_use_the_bucket_and_the_pdf_reads_it_through_the_storage_api(
    client, settings, s3_server, monkeypatch
):
    # A public base URL that nobody could fetch: the PDF still has its image, read through the storage API.
    bucket = use_bucket(settings, s3_server, MEDIA_PUBLIC_URL="https://medien.example/newsroom/")
    article = ArticleFactory(lead_image=ImageFactory())
    pdf_url = reverse("articles:detail-pdf", kwargs={"section": article.section.slug, "slug": article.slug})

    page = client.get(article.get_absolute_url()).content.decode()
    assert 'src="https://medien.example/newsroom/renditions/' in page
    response = client.get(pdf_url)
    pdf = b"".join(response.streaming_content)

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1
    [cached] = bucket.keys("pdf-cache/")
    assert cached.startswith(f"pdf-cache/{article.pk}-") and bucket.read(cached) == pdf

    # The next reader gets the stored PDF; nothing is rendered again.
    monkeypatch.setattr(printing, "render_article_pdf", lambda article: pytest.fail("rendered again"))
    again = client.get(pdf_url)
    assert b"".join(again.streaming_content) == pdf

    # A changed article gets a new PDF, and the old one leaves the bucket.
    monkeypatch.undo()
    article.headline = "Neue Überschrift"
    article.save()
    assert client.get(pdf_url).status_code == 200
    [renewed] = bucket.keys("pdf-cache/")
    assert renewed != cached


def test_the_pdf_renderer_takes_only_names_below_the_public_base(settings, s3_server):
    use_bucket(settings, s3_server, MEDIA_PUBLIC_URL="https://medien.example/newsroom/")
    base = "https://medien.example/newsroom/"
    assert (
        printing.stored_media_name(base + "renditions/4/abc/original-640.jpeg") == "renditions/4/abc/original-640.jpeg"
    )
    assert printing.stored_media_name(base + "images/2026/12/r%C3%A4tsel.jpg") == "images/2026/12/rätsel.jpg"
    for refused in [
        base + "../geheim.txt",
        base + "images/%2e%2e/%2e%2e/geheim.txt",
        base + "images//doppelt.jpg",
        base + "images/",
        base + "images/bild.jpg?versionId=1",
        base,
        "https://medien.example/anderes/bild.jpg",
        "http://medien.example/newsroom/bild.jpg",
        f"{s3_server.endpoint_url}/newsroom/bild.jpg",
    ]:
        assert printing.stored_media_name(refused) is None, refused
        assert printing.local_file_for(refused) is None, refused


def test_replacing_the_file_removes_the_old_original_and_renditions_from_the_bucket(
    admin_client, bucket, django_capture_on_commit_callbacks
):
    assert upload(admin_client, jpeg_bytes(900, 600)).status_code == 302
    image = Image.objects.get()
    old_files = files_of(image)

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(admin_client, jpeg_bytes(1200, 500, "#cc0000"), name="neu.jpg", image=image)

    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.width, image.height) == (1200, 500)
    assert bucket.keys() == files_of(image)
    assert not old_files & bucket.keys()


def test_deleting_an_image_deletes_its_files_from_the_bucket(admin_client, bucket, django_capture_on_commit_callbacks):
    kept = ImageFactory(file=ContentFile(jpeg_bytes(700, 400), name="bleibt.jpg"))
    image = ImageFactory(file=ContentFile(jpeg_bytes(700, 400), name="weg.jpg"))
    assert files_of(image) <= bucket.keys()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:images_image_delete", args=[image.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Image.objects.filter(pk=image.pk).exists()
    assert bucket.keys() == files_of(kept)


def test_a_licence_end_removes_renditions_original_and_cached_pdfs_from_the_bucket(client, bucket, _private_root):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from images.models import ImageRights

    kept = ImageFactory(file=ContentFile(jpeg_bytes(700, 400), name="bleibt.jpg"))
    image = ImageFactory(file=ContentFile(jpeg_bytes(700, 400), name="lizenz-endet.jpg"))
    article = ArticleFactory(lead_image=image)
    pdf = client.get(article.get_absolute_url() + "pdf/")
    assert pdf.status_code == 200
    stored = bucket.keys()
    assert any(key.startswith(f"pdf-cache/{article.pk}-") for key in stored)
    ImageRights.objects.create(image=image, licence="agency", valid_until=timezone.now() - timedelta(seconds=1))

    call_command("remove_ended_pictures", stdout=io.StringIO())

    left = bucket.keys()
    assert left == files_of(kept)
    # Readers of the bucket's public address find nothing under the old names either.
    for name in ["pdf-cache/", f"renditions/{image.pk}/", "lizenz-endet"]:
        assert not any(name in key for key in left)
    assert (_private_root / ImageRights.objects.get(image=image).withdrawn_original).exists()


# One attempt, short timeouts: botocore's default of five attempts with growing pauses would make each request to a
# stopped endpoint take seconds, which only slows the test down. Addressing as s3_media_settings sets it.
ONE_ATTEMPT = Config(
    s3={"addressing_style": "path"}, retries={"total_max_attempts": 1}, connect_timeout=2, read_timeout=5
)
STORAGE_REFUSED = "Der Medienspeicher ist voll oder schreibgeschützt"


@pytest.mark.parametrize("fault", ["bucket-deleted", "endpoint-down"])
def test_a_bucket_gone_or_unreachable_refuses_uploads_in_german_and_still_serves_pages_and_pdfs(
    admin_client, client, settings, tmp_path, caplog, request, fault
):
    # A server of its own when it is to be stopped: the session's serves the other tests.
    server = request.getfixturevalue("s3_server") if fault == "bucket-deleted" else start_s3_server(tmp_path)
    try:
        bucket = use_bucket(settings, server, options={"client_config": ONE_ATTEMPT})
        article = ArticleFactory(headline="Rathaus startet Onlinedienst", lead_image=ImageFactory())
        # Renditions still to be made when its page is first shown.
        lazy = ArticleFactory(headline="Bürgeramt verlängert Öffnungszeiten", lead_image=ImageFactory(renditions=False))
        rows_before = list(Rendition.objects.order_by("pk").values_list("pk", "file"))
        images_before = list(Image.objects.order_by("pk").values_list("pk", "file", "file_hash"))
        if fault == "bucket-deleted":
            bucket.remove()
        else:
            server.stop()

        for response in [
            upload(admin_client, jpeg_bytes(900, 600)),
            upload(admin_client, jpeg_bytes(900, 600), name="neu.jpg", image=article.lead_image),
        ]:
            assert response.status_code == 200
            html = response.content.decode()
            assert STORAGE_REFUSED in html and "Ein Rathaus mit Glasfassade" in html
        assert list(Image.objects.order_by("pk").values_list("pk", "file", "file_hash")) == images_before
        assert list(Rendition.objects.order_by("pk").values_list("pk", "file")) == rows_before

        pages = ["/", article.get_absolute_url(), lazy.get_absolute_url()]
        pages += [
            reverse("articles:detail-print", kwargs={"section": "politik", "slug": a.slug}) for a in (article, lazy)
        ]
        for path in pages:
            response = client.get(path)
            assert response.status_code == 200, path
        # Known renditions need no request to the bucket; the one that had to be made now is left out.
        assert "<picture>" in client.get(article.get_absolute_url()).content.decode()
        lazy_page = client.get(lazy.get_absolute_url()).content.decode()
        assert f"renditions/{lazy.lead_image.pk}/" not in lazy_page and lazy.lead_image.credit in lazy_page
        assert any(
            record.levelname == "WARNING" and f"Bild {lazy.lead_image.pk}" in record.getMessage()
            for record in caplog.records
        )
        for shown in (article, lazy):
            response = client.get(reverse("articles:detail-pdf", kwargs={"section": "politik", "slug": shown.slug}))
            assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
            assert b"".join(response.streaming_content).startswith(b"%PDF-")
    finally:
        if fault == "endpoint-down":
            server.stop()
