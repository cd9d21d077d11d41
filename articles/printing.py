"""Druckversion and PDF: one print context, one template, and a renderer that can neither leak nor hang.

The print view and the PDF render `articles/article_print.html` with the same context, so paper and PDF can
never disagree. The PDF renderer (WeasyPrint) runs in a forked child process with a time limit and fetches
only the project's own static and media files; every other URL (network, `file://`, `data:`) is refused.
Rendered PDFs are kept in the default storage, one file per article version: under a hash of the document they are
rendered from (`pdf_version_key`).
"""

import functools
import html
import logging
import mimetypes
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from core.fingerprints import fingerprint, layout_digest
from core.forked import ChildFailed, ChildTimeout, call_in_child
from core.media import storage_errors

from .models import Article

logger = logging.getLogger(__name__)

PRINT_TEMPLATE = "articles/article_print.html"
PRINT_STYLESHEET = "css/print.css"
# Tagged PDF for screen readers (structure tree, /Lang, alt texts): readers pass PDFs on to colleagues who
# may rely on assistive technology. PDF/A would add archival guarantees that no reader asked for.
PDF_VARIANT = "pdf/ua-1"

# The body is sanitised HTML (core.richtext), so its links have this exact shape: <a href="…" …>…</a>.
_BODY_LINK = re.compile(r'<a\s[^>]*?href="([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)


class PdfRenderError(Exception):
    """The PDF could not be made; the reader gets a 503 page."""


class PdfRenderTimeout(PdfRenderError):
    """The render took longer than PDF_RENDER_TIMEOUT and was stopped."""


class PdfNotStored(Exception):
    """The PDF was rendered, but the media storage refused it (full, read-only, unreachable): the reader gets this copy,
    which is kept nowhere; the next request renders again."""

    def __init__(self, content: bytes):
        super().__init__("PDF rendered but not stored")
        self.content = content


@dataclass(frozen=True)
class Note:
    """A link written out for paper: its number, what the reader saw, and the full URL."""

    number: int
    text: str
    url: str


@dataclass(frozen=True)
class PrintFigure:
    """The lead image for paper: a JPEG rendition (never the original with its EXIF data), caption and credit."""

    src: str
    alt: str
    width: int | None
    height: int | None
    caption: str
    credit: str


def number_body_links(body: str) -> tuple[SafeString, list[Note]]:
    """Mark every link in the body with [n] and return the marked body and its notes, numbered from 1."""
    notes: list[Note] = []

    def mark(match: re.Match) -> str:
        url = html.unescape(match[1])
        text = html.unescape(strip_tags(match[2])).strip() or url
        notes.append(Note(len(notes) + 1, text, url))
        return f'{match[0]}<sup class="note-ref">[{len(notes)}]</sup>'

    # The body was sanitised on save; the markers added here are plain numbers.
    return mark_safe(_BODY_LINK.sub(mark, body)), notes


def print_figure(article: Article) -> PrintFigure | None:
    rendition = article.lead_rendition()
    if rendition is None:
        return None
    image = article.lead_image
    return PrintFigure(
        src=rendition.file.url,
        alt=image.alt_text,
        width=rendition.width,
        height=rendition.height,
        caption=article.image_caption,
        credit=image.credit,
    )


def canonical_url(article: Article) -> str:
    """The article's address for readers, from SITE_URL (never from a request's Host header)."""
    return settings.SITE_URL + article.get_absolute_url()


def print_context(article: Article, *, for_pdf: bool = False, preview: bool = False) -> dict:
    """Everything the print template shows. `article` should come with keywords and links prefetched; `preview`
    marks a version readers cannot see yet (the address is where it is meant to appear)."""
    body, notes = number_body_links(article.body_for_readers())
    notes += [Note(len(notes) + n, link.text, link.url) for n, link in enumerate(article.links.all(), start=1)]
    return {
        "article": article,
        "body": body,
        "notes": notes,
        "keywords": [keyword.name for keyword in article.keywords.all()],
        "figure": print_figure(article),
        "canonical_url": canonical_url(article),
        # Also without a request (the PDF), where the context processor does not run.
        "site_name": settings.SITE_NAME,
        "printed_at": timezone.now(),
        "for_pdf": for_pdf,
        "preview": preview,
    }


# --- what the PDF renderer may read ------------------------------------------------------------------


def _static_roots() -> list[Path]:
    roots = [Path(settings.STATIC_ROOT)] if settings.STATIC_ROOT else []
    return roots + [Path(entry[1] if isinstance(entry, tuple) else entry) for entry in settings.STATICFILES_DIRS]


def _media_on_disk() -> bool:
    return isinstance(default_storage, FileSystemStorage)


def local_file_for(url: str) -> Path | None:
    """The file behind `url` if it is one of the project's static files or media files on disk, else None.

    Only URLs below the site's STATIC_URL or MEDIA_URL (as seen from SITE_URL) qualify, and the resolved
    path must stay inside its root: `..`, encoded dots and symlinks out of the folder are refused.
    """
    site = settings.SITE_URL + "/"
    bases = [(urljoin(site, settings.STATIC_URL), _static_roots())]
    if _media_on_disk():
        bases.append((urljoin(site, settings.MEDIA_URL), [Path(settings.MEDIA_ROOT)]))
    for base, roots in bases:
        if not url.startswith(base):
            continue
        relative = unquote(urlsplit(url[len(base) :]).path)
        for root in roots:
            root = root.resolve()
            candidate = (root / relative).resolve()
            if candidate.is_relative_to(root) and candidate.is_file():
                return candidate
    return None


def stored_media_name(url: str) -> str | None:
    """The storage name behind `url` when media live in a bucket (MEDIA_STORAGE=s3) and `url` is below its
    MEDIA_URL, else None. Names with empty, `.` or `..` segments are refused."""
    base = urljoin(settings.SITE_URL + "/", settings.MEDIA_URL)
    if _media_on_disk() or not url.startswith(base):
        return None
    parts = urlsplit(url[len(base) :])
    name = unquote(parts.path)
    if parts.query or not name or "\\" in name or any(part in {"", ".", ".."} for part in name.split("/")):
        return None
    return name


@functools.cache
def _weasyprint():
    """WeasyPrint and the project's fetcher, imported and warmed once per process (about 0.8 s)."""
    import weasyprint
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ProjectFilesFetcher(URLFetcher):
        """Serves the project's own static and media files through the file system or the storage API;
        refuses every other URL. Nothing is ever fetched over the network by URL."""

        def __init__(self):
            # Refusals are logged and skipped rather than fatal: a missing image must not cost the reader
            # the whole PDF. Nothing is fetched either way.
            super().__init__(fail_on_errors=False)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            if path := local_file_for(url):
                content = path.read_bytes()
            elif name := stored_media_name(url):
                # A storage of its own: the render runs in a forked child, which must not share the parent's
                # connections to the bucket.
                with storages.create_storage(settings.STORAGES["default"]).open(name, "rb") as stored:
                    content = stored.read()
            else:
                self.refused.append(url)
                raise ValueError(f"PDF renderer: refused to fetch {url[:200]}")
            content_type = mimetypes.guess_type(urlsplit(url).path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, content, headers={"Content-Type": content_type})

    # One tiny render loads fonts and Pango's caches here, so every forked render child starts warm.
    weasyprint.HTML(string="<p lang='de'>Ä „€“</p>", url_fetcher=ProjectFilesFetcher()).write_pdf()
    return weasyprint, ProjectFilesFetcher


def html_to_pdf(document_html: str) -> tuple[bytes, list[str]]:
    """Render `document_html` in this process; returns the PDF and the URLs the fetcher refused."""
    weasyprint, fetcher_class = _weasyprint()
    fetcher = fetcher_class()
    document = weasyprint.HTML(string=document_html, base_url=settings.SITE_URL + "/", url_fetcher=fetcher)
    return document.write_pdf(pdf_variant=PDF_VARIANT), fetcher.refused


def html_to_pdf_with_timeout(document_html: str, timeout: float) -> bytes:
    """Render in a forked child that is killed after `timeout` seconds, so no body can hang a worker."""
    _weasyprint()  # imported here, inherited by every forked child
    try:
        return call_in_child(lambda: html_to_pdf(document_html)[0], timeout=timeout)
    except ChildTimeout as error:
        raise PdfRenderTimeout(f"PDF render took longer than {timeout} s") from error
    except ChildFailed as error:
        raise PdfRenderError(str(error)) from error


def render_article_pdf(article: Article, *, preview: bool = False) -> bytes:
    """A PDF of the article, kept nowhere (cached_article_pdf keeps those of published articles)."""
    document_html = render_to_string(PRINT_TEMPLATE, print_context(article, for_pdf=True, preview=preview))
    return html_to_pdf_with_timeout(document_html, settings.PDF_RENDER_TIMEOUT)


# --- one PDF per article version ------------------------------------------------------------------


@functools.cache
def _layout_fingerprint() -> bytes:
    """The print template and stylesheet as deployed: a new layout makes new PDFs without manual steps."""
    stylesheet = finders.find(PRINT_STYLESHEET)
    return layout_digest((PRINT_TEMPLATE, "base_print.html"), [stylesheet] if stylesheet else [])


def pdf_version_key(article: Article) -> str:
    """A fingerprint of the PDF's own document: the print template rendered as for the PDF, without the day it is
    made. Whatever the PDF shows is in it (texts, bylines, the credits of the pictures in the body, notes, keywords,
    the renditions' addresses, site name and address, and no picture whose licence has ended), so any change to any
    of it gives a new key, with no list of fields to forget one in; the stylesheet, which the document only names,
    is added."""
    document = render_to_string(PRINT_TEMPLATE, {**print_context(article, for_pdf=True), "printed_at": None})
    return fingerprint(_layout_fingerprint(), [document])[:40]


def _cache_name(article: Article, key: str) -> str:
    return f"{settings.PDF_CACHE_DIR}/{article.pk}-{key}.pdf"


def cached_article_pdf(article: Article, key: str) -> tuple[str, datetime]:
    """The storage name and creation time of the article's PDF, rendered only if this version has none yet.

    Raises PdfNotStored with a freshly rendered copy when the storage cannot be read or written (disk full or
    read-only, bucket gone, endpoint down): the reader still gets the PDF (docs/betrieb.md)."""
    name = _cache_name(article, key)
    try:
        if default_storage.exists(name):
            return name, default_storage.get_modified_time(name)
    except storage_errors() as error:
        logger.warning("PDF cache for article %s unreadable: %r", article.pk, error)
        raise PdfNotStored(render_article_pdf(article)) from error
    content = render_article_pdf(article)
    try:
        saved = default_storage.save(name, ContentFile(content))
        if saved != name:  # a parallel request stored the same version first
            default_storage.delete(saved)
        _delete_older_versions(article, keep=name)
        return name, default_storage.get_modified_time(name)
    except storage_errors() as error:
        logger.error("PDF for article %s not stored: %r", article.pk, error)
        raise PdfNotStored(content) from error


def _delete_older_versions(article: Article, *, keep: str) -> None:
    for name in cached_pdf_names([article.pk]):
        if name != keep:
            default_storage.delete(name)


def cached_pdf_names(article_ids: list[int]) -> list[str]:
    """The storage names of every cached PDF of these articles (any version)."""
    try:
        _dirs, files = default_storage.listdir(settings.PDF_CACHE_DIR)
    except FileNotFoundError:
        return []
    except storage_errors() as error:
        # The storage is unreachable: no list of cached PDFs now (the image form still opens).
        logger.warning("PDF cache unreadable: %r", error)
        return []
    prefixes = tuple(f"{pk}-" for pk in article_ids)
    return [f"{settings.PDF_CACHE_DIR}/{filename}" for filename in files if prefixes and filename.startswith(prefixes)]
