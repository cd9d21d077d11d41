"""Pictures in the body count where an image is used: "Verwendet in", the library's usage column and its link, and
the delete protection; the table behind them (ArticleBodyImage) follows the body on every write path."""

import io

import pytest
import reversion
from django.core.management import call_command
from django.urls import reverse

from articles import services
from articles.models import Article, ArticleBodyImage
from articles.revisions import versions_of
from articles.usage import ArticleBodyPictures
from images.models import Image
from images.usage import usages_of
from tests.backups.test_backup import wipe
from tests.factories import ArticleFactory, ImageFactory, jpeg_bytes
from tests.wordpress.test_wordpress_edge_cases import picture_attachment
from tests.wordpress_helpers import post, run_import, wxr
from tests.workflow_helpers import editor

pytestmark = pytest.mark.django_db


def figure(image: Image, caption: str = "Im Rathaus") -> str:
    return f'<figure><img src="{image.rendition_url(width=960)}" alt="{image.alt_text}"><figcaption>{caption}</figcaption></figure>'


def shown_in(article) -> list[int]:
    return sorted(ArticleBodyImage.objects.filter(article=article).values_list("image_id", flat=True))


@pytest.fixture
def pictures():
    return ImageFactory(alt_text="Rathaus"), ImageFactory(alt_text="Marktplatz")


# --- "Verwendet in" and the delete protection -------------------------------------------------------------------


def test_a_body_picture_is_listed_where_the_image_is_used(admin_client, pictures):
    image, _other = pictures
    article = ArticleFactory(headline="Neues Bürgerbüro", body=f"<p>Text.</p>{figure(image)}")
    both = ArticleFactory(headline="Alles neu", lead_image=image, body=figure(image))
    assert [(usage.title, usage.how, usage.public) for usage in usages_of(image.pk)] == [
        ("Alles neu", "Aufmacherbild und Anrisse", True),
        ("Alles neu", "Bild im Text", True),
        ("Neues Bürgerbüro", "Bild im Text", True),
    ]
    html = admin_client.get(reverse("admin:images_image_change", args=[image.pk])).content.decode()
    change = reverse("admin:articles_article_change", args=[article.pk])
    assert f'<a href="{change}">Neues Bürgerbüro</a> (Bild im Text, Veröffentlicht)' in html
    # The library's usage column counts the articles that show it in their body and lists them.
    listing = admin_client.get(reverse("admin:images_image_changelist")).content.decode()
    assert "im Text von 2 Beiträgen" in listing
    assert f'href="/admin/articles/article/?bild_im_text={image.pk}"' in listing
    listed = admin_client.get(reverse("admin:articles_article_changelist"), {"bild_im_text": image.pk}).context["cl"]
    assert sorted(listed.result_list, key=lambda a: a.pk) == [article, both]


def test_body_pictures_of_a_page_of_images_are_found_in_one_indexed_query(pictures, django_assert_num_queries):
    image, other = pictures
    ArticleFactory(body=figure(image))
    ArticleFactory(lead_image=other, body=figure(image) + figure(other))
    with django_assert_num_queries(1) as captured:
        found = list(ArticleBodyPictures().usages([image.pk, other.pk]))
    assert sorted(usage.image_id for usage in found) == sorted([image.pk, image.pk, other.pk])
    # Through the index of (article, image), not by reading every body.
    assert "articles_articlebodyimage" in captured.captured_queries[0]["sql"]
    assert "LIKE" not in captured.captured_queries[0]["sql"].upper()


def test_an_image_a_published_article_shows_in_its_body_cannot_be_deleted(admin_client, pictures):
    image, _other = pictures
    ArticleFactory(headline="Neues Bürgerbüro", body=figure(image))
    url = reverse("admin:images_image_delete", args=[image.pk])
    for response in (admin_client.get(url, follow=True), admin_client.post(url, {"post": "yes"}, follow=True)):
        messages = [str(m) for m in response.context["messages"]]
        assert any("Nicht gelöscht" in m and "„Neues Bürgerbüro“" in m for m in messages), messages
    response = admin_client.post(
        reverse("admin:images_image_changelist"),
        {"action": "delete_selected", "_selected_action": [image.pk], "post": "yes"},
        follow=True,
    )
    assert any("„Neues Bürgerbüro“" in str(m) for m in response.context["messages"])
    assert Image.objects.filter(pk=image.pk).exists()


def test_an_image_only_drafts_show_in_their_body_can_be_deleted(admin_client, pictures):
    image, _other = pictures
    draft = ArticleFactory(status=Article.Status.DRAFT, body=figure(image))
    response = admin_client.post(reverse("admin:images_image_delete", args=[image.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Image.objects.filter(pk=image.pk).exists() and shown_in(draft) == []


@pytest.mark.parametrize("odd", ["abc", "0", "-1", "9" * 40, "\x00"])
def test_the_article_list_filtered_by_an_odd_image_is_empty(admin_client, odd):
    ArticleFactory()
    response = admin_client.get(reverse("admin:articles_article_changelist"), {"bild_im_text": odd})
    assert response.status_code == 200 and response.context["cl"].result_count == 0


# --- every write path of the body -----------------------------------------------------------------------------


def test_save_records_added_and_removed_body_pictures(pictures):
    image, other = pictures
    article = ArticleFactory(body=figure(image))
    assert shown_in(article) == [image.pk]
    article.body = figure(image) + figure(other)
    article.save()
    assert shown_in(article) == sorted([image.pk, other.pk])
    article.body = "<p>Ohne Bild.</p>"
    article.save()
    assert shown_in(article) == []


def test_a_picture_that_is_no_library_rendition_records_nothing(pictures):
    article = ArticleFactory(body='<figure><img src="https://fremd.example/bild.jpg" alt="x"></figure>')
    assert shown_in(article) == [] and "<img" not in Article.objects.get(pk=article.pk).body


def test_bulk_create_bulk_update_and_update_record_body_pictures(pictures):
    image, other = pictures
    template = ArticleFactory.build(section=ArticleFactory().section, article_type=ArticleFactory().article_type)
    fields = {f.attname: getattr(template, f.attname) for f in Article._meta.concrete_fields if f.attname != "id"}
    [first, second] = Article.objects.bulk_create(
        [Article(**{**fields, "slug": "eins", "body": figure(image)}), Article(**{**fields, "slug": "zwei"})]
    )
    assert shown_in(first) == [image.pk] and shown_in(second) == []
    first.body, second.body = figure(other), figure(image)
    Article.objects.bulk_update([first, second], ["body"])
    assert shown_in(first) == [other.pk] and shown_in(second) == [image.pk]
    Article.objects.filter(pk__in=[first.pk, second.pk]).update(body="<p>Leer.</p>")
    assert shown_in(first) == shown_in(second) == []


def test_a_restored_revision_brings_its_body_pictures_back(pictures):
    image, other = pictures
    user = editor()
    article = ArticleFactory(body=figure(image))
    services.article_save(article=article, user=user)
    article.body = figure(other)
    services.article_save(article=article, user=user)
    assert shown_in(article) == [other.pk]
    services.article_restore(article=article, version=versions_of(article)[1], user=user)
    assert shown_in(article) == [image.pk]


def test_the_wordpress_import_records_body_pictures(tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / "2021/03").mkdir(parents=True)
    (uploads / "2021/03/rathaus.jpg").write_bytes(jpeg_bytes(400, 300))
    picture = "https://blog.example/wp-content/uploads/2021/03/rathaus.jpg"
    export = tmp_path / "export.xml"
    content = f'<p>Erster Absatz.</p><img class="wp-image-9" src="{picture}" alt="Das Rathaus"><p>Zweiter.</p>'
    export.write_text(wxr(picture_attachment(9, "2021/03/rathaus.jpg") + post(1, content=content)), encoding="utf-8")
    run_import(export, uploads=uploads)
    article = Article.objects.get()
    assert "<img" in article.body
    assert shown_in(article) == [Image.objects.get().pk]


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_keep_the_body_pictures(tmp_path, _media_root):
    image = ImageFactory()
    with reversion.create_revision():
        article = ArticleFactory(body=figure(image))
    call_command("backup", tmp_path / "snap", stdout=io.StringIO())
    wipe(_media_root)
    call_command("restore", tmp_path / "snap", stdout=io.StringIO())
    assert shown_in(Article.objects.get(pk=article.pk)) == [image.pk]
    assert [(usage.title, usage.how) for usage in usages_of(image.pk)] == [(article.headline, "Bild im Text")]
