"""Editors cannot hurt each other: what one types reaches another editor's admin pages escaped."""

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse

from articles.models import ArticleType, Keyword
from tests.articles.test_escaping import ESCAPED, PAYLOAD
from tests.factories import ArticleFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db

RAW = ["<script>alert", "<img src=x onerror"]


@pytest.fixture
def hostile_article():
    """Everything a (less trusted) editor can type, each field marked with a label."""
    image = ImageFactory(alt_text=f"Alt {PAYLOAD}", caption=f"Unterschrift {PAYLOAD}", credit=f"Quelle {PAYLOAD}")
    return ArticleFactory(
        kicker=f"Ort {PAYLOAD}",
        headline=f"Titel {PAYLOAD}",
        lead=f"Vorspann {PAYLOAD}",
        section=SectionFactory(name=f"Ressort {PAYLOAD}", slug="ressort"),
        article_type=ArticleType.objects.create(name=f"Typ {PAYLOAD}", slug="typ"),
        lead_image=image,
        lead_image_caption=f"Eigene {PAYLOAD}",
        keywords=[f"Stichwort {PAYLOAD}"],
        links=[("https://example.org/", f"Link {PAYLOAD}")],
    )


@pytest.fixture
def other_editor(client):
    client.force_login(User.objects.create_superuser("chefredaktion", "chef@example.org", "x"))
    return client


def admin_html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    for raw in RAW:
        assert raw not in html, url
    return html


def assert_shown_escaped(html, *labels):
    for label in labels:
        assert f"{label} {ESCAPED}" in html, label


def test_article_change_list_shows_editor_text_escaped(other_editor, hostile_article):
    html = admin_html(other_editor, reverse("admin:articles_article_changelist"))
    assert_shown_escaped(html, "Titel", "Ort", "Ressort", "Typ")


def test_article_change_form_and_image_chooser_show_editor_text_escaped(other_editor, hostile_article):
    html = admin_html(other_editor, reverse("admin:articles_article_change", args=[hostile_article.pk]))
    assert_shown_escaped(html, "Titel", "Ort", "Vorspann", "Eigene", "Link", "Ressort", "Typ")
    # The image field (images/templates/images/widgets/image_chooser.html).
    chooser = html.split('class="nr-image-field"')[1].split("</dl>")[0]
    assert_shown_escaped(chooser, "Alt", "Quelle", "Unterschrift")
    # The keyword field holds the comma-separated names as its value.
    assert f"Stichwort {ESCAPED}" in html.split('name="keywords"')[1].split(">")[0]


def test_image_library_keyword_list_history_and_delete_pages_show_editor_text_escaped(other_editor, hostile_article):
    image = hostile_article.lead_image
    images = admin_html(other_editor, reverse("admin:images_image_changelist"))
    assert_shown_escaped(images, "Alt", "Quelle", "Unterschrift")
    popup = admin_html(other_editor, reverse("admin:images_image_changelist") + "?_popup=1&_to_field=id")
    assert_shown_escaped(popup, "Alt", "Quelle")
    assert_shown_escaped(admin_html(other_editor, reverse("admin:images_image_change", args=[image.pk])), "Alt")
    keywords = admin_html(other_editor, reverse("admin:articles_keyword_changelist"))
    assert_shown_escaped(keywords, "Stichwort")
    history = admin_html(other_editor, reverse("admin:articles_article_history", args=[hostile_article.pk]))
    assert_shown_escaped(history, "Titel")
    delete = admin_html(other_editor, reverse("admin:articles_article_delete", args=[hostile_article.pk]))
    assert_shown_escaped(delete, "Titel")


def test_keyword_suggestions_are_json_data_never_html(other_editor, hostile_article):
    response = other_editor.get(reverse("admin:articles_article_keyword_suggestions"), {"q": "Stichwort"})
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    # The name arrives unchanged as data; the chips and the image chooser set what the server sends as text only.
    assert response.json() == {"results": [{"name": Keyword.objects.get().name, "count": 1}]}
    for script in ["admin-keywords.js", "image-chooser.js", "admin-image-field.js", "prose-newsroom.js", "dom.js"]:
        source = (settings.BASE_DIR / "static/js" / script).read_text(encoding="utf-8")
        for markup in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write"]:
            assert markup not in source, (script, markup)
