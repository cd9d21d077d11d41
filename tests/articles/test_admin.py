import pytest
from django.urls import reverse

from articles.models import Article, Keyword
from articles.workflow import Action
from tests.factories import ArticleFactory, ArticleTypeFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db


def article_form_data(**overrides):
    section = SectionFactory(name="Politik", slug="politik")
    article_type = ArticleTypeFactory()
    image = ImageFactory(credit="Kommunalverbund eG")
    data = {
        "kicker": "Musterland",
        "headline": "Beitritt zum Kommunalverbund",
        "slug": "beitritt-zum-kommunalverbund",
        "lead": "Das Land tritt dem IT-Verbund seiner Kommunen bei.",
        "body": "<p>Der Beschluss fiel am Dienstag.</p><script>alert(1)</script>",
        "author_shorthand": "bw",
        "lead_image": str(image.pk),
        "lead_image_caption": "Musterland ist jetzt Mitglied",
        "section": str(section.pk),
        "article_type": str(article_type.pk),
        "keywords": "Politik, Kommunalverbund, Öffentliche Verwaltung",
        "_aktion": Action.PUBLISH.value,
        "published_at_0": "07.11.2022",
        "published_at_1": "09:30:00",
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
        "links-TOTAL_FORMS": "3",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "1000",
        "links-0-position": "1",
        "links-0-url": "https://www.musterland.example",
        "links-0-label": "",
        "links-1-position": "2",
        "links-1-url": "https://verbund.example",
        "links-1-label": "Der Verbund",
        "links-2-position": "0",
        "links-2-url": "",
        "links-2-label": "",
    }
    data.update(overrides)
    return data


def test_editor_creates_article_with_links_and_keywords_through_admin_form(admin_client):
    response = admin_client.post(reverse("admin:articles_article_add"), article_form_data())
    assert response.status_code == 302, [response.context["adminform"].form.errors, response.context["errors"]]
    article = Article.objects.get(slug="beitritt-zum-kommunalverbund")
    assert article.body == "<p>Der Beschluss fiel am Dienstag.</p>"
    assert [(link.url, link.label) for link in article.links.all()] == [
        ("https://www.musterland.example", ""),
        ("https://verbund.example", "Der Verbund"),
    ]
    assert list(article.keywords.names()) == ["Politik", "Kommunalverbund", "Öffentliche Verwaltung"]
    assert article.published_at.day == 7 and article.is_published()
    page = admin_client.get(article.get_absolute_url()).content.decode()
    assert "Beitritt zum Kommunalverbund" in page and "Kommunalverbund eG" in page


def test_invalid_admin_form_keeps_everything_the_editor_typed(admin_client):
    data = article_form_data(headline="", **{"links-0-url": "kein-link"})
    response = admin_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Das Land tritt dem IT-Verbund seiner Kommunen bei." in html
    assert "kein-link" in html and "Öffentliche Verwaltung" in html
    assert not Article.objects.exists()


def test_admin_pages_for_articles_and_images_render(admin_client):
    article = ArticleFactory(lead_image=ImageFactory(), keywords=["Cloud"])
    for url in [
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_add"),
        reverse("admin:images_image_changelist"),
        reverse("admin:images_image_change", args=[article.lead_image.pk]),
        reverse("admin:articles_keyword_changelist"),
    ]:
        assert admin_client.get(url).status_code == 200, url


def test_image_field_shows_thumbnail_alt_text_and_credit_of_the_chosen_image(admin_client):
    image = ImageFactory(credit="Landesamt für IT", alt_text="Serverraum")
    article = ArticleFactory(lead_image=image)
    html = admin_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert f'src="{image.rendition_url(width=320)}"' in html and "Landesamt für IT" in html and "Serverraum" in html
    assert image.file.url not in html  # the original may carry private EXIF data
    assert f'data-chooser="{reverse("admin:images_image_chooser")}"' in html
    assert "js/admin-image-field.js" in html and "lookup_id_lead_image" not in html


def test_keyword_suggestions_offer_single_keywords_with_published_counts_to_editors_only(admin_client, client):
    for name in ["Onlinezugangsgesetz", "Online-Dienste", "Cloud", "Dienste online"]:
        Keyword.objects.create(name=name)
    ArticleFactory(keywords=["Onlinezugangsgesetz", "Cloud"])
    ArticleFactory(keywords=["Onlinezugangsgesetz"])
    ArticleFactory(keywords=["Online-Dienste"], status=Article.Status.DRAFT)
    url = reverse("admin:articles_article_keyword_suggestions")
    # Starting with the typed text first, the most used first; then those containing it.
    assert admin_client.get(url, {"q": "onl"}).json() == {
        "results": [
            {"name": "Onlinezugangsgesetz", "count": 2},
            {"name": "Online-Dienste", "count": 0},
            {"name": "Dienste online", "count": 0},
        ]
    }
    # One keyword per suggestion, whatever else the field already holds; umlauts match either way.
    Keyword.objects.create(name="Öffentliche Verwaltung")
    for typed in ["öff", "Oeff", "ÖFF"]:
        assert admin_client.get(url, {"q": typed}).json() == {
            "results": [{"name": "Öffentliche Verwaltung", "count": 0}]
        }
    for odd in ["", " ", "\x00", "%", "x" * 5000]:
        assert admin_client.get(url, {"q": odd}).json() == {"results": []}, odd
    assert client.get(url, {"q": "onl"}).status_code == 302  # readers are sent to the login


def test_changelist_search_and_filters_work(admin_client):
    ArticleFactory(headline="Registermodernisierung kommt voran")
    ArticleFactory(headline="Schul-IT im Landkreis", status=Article.Status.DRAFT)
    url = reverse("admin:articles_article_changelist")
    assert "Registermodernisierung" in admin_client.get(url, {"q": "Register"}).content.decode()
    drafts = admin_client.get(url, {"status__exact": "draft"}).content.decode()
    assert "Schul-IT" in drafts and "Registermodernisierung" not in drafts
