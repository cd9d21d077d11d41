"""The editors' static pages: fixed German addresses, sanitised text, revisions, footer order, Redaktion role."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from reversion.models import Version

from articles.models import Section
from demo import content as demo_content
from demo.seeding import ensure_pages
from pages.models import STATIC_PAGE_SLUGS, Page
from tests.workflow_helpers import author, editor, logged_in

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:pages_page_add")


def page_data(**overrides):
    data = {
        "title": "Impressum",
        "slug": "impressum",
        "body": "<p>Herausgeber: Musterverlag</p>",
        "is_published": "on",
        "footer_position": "10",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize("slug", STATIC_PAGE_SLUGS)
def test_each_page_lives_at_its_fixed_german_address(client, slug):
    page = Page.objects.create(title=f"Seite {slug}", slug=slug, body="<p>Text der Seite</p>", is_published=True)
    assert page.get_absolute_url() == f"/{slug}/"
    response = client.get(f"/{slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>Seite {slug}</h1>" in html and "<p>Text der Seite</p>" in html
    assert not response.cookies


def test_an_unpublished_or_missing_page_answers_404_and_other_slugs_stay_with_sections(client):
    Page.objects.create(title="Kontakt", slug="kontakt", is_published=False)
    assert client.get("/kontakt/").status_code == 404
    assert client.get("/impressum/").status_code == 404
    Section.objects.create(name="Politik", slug="politik")
    assert client.get("/politik/").status_code == 200


@pytest.mark.parametrize("slug", STATIC_PAGE_SLUGS)
def test_page_addresses_are_reserved_against_sections(slug):
    with pytest.raises(ValidationError) as error:
        Section(name="Neu", slug=slug).full_clean()
    assert "ist als Adresse reserviert" in str(error.value)


def test_body_is_sanitised_on_every_save_with_the_article_rules():
    page = Page.objects.create(
        title="Kontakt",
        slug="kontakt",
        body='<p onclick="x()">Hallo<script>alert(1)</script> <a href="javascript:alert(1)">a</a>'
        '<a href="https://amt.example" rel="attachment">b</a></p><iframe src="https://x.example"></iframe>',
    )
    page.refresh_from_db()
    assert "script" not in page.body and "onclick" not in page.body and "iframe" not in page.body
    assert "javascript:" not in page.body and "attachment" not in page.body
    assert '<a href="https://amt.example" rel="noopener noreferrer">b</a>' in page.body


def test_footer_links_published_pages_in_the_editors_order_on_every_page(client):
    Page.objects.create(title="Kontakt", slug="kontakt", is_published=True, footer_position=1)
    Page.objects.create(title="Impressum", slug="impressum", is_published=True, footer_position=2)
    Page.objects.create(title="Datenschutz", slug="datenschutz", is_published=False, footer_position=0)
    for url in ["/", "/archiv/", "/stichwoerter/", "/gibt-es-nicht/", "/kontakt/"]:
        html = client.get(url).content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        assert footer.index('href="/kontakt/">Kontakt<') < footer.index('href="/impressum/">Impressum<'), url
        assert "/datenschutz/" not in footer, url


def test_editor_creates_a_page_in_the_admin_with_a_revision_and_sanitised_text(client):
    response = logged_in(client, editor()).post(
        ADD_URL, page_data(body='<p>Verlag<img src=x onerror="alert(1)"></p><h2>Kontakt</h2>')
    )
    assert response.status_code == 302
    page = Page.objects.get(slug="impressum")
    assert page.body == "<p>Verlag</p><h2>Kontakt</h2>"
    [version] = Version.objects.get_for_object(page)
    assert version.revision.user.groups.get().name == "Redaktion"
    assert version.field_dict["title"] == "Impressum"


def test_editor_changes_a_page_and_the_old_text_stays_as_a_revision(client):
    user = editor()
    logged_in(client, user).post(ADD_URL, page_data())
    page = Page.objects.get()
    response = client.post(
        reverse("admin:pages_page_change", args=[page.pk]), page_data(body="<p>Neuer Herausgeber</p>")
    )
    assert response.status_code == 302
    versions = Version.objects.get_for_object(page)
    assert [v.field_dict["body"] for v in versions] == ["<p>Neuer Herausgeber</p>", "<p>Herausgeber: Musterverlag</p>"]
    history = client.get(reverse("admin:pages_page_history", args=[page.pk]))
    assert history.status_code == 200


def test_each_address_takes_one_page_and_unknown_addresses_are_refused(client):
    logged_in(client, editor()).post(ADD_URL, page_data())
    again = client.post(ADD_URL, page_data(title="Zweites Impressum"))
    assert again.status_code == 200
    assert "existiert bereits" in again.content.decode()
    unknown = client.post(ADD_URL, page_data(slug="politik"))
    assert unknown.status_code == 200
    assert "Bitte eine gültige Auswahl treffen" in unknown.content.decode()
    assert Page.objects.count() == 1


def test_authors_may_not_edit_pages(client):
    response = logged_in(client, author()).get(ADD_URL)
    assert response.status_code == 403


def test_editor_form_uses_the_article_editor_under_the_strict_policy(client):
    html = logged_in(client, editor()).get(ADD_URL).content.decode()
    assert "django_prose_editor" in html or "prose-editor" in html
    assert 'type="importmap" nonce="' in html


def test_demo_pages_are_marked_samples_with_placeholders_and_never_overwrite_editors_text():
    Page.objects.create(title="Unser Impressum", slug="impressum", body="<p>Echte Angaben</p>", is_published=True)
    created = ensure_pages()
    assert created == ["Datenschutz", "Erklärung zur Barrierefreiheit", "Kontakt"]
    assert Page.objects.get(slug="impressum").body == "<p>Echte Angaben</p>"
    assert ensure_pages() == []
    for data in demo_content.PAGES:
        assert "<strong>Muster:</strong>" in data["body"] and "[" in data["body"]
    statement = Page.objects.get(slug="barrierefreiheit").body
    headings = [
        "Stand der Vereinbarkeit mit den Anforderungen",
        "Nicht barrierefreie Inhalte",
        "Erstellung dieser Erklärung",
        "Feedback und Kontakt",
        "Durchsetzungsverfahren",
    ]
    positions = [statement.index(heading) for heading in headings]
    assert positions == sorted(positions)
    assert "mailto:barrierefreiheit@" in statement
