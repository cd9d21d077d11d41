"""Every cached output's key covers everything the output shows (docs/seiten-cache.md, "Alle Caches des Projekts").

Outputs kept past a write under a key of their own content (the PDF under its version key, teasers under theirs)
must change their key with anything they show: here every field of everything an article shows is changed, and
page, teaser list, print view, PDF (its text, read with pypdf), feed and JSON-LD show the new value on the next
request.
"""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from images.models import Image
from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db


def pdf_of(client, article) -> tuple[str, str]:
    """The PDF's ETag and its text on one line."""
    url = reverse("articles:detail-pdf", kwargs={"section": article.section.slug, "slug": article.slug})
    response = client.get(url)
    assert response.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages)
    return response["ETag"], " ".join(text.split())


def body_with_picture_of(image: Image) -> str:
    src = image.rendition(width=960, fmt="jpeg").file.url
    return (
        f'<p>Vorher.</p><figure><img src="{src}" alt="Das Rathaus" width="960" height="640">'
        "<figcaption>Das Rathaus am Abend</figcaption></figure><p>Nachher.</p>"
    )


def test_a_new_credit_of_a_picture_in_the_body_reaches_the_pdf(client):
    picture = ImageFactory(credit="Alte Bildquelle im Text")
    article = ArticleFactory(body=body_with_picture_of(picture))
    etag, text = pdf_of(client, article)
    assert "Alte Bildquelle im Text" in text

    Image.objects.filter(pk=picture.pk).update(credit="Neue Bildquelle im Text")

    new_etag, new_text = pdf_of(client, article)
    assert "Neue Bildquelle im Text" in new_text and "Alte Bildquelle im Text" not in new_text
    assert new_etag != etag
