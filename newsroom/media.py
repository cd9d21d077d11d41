"""Media in an S3-compatible bucket (MEDIA_STORAGE=s3): the storage settings, from the environment.

Uploads, renditions and cached PDFs then go through django-storages' S3Storage; readers load files from the
public base URL (MEDIA_PUBLIC_URL), and the PDF renderer reads them through the storage API, never by URL.
"""

from collections.abc import Mapping
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


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
