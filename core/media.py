"""Media storage: on the file system (MediaFileSystemStorage) or in an S3-compatible bucket (MEDIA_STORAGE=s3).

In a bucket, uploads, renditions and cached PDFs go through django-storages' S3Storage; readers load files from the
public base URL (MEDIA_PUBLIC_URL), and the PDF renderer reads them through the storage API, never by URL.
"""

import contextlib
import functools
import os
import tempfile
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage


@functools.cache
def storage_errors() -> tuple[type[Exception], ...]:
    """What a media storage raises when it cannot read or write right now, for `except storage_errors():`.

    The file system: OSError (disk full, read-only, file gone). A bucket: botocore's ClientError (bucket gone,
    access denied), BotoCoreError (endpoint unreachable, timeouts) and boto3's own (S3UploadFailedError). Every
    place that meets storage trouble catches these, so both storages fail the same way (docs/betrieb.md).
    Imported on first use: an `except` clause is evaluated only when an exception passes, and boto3 costs 0.2 s
    of every start otherwise."""
    from boto3.exceptions import Boto3Error
    from botocore.exceptions import BotoCoreError, ClientError

    return (OSError, BotoCoreError, ClientError, Boto3Error)


# The storage failures met while the current request is handled (a list of its own per request, set by the page
# cache middleware); None outside a request.
_failures: ContextVar[list[Exception] | None] = ContextVar("media_storage_failures", default=None)


@contextlib.contextmanager
def noting_storage_failures() -> Iterator[list[Exception]]:
    """Collect the storage failures of the code inside, e.g. renditions that could not be made for a page."""
    failures: list[Exception] = []
    token = _failures.set(failures)
    try:
        yield failures
    finally:
        _failures.reset(token)


def note_storage_failure(error: Exception) -> None:
    """Record that what is being rendered lacks something the storage refused (a page without its picture)."""
    if (failures := _failures.get()) is not None:
        failures.append(error)


class MediaFileSystemStorage(FileSystemStorage):
    """Django's file system storage, but a file appears under its name only once it is complete.

    Django writes straight into the final name and leaves what it had written when the disk fills up (ENOSPC)
    half-way; here the content goes to a hidden temporary file in the same folder, which is linked to the name
    when complete (a link never replaces an existing file) and removed in every case (docs/betrieb.md)."""

    def _save(self, name, content):
        directory = os.path.dirname(self.path(name))
        os.makedirs(directory, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".unfertig-")
        try:
            with os.fdopen(handle, "wb") as output:
                for chunk in content.chunks():
                    output.write(chunk.encode() if isinstance(chunk, str) else chunk)
            os.chmod(temporary, self.file_permissions_mode or 0o644)
            while True:
                try:
                    if self._allow_overwrite:
                        os.replace(temporary, self.path(name))
                    else:
                        os.link(temporary, self.path(name))
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
        finally:
            if os.path.lexists(temporary):
                os.unlink(temporary)
        self._ensure_location_group_id(self.path(name))
        return os.path.relpath(self.path(name), self.location).replace("\\", "/")


class PrivateFileSystemStorage(MediaFileSystemStorage):
    """Files that must never have a public address (proof documents): `url()` refuses, so no template or serializer
    can hand one out by mistake; they are served only by views that check the reader's role."""

    def url(self, name):
        raise ValueError("Private files have no public address.")


def s3_media_settings(environ: Mapping[str, str]) -> tuple[str, dict]:
    """MEDIA_URL and STORAGES["default"] for the bucket that `environ` describes."""

    def env(name: str, default: str = "") -> str:
        return environ.get(name) or default

    bucket = env("AWS_STORAGE_BUCKET_NAME")
    endpoint = env("AWS_S3_ENDPOINT_URL").rstrip("/")
    if not bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME (and usually AWS_S3_ENDPOINT_URL).")
    # Path-style by default, where the public base is simply endpoint/bucket/.
    default_base = f"{endpoint}/{bucket}/" if endpoint else f"https://{bucket}.s3.amazonaws.com/"
    media_url = env("MEDIA_PUBLIC_URL", default_base).rstrip("/") + "/"
    base = urlsplit(media_url)
    if base.scheme not in {"http", "https"} or not base.netloc:
        raise ImproperlyConfigured("MEDIA_PUBLIC_URL must be an absolute http(s) URL, e.g. https://medien.example/.")
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint or None,
        "region_name": env("AWS_S3_REGION_NAME") or None,
        # Unset: boto3's own chain (instance role, ~/.aws) provides them.
        "access_key": env("AWS_ACCESS_KEY_ID") or None,
        "secret_key": env("AWS_SECRET_ACCESS_KEY") or None,
        "addressing_style": env("AWS_S3_ADDRESSING_STYLE", "path" if endpoint else "auto"),
        # Plain, permanent URLs: signed ones would expire inside cached pages and teasers.
        "querystring_auth": False,
        "url_protocol": f"{base.scheme}:",
        "custom_domain": base.netloc + base.path.rstrip("/"),
        # Two uploads named foto.jpg must not overwrite each other, just as on the file system.
        "file_overwrite": False,
    }
    return media_url, {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
