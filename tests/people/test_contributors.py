"""Contributors and bylines on every output; profile pages and feeds; leaving with the erasure of personal data."""

import json
import re
from datetime import timedelta

import pytest
import reversion
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, Byline
from articles.views import ArticleListView
from people.models import Contributor
from people.services import retire_contributor
from tests.articles.test_print_pdf import get_pdf, pdf_text, url_of
from tests.factories import ArticleFactory, ArticleTypeFactory, ContributorFactory, ImageFactory, UserFactory
from tests.factories import name_in_byline as byline

pytestmark = pytest.mark.django_db


def json_ld(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1])


@pytest.fixture
def writers():
    return [
        ContributorFactory(name="Miriam Kranich", slug="miriam-kranich", links="https://kranich.example/\n"),
        ContributorFactory(name="Ölhafen & Söhne <Presse>", slug="oelhafen", kind="organisation"),
    ]


@pytest.fixture
def article(writers):
    article = ArticleFactory(headline="Register tauschen Nachweise", slug="register", author_shorthand="mk")
    byline(article, *writers)
    rudi = ContributorFactory(name="Rudi Foto", slug="rudi")
    Byline.objects.create(article=article, contributor=rudi, role="photo", position=3)
    return article


def test_the_byline_names_contributors_in_order_with_roles_and_links_instead_of_the_shorthand(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    byline_html = re.search(r'<p class="author byline">(.*?)</p>', html)[1]
    assert byline_html == (
        '<span class="byline-role">Text:</span> <a href="/autoren/miriam-kranich/">Miriam Kranich</a>, '
        '<a href="/autoren/oelhafen/">Ölhafen &amp; Söhne &lt;Presse&gt;</a> · '
        '<span class="byline-role">Foto:</span> <a href="/autoren/rudi/">Rudi Foto</a>'
    )
    assert "(mk)" not in html


def test_the_shorthand_stays_for_a_meldung_without_contributors(client):
    article = ArticleFactory(author_shorthand="bw")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<p class="author">(bw)</p>' in html
    data = json_ld(html)
    # "bw" is no name: the publisher stands as author (docs/autorinnen-und-autoren.md).
    assert data["author"] == [data["publisher"]] and data["publisher"]["@type"] == "Organization"
    assert "article:author" not in html


def test_json_ld_and_opengraph_name_the_writers_with_their_profile_addresses(client, article, settings):
    html = client.get(article.get_absolute_url()).content.decode()
    assert json_ld(html)["author"] == [
        {
            "@type": "Person",
            "name": "Miriam Kranich",
            "url": f"{settings.SITE_URL}/autoren/miriam-kranich/",
            "sameAs": ["https://kranich.example/"],
        },
        {"@type": "Organization", "name": "Ölhafen & Söhne <Presse>", "url": f"{settings.SITE_URL}/autoren/oelhafen/"},
    ]
    assert re.findall(r'<meta property="article:author" content="([^"]*)">', html) == [
        f"{settings.SITE_URL}/autoren/miriam-kranich/",
        f"{settings.SITE_URL}/autoren/oelhafen/",
    ]


def test_feeds_carry_the_names_as_dc_creator_and_atom_author(client, article, settings):
    rss = client.get("/feeds/rss/").content.decode()
    assert "<dc:creator" in rss
    assert ">Miriam Kranich, Ölhafen &amp; Söhne &lt;Presse&gt;, Rudi Foto</dc:creator>" in rss
    atom = client.get("/feeds/atom/").content.decode()
    assert "<author><name>Miriam Kranich, Ölhafen &amp; Söhne &lt;Presse&gt;, Rudi Foto</name>" in atom
    assert f"<uri>{settings.SITE_URL}/autoren/miriam-kranich/</uri>" in atom


def test_print_and_pdf_show_the_byline(client, article, tmp_path):
    printed = client.get(url_of("articles:detail-print", article)).content.decode()
    assert "Text:</span> Miriam Kranich, Ölhafen &amp; Söhne &lt;Presse&gt; · " in printed
    assert '<meta name="author" content="Miriam Kranich, Ölhafen &amp; Söhne &lt;Presse&gt;">' in printed
    _response, pdf = get_pdf(client, article)
    text = " ".join(pdf_text(pdf, tmp_path).split())
    assert "Text: Miriam Kranich, Ölhafen & Söhne <Presse> · Foto: Rudi Foto" in text


def test_a_new_byline_makes_a_new_pdf(client, article, writers):
    _response, before = get_pdf(client, article)
    Byline.objects.filter(article=article, contributor=writers[1]).delete()
    _response, after = get_pdf(client, Article.objects.get(pk=article.pk))
    assert before != after


@pytest.mark.usefixtures("no_page_cache")
def test_the_article_page_costs_the_same_queries_for_0_1_and_5_contributors(client, django_assert_num_queries):
    image = ImageFactory()
    counts = []
    for size in (0, 1, 5):
        article = ArticleFactory(lead_image=image)
        byline(article, *[ContributorFactory() for _ in range(size)])
        client.get(article.get_absolute_url())  # header and footer fragments warm
        with CaptureQueriesContext(connection) as context:
            assert client.get(article.get_absolute_url()).status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1] == counts[2]
    with django_assert_num_queries(counts[0]):
        client.get(article.get_absolute_url())


def test_the_profile_page_lists_published_articles_paged_with_its_own_feed(client, monkeypatch, writers):
    monkeypatch.setattr(ArticleListView, "paginate_by", 2)
    mine = [
        ArticleFactory(headline=f"Mein Beitrag Nummer {word}", published_at=timezone.now() - timedelta(hours=n))
        for n, word in enumerate(["eins", "zwei", "drei"], start=1)
    ]
    draft = ArticleFactory(status=Article.Status.DRAFT, headline="Noch nicht erschienen")
    for article in [*mine, draft]:
        byline(article, writers[0])
    ArticleFactory(headline="Von jemand anderem")
    html = client.get("/autoren/miriam-kranich/").content.decode()
    assert '<h1 id="contributor-name">Miriam Kranich</h1>' in html
    assert "3 Beiträge" in html and "Noch nicht erschienen" not in html and "Von jemand anderem" not in html
    assert mine[0].headline in html and mine[2].headline not in html
    assert mine[2].headline in client.get("/autoren/miriam-kranich/?page=2").content.decode()
    assert client.get("/autoren/miriam-kranich/?page=3").status_code == 404
    feed = client.get("/feeds/autor/miriam-kranich/rss/").content.decode()
    assert [m.headline in feed for m in mine] == [True, True, True] and "Noch nicht erschienen" not in feed
    assert client.get("/autoren/niemand/").status_code == 404


def test_leaving_answers_410_keeps_the_name_as_plain_text_and_erases_personal_data(client, article, writers):
    kranich = writers[0]
    kranich.portrait = ImageFactory()
    kranich.user = UserFactory(username="mkranich")
    kranich.save()
    with reversion.create_revision():
        kranich.bio = "Früher: Lokalredaktion in Kleinstadt."
        kranich.save()
    assert Version.objects.get_for_object(kranich).exists()
    client.get("/autoren/miriam-kranich/")
    editor = UserFactory(roles=["Redaktion"])
    retire_contributor(contributor=kranich, user=editor)

    response = client.get("/autoren/miriam-kranich/")
    assert response.status_code == 410 and "Profil nicht mehr verfügbar" in response.content.decode()
    assert client.get("/feeds/autor/miriam-kranich/rss/").status_code == 404
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<span class="byline-role">Text:</span> Miriam Kranich, <a href="/autoren/oelhafen/">' in html
    assert json_ld(html)["author"][0] == {"@type": "Person", "name": "Miriam Kranich"}
    stored = Contributor.objects.get(pk=kranich.pk)
    assert (stored.bio, stored.portrait, stored.links, stored.user, stored.is_active) == ("", None, "", None, False)
    # No stored revision keeps the erased bio for a restore to bring back.
    assert not Version.objects.get_for_object(stored).filter(serialized_data__contains="Lokalredaktion").exists()
    assert not Version.objects.filter(serialized_data__contains="Lokalredaktion").exists()


def test_only_the_redaktion_may_retire_a_contributor(client, writers):
    author = UserFactory(roles=["Autorin/Autor"])
    with pytest.raises(PermissionDenied):
        retire_contributor(contributor=writers[0], user=author)
    client.force_login(author)
    response = client.post(reverse("admin:people_contributor_retire", args=[writers[0].pk]))
    assert response.status_code in {302, 403}
    assert Contributor.objects.get(pk=writers[0].pk).is_active


def test_the_redaktion_retires_through_the_admin_in_german(client, writers):
    editor = UserFactory(roles=["Redaktion"])
    client.force_login(editor)
    page = client.get(reverse("admin:people_contributor_change", args=[writers[0].pk])).content.decode()
    assert "Ausscheiden lassen und persönliche Angaben löschen" in page
    response = client.post(reverse("admin:people_contributor_retire", args=[writers[0].pk]), follow=True)
    assert "ist ausgeschieden; die persönlichen Angaben sind gelöscht." in response.content.decode()
    assert not Contributor.objects.get(pk=writers[0].pk).is_active


def test_the_portrait_is_chosen_in_the_image_chooser_and_shown_with_its_credit(client, writers):
    editor = UserFactory(roles=["Redaktion"])
    client.force_login(editor)
    portrait = ImageFactory(alt_text="Miriam Kranich am Schreibtisch", credit="Foto: Redaktion")
    url = reverse("admin:people_contributor_change", args=[writers[0].pk])
    page = client.get(url).content.decode()
    assert 'class="nr-image-field"' in page and 'data-chooser="/admin/images/image/auswahl/"' in page
    data = {"name": "Miriam Kranich", "slug": "miriam-kranich", "kind": "person", "role": "", "bio": "", "links": ""}
    response = client.post(url, {**data, "portrait": portrait.pk, "user": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(url).content.decode()
    shown = page.split('class="nr-image-field__preview"')[1].split("</dl>")[0]
    assert "Foto: Redaktion" in shown and "Miriam Kranich am Schreibtisch" in shown and "/media/renditions/" in shown


def test_the_article_form_saves_bylines_in_the_editors_order(client, writers):
    from tests.workflow_helpers import article_admin_data

    editor = UserFactory(roles=["Redaktion"])
    client.force_login(editor)
    article = ArticleFactory(article_type=ArticleTypeFactory(name="Bericht", slug="bericht"))
    data = article_admin_data(article)
    data.update(
        {
            "bylines-TOTAL_FORMS": "2",
            "bylines-0-position": "2",
            "bylines-0-contributor": str(writers[0].pk),
            "bylines-0-role": "text",
            "bylines-1-position": "1",
            "bylines-1-contributor": str(writers[1].pk),
            "bylines-1-role": "interview",
        }
    )
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert [(b.contributor.name, b.role) for b in article.bylines.all()] == [
        ("Ölhafen & Söhne <Presse>", "interview"),
        ("Miriam Kranich", "text"),
    ]
    data["bylines-0-contributor"] = "abc"
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 200  # a German error, not a 500


def test_authors_can_name_contributors_but_not_edit_them(client, writers):
    author = UserFactory(roles=["Autorin/Autor"])
    assert author.has_perm("people.view_contributor") and author.has_perm("articles.add_byline")
    assert not author.has_perm("people.change_contributor")
    client.force_login(author)
    found = client.get(
        "/admin/autocomplete/",
        {"term": "Miriam", "app_label": "articles", "model_name": "byline", "field_name": "contributor"},
    )
    assert [item["text"] for item in found.json()["results"]] == ["Miriam Kranich"]
