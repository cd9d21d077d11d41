"""Pictures in the article body: figures whose image is one of our renditions, on every output; nothing else."""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from pypdf import PdfReader

from articles.models import Article
from articles.revisions import plain
from core.richtext import is_rendition_path, plain_text, sanitize_body
from images.models import Rendition
from tests.factories import ArticleFactory, ImageFactory, camera_jpeg

pytestmark = pytest.mark.django_db


def body_figure(src: str, caption: str = "Das Rathaus im Abendlicht") -> str:
    return (
        f'<p>Davor.</p><figure class="aligncenter"><img src="{src}" alt="Rathaus" width="640" height="427" '
        f'data-file="7"><figcaption>{caption}</figcaption></figure><p>Danach.</p>'
    )


@pytest.fixture
def rendition():
    image = ImageFactory(file=ContentFile(camera_jpeg(size=(1400, 900)), name="handy.jpg"))
    return image.rendition(width=960, fmt="jpeg")


def test_a_figure_with_one_of_our_renditions_keeps_image_size_alt_and_caption(rendition):
    src = rendition.file.url
    assert sanitize_body(body_figure(src)) == (
        f'<p>Davor.</p><figure><img src="{src}" alt="Rathaus" width="640" height="427">'
        "<figcaption>Das Rathaus im Abendlicht</figcaption></figure><p>Danach.</p>"
    )


@pytest.mark.parametrize(
    "src",
    [
        "https://tracker.example/pixel.gif",
        "http://127.0.0.1:8000/media/renditions/1/abc/original-960.jpeg",
        "//cdn.example/media/renditions/1/abc/original-960.jpeg",
        "data:image/png;base64,iVBORw0KGgo=",
        "javascript:alert(1)",
        "/media/images/2024/05/handy.jpg",  # the original, with its EXIF and GPS data
        "/media/renditions/../images/2024/05/handy.jpg",
        "/media/renditions/1/%2e%2e/%2e%2e/images/handy.jpg",
        "/media/renditions//evil.example/x.jpeg",
        "/media/renditions/1/abc/original-960.jpeg?http://evil.example/",
        "/media/renditions/1/abc/original-960.jpeg#x",
        "/media/renditions\\1\\abc\\original-960.jpeg",
        "/media/renditions/",
        "/static/img/logo.png",
    ],
)
def test_pictures_from_anywhere_else_are_removed_and_their_caption_stays_as_a_paragraph(src):
    assert not is_rendition_path(src)
    stored = ArticleFactory(body=body_figure(src)).body
    assert "<img" not in stored and "src=" not in stored
    assert stored == "<p>Davor.</p><p>Das Rathaus im Abendlicht</p><p>Danach.</p>"
    without_caption = sanitize_body(f'<p>Text <img src="{src}" alt="">.</p><figure><img src="{src}"></figure>')
    assert without_caption == "<p>Text .</p>"


def test_image_attributes_are_limited_to_address_alt_and_numeric_size(rendition):
    src = rendition.file.url
    dirty = (
        f'<figure><img src="{src}" alt="A &quot;B&quot;" width="100%" height="20px" data-file="9" style="x" '
        f'onerror="alert(1)" srcset="https://evil.example/x.jpg 2x" loading="lazy"></figure>'
    )
    assert sanitize_body(dirty) == f'<figure><img src="{src}" alt="A &quot;B&quot;"></figure>'


def test_the_whole_body_update_path_sanitises_pictures_too(rendition):
    article = ArticleFactory()
    Article.objects.filter(pk=article.pk).update(body=body_figure("https://tracker.example/p.gif"))
    assert "<img" not in Article.objects.get(pk=article.pk).body


def test_the_article_page_shows_the_figure_without_inline_styles(client, rendition):
    article = ArticleFactory(body=body_figure(rendition.file.url))
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<figure><img src="{rendition.file.url}" alt="Rathaus" width="640" height="427">' in html
    assert "<figcaption>Das Rathaus im Abendlicht</figcaption>" in html
    assert "style=" not in html


def test_print_view_and_pdf_embed_the_body_picture_from_disk_and_fetch_nothing(
    client,
    rendition,
    local_server,
    settings,
):
    settings.SITE_URL = local_server.url  # even our own address is never asked over the network
    article = ArticleFactory(lead_image=None, body=body_figure(rendition.file.url))
    print_html = client.get(
        reverse("articles:detail-print", kwargs={"section": article.section.slug, "slug": article.slug})
    ).content.decode()
    assert f'<img src="{rendition.file.url}"' in print_html and "Das Rathaus im Abendlicht" in print_html
    response = client.get(
        reverse("articles:detail-pdf", kwargs={"section": article.section.slug, "slug": article.slug})
    )
    pdf = b"".join(response.streaming_content)
    assert response.status_code == 200
    [embedded] = PdfReader(io.BytesIO(pdf)).pages[0].images
    assert embedded.image.size == (rendition.width, rendition.height) == (960, 617)
    assert b"Beispielkamera" not in pdf  # a rendition, not the original
    assert local_server.requests == []


def test_search_text_keeps_the_caption_and_the_revision_diff_shows_the_picture(rendition):
    body = sanitize_body(body_figure(rendition.file.url))
    assert plain_text(body) == "Davor. Das Rathaus im Abendlicht Danach."
    assert plain("body", body).splitlines() == [
        "Davor.",
        f"[Bild: Rathaus – {rendition.file.url}]",
        "Das Rathaus im Abendlicht",
        "Danach.",
    ]
    assert Rendition.objects.filter(file=rendition.file.name).exists()


def test_no_editor_types_a_picture_address_the_chooser_gives_the_body_its_rendition(admin_client):
    image = ImageFactory()
    html = admin_client.get(reverse("admin:images_image_change", args=[image.pk])).content.decode()
    assert "Adresse für den Artikeltext" not in html
    address = admin_client.get(reverse("admin:images_image_chooser_image", args=[image.pk])).json()["body"]["src"]
    assert address == image.rendition_url(width=960, fmt="jpeg")
    article = ArticleFactory(body=f'<figure><img src="{address}" alt="Rathaus"></figure>')
    assert f'<img src="{address}" alt="Rathaus">' in Article.objects.get(pk=article.pk).body


def test_bildquelle_names_the_credits_of_body_pictures_after_the_lead_image_once_each(client, rendition):
    lead = ImageFactory(credit="Pressestelle Musterstadt")
    second = ImageFactory(credit="Landesamt für Vermessung").rendition(width=640, fmt="jpeg")
    body = body_figure(rendition.file.url) + body_figure(second.file.url) + body_figure(rendition.file.url)
    article = ArticleFactory(lead_image=lead, body=body)
    rendition.image.credit = "Foto: Kreisverwaltung"
    rendition.image.save()

    expected = ["Pressestelle Musterstadt", "Foto: Kreisverwaltung", "Landesamt für Vermessung"]
    assert article.image_credits() == expected
    for name in ("articles:detail", "articles:detail-print"):
        html = client.get(reverse(name, kwargs={"section": article.section.slug, "slug": article.slug})).content
        assert "Bildquelle:</span> " + ", ".join(expected) in html.decode(), name


def test_article_without_body_pictures_asks_no_query_for_their_credits(django_assert_num_queries):
    article = ArticleFactory(lead_image=None, body="<p>Nur Text.</p>")
    with django_assert_num_queries(0):
        assert article.image_credits() == []
