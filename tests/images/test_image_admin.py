"""The image library in the admin: thumbnails, search, usage with links, focal point, replacing, deleting."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article
from images.models import Image, Rendition
from tests.admin_forms import NO_RIGHTS_RECORD
from tests.factories import ArticleFactory, ImageFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


def change_data(image: Image, **overrides) -> dict:
    data = {
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "source_url": "",
        "focal_x": "" if image.focal_x is None else str(image.focal_x),
        "focal_y": "" if image.focal_y is None else str(image.focal_y),
        **NO_RIGHTS_RECORD,
    }
    return {**data, **overrides}


def test_list_shows_rendition_thumbnails_and_usage_with_a_link(admin_client, django_assert_max_num_queries):
    used = ImageFactory(credit="Verbund eG")
    ArticleFactory(lead_image=used)
    ArticleFactory(lead_image=used, status=Article.Status.DRAFT)
    for _ in range(5):
        ImageFactory()

    url = reverse("admin:images_image_changelist")
    with django_assert_max_num_queries(13):  # 12 and the host's portal (portals' middleware)
        html = admin_client.get(url).content.decode()

    assert "verwendet in 2 Beiträgen" in html
    assert f'href="/admin/articles/article/?lead_image__id__exact={used.pk}"' in html
    assert html.count("nicht verwendet") == 5
    thumbnails = re.findall(r'<img src="([^"]+)" alt="" width="80" class="nr-admin-thumb">', html)
    assert len(thumbnails) == 6 and all("/renditions/" in src for src in thumbnails)
    listed = admin_client.get(f"/admin/articles/article/?lead_image__id__exact={used.pk}").context["cl"]
    assert listed.result_count == 2


@pytest.mark.parametrize("term", ["Verbund eG", "Glasfassade, Ansicht", "Bürgerbüro öffnet"])
def test_search_covers_credit_alt_text_and_caption(admin_client, term):
    image = ImageFactory(credit="Verbund eG", alt_text="Ein Rathaus mit Glasfassade, Ansicht Nord")
    image.caption = "Das neue Bürgerbüro öffnet im Frühjahr."
    image.save()
    ImageFactory(credit="Anderswo", alt_text="Eine Wiese", caption="Nichts davon")

    results = admin_client.get(reverse("admin:images_image_changelist"), {"q": term}).context["cl"].result_list
    assert list(results) == [image]


def test_filter_by_credit(admin_client):
    image = ImageFactory(credit="Verbund eG")
    ImageFactory(credit="Anderswo")
    results = admin_client.get(reverse("admin:images_image_changelist"), {"credit": "Verbund eG"}).context["cl"]
    assert list(results.result_list) == [image]


def test_change_form_shows_the_focal_point_picker_and_where_the_image_is_used(admin_client):
    image = ImageFactory()
    article = ArticleFactory(lead_image=image, headline="Neues Bürgerbüro")

    html = admin_client.get(reverse("admin:images_image_change", args=[image.pk])).content.decode()

    assert 'class="nr-focal-picker"' in html and "js/admin-focal-point.js" in html
    assert 'id="id_focal_x"' in html and 'id="id_focal_y"' in html
    assert f'href="{reverse("admin:articles_article_change", args=[article.pk])}">Neues Bürgerbüro</a>' in html


def test_setting_the_focal_point_renews_the_crops(admin_client, django_capture_on_commit_callbacks):
    image = ImageFactory()
    old_crop = image.rendition(width=320, crop="16:9").file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:images_image_change", args=[image.pk]), change_data(image, focal_x="0.9", focal_y="0.1")
        )

    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.9, 0.1)
    assert image.rendition(width=320, crop="16:9").file.name != old_crop
    assert not default_storage.exists(old_crop)


def test_focal_point_outside_the_picture_is_refused(admin_client):
    image = ImageFactory()
    response = admin_client.post(
        reverse("admin:images_image_change", args=[image.pk]), change_data(image, focal_x="1.5", focal_y="-0.1")
    )
    form = response.context["adminform"].form
    assert set(form.errors) == {"focal_x", "focal_y"}
    image.refresh_from_db()
    assert image.focal_x is None


def test_replacing_the_file_renews_renditions_and_removes_the_old_files_once_committed(
    admin_client, django_capture_on_commit_callbacks
):
    image = ImageFactory()
    old_original = image.file.name
    old_renditions = set(image.renditions.values_list("file", flat=True))
    buffer = io.BytesIO(jpeg_bytes(1000, 500, "#cc0000"))

    with django_capture_on_commit_callbacks() as after_commit:
        response = admin_client.post(
            reverse("admin:images_image_change", args=[image.pk]),
            change_data(image, file=SimpleUploadedFile("neu.jpg", buffer.getvalue(), content_type="image/jpeg")),
        )

    assert response.status_code == 302
    # Until the save commits, a rollback would find every old file where its row says.
    assert all(default_storage.exists(name) for name in [old_original, *old_renditions])
    for callback in after_commit:
        callback()
    image.refresh_from_db()
    assert (image.width, image.height) == (1000, 500)
    assert not default_storage.exists(old_original)
    assert all(not default_storage.exists(name) for name in old_renditions)
    assert [r.width for r in image.renditions_for() if r.format == "jpeg"] == [320, 640, 960, 1000]


def test_a_bad_replacement_keeps_the_old_file(admin_client):
    image = ImageFactory()
    original = image.file.name
    response = admin_client.post(
        reverse("admin:images_image_change", args=[image.pk]),
        change_data(image, file=SimpleUploadedFile("neu.jpg", b"<html>kein Bild</html>", content_type="image/jpeg")),
    )
    assert response.status_code == 200 and response.context["adminform"].form.errors["file"]
    image.refresh_from_db()
    assert image.file.name == original and default_storage.exists(original)


def test_image_of_a_published_article_cannot_be_deleted(admin_client):
    image = ImageFactory()
    ArticleFactory(lead_image=image, headline="Neues Bürgerbüro")
    url = reverse("admin:images_image_delete", args=[image.pk])

    for response in (admin_client.get(url, follow=True), admin_client.post(url, {"post": "yes"}, follow=True)):
        messages = [str(m) for m in response.context["messages"]]
        assert any("Nicht gelöscht" in m and "„Neues Bürgerbüro“" in m for m in messages), messages
    assert Image.objects.filter(pk=image.pk).exists()
    assert default_storage.exists(image.file.name)


def test_bulk_delete_refuses_when_any_image_is_in_a_published_article(admin_client):
    used, unused = ImageFactory(), ImageFactory()
    ArticleFactory(lead_image=used, headline="Neues Bürgerbüro")

    response = admin_client.post(
        reverse("admin:images_image_changelist"),
        {"action": "delete_selected", "_selected_action": [used.pk, unused.pk], "post": "yes"},
        follow=True,
    )

    assert any("Nicht gelöscht" in str(m) for m in response.context["messages"])
    assert Image.objects.count() == 2


def test_image_only_in_drafts_is_deleted_with_its_files(admin_client, django_capture_on_commit_callbacks):
    image = ImageFactory(file=ContentFile(jpeg_bytes(700, 400), name="weg.jpg"))
    draft = ArticleFactory(lead_image=image, status=Article.Status.DRAFT)
    files = [image.file.name, *image.renditions.values_list("file", flat=True)]

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:images_image_changelist"),
            {"action": "delete_selected", "_selected_action": [image.pk], "post": "yes"},
        )

    assert response.status_code == 302
    assert not Image.objects.exists() and not Rendition.objects.exists()
    assert all(not default_storage.exists(name) for name in files)
    draft.refresh_from_db()
    assert draft.lead_image is None
