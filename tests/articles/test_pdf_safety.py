"""The PDF renderer reads only the project's own static and media files: no network, no local files, no embeds."""

import io
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from articles import printing
from articles.models import Article
from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db

SECRET_FILE_LINE = "root:x:0:0"


def hostile_markup(server_url: str) -> str:
    return f"""
    <link rel="attachment" href="file:///etc/passwd">
    <a rel="attachment" href="file:///etc/passwd">Anhang</a>
    <link rel="stylesheet" href="{server_url}/stylesheet.css">
    <style>@import url("{server_url}/imported.css"); @import "file:///etc/passwd";
      body {{ background: url(/dev/urandom); }} p {{ background: url(file:///dev/urandom); }}</style>
    <img src="{server_url}/tracking.png" alt="">
    <img src="file:///etc/passwd" alt="">
    <img src="/static/../../../../etc/passwd" alt="">
    <img src="/media/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd" alt="">
    <object data="file:///etc/passwd"></object>
    <p>Text</p>
    """


def embedded_files(pdf: bytes) -> list:
    reader = PdfReader(io.BytesIO(pdf))
    names = reader.trailer["/Root"].get("/Names", {})
    attachments = [
        annotation.get_object()
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if annotation.get_object().get("/Subtype") == "/FileAttachment"
    ]
    return ([names["/EmbeddedFiles"]] if "/EmbeddedFiles" in names else []) + attachments


def test_renderer_fetches_nothing_hostile_markup_asks_for(local_server):
    html = "<!DOCTYPE html><html lang='de'><head><title>T</title></head><body>" + hostile_markup(local_server.url)
    pdf, refused = printing.html_to_pdf(html + "</body></html>")
    assert local_server.requests == []
    assert embedded_files(pdf) == []
    assert SECRET_FILE_LINE.encode() not in pdf
    assert any(url.startswith("file:///etc/passwd") for url in refused)
    assert f"{local_server.url}/imported.css" in refused
    assert f"{local_server.url}/tracking.png" in refused
    assert any(url.endswith("/dev/urandom") for url in refused)


def test_hostile_article_body_and_caption_give_a_clean_pdf(client, local_server, settings):
    settings.SITE_URL = local_server.url  # even the site's own address is never asked over the network
    article = ArticleFactory(
        body=hostile_markup(local_server.url),
        # Captions hold at most 300 characters: the sharpest tries.
        lead_image=ImageFactory(
            caption=f'<link rel="attachment" href="file:///etc/passwd"><img src="{local_server.url}/c.png">'
        ),
        lead_image_caption='<link rel="attachment" href="file:///etc/passwd">',
    )
    response = client.get(
        reverse("articles:detail-pdf", kwargs={"section": article.section.slug, "slug": article.slug})
    )
    pdf = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert local_server.requests == []
    assert embedded_files(pdf) == []
    assert SECRET_FILE_LINE.encode() not in pdf
    # The image and stylesheet still arrive, from disk.
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1


def test_stored_body_keeps_no_rel_attachment_or_style(local_server):
    article = ArticleFactory(body=hostile_markup(local_server.url))
    stored = Article.objects.get(pk=article.pk).body
    for forbidden in ("attachment", "<link", "<style", "<img", "file:", "<object", "@import"):
        assert forbidden not in stored


def test_local_file_for_serves_project_files_and_refuses_everything_else(settings, tmp_path, _media_root):
    settings.SITE_URL = "https://portal.example"
    (_media_root / "images").mkdir()
    photo = _media_root / "images" / "foto.jpg"
    photo.write_bytes(b"jpeg")
    outside = tmp_path / "geheim.txt"
    outside.write_text("geheim")
    (_media_root / "link.txt").symlink_to(outside)
    print_css = Path(settings.STATICFILES_DIRS[0]) / "css" / "print.css"

    assert printing.local_file_for("https://portal.example/media/images/foto.jpg") == photo.resolve()
    assert printing.local_file_for("https://portal.example/static/css/print.css") == print_css.resolve()
    for refused in [
        "https://portal.example/media/link.txt",
        "https://portal.example/media/../../geheim.txt",
        "https://portal.example/media/%2e%2e/geheim.txt",
        "https://portal.example/static/../newsroom/settings.py",
        "https://portal.example/media/images/",
        "https://portal.example/dev/urandom",
        "https://andere.example/media/images/foto.jpg",
        "http://portal.example/media/images/foto.jpg",
        f"file://{photo}",
        "data:text/plain,hallo",
    ]:
        assert printing.local_file_for(refused) is None, refused
