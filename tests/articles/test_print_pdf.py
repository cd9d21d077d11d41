"""Druckversion and PDF: content and order, real PDFs read back with pypdf and pdftotext, the version cache."""

import io
import os
import re
import subprocess
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from pypdf import PdfReader

from articles import printing
from articles.models import Article
from tests.assertions import assert_in_order
from tests.factories import ArticleFactory, ImageFactory, camera_jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory(
        kicker="Musterland",
        headline="Beitritt zur IT-Union",
        slug="beitritt-zur-it-union",
        lead="Das Land tritt dem Verbund bei – für 5 € im Jahr, sagt die Straßenmeisterei.",
        body=(
            '<p>Erster Absatz mit „Zitat“ und einem <a href="https://im-text.example/seite?a=1&amp;b=2">Link im Text</a>.</p>'
            "<p>Zweiter Absatz über Größe und Maß.</p>"
        ),
        author_shorthand="bw",
        published_at=datetime(2022, 11, 7, 9, 30, tzinfo=ZoneInfo("Europe/Berlin")),
        lead_image=ImageFactory(alt_text="Zwei Hände über einem Vertrag", caption="Jetzt dabei", credit="Verbund eG"),
        keywords=["Politik", "Kommunalverbund"],
        links=[("https://www.musterland.example/", ""), ("https://verbund.example/mitglieder", "Mitgliederliste")],
    )


def url_of(name, article):
    return reverse(name, kwargs={"section": article.section.slug, "slug": article.slug})


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def get_pdf(client, article, **headers):
    response = client.get(url_of("articles:detail-pdf", article), **headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


# --- Druckversion ------------------------------------------------------------------------------------


def test_print_view_shows_the_article_in_reference_order_with_links_written_out(client, article, settings):
    response = client.get(url_of("articles:detail-print", article))
    assert response.status_code == 200
    html = response.content.decode()
    canonical = f"{settings.SITE_URL}/politik/beitritt-zur-it-union/"
    assert_in_order(
        html,
        f'<p class="print-site">{settings.SITE_NAME}</p>',
        '<p class="kicker">Musterland:</p>',
        "<h1>Beitritt zur IT-Union</h1>",
        "[7.11.2022]</time> Das Land tritt dem Verbund bei",
        'alt="Zwei Hände über einem Vertrag"',
        "Jetzt dabei",
        "Bild: Verbund eG",
        'Link im Text</a><sup class="note-ref">[1]</sup>',
        "Zweiter Absatz über Größe und Maß.",
        "(bw)",
        '[1]</span> Link im Text: <span class="url">https://im-text.example/seite?a=1&amp;b=2</span>',
        '[2]</span> <span class="url">https://www.musterland.example/</span>',
        '[3]</span> Mitgliederliste: <span class="url">https://verbund.example/mitglieder</span>',
        "Stichwörter:</span> Politik, Kommunalverbund",
        "Bildquelle:</span> Verbund eG",
        f'<span class="url">{canonical}</span>',
        "Gedruckt am",
    )
    assert '<meta name="robots" content="noindex">' in html
    for absent in ("<nav", "<form", "Weitere Meldungen", "<script", "style="):
        assert absent not in html
    assert response.cookies == {}


def test_article_page_links_to_its_three_actions_after_the_credit_line(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert_in_order(
        html,
        "Bildquelle:</span> Verbund eG",
        f'href="{url_of("articles:detail-print", article)}" rel="nofollow">Druckversion</a>',
        f'href="{url_of("articles:detail-pdf", article)}" rel="nofollow" type="application/pdf">PDF</a>',
        f'href="{url_of("articles:detail-mail", article)}" rel="nofollow">Link mailen</a>',
    )


@pytest.mark.parametrize("name", ["articles:detail-print", "articles:detail-pdf", "articles:detail-mail"])
def test_actions_of_drafts_and_unknown_articles_are_404(client, name):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    assert client.get(url_of(name, draft)).status_code == 404
    assert client.get(reverse(name, kwargs={"section": "politik", "slug": "gibt-es-nicht"})).status_code == 404
    wrong_section = reverse(name, kwargs={"section": "praxis", "slug": ArticleFactory().slug})
    assert client.get(wrong_section).status_code == 404


@pytest.mark.usefixtures("no_page_cache")
def test_print_view_needs_few_queries(client, article, django_assert_max_num_queries):
    # The article, its keywords, links, bylines (with contributors) and renditions.
    with django_assert_max_num_queries(5):
        assert client.get(url_of("articles:detail-print", article)).status_code == 200


# --- PDF ------------------------------------------------------------------------------------------


def test_pdf_is_a_tagged_a4_document_with_text_notes_footer_and_metadata(client, article, settings, tmp_path):
    response, pdf = get_pdf(client, article)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="beitritt-zur-it-union.pdf"'
    assert response.cookies == {}
    text = pdf_text(pdf, tmp_path)
    canonical = f"{settings.SITE_URL}/politik/beitritt-zur-it-union/"
    assert_in_order(
        " ".join(text.split()),
        "Musterland:",
        "Beitritt zur IT-Union",
        "[7.11.2022] Das Land tritt dem Verbund bei – für 5 € im Jahr, sagt die Straßenmeisterei.",
        "Jetzt dabei Bild: Verbund eG",
        "Erster Absatz mit „Zitat“",
        "https://im-text.example/seite?a=1&b=2",
        "https://verbund.example/mitglieder",
        "Bildquelle: Verbund eG",
    )
    assert "Seite 1 von" in text
    assert settings.SITE_NAME in text
    assert canonical in text

    reader = PdfReader(io.BytesIO(pdf))
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width) * 25.4 / 72), round(float(height) * 25.4 / 72)) == (210, 297)
    meta = reader.metadata
    assert meta.title == "Musterland: Beitritt zur IT-Union – Verwaltung digital"
    assert meta.author == "Verwaltung digital (bw)"
    assert meta.subject == article.lead
    assert "Kommunalverbund" in meta["/Keywords"]
    assert meta.creation_date.date().isoformat() == "2022-11-07"
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "de"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    fonts = [font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()]
    assert fonts
    for font in fonts:
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert {"/FontFile2", "/FontFile3"} & set(descriptor), f"{font['/BaseFont']} is not embedded"
    assert len(reader.pages[0].images) == 1


def test_unchanged_article_pdf_comes_from_the_cache_without_rendering(client, article):
    _response, first = get_pdf(client, article)
    [name] = [f"pdf-cache/{f}" for f in default_storage.listdir("pdf-cache")[1]]
    # Replace the cached file: if the second answer has these bytes, nothing was rendered.
    marker = b"%PDF-1.7 cached copy\n"
    with default_storage.open(name, "wb") as cached:
        cached.write(marker)
    response, second = get_pdf(client, article)
    assert response.status_code == 200
    assert second == marker
    assert first.startswith(b"%PDF-")


def test_cached_pdf_response_needs_few_queries(client, article, django_assert_max_num_queries):
    get_pdf(client, article)
    # The article with its keywords, links and bylines, and the content generation the version key is kept under.
    with django_assert_max_num_queries(5):
        response, _pdf = get_pdf(client, article)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "change",
    [
        lambda article: Article.objects.filter(pk=article.pk).update(headline="Neue Überschrift"),
        lambda article: article.lead_image.__class__.objects.filter(pk=article.lead_image.pk).update(
            credit="Neue Bildquelle"
        ),
        lambda article: article.links.update(url="https://neu.example/"),
        lambda article: article.keywords.add("Neues Stichwort"),
    ],
    ids=["headline", "image-credit", "link", "keyword"],
)
def test_any_change_to_article_or_image_renders_a_new_pdf_and_drops_the_old(client, article, change, tmp_path):
    first_response, _first = get_pdf(client, article)
    change(article)
    response, pdf = get_pdf(client, article)
    assert response["ETag"] != first_response["ETag"]
    assert pdf.startswith(b"%PDF-")
    assert len(default_storage.listdir("pdf-cache")[1]) == 1
    text = " ".join(pdf_text(pdf, tmp_path).split())
    assert any(
        new in text for new in ("Neue Überschrift", "Neue Bildquelle", "https://neu.example/", "Neues Stichwort")
    )


def test_pdf_revalidation_answers_304_for_the_same_version(client, article):
    first, _pdf = get_pdf(client, article)
    assert first["ETag"].startswith('"') and first["Last-Modified"]
    assert "no-cache" in first["Cache-Control"]
    response = client.get(url_of("articles:detail-pdf", article), headers={"if-none-match": first["ETag"]})
    assert response.status_code == 304
    assert response["ETag"] == first["ETag"]
    response = client.get(url_of("articles:detail-pdf", article), headers={"if-modified-since": first["Last-Modified"]})
    assert response.status_code == 304
    Article.objects.filter(pk=article.pk).update(lead="Geändert.")
    response, _pdf = get_pdf(client, article, headers={"if-none-match": first["ETag"]})
    assert response.status_code == 200


def test_render_over_the_time_limit_gives_a_german_503_and_the_worker_lives_on(client, article, settings):
    settings.PDF_RENDER_TIMEOUT = 0.001
    response = client.get(url_of("articles:detail-pdf", article))
    assert response.status_code == 503
    assert "PDF gerade nicht verfügbar" in response.content.decode()
    assert response["Retry-After"] == "60"
    assert not default_storage.exists("pdf-cache") or default_storage.listdir("pdf-cache")[1] == []
    settings.PDF_RENDER_TIMEOUT = 20
    response, pdf = get_pdf(client, article)
    assert response.status_code == 200 and pdf.startswith(b"%PDF-")


def test_timed_out_render_child_is_killed(article):
    before = set(os.listdir("/proc"))
    with pytest.raises(printing.PdfRenderTimeout):
        printing.html_to_pdf_with_timeout("<p>" + "Wort " * 200_000 + "</p>", timeout=0.05)
    children = {pid for pid in set(os.listdir("/proc")) - before if pid.isdigit()}
    alive = [pid for pid in children if _parent_of(pid) == os.getpid()]
    assert alive == []


def _parent_of(pid: str) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return int(re.sub(r"^.*\) ", "", stat.read()).split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return None


def test_pdf_embeds_a_rendition_never_the_original_with_its_camera_and_gps_data(client):
    original = camera_jpeg(size=(1400, 900))
    assert b"Beispielkamera" in original  # what would leak if the original were embedded
    article = ArticleFactory(lead_image=ImageFactory(file=ContentFile(original, name="handy.jpg")))
    _response, pdf = get_pdf(client, article)
    [embedded] = PdfReader(io.BytesIO(pdf)).pages[0].images
    assert embedded.image.size == (1280, 823)  # the 1280 px rendition, not the 1400×900 original
    assert b"Beispielkamera" not in pdf and b"Erika Mustermann" not in pdf
