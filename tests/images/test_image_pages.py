"""Images on public pages: <picture> with WebP and JPEG srcsets, sizes that don't jump, and the credit everywhere."""

import re

import pytest
from django.core.files.base import ContentFile

from tests.factories import ArticleFactory, ImageFactory, SectionFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    section = SectionFactory(name="Praxis", slug="praxis")
    lead = ImageFactory(
        file=ContentFile(jpeg_bytes(2400, 1600), name="aufmacher.jpg"),
        alt_text="Ein Bürgeramt mit Wartemarken-Automat",
        credit="Stadt Musterhausen/Foto: Erika Muster",
    )
    teaser_image = ImageFactory(credit="Landkreis Beispiel")
    article = ArticleFactory(section=section, lead_image=lead, keywords=["Bürgerservice"])
    other = ArticleFactory(section=section, lead_image=teaser_image, keywords=["Bürgerservice"])
    article.related.set([other])
    return {"article": article, "other": other, "lead": lead, "teaser_image": teaser_image}


def pictures(html: str) -> list[str]:
    return re.findall(r"<figure.*?</figure>", html, flags=re.S)


def test_article_shows_the_lead_image_as_picture_with_webp_and_jpeg_srcset(client, site):
    html = client.get(site["article"].get_absolute_url()).content.decode()

    figure = pictures(html)[0]
    lead = site["lead"]
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="([^"]+)">', figure)
    assert webp, figure
    assert [int(w) for w in re.findall(r" (\d+)w", webp.group(1))] == [320, 640, 960, 1280, 1920]
    assert all(url.endswith(".webp") for url in re.findall(r"(\S+) \d+w", webp.group(1)))
    img = re.search(r"<img [^>]+>", figure).group(0)
    assert re.search(r'srcset="[^"]*original-1920\.jpeg 1920w"', img), img
    assert 'width="1920" height="1280"' in img
    assert f'alt="{lead.alt_text}"' in img
    assert 'loading="lazy"' not in img and 'fetchpriority="high"' in img, "the lead image loads at once"
    assert lead.file.url not in html, "pages never link the uploaded original"


def test_teasers_are_lazy_16_9_crops(client, site):
    html = client.get(site["article"].get_absolute_url()).content.decode()

    related = html[html.index('class="related"') :]
    img = re.search(r"<img [^>]+>", related).group(0)
    assert 'loading="lazy"' in img
    assert "16x9-" in img and 'width="640" height="360"' in img


@pytest.mark.parametrize("where", ["article", "home", "section", "keyword"])
def test_every_shown_image_carries_its_credit(client, site, where):
    url = {
        "article": site["article"].get_absolute_url(),
        "home": "/",
        "section": "/praxis/",
        "keyword": "/stichwort/buergerservice/",
    }[where]
    html = client.get(url).content.decode()

    figures = pictures(html)
    assert figures
    for figure in figures:
        assert "<picture>" in figure
        credit = re.search(r'<span class="credit">Bild: ([^<]+)</span>', figure)
        assert credit and credit.group(1) in ("Stadt Musterhausen/Foto: Erika Muster", "Landkreis Beispiel"), figure


def test_bildquelle_line_lists_each_credit_once(client, site):
    ArticleFactory(lead_image=site["lead"], section=site["article"].section)
    html = client.get(site["article"].get_absolute_url()).content.decode()

    line = re.search(r'<p class="image-credits">(.*?)</p>', html, flags=re.S).group(1)
    assert line.count("Stadt Musterhausen/Foto: Erika Muster") == 1


def test_a_lost_file_does_not_break_the_page(client, site, caplog):
    image = ImageFactory(renditions=False, credit="Archiv")
    article = ArticleFactory(lead_image=image, section=site["article"].section)
    image.file.storage.delete(image.file.name)

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "Bild: Archiv" in response.content.decode()
    assert "Bildvarianten für Bild" in caplog.text
