"""Every cached output's key covers everything the output shows (docs/seiten-cache.md, "Alle Caches des Projekts").

Outputs kept past a write under a key of their own content (the PDF under its version key, teasers under theirs)
must change their key with anything they show: here every field of everything an article shows is changed, and
page, teaser list, print view, PDF (its text, read with pypdf), feed and JSON-LD show the new value on the next
request, in-process and on both of two gunicorn workers.
"""

import io
import json
import re
import subprocess
import sys
import urllib.request

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from articles.models import Article, ArticleLink, ArticleType, Keyword, Section
from images.models import Image
from tests.factories import ArticleFactory, ArticleTypeFactory, ImageFactory
from tests.site.test_cache_workers import BASE_DIR, running_site
from tests.site.test_cache_workers import site as site  # the fixture, for pytest

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


# --- the class: each field of everything an article shows, on every output ------------------------------------

OUTPUTS = ("page", "teaser", "print", "pdf", "feed", "json-ld")


@pytest.fixture
def shown(client):
    """A published article with everything an article can show, and a reader of all its outputs."""
    picture = ImageFactory(credit="Bildquelle im Text")
    article = ArticleFactory(
        headline="Alles, was ein Beitrag zeigt",
        body=body_with_picture_of(picture),
        author_shorthand="ab",
        article_type=ArticleTypeFactory(name="Bericht", slug="bericht", shows_badge=True),
        lead_image=ImageFactory(alt_text="Alternativtext vorher", caption="Bildunterschrift vorher", credit="Quelle"),
        keywords=["Stichwort vorher"],
        links=[("https://vorher.example/", "Link vorher")],
        correction_note="Korrektur vorher",
        corrected_at=timezone.now(),
    )
    return article, picture


def outputs_of(client, article) -> dict[str, str]:
    """What a reader gets from each output, as text to search (HTML and XML as served, the PDF's text and key)."""
    article.refresh_from_db()
    kwargs = {"section": article.section.slug, "slug": article.slug}
    page = client.get(article.get_absolute_url()).content.decode()
    etag, pdf_text = pdf_of(client, article)
    return {
        "page": page,
        "teaser": client.get(article.section.get_absolute_url()).content.decode(),
        "print": client.get(reverse("articles:detail-print", kwargs=kwargs)).content.decode(),
        "pdf": f"{etag} {pdf_text}",
        "feed": client.get(reverse("articles:feed", kwargs={"format": "rss"})).content.decode(),
        "json-ld": " ".join(
            json.dumps(json.loads(block), ensure_ascii=False)
            for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page)
        ),
    }


def new_body(article, old: str, new: str) -> None:
    Article.objects.filter(pk=article.pk).update(body=Article.objects.get(pk=article.pk).body.replace(old, new))


# (what changes, how, the old and the new value, the outputs that show it; "pdf-key": shown in the PDF, but not
# as text, e.g. an alternative text)
CHANGES = [
    (
        "body picture: credit",
        lambda article, picture: Image.objects.filter(pk=picture.pk).update(credit="Bildquelle neu"),
        ("Bildquelle im Text", "Bildquelle neu"),
        {"page", "print", "pdf"},
    ),
    (
        "body picture: alternative text",
        lambda article, picture: new_body(article, 'alt="Das Rathaus"', 'alt="Das Rathaus von vorn"'),
        ('alt="Das Rathaus"', 'alt="Das Rathaus von vorn"'),
        {"page", "print", "pdf-key"},
    ),
    (
        "body picture: caption",
        lambda article, picture: new_body(article, "Das Rathaus am Abend", "Das Rathaus am Morgen"),
        ("Das Rathaus am Abend", "Das Rathaus am Morgen"),
        {"page", "print", "pdf"},
    ),
    (
        "keyword: name",
        lambda article, picture: Keyword.objects.filter(name="Stichwort vorher").update(name="Stichwort neu"),
        ("Stichwort vorher", "Stichwort neu"),
        {"page", "print", "pdf", "feed", "json-ld"},
    ),
    (
        "section: name",
        lambda article, picture: Section.objects.filter(pk=article.section_id).update(name="Bereich neu"),
        ("Politik", "Bereich neu"),
        {"page", "teaser", "json-ld"},
    ),
    (
        "article type: name",
        lambda article, picture: ArticleType.objects.filter(pk=article.article_type_id).update(name="Reportage"),
        ("Bericht", "Reportage"),
        {"page", "teaser"},
    ),
    (
        "link: text",
        lambda article, picture: ArticleLink.objects.filter(article=article).update(label="Link neu"),
        ("Link vorher", "Link neu"),
        {"page", "print", "pdf"},
    ),
    (
        "link: address",
        lambda article, picture: ArticleLink.objects.filter(article=article).update(url="https://neu.example/"),
        ("https://vorher.example/", "https://neu.example/"),
        {"page", "print", "pdf"},
    ),
    (
        "correction note",
        lambda article, picture: Article.objects.filter(pk=article.pk).update(correction_note="Korrektur neu"),
        ("Korrektur vorher", "Korrektur neu"),
        {"page"},
    ),
    (
        "lead image: credit",
        lambda article, picture: Image.objects.filter(pk=article.lead_image_id).update(credit="Agentur neu"),
        ("Quelle", "Agentur neu"),
        {"page", "teaser", "print", "pdf", "feed", "json-ld"},
    ),
    (
        "lead image: alternative text",
        lambda article, picture: Image.objects.filter(pk=article.lead_image_id).update(alt_text="Alternativtext neu"),
        ("Alternativtext vorher", "Alternativtext neu"),
        {"page", "teaser", "print", "pdf-key", "feed"},
    ),
    (
        "lead image: caption",
        lambda article, picture: Image.objects.filter(pk=article.lead_image_id).update(caption="Bildunterschrift neu"),
        ("Bildunterschrift vorher", "Bildunterschrift neu"),
        {"page", "print", "pdf", "json-ld"},
    ),
    (
        "lead image: the article's own caption",
        lambda article, picture: Article.objects.filter(pk=article.pk).update(lead_image_caption="Eigene Unterschrift"),
        ("Bildunterschrift vorher", "Eigene Unterschrift"),
        {"page", "print", "pdf", "json-ld"},
    ),
    (
        "author shorthand",
        lambda article, picture: Article.objects.filter(pk=article.pk).update(author_shorthand="xy"),
        ("(ab)", "(xy)"),
        {"page", "print", "pdf"},
    ),
    (
        "headline",
        lambda article, picture: Article.objects.filter(pk=article.pk).update(headline="Eine neue Überschrift"),
        ("Alles, was ein Beitrag zeigt", "Eine neue Überschrift"),
        {"page", "teaser", "print", "pdf", "feed", "json-ld"},
    ),
]


@pytest.mark.parametrize("what, change, values, shown_in", CHANGES, ids=[change[0] for change in CHANGES])
def test_every_output_shows_every_change_on_the_next_request(client, shown, what, change, values, shown_in):
    article, picture = shown
    old, new = values
    before = outputs_of(client, article)
    for output in OUTPUTS:
        if output in shown_in:
            assert old in before[output] and new not in before[output], (output, "before")

    change(article, picture)

    after = outputs_of(client, article)
    for output in OUTPUTS:
        if output in shown_in:
            assert new in after[output] and old not in after[output], output
    if shown_in & {"pdf", "pdf-key"}:
        assert after["pdf"].split()[0] != before["pdf"].split()[0], "the PDF's ETag"


PICTURES = """
from articles.models import Article
from tests.factories import ImageFactory
article = Article.objects.get()
picture = ImageFactory(credit="Bildquelle im Text")
src = picture.rendition(width=960, fmt="jpeg").file.url
article.body = f'<p>Text.</p><figure><img src="{src}" alt="Rathaus" width="960" height="640"></figure>'
article.lead_image = ImageFactory(credit="Quelle vorher")
article.save()
"""
NEW_CREDIT = """
from images.models import Image
Image.objects.filter(credit={old!r}).update(credit={new!r})
"""


def shell(environ: dict, code: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], env=environ, cwd=BASE_DIR, check=True, capture_output=True
    )


def pdf_and_list_on(served, article_url: str) -> tuple[str, str, str]:
    """The PDF's text and the section page, with the worker that answered both."""
    lines_before = served.log_lines()
    with urllib.request.urlopen(f"{served.url}{article_url}pdf/", timeout=60) as response:
        pdf = response.read()
    worker = served.worker_of(lines_before)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    section = "/" + article_url.strip("/").split("/")[0] + "/"
    _status, listing, listing_worker = served.request(section)
    assert listing_worker == worker
    return worker, text, listing


@pytest.mark.serving
def test_new_credits_reach_the_pdf_and_the_teasers_on_both_gunicorn_workers(site):
    environ, article_url, folder = site
    shell(environ, PICTURES)
    states = [
        (None, ("Bildquelle im Text", "Quelle vorher")),
        (("Bildquelle im Text", "Bildquelle neu"), ("Bildquelle neu", "Quelle vorher")),
        (("Quelle vorher", "Quelle neu"), ("Bildquelle neu", "Quelle neu")),
    ]
    with running_site(environ, folder) as served:
        for change, credits in states:
            if change:
                shell(environ, NEW_CREDIT.format(old=change[0], new=change[1]))
            workers, first = set(), None
            for _ in range(2):
                with served.on_worker_other_than(first) as worker:
                    answered, text, listing = pdf_and_list_on(served, article_url)
                    assert answered == worker
                    assert credits[0] in text, (credits, worker)
                    assert f"Bild: {credits[1]}" in listing, (credits, worker)
                workers.add(worker)
                first = worker
            assert len(workers) == 2
